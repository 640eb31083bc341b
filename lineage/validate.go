package lineage

import (
	"strconv"
	"unicode/utf8"
)

// CheckContext reports the first field of c that is not valid UTF-8, with
// the field's name and the byte offset of the first bad byte, but not its
// value (a user may be an e-mail address, and errors get logged). Such a
// value cannot become a graph node id or property: a source
// turns the record into an *InputError instead, and Engine.Ingest does so
// for any Source that did not.
func CheckContext(c Context) (reason string, ok bool) {
	for _, f := range []struct{ name, v string }{
		{"database", c.Database}, {"schema", c.Schema}, {"user", c.User}, {"role", c.Role},
		{"query id", c.QueryID}, {"session", c.Session}, {"origin", c.Origin},
	} {
		if !utf8.ValidString(f.v) {
			return f.name + ": byte " + strconv.Itoa(firstInvalid(f.v)+1) + " is not valid UTF-8", false
		}
	}
	return "", true
}

// QuoteCut quotes s for a message: Go-quoted (so control characters and
// bytes that are not UTF-8 show as escapes) and cut to at most n bytes of
// s on a rune boundary, with "..." when cut.
func QuoteCut(s string, n int) string {
	if len(s) <= n {
		return strconv.Quote(s)
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strconv.Quote(s[:cut]) + "..."
}

// firstInvalid returns the offset of the first byte of s that does not
// start a valid UTF-8 sequence, or len(s).
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return len(s)
}
