package sqlparse

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Error text never quotes a literal: logged queries hold personal data
// (e-mail addresses, national ids) in their string and number literals,
// and whoever logs an error would copy them. A ParseError's Reason and
// Snippet show the statement as the normaliser would, with each literal
// written as '?' and comments left out; ParseError.RawText gives the text
// as written for a caller that has decided it may see it.

// lexed is a text's tokens as the error path needs them.
type lexed struct {
	toks []token
	err  *lexError
}

// maskedLine returns line lineNo (1-based) of text with every string and
// number literal written as "?", everything between tokens that is not
// white space (comments) blanked, and bytes that are not UTF-8 shown as
// U+FFFD; and the rune column (0-based) in it of byte offset off.
func maskedLine(spec *dialectSpec, src *source, lineNo, off int) (string, int) {
	text := src.text
	ls := int(src.lines[lineNo-1])
	le := len(text)
	if i := strings.IndexByte(text[ls:], '\n'); i >= 0 {
		le = ls + i
	}
	if src.lexed == nil {
		var semis []int32
		lx := lexer{src: text, spec: spec, semis: &semis, plain: true}
		toks, lerr := lx.tokenize(nil, 0, len(text))
		src.lexed = &lexed{toks: toks, err: lerr}
	}
	toks, lerr := src.lexed.toks, src.lexed.err
	// the tokens that end after the line starts
	toks = toks[sort.Search(len(toks), func(i int) bool { return int(toks[i].end) > ls }):]
	stop := le // where the lexer gave up: the rest is an unterminated literal
	if lerr != nil && lerr.off < stop {
		stop = max(lerr.off, ls)
	}
	var b strings.Builder
	col, runes := -1, 0
	put := func(s string, at int) {
		if col < 0 && off < at+len(s) && off >= at {
			col = runes
		}
		b.WriteString(s)
		runes += utf8.RuneCountInString(s)
	}
	p := ls
	blank := func(to int) {
		for ; p < to; p++ {
			if col < 0 && off <= p {
				col = runes
			}
			b.WriteByte(' ')
			runes++
		}
	}
	for _, t := range toks {
		start, end := int(t.start), int(t.end)
		if end <= ls {
			continue
		}
		if start >= stop {
			break
		}
		blank(max(start, ls))
		if t.kind == tkString || t.kind == tkNumber {
			if col < 0 && off < end {
				col = runes
			}
			b.WriteByte('?')
			runes++
			p = min(end, le)
			continue
		}
		seg := text[max(start, ls):min(end, le)]
		put(strings.ToValidUTF8(seg, "\uFFFD"), max(start, ls))
		p = min(end, le)
	}
	if stop < le {
		blank(stop)
		if col < 0 {
			col = runes
		}
		b.WriteByte('?')
		runes++
	} else {
		blank(le)
	}
	if col < 0 {
		col = runes
	}
	return strings.TrimRight(b.String(), " \r"), col
}

// caretSnippet shows a line with a caret under rune column col, cut to a
// window around it when the line is long.
func caretSnippet(line string, col int) string {
	runes := []rune(line)
	from := 0
	if col > 60 {
		from = col - 40
	}
	to := len(runes)
	if to-from > 100 {
		to = from + 100
	}
	col = min(col, len(runes))
	from = min(from, to)
	var b strings.Builder
	for _, r := range runes[from:to] {
		if r == '\t' || r < ' ' {
			r = ' '
		}
		b.WriteRune(r)
	}
	b.WriteByte('\n')
	b.WriteString(strings.Repeat(" ", max(0, col-from)))
	b.WriteByte('^')
	return b.String()
}

// nearMasked is the start of the masked line from rune column col, at most
// 40 runes, for a Reason's "near" part.
func nearMasked(line string, col int) string {
	runes := []rune(line)
	if col >= len(runes) {
		return ""
	}
	runes = runes[col:]
	if len(runes) > 40 {
		runes = runes[:40]
	}
	return strings.TrimSpace(string(runes))
}

// invalidUTF8 returns the offset of the first byte of a statement's
// tokens that is not UTF-8 (comments between them do not count).
func invalidUTF8(text string, toks []token) (int, bool) {
	for _, t := range toks {
		tok := text[t.start:t.end]
		if utf8.ValidString(tok) {
			continue
		}
		for i := 0; i < len(tok); {
			r, n := utf8.DecodeRuneInString(tok[i:])
			if r == utf8.RuneError && n <= 1 {
				return int(t.start) + i, true
			}
			i += n
		}
	}
	return 0, false
}
