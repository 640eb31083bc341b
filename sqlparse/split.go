package sqlparse

import (
	"strings"
	"unicode"
)

// Piece is one statement of a script, as Split cuts it.
type Piece struct {
	// SQL is the statement's text, from its first token to its last: no
	// terminating ';', no comment or blank before or after it.
	SQL string
	// Offset is the byte offset of SQL in the script: SQL is
	// script[Offset:Offset+len(SQL)].
	Offset int
	// Line is the 1-based line where SQL starts.
	Line int
}

// Split cuts a script into its statements without parsing them, with the
// dialect's own tokenizer, so that it ends statements where Parse does: at
// top-level semicolons, never inside a string, a quoted name, a comment
// or a dollar-quoted body as the dialect reads them ('#' comments in MySQL
// and BigQuery, [bracketed names] in T-SQL, ...), and in T-SQL also at a
// GO line (the client's batch separator: GO alone on its line, optionally
// with a count), which is dropped. Pieces holding only blanks and
// comments are dropped. An unterminated string or comment runs to the end
// of the script, in the last piece (Parse reports it). Split never fails;
// the pieces are substrings of sql, in order, and what lies between them
// is blanks, comments, semicolons and GO lines.
func Split(sql string, d Dialect) []Piece {
	spec := d.s()
	lx := lexer{src: sql, spec: spec, plain: true}
	toks, lerr := lx.tokenize(nil, 0, len(sql))
	var out []Piece
	line, lineAt := 1, 0 // line of byte lineAt
	lineOf := func(off int) int {
		line += strings.Count(sql[lineAt:off], "\n")
		lineAt = off
		return line
	}
	first := -1 // offset of the current piece's first token, or -1
	last := 0   // end of the current piece's last token
	emit := func() {
		if first >= 0 {
			// The tokenizer reads a Unicode space (U+2000 ...) as part of a
			// name; at a statement's edges it is a blank all the same.
			text := strings.TrimLeftFunc(sql[first:last], unicode.IsSpace)
			off := last - len(text)
			if text = strings.TrimRightFunc(text, unicode.IsSpace); text != "" {
				out = append(out, Piece{SQL: text, Offset: off, Line: lineOf(off)})
			}
		}
		first = -1
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tkSemi {
			emit()
			continue
		}
		if spec.tsql {
			if n := goSeparator(sql, toks, i); n > 0 {
				emit()
				i += n - 1
				continue
			}
		}
		if first < 0 {
			first = int(t.start)
		}
		last = int(t.end)
	}
	if lerr != nil {
		// The text the tokenizer stopped in belongs to the statement it
		// was reading.
		if first < 0 {
			first = lerr.off
		}
		last = len(strings.TrimRight(sql, " \t\r\n\v\f"))
		if last < first {
			last = first
		}
	}
	emit()
	return out
}

// goSeparator returns how many tokens from toks[i] form a T-SQL GO line
// (GO alone on its line, or GO and a count), or 0.
func goSeparator(src string, toks []token, i int) int {
	t := toks[i]
	if t.kind != tkWord || !t.is(src, "GO") {
		return 0
	}
	if i > 0 && !strings.Contains(src[toks[i-1].end:t.start], "\n") {
		return 0
	}
	n := 1
	if i+1 < len(toks) && toks[i+1].kind == tkNumber && !strings.Contains(src[t.end:toks[i+1].start], "\n") {
		n = 2
	}
	if j := i + n; j < len(toks) && !strings.Contains(src[toks[j-1].end:toks[j].start], "\n") {
		return 0
	}
	return n
}
