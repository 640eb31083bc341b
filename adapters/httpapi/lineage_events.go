package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/colineage/colineage/adapters/openlineage"
)

// WithOpenLineage passes options (namespace mappings, the dialect of SQL
// facets, ...) to the consumer of POST /api/v1/lineage.
func WithOpenLineage(opts ...openlineage.Option) Option {
	return func(c *config) { c.lineageOpts = append(c.lineageOpts, opts...) }
}

// LineageSummaryJSON is the answer of POST /api/v1/lineage: what became of
// the events posted.
type LineageSummaryJSON struct {
	// Events counts the events read; Applied those written to the graph;
	// Duplicates those already applied (they change nothing); Skipped
	// FAIL and ABORT events; Failed those refused, each in Errors.
	Events     int64 `json:"events"`
	Applied    int64 `json:"applied"`
	Duplicates int64 `json:"duplicates"`
	Skipped    int64 `json:"skipped"`
	Failed     int64 `json:"failed"`
	// Edges counts the column edges of the applied events.
	Edges  int64            `json:"edges"`
	Errors []EventErrorJSON `json:"errors"`
}

// EventErrorJSON is one refused event.
type EventErrorJSON struct {
	// Index is the 0-based place of the event: in the array posted, or
	// the line of a JSON-lines body.
	Index int64 `json:"index"`
	// Field is the JSON path of the offending field ("run.runId"), empty
	// when the whole event is unreadable.
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
	RunID  string `json:"run_id,omitempty"`
	Job    string `json:"job,omitempty"`
}

// LineageRejectedJSON is the answer when some events were refused: the
// error shape, and the summary with one error per refused event.
type LineageRejectedJSON struct {
	Error   *Error             `json:"error"`
	Summary LineageSummaryJSON `json:"summary"`
}

func lineageSummary(s openlineage.Summary) LineageSummaryJSON {
	out := LineageSummaryJSON{Events: s.Events, Applied: s.Applied, Duplicates: s.Duplicates,
		Skipped: s.Skipped, Failed: s.Failed, Edges: s.Edges, Errors: []EventErrorJSON{}}
	for _, err := range s.Errors {
		var ee *openlineage.EventError
		if !errors.As(err, &ee) {
			out.Errors = append(out.Errors, EventErrorJSON{Index: -1, Reason: err.Error()})
			continue
		}
		reason := ee.Reason
		if ee.Err != nil {
			reason += ": " + ee.Err.Error()
		}
		out.Errors = append(out.Errors, EventErrorJSON{Index: ee.Line - 1, Field: ee.Field, Reason: reason, RunID: ee.RunID, Job: ee.Job})
	}
	return out
}

// jsonLines reports whether body holds more than one top-level JSON
// value: JSON lines rather than one event.
func jsonLines(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	var first json.RawMessage
	if dec.Decode(&first) != nil {
		return false
	}
	return dec.More()
}

// receiveLineage is POST /api/v1/lineage, the path of Marquez's API:
// OpenLineage RunEvents (one, a JSON array, or JSON lines) applied to the
// graph. A refused event does not stop the others; the same event posted
// twice changes nothing but the duplicates count.
func (h *Handler) receiveLineage(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return &Error{Status: http.StatusBadRequest, Code: CodeBadJSON, Message: "empty body: want a RunEvent, a JSON array of them, or JSON lines"}
	}
	var sum openlineage.Summary
	if body[0] != '[' && jsonLines(body) {
		sum, err = h.consumer.ReadJSONL(r.Context(), bytes.NewReader(body))
	} else {
		sum, err = h.consumer.Receive(r.Context(), bytes.NewReader(body))
	}
	if err != nil {
		return err
	}
	out := lineageSummary(sum)
	if sum.Failed > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, LineageRejectedJSON{Summary: out, Error: &Error{
			Code: CodeInvalidEvent, Message: fmt.Sprintf("%d of %d events refused; the others were applied", sum.Failed, sum.Events)}})
		return nil
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
