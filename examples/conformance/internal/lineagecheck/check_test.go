package lineagecheck

import (
	"context"
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
