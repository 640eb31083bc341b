package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UNNEST(xs) AS x names both the row and the element: x.f is a field of
// the element, so it derives from xs. A column the derived table has is
// still that column.
func TestAnalyzeUnnestElementField(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items"}}
	tests := []struct {
		d    sqlparse.Dialect
		sql  string
		want []string
	}{
		{sqlparse.BigQuery, "INSERT INTO t (id, sku) SELECT o.id, it.sku FROM o, UNNEST(o.items) AS it",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
		{sqlparse.Trino, "INSERT INTO t (id, sku) SELECT o.id, u.sku FROM o CROSS JOIN UNNEST(o.items) AS u (sku)",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/IDENTITY"}},
	}
	for _, tc := range tests {
		t.Run(tc.d.String(), func(t *testing.T) {
			res, err := NewAnalyzer(newCatalog(t, PlatformOf(tc.d), schema)).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.d})
			require.NoError(t, err)
			direct := directEdgeStrings(res.Edges())
			assert.ElementsMatch(t, tc.want, direct)
		})
	}
}

// BigQuery's UNNEST of an array of structs without an alias makes the
// structs' fields columns of their own names: a name no table in scope
// has (value.string_value, key) is a field of the array. A name a table
// has is still that table's, however deep the UNNEST.
func TestAnalyzeUnaliasedUnnestFields(t *testing.T) {
	schema := map[string][]string{"ev": {"user_id", "params", "name"}}
	res, err := NewAnalyzer(newCatalog(t, BigQuery, schema)).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (u, page, n) SELECT user_id, (SELECT value.string_value FROM UNNEST(params) WHERE key = 'page' AND name = 'x'), " +
			"(SELECT COUNT(*) FROM UNNEST(params) WHERE user_id > 0) FROM ev",
		Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	direct := directEdgeStrings(res.Edges())
	assert.ElementsMatch(t, []string{"ev.user_id -> t.u DIRECT/IDENTITY", "ev.params -> t.page DIRECT/TRANSFORMATION"}, direct)
}

// BigQuery's WITH OFFSET without an alias names the element's position
// offset: a column of the UNNEST with no source, not a column offset of a
// table in scope. After AS any name is the position's alias, offset too.
func TestAnalyzeUnnestWithOffset(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items", "offset"}}
	for _, sql := range []string{
		"INSERT INTO t (id, sku, pos) SELECT o.id, it, offset FROM o, UNNEST(o.items) AS it WITH OFFSET",
		"INSERT INTO t (id, sku, pos) SELECT o.id, it, offset FROM o CROSS JOIN UNNEST(o.items) AS it WITH OFFSET AS offset",
	} {
		res, err := NewAnalyzer(newCatalog(t, BigQuery, schema)).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.BigQuery})
		require.NoError(t, err, sql)
		assert.ElementsMatch(t, []string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/IDENTITY"}, directEdgeStrings(res.Edges()), sql)
	}
}

// Where no table is known to have a name, an UNNEST without an alias in
// the name's own block binds it as a field of its elements before a table
// of unknown columns in an outer block may: SELECT value FROM
// UNNEST(params) reads params, not the outer table's column value.
func TestAnalyzeUnaliasedUnnestOverUnknownTable(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (v, w) SELECT (SELECT value FROM UNNEST(params) WHERE key = 'p' LIMIT 1).int_value, " +
			"(SELECT value.string_value FROM UNNEST(params) WHERE key = 'q') FROM ev",
		Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"ev.params -> t.v DIRECT/TRANSFORMATION", "ev.params -> t.w DIRECT/TRANSFORMATION"},
		directEdgeStrings(res.Edges()))
}

// A struct field path a.b where no table a is in scope reads column a of
// the one source of unknown columns that may have it (BigQuery, Spark,
// Trino); of several such sources it is ambiguous; where dotted field
// access is not the platform's (Snowflake) it names a missing table.
func TestAnalyzeFieldPathOfUnknownTable(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (c, g) SELECT device.category, geo.country FROM p.d.ev", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"p.d.ev.device -> t.c DIRECT/TRANSFORMATION", "p.d.ev.geo -> t.g DIRECT/TRANSFORMATION"},
		directEdgeStrings(res.Edges()))

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t (c) SELECT device.category FROM a, b", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.Empty(t, directEdgeStrings(res.Edges()))
	assert.NotEmpty(t, res.Statements[0].Unresolved)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t (c) SELECT device.category FROM a", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Empty(t, directEdgeStrings(res.Edges()))
}
