package sqlparse

import (
	"sort"
	"strings"
	"sync"
)

// The function catalogue: which functions of the supported warehouses
// aggregate, which are window functions, which hash, and which are built
// in at all. It is the one list of each kind that the parser's rewrites,
// the lineage analyzer and its compliance reports share. Names are
// unqualified and matched in any case.

// IsAggregate reports whether name is an aggregate function of one of the
// supported warehouses (COUNT_IF, MAX_BY, MEDIAN, ARRAY_AGG, ...).
func IsAggregate(name string) bool { return aggregateFuncs().has(name) }

// IsWindowFunction reports whether name is a function that exists only
// over a window (ROW_NUMBER, RANK, LAG, FIRST_VALUE, RATIO_TO_REPORT,
// ...); aggregates that also take OVER are not among them.
func IsWindowFunction(name string) bool { return windowOnlyFuncs().has(name) }

// AggregatesFrame reports whether a function called over a window computes
// its value from the rows of the window's frame taken together: every
// aggregate, and the value functions FIRST_VALUE, LAST_VALUE and
// NTH_VALUE. Ranking and offset functions (ROW_NUMBER, LAG) do not.
func AggregatesFrame(name string) bool {
	return aggregateFuncs().has(name) || frameValueFuncs().has(name)
}

// IsHash reports whether name is a one-way hash function (MD5, SHA2,
// FARM_FINGERPRINT, HASHBYTES, ...): its result no longer holds the value
// of its argument.
func IsHash(name string) bool { return hashFuncs().has(name) }

// HashFunctions returns the names of the one-way hash functions IsHash
// knows, lower-cased and sorted; the slice is the caller's.
func HashFunctions() []string {
	names := strings.Fields(strings.ToLower(hashFuncList))
	sort.Strings(names)
	return names
}

// IsBuiltin reports whether name is a built-in function of one of the
// supported warehouses whose value derives from its arguments as their
// values flow (aggregates included). A call of any other unqualified name
// is a user-defined function, whose arguments' roles are not known.
func IsBuiltin(name string) bool {
	return builtinFuncs().has(name) || aggregateFuncs().has(name) ||
		windowOnlyFuncs().has(name) || hashFuncs().has(name)
}

// IsBuiltinSchema reports whether a function qualified by schema (its
// dotted parts, any case) is one of dialect d's own, whose value derives
// from its arguments as a built-in's does: Snowflake's SNOWFLAKE.CORTEX
// functions (COMPLETE, TRY_COMPLETE, SENTIMENT, ...), the pg_catalog
// functions of Postgres and Redshift (pg_catalog.format_type), BigQuery's
// function namespaces (AEAD., NET., KEYS., HLL_COUNT., KLL_QUANTILES.).
func IsBuiltinSchema(d Dialect, schema string) bool {
	s := strings.ToLower(schema)
	switch d {
	case Snowflake:
		return s == "snowflake.cortex"
	case Postgres, Redshift:
		return s == "pg_catalog"
	case BigQuery:
		switch s {
		case "aead", "net", "keys", "hll_count", "kll_quantiles":
			return true
		}
	}
	return false
}

// IsNiladic reports whether name is a built-in called without brackets
// that TiDB's grammar does not know as such (Redshift's and Oracle's
// SYSDATE, SQL Server's SYSTEM_USER, Hive's GROUPING__ID): written bare,
// it is the function's value, not a column, unless a table in scope has a
// column of its name.
func IsNiladic(name string) bool { return niladicFuncs().has(name) }

var (
	niladicFuncs    = sync.OnceValue(func() *wordSet { return wordSetOf(niladicFuncList) })
	aggregateFuncs  = sync.OnceValue(func() *wordSet { return wordSetOf(aggregateFuncList) })
	windowOnlyFuncs = sync.OnceValue(func() *wordSet { return wordSetOf(rankingFuncList + offsetFuncList + frameValueFuncList) })
	frameValueFuncs = sync.OnceValue(func() *wordSet { return wordSetOf(frameValueFuncList) })
	hashFuncs       = sync.OnceValue(func() *wordSet { return wordSetOf(hashFuncList) })
	builtinFuncs    = sync.OnceValue(func() *wordSet { return wordSetOf(builtinFuncList) })
)

