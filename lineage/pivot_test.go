package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Lineage through PIVOT and UNPIVOT: an unpivoted value column comes from
// every column listed in its position, the name column from all listed
// columns, the other columns pass through; a pivoted column comes from its
// aggregate's arguments, and the grouping columns pass through.
func TestAnalyzePivots(t *testing.T) {
	sales := map[string][]string{"sales": {"id", "jan", "feb", "north", "south"}}
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		schema  map[string][]string
		sql     string
		want    []string
	}{
		{
			name: "unpivot", dialect: sqlparse.Snowflake, schema: sales,
			sql: "INSERT INTO t SELECT id, month, score FROM sales UNPIVOT (score FOR month IN (jan, feb))",
			want: []string{
				"SALES.ID -> T.ID DIRECT/IDENTITY",
				"SALES.JAN -> T.MONTH DIRECT/TRANSFORMATION", "SALES.FEB -> T.MONTH DIRECT/TRANSFORMATION",
				"SALES.JAN -> T.SCORE DIRECT/TRANSFORMATION", "SALES.FEB -> T.SCORE DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "unpivot star keeps the untouched columns", dialect: sqlparse.DuckDB, schema: sales,
			sql: "CREATE TABLE t AS SELECT * FROM sales UNPIVOT (v FOR m IN (jan, feb))",
			want: []string{
				"sales.id -> t.id DIRECT/IDENTITY", "sales.north -> t.north DIRECT/IDENTITY", "sales.south -> t.south DIRECT/IDENTITY",
				"sales.jan -> t.m DIRECT/TRANSFORMATION", "sales.feb -> t.m DIRECT/TRANSFORMATION",
				"sales.jan -> t.v DIRECT/TRANSFORMATION", "sales.feb -> t.v DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "chained unpivots with a column list", dialect: sqlparse.Snowflake, schema: sales,
			sql: "INSERT INTO t SELECT a, c, e FROM sales UNPIVOT(s FOR mon IN (jan, feb)) UNPIVOT(h FOR reg IN (north, south)) AS x(a, b, c, d, e)",
			want: []string{
				"SALES.ID -> T.A DIRECT/IDENTITY",
				"SALES.JAN -> T.C DIRECT/TRANSFORMATION", "SALES.FEB -> T.C DIRECT/TRANSFORMATION",
				"SALES.NORTH -> T.E DIRECT/TRANSFORMATION", "SALES.SOUTH -> T.E DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "multi-column unpivot", dialect: sqlparse.BigQuery,
			schema: map[string][]string{"produce": {"product", "q1", "q2", "q3", "q4"}},
			sql:    "INSERT INTO t SELECT product, h1, h2 FROM produce UNPIVOT((h1, h2) FOR sem IN ((q1, q2) AS 's1', (q3, q4) AS 's2'))",
			want: []string{
				"produce.product -> t.product DIRECT/IDENTITY",
				"produce.q1 -> t.h1 DIRECT/TRANSFORMATION", "produce.q3 -> t.h1 DIRECT/TRANSFORMATION",
				"produce.q2 -> t.h2 DIRECT/TRANSFORMATION", "produce.q4 -> t.h2 DIRECT/TRANSFORMATION",
			},
		},
		{
			name: "pivot", dialect: sqlparse.TSQL,
			schema: map[string][]string{"dbo.s": {"region", "quarter", "amount"}},
			sql:    "INSERT INTO dbo.t SELECT region, [Q1], [Q2] FROM dbo.s PIVOT (SUM(amount) FOR quarter IN ([Q1], [Q2])) AS p",
			want: []string{
				"dbo.s.region -> dbo.t.region DIRECT/IDENTITY",
				"dbo.s.amount -> dbo.t.q1 DIRECT/AGGREGATION", "dbo.s.amount -> dbo.t.q2 DIRECT/AGGREGATION",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PlatformOf(tc.dialect)
			res, err := NewAnalyzer(newCatalog(t, p, tc.schema)).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.dialect})
			require.NoError(t, err)
			direct := directEdgeStrings(res.Edges())
			assert.ElementsMatch(t, tc.want, direct)
		})
	}
}
