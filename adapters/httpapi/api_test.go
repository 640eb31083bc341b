package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(r.body, &v), "%s", r.body)
	return v
}

func errorOf(t *testing.T, r response) *Error {
	t.Helper()
	return decode[errorBody](t, r).Error
}

func TestAnalyze(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/analyze", `{"sql": "INSERT INTO mart.x (e, n) SELECT md5(email), name FROM raw.users", "database": "shop"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	a := decode[AnalyzeResponse](t, r)
	require.Len(t, a.Statements, 1)
	s := a.Statements[0]
	assert.Equal(t, "insert", s.Kind)
	assert.Equal(t, "postgres://shop.mart.x", s.Target)
	byTo := map[string]ColumnEdgeJSON{}
	for _, e := range s.Edges {
		byTo[e.To] = e
	}
	assert.Equal(t, "postgres://shop.raw.users.email", byTo["postgres://shop.mart.x.e"].From)
	assert.True(t, byTo["postgres://shop.mart.x.e"].Masking)
	assert.Equal(t, "IDENTITY", byTo["postgres://shop.mart.x.n"].Subtype)
	assert.Equal(t, 1, byTo["postgres://shop.mart.x.e"].Position.Line)
	assert.Equal(t, 1.0, a.Confidence)
}

func TestAnalyzeWarningHasPosition(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/analyze", `{"sql": "SELECT 1;\n\nINSERT INTO t2 (a) SELECT nosuch FROM raw.users", "database": "shop"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	a := decode[AnalyzeResponse](t, r)
	var found bool
	for _, w := range a.Warnings {
		if w.Code == "unknown_column" {
			found = true
			// In the second statement of the script, on line 3.
			assert.Equal(t, 3, w.Position.Line, "%+v", w)
			assert.GreaterOrEqual(t, w.Position.Column, 1, "%+v", w)
		}
	}
	assert.True(t, found, "no unknown_column warning in %s", r.body)
	assert.Less(t, a.Confidence, 1.0)
}

