package sqlparse

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A function's name of three or more parts (a UDF in another project,
// database or schema) keeps its last part as the function and joins the
// others into one qualifier, as a table's name does.
func TestQualifiedFunctionNames(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"three-part udf", BigQuery, "SELECT mozfun.norm.extract_version(v, 'major') AS m FROM t",
			"SELECT `mozfun.norm`.`extract_version`(`v`, 'major') AS `m` FROM `t`", KindSelect},
		{"three-part udf in snowflake", Snowflake, "SELECT snowflake.cortex.complete('m', x) AS s FROM t",
			"SELECT `snowflake.cortex`.`complete`('m', `x`) AS `s` FROM `t`", KindSelect},
		{"two-part udf", Postgres, "SELECT util.f(a) FROM t",
			"SELECT `util`.`f`(`a`) FROM `t`", KindSelect},
		{"backquoted udf path", BigQuery, "SELECT `proj.udf.mode_last`(ARRAY_AGG(a)) AS m FROM t",
			"SELECT `\"proj\".\"udf\"`.`\"mode_last\"`(ARRAY_AGG(`a`)) AS `m` FROM `t`", KindSelect},
	})
	// the arguments stay the function's: their columns are read
	s := parseOne(t, "SELECT db.sch.f(a, b) AS x FROM t", Snowflake)
	c := collect(t, s)
	var names []string
	for _, cn := range c.columns {
		names = append(names, s.ColumnName(cn).Parts[0].Name)
	}
	assert.Equal(t, []string{"a", "b"}, names)
	require.Len(t, c.fields, 1)
	call, ok := c.fields[0].Expr.(*ast.FuncCallExpr)
	require.True(t, ok)
	assert.Equal(t, []string{"db", "sch"}, partsOf(s.Name(call.Schema.O)))
}

// Words TiDB reserves as functions or object kinds (rank, lead, database,
// schema) are names wherever no '(' follows; table and order are names
// where only a name can stand. They stay keywords in their own syntax.
func TestKeywordsAsNames(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"rank and lead columns", Snowflake, "SELECT a FROM t LEFT JOIN lead ON t.id = lead.id WHERE rank = 1",
			"SELECT `a` FROM `t` LEFT JOIN `lead` ON `t`.`id`=`lead`.`id` WHERE `rank`=1", KindSelect},
		{"rank the function", Snowflake, "SELECT RANK() OVER (ORDER BY a) AS rank, LEAD (a) OVER (ORDER BY b) FROM t",
			"SELECT RANK() OVER (ORDER BY `a`) AS `rank`,LEAD(`a`) OVER (ORDER BY `b`) FROM `t`", KindSelect},
		{"database and schema columns", Redshift, "SELECT SCHEMA s, trim(database) AS db FROM t WHERE DATABASE = 'x'",
			"SELECT `SCHEMA` AS `s`,TRIM(`database`) AS `db` FROM `t` WHERE `DATABASE`='x'", KindSelect},
		{"database the function", MySQL, "SELECT DATABASE() AS d",
			"SELECT DATABASE() AS `d`", KindSelect},
		{"table and order aliases", Redshift, "SELECT trim(x) AS table, y AS order, t.order FROM t ORDER BY 1",
			"SELECT TRIM(`x`) AS `table`,`y` AS `order`,`t`.`order` FROM `t` ORDER BY 1", KindSelect},
		{"table alias without as", BigQuery, "SELECT table.a FROM filtered table",
			"SELECT `table`.`a` FROM `filtered` AS `table`", KindSelect},
		{"reserved words as table aliases without as", Redshift, "SELECT use.a, check.b FROM u use CROSS JOIN v check LEFT JOIN (SELECT 1 AS c FROM w force) z ON use.a = z.c",
			"SELECT `use`.`a`,`check`.`b` FROM (`u` AS `use` JOIN `v` AS `check`) LEFT JOIN (SELECT 1 AS `c` FROM `w` AS `force`) AS `z` ON `use`.`a`=`z`.`c`", KindSelect},
		{"mysql interval units are names elsewhere", Postgres, "SELECT EXTRACT(YEAR FROM year_month) AS y, day_hour + 1 AS h FROM t WHERE year_month > day_hour",
			"SELECT EXTRACT(YEAR FROM `year_month`) AS `y`,`day_hour`+1 AS `h` FROM `t` WHERE `year_month`>`day_hour`", KindSelect},
		{"index hints stay keywords", MySQL, "SELECT a FROM t USE INDEX (i) JOIN u FORCE INDEX (j) ON t.a = u.a",
			"SELECT `a` FROM `t` USE INDEX (`i`) JOIN `u` FORCE INDEX (`j`) ON `t`.`a`=`u`.`a`", KindSelect},
		{"table stays a keyword", Hive, "INSERT OVERWRITE TABLE t SELECT a FROM s",
			"INSERT INTO `t` SELECT `a` FROM `s`", KindInsert},
	})
	// a misplaced keyword is still an error
	for _, sql := range []string{"SELECT a FROM t WHERE ORDER", "SELECT a FROM t ORDER a"} {
		_, err := Parse(sql, Postgres)
		assert.Error(t, err, sql)
	}
}

// db..t leaves the schema out: T-SQL reads it as the database's dbo
// schema, Snowflake as its PUBLIC schema; elsewhere it is no name.
func TestDoubleDotDefaultSchema(t *testing.T) {
	for _, tc := range []struct {
		d    Dialect
		sql  string
		want []string
	}{
		{TSQL, "SELECT c.a FROM Sales..Customers c", []string{"Sales", "dbo", "Customers"}},
		{TSQL, "INSERT INTO [Reporting]..[Counts] (a) SELECT 1", []string{`"Reporting"`, "dbo", `"Counts"`}},
		{Snowflake, "SELECT a FROM RAW..USERS", []string{"RAW", "PUBLIC", "USERS"}},
	} {
		s := parseOne(t, tc.sql, tc.d)
		c := collect(t, s)
		require.NotEmpty(t, c.tables, tc.sql)
		assert.Equal(t, tc.want, partsOf(s.TableName(c.tables[0])), tc.sql)
	}
	_, err := Parse("SELECT a FROM db..t", Postgres)
	assert.Error(t, err)
}
