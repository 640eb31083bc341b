package lineage

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// edgeStrings renders edges as "from -> to TRANSFORM" with the platform
// prefix dropped, sorted.
func edgeStrings(edges []ColumnEdge) []string {
	out := make([]string, 0, len(edges))
	for _, e := range edges {
		out = append(out, trimPlatform(e.From.ID())+" -> "+trimPlatform(e.To.ID())+" "+e.Transform.String())
	}
	sort.Strings(out)
	return out
}

// directEdgeStrings is edgeStrings without the INDIRECT edges.
func directEdgeStrings(edges []ColumnEdge) []string {
	var out []string
	for _, e := range edgeStrings(edges) {
		if !strings.Contains(e, " INDIRECT/") {
			out = append(out, e)
		}
	}
	return out
}

func trimPlatform(id string) string {
	if i := strings.Index(id, "://"); i >= 0 {
		return id[i+3:]
	}
	return id
}

func newCatalog(t *testing.T, p Platform, tables map[string][]string) *MemoryCatalog {
	t.Helper()
	cat := NewMemoryCatalog()
	for name, cols := range tables {
		folded := make([]string, len(cols))
		for i, c := range cols {
			folded[i] = p.FoldName(c, PartColumn)
		}
		require.NoError(t, cat.Define(context.Background(), p.DatasetFromString(name, Defaults{}), folded))
	}
	return cat
}

