select
    {{ pseudonymise('email') }} as user_key,
    country,
    signup_date
from {{ ref('stg_users') }}
