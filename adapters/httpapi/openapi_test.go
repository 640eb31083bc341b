package httpapi

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/adapters/querylog"
)

// TestOpenAPIDocumentIsValid checks openapi.json against the OpenAPI 3.1
// schema.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	ok, errs := openAPIValidator(t).ValidateDocument()
	for _, e := range errs {
		t.Errorf("openapi.json: %s: %s", e.Message, e.Reason)
	}
	assert.True(t, ok)
}

// TestOpenAPIMatchesRoutes: every route is documented with its method, and
// every documented operation is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPIDoc, &doc))
	assert.True(t, strings.HasPrefix(doc.OpenAPI, "3.1"), "openapi %s", doc.OpenAPI)
	var documented, served []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range routes {
		served = append(served, r.Method+" "+r.Path)
	}
	sort.Strings(documented)
	sort.Strings(served)
	assert.Equal(t, served, documented, "routes.go and openapi.json disagree")
}

// TestOpenAPIServed: /openapi.json is the committed document.
func TestOpenAPIServed(t *testing.T) {
	c := newClient(t)
	r := c.get("/openapi.json")
	assert.JSONEq(t, string(openAPIDoc), string(r.body))
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

// TestOpenAPIAuthMatchesRoutes: the routes that need the token are the
// ones the document says need it.
func TestOpenAPIAuthMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Security []map[string][]string `json:"security"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPIDoc, &doc))
	for _, r := range routes {
		op := doc.Paths[r.Path][strings.ToLower(r.Method)]
		assert.Equal(t, r.Auth, len(op.Security) > 0, "%s %s", r.Method, r.Path)
	}
}

// TestOpenAPILogFormats: the document offers exactly querylog's formats
// for log uploads, and the endpoint takes each of them.
func TestOpenAPILogFormats(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPIDoc, &doc))
	op, ok := doc.Paths["/api/v1/ingest/log/{format}"]["post"]
	require.True(t, ok)
	var enum []string
	for _, p := range op.Parameters {
		if p.Name == "format" {
			enum = p.Schema.Enum
		}
	}
	assert.Equal(t, querylog.FormatNames(), enum, "openapi.json's format enum is querylog.FormatNames()")

	c := newClient(t)
	for _, f := range querylog.Formats() {
		r := c.do("POST", "/api/v1/ingest/log/"+f.Name, "application/octet-stream", strings.NewReader(""))
		assert.Equal(t, 200, r.StatusCode, "%s: %s", f.Name, r.body)
	}
	r := c.do("POST", "/api/v1/ingest/log/nosuch", "application/octet-stream", strings.NewReader(""))
	assert.Equal(t, 400, r.StatusCode)
	assert.Contains(t, string(r.body), strings.Join(querylog.FormatNames(), ", "))
}
