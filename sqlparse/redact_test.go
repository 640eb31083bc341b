package sqlparse

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseErrorsQuoteNoLiteral(t *testing.T) {
	secrets := []string{"123-45-6789", "ann@example.com", "4111111111111111", "hunter2"}
	for _, sql := range []string{
		"SELECT * FROM users WHERE email = 'ann@example.com' AND ssn = '123-45-6789' ORDER BY BY id",
		"SELECT card FROM pay WHERE card = 4111111111111111 GROUP id",
		"SELECT 1 FROM t WHERE pw = 'hunter2' AND",
		"SELECT 1 FROM t WHERE pw = 'hunter2\n  and more ann@example.com",
		"SELECT 1 FROM t /* 123-45-6789 */ WHERE WHERE x = 'ann@example.com'",
		"SELECT 1;\nSELECT a FROM t WHERE s = 'ann@example.com' )",
		"SELECT d + INTERVAL 'ann@example.com 123-45-6789' FROM t",
	} {
		t.Run(sql[:20], func(t *testing.T) {
			_, err := Parse(sql, Postgres)
			require.Error(t, err)
			var pe *ParseError
			require.True(t, errors.As(err, &pe))
			for _, s := range secrets {
				assert.NotContains(t, err.Error(), s)
				assert.NotContains(t, pe.Reason, s)
				assert.NotContains(t, pe.Snippet, s)
				// nor does anything it wraps (a caller may log the cause)
				for c := errors.Unwrap(pe); c != nil; c = errors.Unwrap(c) {
					assert.NotContains(t, c.Error(), s)
				}
			}
			raw := pe.RawText()
			found := false
			for _, s := range secrets {
				found = found || strings.Contains(raw, s) || !strings.Contains(sql, s)
			}
			assert.True(t, found, "RawText shows the text as written: %s", raw)
			// the caret still points at the same place of the line
			lines := strings.Split(pe.Snippet, "\n")
			require.Len(t, lines, 2)
			assert.Equal(t, strings.TrimSpace(lines[1]), "^")
		})
	}
}

func TestMaskedSnippetKeepsNamesAndCaret(t *testing.T) {
	_, err := Parse("SELECT name FROM users WHERE email = 'x@y.z' ORDER BY BY id", Postgres)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "SELECT name FROM users WHERE email = ? ORDER BY BY id\n"+
		strings.Repeat(" ", strings.Index("SELECT name FROM users WHERE email = ? ORDER BY BY id", "BY id"))+"^", pe.Snippet)
	assert.Contains(t, pe.Reason, `near "BY id"`)
	assert.Contains(t, pe.RawText(), "'x@y.z'")
}

func TestInvalidUTF8IsAnErrorWithPosition(t *testing.T) {
	sql := "SELECT 1;\nSELECT a\xff\xfe FROM t;\nSELECT b FROM u"
	stmts, err := Parse(sql, Postgres)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidUTF8)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 2, pe.Pos.Line)
	assert.Equal(t, 9, pe.Pos.Column)
	assert.Contains(t, pe.Reason, "0xFF")
	assert.NotContains(t, err.Error(), "\xff")
	require.Len(t, stmts, 2, "the other statements parse")
	// a bad byte inside a comment harms nothing
	_, err = Parse("SELECT 1 -- \xff\n", Postgres)
	assert.NoError(t, err)
}

func TestUnterminatedStringIsOneError(t *testing.T) {
	stmts, err := Parse("SELECT 1; SELECT 2 FROM t WHERE a = 'abc", Postgres)
	require.Error(t, err)
	assert.Len(t, stmts, 1)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, pe.Reason, "unterminated")
	_, joined := err.(interface{ Unwrap() []error })
	assert.False(t, joined, "one error: %v", err)
}

// FuzzParseErrorText: every error's text is built without a fault, shows a
// line and a caret under it, and holds no byte that is not UTF-8.
func FuzzParseErrorText(f *testing.F) {
	f.Add("SELECT a FROM t WHERE s = 'x@y.z' ORDER BY BY id")
	f.Add("SELECT 'unterminated\n more")
	f.Add("SELECT a\xff FROM t; SELECT /* c */ 1 +")
	f.Add("SELECT $$a\n$$ + , 1e5 FROM t")
	f.Fuzz(func(t *testing.T, sql string) {
		for _, d := range []Dialect{Postgres, Snowflake, BigQuery} {
			_, err := Parse(sql, d)
			var errs []error
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				errs = j.Unwrap()
			} else if err != nil {
				errs = []error{err}
			}
			for _, e := range errs {
				var pe *ParseError
				if !errors.As(e, &pe) {
					continue
				}
				text := pe.Error()
				_ = pe.RawText()
				if !utf8.ValidString(text) {
					t.Fatalf("not UTF-8: %q", text)
				}
				if pe.Snippet != "" {
					lines := strings.Split(pe.Snippet, "\n")
					if len(lines) != 2 || !strings.HasSuffix(lines[1], "^") {
						t.Fatalf("snippet %q", pe.Snippet)
					}
				}
			}
		}
	})
}
