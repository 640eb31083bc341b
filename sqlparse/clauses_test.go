package sqlparse

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rewriteCase is a statement, its dialect, and the tree it must become,
// restored to canonical SQL (as rewriteCases).
type rewriteCase struct {
	name string
	d    Dialect
	sql  string
	want string
	kind Kind
}

// runRewriteCases parses each case and compares the restored tree.
func runRewriteCases(t *testing.T, cases []rewriteCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := Parse(tc.sql, tc.d)
			require.NoError(t, err)
			require.Len(t, stmts, 1)
			assert.Equal(t, tc.want, restoreAll(stmts[0]))
			assert.Equal(t, tc.kind, stmts[0].Kind)
		})
	}
}

// The select-list and grouping rules: a trailing comma before FROM where
// the dialect allows it; GROUP BY ALL groups by the items that aggregate
// nothing.
func TestClauseRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"trailing comma bigquery", BigQuery, "SELECT a, b, FROM t",
			"SELECT `a`,`b` FROM `t`", KindSelect},
		{"trailing comma with a comment", Snowflake, "SELECT a,\n  b, -- last\nFROM t",
			"SELECT `a`,`b` FROM `t`", KindSelect},
		{"trailing comma in a subquery", DuckDB, "SELECT x FROM (SELECT a AS x, FROM t) s",
			"SELECT `x` FROM (SELECT `a` AS `x` FROM `t`) AS `s`", KindSelect},
		{"group by all keeps the plain items", Snowflake, "SELECT a, SUM(b) AS s, c || d AS e, COUNT(*) FROM t GROUP BY ALL",
			"SELECT `a`,SUM(`b`) AS `s`,CONCAT(`c`, `d`) AS `e`,COUNT(1) FROM `t` GROUP BY 1,3", KindSelect},
		{"group by all with a nested aggregate", BigQuery, "SELECT a, COALESCE(MAX(b), 0) AS m FROM t GROUP BY ALL",
			"SELECT `a`,COALESCE(MAX(`b`), 0) AS `m` FROM `t` GROUP BY 1", KindSelect},
		{"group by all: a window is no aggregate", DuckDB, "SELECT a, SUM(b) OVER (PARTITION BY c) AS w FROM t GROUP BY ALL",
			"SELECT `a`,SUM(`b`) OVER (PARTITION BY `c`) AS `w` FROM `t` GROUP BY 1,2", KindSelect},
		{"group by all: a subquery's aggregate is not the block's", Hive, "SELECT a, (SELECT MAX(x) FROM u) AS m, COUNT(*) AS n FROM t GROUP BY ALL",
			"SELECT `a`,(SELECT MAX(`x`) FROM `u`) AS `m`,COUNT(1) AS `n` FROM `t` GROUP BY 1,2", KindSelect},
		{"group by all in a subquery", Snowflake, "SELECT * FROM (SELECT DISTINCT a, b, COUNT(*) c FROM t GROUP BY ALL) x",
			"SELECT * FROM (SELECT DISTINCT `a`,`b`,COUNT(1) AS `c` FROM `t` GROUP BY 1,2) AS `x`", KindSelect},
		{"group by all with a trailing comma", BigQuery, "SELECT a, COUNT(*) AS n, FROM t GROUP BY ALL",
			"SELECT `a`,COUNT(1) AS `n` FROM `t` GROUP BY 1", KindSelect},
		{"group by all of aggregates only", Snowflake, "SELECT COUNT(*) AS n FROM t GROUP BY ALL",
			"SELECT COUNT(1) AS `n` FROM `t`", KindSelect},
		{"group by all beside a star", DuckDB, "SELECT *, COUNT(*) FROM t GROUP BY ALL",
			"SELECT *,COUNT(1) FROM `t`", KindSelect},
		{"order by all", DuckDB, "SELECT a, b FROM t ORDER BY ALL",
			"SELECT `a`,`b` FROM `t`", KindSelect},
	})
}

