package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// T-SQL's INSERT INTO t EXEC proc writes t with rows from a query the
// statement does not show: t is the target, no column edge is invented,
// and a warning at t with the procedure's name lowers the confidence.
func TestAnalyzeInsertExecWarnsOfAnUnseenSource(t *testing.T) {
	tests := []struct {
		name, sql, target, by string
		cols                  []string
	}{
		{"with a column list", "INSERT INTO dbo.Totals (CustomerID, Total) EXEC dbo.usp_totals @since = '2024-01-01'", "totals", "procedure dbo.usp_totals", []string{"customerid", "total"}},
		{"return code and no INTO", "INSERT mart.t EXECUTE @rc = etl.load_t 1", "t", "procedure etl.load_t", nil},
		{"dynamic sql", "INSERT INTO #stage EXEC ('SELECT a FROM s')", "#stage", "dynamic SQL", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: sqlparse.TSQL})
			require.NoError(t, err)
			require.Len(t, res.Statements, 1)
			sr := res.Statements[0]
			require.NotNil(t, sr.Target)
			assert.Equal(t, tc.target, sr.Target.Name)
			assert.Empty(t, sr.Edges)
			assert.Equal(t, tc.cols, sr.Columns)
			require.Len(t, sr.Warnings, 1)
			w := sr.Warnings[0]
			assert.Equal(t, WarnUnseenSource, w.Code)
			assert.Contains(t, w.Message, tc.by)
			assert.Equal(t, 1, w.Pos.Line)
			assert.Greater(t, w.Pos.Column, 7)
			assert.Less(t, res.Confidence, 1.0)
		})
	}
	// INSERT .. SELECT with an EXEC elsewhere in the text is an insert.
	res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: "INSERT INTO t (a) SELECT a FROM s", Dialect: sqlparse.TSQL})
	require.NoError(t, err)
	for _, w := range res.Warnings {
		assert.NotEqual(t, WarnUnseenSource, w.Code)
	}
}

// A temporary table filled by INSERT .. EXEC holds rows no query shows: a
// later read of it warns, at the reading statement, that lineage through
// it is incomplete (what the other writes gave it still flows).
func TestAnalyzeReadOfTempFilledByExecWarns(t *testing.T) {
	cat := newCatalog(t, PlatformOf(sqlparse.TSQL), map[string][]string{"s": {"a"}})
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{Dialect: sqlparse.TSQL,
		SQL: "CREATE TABLE #t (a int);\nINSERT INTO #t (a) SELECT a FROM s;\nINSERT INTO #t (a) EXEC dbo.more_rows;\nINSERT INTO final (x) SELECT a FROM #t"})
	require.NoError(t, err)
	require.Len(t, res.Statements, 4)
	last := res.Statements[3]
	assert.Equal(t, []string{"s.a -> final.x DIRECT/IDENTITY"}, edgeStrings(last.Edges))
	require.Len(t, last.Warnings, 1)
	assert.Equal(t, WarnUnseenSource, last.Warnings[0].Code)
	assert.Contains(t, last.Warnings[0].Message, "dbo.more_rows")
	assert.Equal(t, 4, last.Warnings[0].Pos.Line)
	assert.Less(t, last.Confidence, 1.0)
	assert.Empty(t, res.Statements[1].Warnings, "a read before the EXEC write does not warn")
}
