select
    enrolled_on as day,
    sum(gross_amount) as gross_revenue,
    sum(refund_amount) as refunds,
    sum(net_amount) as net_revenue,
    count(*) as enrollments
from {{ ref('fct_enrollments') }}
group by enrolled_on
