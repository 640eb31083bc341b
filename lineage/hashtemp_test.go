package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// In Redshift and T-SQL a table named #t (or ##t) is temporary however it
// is made, SELECT .. INTO #t as well as CREATE TABLE #t AS: the statement
// that writes it states its lineage into it, and a later read is stated
// between persistent datasets, through it.
func TestAnalyzeHashNamedTablesAreTemporary(t *testing.T) {
	schema := map[string][]string{"s": {"a", "b"}}
	for _, d := range []sqlparse.Dialect{sqlparse.Redshift, sqlparse.TSQL} {
		for _, write := range []string{
			"SELECT a, b INTO #t FROM s",
			"CREATE TABLE #t AS SELECT a, b FROM s",
		} {
			t.Run(d.String()+"/"+write, func(t *testing.T) {
				res, err := NewAnalyzer(newCatalog(t, PlatformOf(d), schema)).Analyze(context.Background(), Statement{
					SQL: write + ";\nINSERT INTO final (x) SELECT b FROM #t", Dialect: d})
				require.NoError(t, err)
				require.Len(t, res.Statements, 2)
				first := res.Statements[0]
				require.NotNil(t, first.Target)
				assert.Equal(t, KindTemporary, first.Target.Kind)
				assert.Equal(t, "#t", first.Target.Name)
				assert.ElementsMatch(t, []string{`s.a -> "#t".a DIRECT/IDENTITY`, `s.b -> "#t".b DIRECT/IDENTITY`}, edgeStrings(first.Edges))
				assert.Equal(t, []string{"s.b -> final.x DIRECT/IDENTITY"}, edgeStrings(res.Statements[1].Edges))
			})
		}
	}
	// ## is T-SQL's global temporary table; a name with # inside is not
	// temporary
	res, err := NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.TSQL), schema)).Analyze(context.Background(), Statement{
		SQL: "SELECT a INTO ##g FROM s", Dialect: sqlparse.TSQL})
	require.NoError(t, err)
	require.NotNil(t, res.Statements[0].Target)
	assert.Equal(t, KindTemporary, res.Statements[0].Target.Kind)
	res, err = NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.Redshift), schema)).Analyze(context.Background(), Statement{
		SQL: "SELECT a INTO t#1 FROM s", Dialect: sqlparse.Redshift})
	if err == nil && len(res.Statements) > 0 && res.Statements[0].Target != nil {
		assert.NotEqual(t, KindTemporary, res.Statements[0].Target.Kind)
	}
}

// CREATE TEMP[ORARY] VIEW (Postgres, Spark) lives as long as the session,
// as a temporary table does: a later read is stated from what the view is
// made of, and a view column made of no column (a literal, a generated
// series) brings no edge, not one from the view.
func TestAnalyzeTemporaryViewIsCollapsed(t *testing.T) {
	schema := map[string][]string{"s": {"a", "b"}}
	for _, d := range []sqlparse.Dialect{sqlparse.Postgres, sqlparse.Hive} {
		t.Run(d.String(), func(t *testing.T) {
			res, err := NewAnalyzer(newCatalog(t, PlatformOf(d), schema)).Analyze(context.Background(), Statement{
				SQL: "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT a, current_date AS d FROM s;\n" +
					"INSERT INTO final (x, y) SELECT a, d FROM v", Dialect: d})
			require.NoError(t, err)
			require.Len(t, res.Statements, 2)
			first := res.Statements[0]
			require.NotNil(t, first.Target)
			assert.Equal(t, KindTemporary, first.Target.Kind)
			assert.Equal(t, []string{"s.a -> final.x DIRECT/IDENTITY"}, edgeStrings(res.Statements[1].Edges))
		})
	}
	// a view that is not temporary stays a node of its own
	res, err := NewAnalyzer(newCatalog(t, PlatformOf(sqlparse.Postgres), schema)).Analyze(context.Background(), Statement{
		SQL: "CREATE VIEW v AS SELECT a FROM s;\nINSERT INTO final (x) SELECT a FROM v", Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	require.NotNil(t, res.Statements[0].Target)
	assert.Equal(t, KindView, res.Statements[0].Target.Kind)
	assert.Equal(t, []string{"v.a -> final.x DIRECT/IDENTITY"}, edgeStrings(res.Statements[1].Edges))
}