func TestAnalyzeDoesNotWriteCatalogOrGraph(t *testing.T) {
	c := newClient(t)
	before, err := c.h.(*Handler).eng.Store().Counts(context.Background())
	require.NoError(t, err)
	r := c.postJSON("/api/v1/analyze", `{"sql": "DROP TABLE raw.users; CREATE TABLE zz.new_table (a int)", "database": "shop"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	after, err := c.h.(*Handler).eng.Store().Counts(context.Background())
	require.NoError(t, err)
	assert.Equal(t, before, after)
	cols, ok, err := c.h.(*Handler).eng.Analyzer().Catalog().Columns(context.Background(), lineage.Postgres.DatasetFromString("shop.raw.users", lineage.Defaults{}))
	require.NoError(t, err)
	assert.True(t, ok, "DROP in an analyze request removed the table from the engine's catalog")
	assert.Equal(t, []string{"id", "email", "name"}, cols)
}

func TestAnalyzeBadSQL(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/analyze", `{"sql": "SELECT a,\n  FROM WHERE ((", "dialect": "redshift"}`)
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "%s", r.body)
	e := errorOf(t, r)
	assert.Equal(t, CodeSQLParse, e.Code)
	require.NotNil(t, e.Position)
	assert.Equal(t, 2, e.Position.Line)
	assert.NotEmpty(t, e.Message)
}

func TestAnalyzeScriptWithOneBadStatement(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/analyze", `{"sql": "INSERT INTO a.b (x) SELECT id FROM raw.users;\nSELECT FROM FROM;", "database": "shop"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	a := decode[AnalyzeResponse](t, r)
	assert.Len(t, a.Statements, 1)
	require.Len(t, a.Errors, 1)
	assert.Equal(t, CodeSQLParse, a.Errors[0].Code)
	assert.Equal(t, 2, a.Errors[0].Position.Line)
	assert.Equal(t, 0.5, a.Confidence)
}

func TestMalformedRequests(t *testing.T) {
	c := newClient(t)
	for _, tc := range []struct {
		name, body, code string
	}{
		{"not json", `{"sql": `, CodeBadJSON},
		{"unknown field", `{"sql": "SELECT 1", "dialekt": "x"}`, CodeBadJSON},
		{"trailing data", `{"sql": "SELECT 1"} {}`, CodeBadJSON},
		{"empty body", ``, CodeBadJSON},
		{"wrong type", `{"sql": 7}`, CodeBadJSON},
		{"empty sql", `{"sql": "  "}`, CodeBadRequest},
		{"unknown dialect", `{"sql": "SELECT 1", "dialect": "cobol"}`, CodeBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.postJSON("/api/v1/analyze", tc.body)
			assert.Equal(t, http.StatusBadRequest, r.StatusCode, "%s", r.body)
			assert.Equal(t, tc.code, errorOf(t, r).Code)
		})
	}
}

func TestBodyOverLimit(t *testing.T) {
	c := newClient(t, WithMaxBodyBytes(64), WithMaxUploadBytes(100))
	big := `{"sql": "SELECT ` + strings.Repeat("a, ", 100) + `b FROM t"}`
	r := c.postJSON("/api/v1/analyze", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Equal(t, CodeBodyTooLarge, errorOf(t, r).Code)

	// A streamed body of unknown length is cut at the limit too.
	r = c.do(http.MethodPost, "/api/v1/ingest/log/snowflake", "text/csv", struct{ *strings.Reader }{strings.NewReader(
		"QUERY_ID,QUERY_TEXT\n" + strings.Repeat("1,SELECT 1\n", 50))})
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode, "%s", r.body)
	assert.Equal(t, CodeBodyTooLarge, errorOf(t, r).Code)
}

func TestToken(t *testing.T) {
	c := newClient(t, WithToken("s3cret"))
	q := "/api/v1/trace?column=shop.mart.daily_revenue.revenue"
	r := c.get(q)
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	assert.Equal(t, CodeUnauthorized, errorOf(t, r).Code)
	r = c.get(q, "Authorization", "Bearer wrong")
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	r = c.get(q, "Authorization", "Basic s3cret")
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	c.token = "s3cret"
	r = c.get(q)
	assert.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	c.token = ""
	// The document and health stay open.
	assert.Equal(t, http.StatusOK, c.get("/openapi.json").StatusCode)
	assert.Equal(t, http.StatusOK, c.get("/healthz").StatusCode)
}

// slowStore blocks traversals until their context ends, and says when it
// saw the cancellation.
type slowStore struct {
	graphstore.Store
	cancelled chan struct{}
}

func (s *slowStore) Traverse(ctx context.Context, start []string, opts graphstore.TraverseOptions) (graphstore.Subgraph, error) {
	<-ctx.Done()
	close(s.cancelled)
	return graphstore.Subgraph{}, ctx.Err()
}

func TestTimeoutCancelsEngine(t *testing.T) {
	base := fixtureEngine(t)
	slow := &slowStore{Store: base.Store(), cancelled: make(chan struct{})}
	eng := lineage.NewEngine(slow, base.Analyzer().Catalog())
	c := &client{t: t, h: New(eng, WithPlatform(lineage.Postgres), WithTimeout(50*time.Millisecond), WithLogger(discardLogger())), v: openAPIValidator(t)}
	start := time.Now()
	r := c.get("/api/v1/trace?column=shop.mart.daily_revenue.revenue")
	assert.Equal(t, http.StatusGatewayTimeout, r.StatusCode, "%s", r.body)
	assert.Equal(t, CodeTimeout, errorOf(t, r).Code)
	select {
	case <-slow.cancelled:
	default:
		t.Fatal("the store's context was not cancelled")
	}
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestTrace(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/trace?column=shop.mart.daily_revenue.revenue&direction=upstream")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	tr := decode[TraceJSON](t, r)
	assert.Equal(t, []string{"postgres://shop.mart.daily_revenue.revenue"}, tr.Start)
	names := map[string]NodeJSON{}
	for _, n := range tr.Nodes {
		names[n.Name] = n
	}
	assert.Contains(t, names, "shop.raw.orders.amount")
	assert.NotContains(t, names, "shop.raw.users.id", "INDIRECT join keys are not followed by default")
	require.Len(t, tr.Edges, 1)
	assert.Equal(t, "AGGREGATION", tr.Edges[0].Subtype)
	require.NotNil(t, tr.Edges[0].FirstSeen)

	// INDIRECT on request: the CASE condition comes in.
	r = c.get("/api/v1/trace?column=postgres://shop.mart.user_flags.tier")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Len(t, decode[TraceJSON](t, r).Nodes, 1)
	r = c.get("/api/v1/trace?column=postgres://shop.mart.user_flags.tier&kinds=DIRECT,INDIRECT")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	ind := decode[TraceJSON](t, r)
	require.Len(t, ind.Nodes, 2)
	assert.Equal(t, "shop.raw.users.name", ind.Nodes[1].Name)
	assert.Equal(t, "CONDITIONAL", ind.Edges[0].Subtype)
}

func TestTraceDownstreamRawAndMasked(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/trace?column=shop.raw.users.email&direction=downstream")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	raw := map[string]bool{}
	for _, n := range decode[TraceJSON](t, r).Nodes {
		raw[n.Name] = n.Raw
	}
	assert.Equal(t, map[string]bool{"shop.raw.users.email": true, "shop.crm.contacts.email": true, "shop.mart.user_keys.email_hash": false}, raw)

	// Without MASKED edges the hash is not reached.
	r = c.get("/api/v1/trace?column=shop.raw.users.email&direction=downstream&kinds=DIRECT")
	require.Equal(t, http.StatusOK, r.StatusCode)
	assert.Len(t, decode[TraceJSON](t, r).Nodes, 2)
}

func TestTraceBadParameters(t *testing.T) {
	c := newClient(t)
	for _, tc := range []struct {
		query  string
		status int
		code   string
	}{
		{"", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.nosuch", http.StatusNotFound, CodeNotFound},
		{"column=nosuch", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&direction=sideways", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&depth=0", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&depth=x", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&kinds=MASKED", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&kinds=DIRECT,CYPHER", http.StatusBadRequest, CodeBadRequest},
		{"column=shop.raw.users.email&platform=oracle", http.StatusBadRequest, CodeBadRequest},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := c.get("/api/v1/trace?" + tc.query)
			assert.Equal(t, tc.status, r.StatusCode, "%s", r.body)
			assert.Equal(t, tc.code, errorOf(t, r).Code)
		})
	}
}

func TestPaths(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/paths?from=shop.raw.users.email&to=shop.crm.contacts.email")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	p := decode[PathsJSON](t, r)
	require.Len(t, p.Paths, 1)
	assert.Equal(t, "DIRECT", p.Paths[0][0].Kind)
	r = c.get("/api/v1/paths?from=shop.raw.users.email&to=shop.mart.daily_revenue.revenue")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Empty(t, decode[PathsJSON](t, r).Paths)
	r = c.get("/api/v1/paths?from=shop.raw.users.email&to=shop.nowhere.t.c")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
}

func TestImpact(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/impact?dataset=shop.raw.orders")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	var names []string
	for _, n := range decode[TraceJSON](t, r).Nodes {
		names = append(names, n.Name)
	}
	assert.Equal(t, []string{"shop.raw.orders", "shop.mart.daily_revenue", "bi.revenue_board"}, names)
	r = c.get("/api/v1/impact?dataset=shop.raw.nosuch")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
}

func TestDatasetDetail(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/dataset?name=shop.raw.users")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	d := decode[DatasetJSON](t, r)
	assert.Equal(t, "postgres://shop.raw.users", strings.TrimPrefix(d.ID, "dataset:"))
	assert.Equal(t, "table", d.Kind)
	tags := map[string][]string{}
	for _, col := range d.Columns {
		tags[col.Name] = col.Tags
	}
	assert.Equal(t, []string{"pii"}, tags["email"])
	assert.ElementsMatch(t, []string{"dataset:postgres://shop.mart.user_keys", "dataset:postgres://shop.crm.contacts", "dataset:postgres://shop.mart.daily_revenue", "dataset:postgres://shop.mart.user_flags"}, d.Downstream)
	require.Len(t, d.Dashboards, 1)
	assert.Equal(t, "finance", d.Dashboards[0].Owner)
	require.NotNil(t, d.FirstSeen)
	assert.Equal(t, fixtureAt, *d.FirstSeen, "CREATE TABLE is its first writer")
	assert.Equal(t, fixtureAt.Add(6*time.Hour), *d.LastSeen, "the flags job is its last reader")
}

func TestColumnDetail(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/column?name=" + url.QueryEscape("postgres://shop.crm.contacts.email"))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	col := decode[ColumnJSON](t, r)
	assert.Equal(t, "email", col.Name)
	require.Len(t, col.Upstream, 1)
	assert.Equal(t, "postgres://shop.raw.users.email", col.Upstream[0].From)
	require.Len(t, col.Readers, 1)
	assert.Equal(t, AccessJSON{User: "analyst", Day: "2026-11-02", Count: 1, FirstSeen: timePtr(fixtureAt.Add(5 * time.Hour)), LastSeen: timePtr(fixtureAt.Add(5 * time.Hour))}, col.Readers[0])
	assert.Equal(t, fixtureAt.Add(5*time.Hour), *col.LastSeen)

	r = c.get("/api/v1/column?name=shop.crm.contacts.nosuch")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	assert.Contains(t, errorOf(t, r).Message, "nosuch")
}

func TestSearch(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/search?prefix=SHOP.RAW.USERS.")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	var names []string
	for _, h := range decode[SearchJSON](t, r).Results {
		names = append(names, h.Name)
	}
	assert.Equal(t, []string{"shop.raw.users.email", "shop.raw.users.id", "shop.raw.users.name"}, names)
	r = c.get("/api/v1/search?prefix=shop.&kind=dataset&limit=2")
	s := decode[SearchJSON](t, r)
	assert.Len(t, s.Results, 2)
	assert.True(t, s.Truncated)
	assert.Equal(t, http.StatusBadRequest, c.get("/api/v1/search?prefix=a&kind=user").StatusCode)
}

func TestUnknownEndpoint(t *testing.T) {
	c := newClient(t)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/cypher?q=MATCH", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, CodeNotFound, errorOf(t, response{body: rec.Body.Bytes()}).Code)
}

func TestPicture(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/picture?column=shop.raw.users.email&direction=downstream&format=dot")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Contains(t, string(r.body), `"postgres://shop.raw.users.email" -> "postgres://shop.mart.user_keys.email_hash" [label="TRANSFORMATION", style=dashed];`)
	r = c.get("/api/v1/picture?column=shop.raw.users.email&direction=downstream&layout=builtin")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, "image/svg+xml", r.Header.Get("Content-Type"))
	assert.Equal(t, "builtin", r.Header.Get("X-Lineage-Renderer"))
	assert.Equal(t, 3, strings.Count(string(r.body), `class="node"`))
	assert.Contains(t, string(r.body), `data-pii="raw"`)
	assert.Contains(t, string(r.body), `data-pii="masked"`)
	assert.Equal(t, http.StatusBadRequest, c.get("/api/v1/picture?column=shop.raw.users.email&format=png").StatusCode)
	r = c.get("/view?column=shop.raw.users.email")
	assert.Equal(t, http.StatusOK, r.StatusCode)
	assert.Contains(t, string(r.body), "api/v1/picture")
}

func TestAnalyzeOnGenericPlatformDefaultsToANSI(t *testing.T) {
	c := newClient(t, WithPlatform(lineage.Generic))
	r := c.postJSON("/api/v1/analyze", `{"sql": "INSERT INTO mart.x (e) SELECT email FROM raw.users", "database": "shop"}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	a := decode[AnalyzeResponse](t, r)
	require.Len(t, a.Statements, 1)
	assert.Equal(t, "sql://shop.mart.x", a.Statements[0].Target)
}

// An error shape made from a failed lookup still unwraps to the sentinel,
// so code that mounts the handler's parts can branch with errors.Is.
func TestNotFoundUnwrapsToTheSentinel(t *testing.T) {
	h := New(fixtureEngine(t), WithPlatform(lineage.Postgres), WithLogger(discardLogger()))
	_, err := h.existing(context.Background(), "postgres://shop.raw.nosuch.x", "column", "raw.nosuch.x")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusNotFound, e.Status)
	assert.ErrorIs(t, err, graphstore.ErrNotFound)

	err = complianceErr(fmt.Errorf("plan: %w", compliance.ErrUnknownSubject))
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusNotFound, e.Status)
	assert.ErrorIs(t, err, compliance.ErrUnknownSubject)

	e = h.asError(fmt.Errorf("detail: %w", graphstore.ErrNotFound))
	assert.Equal(t, http.StatusNotFound, e.Status)
	assert.ErrorIs(t, e, graphstore.ErrNotFound)

	for _, sentinel := range []error{graphstore.ErrInvalid, context.DeadlineExceeded, context.Canceled} {
		assert.ErrorIs(t, h.asError(fmt.Errorf("route: %w", sentinel)), sentinel)
	}
	_, perr := sqlparse.Parse("SELECT FROM WHERE", sqlparse.Postgres)
	require.Error(t, perr)
	var pe *sqlparse.ParseError
	assert.ErrorAs(t, h.asError(fmt.Errorf("analyze: %w", perr)), &pe, "the shape of a parse error unwraps to it")
}

// Every route that reads a body answers 413 in the one error shape when
// the body passes its limit, announced or not, and the error matches
// ErrBodyTooLarge.
func TestBodyOverLimitEverywhere(t *testing.T) {
	h := New(fixtureEngine(t), WithPlatform(lineage.Postgres), WithLogger(discardLogger()), WithMaxBodyBytes(64), WithMaxUploadBytes(100))
	c := &client{t: t, h: h, v: openAPIValidator(t)}
	big := strings.Repeat(" ", 200)
	bodies := map[string]string{
		"/api/v1/analyze": `{"sql": "SELECT 1"` + big + `}`,
		"/api/v1/ingest":  `{"statements": [{"sql": "SELECT 1"}]` + big + `}`,
		"/api/v1/lineage": runEvent(run1, "shop.mart.copy"),
	}
	for _, f := range querylog.Formats() {
		bodies["/api/v1/ingest/log/"+f.Name] = strings.Repeat("x", 300)
	}
	for path, body := range bodies {
		for _, announced := range []bool{true, false} {
			var rd io.Reader = strings.NewReader(body)
			if !announced {
				rd = struct{ io.Reader }{rd} // no Content-Length
			}
			r := c.do(http.MethodPost, path, "application/json", rd)
			assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode, "%s (length announced: %v): %s", path, announced, r.body)
		}
	}
	assert.ErrorIs(t, h.asError(fmt.Errorf("reading: %w", &http.MaxBytesError{Limit: 64})), ErrBodyTooLarge)
	assert.ErrorIs(t, bodyTooLarge(64), ErrBodyTooLarge)
}