func TestAnalyzeEdges(t *testing.T) {
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		schema  map[string][]string
		ctx     Context
		sql     string
		want    []string
	}{
		{
			name: "alias and identity",
			sql:  "INSERT INTO t SELECT a AS x, s.b FROM s",
			want: []string{"s.a -> t.x DIRECT/IDENTITY", "s.b -> t.b DIRECT/IDENTITY"},
		},
		{
			name: "join and filter are dataset-level indirect edges",
			sql:  "INSERT INTO t SELECT o.amount FROM orders o JOIN customers c ON o.cid = c.id WHERE c.country = 'NL'",
			want: []string{
				"orders.amount -> t.amount DIRECT/IDENTITY",
				"orders.cid -> t INDIRECT/JOIN",
				"customers.id -> t INDIRECT/JOIN",
				"customers.country -> t INDIRECT/FILTER",
			},
		},
		{
			name: "masking functions",
			sql:  "INSERT INTO t SELECT md5(email) AS e, sha2(ssn, 256) AS s, upper(name) AS n FROM users",
			want: []string{
				"users.email -> t.e DIRECT/TRANSFORMATION/MASKED",
				"users.ssn -> t.s DIRECT/TRANSFORMATION/MASKED",
				"users.name -> t.n DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "masked on one path only is not masked",
			sql:  "INSERT INTO t SELECT concat(md5(email), email) AS e FROM users",
			want: []string{"users.email -> t.e DIRECT/TRANSFORMATION"},
		},
		{
			name: "case conditions are conditional",
			sql:  "INSERT INTO t SELECT CASE WHEN status = 'x' THEN amount ELSE 0 END AS v FROM s",
			want: []string{"s.status -> t.v INDIRECT/CONDITIONAL", "s.amount -> t.v DIRECT/TRANSFORMATION"},
		},
		{
			name: "decode compares its first argument and its searches, its results flow",
			sql:  "INSERT INTO t SELECT decode(status, 'a', amount, kind, fee, 0) AS v, decode(code, 1, 'one', 'other') AS w, nvl2(note, price, cost) AS x FROM s",
			want: []string{
				"s.status -> t.v INDIRECT/CONDITIONAL", "s.amount -> t.v DIRECT/TRANSFORMATION",
				"s.kind -> t.v INDIRECT/CONDITIONAL", "s.fee -> t.v DIRECT/TRANSFORMATION",
				"s.code -> t.w INDIRECT/CONDITIONAL",
				"s.note -> t.x INDIRECT/CONDITIONAL", "s.price -> t.x DIRECT/TRANSFORMATION", "s.cost -> t.x DIRECT/TRANSFORMATION",
			},
		},
		{
			name:    "a data-modifying cte writes its table, and what reads it reads that table",
			dialect: sqlparse.Postgres,
			sql:     "WITH w AS (INSERT INTO u (x, y) SELECT a, b FROM s RETURNING id, x) INSERT INTO t (c, d) SELECT w.id, upper(w.x) FROM w",
			want: []string{
				"s.a -> u.x DIRECT/IDENTITY", "s.b -> u.y DIRECT/IDENTITY",
				"u.id -> t.c DIRECT/IDENTITY", "u.x -> t.d DIRECT/TRANSFORMATION",
			},
		},
		{
			name:    "a filter on an ordered-set aggregate selects the rows it orders: a condition of the value",
			dialect: sqlparse.Postgres,
			sql:     "INSERT INTO t SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE y > 0) AS p FROM s",
			want:    []string{"s.x -> t.p DIRECT/AGGREGATION", "s.y -> t.p INDIRECT/CONDITIONAL"},
		},
		{
			name:    "a struct of named fields: x.* expands its fields and x.f reads field f alone",
			dialect: sqlparse.Hive,
			schema:  map[string][]string{"s": {"k", "a", "b", "raw"}},
			sql:     "INSERT INTO t SELECT k, x.*, x.q AS q2 FROM (SELECT k, named_struct('p', a, 'q', b + 1) AS x FROM s)",
			want: []string{
				"s.k -> t.k DIRECT/IDENTITY", "s.a -> t.p DIRECT/IDENTITY", "s.b -> t.q DIRECT/TRANSFORMATION",
				"s.b -> t.q2 DIRECT/TRANSFORMATION",
			},
		},
		{
			name:    "spark: struct(a, e AS n) names its fields a and n; s.n reads e's columns alone",
			dialect: sqlparse.Hive,
			schema:  map[string][]string{"s": {"k", "a", "b"}},
			sql:     "INSERT INTO t SELECT x.n, x.a FROM (SELECT struct(a, b * 2 AS n) AS x FROM s) d",
			want:    []string{"s.b -> t.n DIRECT/TRANSFORMATION", "s.a -> t.a DIRECT/TRANSFORMATION"},
		},
		{
			name:    "a struct column passed on keeps its fields; d.y.f and d.y.* read them",
			dialect: sqlparse.Hive,
			schema:  map[string][]string{"s": {"k", "a", "b"}},
			sql:     "INSERT INTO t SELECT d.y.n AS m, d.y.* FROM (SELECT x AS y FROM (SELECT named_struct('n', a, 'o', b) AS x FROM s) e) d",
			want: []string{
				"s.a -> t.m DIRECT/TRANSFORMATION", "s.a -> t.n DIRECT/IDENTITY", "s.b -> t.o DIRECT/IDENTITY",
			},
		},
		{
			name:    "trino: a field of a row built from columns (CAST(ROW(..) AS ROW(names))) reads its own column",
			dialect: sqlparse.Trino,
			schema:  map[string][]string{"s": {"k", "street", "city"}},
			sql:     "INSERT INTO t WITH c AS (SELECT k, CAST(ROW(street, city) AS ROW(street varchar, city varchar)) AS addr FROM s) SELECT k, addr.city AS city, addr FROM c",
			want: []string{
				"s.k -> t.k DIRECT/IDENTITY", "s.city -> t.city DIRECT/TRANSFORMATION",
				"s.street -> t.addr DIRECT/TRANSFORMATION", "s.city -> t.addr DIRECT/TRANSFORMATION",
			},
		},
		{
			name:    "from_json with a DDL schema string: p.* is the schema's fields, each from the parsed column",
			dialect: sqlparse.Hive,
			schema:  map[string][]string{"s": {"k", "raw"}},
			sql:     "INSERT INTO t SELECT k, p.* FROM (SELECT k, from_json(raw, 'id STRING, tags ARRAY<STRING>, `Amount` DECIMAL(10,2)') AS p FROM s) d",
			want: []string{
				"s.k -> t.k DIRECT/IDENTITY", "s.raw -> t.id DIRECT/TRANSFORMATION", "s.raw -> t.tags DIRECT/TRANSFORMATION",
				"s.raw -> t.amount DIRECT/TRANSFORMATION",
			},
		},
		{
			name:    "an updating cte writes its table too, and what reads it reads the new values",
			dialect: sqlparse.Postgres,
			sql:     "WITH w AS (UPDATE u SET x = u.x - s.q FROM s WHERE s.k = u.k RETURNING u.k, u.x) INSERT INTO t (c, d) SELECT k, x FROM w",
			want: []string{
				"u.x -> u.x DIRECT/TRANSFORMATION", "s.q -> u.x DIRECT/TRANSFORMATION",
				"u.k -> t.c DIRECT/IDENTITY", "u.x -> t.d DIRECT/TRANSFORMATION", "s.q -> t.d DIRECT/TRANSFORMATION",
				"s.k -> u INDIRECT/FILTER", "u.k -> u INDIRECT/FILTER", "s.k -> t INDIRECT/FILTER", "u.k -> t INDIRECT/FILTER",
			},
		},
		{
			name: "grouping flags the rolled-up keys: they decide it, no value of them flows",
			sql:  "INSERT INTO t SELECT a, GROUPING(a) AS g, GROUPING_ID(a, b) AS gi FROM s GROUP BY ROLLUP (a, b)",
			want: []string{
				"s.a -> t.a DIRECT/IDENTITY",
				"s.a -> t.g INDIRECT/CONDITIONAL", "s.a -> t.gi INDIRECT/CONDITIONAL", "s.b -> t.gi INDIRECT/CONDITIONAL",
				"s.a -> t INDIRECT/GROUP_BY", "s.b -> t INDIRECT/GROUP_BY",
			},
		},
		{
			name: "window function",
			sql:  "INSERT INTO t SELECT sum(amount) OVER (PARTITION BY cid ORDER BY ts) AS running FROM s",
			want: []string{
				"s.amount -> t.running DIRECT/AGGREGATION",
				"s.cid -> t.running INDIRECT/WINDOW",
				"s.ts -> t.running INDIRECT/WINDOW",
			},
		},
		{
			name: "aggregate with group by ordinal and having",
			sql:  "INSERT INTO t SELECT cid, count(id) AS n FROM s GROUP BY 1 HAVING sum(amount) > 10",
			want: []string{
				"s.cid -> t.cid DIRECT/IDENTITY",
				"s.id -> t.n DIRECT/AGGREGATION",
				"s.cid -> t INDIRECT/GROUP_BY",
				"s.amount -> t INDIRECT/FILTER",
			},
		},
		{
			name:   "star expanded from the catalog",
			schema: map[string][]string{"s": {"a", "b"}},
			sql:    "INSERT INTO t SELECT * FROM s",
			want:   []string{"s.a -> t.a DIRECT/IDENTITY", "s.b -> t.b DIRECT/IDENTITY"},
		},
		{
			name:   "qualified star over a join",
			schema: map[string][]string{"s": {"a", "b"}, "u": {"id", "c"}},
			sql:    "INSERT INTO t SELECT x.*, y.c FROM s x JOIN u y ON x.a = y.id",
			want: []string{
				"s.a -> t.a DIRECT/IDENTITY", "s.b -> t.b DIRECT/IDENTITY", "u.c -> t.c DIRECT/IDENTITY",
				"s.a -> t INDIRECT/JOIN", "u.id -> t INDIRECT/JOIN",
			},
		},
		{
			name: "star over an unknown table",
			sql:  "INSERT INTO t SELECT * FROM s",
			want: []string{"s.* -> t.* DIRECT/IDENTITY"},
		},
		{
			name:   "join using merges the column",
			schema: map[string][]string{"a": {"k", "x"}, "b": {"k", "y"}},
			sql:    "INSERT INTO t SELECT k, x, y FROM a JOIN b USING (k)",
			want: []string{
				"a.k -> t.k DIRECT/IDENTITY", "b.k -> t.k DIRECT/IDENTITY",
				"a.x -> t.x DIRECT/IDENTITY", "b.y -> t.y DIRECT/IDENTITY",
				"a.k -> t INDIRECT/JOIN", "b.k -> t INDIRECT/JOIN",
			},
		},
		{
			name: "union is positional",
			sql:  "INSERT INTO t SELECT a, b FROM s1 UNION ALL SELECT c, d FROM s2",
			want: []string{
				"s1.a -> t.a DIRECT/IDENTITY", "s2.c -> t.a DIRECT/IDENTITY",
				"s1.b -> t.b DIRECT/IDENTITY", "s2.d -> t.b DIRECT/IDENTITY",
			},
		},
		{
			// EXCEPT's right side only takes rows out; INTERSECT's rows
			// are in both, so both sides' values are the result's
			name: "except filters, intersect flows",
			sql:  "INSERT INTO t SELECT a FROM s1 EXCEPT SELECT c FROM s2 WHERE d > 0 UNION SELECT e FROM s3 INTERSECT SELECT f FROM s4",
			want: []string{
				"s1.a -> t.a DIRECT/IDENTITY", "s3.e -> t.a DIRECT/IDENTITY", "s4.f -> t.a DIRECT/IDENTITY",
				"s2.c -> t INDIRECT/FILTER", "s2.d -> t INDIRECT/FILTER",
			},
		},
		{
			name: "correlated scalar subquery",
			sql:  "INSERT INTO t SELECT o.id, (SELECT max(p.amount) FROM payments p WHERE p.oid = o.id) AS paid FROM orders o",
			want: []string{
				"orders.id -> t.id DIRECT/IDENTITY",
				"payments.amount -> t.paid DIRECT/AGGREGATION",
				"payments.oid -> t.paid INDIRECT/FILTER",
				"orders.id -> t.paid INDIRECT/FILTER",
			},
		},
		{
			// ORDER BY .. LIMIT 1 picks the row the subquery yields, as
			// its WHERE does: a filter of the value, not an order of it
			name: "scalar subquery ordered to one row",
			sql:  "INSERT INTO t SELECT o.id, (SELECT p.amount FROM payments p WHERE p.oid = o.id ORDER BY p.paid_at DESC LIMIT 1) AS last_paid FROM orders o",
			want: []string{
				"orders.id -> t.id DIRECT/IDENTITY",
				"payments.amount -> t.last_paid DIRECT/IDENTITY",
				"payments.oid -> t.last_paid INDIRECT/FILTER",
				"orders.id -> t.last_paid INDIRECT/FILTER",
				"payments.paid_at -> t.last_paid INDIRECT/FILTER",
			},
		},
		{
			name:    "scalar subquery ordered to one row by TOP 1",
			dialect: sqlparse.TSQL,
			sql:     "INSERT INTO t SELECT o.id, (SELECT TOP 1 p.amount FROM payments p WHERE p.oid = o.id ORDER BY p.paid_at DESC) AS last_paid FROM orders o",
			want: []string{
				"orders.id -> t.id DIRECT/IDENTITY",
				"payments.amount -> t.last_paid DIRECT/IDENTITY",
				"payments.oid -> t.last_paid INDIRECT/FILTER",
				"orders.id -> t.last_paid INDIRECT/FILTER",
				"payments.paid_at -> t.last_paid INDIRECT/FILTER",
			},
		},
		{
			// without a limit to one row the ORDER BY orders the rows the
			// value is made of (a subquery whose rows all make the value)
			name: "subquery ordered without a limit to one row",
			sql:  "INSERT INTO t SELECT o.id, (SELECT p.amount FROM payments p WHERE p.oid = o.id ORDER BY p.paid_at DESC LIMIT 3) AS last_paid FROM orders o",
			want: []string{
				"orders.id -> t.id DIRECT/IDENTITY",
				"payments.amount -> t.last_paid DIRECT/IDENTITY",
				"payments.oid -> t.last_paid INDIRECT/FILTER",
				"orders.id -> t.last_paid INDIRECT/FILTER",
				"payments.paid_at -> t.last_paid INDIRECT/SORT",
			},
		},
		{
			// MySQL fills a defined column from the selected column of its
			// name and adds the others after the definitions: not by position
			name:    "mysql create table with definitions then select",
			dialect: sqlparse.MySQL,
			schema:  map[string][]string{"s": {"a", "b"}},
			sql:     "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, b INT) SELECT a, b + 1 AS b FROM s",
			want:    []string{"s.a -> t.a DIRECT/IDENTITY", "s.b -> t.b DIRECT/TRANSFORMATION"},
		},
		{
			name: "cte chain",
			sql:  "INSERT INTO t WITH a AS (SELECT x FROM s), b AS (SELECT x AS y FROM a) SELECT y FROM b",
			want: []string{"s.x -> t.y DIRECT/IDENTITY"},
		},
		{
			name: "recursive cte",
			sql:  "INSERT INTO t WITH RECURSIVE r (n) AS (SELECT id FROM s UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r",
			want: []string{"s.id -> t.n DIRECT/TRANSFORMATION", "s.id -> t INDIRECT/FILTER"},
		},
		{
			name:   "positional insert through the catalog",
			schema: map[string][]string{"t": {"p", "q"}},
			sql:    "INSERT INTO t SELECT a, b FROM s",
			want:   []string{"s.a -> t.p DIRECT/IDENTITY", "s.b -> t.q DIRECT/IDENTITY"},
		},
		{
			name: "insert with column list",
			sql:  "INSERT INTO t (p, q) SELECT a, b + 1 FROM s",
			want: []string{"s.a -> t.p DIRECT/IDENTITY", "s.b -> t.q DIRECT/TRANSFORMATION"},
		},
		{
			name: "multi-table update",
			sql:  "UPDATE t JOIN s ON t.id = s.id SET t.a = s.b WHERE s.flag = 1",
			want: []string{
				"s.b -> t.a DIRECT/IDENTITY",
				"t.id -> t INDIRECT/JOIN", "s.id -> t INDIRECT/JOIN", "s.flag -> t INDIRECT/FILTER",
			},
		},
		{
			name: "create table as select",
			sql:  "CREATE TABLE t AS SELECT a, cast(b AS char) AS b2 FROM s",
			want: []string{"s.a -> t.a DIRECT/IDENTITY", "s.b -> t.b2 DIRECT/TRANSFORMATION"},
		},
		{
			name: "view then table through it",
			sql:  "CREATE VIEW v AS SELECT a FROM s; INSERT INTO t SELECT * FROM v",
			want: []string{"s.a -> v.a DIRECT/IDENTITY", "v.a -> t.a DIRECT/IDENTITY"},
		},
		{
			name: "temporary tables are collapsed",
			sql:  "CREATE TEMPORARY TABLE tmp AS SELECT a, b FROM s WHERE c > 0; INSERT INTO t SELECT a FROM tmp",
			want: []string{"s.a -> t.a DIRECT/IDENTITY", "s.c -> t INDIRECT/FILTER"},
		},
		{
			name:   "lateral column alias where no source has the name",
			schema: map[string][]string{"s": {"a", "b"}},
			sql:    "INSERT INTO t SELECT a + 1 AS x, x * b AS y FROM s",
			want: []string{
				"s.a -> t.x DIRECT/TRANSFORMATION",
				"s.a -> t.y DIRECT/TRANSFORMATION", "s.b -> t.y DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "delete reads only",
			sql:  "DELETE FROM t WHERE id IN (SELECT id FROM s)",
			want: []string{},
		},
		{
			name:    "snowflake folds unquoted names up",
			dialect: sqlparse.Snowflake,
			ctx:     Context{Database: "analytics"},
			sql:     `INSERT INTO public.orders SELECT amount, Note FROM raw.src`,
			want: []string{
				`ANALYTICS.RAW.SRC.AMOUNT -> ANALYTICS.PUBLIC.ORDERS.AMOUNT DIRECT/IDENTITY`,
				`ANALYTICS.RAW.SRC.NOTE -> ANALYTICS.PUBLIC.ORDERS.NOTE DIRECT/IDENTITY`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PlatformOf(tc.dialect)
			a := NewAnalyzer(newCatalog(t, p, tc.schema))
			res, err := a.Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.dialect, Context: tc.ctx})
			require.NoError(t, err)
			require.NotEmpty(t, res.Statements)
			assert.ElementsMatch(t, tc.want, edgeStrings(res.Edges()))
		})
	}
}

