package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCPUProfileWrittenOnFailure: a run that fails after -cpuprofile
// started still flushes and closes the profile (a gzipped pprof file).
func TestCPUProfileWrittenOnFailure(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	args, set := os.Args, flag.CommandLine
	t.Cleanup(func() { os.Args, flag.CommandLine = args, set })
	os.Args = []string{"ingestbench", "-cpuprofile", prof, "-cold", filepath.Join(t.TempDir(), "nosuch.jsonl")}
	flag.CommandLine = flag.NewFlagSet("ingestbench", flag.ContinueOnError)

	assert.Equal(t, 1, run(), "a missing -cold file fails")
	b, err := os.ReadFile(prof)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte{0x1f, 0x8b}), "the profile was flushed (%d bytes)", len(b))
}
