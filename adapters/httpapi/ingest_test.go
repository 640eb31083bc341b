package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

func TestIngestStatements(t *testing.T) {
	c := newClient(t)
	body := `{"key": "k1", "statements": [
		{"sql": "INSERT INTO mart.emails (e) SELECT email FROM raw.users", "database": "shop", "user": "etl", "at": "2026-11-03T10:00:00Z"},
		{"sql": "SELECT FROM WHERE", "query_id": "q2"}
	]}`
	r := c.postJSON("/api/v1/ingest", body)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	s := decode[SummaryJSON](t, r)
	assert.Equal(t, int64(2), s.Read)
	assert.Equal(t, int64(1), s.Analyzed)
	assert.Equal(t, int64(1), s.Failed["parse"])
	require.Len(t, s.Errors, 1)
	assert.Equal(t, int64(2), s.Errors[0].Seq)
	assert.Equal(t, "q2", s.Errors[0].QueryID)
	assert.Equal(t, CodeSQLParse, s.Errors[0].Error.Code)
	require.NotNil(t, s.Errors[0].Error.Position)

	// The new edge is traced.
	r = c.get("/api/v1/trace?column=shop.mart.emails.e")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Len(t, decode[TraceJSON](t, r).Nodes, 2)

	// The same key and statements again change nothing.
	r = c.get("/api/v1/column?name=shop.mart.emails.e")
	before := decode[ColumnJSON](t, r).Upstream[0].Count
	c.postJSON("/api/v1/ingest", body)
	r = c.get("/api/v1/column?name=shop.mart.emails.e")
	assert.Equal(t, before, decode[ColumnJSON](t, r).Upstream[0].Count)

	r = c.postJSON("/api/v1/ingest", `{"statements": []}`)
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
	r = c.postJSON("/api/v1/ingest", `{"statements": [{"sql": "SELECT 1", "dialect": "klingon"}]}`)
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
}

func TestIngestLogUpload(t *testing.T) {
	f, err := os.ReadFile("../../testdata/warehouse/snowflake/query_history.csv")
	require.NoError(t, err)
	c := newClient(t)
	r := c.do(http.MethodPost, "/api/v1/ingest/log/snowflake?key=qh", "text/csv", bytes.NewReader(f))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	s := decode[SummaryJSON](t, r)
	assert.Greater(t, s.Read, int64(50))
	assert.Greater(t, s.Analyzed+s.Cached, s.Read*9/10)
	r = c.get("/api/v1/search?prefix=ELEARN.ANALYTICS.DAILY_REVENUE.&kind=column")
	assert.NotEmpty(t, decode[SearchJSON](t, r).Results)

	r = c.do(http.MethodPost, "/api/v1/ingest/log/oracle", "text/csv", strings.NewReader("x"))
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
	assert.Contains(t, errorOf(t, r).Message, "redshift")
}

func TestIngestProgressStream(t *testing.T) {
	f, err := os.ReadFile("../../testdata/warehouse/redshift/stl_querytext.csv")
	require.NoError(t, err)
	c := newClient(t, WithProgressInterval(time.Millisecond))
	r := c.do(http.MethodPost, "/api/v1/ingest/log/redshift", "text/csv", bytes.NewReader(f), "Accept", ndjson)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, ndjson, r.Header.Get("Content-Type"))
	var progress []ProgressJSON
	var summary *SummaryJSON
	sc := bufio.NewScanner(bytes.NewReader(r.body))
	for sc.Scan() {
		var line struct {
			Progress *ProgressJSON `json:"progress"`
			Summary  *SummaryJSON  `json:"summary"`
			Error    *Error        `json:"error"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line), "%s", sc.Text())
		require.Nil(t, line.Error)
		require.Nil(t, summary, "a line after the summary")
		if line.Progress != nil {
			progress = append(progress, *line.Progress)
		}
		summary = line.Summary
	}
	require.NotNil(t, summary)
	require.NotEmpty(t, progress)
	last := progress[len(progress)-1]
	assert.Equal(t, summary.Read, last.Statements)
	assert.Equal(t, int64(len(f)), last.Bytes)
	for i := 1; i < len(progress); i++ {
		assert.GreaterOrEqual(t, progress[i].Bytes, progress[i-1].Bytes)
	}
}

// slowUpsertStore makes every write take a while (or until its context
// ends), as a remote store under load does.
type slowUpsertStore struct {
	graphstore.Store
	delay time.Duration
}

func (s *slowUpsertStore) Upsert(ctx context.Context, b graphstore.Batch) error {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	return s.Store.Upsert(ctx, b)
}

// TestIngestHasItsOwnTimeout: every ingest route (statements, log upload,
// OpenLineage events) runs under WithIngestTimeout, not the short timeout
// of queries, and still under a deadline.
func TestIngestHasItsOwnTimeout(t *testing.T) {
	f, err := os.ReadFile("../../testdata/warehouse/snowflake/query_history.csv")
	require.NoError(t, err)
	requests := []struct {
		path, contentType, body string
	}{
		{"/api/v1/ingest", "application/json", `{"statements": [{"sql": "INSERT INTO mart.e (e) SELECT email FROM raw.users", "database": "shop"}]}`},
		{"/api/v1/ingest/log/snowflake", "text/csv", string(f)},
		{"/api/v1/lineage", "application/json", runEvent(run1, "shop.mart.copy")},
	}
	for _, tc := range requests {
		t.Run(tc.path, func(t *testing.T) {
			base := fixtureEngine(t)
			slow := &slowUpsertStore{Store: base.Store(), delay: 150 * time.Millisecond}
			eng := lineage.NewEngine(slow, base.Analyzer().Catalog())

			c := &client{t: t, v: openAPIValidator(t), h: New(eng, WithPlatform(lineage.Postgres), WithLogger(discardLogger()),
				WithTimeout(20*time.Millisecond), WithIngestTimeout(time.Minute))}
			r := c.do(http.MethodPost, tc.path, tc.contentType, strings.NewReader(tc.body))
			assert.Equal(t, http.StatusOK, r.StatusCode, "the query timeout cut an ingest: %s", r.body)

			c.h = New(eng, WithPlatform(lineage.Postgres), WithLogger(discardLogger()),
				WithTimeout(time.Minute), WithIngestTimeout(20*time.Millisecond))
			r = c.do(http.MethodPost, tc.path, tc.contentType, strings.NewReader(tc.body))
			assert.Equal(t, http.StatusGatewayTimeout, r.StatusCode, "the ingest timeout holds: %s", r.body)
			assert.Equal(t, CodeTimeout, errorOf(t, r).Code)
		})
	}
}
