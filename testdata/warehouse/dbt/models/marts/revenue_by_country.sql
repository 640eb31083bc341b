{%- set countries = ['DE', 'FR', 'ES', 'US', 'JP'] -%}
select
    f.enrolled_on as day,
    {%- for country in countries %}
    sum(case when u.country = '{{ country }}' then f.net_amount else 0 end) as revenue_{{ country | lower }},
    {%- endfor %}
    sum(f.net_amount) as revenue_total
from {{ ref('fct_enrollments') }} f
join {{ ref('stg_users') }} u on u.user_id = f.user_id
group by f.enrolled_on
