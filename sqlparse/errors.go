package sqlparse

import (
	"errors"
	"fmt"
)

// ErrUnsupported is matched (errors.Is) by a *ParseError for a construct
// that sqlparse recognises but does not carry into a tree.
var ErrUnsupported = errors.New("unsupported construct")

// ParseError is a statement that could not be parsed. Its position is in
// the original text.
type ParseError struct {
	Dialect Dialect
	Pos     Pos
	// Snippet is the offending line with a caret under Pos.
	Snippet string
	Reason  string
	// Err is the underlying cause (ErrUnsupported, or the parser's error).
	Err error

	// rewritten is the text the TiDB parser saw, for debugging.
	rewritten string
}

// Error formats the error with its position and snippet.
func (e *ParseError) Error() string {
	s := fmt.Sprintf("%s: line %d, column %d: %s", e.Dialect, e.Pos.Line, e.Pos.Column, e.Reason)
	if e.Snippet != "" {
		s += "\n" + e.Snippet
	}
	return s
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }
