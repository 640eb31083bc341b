package httpapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
