package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runEvent is an OpenLineage RunEvent of a job that copies
// shop.crm.contacts.email into table.
func runEvent(runID, table string) string {
	return fmt.Sprintf(`{"eventType": "COMPLETE", "eventTime": "2026-11-02T10:00:00Z",
 "producer": "https://example.com/spark", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
 "run": {"runId": %q}, "job": {"namespace": "spark", "name": "copy_contacts"},
 "inputs": [{"namespace": "postgres://db:5432", "name": "shop.crm.contacts"}],
 "outputs": [{"namespace": "postgres://db:5432", "name": %q, "facets": {"columnLineage": {
   "_producer": "https://example.com/spark", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
   "fields": {"email": {"inputFields": [{"namespace": "postgres://db:5432", "name": "shop.crm.contacts", "field": "email",
     "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}]}]}}}}}]}`, runID, table)
}

const (
	run1 = "0190b7e4-5a2f-7c3e-9d4b-1f2a3b4c5d6e"
	run2 = "0190b7e4-5a2f-7c3e-9d4b-1f2a3b4c5d6f"
)

// upstreamOf is the upstream trace of a column, as edge "from>to" strings.
func upstreamOf(t *testing.T, c *client, column string) []string {
	t.Helper()
	r := c.get("/api/v1/trace?column=" + column)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	var out []string
	for _, e := range decode[TraceJSON](t, r).Edges {
		out = append(out, fmt.Sprintf("%s>%s x%d", e.From, e.To, e.Count))
	}
	return out
}

func TestLineageEventApplied(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/lineage", runEvent(run1, "shop.mart.contact_copy"))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	s := decode[LineageSummaryJSON](t, r)
	assert.Equal(t, int64(1), s.Applied)
	assert.Equal(t, int64(1), s.Edges)
	assert.Empty(t, s.Errors)
	before := upstreamOf(t, c, "shop.mart.contact_copy.email")
	assert.Contains(t, strings.Join(before, " "), "postgres://shop.crm.contacts.email>postgres://shop.mart.contact_copy.email",
		"the event's column edge joins the graph the query log built")

	r = c.postJSON("/api/v1/lineage", runEvent(run1, "shop.mart.contact_copy"))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	s = decode[LineageSummaryJSON](t, r)
	assert.Equal(t, int64(0), s.Applied)
	assert.Equal(t, int64(1), s.Duplicates)
	assert.Equal(t, before, upstreamOf(t, c, "shop.mart.contact_copy.email"), "the same event twice changes nothing")
}

func TestLineageBatchWithBadEvents(t *testing.T) {
	c := newClient(t)
	bad := strings.Replace(runEvent(run2, "shop.mart.b"), `"eventType": "COMPLETE"`, `"eventType": "DONE"`, 1)
	body := "[" + `{"eventTime": "2026-11-02T10:00:00Z", "run": {}, "job": {"namespace": "n", "name": "j"}}, ` +
		runEvent(run1, "shop.mart.a") + ", " + bad + "]"
	r := c.postJSON("/api/v1/lineage", body)
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "%s", r.body)
	got := decode[LineageRejectedJSON](t, r)
	assert.Equal(t, CodeInvalidEvent, got.Error.Code)
	assert.Equal(t, int64(3), got.Summary.Events)
	assert.Equal(t, int64(1), got.Summary.Applied)
	assert.Equal(t, int64(2), got.Summary.Failed)
	require.Len(t, got.Summary.Errors, 2)
	assert.Equal(t, int64(0), got.Summary.Errors[0].Index)
	assert.Equal(t, "run.runId", got.Summary.Errors[0].Field)
	assert.Equal(t, int64(2), got.Summary.Errors[1].Index)
	assert.Equal(t, "eventType", got.Summary.Errors[1].Field)
	assert.NotEmpty(t, upstreamOf(t, c, "shop.mart.a.email"), "the good event of the batch is applied")
}

func TestLineageJSONLines(t *testing.T) {
	c := newClient(t)
	body := strings.ReplaceAll(runEvent(run1, "shop.mart.a"), "\n", "") + "\n\n" + strings.ReplaceAll(runEvent(run2, "shop.mart.b"), "\n", "") + "\n"
	r := c.do(http.MethodPost, "/api/v1/lineage", "application/x-ndjson", strings.NewReader(body))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	s := decode[LineageSummaryJSON](t, r)
	assert.Equal(t, int64(2), s.Events)
	assert.Equal(t, int64(2), s.Applied)
	assert.NotEmpty(t, upstreamOf(t, c, "shop.mart.b.email"))
}

func TestLineageMalformed(t *testing.T) {
	c := newClient(t)
	r := c.postJSON("/api/v1/lineage", "  ")
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
	assert.Equal(t, CodeBadJSON, errorOf(t, r).Code)

	r = c.postJSON("/api/v1/lineage", `{"eventType": `)
	require.Equal(t, http.StatusUnprocessableEntity, r.StatusCode, "%s", r.body)
	got := decode[LineageRejectedJSON](t, r)
	require.Len(t, got.Summary.Errors, 1)
	assert.Equal(t, int64(0), got.Summary.Errors[0].Index)
}

func TestLineageLimits(t *testing.T) {
	c := newClient(t, WithMaxBodyBytes(200))
	r := c.postJSON("/api/v1/lineage", runEvent(run1, "shop.mart.a"))
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Equal(t, CodeBodyTooLarge, errorOf(t, r).Code)

	c = newClient(t, WithToken("s3cret"))
	r = c.postJSON("/api/v1/lineage", runEvent(run1, "shop.mart.a"))
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
	c.token = "s3cret"
	r = c.postJSON("/api/v1/lineage", runEvent(run1, "shop.mart.a"))
	assert.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
}
