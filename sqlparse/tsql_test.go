package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// T-SQL's alias = expr names a select item; elsewhere = compares.
func TestTSQLAssignAliases(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"alias = expr", TSQL, "SELECT TOP 5 total = a + b, [Name] = c, d FROM dbo.t WHERE e = 1",
			"SELECT `a`+`b` AS `total`,`c` AS `\"Name\"`,`d` FROM `dbo`.`t` WHERE `e`=1 LIMIT 5", KindSelect},
		{"in a subquery and an insert", TSQL, "INSERT INTO #t SELECT x = (SELECT m = MAX(v) FROM s) FROM u",
			"INSERT INTO `#t` SELECT (SELECT MAX(`v`) AS `m` FROM `s`) AS `x` FROM `u`", KindInsert},
		{"other dialects compare", ANSI, "SELECT a = b FROM t",
			"SELECT `a`=`b` FROM `t`", KindSelect},
	})
}

// T-SQL INSERT INTO t EXEC proc takes its rows from a procedure: a utility
// statement (no query to read), which does not stop the script, and whose
// Opaque names the table written, its columns and the procedure.
func TestInsertExec(t *testing.T) {
	sts, err := Parse("INSERT INTO #rows (a, [b c]) EXEC dbo.usp_GetRows @Day = 1;\nINSERT INTO dbo.t (a) SELECT a FROM #rows", TSQL)
	require.NoError(t, err)
	require.Len(t, sts, 2)
	assert.Equal(t, KindUtility, sts[0].Kind)
	assert.Equal(t, KindInsert, sts[1].Kind)
	require.NotNil(t, sts[0].Opaque)
	ow := sts[0].Opaque
	assert.Equal(t, []Ident{{Name: "#rows"}}, ow.Table.Parts)
	assert.Equal(t, Pos{Offset: 12, Line: 1, Column: 13}, ow.Table.Span.Start)
	assert.Equal(t, []Ident{{Name: "a"}, {Name: "b c", Quoted: true}}, ow.Columns)
	assert.Equal(t, []Ident{{Name: "dbo"}, {Name: "usp_GetRows"}}, ow.By.Parts)
	assert.Nil(t, sts[1].Opaque)
}