func TestAnalyzeCustomMaskingFunction(t *testing.T) {
	a := NewAnalyzer(nil, WithMaskingFunctions("PII_MASK"))
	res, err := a.Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT pii_mask(email) AS e FROM u"})
	require.NoError(t, err)
	assert.Equal(t, []string{"u.email -> t.e DIRECT/TRANSFORMATION/MASKED"}, edgeStrings(res.Edges()))

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT pii_mask(email) AS e FROM u"})
	require.NoError(t, err)
	assert.Equal(t, []string{"u.email -> t.e DIRECT/TRANSFORMATION"}, edgeStrings(res.Edges()))
}

func TestAnalyzeAmbiguousColumnIsNotGuessed(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT x FROM a JOIN b ON a.id = b.id"})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	sr := res.Statements[0]
	for _, e := range sr.Edges {
		assert.NotEqual(t, "x", e.From.Name, "an ambiguous column must not make an edge")
	}
	require.Len(t, sr.Unresolved, 1)
	assert.Equal(t, "x", sr.Unresolved[0].Name)
	assert.Len(t, sr.Unresolved[0].Candidates, 2)
	require.NotEmpty(t, sr.Warnings)
	assert.Equal(t, WarnAmbiguousColumn, sr.Warnings[0].Code)
	assert.Less(t, sr.Confidence, 1.0)
	assert.Equal(t, sr.Confidence, res.Confidence)
}

func TestAnalyzeCatalogResolvesUnqualifiedColumns(t *testing.T) {
	cat := newCatalog(t, Generic, map[string][]string{"a": {"id", "x"}, "b": {"id", "y"}, "t": {"x", "y"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT x, y FROM a JOIN b ON a.id = b.id"})
	require.NoError(t, err)
	sr := res.Statements[0]
	assert.Empty(t, sr.Unresolved)
	assert.Empty(t, sr.Warnings)
	assert.Equal(t, 1.0, sr.Confidence)
	assert.Contains(t, edgeStrings(sr.Edges), "a.x -> t.x DIRECT/IDENTITY")
	assert.Contains(t, edgeStrings(sr.Edges), "b.y -> t.y DIRECT/IDENTITY")
}

func TestAnalyzeResultFields(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "SELECT a, b FROM s WHERE c = 'secret'"})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	sr := res.Statements[0]
	assert.Equal(t, sqlparse.KindSelect, sr.Kind)
	require.NotNil(t, sr.Target)
	assert.Equal(t, KindQueryResult, sr.Target.Kind)
	assert.Equal(t, []string{"a", "b"}, sr.Columns)
	assert.NotContains(t, sr.Normalized(), "secret")
	assert.Contains(t, sr.Normalized(), "?")
	assert.NotEmpty(t, sr.Digest())
	assert.Equal(t, "query@1:1", sr.Target.Name)
	var reads []string
	for _, c := range sr.Reads {
		reads = append(reads, trimPlatform(c.ID()))
	}
	assert.ElementsMatch(t, []string{"s.a", "s.b", "s.c"}, reads)
	require.Len(t, sr.Sources, 1)
	assert.Equal(t, "sql://s", sr.Sources[0].ID())
}

func TestAnalyzeDDLUpdatesCatalog(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	a := NewAnalyzer(cat)
	s := a.NewSession()
	_, err := s.Analyze(ctx, Statement{SQL: "CREATE TABLE s (a int, b int); ALTER TABLE s ADD COLUMN c int; CREATE TABLE t AS SELECT * FROM s"})
	require.NoError(t, err)
	cols, ok, err := cat.Columns(ctx, Generic.DatasetFromString("t", Defaults{}))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{"a", "b", "c"}, cols)

	_, err = s.Analyze(ctx, Statement{SQL: "RENAME TABLE t TO u; DROP TABLE s"})
	require.NoError(t, err)
	_, ok, _ = cat.Columns(ctx, Generic.DatasetFromString("t", Defaults{}))
	assert.False(t, ok)
	cols, ok, _ = cat.Columns(ctx, Generic.DatasetFromString("u", Defaults{}))
	assert.True(t, ok)
	assert.Equal(t, []string{"a", "b", "c"}, cols)
	_, ok, _ = cat.Columns(ctx, Generic.DatasetFromString("s", Defaults{}))
	assert.False(t, ok)
}

