package lineage

import (
	"context"
	"strings"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A lambda's parameters are bound by the lambda: a parameter named like a
// column of the table in scope is not that column. The array argument and
// the body's other columns are sources.
func TestAnalyzeLambdaParameters(t *testing.T) {
	schema := map[string][]string{"t": {"xs", "x", "k"}}
	for _, d := range []sqlparse.Dialect{sqlparse.Hive, sqlparse.Trino, sqlparse.DuckDB} {
		t.Run(d.String(), func(t *testing.T) {
			res, err := NewAnalyzer(newCatalog(t, PlatformOf(d), schema)).Analyze(context.Background(), Statement{
				SQL:     "INSERT INTO o SELECT transform(xs, x -> x + k) AS y, filter(xs, (x) -> x > 0) AS z FROM t",
				Dialect: d,
			})
			require.NoError(t, err)
			direct := directEdgeStrings(res.Edges())
			assert.ElementsMatch(t, []string{
				"t.xs -> o.y DIRECT/TRANSFORMATION", "t.k -> o.y DIRECT/TRANSFORMATION",
				"t.xs -> o.z DIRECT/TRANSFORMATION",
			}, direct)
		})
	}
}

// The aggregates TiDB's grammar does not know (COUNT_IF, MAX_BY, MEDIAN)
// aggregate all the same: sqlparse.IsAggregate is the one list.
func TestAnalyzeWarehouseAggregates(t *testing.T) {
	res, err := NewAnalyzer(newCatalog(t, Trino, map[string][]string{"t": {"k", "x", "a", "b"}})).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO o SELECT k, count_if(x > 0) AS n, max_by(a, b) AS m FROM t GROUP BY k", Dialect: sqlparse.Trino})
	require.NoError(t, err)
	direct := directEdgeStrings(res.Edges())
	assert.ElementsMatch(t, []string{"t.k -> o.k DIRECT/IDENTITY", "t.x -> o.n DIRECT/AGGREGATION",
		"t.a -> o.m DIRECT/AGGREGATION", "t.b -> o.m DIRECT/AGGREGATION"}, direct)
	for _, w := range res.Warnings {
		assert.NotEqual(t, WarnUserFunction, w.Code, w.Message)
	}
}

// Every hash of the function catalogue masks, in any case and without an
// option; a window's frame value functions aggregate the frame while its
// offset functions (LAG) transform one row's value.
func TestAnalyzeFunctionCatalogue(t *testing.T) {
	for _, h := range HashFunctions() {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t SELECT " + strings.ToUpper(h) + "(email) AS e FROM u"})
		require.NoError(t, err, h)
		assert.Equal(t, []string{"u.email -> t.e DIRECT/TRANSFORMATION/MASKED"}, edgeStrings(res.Edges()), h)
	}
	res, err := NewAnalyzer(newCatalog(t, Trino, map[string][]string{"t": {"k", "x", "y", "d"}})).Analyze(context.Background(), Statement{
		SQL:     "INSERT INTO o SELECT first_value(x) OVER (PARTITION BY k ORDER BY d) AS f, lag(y) OVER (PARTITION BY k ORDER BY d) AS l FROM t",
		Dialect: sqlparse.Trino})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"t.x -> o.f DIRECT/AGGREGATION", "t.y -> o.l DIRECT/TRANSFORMATION"}, directEdgeStrings(res.Edges()))
}
