package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadInProcess runs a small load of both mixes against the shim in
// process, over the sample and a small generated log: no request fails,
// and every phase reports its endpoints.
func TestLoadInProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	var out bytes.Buffer
	c := config{clients: 10, requests: 200, statements: 2000, tables: 10, duration: 5 * time.Minute, mixes: []string{"traces", "compliance"}}
	require.NoError(t, run(context.Background(), c, &out), out.String())
	for _, phase := range []string{"sample warehouse, traces", "sample warehouse, compliance", "generated log, traces", "generated log, compliance"} {
		assert.Regexp(t, regexp.QuoteMeta(phase)+`: 200 requests`, out.String())
	}
	for _, endpoint := range []string{"trace", "propagation", "violations", "plan", "audit"} {
		assert.Regexp(t, `(?m)^  `+endpoint+` +\d+ +p50 .* errors 0 `, out.String())
	}
	assert.Error(t, run(context.Background(), config{mixes: []string{"writes"}}, &out))
}
