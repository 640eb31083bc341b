package sqlparse

import (
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
)

// Names are carried through the TiDB parser as follows:
//   - a quoted part becomes a backquoted identifier whose text is the part in
//     double quotes ("Foo" -> `"Foo"`), recorded so Statement.Name decodes it
//     with Quoted set;
//   - a name of three or more parts keeps its last part and joins the others
//     into one identifier (db.sch.t -> `db.sch`.t, db.sch.t.c -> `db.sch.t`.c),
//     which TiDB accepts as schema.table or table.column;
//   - an unquoted name that TiDB reserves (key, range, rows, ...) is
//     backquoted; it needs no record since it decodes to itself.
// The encoding is deterministic: one name always encodes to the same
// identifier, so trees compare names as usual.

// namePart is one part of a dotted name in the source.
type namePart struct {
	tok    int // token index
	name   string
	quoted bool
}

// wordSet is a set of lower-case words with a quick filter: a bit per word
// length present, for each pair of first letter and last character, and for
// each pair of first letter and second character.
type wordSet struct {
	words map[string]struct{}
	lens  [26 * 27]uint32 // first letter a-z x last character a-z or other
	lens2 [26 * 27]uint32 // first letter a-z x second character a-z or other
}

func newWordSet(reserved bool) *wordSet {
	ws := &wordSet{words: make(map[string]struct{}, len(parser.Keywords))}
	for _, k := range parser.Keywords {
		if k.Reserved != reserved {
			continue
		}
		ws.put(strings.ToLower(k.Word))
	}
	return ws
}

// put adds lower-case word w.
func (ws *wordSet) put(w string) {
	ws.words[w] = struct{}{}
	if w[0] >= 'a' && w[0] <= 'z' && len(w) < 32 {
		ws.lens[int(w[0]-'a')*27+lastClass(w[len(w)-1])] |= 1 << len(w)
		if len(w) > 1 {
			ws.lens2[int(w[0]-'a')*27+lastClass(w[1])] |= 1 << len(w)
		}
	}
}

func lastClass(c byte) int {
	c |= 0x20
	if c >= 'a' && c <= 'z' {
		return int(c - 'a')
	}
	return 26
}

// mayHave is the quick filter: false means w is not in the set.
func (ws *wordSet) mayHave(w string) bool {
	if len(w) == 0 || len(w) >= 32 || letterIndex[w[0]] >= 26 {
		return false
	}
	f := int(letterIndex[w[0]]) * 27
	return ws.lens[f+int(letterIndex[w[len(w)-1]])]&(1<<len(w)) != 0 &&
		(len(w) == 1 || ws.lens2[f+int(letterIndex[w[1]])]&(1<<len(w)) != 0)
}

// has reports whether w (any case) is in the set, without allocating.
func (ws *wordSet) has(w string) bool {
	var buf [32]byte
	if !ws.mayHave(w) {
		return false
	}
	_, ok := ws.words[string(lowerInto(buf[:], w))]
	return ok
}

// upperASCII writes w with its ASCII letters upper-cased into buf, which must
// be long enough, and returns that part of buf.
func upperASCII(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c-'a' <= 'z'-'a' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(w)]
}

// lowerInto writes w in lower case into buf, which must be long enough, and
// returns that part of buf.
func lowerInto(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(w)]
}

// Word hints: the keyword sets a word may belong to, by the quick filters
// of the sets (a set bit may be a false positive, a clear bit is exact).
const (
	hintReserved uint8 = 1 << iota // TiDB reserves it (tidbReserved)
	hintKeyword                    // a non-reserved TiDB keyword (tidbKeywords)
	hintClash                      // reservedClash
	hintRewrite                    // rewriteWords
	hintOdd                        // starts with '#' or holds '-'
)

// hintTable merges the quick filters of the hinted sets: per first letter,
// last character and length, the bits of the sets that may hold the word.
type hintTable [26 * 27][32]uint8

var wordHints = sync.OnceValue(func() *hintTable {
	var t hintTable
	for k, ws := range []*wordSet{tidbReserved(), tidbKeywords(), reservedClash(), rewriteWords()} {
		for i, lens := range ws.lens {
			for n := range 32 {
				if lens&(1<<n) != 0 {
					t[i][n] |= 1 << k
				}
			}
		}
	}
	return &t
})

