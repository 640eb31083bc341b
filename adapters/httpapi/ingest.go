package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/lineage"
)

// IngestRequest is the body of POST /api/v1/ingest.
type IngestRequest struct {
	// Key names the input: ingesting the same key and statements again
	// leaves the graph as it was (see lineage.IngestKey).
	Key string `json:"key,omitempty"`
	// Dialect is the default of the statements (default: the Handler's
	// platform).
	Dialect    string            `json:"dialect,omitempty"`
	Statements []StatementJSONIn `json:"statements"`
}

// StatementJSONIn is one statement to ingest, with what the log knows of
// where it ran.
type StatementJSONIn struct {
	SQL      string    `json:"sql"`
	Dialect  string    `json:"dialect,omitempty"`
	Database string    `json:"database,omitempty"`
	Schema   string    `json:"schema,omitempty"`
	User     string    `json:"user,omitempty"`
	At       time.Time `json:"at,omitzero"`
	QueryID  string    `json:"query_id,omitempty"`
	Session  string    `json:"session,omitempty"`
}

// SummaryJSON is the account of an ingest.
type SummaryJSON struct {
	Read        int64            `json:"read"`
	Analyzed    int64            `json:"analyzed"`
	Cached      int64            `json:"cached"`
	Failed      map[string]int64 `json:"failed"`
	FailedTotal int64            `json:"failed_total"`
	Warnings    int64            `json:"warnings"`
	Edges       int64            `json:"edges"`
	Batches     int64            `json:"batches"`
	// Errors are the first failures, each with the statement's place in
	// the input.
	Errors     []IngestErrorJSON `json:"errors"`
	DurationMS int64             `json:"duration_ms"`
}

// IngestErrorJSON is one statement or record of an ingest that failed.
type IngestErrorJSON struct {
	// Seq is the statement's 1-based place in the input.
	Seq     int64  `json:"seq"`
	QueryID string `json:"query_id,omitempty"`
	Error   *Error `json:"error"`
}

// ProgressJSON is one line of a streamed ingest's progress.
type ProgressJSON struct {
	// Statements counts statements read so far; Bytes the bytes of the
	// upload read (0 for JSON statements).
	Statements int64 `json:"statements"`
	Bytes      int64 `json:"bytes"`
	ElapsedMS  int64 `json:"elapsed_ms"`
}

// ingestStatements is POST /api/v1/ingest: statements sent as JSON.
func (h *Handler) ingestStatements(w http.ResponseWriter, r *http.Request) error {
	var req IngestRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if len(req.Statements) == 0 {
		return badRequest("statements is empty")
	}
	def, err := h.dialect(req.Dialect)
	if err != nil {
		return err
	}
	stmts := make([]lineage.Statement, len(req.Statements))
	for i, s := range req.Statements {
		d := def
		if s.Dialect != "" {
			if d, err = h.dialect(s.Dialect); err != nil {
				return badRequest("statements[%d]: unknown dialect %q", i, s.Dialect)
			}
		}
		stmts[i] = lineage.Statement{SQL: s.SQL, Dialect: d, Context: lineage.Context{
			Database: s.Database, Schema: s.Schema, User: s.User, At: s.At, QueryID: s.QueryID, Session: s.Session,
			Origin: "request",
		}}
	}
	var read atomic.Int64
	src := &countingSource{src: lineage.Statements(stmts...), n: &read}
	return h.runIngest(w, r, src, req.Key, func() ProgressJSON { return ProgressJSON{Statements: read.Load()} })
}

// ingestLog is POST /api/v1/ingest/log/{format}: a query-log export as the
// body, read as it streams in. The formats are querylog.Formats.
func (h *Handler) ingestLog(w http.ResponseWriter, r *http.Request) error {
	format := r.PathValue("format")
	lf, err := querylog.FormatByName(format)
	if err != nil {
		return badRequest("%v", err).wrap(err)
	}
	key := r.URL.Query().Get("key")
	opts := []querylog.Option{querylog.WithOrigin(firstNonEmpty(key, "upload."+format))}
	if name := r.URL.Query().Get("dialect"); name != "" {
		d, err := h.dialect(name)
		if err != nil {
			return err
		}
		opts = append(opts, querylog.WithDialect(d))
	}
	body := &countingReader{r: r.Body}
	src := lf.Open(body, opts...)
	return h.runIngest(w, r, src, key, func() ProgressJSON {
		return ProgressJSON{Statements: src.Stats().Statements, Bytes: body.n.Load()}
	})
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// runIngest ingests src and answers with the summary; when the client
// accepts application/x-ndjson, progress lines come first, one a
// WithProgressInterval, then the summary line.
func (h *Handler) runIngest(w http.ResponseWriter, r *http.Request, src lineage.Source, key string, progress func() ProgressJSON) error {
	ctx := r.Context()
	var opts []lineage.IngestOption
	if key != "" {
		opts = append(opts, lineage.IngestKey(key))
	}
	if !strings.Contains(r.Header.Get("Accept"), ndjson) {
		sum, err := h.eng.Ingest(ctx, src, opts...)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, summaryJSON(sum))
		return nil
	}

	w.Header().Set("Content-Type", ndjson)
	w.WriteHeader(http.StatusOK)
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	line := func(v any) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(v)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	start := time.Now()
	stop := make(chan struct{})
	ticker := sync.WaitGroup{}
	ticker.Add(1)
	go func() {
		defer ticker.Done()
		t := time.NewTicker(h.cfg.progressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p := progress()
				p.ElapsedMS = time.Since(start).Milliseconds()
				line(map[string]any{"progress": p})
			case <-stop:
				return
			}
		}
	}()
	sum, err := h.eng.Ingest(ctx, src, opts...)
	close(stop)
	ticker.Wait()
	if err != nil {
		// The status is sent: the error is the last line.
		line(errorBody{Error: h.asError(err)})
		return nil
	}
	p := progress()
	p.ElapsedMS = time.Since(start).Milliseconds()
	line(map[string]any{"progress": p})
	line(map[string]any{"summary": summaryJSON(sum)})
	return nil
}

const ndjson = "application/x-ndjson"

func summaryJSON(s lineage.Summary) SummaryJSON {
	out := SummaryJSON{Read: s.Read, Analyzed: s.Analyzed, Cached: s.Cached, Failed: s.Failed, FailedTotal: s.FailedTotal(),
		Warnings: s.Warnings, Edges: s.Edges, Batches: s.Batches, Errors: []IngestErrorJSON{}, DurationMS: s.Duration.Milliseconds()}
	if out.Failed == nil {
		out.Failed = map[string]int64{}
	}
	for _, err := range s.Errors {
		ie := IngestErrorJSON{}
		var e *lineage.IngestError
		if errors.As(err, &e) {
			ie.Seq, ie.QueryID = e.Seq, e.QueryID
		}
		ie.Error = sqlError(err)
		if ie.Error == nil {
			ie.Error = &Error{Code: CodeSQLAnalysis, Message: err.Error()}
		}
		out.Errors = append(out.Errors, ie)
	}
	return out
}

// countingSource counts the statements read from a Source.
type countingSource struct {
	src lineage.Source
	n   *atomic.Int64
}

func (c *countingSource) Next(ctx context.Context) (lineage.Statement, error) {
	st, err := c.src.Next(ctx)
	if err == nil {
		c.n.Add(1)
	}
	return st, err
}

// countingReader counts the bytes read from an upload.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
