package sqlparse

import "testing"

// A built-in with a space before its '(' and a field of a computed value.
func TestExprTailRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"space before a built-in's bracket", Postgres, "SELECT trim (a), EXTRACT (YEAR FROM d), max(substring (b,1,8)) FROM t",
			"SELECT TRIM(`a`),EXTRACT(YEAR FROM `d`),MAX(SUBSTRING(`b`, 1, 8)) FROM `t`", KindSelect},
		{"a built-in's name naming a table", Postgres, "CREATE TABLE sch.date (x INT, y INT)",
			"CREATE TABLE `sch`.`date` (`x` BIGINT,`y` BIGINT)", KindCreateTable},
		{"a built-in's name naming a table, unqualified", Postgres, "INSERT INTO date (x) SELECT 1",
			"INSERT INTO `date` (`x`) SELECT 1", KindInsert},
		{"a built-in's name naming a CTE with columns", Postgres, "WITH year (y) AS (SELECT 1) SELECT y FROM year",
			"WITH `year` (`y`) AS (SELECT 1) SELECT `y` FROM `year`", KindSelect},
		{"MAX naming a table", Postgres, "INSERT INTO stats.max (a, b) SELECT x, y FROM src",
			"INSERT INTO `stats`.`max` (`a`,`b`) SELECT `x`,`y` FROM `src`", KindInsert},
		{"field of a call", BigQuery, "SELECT mozfun.hist.pick(h).values AS v, f(x).a.b AS w FROM t",
			"SELECT `mozfun.hist`.`pick`(`h`) AS `v`,F(`x`) AS `w` FROM `t`", KindSelect},
		{"field of a bracketed expression", Postgres, "SELECT (topn(x, 10)).item AS i FROM t",
			"SELECT (TOPN(`x`, 10)) AS `i` FROM `t`", KindSelect},
	})
}

// x LIKE ANY (p1, p2) reads x against each pattern.
func TestLikeAny(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"like any", Snowflake, "SELECT a FROM t WHERE not uri ilike any ('%team%', '%ent%') AND b = 1",
			"SELECT `a` FROM `t` WHERE NOT (`uri` ILIKE '%team%' OR `uri` ILIKE '%ent%') AND `b`=1", KindSelect},
		{"like all of a call", Hive, "SELECT a FROM t WHERE lower(x) LIKE ALL ('a%', '%b', 'c')",
			"SELECT `a` FROM `t` WHERE (LOWER(`x`) LIKE 'a%' AND LOWER(`x`) LIKE '%b' AND LOWER(`x`) LIKE 'c')", KindSelect},
	})
}
