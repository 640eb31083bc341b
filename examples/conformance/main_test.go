package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
)

func TestParseOnly(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "peers"), 0o755))
	lines := []string{
		`{"id": "a#1", "dialect": "snowflake", "sql": "SELECT a::int FROM db.sch.t", "expected": {"target_table": null, "source_tables": ["db.sch.t"], "column_lineage": null}}`,
		`{"id": "a#2", "dialect": "oracle", "sql": "SELECT FROM WHERE", "expected": {"target_table": ["x", "y"], "source_tables": null, "column_lineage": null}}`,
		``,
		`{"id": "a#3", "dialect": "sparksql", "sql": "INSERT OVERWRITE TABLE t SELECT 1", "expected": {"target_table": "t", "source_tables": null, "column_lineage": null}}`,
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "peers", "x.jsonl"), []byte(strings.Join(lines, "\n")), 0o644))

	var out, errOut bytes.Buffer
	code := run([]string{"-corpus", dir, "-parse-only", "-v"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	s := out.String()
	assert.Contains(t, s, "peers/x.jsonl")
	assert.Contains(t, s, "oracle (as ansi)")
	assert.Contains(t, s, "FAIL a#2")
	assert.True(t, strings.HasSuffix(s, "parse: 2 passed, 1 failed\n"), s)
}

func TestMissingCorpus(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-corpus", filepath.Join(t.TempDir(), "nope"), "-parse-only"}, &out, &errOut)
	assert.Equal(t, 0, code)
	assert.Contains(t, out.String(), "not found")
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	line := `{"id": "b", "dialect": "vertica", "sql": "x", "expected": {"target_table": ["t1", "t2"], "source_tables": null, "column_lineage": null}}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "b.jsonl"), []byte("\n"+line), 0o644))
	cs, err := lineagecheck.LoadDir(dir)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	assert.Equal(t, "sub/b.jsonl", cs[0].File)
	assert.Equal(t, 2, cs[0].Line)
	assert.True(t, cs[0].TableLevel())
	d, native := lineagecheck.DialectFor(cs[0].Dialect)
	assert.Equal(t, "postgres", d.String())
	assert.False(t, native)
	for _, name := range []string{"tsql", "duckdb"} {
		d, native = lineagecheck.DialectFor(name)
		assert.Equal(t, name, d.String())
		assert.True(t, native, name)
	}
}
