package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// The test warehouse: users' e-mail flows raw into a CRM export and
// hashed into a mart; orders make daily revenue, which a dashboard reads.
var fixtureSQL = []string{
	"CREATE TABLE raw.users (id int, email varchar(200), name varchar(100))",
	"CREATE TABLE raw.orders (id int, user_id int, day date, amount numeric)",
	"INSERT INTO mart.user_keys (id, email_hash) SELECT id, md5(email) FROM raw.users",
	"INSERT INTO crm.contacts (id, email, name) SELECT id, email, name FROM raw.users",
	"INSERT INTO mart.daily_revenue (day, revenue) SELECT o.day, SUM(o.amount) FROM raw.orders o JOIN raw.users u ON u.id = o.user_id GROUP BY o.day",
	"SELECT email FROM crm.contacts WHERE id = 7",
	"INSERT INTO mart.user_flags (id, tier) SELECT id, CASE WHEN name = 'x' THEN 'a' ELSE 'b' END FROM raw.users",
}

var fixtureAt = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func fixtureEngine(t testing.TB) *lineage.Engine {
	t.Helper()
	ctx := context.Background()
	eng := lineage.NewEngine(memory.New(), lineage.NewMemoryCatalog())
	var stmts []lineage.Statement
	for i, sql := range fixtureSQL {
		stmts = append(stmts, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres, Context: lineage.Context{
			Database: "shop", User: "analyst", At: fixtureAt.Add(time.Duration(i) * time.Hour), Session: "s1"}})
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...), lineage.IngestKey("fixture"))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	p := lineage.Postgres
	users := p.DatasetFromString("shop.raw.users", lineage.Defaults{})
	require.NoError(t, eng.TagColumns(ctx, map[lineage.Column][]string{{Dataset: users, Name: "email"}: {"pii"}}))
	require.NoError(t, eng.AddDashboards(ctx, lineage.Dashboard{
		Dataset: p.DatasetFromString("bi.revenue_board", lineage.Defaults{}), Owner: "finance", URL: "https://bi.example/revenue",
		Reads: []lineage.Dataset{p.DatasetFromString("shop.mart.daily_revenue", lineage.Defaults{})},
	}))
	return eng
}

// client calls a Handler in process and checks every answer against the
// OpenAPI document.
type client struct {
	t     *testing.T
	h     http.Handler
	v     validator.Validator
	token string
}

var (
	docOnce sync.Once
	docVal  validator.Validator
	docErrs []error
)

func openAPIValidator(t testing.TB) validator.Validator {
	docOnce.Do(func() {
		doc, err := libopenapi.NewDocument(openAPIDoc)
		if err != nil {
			docErrs = []error{err}
			return
		}
		docVal, docErrs = validator.NewValidator(doc)
	})
	require.Empty(t, docErrs)
	return docVal
}

func newClient(t *testing.T, opts ...Option) *client {
	t.Helper()
	opts = append([]Option{WithPlatform(lineage.Postgres), WithLogger(discardLogger())}, opts...)
	return &client{t: t, h: New(fixtureEngine(t), opts...), v: openAPIValidator(t)}
}

// response is an answer with its body read.
type response struct {
	*http.Response
	body []byte
}

func (c *client) do(method, target, contentType string, body io.Reader, header ...string) response {
	c.t.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	c.validate(req, res, b)
	return response{Response: res, body: b}
}

func (c *client) get(target string, header ...string) response {
	return c.do(http.MethodGet, target, "", nil, header...)
}

func (c *client) postJSON(target, body string, header ...string) response {
	return c.do(http.MethodPost, target, "application/json", strings.NewReader(body), header...)
}

// validate checks a response against the document (its status, content
// type and, for JSON, its body's schema).
func (c *client) validate(req *http.Request, res *http.Response, body []byte) {
	c.t.Helper()
	vreq := req.Clone(req.Context())
	vreq.Body = http.NoBody
	vres := *res
	vres.Body = io.NopCloser(bytes.NewReader(body))
	vres.Request = vreq
	if ok, errs := c.v.ValidateHttpResponse(vreq, &vres); !ok {
		for _, e := range errs {
			c.t.Errorf("%s %s -> %d: response disagrees with openapi.json: %s (%s) %v", req.Method, req.URL, res.StatusCode, e.Message, e.Reason, e.SchemaValidationErrors)
		}
	}
}
