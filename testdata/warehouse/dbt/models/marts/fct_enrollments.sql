{{ config(materialized='incremental', unique_key='enrollment_id') }}

with refunds as (

    select
        r.enrollment_id,
        sum(r.amount) as refund_amount
    from {{ ref('stg_refunds') }} r
    join {{ ref('stg_enrollments') }} e on e.enrollment_id = r.enrollment_id
    where r.refunded_at <= dateadd(day, {{ var('refund_window_days') }}, e.enrolled_at)
    group by r.enrollment_id

)

select
    e.enrollment_id,
    e.user_id,
    e.course_id,
    c.instructor_id,
    e.enrolled_at,
    cast(e.enrolled_at as date) as enrolled_on,
    e.price as gross_amount,
    coalesce(r.refund_amount, 0) as refund_amount,
    {{ net_amount('e.price', 'r.refund_amount') }} as net_amount
from {{ ref('stg_enrollments') }} e
join {{ ref('stg_courses') }} c on c.course_id = e.course_id
left join refunds r on r.enrollment_id = e.enrollment_id
{% if is_incremental() %}
where e.enrolled_at > (select max(enrolled_at) from {{ this }})
{% endif %}
