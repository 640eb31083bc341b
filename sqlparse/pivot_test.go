package sqlparse

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// PIVOT and UNPIVOT become derived tables whose star drops the consumed
// columns (recorded as EXCLUDE) and whose items state each new column's
// sources.
func TestPivotRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"unpivot", Snowflake, "SELECT id, m, v FROM sales UNPIVOT (v FOR m IN (jan, feb))",
			"SELECT `id`,`m`,`v` FROM (SELECT *,CONCAT(`jan`, `feb`) AS `m`,CONCAT(`jan`, `feb`) AS `v` FROM `sales`) AS `sales`", KindSelect},
		{"unpivot include nulls with alias", Hive, "SELECT u.v FROM db.sales s UNPIVOT INCLUDE NULLS (v FOR m IN (jan AS j, feb AS f)) AS u",
			"SELECT `u`.`v` FROM (SELECT *,CONCAT(`jan`, `feb`) AS `m`,CONCAT(`jan`, `feb`) AS `v` FROM `db`.`sales` AS `s`) AS `u`", KindSelect},
		{"bigquery unpivot lists values first", BigQuery, "SELECT * FROM p UNPIVOT((a, b) FOR s IN ((q1, q2) AS 'x', (q3, q4) AS 'y'))",
			"SELECT * FROM (SELECT *,CONCAT(`q1`, `q3`) AS `a`,CONCAT(`q2`, `q4`) AS `b`,CONCAT(`q1`, `q2`, `q3`, `q4`) AS `s` FROM `p`) AS `p`", KindSelect},
		{"snowflake names a pivot column after the literal, quotes included", Snowflake, "SELECT * FROM t PIVOT(SUM(val) FOR cat IN ('a' AS a, 'b')) p",
			"SELECT * FROM (SELECT *,SUM(`val`) AS `a`,SUM(`val`) AS `\"'b'\"` FROM `t`) AS `p`", KindSelect},
		{"duckdb names a pivot column without quotes", DuckDB, "SELECT * FROM t PIVOT(SUM(val) FOR cat IN ('a' AS a, 'b')) p",
			"SELECT * FROM (SELECT *,SUM(`val`) AS `a`,SUM(`val`) AS `\"b\"` FROM `t`) AS `p`", KindSelect},
		{"pivot of a derived table without alias", ANSI, "SELECT a FROM (SELECT v, c FROM s) PIVOT (SUM(v) AS s, MAX(v) FOR c IN ('a' AS a, 'b'))",
			"SELECT `a` FROM (SELECT *,SUM(`v`) AS `a_s`,MAX(`v`) AS `a_max`,SUM(`v`) AS `\"b_s\"`,MAX(`v`) AS `\"b_max\"` FROM (SELECT `v`,`c` FROM `s`) AS `_src`) AS `_pivot`", KindSelect},
		{"bigquery pivot names alias_value", BigQuery, "SELECT * FROM t PIVOT(SUM(x) AS total FOR q IN ('Q1', 'Q2'))",
			"SELECT * FROM (SELECT *,SUM(`x`) AS `\"total_Q1\"`,SUM(`x`) AS `\"total_Q2\"` FROM `t`) AS `t`", KindSelect},
		{"t-sql pivot", TSQL, "SELECT p.[2023] FROM (SELECT y, amt FROM dbo.s) AS src PIVOT (SUM(amt) FOR y IN ([2023], [2024])) AS p",
			"SELECT `p`.`\"2023\"` FROM (SELECT *,SUM(`amt`) AS `\"2023\"`,SUM(`amt`) AS `\"2024\"` FROM (SELECT `y`,`amt` FROM `dbo`.`s`) AS `src`) AS `p`", KindSelect},
		{"chained with a column list", Snowflake, "SELECT a FROM m UNPIVOT(s FOR mon IN (jan, feb)) UNPIVOT(h FOR r IN (n, x)) AS t(a, b)",
			"SELECT `a` FROM LATERAL (SELECT *,CONCAT(`n`, `x`) AS `r`,CONCAT(`n`, `x`) AS `h` FROM (SELECT *,CONCAT(`jan`, `feb`) AS `mon`,CONCAT(`jan`, `feb`) AS `s` FROM `m`) AS `m`) AS `t`(`a`, `b`)", KindSelect},
		{"redshift pivot and unpivot", Redshift, "SELECT * FROM (SELECT partname, price FROM part) PIVOT (AVG(price) FOR partname IN ('P1', 'P2'))",
			"SELECT * FROM (SELECT *,AVG(`price`) AS `\"P1\"`,AVG(`price`) AS `\"P2\"` FROM (SELECT `partname`,`price` FROM `part`) AS `_src`) AS `_pivot`", KindSelect},
		{"redshift pivots too", Redshift, "SELECT * FROM (SELECT ch, q, rev FROM s) PIVOT (SUM(rev) FOR q IN (1 AS q1, 2 AS q2))",
			"SELECT * FROM (SELECT *,SUM(`rev`) AS `q1`,SUM(`rev`) AS `q2` FROM (SELECT `ch`,`q`,`rev` FROM `s`) AS `_src`) AS `_pivot`", KindSelect},
		{"pivot is a name elsewhere", Snowflake, "SELECT pivot, unpivot FROM t pivot",
			"SELECT `pivot`,`unpivot` FROM `t` AS `pivot`", KindSelect},
	})
}

// The stars of the derived tables carry what they exclude, each its own.
func TestPivotStarsExclude(t *testing.T) {
	s := parseOne(t, "SELECT * FROM t PIVOT(SUM(val) FOR cat IN ('a', 'b')) UNPIVOT(v FOR c IN (a, b))", Snowflake)
	c := collect(t, s)
	var excl [][]string
	for _, w := range c.stars {
		mod, ok := s.StarModifier(w)
		if !ok {
			continue
		}
		var names []string
		for _, id := range mod.Exclude {
			names = append(names, id.Name)
		}
		excl = append(excl, names)
	}
	assert.ElementsMatch(t, [][]string{{"cat", "val"}, {"a", "b"}}, excl)
}

// A pivot whose columns depend on the data, or a malformed clause, is an
// error, never a different tree.
func TestPivotErrors(t *testing.T) {
	for _, sql := range []string{
		"SELECT * FROM t PIVOT(SUM(v) FOR k IN (ANY ORDER BY k))",
		"SELECT * FROM t PIVOT(SUM(v) FOR k IN (SELECT k FROM u))",
		"SELECT * FROM t UNPIVOT(v FOR k IN ((a, b), c))",
		"SELECT * FROM t PIVOT(SUM(v))",
	} {
		_, err := Parse(sql, Snowflake)
		var pe *ParseError
		require.ErrorAs(t, err, &pe, sql)
		assert.True(t, errors.Is(err, ErrUnsupported), sql)
	}
}