func TestAnalyzeSwapAndExchange(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	s := NewAnalyzer(cat).NewSession()
	sf := func(sql string) StatementResult {
		t.Helper()
		res, err := s.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.Snowflake})
		require.NoError(t, err)
		require.Len(t, res.Statements, 1)
		return res.Statements[0]
	}
	sf("CREATE TABLE prod (a int, b int)")
	sf("CREATE TABLE staging (a int, b int, c int)")
	sr := sf("ALTER TABLE prod SWAP WITH staging")
	require.NotNil(t, sr.Target)
	assert.Equal(t, "snowflake://PROD", sr.Target.ID())
	require.Len(t, sr.Sources, 1)
	assert.Equal(t, "snowflake://STAGING", sr.Sources[0].ID())
	ds := func(name string) Dataset { return Snowflake.DatasetFromString(name, Defaults{}) }
	cols, ok, err := cat.Columns(ctx, ds("prod"))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{"A", "B", "C"}, cols, "prod takes staging's columns (Snowflake folds to upper case)")
	cols, ok, _ = cat.Columns(ctx, ds("staging"))
	require.True(t, ok)
	assert.Equal(t, []string{"A", "B"}, cols, "staging takes prod's")

	// a partner with unknown columns leaves the other unknown
	sf("ALTER TABLE prod SWAP WITH elsewhere")
	_, ok, _ = cat.Columns(ctx, ds("prod"))
	assert.False(t, ok)
	cols, ok, _ = cat.Columns(ctx, ds("elsewhere"))
	require.True(t, ok)
	assert.Equal(t, []string{"A", "B", "C"}, cols)

	// Hive: the other table's partition moves in; definitions stay
	res, err := s.Analyze(ctx, Statement{SQL: "ALTER TABLE t EXCHANGE PARTITION (dt='2024-01-01') WITH TABLE s", Dialect: sqlparse.Hive})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	sr = res.Statements[0]
	require.NotNil(t, sr.Target)
	assert.Equal(t, "hive://t", sr.Target.ID())
	require.Len(t, sr.Sources, 1)
	assert.Equal(t, "hive://s", sr.Sources[0].ID())
}

func TestSessionDefaultsAndUse(t *testing.T) {
	ctx := context.Background()
	s := NewAnalyzer(nil).NewSession()
	res, err := s.Analyze(ctx, Statement{SQL: "USE shop; INSERT INTO t SELECT a FROM s", Dialect: sqlparse.MySQL})
	require.NoError(t, err)
	assert.Equal(t, []string{"shop.s.a -> shop.t.a DIRECT/IDENTITY"}, edgeStrings(res.Edges()))

	res, err = s.Analyze(ctx, Statement{SQL: "INSERT INTO t SELECT a FROM s", Dialect: sqlparse.Postgres, Context: Context{Database: "DW", Schema: "Public"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"dw.public.s.a -> dw.public.t.a DIRECT/IDENTITY"}, edgeStrings(res.Edges()))
}

func TestAnalyzeParseErrorKeepsTheRest(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT FROM FROM"})
	require.Error(t, err)
	var pe *sqlparse.ParseError
	assert.True(t, errors.As(err, &pe))
	assert.Empty(t, res.Statements)
	assert.Equal(t, 0.0, res.Confidence)
}

func TestAnalyzeContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "SELECT 1"})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestAnalyzeRenameReportsNewName(t *testing.T) {
	for _, sql := range []string{"ALTER TABLE t RENAME TO u", "RENAME TABLE t TO u"} {
		t.Run(sql, func(t *testing.T) {
			res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.MySQL})
			require.NoError(t, err)
			require.Len(t, res.Statements, 1)
			sr := res.Statements[0]
			require.NotNil(t, sr.Target)
			require.NotNil(t, sr.RenamedTo)
			assert.Equal(t, "mysql://t", sr.Target.ID())
			assert.Equal(t, "mysql://u", sr.RenamedTo.ID())
		})
	}
}

// TestAnalyzeRenamesEveryPair: RENAME TABLE a TO b, c TO d renames both,
// in the catalog and in the result.
func TestAnalyzeRenamesEveryPair(t *testing.T) {
	ctx := context.Background()
	a := NewAnalyzer(NewMemoryCatalog())
	_, err := a.Analyze(ctx, Statement{SQL: "CREATE TABLE a (x INT); CREATE TABLE c (y INT)", Dialect: sqlparse.MySQL})
	require.NoError(t, err)
	res, err := a.Analyze(ctx, Statement{SQL: "RENAME TABLE a TO b, c TO d", Dialect: sqlparse.MySQL})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	var got []string
	for _, rn := range res.Statements[0].Renames {
		got = append(got, rn.From.ID()+" -> "+rn.To.ID())
	}
	assert.Equal(t, []string{"mysql://a -> mysql://b", "mysql://c -> mysql://d"}, got)
	// the second pair's columns moved too
	res, err = a.Analyze(ctx, Statement{SQL: "INSERT INTO e SELECT * FROM d", Dialect: sqlparse.MySQL})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"e.y": {"d.y"}}, sourcesOf(res))
}

func TestAnalyzeUpdateTargetsSourcesAndAliases(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "UPDATE orders AS o JOIN fx ON o.cur = fx.cur SET o.amount_eur = o.amount * fx.rate"})
	require.NoError(t, err)
	sr := res.Statements[0]
	require.NotNil(t, sr.Target)
	assert.Equal(t, "sql://orders", sr.Target.ID())
	require.Len(t, sr.Sources, 1, "the updated table is not a source")
	assert.Equal(t, "sql://fx", sr.Sources[0].ID())
	assert.Contains(t, edgeStrings(sr.Edges), "orders.amount -> orders.amount_eur DIRECT/TRANSFORMATION")
	assert.Contains(t, edgeStrings(sr.Edges), "fx.rate -> orders.amount_eur DIRECT/TRANSFORMATION")
}

// SET record.field = x (BigQuery) writes the record column of the updated
// table: a prefix that names no table in scope is a column, not a table.
// A prefix that names a table still does, however long the name.
func TestAnalyzeUpdateSetsAStructField(t *testing.T) {
	for _, sql := range []string{
		"UPDATE ds.t SET detail.city = s.city FROM ds.s s WHERE t.id = s.id",
		"UPDATE ds.t AS x SET x.detail.city = s.city FROM ds.s s WHERE x.id = s.id",
	} {
		cat := newCatalog(t, PlatformOf(sqlparse.BigQuery), map[string][]string{"ds.t": {"id", "detail"}, "ds.s": {"id", "city"}})
		res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.BigQuery})
		require.NoError(t, err)
		assert.Equal(t, map[string][]string{"t.detail": {"s.city"}}, sourcesOf(res), sql)
	}
}

// A Snowflake Scripting block run by EXECUTE IMMEDIATE $$ .. $$ or held by
// a SQL procedure's $$ body is SQL: its statements have their lineage
// (LET and RETURN are procedural only).
func TestAnalyzeSnowflakeScriptingBody(t *testing.T) {
	for _, sql := range []string{
		"EXECUTE IMMEDIATE $$\nBEGIN\n  INSERT INTO x (v) SELECT s.v FROM s;\n  RETURN 'ok';\nEND;\n$$",
		"CREATE OR REPLACE PROCEDURE p()\nRETURNS VARCHAR\nLANGUAGE SQL\nAS\n$$\nBEGIN\n  LET n INTEGER := 0;\n  INSERT INTO x (v) SELECT s.v FROM s;\n  RETURN 'done';\nEND;\n$$;",
		// a DECLARE section of several variables and a cursor, a FOR loop
		"EXECUTE IMMEDIATE $$\nDECLARE\n  n INTEGER DEFAULT 0;\n  c1 CURSOR FOR SELECT id FROM ids;\nBEGIN\n" +
			"  FOR r IN c1 DO\n    n := n + 1;\n  END FOR;\n  INSERT INTO x (v) SELECT s.v FROM s;\nEND;\n$$",
	} {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Snowflake})
		require.NoError(t, err, sql)
		assert.Equal(t, map[string][]string{"X.V": {"S.V"}}, sourcesOf(res), sql)
	}
}

