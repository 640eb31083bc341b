package lineagecheck

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScoreAppliesRunsRule scores reports against corpus-format cases: the
// report colineage's own result makes passes exactly where Run passes, and
// a peer's qualifiers, <default> placeholder and case do not matter while
// a wrong or missing source does.
func TestScoreAppliesRunsRule(t *testing.T) {
	cases, err := Load(strings.NewReader(`{"id":"a","dialect":"ansi","sql":"INSERT INTO tab1 SELECT CAST(col1 AS timestamp) AS col2, 1 AS k FROM tab2","expected":{"target_table":"tab1","source_tables":["tab2"],"column_lineage":[{"target":"tab1.col2","sources":["tab2.col1"]}]}}
{"id":"b","dialect":"ansi","sql":"INSERT INTO tab1 SELECT a FROM tab2","expected":{"target_table":"tab1","source_tables":["tab2"],"column_lineage":null}}
{"id":"c","dialect":"ansi","sql":"INSERT INTO tab1 SELECT a FROM tab2"}
`), "t.jsonl")
	require.NoError(t, err)
	col := cases[0]
	for _, tc := range []struct {
		name string
		rep  Reported
		pass bool
	}{
		{"exact", Reported{Columns: []Lineage{{Target: "tab1.col2", Sources: []string{"tab2.col1"}}}}, true},
		{"qualified and upper case", Reported{Columns: []Lineage{{Target: "<default>.TAB1.col2", Sources: []string{"db.sch.tab2.COL1"}}}}, true},
		{"literal column without sources ignored", Reported{Columns: []Lineage{{Target: "tab1.col2", Sources: []string{"tab2.col1"}}, {Target: "tab1.k"}}}, true},
		{"wrong source", Reported{Columns: []Lineage{{Target: "tab1.col2", Sources: []string{"tab2.col9"}}}}, false},
		{"extra source", Reported{Columns: []Lineage{{Target: "tab1.col2", Sources: []string{"tab2.col1", "tab2.col9"}}}}, false},
		{"missing target", Reported{}, false},
		{"unexpected target with sources", Reported{Columns: []Lineage{{Target: "tab1.col2", Sources: []string{"tab2.col1"}}, {Target: "tab1.z", Sources: []string{"tab2.z"}}}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(col, tc.rep)
			assert.Equal(t, tc.pass, r.Pass, "%v", r.Diff)
		})
	}
	tables := cases[1]
	assert.True(t, Score(tables, Reported{TargetTables: []string{"<default>.tab1"}, SourceTables: []string{"tab2"}}).Pass)
	assert.False(t, Score(tables, Reported{TargetTables: []string{"tab1"}, SourceTables: []string{"tab3"}}).Pass)
	// A case without expectations (coverage: the real-world statements)
	// passes for a peer that answered, whatever it answered.
	coverage := cases[2]
	require.True(t, coverage.Coverage())
	assert.True(t, Score(coverage, Reported{}).Pass)
	assert.True(t, Score(coverage, Reported{Columns: []Lineage{{Target: "tab1.a", Sources: []string{"tab2.a"}}}}).Pass)
	// colineage's own answer, restated as a report, scores as Run does.
	for _, c := range cases {
		r := Run(context.Background(), c)
		rep := Reported{TargetTables: r.Targets, SourceTables: r.Sources}
		for tgt, srcs := range r.Got {
			rep.Columns = append(rep.Columns, Lineage{Target: tgt, Sources: srcs})
		}
		assert.Equal(t, r.Pass, Score(c, rep).Pass, c.ID)
	}
}
