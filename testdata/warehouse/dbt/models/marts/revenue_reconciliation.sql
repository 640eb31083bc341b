{{ config(materialized='view') }}

-- The dbt mart against the legacy ETL's table, day by day.
select
    d.day,
    d.net_revenue as dbt_net_revenue,
    l.revenue as etl_revenue,
    d.net_revenue - l.revenue as difference
from {{ ref('revenue_daily') }} d
left join {{ source('analytics', 'daily_revenue') }} l on l.day = d.day