// A Snowflake stream created ON TABLE t has t's columns: a statement that
// reads the stream reads t, and the stream is no written dataset.
func TestAnalyzeSnowflakeStreamReadsItsTable(t *testing.T) {
	sql := "CREATE OR REPLACE STREAM s ON TABLE t APPEND_ONLY = TRUE;\n" +
		"INSERT INTO x (v, w) SELECT s.v, UPPER(w) FROM s WHERE METADATA$ACTION = 'INSERT';"
	cat := newCatalog(t, PlatformOf(sqlparse.Snowflake), map[string][]string{"t": {"v", "w"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"X.V": {"T.V"}, "X.W": {"T.W"}}, sourcesOf(res))
	require.NotNil(t, res.Statements[0].Target)
	assert.Equal(t, KindTemporary, res.Statements[0].Target.Kind, "the stream is no written table")
}

// A BigQuery table function is a parameterised query, no table: a
// statement that calls it later in the script reads its body's tables.
func TestAnalyzeBigQueryTableFunction(t *testing.T) {
	sql := "CREATE OR REPLACE TABLE FUNCTION ds.fn(k STRING) AS SELECT s.v, s.w FROM ds.s WHERE s.k = k;\n" +
		"CREATE TABLE ds.x AS SELECT v, SUM(w) AS w FROM ds.fn('a') GROUP BY v;"
	cat := newCatalog(t, PlatformOf(sqlparse.BigQuery), map[string][]string{"ds.s": {"k", "v", "w"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"x.v": {"s.v"}, "x.w": {"s.w"}}, sourcesOf(res))
	require.NotNil(t, res.Statements[0].Target)
	assert.Equal(t, KindTemporary, res.Statements[0].Target.Kind, "the function is no written table")
}

// A Snowflake stage read in FROM is files at a location, as COPY reads
// them: a location source, no table.
func TestAnalyzeSnowflakeStageInFromIsALocation(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "CREATE TABLE x AS SELECT $1:a::NUMBER AS a FROM @db.s.stg/p (FILE_FORMAT => 'db.s.fmt')", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	require.Len(t, res.Statements[0].Sources, 1)
	assert.Equal(t, KindLocation, res.Statements[0].Sources[0].Kind)
	assert.Equal(t, "@db.s.stg/p", res.Statements[0].Sources[0].Name)
}

// Snowflake's * ILIKE 'pattern' selects only the columns whose names
// match, in any case; the others are no output column.
func TestAnalyzeStarILike(t *testing.T) {
	cat := newCatalog(t, PlatformOf(sqlparse.Snowflake), map[string][]string{"s": {"order_id", "customer_id", "amount", "id_card"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: "CREATE TABLE x AS SELECT * ILIKE '%\\_ID' FROM s", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"X.ORDER_ID": {"S.ORDER_ID"}, "X.CUSTOMER_ID": {"S.CUSTOMER_ID"}}, sourcesOf(res))
	for _, tc := range []struct {
		p, name string
		want    bool
	}{{"%_id", "ORDER_ID", true}, {"%_id", "id", false}, {"a_c", "abc", true}, {"a\\_c", "abc", false}, {"a\\_c", "a_c", true}, {"%", "", true}, {"", "x", false}} {
		assert.Equal(t, tc.want, ilikeMatch(tc.p, tc.name), "%q ILIKE %q", tc.name, tc.p)
	}
}

// A Redshift stored procedure's $$ body that starts with BEGIN or DECLARE
// is PL/pgSQL: its statements have their lineage, whether LANGUAGE
// plpgsql comes before AS or after the closing $$.
func TestAnalyzeRedshiftProcedureBody(t *testing.T) {
	for _, sql := range []string{
		"CREATE OR REPLACE PROCEDURE etl.p(d DATE)\nAS $$\nBEGIN\n  DELETE FROM x WHERE k = d;\n  INSERT INTO x (v) SELECT s.v FROM s;\n  RAISE INFO 'done %', d;\nEND;\n$$ LANGUAGE plpgsql;",
		"CREATE PROCEDURE etl.q()\nLANGUAGE plpgsql\nAS $$\nDECLARE\n  n integer;\nBEGIN\n  INSERT INTO x (v) SELECT s.v FROM s;\n  GET DIAGNOSTICS n := ROW_COUNT;\nEND;\n$$;",
		"CREATE PROCEDURE etl.t()\nLANGUAGE plpgsql\nAS $body$\nBEGIN\n  INSERT INTO x (v) SELECT s.v FROM s;\nEND;\n$body$;",
		// SELECT expr INTO v in a body assigns the variable v: no table v
		"CREATE PROCEDURE etl.u()\nAS $$\nDECLARE\n  m timestamp;\nBEGIN\n  SELECT MAX(s.ts) INTO m FROM s;\n  INSERT INTO x (v) SELECT s.v FROM s WHERE s.ts > m;\nEND;\n$$ LANGUAGE plpgsql;",
		// more declarations, SELECT INTO a variable (no table), a FOR loop
		"CREATE PROCEDURE etl.r()\nAS $$\nDECLARE\n  rec RECORD;\n  m timestamp;\nBEGIN\n  SELECT INTO m MAX(ts) FROM s;\n" +
			"  FOR rec IN SELECT name FROM tabs LOOP\n    EXECUTE 'ANALYZE ' || rec.name;\n  END LOOP;\n  INSERT INTO x (v) SELECT s.v FROM s WHERE s.ts > m;\nEND;\n$$ LANGUAGE plpgsql;",
	} {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Redshift})
		require.NoError(t, err, sql)
		assert.Equal(t, map[string][]string{"x.v": {"s.v"}}, sourcesOf(res), sql)
	}
}

func TestAnalyzeInsertPartitions(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{
			name: "static partition is left out",
			sql:  "INSERT OVERWRITE TABLE dw.daily PARTITION (dt='2024-01-01') SELECT a, b FROM dw.src",
			want: []string{"dw.src.a -> dw.daily.x DIRECT/IDENTITY", "dw.src.b -> dw.daily.y DIRECT/IDENTITY"},
		},
		{
			name: "dynamic partition takes the last column",
			sql:  "INSERT OVERWRITE TABLE dw.daily PARTITION (dt) SELECT a, b, d FROM dw.src",
			want: []string{"dw.src.a -> dw.daily.x DIRECT/IDENTITY", "dw.src.b -> dw.daily.y DIRECT/IDENTITY", "dw.src.d -> dw.daily.dt DIRECT/IDENTITY"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cat := newCatalog(t, Hive, map[string][]string{"dw.daily": {"x", "dt", "y"}})
			res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: sqlparse.Hive})
			require.NoError(t, err)
			assert.ElementsMatch(t, tc.want, edgeStrings(res.Edges()))
		})
	}
}

func TestAnalyzeDialectStatements(t *testing.T) {
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		sql     string
		target  string
		sources []string
		edges   []string
	}{
		{
			name:    "unload writes a location",
			dialect: sqlparse.Redshift,
			sql:     "UNLOAD ('select a, md5(b) AS hb from s where c = 1') TO 's3://bkt/out/' IAM_ROLE 'x'",
			target:  "s3://bkt/out/",
			sources: []string{"redshift://s"},
			edges: []string{
				"redshift://s.a -> s3://bkt/out/#a DIRECT/IDENTITY",
				"redshift://s.b -> s3://bkt/out/#hb DIRECT/TRANSFORMATION/MASKED",
				"redshift://s.c -> s3://bkt/out/ INDIRECT/FILTER",
			},
		},
		{
			name:    "copy loads a table from a location",
			dialect: sqlparse.Redshift,
			sql:     "COPY t FROM 's3://bkt/in/' IAM_ROLE 'x'",
			target:  "redshift://t",
			sources: []string{"s3://bkt/in/"},
		},
		{
			name:    "search path",
			dialect: sqlparse.Postgres,
			sql:     "SET search_path TO stage, public; INSERT INTO t SELECT a FROM s",
			target:  "postgres://stage.t",
			sources: []string{"postgres://stage.s"},
			edges:   []string{"postgres://stage.s.a -> postgres://stage.t.a DIRECT/IDENTITY"},
		},
		{
			name:    "select into",
			dialect: sqlparse.Postgres,
			sql:     "SELECT a, b INTO newt FROM s",
			target:  "postgres://newt",
			sources: []string{"postgres://s"},
			edges:   []string{"postgres://s.a -> postgres://newt.a DIRECT/IDENTITY", "postgres://s.b -> postgres://newt.b DIRECT/IDENTITY"},
		},
		{
			name:    "merge, both branches",
			dialect: sqlparse.Snowflake,
			sql:     "MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (k, v) VALUES (s.k, s.v)",
			target:  "snowflake://T",
			sources: []string{"snowflake://S"},
			edges: []string{
				"snowflake://S.V -> snowflake://T.V DIRECT/IDENTITY",
				"snowflake://S.K -> snowflake://T.K DIRECT/IDENTITY",
				"snowflake://S.K -> snowflake://T INDIRECT/JOIN",
				"snowflake://T.K -> snowflake://T INDIRECT/JOIN",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.dialect})
			require.NoError(t, err)
			sr := res.Statements[len(res.Statements)-1]
			require.NotNil(t, sr.Target)
			assert.Equal(t, tc.target, sr.Target.ID())
			var srcs []string
			for _, s := range sr.Sources {
				if !s.SameAs(*sr.Target) {
					srcs = append(srcs, s.ID())
				}
			}
			assert.ElementsMatch(t, tc.sources, srcs)
			var edges []string
			for _, e := range sr.Edges {
				edges = append(edges, e.From.ID()+" -> "+e.To.ID()+" "+e.Transform.String())
			}
			assert.ElementsMatch(t, tc.edges, edges)
		})
	}
}

