package lineage

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

// TestUnsureSaysWhere: where the resolver cannot know, it warns with the
// position of what it could not resolve and lowers confidence; it does
// not make an edge that picks one answer.
func TestUnsureSaysWhere(t *testing.T) {
	ctx := context.Background()
	t.Run("ambiguous column points at its select field", func(t *testing.T) {
		res, err := NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "INSERT INTO t (a) SELECT\n  x FROM s JOIN u ON s.id = u.id", Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		require.Len(t, res.Warnings, 1)
		w := res.Warnings[0]
		assert.Equal(t, WarnAmbiguousColumn, w.Code)
		assert.Equal(t, 2, w.Pos.Line)
		assert.Equal(t, 3, w.Pos.Column)
		assert.Empty(t, sourcesOf(res)["t.a"], "no edge from either table")
		assert.Less(t, res.Confidence, 1.0)
	})
	t.Run("a name in a subquery over a table of unknown columns that the outer query has", func(t *testing.T) {
		res, err := NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "WITH c AS (SELECT a AS day FROM s) INSERT INTO t (m) SELECT (SELECT max(v) FROM u WHERE w <= day) FROM c", Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		require.Len(t, res.Warnings, 1)
		assert.Equal(t, WarnAmbiguousColumn, res.Warnings[0].Code)
		assert.Contains(t, res.Warnings[0].Message, "outer query's c.day")
		assert.Equal(t, []string{"u.v"}, sourcesOf(res)["t.m"])
		assert.Less(t, res.Confidence, 1.0)
		// with the outer query's name qualified, nothing is unsure
		res, err = NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "WITH c AS (SELECT a AS day FROM s) INSERT INTO t (m) SELECT (SELECT max(v) FROM u WHERE w <= c.day) FROM c", Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		assert.Empty(t, res.Warnings)
	})
	t.Run("star of unknown columns into a column list feeds every column it may fill", func(t *testing.T) {
		res, err := NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "INSERT INTO t (k, a, b, z) SELECT id, *, 0 FROM s", Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		got := sourcesOf(res)
		assert.Equal(t, []string{"s.id"}, got["t.k"], "before the star: by position")
		assert.Equal(t, []string{"s.*"}, got["t.a"])
		assert.Equal(t, []string{"s.*"}, got["t.b"])
		assert.Empty(t, got["t.z"], "after the star: by position from the end (a literal)")
		require.NotEmpty(t, res.Warnings)
		assert.Equal(t, WarnStarUnexpanded, res.Warnings[0].Code)
		assert.Less(t, res.Confidence, 1.0)
	})
	t.Run("a known catalog settles the star", func(t *testing.T) {
		cat := newCatalog(t, PlatformOf(sqlparse.Postgres), map[string][]string{"s": {"p", "q"}})
		res, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: "INSERT INTO t (a, b) SELECT * FROM s", Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		assert.Equal(t, map[string][]string{"t.a": {"s.p"}, "t.b": {"s.q"}}, sourcesOf(res))
		assert.Equal(t, 1.0, res.Confidence)
	})
}

// TestUnionOfStarsHasEveryBranch: a column read from a set operation
// whose branches are each `*` over one table of unknown columns is that
// column of every branch's table (columns match by position), not a
// choice between them.
func TestUnionOfStarsHasEveryBranch(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t WITH d AS (SELECT * FROM a UNION SELECT * FROM b) SELECT x FROM d", Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	assert.Equal(t, []string{"a.x", "b.x"}, sourcesOf(res)["t.x"])

	// A join of two such tables is a choice: no edge, a warning.
	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t WITH d AS (SELECT * FROM a JOIN b ON a.id = b.id) SELECT x FROM d", Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	assert.Empty(t, sourcesOf(res)["t.x"])
	assert.Less(t, res.Confidence, 1.0)
}

// TestUserFunctionSaysItGuesses: a qualified function name is a
// user-defined function whose argument roles are unknown: every argument
// is a source, and a warning at its select field says so.
func TestUserFunctionSaysItGuesses(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (v) SELECT\n  `proj.udf.combine`(a, b) FROM s", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.Equal(t, []string{"s.a", "s.b"}, sourcesOf(res)["t.v"])
	require.Len(t, res.Warnings, 1)
	assert.Equal(t, WarnUserFunction, res.Warnings[0].Code)
	assert.Equal(t, 2, res.Warnings[0].Pos.Line)
	assert.Less(t, res.Confidence, 1.0)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (v) SELECT COALESCE(a, b) FROM s", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings, "a built-in function is not a guess")
}

// A function of Snowflake's SNOWFLAKE.CORTEX schema is a built-in: its
// value derives from all its arguments with no warning; the same name in a
// schema of the user's is a user-defined function, warned.
func TestCortexSchemaFunctionIsBuiltin(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (v) SELECT SNOWFLAKE.CORTEX.COMPLETE('some-model', a) FROM s", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, []string{"S.A"}, sourcesOf(res)["T.V"])
	assert.Empty(t, res.Warnings)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (v) SELECT MY_DB.CORTEX.COMPLETE('some-model', a) FROM s", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Equal(t, []string{"S.A"}, sourcesOf(res)["T.V"])
	require.Len(t, res.Warnings, 1)
	assert.Equal(t, WarnUserFunction, res.Warnings[0].Code)

	// pg_catalog holds Postgres's and Redshift's own functions
	for _, d := range []sqlparse.Dialect{sqlparse.Postgres, sqlparse.Redshift} {
		res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "INSERT INTO t (v) SELECT pg_catalog.format_type(a, b) FROM s", Dialect: d})
		require.NoError(t, err)
		assert.Equal(t, []string{"s.a", "s.b"}, sourcesOf(res)["t.v"], "%s", d)
		assert.Empty(t, res.Warnings, "%s", d)
	}
}

