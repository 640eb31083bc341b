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
		// a field of a field of the element: x.f.g (it was a column f the
		// derived table x does not have, left unresolved)
		{sqlparse.BigQuery, "INSERT INTO t (id, sku) SELECT o.id, it.product.sku FROM o, UNNEST(o.items) AS it",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
		{sqlparse.Trino, "INSERT INTO t (id, sku) SELECT o.id, u.sku FROM o CROSS JOIN UNNEST(o.items) AS u (sku)",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/IDENTITY"}},
		// an array of rows unnests into a column per field, all from the array
		{sqlparse.Trino, "INSERT INTO t (sku, qty, pos) SELECT u.sku, u.qty, u.pos FROM o CROSS JOIN UNNEST(o.items) WITH ORDINALITY AS u (sku, qty, pos)",
			[]string{"o.items -> t.sku DIRECT/IDENTITY", "o.items -> t.qty DIRECT/IDENTITY", "o.items -> t.pos DIRECT/TRANSFORMATION"}},
		// BigQuery's implicit UNNEST: FROM o, o.items AS it
		{sqlparse.BigQuery, "INSERT INTO t (id, sku) SELECT o.id, it.sku FROM o, o.items AS it",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
		// Redshift PartiQL: FROM o, o.items AS it AT n ranges over o's
		// array; n is the element's position in it
		{sqlparse.Redshift, "INSERT INTO t (id, sku, pos) SELECT o.id, it.sku, n FROM o, o.items AS it AT n",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION", "o.items -> t.pos DIRECT/TRANSFORMATION"}},
	}
	for _, tc := range tests {
		t.Run(tc.d.String(), func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, directEdgesOf(t, tc.d, schema, tc.sql))
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
// offset: a column of the UNNEST, never bound to a column offset of a
// table in scope (here both have one: ambiguous, so no edge). After AS any
// name is the position's alias, offset too.
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

// An element's position in what a table function enumerates (WITH
// ORDINALITY, WITH OFFSET, posexplode's pos, FLATTEN's INDEX and PATH,
// SPLIT_TO_TABLE's INDEX, STRING_SPLIT's ordinal) is computed from that
// input, as FLATTEN's KEY is and as ROW_NUMBER is from its ORDER BY: a
// TRANSFORMATION edge from the input, never a copy of it. FLATTEN's SEQ
// numbers input rows and derives from no column.
func TestAnalyzeElementPositionDerivesFromInput(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items"}}
	tests := []struct {
		name string
		d    sqlparse.Dialect
		sql  string
		want []string
	}{
		{"trino ordinality", sqlparse.Trino, "INSERT INTO t (sku, pos) SELECT u.sku, u.n FROM o CROSS JOIN UNNEST(o.items) WITH ORDINALITY AS u (sku, n)",
			[]string{"o.items -> t.sku DIRECT/IDENTITY", "o.items -> t.pos DIRECT/TRANSFORMATION"}},
		{"postgres ordinality", sqlparse.Postgres, "INSERT INTO t (sku, pos) SELECT u.e, u.n FROM o, unnest(o.items) WITH ORDINALITY AS u(e, n)",
			[]string{"o.items -> t.sku DIRECT/IDENTITY", "o.items -> t.pos DIRECT/TRANSFORMATION"}},
		{"bigquery offset", sqlparse.BigQuery, "INSERT INTO t (id, pos) SELECT o.id, k FROM o, UNNEST(o.items) AS it WITH OFFSET AS k",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.pos DIRECT/TRANSFORMATION"}},
		{"hive posexplode", sqlparse.Hive, "INSERT INTO t SELECT k AS pos, e AS sku FROM o LATERAL VIEW posexplode(o.items) x AS k, e",
			[]string{"o.items -> t.pos DIRECT/TRANSFORMATION", "o.items -> t.sku DIRECT/IDENTITY"}},
		{"snowflake flatten", sqlparse.Snowflake, "INSERT INTO t (s, pos, p) SELECT f.seq, f.index, f.path FROM o, LATERAL FLATTEN(input => o.items) f",
			[]string{"O.ITEMS -> T.POS DIRECT/TRANSFORMATION", "O.ITEMS -> T.P DIRECT/TRANSFORMATION"}},
		{"snowflake split_to_table", sqlparse.Snowflake, "INSERT INTO t (s, pos) SELECT x.seq, x.index FROM o, LATERAL SPLIT_TO_TABLE(o.items, ',') x",
			[]string{"O.ITEMS -> T.POS DIRECT/TRANSFORMATION"}},
		{"tsql string_split", sqlparse.TSQL, "INSERT INTO t (pos) SELECT x.ordinal FROM o CROSS APPLY STRING_SPLIT(o.items, ',', 1) AS x",
			[]string{"o.items -> t.pos DIRECT/TRANSFORMATION"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, directEdgesOf(t, tc.d, schema, tc.sql))
		})
	}
}

// In the Postgres family a function call is a FROM item of its own after
// a comma or JOIN, implicitly LATERAL (FROM t, jsonb_array_elements(t.x)
// AS e): its columns derive from its arguments, as with LATERAL written.
// A FROM inside a call (EXTRACT(YEAR FROM ..)) is no FROM clause.
func TestAnalyzeFunctionAsFromItem(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items", "doc", "at"}}
	tests := []struct {
		d    sqlparse.Dialect
		sql  string
		want []string
	}{
		{sqlparse.Postgres, "INSERT INTO t (id, sku) SELECT o.id, e->>'sku' FROM o, jsonb_array_elements(o.items) AS e",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.sku DIRECT/TRANSFORMATION"}},
		{sqlparse.Postgres, "INSERT INTO t (k, y) SELECT kv.key, EXTRACT(YEAR FROM o.at) FROM o CROSS JOIN jsonb_each(o.doc) kv",
			[]string{"o.doc -> t.k DIRECT/TRANSFORMATION", "o.at -> t.y DIRECT/TRANSFORMATION"}},
		{sqlparse.DuckDB, "INSERT INTO t (id, s) SELECT o.id, s FROM o, regexp_split_to_table(o.doc, ',') AS s",
			[]string{"o.id -> t.id DIRECT/IDENTITY", "o.doc -> t.s DIRECT/IDENTITY"}},
	}
	for _, tc := range tests {
		t.Run(tc.d.String(), func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, directEdgesOf(t, tc.d, schema, tc.sql))
		})
	}
}

// A table function of one input given more column names than it has
// columns of its own computes every one from that input: an array of
// ROWs' fields (UNNEST(rows) AS u(a, b)), a record's columns
// (jsonb_to_record(x) AS r(a int, b text)). Spark's posexplode as a FROM
// item has pos (the element's position) and col.
func TestAnalyzeTableFunctionColumnsFromOneInput(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items"}}
	tests := []struct {
		name string
		d    sqlparse.Dialect
		sql  string
		want []string
	}{
		{"trino rows", sqlparse.Trino, "INSERT INTO t (a, b) SELECT u.a, u.b FROM o CROSS JOIN UNNEST(o.items) AS u (a, b)",
			[]string{"o.items -> t.a DIRECT/IDENTITY", "o.items -> t.b DIRECT/IDENTITY"}},
		{"postgres record", sqlparse.Postgres, "INSERT INTO t (a, b) SELECT r.a, r.b FROM o CROSS JOIN LATERAL jsonb_to_record(o.items) AS r(a int, b text)",
			[]string{"o.items -> t.a DIRECT/IDENTITY", "o.items -> t.b DIRECT/IDENTITY"}},
		{"spark posexplode in from", sqlparse.Hive, "INSERT INTO t SELECT x.pos AS p, x.col AS sku FROM o, LATERAL posexplode(o.items) AS x",
			[]string{"o.items -> t.p DIRECT/TRANSFORMATION", "o.items -> t.sku DIRECT/IDENTITY"}},
		{"spark posexplode in from, named", sqlparse.Hive, "INSERT INTO t SELECT k AS p, v AS sku FROM o, LATERAL posexplode(o.items) AS x(k, v)",
			[]string{"o.items -> t.p DIRECT/TRANSFORMATION", "o.items -> t.sku DIRECT/IDENTITY"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.ElementsMatch(t, tc.want, directEdgesOf(t, tc.d, schema, tc.sql))
		})
	}
}

// Spark's generator as a select item with several aliases (posexplode(xs)
// AS (p, x), explode(m) AS (k, v), json_tuple(j, 'a') AS (a)) makes one
// output column per alias, each from the generator's input; posexplode's
// position is computed from it.
func TestAnalyzeSelectListGeneratorAliases(t *testing.T) {
	schema := map[string][]string{"o": {"id", "items", "attrs", "doc"}}
	res, err := NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.Hive), schema)).Analyze(context.Background(), Statement{
		SQL:     "INSERT INTO t SELECT id, posexplode(items) AS (p, x), explode(attrs) AS (k, v), json_tuple(doc, 'a') AS (a) FROM o",
		Dialect: sqlparse.Hive})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"o.id -> t.id DIRECT/IDENTITY", "o.items -> t.p DIRECT/TRANSFORMATION", "o.items -> t.x DIRECT/IDENTITY",
		"o.attrs -> t.k DIRECT/IDENTITY", "o.attrs -> t.v DIRECT/IDENTITY", "o.doc -> t.a DIRECT/IDENTITY"}, directEdgeStrings(res.Edges()))
}