func TestAnalyzeInsertIntoUnknownColumnsSaysSo(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT a FROM s"})
	require.NoError(t, err)
	sr := res.Statements[0]
	require.Len(t, sr.Warnings, 1)
	assert.Equal(t, WarnAssumedColumns, sr.Warnings[0].Code)
	assert.Less(t, sr.Confidence, 1.0)
	assert.Equal(t, []string{"s.a -> t.a DIRECT/IDENTITY"}, edgeStrings(sr.Edges))

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t (a) SELECT a FROM s"})
	require.NoError(t, err)
	assert.Empty(t, res.Statements[0].Warnings, "a column list names the target columns")
	assert.Equal(t, 1.0, res.Confidence)
}

func TestLateralAliasesFollowThePlatform(t *testing.T) {
	sql := "INSERT INTO t (x, y) SELECT a + 1 AS x, x * 2 AS y FROM s"
	tests := []struct {
		dialect sqlparse.Dialect
		lateral bool
	}{
		{sqlparse.Snowflake, true},
		{sqlparse.Redshift, true},
		{sqlparse.Hive, true},
		{sqlparse.Postgres, false},
		{sqlparse.MySQL, false},
	}
	for _, tc := range tests {
		t.Run(tc.dialect.String(), func(t *testing.T) {
			p := PlatformOf(tc.dialect)
			cat := newCatalog(t, p, map[string][]string{"s": {"a"}})
			res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: tc.dialect})
			require.NoError(t, err)
			sr := res.Statements[0]
			var yFromA bool
			for _, e := range sr.Edges {
				if strings.EqualFold(e.To.Name, "y") && strings.EqualFold(e.From.Name, "a") {
					yFromA = true
				}
			}
			assert.Equal(t, tc.lateral, yFromA)
			if !tc.lateral {
				require.NotEmpty(t, sr.Unresolved)
				assert.Less(t, sr.Confidence, 1.0)
			}
		})
	}
}

// Where lateral aliases exist, a name an earlier output column has that
// only a table of unknown columns may also have stays the table's (a
// source's own column wins), but the binding is uncertain: warned, and the
// confidence lowered. A table known to lack it yields the alias, unwarned.
func TestLateralAliasOverUnknownColumnsIsWarned(t *testing.T) {
	sql := "INSERT INTO t (g, r) SELECT SUM(a) AS g, g / 2 AS r FROM s"
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	sr := res.Statements[0]
	assert.Contains(t, edgeStrings(sr.Edges), "S.G -> T.R DIRECT/TRANSFORMATION")
	var warned bool
	for _, w := range sr.Warnings {
		warned = warned || w.Code == WarnAmbiguousColumn && strings.Contains(w.Message, "earlier output column")
	}
	assert.True(t, warned, "%v", sr.Warnings)
	assert.Less(t, sr.Confidence, 1.0)

	cat := newCatalog(t, PlatformOf(sqlparse.Snowflake), map[string][]string{"s": {"a"}})
	res, err = NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	sr = res.Statements[0]
	assert.Contains(t, edgeStrings(sr.Edges), "S.A -> T.R DIRECT/AGGREGATION")
	assert.Empty(t, sr.Warnings)
}

// * REPLACE (e AS c) over a table of unknown columns: c is one of them,
// computed by e, so it is a column of its own beside the unexpanded `*`
// (it was folded into the `*`, whose edge claims identity for c).
func TestStarReplaceOverUnknownColumns(t *testing.T) {
	for _, d := range []sqlparse.Dialect{sqlparse.BigQuery, sqlparse.Snowflake} {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "CREATE VIEW v AS SELECT * REPLACE (UPPER(n) AS n, x + 1 AS c) FROM s", Dialect: d})
		require.NoError(t, err)
		sr := res.Statements[0]
		var got []string
		for _, e := range sr.Edges {
			got = append(got, strings.ToLower(e.From.Name+" -> "+e.To.Name+" "+e.Transform.String()))
		}
		assert.ElementsMatch(t, []string{"* -> * direct/identity", "x -> c direct/transformation", "n -> n direct/transformation"}, got, d.String())
	}
}

func TestAnalyzeMoreConstructs(t *testing.T) {
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		schema  map[string][]string
		sql     string
		want    []string
	}{
		{
			name:    "snowflake star exclude and rename",
			dialect: sqlparse.Snowflake,
			schema:  map[string][]string{"s": {"a", "b", "c"}},
			sql:     "INSERT INTO t SELECT * EXCLUDE (b) RENAME (a AS z) FROM s",
			want:    []string{"S.A -> T.Z DIRECT/IDENTITY", "S.C -> T.C DIRECT/IDENTITY"},
		},
		{
			name:    "bigquery star except and replace",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"d.s": {"a", "b", "c"}},
			sql:     "INSERT INTO d.t SELECT * EXCEPT (b) REPLACE (a + c AS a) FROM d.s",
			want:    []string{"d.s.a -> d.t.a DIRECT/TRANSFORMATION", "d.s.c -> d.t.a DIRECT/TRANSFORMATION", "d.s.c -> d.t.c DIRECT/IDENTITY"},
		},
		{
			// the REPLACE expression holds a table function (UNNEST), which
			// is rewritten in the expression's copy only: the query kept
			// its text in place as well and failed to parse
			name:    "bigquery star replace by an array subquery over unnest",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"d.s": {"a", "b"}},
			sql:     "INSERT INTO d.t SELECT * REPLACE (ARRAY(SELECT x FROM UNNEST(a) AS x WHERE x > 0) AS a) FROM d.s",
			want:    []string{"d.s.a -> d.t.a DIRECT/IDENTITY", "d.s.a -> d.t.a INDIRECT/FILTER", "d.s.b -> d.t.b DIRECT/IDENTITY"},
		},
		{
			// BigQuery: a FROM path that starts with a range variable in
			// scope is that row's array, unnested (it was read as a table
			// named t.arr, and inside a subquery over c as a table c.arr)
			name:    "bigquery array path of a range variable",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"t": {"a", "arr"}},
			sql:     "INSERT INTO o SELECT t.a, x, ARRAY(SELECT k FROM c.arr AS k) AS ks FROM t, t.arr AS x, t AS c",
			want:    []string{"t.a -> o.a DIRECT/IDENTITY", "t.arr -> o.x DIRECT/IDENTITY", "t.arr -> o.ks DIRECT/IDENTITY"},
		},
		{
			// BigQuery names an expression without an alias f0_, f1_, ..
			// in the order of such columns (it was named by its text)
			name:    "bigquery unnamed output columns",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"t": {"a", "b", "c"}},
			sql:     "CREATE TABLE o AS SELECT a, b + 1, t.c, UPPER(c) FROM t",
			want:    []string{"t.a -> o.a DIRECT/IDENTITY", "t.b -> o.f0_ DIRECT/TRANSFORMATION", "t.c -> o.c DIRECT/IDENTITY", "t.c -> o.f1_ DIRECT/TRANSFORMATION"},
		},
		{
			// UNNEST(xs) AS x: x.* is the element's fields (it was the
			// derived table's one column, x, so x.name was unresolved)
			name:    "bigquery star of an unnest element",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"t": {"id", "events"}},
			sql:     "INSERT INTO o WITH x AS (SELECT t.id, e.* FROM t, UNNEST(t.events) AS e) SELECT x.id, x.name FROM x",
			want:    []string{"t.id -> o.id DIRECT/IDENTITY", "t.events -> o.name DIRECT/TRANSFORMATION"},
		},
		{
			name:    "bigquery path of a dataset is a table",
			dialect: sqlparse.BigQuery,
			schema:  map[string][]string{"ds.t": {"a"}, "ds.u": {"b"}},
			sql:     "INSERT INTO o SELECT s.a, u.b FROM ds.t AS s, ds.u AS u",
			want:    []string{"ds.t.a -> o.a DIRECT/IDENTITY", "ds.u.b -> o.b DIRECT/IDENTITY"},
		},
		{
			name:   "named window",
			schema: map[string][]string{"s": {"g", "o", "v"}},
			sql:    "INSERT INTO t SELECT sum(v) OVER w AS r FROM s WINDOW w AS (PARTITION BY g ORDER BY o)",
			want:   []string{"s.v -> t.r DIRECT/AGGREGATION", "s.g -> t.r INDIRECT/WINDOW", "s.o -> t.r INDIRECT/WINDOW"},
		},
		{
			name:   "natural join",
			schema: map[string][]string{"a": {"k", "x"}, "b": {"k", "y"}},
			sql:    "INSERT INTO t SELECT * FROM a NATURAL JOIN b",
			want: []string{
				"a.k -> t.k DIRECT/IDENTITY", "b.k -> t.k DIRECT/IDENTITY",
				"a.x -> t.x DIRECT/IDENTITY", "b.y -> t.y DIRECT/IDENTITY",
				"a.k -> t INDIRECT/JOIN", "b.k -> t INDIRECT/JOIN",
			},
		},
		{
			name: "exists subquery filters",
			sql:  "INSERT INTO t (id) SELECT o.id FROM o WHERE EXISTS (SELECT 1 FROM r WHERE r.oid = o.id AND r.ok = 1)",
			want: []string{"o.id -> t.id DIRECT/IDENTITY", "r.oid -> t INDIRECT/FILTER", "o.id -> t INDIRECT/FILTER", "r.ok -> t INDIRECT/FILTER"},
		},
		{
			name:    "TABLE t is SELECT * FROM t",
			dialect: sqlparse.MySQL,
			schema:  map[string][]string{"s": {"a", "b"}},
			sql:     "INSERT INTO t (x, y) TABLE s",
			want:    []string{"s.a -> t.x DIRECT/IDENTITY", "s.b -> t.y DIRECT/IDENTITY"},
		},
		{
			name: "values make no edges",
			sql:  "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
			want: []string{},
		},
		{
			name:   "order by output alias",
			schema: map[string][]string{"s": {"a", "b"}},
			sql:    "INSERT INTO t (x) SELECT a + b AS x FROM s ORDER BY x",
			want:   []string{"s.a -> t.x DIRECT/TRANSFORMATION", "s.b -> t.x DIRECT/TRANSFORMATION", "s.a -> t INDIRECT/SORT", "s.b -> t INDIRECT/SORT"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PlatformOf(tc.dialect)
			res, err := NewAnalyzer(newCatalog(t, p, tc.schema)).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.dialect})
			require.NoError(t, err)
			require.NotEmpty(t, res.Statements)
			assert.ElementsMatch(t, tc.want, edgeStrings(res.Edges()))
		})
	}
}

