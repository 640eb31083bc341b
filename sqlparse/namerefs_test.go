package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Names written as strings or variables become the names they spell.
func TestNameRefRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"identifier string in from", Snowflake, "SELECT a FROM IDENTIFIER('db.sch.t')",
			"SELECT `a` FROM `db.sch`.`t`", KindSelect},
		{"identifier variable", Snowflake, "SELECT a FROM IDENTIFIER($tbl) x",
			"SELECT `a` FROM `$tbl` AS `x`", KindSelect},
		{"table variable", Snowflake, "SELECT j.a FROM TABLE($QUERY_HISTORY) j WHERE j.b > 1",
			"SELECT `j`.`a` FROM `$QUERY_HISTORY` AS `j` WHERE `j`.`b`>1", KindSelect},
		{"table string", Snowflake, "SELECT a FROM TABLE('s.t')",
			"SELECT `a` FROM `s`.`t`", KindSelect},
		{"table identifier", Snowflake, "SELECT a FROM TABLE(IDENTIFIER('s.t'))",
			"SELECT `a` FROM `s`.`t`", KindSelect},
		{"create dynamic table identifier", Snowflake, "CREATE OR REPLACE DYNAMIC TABLE IDENTIFIER('db.gold.t') TARGET_LAG = '1 hour' WAREHOUSE = wh AS SELECT a FROM s",
			"CREATE TABLE `db.gold`.`t` AS SELECT `a` FROM `s`", KindCreateTableAs},
		{"table function of a qualified name", Snowflake, "SELECT q.query_id FROM TABLE(information_schema.query_history(result_limit => 10)) q",
			"SELECT `q`.`query_id` FROM LATERAL (SELECT NULL) AS `q`(`query_history`)", KindSelect},
	})
}

// The names decode to the parts the string spells, quoted parts keeping
// their case.
func TestNameRefDecodes(t *testing.T) {
	s := parseOne(t, `SELECT a FROM IDENTIFIER('db."My Schema".t')`, Snowflake)
	c := collect(t, s)
	require.Len(t, c.tables, 1)
	assert.Equal(t, []string{"db", `"My Schema"`, "t"}, partsOf(s.TableName(c.tables[0])))
	s = parseOne(t, `SELECT a FROM TABLE($t)`, Snowflake)
	c = collect(t, s)
	require.Len(t, c.tables, 1)
	assert.Equal(t, []string{"$t"}, partsOf(s.TableName(c.tables[0])))
}

// SEMANTIC_VIEW(v ..) in FROM reads the semantic view v.
func TestSemanticView(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"semantic view", Snowflake, "SELECT col1 FROM SEMANTIC_VIEW(mydb.s.v FACTS f1 METRICS m DIMENSIONS d1, d2) WHERE col1 > 1",
			"SELECT `col1` FROM `mydb.s`.`v` WHERE `col1`>1", KindSelect},
		{"semantic view with alias", Snowflake, "SELECT x.a FROM SEMANTIC_VIEW(v DIMENSIONS a) AS x",
			"SELECT `x`.`a` FROM `v` AS `x`", KindSelect},
	})
}