// of returns the keyword hint bits of word w (the tokenizer adds hintOdd).
func (t *hintTable) of(w string) uint8 {
	f := letterIndex[w[0]]
	if len(w) >= 32 || f >= 26 {
		return 0
	}
	return t[int(f)*27+int(letterIndex[w[len(w)-1]])][len(w)]
}

// letterIndex is, per byte, lastClass as a table: a letter's index in the
// alphabet (either case), or 26.
var letterIndex = func() (t [256]uint8) {
	for c := range 256 {
		t[c] = uint8(lastClass(byte(c)))
	}
	return t
}()

// tidbReserved is the set of words TiDB reserves.
var tidbReserved = sync.OnceValue(func() *wordSet { return newWordSet(true) })

// isReserved reports whether word w is reserved by TiDB.
func isReserved(w string) bool { return tidbReserved().has(w) }

// unquote returns the name inside a quoted identifier token.
func unquote(s string) string {
	if len(s) < 2 {
		return s
	}
	q := s[0]
	cl := q
	if q == '[' {
		cl = ']'
	}
	in := s[1 : len(s)-1]
	if q != '[' && strings.IndexByte(in, q) >= 0 {
		in = strings.ReplaceAll(in, string([]byte{q, q}), string(cl))
	}
	return in
}

// backquote quotes s as a TiDB identifier.
func backquote(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// encodeParts returns the raw identifier text that stands for parts.
func encodeParts(parts []Ident) string {
	var b [64]byte
	return string(appendEncoded(b[:0], parts))
}

// appendEncoded appends the raw identifier text of parts to buf.
func appendEncoded(buf []byte, parts []Ident) []byte {
	for i, p := range parts {
		if i > 0 {
			buf = append(buf, '.')
		}
		if !p.Quoted {
			buf = append(buf, p.Name...)
			continue
		}
		buf = append(buf, '"')
		for k := 0; k < len(p.Name); k++ {
			if p.Name[k] == '"' {
				buf = append(buf, '"')
			}
			buf = append(buf, p.Name[k])
		}
		buf = append(buf, '"')
	}
	return buf
}

// encodeQuoted returns the raw identifier text of parts and the same text
// backquoted for TiDB, sharing one allocation when it can.
func encodeQuoted(parts []Ident) (raw, quoted string) {
	var b [64]byte
	buf := append(b[:0], '`')
	buf = appendEncoded(buf, parts)
	if bytesIndexByte(buf[1:], '`') >= 0 {
		raw = string(buf[1:])
		return raw, backquote(raw)
	}
	buf = append(buf, '`')
	quoted = string(buf)
	return quoted[1 : len(quoted)-1], quoted
}

// encodeJoined returns `head`.`last` for TiDB, with the raw identifiers of
// head and last as parts of the same string; ok is false when a part holds
// a backquote (which needs escaping).
func encodeJoined(head []Ident, last Ident) (text, raw, tail string, ok bool) {
	var b [96]byte
	buf := append(b[:0], '`')
	buf = appendEncoded(buf, head)
	h := len(buf)
	buf = append(buf, '`', '.', '`')
	k := len(buf)
	one := [1]Ident{last}
	buf = appendEncoded(buf, one[:])
	if bytesIndexByte(buf, '`') != 0 || bytesIndexByte(buf[1:h], '`') >= 0 || bytesIndexByte(buf[k:], '`') >= 0 {
		return "", "", "", false
	}
	buf = append(buf, '`')
	text = string(buf)
	return text, text[1:h], text[k : len(text)-1], true
}

func bytesIndexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// record remembers what raw stands for (first occurrence wins the span).
func (st *stmt) record(raw string, n Name) {
	st.names.add(raw, n)
}

// encodeNames rewrites the dotted names of the statement.
func (st *stmt) encodeNames() {
	var partsBuf [8]namePart
	parts := partsBuf[:0]
	toks := st.toks
	n := len(toks)
	for i := 0; i < n; {
		// the common tokens: no name, or a word that no keyword set may
		// hold and no dot follows (plainChain would find it plain)
		if t := toks[i]; t.kind != tkWord {
			if t.kind != tkQIdent {
				i++
				continue
			}
		} else if t.hint&(hintOdd|hintClash|hintKeyword) == 0 && !t.dotAfter {
			i++
			continue
		}
		if !st.isNameTok(i) || (i > 0 && st.toks[i-1].isOp(st.src, ".")) || st.dropped(i) {
			i++
			continue
		}
		// most names need no edit: skip them without collecting parts
		if k := st.plainChain(i); k > 0 {
			i += k
			continue
		}
		if toks[i].kind == tkQIdent && !toks[i].dotAfter && st.encodePath(i) {
			i++
			continue
		}
		// collect the chain name (. name)*
		parts = parts[:0]
		j := i
		for {
			parts = st.appendParts(parts, j)
			if j+2 < len(st.toks) && st.toks[j].dotAfter && st.isNameTok(j+2) {
				j += 2
				continue
			}
			if def := st.spec.defaultSchema; def != "" && j+3 < len(st.toks) && st.toks[j].dotAfter &&
				st.op(j+2, ".") && st.op(j+1, ".") && st.isNameTok(j+3) {
				// db..t (T-SQL, Snowflake): the database's default schema
				parts = append(parts, namePart{tok: j + 1, name: def})
				j += 3
				continue
			}
			break
		}
		st.encodeChain(i, j+1, parts)
		i = j + 1
	}
}

// withoutDecorator cuts a BigQuery partition decorator off a backquoted
// name: t$20240101 and t$__UNPARTITIONED__ read partitions of table t (no
// BigQuery name holds a '$' otherwise).
func withoutDecorator(in string) string {
	if k := strings.IndexByte(in, '$'); k > 0 {
		return in[:k]
	}
	return in
}

// encodePath encodes a lone BigQuery `p.d.t` token whose parts hold no
// backquote without collecting a chain, as encodeChain would:
// `"p"."d"`.`"t"`. It reports false, having done nothing, for any other
// token.
func (st *stmt) encodePath(i int) bool {
	s := st.text(i)
	if s[0] != '`' || st.spec.name != "bigquery" {
		return false
	}
	in := withoutDecorator(s[1 : len(s)-1])
	if strings.IndexByte(in, '.') <= 0 || strings.IndexByte(in, '`') >= 0 {
		return false
	}
	var identsBuf [8]Ident
	idents := identsBuf[:0]
	for {
		k := strings.IndexByte(in, '.')
		if k < 0 {
			idents = append(idents, Ident{Name: in, Quoted: true})
			break
		}
		idents = append(idents, Ident{Name: in[:k], Quoted: true})
		in = in[k+1:]
	}
	last := len(idents) - 1
	text, raw, tail, ok := encodeJoined(idents[:last], idents[last])
	if !ok {
		return false
	}
	var sp Span
	if !st.names.has(raw) {
		sp = st.tokSpan(i, i+1)
		st.record(raw, Name{Parts: st.names.keepParts(idents[:last]), Span: sp})
	}
	if !st.names.has(tail) {
		if sp == (Span{}) {
			sp = st.tokSpan(i, i+1)
		}
		st.record(tail, Name{Parts: st.names.keepParts(idents[last:]), Span: sp})
	}
	st.replace(i, text)
	return true
}

// plainChain returns the number of tokens of the name at i when it is a
// word, or two words joined by a dot, that encodeChain would leave as it is;
// otherwise 0. It decides by the quick filters of the keyword sets, and for
// a lone word they let through by encodeChain's own tests, so that the
// common name costs no more than a few compares.
func (st *stmt) plainChain(i int) int {
	toks := st.toks
	t := toks[i]
	if t.kind != tkWord || t.hint&hintOdd != 0 {
		return 0
	}
	dot := i+2 < len(toks) && t.dotAfter
	if !dot {
		// a lone word: encodeChain backquotes it only when TiDB reserves it
		// (as a name) or knows it only as a keyword (as a function)
		if i+1 < len(toks) && toks[i+1].isOp(st.src, "(") && !st.dropped(i+1) {
			if t.hint&hintKeyword != 0 && st.keywordCall(i, t.text(st.src)) || st.operatorCall(i) {
				return 0
			}
		} else if t.hint&hintClash != 0 && st.tokIsReservedName(i) {
			return 0
		}
		return 1
	}
	// two words, each its own token, neither reserved: left as they are
	j := i + 2
	u := toks[j]
	if u.kind != tkWord || (t.hint|u.hint)&(hintOdd|hintReserved) != 0 ||
		(j+2 < len(toks) && u.dotAfter) || st.dropped(j) {
		return 0
	}
	return 3
}

// isNameTok reports whether token i can be part of a name.
func (st *stmt) isNameTok(i int) bool {
	t := st.toks[i]
	return t.kind == tkWord || t.kind == tkQIdent
}

func (st *stmt) appendParts(parts []namePart, i int) []namePart {
	t := st.toks[i]
	s := t.text(st.src)
	if t.kind == tkWord {
		return append(parts, namePart{tok: i, name: s})
	}
	in := unquote(s)
	if s[0] == '`' && st.spec.name == "bigquery" {
		in = withoutDecorator(in)
	}
	if s[0] == '`' && st.spec.name == "bigquery" && strings.IndexByte(in, '.') > 0 {
		// BigQuery: `project.dataset.table` names several parts.
		for {
			k := strings.IndexByte(in, '.')
			if k < 0 {
				return append(parts, namePart{tok: i, name: in, quoted: true})
			}
			parts = append(parts, namePart{tok: i, name: in[:k], quoted: true})
			in = in[k+1:]
		}
	}
	return append(parts, namePart{tok: i, name: in, quoted: true})
}

// encodeChain encodes the name made of tokens [from, to) with parts.
func (st *stmt) encodeChain(from, to int, parts []namePart) {
	// a name directly followed by '(' is a function; keep its last word.
	fn := to < len(st.toks) && st.toks[to].isOp(st.src, "(") && !parts[len(parts)-1].quoted && !st.dropped(to)
	if len(parts) == 1 {
		p := parts[0]
		switch {
		case p.quoted:
			st.replace(from, st.encodeOne(Ident{Name: p.name, Quoted: true}, from, to))
		case p.name[0] == '#' || strings.IndexByte(p.name, '-') >= 0:
			st.replace(from, backquote(p.name))
		case !fn && st.tokIsReservedName(from):
			st.replace(from, backquote(p.name))
		case fn && (st.keywordCall(from, p.name) || st.operatorCall(from)):
			// a function TiDB's grammar knows only as a keyword (HASH,
			// FIRST) or an operator (DIV)
			st.replace(from, backquote(p.name))
		}
		return
	}
	if fn && len(parts) < 3 {
		return
	}
	// a name of three or more parts, a table's or a function's
	// (project.dataset.fn(x)): the head becomes one identifier
	last := len(parts) - 1
	if len(parts) == 2 && parts[0].tok != parts[last].tok {
		// two parts, each its own token: TiDB takes them as they are
		for _, p := range parts {
			if p.quoted {
				st.replace(p.tok, st.encodeOne(Ident{Name: p.name, Quoted: true}, p.tok, p.tok+1))
			} else if st.isKeywordPart(p.name) {
				st.replace(p.tok, backquote(p.name))
			}
		}
		return
	}
	var identsBuf [8]Ident
	idents := identsBuf[:0]
	for _, p := range parts {
		idents = append(idents, Ident{Name: p.name, Quoted: p.quoted})
	}
	// head = all but the last part, as one identifier
	head := idents[:last]
	lastTokOfHead := parts[last-1].tok
	if parts[last].tok == lastTokOfHead && idents[last].Quoted {
		// BigQuery `p.d.t`: one token holds head and last part, and one
		// string both their encodings
		if text, raw, tail, ok := encodeJoined(head, idents[last]); ok {
			if !st.names.has(raw) {
				st.record(raw, Name{Parts: st.names.keepParts(head), Span: st.tokSpan(from, lastTokOfHead+1)})
			}
			if !st.names.has(tail) {
				one := [1]Ident{idents[last]}
				st.record(tail, Name{Parts: st.names.keepParts(one[:]), Span: st.tokSpan(from, from+1)})
			}
			st.replace(from, text)
			st.drop(from+1, to)
			return
		}
	}
	raw, quoted := encodeQuoted(head)
	if !st.names.has(raw) {
		st.record(raw, Name{Parts: st.names.keepParts(head), Span: st.tokSpan(from, lastTokOfHead+1)})
	}
	if parts[last].tok == lastTokOfHead {
		// BigQuery `p.d.t` whose parts need escaping (encodeJoined did the
		// others): one token holds head and last part.
		st.replace(from, quoted+"."+st.encodeOne(idents[last], from, from+1))
		st.drop(from+1, to)
		return
	}
	st.replace(from, quoted)
	st.drop(from+1, lastTokOfHead+1)
	st.recordTail(raw, idents[last], to-1)
	if text := st.encodeOne(idents[last], to-1, to); text != st.text(to-1) {
		st.replace(to-1, text)
	}
}

// encodeOne returns the text for one part and records it when quoted.
func (st *stmt) encodeOne(id Ident, from, to int) string {
	if !id.Quoted {
		if st.isKeywordPart(id.Name) {
			return backquote(id.Name)
		}
		return id.Name
	}
	raw, quoted := encodeQuoted([]Ident{id})
	if !st.names.has(raw) {
		one := [1]Ident{id}
		st.record(raw, Name{Parts: st.names.keepParts(one[:]), Span: st.tokSpan(from, to)})
	}
	return quoted
}

// isKeywordPart reports whether an unquoted part of a dotted name must be
// quoted for TiDB.
func (st *stmt) isKeywordPart(w string) bool {
	return isReserved(w) || w[0] == '#' || strings.IndexByte(w, '-') >= 0
}

// tokSpan is the original span of tokens [from, to).
func (st *stmt) tokSpan(from, to int) Span {
	return Span{Start: st.source.pos(int(st.toks[from].start)), End: st.source.pos(int(st.toks[to-1].end))}
}

// tidbKeywords is the set of TiDB's non-reserved keywords.
var tidbKeywords = sync.OnceValue(func() *wordSet { return newWordSet(false) })

// keywordFuncs are TiDB keywords that its grammar also takes as function
// names (measured against the parser: every other keyword followed by '('
// is a syntax error unless backquoted).
var keywordFuncs = map[string]bool{
	"ascii": true, "avg": true, "charset": true, "coalesce": true, "collation": true, "date": true,
	"day": true, "format": true, "hour": true, "lastval": true, "microsecond": true, "minute": true,
	"month": true, "nextval": true, "password": true, "point": true, "quarter": true, "reverse": true,
	"row_count": true, "second": true, "time": true, "timestamp": true, "truncate": true, "user": true,
	"week": true, "weight_string": true, "year": true, "any": true, "some": true, "setval": true,
	"sql_buffer_result": true, "sql_cache": true, "sql_no_cache": true, "rollup": true, "values": true,
	"exists": true,
}

// typeWords are type names that are also functions elsewhere: BigQuery's
// DATETIME(d, tz), JSON(s); TiDB knows them only as types (CAST(x AS
// DATETIME(6)), d DATETIME(3) in a column definition).
var typeWords = map[string]bool{"datetime": true, "json": true, "signed": true}

// keywordCall reports whether the word w at token i, followed by '(', is a
// call TiDB knows only as a keyword (so it must be backquoted): a type word
// is a type after AS or a column's name, and a call elsewhere.
func (st *stmt) keywordCall(i int, w string) bool {
	if !isKeywordNotFunc(w) {
		return false
	}
	if len(w) <= 8 && typeWords[strings.ToLower(w)] {
		p := i - 1
		if st.word(p, "AS") || st.kind(p) == tkWord && !isReserved(st.text(p)) {
			return false
		}
	}
	return true
}

// operatorCall reports whether the word at i, followed by '(', calls a
// function named like an operator TiDB reserves: DIV(x, y), integer
// division in BigQuery and Postgres, where no operand precedes it (a DIV
// (b) is MySQL's operator).
func (st *stmt) operatorCall(i int) bool {
	if !st.word(i, "DIV") {
		return false
	}
	p := i - 1
	switch st.kind(p) {
	case tkNumber, tkString, tkQIdent, tkParam:
		return false
	case tkWord:
		return isReserved(st.text(p))
	}
	return !st.op(p, ")") && !st.op(p, "]")
}

// isKeywordNotFunc reports whether w( must be backquoted for TiDB.
func isKeywordNotFunc(w string) bool {
	var buf [32]byte
	if len(w) > len(buf) || !tidbKeywords().mayHave(w) {
		return false
	}
	l := lowerInto(buf[:], w)
	if keywordFuncs[string(l)] {
		return false
	}
	_, ok := tidbKeywords().words[string(l)]
	return ok
}

// recordTail remembers where a chain whose head encodes to raw and whose
// last part is last ends (token end), so that the decoded name spans the
// whole chain.
func (st *stmt) recordTail(raw string, last Ident, end int) {
	st.names.addTail(raw, last, st.source.pos(int(st.toks[end].end)))
}
