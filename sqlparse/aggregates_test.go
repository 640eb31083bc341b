package sqlparse

import "testing"

// Aggregates and windows TiDB lacks keep their arguments and windows.
func TestAggregateRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"array_agg distinct", Snowflake, "SELECT array_agg(distinct c) AS cs, COUNT(DISTINCT c) AS n FROM t",
			"SELECT ARRAY_AGG(`c`) AS `cs`,COUNT(DISTINCT `c`) AS `n` FROM `t`", KindSelect},
		{"ignore nulls in the arguments", BigQuery, "SELECT ARRAY_AGG(x IGNORE NULLS ORDER BY y) AS a, ARRAY_AGG(z RESPECT NULLS) AS b FROM t",
			"SELECT GROUP_CONCAT(`x` ORDER BY `y` SEPARATOR ',') AS `a`,ARRAY_AGG(`z`) AS `b` FROM `t`", KindSelect},
		{"unknown function over a named window", BigQuery, "SELECT LOGICAL_OR(a) OVER (w) AS x, udf.f(b) OVER w AS y FROM t WINDOW w AS (PARTITION BY c)",
			"SELECT MAX(LOGICAL_OR(`a`)) OVER (`w`) AS `x`,MAX(`udf`.`f`(`b`)) OVER `w` AS `y` FROM `t` WINDOW `w` AS (PARTITION BY `c`)", KindSelect},
		{"known window functions stay", Snowflake, "SELECT SUM(a) OVER (PARTITION BY b) AS s, RANK() OVER (ORDER BY a) AS r FROM t",
			"SELECT SUM(`a`) OVER (PARTITION BY `b`) AS `s`,RANK() OVER (ORDER BY `a`) AS `r` FROM `t`", KindSelect},
		{"filter then over", Postgres, "SELECT SUM(x) FILTER (WHERE c > 1) OVER (PARTITION BY p) AS s FROM t",
			"SELECT SUM(CASE WHEN `c`>1 THEN `x` END) OVER (PARTITION BY `p`) AS `s` FROM `t`", KindSelect},
	})
}
