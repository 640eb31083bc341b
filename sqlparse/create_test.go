package sqlparse

import (
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A CREATE TABLE whose query has no AS (MySQL, Spark) keeps its query: a
// table made from a query is never read as an empty CREATE TABLE.
func TestCreateTableQueryWithoutAS(t *testing.T) {
	cases := []struct {
		d    Dialect
		sql  string
		want string
	}{
		{Hive, "CREATE TABLE t SELECT a FROM s", "CREATE TABLE `t` AS SELECT `a` FROM `s`"},
		{MySQL, "CREATE TABLE t SELECT a FROM s WHERE b > 1", "CREATE TABLE `t` AS SELECT `a` FROM `s` WHERE `b`>1"},
		{Hive, "CREATE TABLE t STORED AS PARQUET SELECT a FROM s", "CREATE TABLE `t` AS SELECT `a` FROM `s`"},
		// table options after the query (Teradata, Postgres) are no part of it
		{ANSI, "CREATE TABLE t AS (SELECT a FROM s JOIN u ON s.k = u.k) WITH DATA AND STATISTICS UNIQUE PRIMARY INDEX (a)",
			"CREATE TABLE `t` AS (SELECT `a` FROM `s` JOIN `u` ON `s`.`k`=`u`.`k`)"},
		{Postgres, "CREATE TABLE t AS SELECT a FROM s WITH NO DATA", "CREATE TABLE `t` AS SELECT `a` FROM `s`"},
		{ANSI, "CREATE VOLATILE TABLE t AS (SELECT a FROM s) WITH DATA ON COMMIT PRESERVE ROWS",
			"CREATE TEMPORARY TABLE `t` AS (SELECT `a` FROM `s`)"},
	}
	for _, c := range cases {
		t.Run(c.d.String()+"/"+c.sql, func(t *testing.T) {
			stmts, err := Parse(c.sql, c.d)
			require.NoError(t, err)
			require.Len(t, stmts, 1)
			s := stmts[0]
			assert.Equal(t, KindCreateTableAs, s.Kind)
			ct, ok := s.Nodes[0].(*ast.CreateTableStmt)
			require.True(t, ok)
			require.NotNil(t, ct.Select, "the query is kept")
			var b strings.Builder
			require.NoError(t, ct.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)))
			assert.Equal(t, c.want, b.String())
		})
	}
}

func TestCreateTableOptionsAreNotQueries(t *testing.T) {
	stmts, err := Parse("CREATE TABLE log (host STRING) ROW FORMAT SERDE 'x' WITH SERDEPROPERTIES (\"a\" = \"b\") STORED AS TEXTFILE", Hive)
	require.NoError(t, err)
	require.Len(t, stmts, 1)
	assert.Equal(t, KindCreateTable, stmts[0].Kind)
}

// CREATE TABLE t (LIKE s [INCLUDING ..]) (Postgres, Redshift) makes t with
// s's columns: it reads as CREATE TABLE t LIKE s.
func TestCreateTableParenthesisedLike(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"like in brackets", Redshift, "CREATE TEMP TABLE stage (LIKE dim.customers INCLUDING DEFAULTS)",
			"CREATE TEMPORARY TABLE `stage` LIKE `dim`.`customers`", KindCreateTable},
		{"like beside columns keeps the columns", Postgres, "CREATE TABLE t (LIKE s, extra int)",
			"CREATE TABLE `t` (`extra` BIGINT)", KindCreateTable},
	})
}
