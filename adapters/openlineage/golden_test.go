package openlineage

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden event files")

var goldenEvents = filepath.Join("testdata", "warehouse", "events.jsonl")

// TestGoldenWarehouseEvents compares the events emitted for the sample
// warehouse (its dbt project, then its Redshift log) with the committed
// ones; -update rewrites them after a deliberate change.
func TestGoldenWarehouseEvents(t *testing.T) {
	got := emitWarehouse(t)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(goldenEvents), 0o755))
		require.NoError(t, os.WriteFile(goldenEvents, got, 0o644))
	}
	want, err := os.ReadFile(goldenEvents)
	require.NoError(t, err, "run go test -run TestGoldenWarehouseEvents -update")
	wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	require.Equal(t, len(wantLines), len(gotLines), "number of events")
	for i := range wantLines {
		if wantLines[i] != gotLines[i] {
			t.Fatalf("event %d differs (go test -run TestGoldenWarehouseEvents -update after a deliberate change):\nwant %s\ngot  %s", i+1, wantLines[i], gotLines[i])
		}
	}
}

// TestEmitIsDeterministic: emitting the same input twice writes the same
// bytes, run ids included, so a catalog sees the same runs again.
func TestEmitIsDeterministic(t *testing.T) {
	a, b := emitWarehouse(t), emitWarehouse(t)
	assert.True(t, bytes.Equal(a, b))
}

// TestEmittedEventsHoldNoLiterals: the sample's log has e-mail addresses
// as literals (customer support's lookups); no event carries one.
func TestEmittedEventsHoldNoLiterals(t *testing.T) {
	events := emitWarehouse(t)
	assert.NotContains(t, string(events), "@")
	for _, line := range bytes.Split(bytes.TrimSpace(events), []byte("\n")) {
		var ev RunEvent
		require.NoError(t, json.Unmarshal(line, &ev))
		var sql SQLFacet
		require.NoError(t, json.Unmarshal(ev.Job.Facets[facetSQL], &sql))
		assert.NotContains(t, sql.Query, "'", ev.Job.Name)
	}
}
