package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmitThenConsume: a small generated log's events, read back, build a
// graph, and no event fails.
func TestEmitThenConsume(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "events.jsonl")
	var out bytes.Buffer
	require.NoError(t, run(ctx, config{mode: "emit", n: 3000, tables: 20, out: file}, &out))
	m := regexp.MustCompile(`-> (\d+) events`).FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	emitted, _ := strconv.Atoi(m[1])
	assert.Positive(t, emitted)

	out.Reset()
	require.NoError(t, run(ctx, config{mode: "consume", in: file}, &out))
	m = regexp.MustCompile(`consume: (\d+) events \((\d+) applied, \d+ duplicates, 0 failed\).* graph of (\d+) nodes, (\d+) edges`).FindStringSubmatch(out.String())
	require.NotNil(t, m, out.String())
	assert.Equal(t, strconv.Itoa(emitted), m[1], "every emitted event is read")
	assert.Equal(t, m[1], m[2], "and applied")
	assert.NotEqual(t, "0", m[4])

	assert.Error(t, run(ctx, config{mode: "consume"}, &out))
	assert.Error(t, run(ctx, config{mode: "both"}, &out))
}
