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