const aggregateFuncList = `
COUNT SUM AVG MIN MAX ARRAY_AGG STRING_AGG LISTAGG GROUP_CONCAT ANY_VALUE COUNT_IF COUNTIF SUM_IF
AVG_IF MEDIAN MODE STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VAR_POP VAR_SAMP APPROX_COUNT_DISTINCT
APPROX_DISTINCT APPROX_PERCENTILE APPROX_QUANTILES APPROX_TOP_COUNT APPROX_TOP_K PERCENTILE_CONT
PERCENTILE_DISC PERCENTILE_APPROX BOOL_AND BOOL_OR BOOLAND_AGG BOOLOR_AGG LOGICAL_AND LOGICAL_OR
EVERY BIT_AND BIT_OR BIT_XOR BITAND_AGG BITOR_AGG OBJECT_AGG ARRAY_UNION_AGG ARRAY_CONCAT_AGG
JSON_AGG JSONB_AGG JSON_OBJECT_AGG JSON_ARRAYAGG JSON_OBJECTAGG COLLECT_LIST COLLECT_SET CORR
COVAR_POP COVAR_SAMP MAX_BY MIN_BY ARG_MAX ARG_MIN KURTOSIS SKEWNESS HLL HLL_COUNT HISTOGRAM
APPROX_SET REGR_SLOPE REGR_INTERCEPT REGR_COUNT REGR_R2 REGR_AVGX REGR_AVGY ARBITRARY FIRST LAST
ST_UNION_AGG ST_ENVELOPE_AGG ST_INTERSECTION_AGG ST_CENTROID_AGG AI_AGG AI_SUMMARIZE_AGG
MULTIMAP_AGG MAP_AGG MAP_UNION NUMERIC_HISTOGRAM APPROX_MOST_FREQUENT GEOMETRIC_MEAN
BITWISE_AND_AGG BITWISE_OR_AGG
`

// Window-only functions: ranking (the value is a row's place in the
// window's order), offset (the value of one other row) and frame value
// (one value of the frame's rows).
const (
	rankingFuncList = `
ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE RATIO_TO_REPORT CONDITIONAL_CHANGE_EVENT
CONDITIONAL_TRUE_EVENT
`
	offsetFuncList = `
LEAD LAG
`
	frameValueFuncList = `
FIRST_VALUE LAST_VALUE NTH_VALUE
`
)

const niladicFuncList = `
GROUPING__ID SYSDATE SYSTIMESTAMP SYSTEM_USER SESSION_USER CURRENT_ROLE CURRENT_SCHEMA CURRENT_CATALOG
CURRENT_DATABASE LOCALTIME LOCALTIMESTAMP CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER
GETDATE
`

const hashFuncList = `
MD5 MD5_HEX MD5_BINARY MD5_NUMBER MD5_NUMBER_LOWER64 MD5_NUMBER_UPPER64 SHA SHA1 SHA1_HEX
SHA1_BINARY SHA2 SHA2_HEX SHA2_BINARY SHA224 SHA256 SHA384 SHA512 HASH HASHBYTES FARM_FINGERPRINT
CRC32 HLL_HASH FNV_HASH XXHASH64 MURMUR3 STANDARD_HASH
`

