package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunLineage(t *testing.T) {
	dir := t.TempDir()
	corpus := strings.Join([]string{
		`{"id":"ok","dialect":"ansi","sql":"INSERT INTO t SELECT a AS b FROM s","expected":{"target_table":"t","source_tables":["s"],"column_lineage":[{"target":"t.b","sources":["s.a"]}]}}`,
		`{"id":"wrong","dialect":"ansi","sql":"INSERT INTO t SELECT a AS b FROM s","expected":{"target_table":"t","source_tables":null,"column_lineage":[{"target":"t.b","sources":["s.z"]}]}}`,
		`{"id":"tables","dialect":"mysql","sql":"INSERT INTO t SELECT * FROM s","expected":{"target_table":"t","source_tables":["s"],"column_lineage":null}}`,
	}, "\n")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "peers"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "peers", "x.jsonl"), []byte(corpus), 0o644))
	jsonPath := filepath.Join(t.TempDir(), "out.json")
	var out bytes.Buffer
	require.NoError(t, runLineage(context.Background(), dir, jsonPath, false, &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	assert.Equal(t, "conformance: 2 passed, 1 failed", lines[len(lines)-1])
	assert.Contains(t, out.String(), "FAIL wrong")
	assert.Contains(t, out.String(), "- t.b <- s.z")
	assert.Contains(t, out.String(), "peers/x.jsonl")

	raw, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	var results []struct {
		ID   string `json:"id"`
		Pass bool   `json:"pass"`
	}
	require.NoError(t, json.Unmarshal(raw, &results))
	require.Len(t, results, 3)
	assert.Equal(t, "ok", results[0].ID)
	assert.True(t, results[0].Pass)
	assert.False(t, results[1].Pass)
	assert.True(t, results[2].Pass)
}

func TestRunLineageMissingDir(t *testing.T) {
	err := runLineage(context.Background(), filepath.Join(t.TempDir(), "nope"), "", false, &bytes.Buffer{})
	assert.Error(t, err)
}
