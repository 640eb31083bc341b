package lineagecheck

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runOne(t *testing.T, line string) Result {
	t.Helper()
	cases, err := Load(strings.NewReader(line), "t.jsonl")
	require.NoError(t, err)
	require.Len(t, cases, 1)
	return Run(context.Background(), cases[0])
}

func TestRunCompares(t *testing.T) {
	tests := []struct {
		name string
		line string
		pass bool
	}{
		{"exact", `{"id":"1","dialect":"ansi","sql":"INSERT INTO t SELECT a FROM s","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, true},
		{"qualifier from defaults", `{"id":"2","dialect":"ansi","default_schema":"pub","sql":"INSERT INTO t SELECT a FROM s","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, true},
		{"extra target with sources fails", `{"id":"3","dialect":"ansi","sql":"INSERT INTO t SELECT a, b FROM s","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, false},
		{"literal target ignored", `{"id":"4","dialect":"ansi","sql":"INSERT INTO t SELECT a, 1 AS one FROM s","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, true},
		{"unresolved source", `{"id":"5","dialect":"ansi","sql":"INSERT INTO t SELECT x FROM a JOIN b ON a.id = b.id","expected":{"target_table":"t","column_lineage":[{"target":"t.x","sources":["x"]}]}}`, true},
		{"script end to end", `{"id":"6","dialect":"ansi","sql":"CREATE TABLE m AS SELECT a FROM s; INSERT INTO t SELECT a FROM m","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, true},
		{"schema order drives positional insert", `{"id":"7","dialect":"ansi","sql":"INSERT INTO t SELECT a, b FROM s","schema":{"t":{"z":"","y":""}},"expected":{"target_table":"t","column_lineage":[{"target":"t.z","sources":["s.a"]},{"target":"t.y","sources":["s.b"]}]}}`, true},
		{"tables only", `{"id":"8","dialect":"ansi","sql":"INSERT INTO t SELECT * FROM s JOIN u ON s.id = u.id","expected":{"target_table":"t","source_tables":["u","s"],"column_lineage":null}}`, true},
		{"wrong source table", `{"id":"9","dialect":"ansi","sql":"INSERT INTO t SELECT * FROM s","expected":{"target_table":"t","source_tables":["u"],"column_lineage":null}}`, false},
		{"an aggregate's own ORDER BY is in its expression", `{"id":"11","dialect":"bigquery","sql":"INSERT INTO t SELECT k, ARRAY_AGG(a ORDER BY b) AS x FROM s GROUP BY k","expected":{"target_table":"t","column_lineage":[{"target":"t.k","sources":["s.k"]},{"target":"t.x","sources":["s.a","s.b"]}]}}`, true},
		{"a query's ORDER BY is not", `{"id":"12","dialect":"ansi","sql":"INSERT INTO t SELECT a FROM s ORDER BY b","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`, true},
		// a statement reads the columns it writes as they were before it
		{"an update reads the old value of a column it also sets", `{"id":"13","dialect":"postgres","sql":"UPDATE t SET a = s.x, b = t.a FROM s WHERE s.k = t.k","schema":{"t":{"k":"","a":"","b":""},"s":{"k":"","x":""}},"expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.x"]},{"target":"t.b","sources":["t.a"]}]}}`, true},
		{"a later statement reads the earlier write", `{"id":"14","dialect":"postgres","sql":"UPDATE t SET a = s.x FROM s WHERE s.k = t.k; UPDATE t SET b = a","schema":{"t":{"k":"","a":"","b":""},"s":{"k":"","x":""}},"expected":{"target_table":"t","column_lineage":[{"target":"t.b","sources":["s.x"]}]}}`, true},
		{"target list", `{"id":"10","dialect":"ansi","sql":"INSERT INTO t SELECT * FROM s; INSERT INTO u SELECT * FROM s","expected":{"target_table":["u","t"],"source_tables":["s"],"column_lineage":null}}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runOne(t, tc.line)
			assert.Equal(t, tc.pass, r.Pass, "%s %v", r.Reason, r.Diff)
		})
	}
}

func TestUnsupportedDialectRunsAsANSI(t *testing.T) {
	r := runOne(t, `{"id":"x","dialect":"teradata","sql":"INSERT INTO t SELECT a FROM s","expected":{"target_table":"t","column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`)
	assert.False(t, r.Supported)
	assert.True(t, r.Pass)
	s := Summarize([]Result{r})
	pass, total := s.Rate("dialect", "teradata (unsupported, ran as ansi)", "column")
	assert.Equal(t, 1, pass)
	assert.Equal(t, 1, total)
}

func TestLoadReportsBadLine(t *testing.T) {
	_, err := Load(strings.NewReader("{\"id\":\"a\"}\nnot json\n"), "bad.jsonl")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "record 2")
}

func TestColumnsCompleteFalseIgnoresOtherColumns(t *testing.T) {
	const sql = `"sql":"INSERT INTO t SELECT a, b FROM s"`
	partial := runOne(t, `{"id":"p","dialect":"ansi",`+sql+`,"expected":{"target_table":"t","columns_complete":false,"column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`)
	assert.True(t, partial.Pass, "%v", partial.Diff)
	complete := runOne(t, `{"id":"c","dialect":"ansi",`+sql+`,"expected":{"target_table":"t","columns_complete":true,"column_lineage":[{"target":"t.a","sources":["s.a"]}]}}`)
	assert.False(t, complete.Pass)
	wrong := runOne(t, `{"id":"w","dialect":"ansi",`+sql+`,"expected":{"target_table":"t","columns_complete":false,"column_lineage":[{"target":"t.a","sources":["s.b"]}]}}`)
	assert.False(t, wrong.Pass, "a listed column is still compared")
}

func TestCoverageCases(t *testing.T) {
	ok := runOne(t, `{"id":"ok","dialect":"postgres","sql":"INSERT INTO t SELECT a FROM s"}`)
	assert.True(t, ok.Coverage)
	assert.True(t, ok.Parsed)
	assert.True(t, ok.Pass)

	bad := runOne(t, `{"id":"bad","dialect":"postgres","sql":"SELECT a FROM s WHERE a = 'secret' AND AND"}`)
	assert.True(t, bad.Coverage)
	assert.False(t, bad.Parsed)
	assert.False(t, bad.Pass)
	assert.Equal(t, "parse: syntax error near AND", bad.Cause)
	assert.NotContains(t, bad.Cause, "secret")

	withExpected := runOne(t, `{"id":"e","dialect":"ansi","sql":"INSERT INTO t SELECT a FROM s","expected":{"target_table":"t","column_lineage":null}}`)
	assert.False(t, withExpected.Coverage)
}

func TestCausesGroupAndCount(t *testing.T) {
	var results []Result
	for i, sql := range []string{
		"SELECT a, FROM s",
		"SELECT b, FROM u",
		"SELECT a FROM s WHERE a = 1 OR OR",
		"INSERT INTO t SELECT a FROM s",
	} {
		results = append(results, runOne(t, fmt.Sprintf(`{"id":"r%d","dialect":"mysql","sql":%q}`, i, sql)))
	}
	groups := Causes(results)
	require.Len(t, groups, 2)
	assert.Equal(t, 2, groups[0].Count)
	assert.Equal(t, "r0", groups[0].Example.ID)
	assert.Equal(t, 1, groups[1].Count)
	var out strings.Builder
	require.NoError(t, Write(&out, results, 10))
	assert.Contains(t, out.String(), "COVERAGE FAILURES BY CAUSE")
	assert.Contains(t, out.String(), "coverage: 4 cases, 1 parsed (25.0%), 1 analysed (25.0%)")
	assert.True(t, strings.HasSuffix(out.String(), "conformance: 0 passed, 0 failed\n"), out.String())
}