func TestAnalyzeStructFields(t *testing.T) {
	cat := newCatalog(t, BigQuery, map[string][]string{"d.events": {"id", "payload"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{
		SQL:     "INSERT INTO d.out (id, country) SELECT e.id, e.payload.geo.country FROM d.events e",
		Dialect: sqlparse.BigQuery,
	})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"d.events.id -> d.out.id DIRECT/IDENTITY",
		"d.events.payload -> d.out.country DIRECT/TRANSFORMATION",
	}, edgeStrings(res.Edges()))
	assert.Empty(t, res.Warnings)
}

func TestAnalyzeScriptWithABadStatement(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t (a) SELECT a FROM s;\nSELEC x FROM;\nINSERT INTO u (b) SELECT b FROM s"})
	require.Error(t, err)
	var pe *sqlparse.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 2, pe.Pos.Line)
	assert.ElementsMatch(t, []string{"s.a -> t.a DIRECT/IDENTITY", "s.b -> u.b DIRECT/IDENTITY"}, edgeStrings(res.Edges()))
	var parseWarnings int
	for _, w := range res.Warnings {
		if w.Code == WarnParse {
			parseWarnings++
			assert.Equal(t, 2, w.Pos.Line)
		}
	}
	assert.Equal(t, 1, parseWarnings)
	assert.Equal(t, 0.5, res.Confidence)
}

func TestAnalyzeViewKeepsItsKind(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "CREATE VIEW v AS SELECT a FROM s; INSERT INTO t (a) SELECT a FROM v"})
	require.NoError(t, err)
	require.Len(t, res.Statements, 2)
	created := res.Statements[0].Edges[0].To.Dataset
	read := res.Statements[1].Edges[0].From.Dataset
	assert.Equal(t, KindView, created.Kind)
	assert.Equal(t, created, read, "the view is the same Dataset value where it is written and read")
	assert.Equal(t, KindView, res.Statements[1].Sources[0].Kind)
}

func TestAnalyzeVerticaPartitionFunctions(t *testing.T) {
	tests := []struct {
		name    string
		schema  map[string][]string
		sql     string
		target  string
		sources []string
		edges   []string
	}{
		{
			name:    "swap, unknown columns: table level",
			sql:     "SELECT swap_partitions_between_tables('staging', 'a', 'b', 'target')",
			target:  "target",
			sources: []string{"staging"},
		},
		{
			name:    "move with known columns: by name",
			schema:  map[string][]string{"stage.events": {"id", "ts"}},
			sql:     "SELECT MOVE_PARTITIONS_TO_TABLE('stage.events', '2024-01', '2024-02', 'prod.events')",
			target:  "prod.events",
			sources: []string{"stage.events"},
			edges:   []string{"stage.events.id -> prod.events.id DIRECT/IDENTITY", "stage.events.ts -> prod.events.ts DIRECT/IDENTITY"},
		},
		{
			name:   "other functions stay a query",
			sql:    "SELECT copy_partitions_to_table('a', 'b', 'c', 'd'), now()",
			target: "",
		},
		{
			name:   "a table name that is not a string",
			sql:    "SELECT copy_partitions_to_table(x, 'b', 'c', 'd')",
			target: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := sqlparse.DialectByName("vertica")
			require.True(t, ok)
			cat := newCatalog(t, PlatformOf(d), tc.schema)
			res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: d})
			require.NoError(t, err)
			require.Len(t, res.Statements, 1)
			sr := res.Statements[0]
			require.NotNil(t, sr.Target)
			if tc.target == "" {
				assert.Equal(t, KindQueryResult, sr.Target.Kind)
				return
			}
			assert.Equal(t, tc.target, sr.Target.QualifiedName())
			assert.Equal(t, KindTable, sr.Target.Kind)
			var srcs []string
			for _, s := range sr.Sources {
				srcs = append(srcs, s.QualifiedName())
			}
			assert.Equal(t, tc.sources, srcs)
			assert.Equal(t, tc.edges, nilIfEmpty(edgeStrings(sr.Edges)))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// A reference whose spelling differs from the catalog's only in case (a
// quoted "TotalPrice" where Snowflake's catalog holds TOTALPRICE) binds to
// that column with a warning; it never invents a second column, and two
// candidates that differ only in case leave it unresolved.
func TestColumnMatchesCatalogIgnoringCaseOnlyWhenUnique(t *testing.T) {
	p := PlatformOf(sqlparse.Snowflake)
	cat := NewMemoryCatalog()
	ctx := context.Background()
	require.NoError(t, cat.Define(ctx, p.DatasetFromString("db.s.orders", Defaults{}), []string{"ORDERKEY", "TOTALPRICE"}))
	require.NoError(t, cat.Define(ctx, p.DatasetFromString("db.s.mixed", Defaults{}), []string{"Amount", "AMOUNT"}))
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"unqualified quoted", `SELECT AVG("TotalPrice") AS a FROM db.s.orders`,
			[]string{`DB.S.ORDERS.TOTALPRICE -> "query@1:1".A DIRECT/AGGREGATION`}},
		{"qualified quoted", `SELECT o."totalprice" AS a FROM db.s.orders o`,
			[]string{`DB.S.ORDERS.TOTALPRICE -> "query@1:1".A DIRECT/IDENTITY`}},
		{"two candidates", `SELECT "amount" AS a FROM db.s.mixed`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: tc.sql, Dialect: sqlparse.Snowflake})
			require.NoError(t, err)
			sr := res.Statements[0]
			got := edgeStrings(sr.Edges)
			if tc.want == nil {
				assert.Empty(t, got)
				assert.NotEmpty(t, sr.Unresolved)
			} else {
				assert.Equal(t, tc.want, got)
			}
			require.NotEmpty(t, sr.Warnings, "a spelling the catalog does not hold is warned about")
			assert.Less(t, res.Confidence, 1.0)
		})
	}
}

