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
		// an array of rows unnests into a column per field, all from the array
		{sqlparse.Trino, "INSERT INTO t (sku, qty, pos) SELECT u.sku, u.qty, u.pos FROM o CROSS JOIN UNNEST(o.items) WITH ORDINALITY AS u (sku, qty, pos)",
			[]string{"o.items -> t.sku DIRECT/IDENTITY", "o.items -> t.qty DIRECT/IDENTITY"}},
		// BigQuery's implicit UNNEST: FROM o, o.items AS it
		{sqlparse.BigQuery, "INSERT INTO t (id, sku) SELECT o.id, it.sku FROM o, o.items AS it",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
		// Redshift PartiQL: FROM o, o.items AS it AT n ranges over o's array
		{sqlparse.Redshift, "INSERT INTO t (id, sku, pos) SELECT o.id, it.sku, n FROM o, o.items AS it AT n",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
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
