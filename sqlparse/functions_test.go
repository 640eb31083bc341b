package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The catalogue's kinds: a hash is a built-in and no aggregate; a window
// function is no aggregate; only aggregates and the frame value functions
// aggregate a frame; names match in any case.
func TestFunctionCatalogueKinds(t *testing.T) {
	hashes := HashFunctions()
	assert.Contains(t, hashes, "sha2")
	assert.Contains(t, hashes, "farm_fingerprint")
	assert.IsIncreasing(t, hashes)
	for _, h := range hashes {
		assert.True(t, IsHash(h), h)
		assert.True(t, IsBuiltin(h), h)
		assert.False(t, IsAggregate(h), h)
		assert.False(t, IsWindowFunction(h), h)
	}
	for _, w := range []string{"row_number", "RANK", "lag", "Lead", "first_value", "ratio_to_report"} {
		assert.True(t, IsWindowFunction(w), w)
		assert.False(t, IsAggregate(w), w)
		assert.True(t, IsBuiltin(w), w)
	}
	for _, n := range []string{"sysdate", "SYSTEM_USER", "GetDate", "current_timestamp", "grouping__id"} {
		assert.True(t, IsNiladic(n), n)
	}
	for _, n := range []string{"email", "sysdate2", "now"} {
		assert.False(t, IsNiladic(n), n)
	}
	for _, f := range []string{"first_value", "LAST_VALUE", "nth_value", "sum", "ARRAY_AGG", "median"} {
		assert.True(t, AggregatesFrame(f), f)
	}
	for _, f := range []string{"row_number", "lag", "lead", "rank", "ntile", "md5", "upper"} {
		assert.False(t, AggregatesFrame(f), f)
	}
	for _, f := range []string{"my_udf", "md", "sha3x", ""} {
		assert.False(t, IsHash(f), f)
		assert.False(t, IsBuiltin(f), f)
	}
	hashes[0] = "changed"
	assert.NotEqual(t, "changed", HashFunctions()[0], "HashFunctions returns a fresh slice")
}

// Geospatial built-ins of several arguments (Snowflake's H3_ functions,
// ST_BUFFER, ST_INTERSECTION, ...) derive from their arguments like any
// built-in; the ST_*_AGG functions aggregate.
func TestGeospatialFunctions(t *testing.T) {
	for _, f := range []string{"H3_LATLNG_TO_CELL", "h3_latlng_to_cell_string", "H3_CELL_TO_PARENT",
		"h3_cell_to_children", "h3_grid_disk", "ST_BUFFER", "st_intersection", "ST_MAKELINE"} {
		assert.True(t, IsBuiltin(f), f)
		assert.False(t, IsAggregate(f), f)
	}
	for _, f := range []string{"ST_UNION_AGG", "st_envelope_agg", "ST_CENTROID_AGG"} {
		assert.True(t, IsAggregate(f), f)
		assert.True(t, IsBuiltin(f), f)
	}
}

// Snowflake's Cortex functions: AI_ functions of several arguments are
// built-ins, AI_AGG and AI_SUMMARIZE_AGG aggregate, and SNOWFLAKE.CORTEX
// is a schema of built-ins (a function qualified by another is a UDF's).
func TestCortexFunctions(t *testing.T) {
	for _, f := range []string{"AI_COMPLETE", "ai_classify", "AI_FILTER", "ai_similarity"} {
		assert.True(t, IsBuiltin(f), f)
		assert.False(t, IsAggregate(f), f)
	}
	for _, f := range []string{"AI_AGG", "ai_summarize_agg"} {
		assert.True(t, IsAggregate(f), f)
	}
	assert.True(t, IsBuiltinSchema(Snowflake, "SNOWFLAKE.CORTEX"))
	assert.True(t, IsBuiltinSchema(Snowflake, "snowflake.cortex"))
	for _, s := range []string{"analytics", "snowflake", "cortex", "my_db.cortex", ""} {
		assert.False(t, IsBuiltinSchema(Snowflake, s), s)
	}
	assert.False(t, IsBuiltinSchema(Postgres, "snowflake.cortex"))
}

// The schemas of a dialect's own functions: pg_catalog on Postgres and
// Redshift, BigQuery's AEAD, NET, KEYS, HLL_COUNT and KLL_QUANTILES
// namespaces; each only on its own dialect. Snowflake's UNIFORM and
// ARRAY_INTERSECTION, Postgres's ACL functions are built-ins; Trino's
// MULTIMAP_AGG and MAP_AGG aggregate.
func TestDialectBuiltinSchemas(t *testing.T) {
	assert.True(t, IsBuiltinSchema(Postgres, "pg_catalog"))
	assert.True(t, IsBuiltinSchema(Redshift, "PG_CATALOG"))
	assert.False(t, IsBuiltinSchema(Snowflake, "pg_catalog"))
	for _, s := range []string{"aead", "NET", "keys", "hll_count", "kll_quantiles"} {
		assert.True(t, IsBuiltinSchema(BigQuery, s), s)
		assert.False(t, IsBuiltinSchema(Postgres, s), s)
	}
	assert.False(t, IsBuiltinSchema(BigQuery, "mozfun.norm"))
	for _, f := range []string{"UNIFORM", "array_intersection", "aclcontains", "makeaclitem", "obj_description"} {
		assert.True(t, IsBuiltin(f), f)
	}
	for _, f := range []string{"multimap_agg", "MAP_AGG", "map_union"} {
		assert.True(t, IsAggregate(f), f)
	}
}
