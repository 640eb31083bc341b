package sqlparse

import (
	"errors"
	"fmt"
)

// ErrUnsupported is matched (errors.Is) by a *ParseError for a construct
// that sqlparse recognises but does not carry into a tree.
var ErrUnsupported = errors.New("unsupported construct")

// ErrInvalidUTF8 is matched (errors.Is) by a *ParseError for a statement
// whose text is not valid UTF-8: its names would not mean what the
// warehouse meant, so it is not parsed at all.
var ErrInvalidUTF8 = errors.New("text is not valid UTF-8")

// ErrSyntax is matched (errors.Is) by a *ParseError for a statement the
// parser rejects. The parser's own message, which quotes the statement as
// written, is not kept: see ParseError.RawText for the text as written.
var ErrSyntax = errors.New("syntax error")

// ParseError is a statement that could not be parsed. Its position is in
// the original text.
type ParseError struct {
	Dialect Dialect
	Pos     Pos
	// Snippet is the offending line with a caret under Pos.
	Snippet string
	Reason  string
	// Err is the cause: ErrSyntax, ErrUnsupported or ErrInvalidUTF8, or nil
	// for text the tokenizer cannot read (an unterminated string or
	// comment), or an internal error for a fault of sqlparse itself. It
	// holds no text of the statement.
	Err error

	// rewritten is the text the TiDB parser saw, for debugging.
	rewritten string
	// rawReason and rawSnippet are Reason and Snippet with the literals
	// as written (see RawText).
	rawReason, rawSnippet string
}

// Error formats the error with its position and snippet. Reason and
// Snippet show literals as '?' and no comments: an error may be logged,
// and a literal may hold personal data.
func (e *ParseError) Error() string {
	return e.format(e.Reason, e.Snippet)
}

// RawText is Error with the statement's text as written, literals and
// all. Use it only where the reader may see the logged queries' data.
func (e *ParseError) RawText() string {
	reason, snip := e.rawReason, e.rawSnippet
	if reason == "" {
		reason = e.Reason
	}
	if snip == "" {
		snip = e.Snippet
	}
	return e.format(reason, snip)
}

func (e *ParseError) format(reason, snippet string) string {
	s := fmt.Sprintf("%s: line %d, column %d: %s", e.Dialect, e.Pos.Line, e.Pos.Column, reason)
	if snippet != "" {
		s += "\n" + snippet
	}
	return s
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }
