package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func defaults() config {
	return config{format: "markdown", subject: "raw.users.user_id", kind: "erasure", now: "2026-11-03", auditDays: 30, unusedDays: 3}
}

func TestMarkdownReport(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), defaults(), &out))
	text := out.String()
	assert.Contains(t, text, "| raw_outside_zone ")
	assert.Contains(t, text, "s3://learnly-marketing-exports/newsletter/dach_audience_#email")
	assert.Contains(t, text, "## Erasure plan for elearn.raw.users.user_id")
	assert.Contains(t, text, "Customer support")
	assert.NotContains(t, text, "1 days")
	assert.NotContains(t, text, "0001-01-01", "no zero dates")
}

func TestJSONAndCSV(t *testing.T) {
	c := defaults()
	c.format = "json"
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), c, &out))
	var rep map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	assert.Equal(t, "colineage.compliance/v1", rep["schema"])
	for _, k := range []string{"propagation", "violations", "plans", "audit", "unneeded"} {
		assert.NotNil(t, rep[k], k)
	}

	c.format = "csv"
	out.Reset()
	require.NoError(t, run(context.Background(), c, &out))
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, "section", rows[0][0])
	sections := map[string]bool{}
	for _, r := range rows[1:] {
		sections[r[0]] = true
	}
	assert.Equal(t, map[string]bool{"violation": true, "propagation": true, "plan": true, "audit": true, "unneeded": true}, sections)
}

func TestUnknownFormat(t *testing.T) {
	c := defaults()
	c.format = "xml"
	assert.Error(t, run(context.Background(), c, &bytes.Buffer{}))
}