// A column list over a `*` of unknown width: a list long enough to leave
// the `*` a column names every column (its names at the `*` come from some
// column of the table, the last ones from the columns after it); a shorter
// one names columns of the `*`. Both are warned about.
func TestColumnListOverStarOfUnknownWidth(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want []string
	}{
		{"every column named", "SELECT * FROM (SELECT *, amount * 2 AS dbl FROM raw.t) AS q (a, b, c)", []string{
			`RAW.T.* -> "query@1:1".A DIRECT/IDENTITY`,
			`RAW.T.* -> "query@1:1".B DIRECT/IDENTITY`,
			`RAW.T.AMOUNT -> "query@1:1".C DIRECT/TRANSFORMATION`,
		}},
		{"unpivot value column", "SELECT s FROM (SELECT * FROM raw.sales) UNPIVOT (amount FOR month IN (jan, feb)) AS u (e, m, s)", []string{
			`RAW.SALES.FEB -> "query@1:1".S DIRECT/TRANSFORMATION`,
			`RAW.SALES.JAN -> "query@1:1".S DIRECT/TRANSFORMATION`,
		}},
		{"short list", "SELECT a FROM (SELECT *, amount * 2 AS dbl FROM raw.t) AS q (a)", []string{
			`RAW.T.* -> "query@1:1".A DIRECT/IDENTITY`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: sqlparse.Snowflake})
			require.NoError(t, err)
			sr := res.Statements[0]
			got := edgeStrings(sr.Edges)
			sort.Strings(got)
			assert.Equal(t, tc.want, got)
			var warned bool
			for _, w := range sr.Warnings {
				warned = warned || strings.Contains(w.Message, "unknown width")
			}
			assert.True(t, warned, "the guess about the width of * is warned about: %v", sr.Warnings)
		})
	}
}

// An earlier output column that is the table's own column unchanged
// (SELECT k, SUM(v) .. GROUP BY k over a table of unknown columns) is the
// same column whichever way the later name is read: no warning, full
// confidence. One computed from it (UPPER(k) AS k) still warns.
func TestLateralAliasPassingTheColumnThroughIsNotWarned(t *testing.T) {
	for _, d := range []sqlparse.Dialect{sqlparse.Snowflake, sqlparse.Redshift} {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "INSERT INTO t (k, n) SELECT k, COUNT(*) AS n FROM s GROUP BY k", Dialect: d})
		require.NoError(t, err)
		sr := res.Statements[0]
		assert.Empty(t, sr.Warnings, "%s", d)
		assert.Equal(t, 1.0, sr.Confidence, "%s", d)

		res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "INSERT INTO t (k, n) SELECT UPPER(k) AS k, COUNT(*) AS n FROM s GROUP BY k", Dialect: d})
		require.NoError(t, err)
		sr = res.Statements[0]
		var warned bool
		for _, w := range sr.Warnings {
			warned = warned || w.Code == WarnAmbiguousColumn && strings.Contains(w.Message, "earlier output column")
		}
		assert.True(t, warned, "%s: %v", d, sr.Warnings)
	}
}

// Snowflake and Redshift let WHERE name an output column by its alias when
// no table has that name: the filter is on the alias's sources. Where a
// table may have the name it stays the table's; Postgres has no such rule.
func TestWhereSeesOutputAliases(t *testing.T) {
	const sql = "INSERT INTO t (x) SELECT a + 1 AS b FROM s WHERE b > 2"
	for d, want := range map[sqlparse.Dialect]string{
		sqlparse.Snowflake: "S.A -> T INDIRECT/FILTER",
		sqlparse.Redshift:  "s.a -> t INDIRECT/FILTER",
	} {
		cat := newCatalog(t, PlatformOf(d), map[string][]string{"s": {"a", "d"}})
		res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: d})
		require.NoError(t, err)
		sr := res.Statements[0]
		assert.Contains(t, edgeStrings(sr.Edges), want, "%s", d)
		assert.Empty(t, sr.Warnings, "%s", d)
	}
	cat := newCatalog(t, PlatformOf(sqlparse.Postgres), map[string][]string{"s": {"a", "d"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	sr := res.Statements[0]
	assert.NotContains(t, edgeStrings(sr.Edges), "s.a -> t INDIRECT/FILTER")
	require.NotEmpty(t, sr.Warnings)
	assert.Equal(t, WarnUnknownColumn, sr.Warnings[0].Code)
}

// A VALUES list's columns are column1, column2, .. as unquoted names:
// Snowflake folds them to COLUMN1, COLUMN2, so SELECT column1 FROM VALUES
// .. finds its column exactly (no "only ignoring case" warning), as it does
// on Postgres.
func TestValuesColumnNamesFoldAsUnquoted(t *testing.T) {
	for _, d := range []sqlparse.Dialect{sqlparse.Snowflake, sqlparse.Postgres, sqlparse.Redshift} {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "INSERT INTO t (x, y) SELECT column1, column2 FROM (VALUES (1, 'a'), (2, 'b')) AS v", Dialect: d})
		require.NoError(t, err, "%s", d)
		sr := res.Statements[0]
		assert.Empty(t, sr.Warnings, "%s", d)
		assert.Empty(t, sr.Unresolved, "%s", d)
		assert.Equal(t, 1.0, sr.Confidence, "%s", d)
	}
}

// Snowflake's positional reference $n names the n-th column of a FROM
// item whose columns are known (VALUES, a subquery): X.$1 over VALUES is
// its first column, and $2 over the only FROM item its second. Over a
// table of unknown columns $n stays that table's column named $n.
func TestSnowflakePositionalColumns(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (a, b) SELECT x.$1, x.$2 FROM VALUES ('k', CURRENT_DATE()) x LEFT JOIN t p ON p.a = x.$1 WHERE p.a IS NULL", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	sr := res.Statements[0]
	assert.Empty(t, sr.Warnings)
	assert.Empty(t, sr.Unresolved)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (a, b) SELECT $2, $1 FROM (SELECT u, v FROM s)", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, []string{"S.V"}, sourcesOf(res)["T.A"])
	assert.Equal(t, []string{"S.U"}, sourcesOf(res)["T.B"])
	assert.Empty(t, res.Statements[0].Warnings)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (a) SELECT $1 FROM s", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, []string{"S.$1"}, sourcesOf(res)["T.A"])
}

// A table function whose columns are not known (TABLE(f(..)), a UDTF or a
// system function such as INFORMATION_SCHEMA.LOGIN_HISTORY) has any column
// a query names, each computed from the function's arguments (none when
// they are constants): no unresolved column, one warning that says so. Its
// `*` stays unexpanded.
func TestOpaqueTableFunctionColumns(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (a, b) SELECT f.a, f.b FROM s, TABLE(my_udtf(s.x)) f", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	sr := res.Statements[0]
	assert.Empty(t, sr.Unresolved)
	assert.Contains(t, edgeStrings(sr.Edges), "S.X -> T.A DIRECT/TRANSFORMATION")
	assert.Contains(t, edgeStrings(sr.Edges), "S.X -> T.B DIRECT/TRANSFORMATION")
	require.Len(t, sr.Warnings, 1)
	assert.Equal(t, WarnUserFunction, sr.Warnings[0].Code)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (u, e) SELECT user_name, error_code FROM TABLE(information_schema.login_history(time_range_start => CURRENT_TIMESTAMP())) WHERE is_success = 'NO'", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	sr = res.Statements[0]
	assert.Empty(t, sr.Unresolved)
	assert.Empty(t, sr.Edges)
	require.Len(t, sr.Warnings, 1)
}

// A Snowflake Scripting DECLARE section may declare several variables,
// cursors and result sets, one a statement: the further ones are
// procedural, and the block's lineage is its INSERT's.
func TestAnalyzeSnowflakeScriptingSeveralDeclarations(t *testing.T) {
	sql := "EXECUTE IMMEDIATE $$\nDECLARE\n  d1 DATE;\n  d2 DATE DEFAULT CURRENT_DATE();\n  c1 CURSOR FOR SELECT k FROM w;\nBEGIN\n" +
		"  INSERT INTO x (v) SELECT s.v FROM s WHERE s.d >= :d1 AND s.d < :d2;\n  RETURN 'ok';\nEND;\n$$"
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"X.V": {"S.V"}}, sourcesOf(res))
}
