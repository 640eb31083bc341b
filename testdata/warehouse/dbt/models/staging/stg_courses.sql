select
    course_id,
    instructor_id,
    title,
    category,
    list_price
from {{ source('raw', 'courses') }}