// A trailing comma stays an error where the dialect does not allow it.
func TestTrailingCommaOnlyWhereLegal(t *testing.T) {
	for _, d := range []Dialect{ANSI, Postgres, MySQL, Redshift, Hive, Trino, TSQL} {
		_, err := Parse("SELECT a, b, FROM t", d)
		var pe *ParseError
		require.ErrorAs(t, err, &pe, d.String())
		assert.Equal(t, 1, pe.Pos.Line)
	}
}

// BY NAME after a set operator or an INSERT's target marks the SELECT
// that follows (ByName); NAME elsewhere is a name.
func TestByName(t *testing.T) {
	marked := func(sql string, d Dialect) []bool {
		s := parseOne(t, sql, d)
		var out []bool
		for _, n := range s.Nodes {
			n.Accept(visitFunc(func(n ast.Node) {
				if sel, ok := n.(*ast.SelectStmt); ok {
					out = append(out, ByName(sel))
				}
			}))
		}
		return out
	}
	assert.Equal(t, []bool{false, true}, marked("SELECT a FROM t UNION ALL BY NAME SELECT b FROM s", DuckDB))
	assert.Equal(t, []bool{false, true}, marked("SELECT a FROM t UNION BY NAME (SELECT b FROM s)", Hive))
	assert.Equal(t, []bool{true}, marked("INSERT INTO db.t BY NAME SELECT a FROM s", DuckDB))
	assert.Equal(t, []bool{false, false}, marked("SELECT name FROM t UNION SELECT name FROM s ORDER BY name", DuckDB))
}

// visitFunc calls f on every node it enters.
type visitFunc func(ast.Node)

func (f visitFunc) Enter(n ast.Node) (ast.Node, bool) { f(n); return n, false }
func (f visitFunc) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// GROUPING SETS after a grouping list (Hive, Spark) are subsets of it and
// add no column, the empty set included; Postgres' JSON path operators
// #> and #>> extract from their left operand, as the arrows do; # alone
// (Postgres XOR) and a path that is no literal are errors with a position.
func TestGroupingSetsAfterListAndJSONPathOperators(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"hive grouping sets after the list", Hive, "SELECT a, b, count(*) AS n FROM t GROUP BY a, b GROUPING SETS ((a, b), (a), ()) ORDER BY a",
			"SELECT `a`,`b`,COUNT(1) AS `n` FROM `t` GROUP BY `a`,`b` ORDER BY `a`", KindSelect},
		{"spark grouping sets with a bare member", Hive, "SELECT a, b, sum(c) AS s FROM t GROUP BY a, b GROUPING SETS ((a, b), a, ())",
			"SELECT `a`,`b`,SUM(`c`) AS `s` FROM `t` GROUP BY `a`,`b`", KindSelect},
		{"grouping sets as an item of the list", Hive, "SELECT a, b, count(*) AS n FROM t GROUP BY a, GROUPING SETS ((b), ())",
			"SELECT `a`,`b`,COUNT(1) AS `n` FROM `t` GROUP BY `a`,`b`", KindSelect},
		{"json path operators", Postgres, "SELECT j #>> '{a,b}' AS x, (j #> '{a}')::text AS y FROM t WHERE k#>>'{c}' = 'v'",
			"SELECT JSON_EXTRACT(`j`, '{a,b}') AS `x`,CAST((JSON_EXTRACT(`j`, '{a}')) AS CHAR) AS `y` FROM `t` WHERE JSON_EXTRACT(`k`, '{c}')='v'", KindSelect},
		{"json path after an arrow and a call", Redshift, "SELECT t.j -> 'a' #>> '{b}' AS y, f(j)#>'{c}' AS z FROM t",
			"SELECT JSON_EXTRACT(`t`.`j`, 'a', '{b}') AS `y`,JSON_EXTRACT(F(`j`), '{c}') AS `z` FROM `t`", KindSelect},
	})
	for _, sql := range []string{"SELECT a # b AS x FROM t", "SELECT j #> p AS x FROM t"} {
		_, err := Parse(sql, Postgres)
		var pe *ParseError
		require.ErrorAs(t, err, &pe, sql)
		assert.Equal(t, 1, pe.Pos.Line)
		assert.Equal(t, 10, pe.Pos.Column)
	}
}
