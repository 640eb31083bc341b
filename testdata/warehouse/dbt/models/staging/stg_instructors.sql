select
    instructor_id,
    user_id,
    display_name,
    revenue_share
from {{ source('raw', 'instructors') }}
