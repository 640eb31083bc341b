package sqlparse

import "testing"

// BigQuery's typed constructors lose their element type (which names no
// column) and keep their values.
func TestTypedConstructors(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"typed array of structs", BigQuery, "SELECT ARRAY<STRUCT<k STRING, v ARRAY<STRUCT<a INT64, b INT64>>>>[(a, b), (c, d)] AS x FROM t",
			"SELECT JSON_ARRAY(ROW(`a`,`b`), ROW(`c`,`d`)) AS `x` FROM `t`", KindSelect},
		{"typed empty array", BigQuery, "SELECT ARRAY<INT64>[] AS x FROM t",
			"SELECT JSON_ARRAY() AS `x` FROM `t`", KindSelect},
		{"typed struct", BigQuery, "SELECT STRUCT<a INT64, b STRING>(x, y AS z) AS s FROM t",
			"SELECT STRUCT(`x`, `y`) AS `s` FROM `t`", KindSelect},
		{"array type in a cast stays a type", BigQuery, "SELECT CAST(x AS ARRAY<STRING>) AS y FROM t",
			"SELECT CAST(`x` AS JSON) AS `y` FROM `t`", KindSelect},
	})
}

// Intervals: a plural unit after a number (INTERVAL 30 days), and Hive's
// interval without the keyword (d + 30 days).
func TestIntervalUnits(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"interval number plural unit", Hive, "SELECT a FROM t WHERE d < CAST('2000-01-27' AS DATE) + interval 90 days",
			"SELECT `a` FROM `t` WHERE `d`<DATE_ADD(CAST('2000-01-27' AS DATE), INTERVAL 90 DAY)", KindSelect},
		{"hive interval without keyword", Hive, "SELECT a FROM t WHERE d BETWEEN x AND (x + 30 days)",
			"SELECT `a` FROM `t` WHERE `d` BETWEEN `x` AND (DATE_ADD(`x`, INTERVAL 30 DAY))", KindSelect},
		{"a days alias stays an alias", Hive, "SELECT 30 days FROM t",
			"SELECT 30 AS `days` FROM `t`", KindSelect},
	})
}

// EXTERNAL_QUERY (BigQuery federated query) is a table function whose
// columns come from outside: its string arguments carry no columns.
func TestExternalQuery(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"external query", BigQuery, `SELECT id FROM EXTERNAL_QUERY("conn", """SELECT id FROM x""")`,
			"SELECT `id` FROM LATERAL (SELECT NULL) AS `external_query`(`external_query`)", KindSelect},
	})
}

// Smaller warehouse forms: Postgres reg* casts, Redshift's late-binding
// views and #temp tables, BigQuery's SELECT AS STRUCT.
func TestWarehouseForms(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"regprocedure cast", Redshift, "SELECT textin(regprocedureout(p.oid::regprocedure)) AS n FROM pg_proc p",
			"SELECT TEXTIN(REGPROCEDUREOUT(CAST(`p`.`oid` AS CHAR))) AS `n` FROM `pg_proc` AS `p`", KindSelect},
		{"aclitem array cast", Redshift, "SELECT a FROM t WHERE b = '{}'::aclitem[]",
			"SELECT `a` FROM `t` WHERE `b`=CAST('{}' AS JSON)", KindSelect},
		{"late-binding view", Redshift, "CREATE VIEW v AS SELECT a FROM spectrum.s WITH NO SCHEMA BINDING",
			"CREATE ALGORITHM = UNDEFINED DEFINER = CURRENT_USER SQL SECURITY DEFINER VIEW `v` AS SELECT `a` FROM `spectrum`.`s`", KindCreateView},
		{"redshift temp table", Redshift, "CREATE TABLE #tmp AS SELECT a FROM s",
			"CREATE TEMPORARY TABLE `#tmp` AS SELECT `a` FROM `s`", KindCreateTableAs},
		{"select as struct", BigQuery, "SELECT ARRAY(SELECT AS STRUCT a, b FROM t) AS s",
			"SELECT (SELECT `a`,`b` FROM `t`) AS `s`", KindSelect},
	})
}

// Redshift strings escape a quote with a backslash too.
func TestRedshiftBackslashQuote(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"backslash quote", Redshift, `SELECT 'IS \'' + trim(d) + '\'; ' AS ddl, 'a''b' AS e FROM t`,
			"SELECT 'IS '''+TRIM(`d`)+'''; ' AS `ddl`,'a''b' AS `e` FROM `t`", KindSelect},
	})
}
