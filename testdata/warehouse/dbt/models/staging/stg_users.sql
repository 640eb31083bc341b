select
    user_id,
    lower(trim(email)) as email,
    first_name,
    last_name,
    ip_address,
    upper(country) as country,
    cast(signup_at as date) as signup_date
from {{ source('raw', 'users') }}
