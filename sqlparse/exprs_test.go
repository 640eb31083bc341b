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
		{"field of a subscript", BigQuery, "SELECT JSON_VALUE(p.items[0].updated_at, '$.t') AS u, arr[SAFE_OFFSET(1)].a.b AS w FROM t",
			"SELECT JSON_VALUE(ELEMENT_AT(`p`.`items`, 0), '$.t') AS `u`,ELEMENT_AT(`arr`, SAFE_OFFSET(1)) AS `w` FROM `t`", KindSelect},
		{"named arguments of a call", BigQuery, "SELECT norm.attr(campaign => a.c, content => lower(a.d)) AS v FROM a",
			"SELECT `norm`.`attr`(`a`.`c`, LOWER(`a`.`d`)) AS `v` FROM `a`", KindSelect},
		{"a type's name called as a function", BigQuery, "SELECT DATETIME(a, tz) AS d, JSON(s) AS j, CAST(x AS DATETIME) AS c FROM t",
			"SELECT DATETIME(`a`, `tz`) AS `d`,JSON(`s`) AS `j`,CAST(`x` AS DATETIME) AS `c` FROM `t`", KindSelect},
		{"a subquery as a call's argument, unbracketed", ANSI, "SELECT sum(SELECT a FROM c) AS x, s.f(WITH q AS (SELECT 1 AS o) SELECT o FROM q) AS v FROM c WHERE a IN (SELECT 1)",
			"SELECT SUM((SELECT `a` FROM `c`)) AS `x`,`s`.`f`((WITH `q` AS (SELECT 1 AS `o`) SELECT `o` FROM `q`)) AS `v` FROM `c` WHERE `a` IN (SELECT 1)", KindSelect},
		{"a table's query in brackets is no argument", Postgres, "INSERT INTO s.t (SELECT 1)",
			"INSERT INTO `s`.`t` (SELECT 1)", KindInsert},
		{"a BigQuery partition decorator", BigQuery, "SELECT a FROM `p.d.t$20240101` JOIN d.`u$__UNPARTITIONED__` USING (id)",
			"SELECT `a` FROM `\"p\".\"d\"`.`\"t\"` JOIN `d`.`\"u\"` USING (`id`)", KindSelect},
		{"field of a call's subscript", BigQuery, "SELECT f(x)[0].y AS v FROM t",
			"SELECT ELEMENT_AT(F(`x`), 0) AS `v` FROM `t`", KindSelect},
		{"field of a call in a table function's argument", BigQuery, "SELECT h.key FROM t LEFT JOIN UNNEST(m.hist(t.x).values) AS h, UNNEST(g(t.y).a.b) AS e",
			"SELECT `h`.`key` FROM (`t` LEFT JOIN LATERAL (SELECT `m`.`hist`(`t`.`x`)) AS `h`(`h`) ON TRUE) JOIN LATERAL (SELECT G(`t`.`y`)) AS `e`(`e`)", KindSelect},
	})
}

// x LIKE ANY (p1, p2) reads x against each pattern.
func TestLikeAny(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"like any", Snowflake, "SELECT a FROM t WHERE not uri ilike any ('%team%', '%ent%') AND b = 1",
			"SELECT `a` FROM `t` WHERE NOT (`uri` ILIKE '%team%' OR `uri` ILIKE '%ent%') AND `b`=1", KindSelect},
		{"like all of a call", Hive, "SELECT a FROM t WHERE lower(x) LIKE ALL ('a%', '%b', 'c')",
			"SELECT `a` FROM `t` WHERE (LOWER(`x`) LIKE 'a%' AND LOWER(`x`) LIKE '%b' AND LOWER(`x`) LIKE 'c')", KindSelect},
		{"like any of a subquery", Postgres, "UPDATE t SET a = 1 WHERE s LIKE ANY (SELECT concat('%', p) FROM u) AND s NOT ILIKE ALL (SELECT q FROM v)",
			"UPDATE `t` SET `a`=1 WHERE `s`=ANY (SELECT CONCAT('%', `p`) FROM `u`) AND `s`!=ALL (SELECT `q` FROM `v`)", KindUpdate},
		{"like any of an array", Postgres, "SELECT a FROM t WHERE s LIKE ANY (ARRAY['a%', t.x]) AND s NOT ILIKE ALL (ARRAY['b'])",
			"SELECT `a` FROM `t` WHERE `s` IN ('a%',`t`.`x`) AND `s` NOT IN ('b')", KindSelect},
	})
}

// A psql variable in an operand's place is a value (:'v', :v) or a name
// (:"v"); after a value it is no variable (a[1:n] is a slice bound).
func TestPsqlVariables(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"quoted literal, cast, in FILTER", Postgres,
			"SELECT :'month' AS m, count(*) FILTER (WHERE d >= :'month'::date) AS r FROM rental",
			"SELECT 'month' AS `m`,COUNT(CASE WHEN `d`>=CAST('month' AS DATE) THEN 1 END) AS `r` FROM `rental`", KindSelect},
		{"bare value in WHERE and IN", Redshift, "SELECT a FROM t WHERE a = :v AND b IN (:'x', :y)",
			"SELECT `a` FROM `t` WHERE `a`='v' AND `b` IN ('x','y')", KindSelect},
		{"quoted identifier", Postgres, `SELECT :"col" AS c FROM t`,
			"SELECT `\"col\"` AS `c` FROM `t`", KindSelect}, // (a quoted name, encoded)
	})
}

// A Snowflake Scripting variable bound into a statement (:v where an
// operand starts) is a value; after an operand, x:f stays a path.
func TestSnowflakeBindVariables(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"bind variable in WHERE and the select list", Snowflake,
			"SELECT a, :run_id FROM t WHERE d >= :cutoff AND v:k = 1",
			"SELECT `a`,'run_id' FROM `t` WHERE `d`>='cutoff' AND JSON_EXTRACT(`v`, '$.k')=1", KindSelect},
		{"a column named like a keyword before a path is no keyword", Snowflake,
			"SELECT f.key:a, key:b FROM t WHERE x = 1 AND :v = f.order:c",
			"SELECT JSON_EXTRACT(`f`.`key`, '$.a'),JSON_EXTRACT(`key`, '$.b') FROM `t` WHERE `x`=1 AND 'v'=JSON_EXTRACT(`f`.`order`, '$.c')", KindSelect},
	})
}
