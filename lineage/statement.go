package lineage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/colineage/colineage/sqlparse"
)

// Statement is one piece of SQL to analyse, with the context it ran in.
type Statement struct {
	SQL     string
	Dialect sqlparse.Dialect
	Context Context
}

// Context is what a query log or a dbt project knows about where and how a
// statement ran. Empty fields are unknown.
type Context struct {
	// Database and Schema are the session defaults for unqualified names.
	Database string
	Schema   string
	User     string
	Role     string
	// At is when the statement ran.
	At time.Time
	// QueryID is the warehouse's id of the statement.
	QueryID string
	// Session groups statements whose order matters (temp tables,
	// search_path). Statements of one session are analysed in order.
	Session string
	// Origin says where the statement was read: a file and line, a dbt
	// model's unique id.
	Origin string
}

// Source is a stream of statements, as a query-log reader or a dbt loader
// produces them.
type Source interface {
	// Next returns the next statement, io.EOF at the end, or an error. A
	// *InputError is about one record: the stream goes on and the caller
	// may call Next again. Any other error ends the stream.
	Next(ctx context.Context) (Statement, error)
}

// ErrMalformedInput is matched (errors.Is) by every *InputError.
var ErrMalformedInput = errors.New("malformed input")

// InputError is a record of an input (a log row, a manifest node) that
// could not be read. It does not end the stream it came from.
type InputError struct {
	// Origin names the input: a file name or a format.
	Origin string
	// Record is the 1-based record (row, line) number in the input.
	Record int64
	Reason string
	// Err is the cause, if any.
	Err error
}

// Error describes the record and the reason.
func (e *InputError) Error() string {
	s := fmt.Sprintf("%s: record %d: %s", e.Origin, e.Record, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes errors.Is(err, ErrMalformedInput) hold.
func (e *InputError) Is(target error) bool { return target == ErrMalformedInput }

// Unwrap returns the cause, if any.
func (e *InputError) Unwrap() error { return e.Err }
