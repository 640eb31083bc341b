select
    c.course_id,
    c.title,
    c.category,
    i.display_name as instructor_name,
    sum(f.net_amount) as net_revenue,
    count(f.enrollment_id) as enrollments
from {{ ref('fct_enrollments') }} f
join {{ ref('stg_courses') }} c on c.course_id = f.course_id
join {{ ref('stg_instructors') }} i on i.instructor_id = c.instructor_id
group by c.course_id, c.title, c.category, i.display_name
