select
    enrollment_id,
    user_id,
    course_id,
    enrolled_at,
    price,
    currency
from {{ source('raw', 'enrollments') }}
where currency = '{{ var("reporting_currency") }}'
