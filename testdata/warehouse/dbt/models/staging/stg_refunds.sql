select
    refund_id,
    enrollment_id,
    refunded_at,
    amount
from {{ source('raw', 'refunds') }}
