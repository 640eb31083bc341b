package httpapi

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