// builtinFuncList holds the other built-ins, those of more than one
// argument chiefly (a call of one argument derives from it whatever the
// function is).
const builtinFuncList = `
abs acos add_months if adddate subdate char_func get_format weight_string isnull aes_decrypt aes_encrypt any_value approx_count_distinct approx_percentile
approx_quantiles approx_top_count approx_top_sum arg_max arg_min array array_agg array_append
array_cat array_compact array_concat array_construct array_construct_compact array_contains
array_distinct array_except array_position array_intersect array_join array_length array_prepend
array_remove array_reverse array_size array_slice array_sort array_to_string array_union arrays_overlap
arrays_zip ascii atan2 base64 bit_count bitand bitor bitxor bool_and bool_or booland_agg boolor_agg
bround btrim case cast cbrt ceil ceiling char char_length character_length charindex chr coalesce
collect_list collect_set concat concat_ws contains convert convert_timezone convert_tz corr count_if
countif covar_pop covar_samp crc32 cume_dist current_date current_timestamp date date_add date_diff
date_format date_from_parts date_from_unix_date date_part date_sub date_trunc dateadd datediff datefromparts
datename datepart datetime datetime_add datetime_diff datetime_sub datetime_trunc day decode degrees
dense_rank div div0 div0null editdistance element_at elt encode endswith ends_with equal_null exp explode
extract farm_fingerprint field find_in_set first first_value flatten floor format format_date
format_datetime format_timestamp from_base64 from_json from_unixtime from_utc_timestamp generate_array
generate_date_array generate_series generate_timestamp_array get get_json_object get_path greatest
group_concat hash hex hll hour iff ifnull ilike in initcap insert instr is_null_value isnull json_agg
json_array json_array_length json_build_array json_build_object json_contains json_extract
json_extract_array json_extract_path json_extract_path_text json_extract_scalar json_extract_string
json_object json_object_agg json_query json_query_array json_set json_value json_value_array jsonb_agg
jsonb_build_object jsonb_extract_path jsonb_extract_path_text jsonb_object_agg jsonb_set lag last
last_day last_value lcase lead least left len length levenshtein like listagg ln locate log log10 log2
lower lpad ltrim make_date make_interval make_timestamp map map_concat map_from_arrays map_keys
map_values max_by md5 min_by minute mod month months_between named_struct net.host next_day nth_value
ntile nullif nullifzero nvl nvl2 object_agg object_construct object_construct_keep_null object_delete
object_insert object_keys object_pick overlay parse_date parse_datetime parse_json parse_time
parse_timestamp parse_url percent_rank percentile percentile_approx percentile_cont percentile_disc pi
position posexplode pow power quarter radians rand random range rank ratio_to_report regexp_contains
regexp_count regexp_extract regexp_extract_all regexp_instr regexp_like regexp_match regexp_matches
regexp_replace regexp_split_to_array regexp_substr regr_avgx regr_avgy regr_count regr_intercept
regr_r2 regr_slope repeat replace replicate reverse right rlike round row_number rpad rtrim
safe_add safe_cast safe_divide safe_multiply safe_subtract second sequence sha1 sha2 sha256 sign sin
size slice sort_array soundex space split split_part sqrt square standard_hash startswith starts_with
str_to_date strftime string_agg string_to_array strpos struct stuff substr substring substring_index
sysdate time time_add time_diff time_slice time_sub time_trunc timeadd timediff timestamp
timestamp_add timestamp_diff timestamp_from_parts timestamp_micros timestamp_millis timestamp_seconds
timestamp_sub timestamp_trunc timestampadd timestampdiff timestamp_ntz_from_parts to_array to_base64
to_char to_date to_hex to_json to_jsonb to_number to_timestamp to_timestamp_ntz to_timestamp_tz
to_utc_timestamp to_varchar to_variant transform translate trim trunc truncate try_cast try_to_date
try_to_number try_to_timestamp typeof ucase unhex unix_timestamp upper uuid_string week weekofyear
width_bucket year zeroifnull zip_with filter aggregate exists forall reduce array_filter
array_transform element_at to_utf8 from_utf8 url_extract_parameter url_decode url_encode
date_format_str cardinality contains_substr normalize normalize_and_casefold unicode
conv age array_upper array_lower format_type has_table_privilege has_schema_privilege
has_database_privilege has_column_privilege has_function_privilege pg_get_viewdef pg_get_expr
build_scoped_file_url build_stage_file_url get_presigned_url parse_ip to_geography to_geometry
st_distance st_makepoint st_point st_contains st_intersects st_dwithin st_within haversine
octet_length bit_length format_number printf sprintf lpad rpad inet_aton inet_ntoa
map_filter transform_values transform_keys map_zip_with list_transform list_filter list_reduce
list_apply any_match all_match none_match struct_pack struct_insert
h3_latlng_to_cell h3_latlng_to_cell_string h3_point_to_cell h3_point_to_cell_string
h3_cell_to_parent h3_cell_to_children h3_cell_to_children_string h3_grid_disk h3_grid_distance
h3_grid_path h3_polygon_to_cells h3_polygon_to_cells_strings h3_coverage h3_coverage_strings
h3_try_polygon_to_cells h3_try_coverage st_makeline st_makepolygon st_makegeompoint st_buffer
st_intersection st_union st_difference st_symdifference st_disjoint st_covers st_coveredby
st_setsrid st_transform st_simplify st_azimuth st_hausdorffdistance st_geogpoint st_geogfromtext
st_geographyfromtext st_geometryfromtext st_geogfromwkt st_geographyfromwkt st_geomfromtext
ai_complete ai_classify ai_filter ai_extract ai_translate ai_similarity ai_embed ai_count_tokens
ai_sentiment ai_redact ai_parse_document uniform array_intersection aclcontains makeaclitem
obj_description col_description shobj_description pg_get_constraintdef pg_get_indexdef
pg_get_triggerdef set_config current_setting
`
