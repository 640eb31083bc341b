package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/neo4j/neo4jtest"
)

// startShim runs the shim on the sample warehouse on a free loopback port
// and stops it when the test ends.
func startShim(t *testing.T, c config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, c, slog.New(slog.NewTextHandler(io.Discard, nil)), ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("shim did not start: %v", err)
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatal("shim did not start in 2 minutes")
	}
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "graceful shutdown")
	})
	return "http://" + addr
}

func TestShimServesSample(t *testing.T) {
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, token: "tok"})
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/trace?column=elearn.analytics.daily_revenue.revenue", nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)

	req.Header.Set("Authorization", "Bearer tok")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var tr struct {
		Nodes []struct{ Name string } `json:"nodes"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&tr))
	var names []string
	for _, n := range tr.Nodes {
		names = append(names, n.Name)
	}
	assert.Contains(t, names, "elearn.raw.refunds.amount")
}

func TestShimServesCompliance(t *testing.T) {
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, now: "2026-11-03"})
	res, err := http.Get(base + "/api/v1/compliance/violations?rule=raw_outside_zone")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var body struct {
		Violations []struct {
			Rule, Column, Class string
			External            bool
		} `json:"violations"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	var external []string
	for _, v := range body.Violations {
		assert.Equal(t, "raw_outside_zone", v.Rule)
		if v.External {
			external = append(external, v.Class)
		}
	}
	assert.Contains(t, external, "email", "the sample unloads raw e-mail to S3")
}

func TestShimWithoutPolicy(t *testing.T) {
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, policy: "off"})
	res, err := http.Get(base + "/api/v1/compliance/violations")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotImplemented, res.StatusCode)
}

// getBody GETs a path of a shim and returns the body of a 200 answer.
func getBody(t *testing.T, base, path string) []byte {
	t.Helper()
	res, err := http.Get(base + path)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, "%s", b)
	return b
}

// TestShimComplianceSameOnNeo4j: over HTTP, the compliance report of the
// sample is the same on the memory store and on a real Neo4j.
func TestShimComplianceSameOnNeo4j(t *testing.T) {
	srv := neo4jtest.Lock(t) // skips, naming NEO4J_URI, without a server
	neo4jtest.Wipe(t)
	const report = "/api/v1/compliance/report?subject=raw.users.user_id&unused_days=3"
	mem := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, now: "2026-11-03"})
	neo := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: 5 * time.Minute, now: "2026-11-03",
		neo4jURI: srv.URI, neo4jUser: srv.User, neo4jPass: srv.Password, neo4jDB: srv.Database})
	want := getBody(t, mem, report)
	got := getBody(t, neo, report)
	assert.JSONEq(t, string(want), string(got))
	var rep struct {
		Violations []json.RawMessage `json:"violations"`
	}
	require.NoError(t, json.Unmarshal(got, &rep))
	assert.NotEmpty(t, rep.Violations)
}
