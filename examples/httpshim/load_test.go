package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShimUnderLoad sends a few hundred concurrent requests (traces and
// the compliance reports) to a real listening shim: every one must answer
// 200 with a body that the shim's own /openapi.json validates. It asserts
// no timing; examples/httpload measures.
func TestShimUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, now: "2026-11-03", maxHeavy: 1})
	get := func(target string) (*http.Response, []byte, error) {
		res, err := http.Get(base + target)
		if err != nil {
			return nil, nil, err
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		return res, body, err
	}

	_, doc, err := get("/openapi.json")
	require.NoError(t, err)
	d, err := libopenapi.NewDocument(doc)
	require.NoError(t, err)
	v, errs := validator.NewValidator(d)
	require.Empty(t, errs)

	_, body, err := get("/api/v1/search?kind=column&limit=200&prefix=elearn.")
	require.NoError(t, err)
	var found struct {
		Results []struct{ Name string } `json:"results"`
	}
	require.NoError(t, json.Unmarshal(body, &found))
	require.NotEmpty(t, found.Results)
	var targets []string
	for i, r := range found.Results {
		col := url.QueryEscape(r.Name)
		dir := []string{"upstream", "downstream", "both"}[i%3]
		targets = append(targets, fmt.Sprintf("/api/v1/trace?direction=%s&depth=%d&column=%s", dir, 1+i%5, col),
			"/api/v1/compliance/propagation?column="+col)
	}
	targets = append(targets,
		"/api/v1/compliance/propagation", "/api/v1/compliance/violations", "/api/v1/compliance/violations?rule=raw_outside_zone",
		"/api/v1/compliance/plan?kind=erasure&subject=elearn.raw.users.user_id", "/api/v1/compliance/audit",
		"/api/v1/compliance/audit?from=2026-10-01&to=2026-11-01",
		"/api/v1/compliance/violations?limit=3", "/api/v1/compliance/propagation?limit=7", "/api/v1/compliance/audit?limit=2")

	const clients, requests = 20, 400
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := map[string]string{}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < requests; i += clients {
				target := targets[(i*7)%len(targets)]
				res, body, err := get(target)
				problem := ""
				switch {
				case err != nil:
					problem = err.Error()
				case res.StatusCode != http.StatusOK:
					problem = fmt.Sprintf("%d %s", res.StatusCode, body)
				default:
					res.Body = io.NopCloser(bytes.NewReader(body))
					if ok, verrs := v.ValidateHttpResponse(res.Request, res); !ok {
						problem = fmt.Sprintf("disagrees with openapi.json: %s (%s)", verrs[0].Message, verrs[0].Reason)
					}
				}
				if problem != "" {
					mu.Lock()
					failed[target] = problem
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Empty(t, failed)
}

// TestShimGenerate: -generate ingests the generated log at start, so its
// marts trace back to their base tables.
func TestShimGenerate(t *testing.T) {
	base := startShim(t, config{addr: "127.0.0.1:0", generate: 3000, tables: 10, timeout: time.Minute})
	getJSON := func(target string, v any) {
		t.Helper()
		res, err := http.Get(base + target)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, target)
		require.NoError(t, json.NewDecoder(res.Body).Decode(v))
	}
	var found struct {
		Results []struct{ Name string } `json:"results"`
	}
	getJSON("/api/v1/search?kind=column&prefix=prod.mart.m", &found)
	var marts []string
	for _, r := range found.Results {
		if strings.HasSuffix(r.Name, ".last_at") {
			marts = append(marts, r.Name)
		}
	}
	require.NotEmpty(t, marts, "the generated log fills marts")
	var tr struct {
		Nodes []struct{ Name string } `json:"nodes"`
	}
	getJSON("/api/v1/trace?direction=upstream&column="+url.QueryEscape(marts[0]), &tr)
	var names []string
	for _, n := range tr.Nodes {
		names = append(names, n.Name)
	}
	assert.Contains(t, fmt.Sprint(names), "prod.analytics.t", "a mart's last_at comes from a base table: %v", names)
	assert.Contains(t, fmt.Sprint(names), ".created_at", "%v", names)
}
