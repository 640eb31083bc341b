package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Error codes of the error shape; clients branch on them.
const (
	CodeBadRequest   = "bad_request"    // a parameter is missing or malformed
	CodeBadJSON      = "malformed_json" // the body is not the JSON the endpoint takes
	CodeBodyTooLarge = "body_too_large" // the body passes WithMaxBodyBytes or WithMaxUploadBytes
	CodeUnauthorized = "unauthorized"   // the bearer token is missing or wrong
	CodeNotFound     = "not_found"      // no such endpoint, column or dataset
	CodeSQLParse     = "sql_parse"      // the SQL did not parse; position says where
	CodeSQLAnalysis  = "sql_analysis"   // the SQL parsed but could not be analysed
	CodeUnsupported  = "unsupported"    // a construct recognised but not carried
	CodeTimeout      = "timeout"        // the request passed its deadline; the engine's work was cancelled
	CodeCancelled    = "cancelled"      // the client went away
	CodeInvalidEvent = "invalid_event"  // some OpenLineage events were refused; the rest were applied
	CodeStaleCursor  = "stale_cursor"   // a page's cursor belongs to another answer (the report changed, or other filters); start again
	CodeInternal     = "internal"       // a fault of the server; the log has the details
)

// Error is the error shape every endpoint answers with, and the error a
// route returns to choose its status.
type Error struct {
	Status   int       `json:"-"`
	Code     string    `json:"code"`
	Message  string    `json:"message"`
	Position *Position `json:"position,omitempty"`
	// Snippet is the offending line with a caret, for SQL errors.
	Snippet string `json:"snippet,omitempty"`
	// cause is the error the shape stands for, when there is one, so that
	// errors.Is reaches its sentinel (graphstore.ErrNotFound, ...).
	cause error
}

// Error returns the message.
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap returns the error the shape stands for, or nil.
func (e *Error) Unwrap() error { return e.cause }

// wrap records the error e stands for and returns e.
func (e *Error) wrap(cause error) *Error {
	e.cause = cause
	return e
}

// Position is a place in the SQL a request sent: 1-based line and column,
// 0-based byte offset.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

func positionOf(p sqlparse.Pos) *Position {
	return &Position{Line: p.Line, Column: p.Column, Offset: p.Offset}
}

type errorBody struct {
	Error *Error `json:"error"`
}

func writeError(w http.ResponseWriter, e *Error) {
	writeJSON(w, e.Status, errorBody{Error: e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client may be gone; nothing to do then
}

// ErrBodyTooLarge is matched (errors.Is) by the error of a request whose
// body passes WithMaxBodyBytes or WithMaxUploadBytes (413, code
// body_too_large).
var ErrBodyTooLarge = errors.New("httpapi: request body too large")

func bodyTooLarge(limit int64) *Error {
	return (&Error{Status: http.StatusRequestEntityTooLarge, Code: CodeBodyTooLarge,
		Message: fmt.Sprintf("request body larger than %d bytes", limit)}).wrap(ErrBodyTooLarge)
}

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// sqlError is the error shape of one statement that failed: a parse error
// or an analysis error, with its position; nil for other errors.
func sqlError(err error) *Error {
	var pe *sqlparse.ParseError
	if errors.As(err, &pe) {
		code := CodeSQLParse
		if errors.Is(err, sqlparse.ErrUnsupported) {
			code = CodeUnsupported
		}
		return (&Error{Status: http.StatusUnprocessableEntity, Code: code, Message: pe.Reason, Position: positionOf(pe.Pos), Snippet: pe.Snippet}).wrap(err)
	}
	var ae *lineage.AnalysisError
	if errors.As(err, &ae) {
		return (&Error{Status: http.StatusUnprocessableEntity, Code: CodeSQLAnalysis, Message: ae.Reason, Position: positionOf(ae.Pos)}).wrap(err)
	}
	var ie *lineage.InputError
	if errors.As(err, &ie) {
		return (&Error{Status: http.StatusUnprocessableEntity, Code: CodeBadRequest, Message: ie.Error()}).wrap(err)
	}
	return nil
}

// asError maps any error a route returns to the error shape.
func (h *Handler) asError(err error) *Error {
	var e *Error
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &mb):
		return bodyTooLarge(mb.Limit)
	case errors.Is(err, context.DeadlineExceeded):
		return (&Error{Status: http.StatusGatewayTimeout, Code: CodeTimeout, Message: "the request took longer than its deadline and was cancelled"}).wrap(err)
	case errors.Is(err, context.Canceled):
		return (&Error{Status: 499, Code: CodeCancelled, Message: "the request was cancelled"}).wrap(err)
	case errors.Is(err, graphstore.ErrNotFound):
		return notFound("not in the lineage graph").wrap(err)
	case errors.Is(err, graphstore.ErrInvalid):
		return badRequest("%v", err).wrap(err)
	}
	if se := sqlError(err); se != nil {
		return se
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error"}
}