// TestUnqualifiedUserFunctionSaysItGuesses: an unqualified function of
// several arguments that no warehouse has built in is a user-defined
// function on the search path: all arguments are sources, with a warning;
// a built-in of several arguments, or any function of one, is no guess.
func TestUnqualifiedUserFunctionSaysItGuesses(t *testing.T) {
	cases := []struct {
		sql    string
		want   []string
		warned bool
	}{
		{"INSERT INTO t (v) SELECT\n  blend_scores(a, b) FROM s", []string{"s.a", "s.b"}, true},
		{"INSERT INTO t (v) SELECT regexp_replace(a, b, 'x') FROM s", []string{"s.a", "s.b"}, false},
		{"INSERT INTO t (v) SELECT normalize_id(a) FROM s", []string{"s.a"}, false},
	}
	for _, c := range cases {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: c.sql, Dialect: sqlparse.Postgres})
		require.NoError(t, err)
		assert.Equal(t, c.want, sourcesOf(res)["t.v"], c.sql)
		if !c.warned {
			assert.Empty(t, res.Warnings, c.sql)
			continue
		}
		require.Len(t, res.Warnings, 1, c.sql)
		assert.Equal(t, WarnUserFunction, res.Warnings[0].Code)
		assert.Equal(t, 2, res.Warnings[0].Pos.Line)
		assert.Less(t, res.Confidence, 1.0)
	}
}

// A Snowflake session variable ($v) is a value, not a column: no edge, not
// even a filter's; a stage file's positional column ($1) is a column.
func TestAnalyzeSessionVariables(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO x (d, e) SELECT d, $v FROM y WHERE d > $since", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"Y.D -> X.D DIRECT/IDENTITY", "Y.D -> X INDIRECT/FILTER"}, edgeStrings(res.Edges()))
}

// A table named by a session variable (TABLE($t), IDENTIFIER($t)) is the
// table an earlier SET of the session named, in either SET form; a
// variable the session has not set keeps its own name and is warned about.
func TestTableNamedBySessionVariable(t *testing.T) {
	s := NewAnalyzer(nil).NewSession()
	ctx := context.Background()
	_, err := s.Analyze(ctx, Statement{SQL: "SET (src, lkp) = ('raw.\"Events\"', 'raw.users')", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	res, err := s.Analyze(ctx, Statement{
		SQL:     "INSERT INTO x (e, u) SELECT e.id, u.name FROM TABLE($src) e JOIN IDENTIFIER($LKP) u ON e.uid = u.id",
		Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	assert.Subset(t, edgeStrings(res.Edges()), []string{"RAW.Events.ID -> X.E DIRECT/IDENTITY", "RAW.USERS.NAME -> X.U DIRECT/IDENTITY"})
	assert.Equal(t, 1.0, res.Confidence)

	res, err = NewAnalyzer(nil).Analyze(ctx, Statement{SQL: "SET t = 'raw.a';\nINSERT INTO x (e) SELECT id FROM TABLE($other)", Dialect: sqlparse.Snowflake})
	require.NoError(t, err)
	require.Len(t, res.Warnings, 1)
	assert.Equal(t, WarnUnseenSource, res.Warnings[0].Code)
	assert.Equal(t, 2, res.Warnings[0].Pos.Line)
	assert.Less(t, res.Confidence, 1.0)
}

// A DECLAREd script variable (BigQuery, Snowflake scripting) is a value,
// not a column, where no table in scope has a column of its name; where
// one has, the name is that column.
func TestAnalyzeDeclaredVariables(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL:     "DECLARE cutoff, label STRING DEFAULT 'x';\nINSERT INTO ds.o (d, l) SELECT d, label FROM ds.s WHERE d > cutoff",
		Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"ds.s.d -> ds.o.d DIRECT/IDENTITY", "ds.s.d -> ds.o INDIRECT/FILTER"}, edgeStrings(res.Edges()))

	cat := newCatalog(t, BigQuery, map[string][]string{"ds.s": {"d", "cutoff"}})
	res, err = NewAnalyzer(cat).Analyze(context.Background(), Statement{
		SQL: "DECLARE cutoff DATE;\nINSERT INTO ds.o (d) SELECT cutoff FROM ds.s", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)
	assert.Contains(t, edgeStrings(res.Edges()), "ds.s.cutoff -> ds.o.d DIRECT/IDENTITY")
}

// SYSDATE, SYSTEM_USER and kin, written without brackets, are values: no
// column of the table in scope, unless the catalog says the table has one
// of that name (or the name is quoted).
func TestAnalyzeNiladicFunctions(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO a.t (x, at, who) SELECT x, SYSDATE, SYSTEM_USER FROM a.s", Dialect: sqlparse.Redshift})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a.s.x -> a.t.x DIRECT/IDENTITY"}, edgeStrings(res.Edges()))

	// Hive's GROUPING__ID is the grouping set's number, no column of s
	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO a.t SELECT x, GROUPING__ID AS g FROM a.s GROUP BY x WITH ROLLUP", Dialect: sqlparse.Hive})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a.s.x -> a.t.x DIRECT/IDENTITY", "a.s.x -> a.t INDIRECT/GROUP_BY"}, edgeStrings(res.Edges()))

	cat := newCatalog(t, Redshift, map[string][]string{"a.s": {"x", "sysdate"}})
	res, err = NewAnalyzer(cat).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO a.t (x, at) SELECT x, sysdate FROM a.s", Dialect: sqlparse.Redshift})
	require.NoError(t, err)
	assert.Contains(t, edgeStrings(res.Edges()), "a.s.sysdate -> a.t.at DIRECT/IDENTITY")
}
