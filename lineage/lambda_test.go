package lineage

import (
	"context"
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
