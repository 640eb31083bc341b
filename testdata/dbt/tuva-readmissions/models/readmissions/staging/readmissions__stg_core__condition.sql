{{ config(
     enabled = var('readmissions_enabled',var('tuva_marts_enabled',True))
   )
}}

select
  encounter_id
, normalized_code
, rank
, normalized_code_type
, claim_id
, '{{ var('tuva_last_run')}}' as tuva_last_run
from {{ ref('core__condition') }}
