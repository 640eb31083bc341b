package lineagecheck

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWarehouseStatements scores the hand-written warehouse statements
// (testdata/corpus/warehouse) by the conformance rule. Every case must be
// well formed (a supported dialect, expected lineage, a unique id); a case
// the committed baseline lists must pass (the same rule as the ratchet, on
// this set alone, so that `go test -run TestWarehouseStatements` names the
// regression); the pass rate per dialect is logged.
func TestWarehouseStatements(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "corpus", "warehouse", "*.jsonl"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no hand-written warehouse set")
	base := readBaseline(t, filepath.Join(repoRoot(t), "testdata", "conformance", "baseline.txt"))
	ctx := context.Background()
	seen := map[string]bool{}
	type count struct{ pass, total int }
	byDialect := map[string]*count{}
	var all count
	for _, f := range files {
		cases, err := LoadFile(f)
		require.NoError(t, err)
		for _, c := range cases {
			require.False(t, seen[c.ID], "duplicate case id %s", c.ID)
			seen[c.ID] = true
			_, native := DialectFor(c.Dialect)
			assert.True(t, native, "%s: dialect %q is not one the project supports", c.ID, c.Dialect)
			require.True(t, c.HasExpected, "%s: a warehouse case states its expected lineage", c.ID)
			r := Run(ctx, c)
			n := byDialect[c.Dialect]
			if n == nil {
				n = &count{}
				byDialect[c.Dialect] = n
			}
			n.total++
			all.total++
			if r.Pass {
				n.pass++
				all.pass++
			} else if base[c.ID] {
				t.Errorf("regression: %s passed before and fails now: %s %v %s", c.ID, r.Reason, r.Diff, r.Error)
			}
		}
	}
	require.GreaterOrEqual(t, all.total, 120, "the hand-written set holds 120+ statements")
	var rows []string
	for d, n := range byDialect {
		rows = append(rows, fmt.Sprintf("%s %d/%d", d, n.pass, n.total))
	}
	sort.Strings(rows)
	t.Logf("warehouse: %d/%d pass (%.1f%%); %s", all.pass, all.total, 100*float64(all.pass)/float64(all.total), strings.Join(rows, ", "))
}