// Postgres's ONLY (FROM ONLY t, UPDATE ONLY t) reads t without its
// inheritance children: still t, never a table named only.
func TestAnalyzeFromOnly(t *testing.T) {
	schema := map[string][]string{"o": {"id", "amount"}, "t": {"id", "total"}}
	for _, sql := range []string{
		"INSERT INTO t (id, total) SELECT o.id, o.amount FROM ONLY o",
		"UPDATE ONLY t SET total = o.amount FROM o WHERE o.id = t.id",
	} {
		res, err := NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.Postgres), schema)).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Postgres})
		require.NoError(t, err, sql)
		assert.Contains(t, directEdgeStrings(res.Edges()), "o.amount -> t.total DIRECT/IDENTITY", sql)
	}
}

// Spark's stack(n, e1, .., ek) AS (c1, .., cm) lays its arguments out in n
// rows of m columns: cj derives from ej, ej+m, ..; a column of literals
// (the labels of an unpivot) from none.
func TestAnalyzeSelectListStack(t *testing.T) {
	schema := map[string][]string{"w": {"id", "q1", "q2"}}
	res, err := NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.Hive), schema)).Analyze(context.Background(), Statement{
		SQL:     "INSERT INTO t SELECT id, stack(2, 'Q1', q1, 'Q2', q2) AS (quarter, sales) FROM w",
		Dialect: sqlparse.Hive})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"w.id -> t.id DIRECT/IDENTITY", "w.q1 -> t.sales DIRECT/TRANSFORMATION", "w.q2 -> t.sales DIRECT/TRANSFORMATION"},
		directEdgeStrings(res.Edges()))
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

// directEdgesOf analyses sql in dialect d over a catalog of schema and
// returns its DIRECT edges (see directEdgeStrings).
func directEdgesOf(t *testing.T, d sqlparse.Dialect, schema map[string][]string, sql string) []string {
	t.Helper()
	res, err := NewAnalyzer(newCatalog(t, PlatformOf(d), schema)).Analyze(context.Background(), Statement{SQL: sql, Dialect: d})
	require.NoError(t, err)
	return directEdgeStrings(res.Edges())
}
