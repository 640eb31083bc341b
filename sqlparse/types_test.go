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
