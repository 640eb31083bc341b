package openlineage

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// python returns the interpreter named by COLINEAGE_PYTHON, or skips.
func python(t *testing.T) string {
	t.Helper()
	py := os.Getenv("COLINEAGE_PYTHON")
	if py == "" {
		t.Skip("COLINEAGE_PYTHON is unset: set it to a Python with .ci/requirements.txt installed (openlineage-python) to check events with the OpenLineage client")
	}
	return py
}

// checkEvents runs testdata/python/check_events.py over events and returns
// its exit error and its JSON output.
func checkEvents(t *testing.T, py string, events []byte) (map[string]any, error) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "events.jsonl")
	require.NoError(t, os.WriteFile(f, events, 0o644))
	cmd := exec.Command(py, filepath.Join("testdata", "python", "check_events.py"), f)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var res map[string]any
	require.NoError(t, json.Unmarshal(out, &res), "output %q, stderr %s", out, stderr.String())
	return res, err
}

// TestEventsLoadInOpenLineageClient loads every event emitted for the
// sample warehouse with the openlineage-python client's classes, strictly
// (see the script), and checks that a broken event fails the check.
func TestEventsLoadInOpenLineageClient(t *testing.T) {
	py := python(t)
	events := emitWarehouse(t)
	res, err := checkEvents(t, py, events)
	require.NoError(t, err, "%v", res)
	assert.EqualValues(t, bytes.Count(events, []byte("\n")), res["events"])
	facets := res["facets"].(map[string]any)
	for _, f := range []string{facetSchema, facetColumnLineage, facetSQL, facetJobType, facetDatasetType, facetNominalTime, queryFacetName, occurrencesFacetName} {
		assert.NotZero(t, facets[f], f)
	}

	first, _, _ := bytes.Cut(events, []byte("\n"))
	for name, broken := range map[string]func(map[string]any){
		"run id not a UUID":  func(ev map[string]any) { ev["run"].(map[string]any)["runId"] = "run-1" },
		"unknown event type": func(ev map[string]any) { ev["eventType"] = "DONE" },
		"unknown field in a facet": func(ev map[string]any) {
			ev["job"].(map[string]any)["facets"].(map[string]any)["sql"].(map[string]any)["text"] = "x"
		},
		"facet without _producer": func(ev map[string]any) {
			delete(ev["job"].(map[string]any)["facets"].(map[string]any)["jobType"].(map[string]any), "_producer")
		},
	} {
		t.Run(name, func(t *testing.T) {
			var ev map[string]any
			require.NoError(t, json.Unmarshal(first, &ev))
			broken(ev)
			b, err := json.Marshal(ev)
			require.NoError(t, err)
			res, err := checkEvents(t, py, append(append(append([]byte(nil), first...), '\n'), append(b, '\n')...))
			assert.Error(t, err)
			assert.EqualValues(t, 2, res["line"], "%v", res)
		})
	}
}
