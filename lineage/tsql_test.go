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

// UPDATE of a CTE (T-SQL) writes the table under it, when every updated
// column is one table's column as it is; otherwise it says so.
func TestAnalyzeUpdateThroughCTE(t *testing.T) {
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "WITH x AS (SELECT c.Id, c.LastAt, o.At, ROW_NUMBER() OVER (PARTITION BY o.Id ORDER BY o.At DESC) AS rn " +
			"FROM dbo.C c JOIN dbo.O o ON o.Id = c.Id) UPDATE x SET LastAt = At WHERE rn = 1",
		Dialect: sqlparse.TSQL})
	require.NoError(t, err)
	require.Len(t, res.Statements, 1)
	require.NotNil(t, res.Statements[0].Target)
	assert.Equal(t, "dbo.c", res.Statements[0].Target.QualifiedName())
	direct := directEdgeStrings(res.Edges())
	assert.ElementsMatch(t, []string{"dbo.o.at -> dbo.c.lastat DIRECT/IDENTITY"}, direct)

	res, err = NewAnalyzer(nil).Analyze(context.Background(), Statement{
		SQL: "WITH x AS (SELECT c.Id, c.A + 1 AS A1 FROM dbo.C c) UPDATE x SET A1 = 0", Dialect: sqlparse.TSQL})
	require.NoError(t, err)
	var warned bool
	for _, w := range res.Warnings {
		warned = warned || w.Code == WarnUnsupported
	}
	assert.True(t, warned, "an updated column computed in the CTE is not a table's")
}
