package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// T-SQL: SELECT alias = expr names the column alias, from expr's columns;
// names fold case-insensitively (platform mssql).
func TestAnalyzeTSQLAssignAlias(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO Sales.dbo.Totals (Total) SELECT Total = s.Amount + s.Tax FROM dbo.Src s", Dialect: sqlparse.TSQL})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"dbo.src.amount -> sales.dbo.totals.total DIRECT/TRANSFORMATION",
		"dbo.src.tax -> sales.dbo.totals.total DIRECT/TRANSFORMATION",
	}, edgeStrings(res.Edges()))
}
