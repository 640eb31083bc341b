{% macro net_amount(gross, refund) -%}
    ({{ gross }} - coalesce({{ refund }}, 0))
{%- endmacro %}

{% macro pseudonymise(column) -%}
    sha2(lower(trim({{ column }})), 256)
{%- endmacro %}
