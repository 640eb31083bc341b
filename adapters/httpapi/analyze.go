package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// AnalyzeRequest is the body of POST /api/v1/analyze.
type AnalyzeRequest struct {
	SQL string `json:"sql"`
	// Dialect names the SQL dialect ("redshift", "snowflake", ...; default
	// the Handler's platform).
	Dialect string `json:"dialect,omitempty"`
	// Database and Schema are the defaults for unqualified names.
	Database string `json:"database,omitempty"`
	Schema   string `json:"schema,omitempty"`
}

// AnalyzeResponse is the lineage of the SQL of an AnalyzeRequest.
type AnalyzeResponse struct {
	Statements []StatementJSON `json:"statements"`
	Warnings   []WarningJSON   `json:"warnings"`
	// Errors are the statements of the script that failed; the others are
	// in Statements.
	Errors     []*Error `json:"errors"`
	Confidence float64  `json:"confidence"`
}

// StatementJSON is the lineage of one statement.
type StatementJSON struct {
	Kind       string           `json:"kind"`
	Start      *Position        `json:"start"`
	Target     string           `json:"target,omitempty"`
	Columns    []string         `json:"columns"`
	Sources    []string         `json:"sources"`
	Edges      []ColumnEdgeJSON `json:"edges"`
	Confidence float64          `json:"confidence"`
}

// ColumnEdgeJSON is a column edge of an analysed statement.
type ColumnEdgeJSON struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Type      string `json:"type"`
	Subtype   string `json:"subtype"`
	Masking   bool   `json:"masking"`
	Transform string `json:"transform"`
	// Position is where the expression that made the edge starts.
	Position *Position `json:"position"`
}

// WarningJSON is something the analyzer could not resolve with certainty.
type WarningJSON struct {
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Position *Position `json:"position"`
}

// decodeJSON reads a JSON body into v, strictly: unknown fields and
// trailing data are errors.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		msg := err.Error()
		if errors.Is(err, io.EOF) {
			msg = "empty body: a JSON object is expected"
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg = fmt.Sprintf("%v (at byte %d)", se, se.Offset)
		}
		return &Error{Status: http.StatusBadRequest, Code: CodeBadJSON, Message: strings.TrimPrefix(msg, "json: ")}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return err
		}
		return &Error{Status: http.StatusBadRequest, Code: CodeBadJSON, Message: "data after the JSON object"}
	}
	return nil
}

// dialect finds a dialect by name, or the one of the Handler's platform.
func (h *Handler) dialect(name string) (sqlparse.Dialect, error) {
	if name == "" {
		return h.cfg.platform.Dialect(), nil
	}
	d, ok := sqlparse.DialectByName(name)
	if !ok {
		return d, badRequest("unknown dialect %q", name)
	}
	return d, nil
}

// analyze is POST /api/v1/analyze: the lineage of SQL, from the catalog
// the engine knows, without writing the graph or the catalog.
func (h *Handler) analyze(w http.ResponseWriter, r *http.Request) error {
	var req AnalyzeRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.SQL) == "" {
		return badRequest("sql is empty")
	}
	d, err := h.dialect(req.Dialect)
	if err != nil {
		return err
	}
	st := lineage.Statement{SQL: req.SQL, Dialect: d, Context: lineage.Context{Database: req.Database, Schema: req.Schema}}
	res, err := h.analyzer.Analyze(r.Context(), st)
	if cerr := r.Context().Err(); cerr != nil {
		return cerr
	}
	out := AnalyzeResponse{Statements: []StatementJSON{}, Warnings: []WarningJSON{}, Errors: []*Error{}, Confidence: res.Confidence}
	if err != nil {
		for _, one := range flatten(err) {
			se := sqlError(one)
			if se == nil {
				return err
			}
			out.Errors = append(out.Errors, se)
		}
	}
	if len(res.Statements) == 0 && len(out.Errors) > 0 {
		// Nothing of the SQL could be analysed: the first error is the answer.
		return out.Errors[0]
	}
	for _, sr := range res.Statements {
		out.Statements = append(out.Statements, statementJSON(sr))
	}
	for _, wn := range res.Warnings {
		out.Warnings = append(out.Warnings, WarningJSON{Code: wn.Code.String(), Message: wn.Message, Position: positionOf(wn.Pos)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func statementJSON(sr lineage.StatementResult) StatementJSON {
	s := StatementJSON{Kind: sr.Kind.String(), Start: positionOf(sr.Span.Start), Columns: sr.Columns,
		Sources: []string{}, Edges: []ColumnEdgeJSON{}, Confidence: sr.Confidence}
	if s.Columns == nil {
		s.Columns = []string{}
	}
	if sr.Target != nil {
		s.Target = sr.Target.ID()
	}
	for _, d := range sr.Sources {
		s.Sources = append(s.Sources, d.ID())
	}
	for _, e := range sr.Edges {
		s.Edges = append(s.Edges, ColumnEdgeJSON{From: e.From.ID(), To: e.To.ID(), Type: e.Transform.Type.String(),
			Subtype: e.Transform.Subtype.String(), Masking: e.Transform.Masking, Transform: e.Transform.String(),
			Position: positionOf(e.Span.Start)})
	}
	return s
}

// flatten splits an errors.Join tree into its leaves.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// readOnlyCatalog shows a catalog to an Analyzer without letting it learn:
// DDL in analysed SQL then stays in the request's session.
type readOnlyCatalog struct{ base lineage.Catalog }

func (c readOnlyCatalog) Columns(ctx context.Context, ds lineage.Dataset) ([]string, bool, error) {
	return c.base.Columns(ctx, ds)
}

// Lookup passes on the base's dataset kinds (views, tables) when it has
// them.
func (c readOnlyCatalog) Lookup(ds lineage.Dataset) (lineage.Dataset, []string, bool) {
	if l, ok := c.base.(interface {
		Lookup(lineage.Dataset) (lineage.Dataset, []string, bool)
	}); ok {
		return l.Lookup(ds)
	}
	return lineage.Dataset{}, nil, false
}
