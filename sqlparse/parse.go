package sqlparse

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values in trees
)

// tokenBufs reuses token slices across calls.
var tokenBufs = sync.Pool{New: func() any { b := make([]token, 0, 256); return &b }}

// workspace holds per-call scratch memory, reused across calls: per-token
// tables (bracket matches, edit indexes) and the text buffer.
type workspace struct {
	p     *parser.Parser // building a TiDB parser is costly
	toks  []token
	match []int32
	edIdx []int32
	buf   []byte
	segs  []seg
	semis []int32 // indexes of the ';' tokens
	// bodies holds the byte ranges (start, end pairs) of the procedure
	// bodies the tokenizer read as SQL
	bodies []int32
	// pieces is memory for the pieces of a statement's edits (pieceBuf)
	pieces []piece
	ed     []tokEdit
	st     stmt
	// first records of a statement, and the walk of annotate (kept out of
	// stmt, which is reset per statement)
	funcBuf [2]funcRec
	starBuf [2]starRec
	annot   annotator
}

var workspaces = sync.Pool{New: func() any { return &workspace{} }}

// grow returns s resized to n, reusing its memory when it can.
func grow(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/2)
	}
	return s[:n]
}

// Parse parses a script of one or more statements in a dialect. It returns
// every statement that parsed, in order; err joins one *ParseError per
// statement that did not (errors.As finds them; errors.Is(err,
// ErrUnsupported) tells constructs sqlparse recognised but cannot carry).
func Parse(sql string, d Dialect) ([]*Statement, error) {
	spec := d.s()
	// the line index and the first slot of out come with the first
	// statement's allocation (see stmt.parse)
	var src *source
	var out []*Statement
	ws := workspaces.Get().(*workspace)
	ws.semis, ws.bodies = ws.semis[:0], ws.bodies[:0]
	lx := lexer{src: sql, spec: spec, semis: &ws.semis, bodies: &ws.bodies}
	all, lerr := lx.tokenize(ws.toks[:0], 0, len(sql))
	defer func() {
		ws.toks = all[:0]
		workspaces.Put(ws)
	}()
	if ws.p == nil {
		ws.p = parser.New()
	}
	p := ws.p
	p.SetSQLMode(spec.mode)
	ws.match = grow(ws.match, len(all))
	ws.edIdx = grow(ws.edIdx, len(all))

	var errs []error
	// one pass over the text; statements are checked one by one only when
	// it finds a byte that is not UTF-8
	valid := utf8.ValidString(sql)
	start := 0
	for k := 0; k <= len(ws.semis); k++ {
		i := len(all) // the end of the last statement
		if k < len(ws.semis) {
			i = int(ws.semis[k])
		}
		// a statement may be split further where a dialect without
		// mandatory semicolons starts a new one (T-SQL)
		for ranges := []splitRange{{from: start, to: i}}; len(ranges) > 0; {
			from, to := ranges[0].from, ranges[0].to
			if to <= from {
				ranges = ranges[1:]
				continue
			}
			// A range that starts where a statement without a semicolon
			// ended is parsed through a window first (see splitWindow).
			end, windowed := to, false
			if ranges[0].windows > 0 {
				end = from + splitWindow(spec, sql, all[from:to], ranges[0].windows)
				windowed = end < to
			}
			// ws.st is zero here (a new workspace, or reset below): set
			// its fields one by one rather than copying a whole stmt, which
			// costs a write barrier per pointer while the GC marks
			if lerr != nil && k == len(ws.semis) && len(ranges) == 1 {
				// the statement the tokenizer stopped in (an unterminated
				// string or comment) is one error, the tokenizer's, not a
				// second one for the tokens before it
				ranges = ranges[1:]
				continue
			}
			if !valid {
				if off, ok := invalidUTF8(sql, all[from:to]); ok {
					if src == nil {
						src = new(source)
						src.init(sql)
					}
					errs = append(errs, newError(d, src, off,
						fmt.Sprintf("byte 0x%02X is not UTF-8", sql[off]), ErrInvalidUTF8))
					ranges = ranges[1:]
					continue
				}
			}
			st := &ws.st
			st.d, st.spec, st.src, st.source, st.ws = d, spec, sql, src, ws
			st.toks, st.match, st.edIdxBuf, st.ed = all[from:end], ws.match[from:end], ws.edIdx[from:end], ws.ed[:0]
			for b := 0; b+1 < len(ws.bodies); b += 2 {
				if off := all[from].start; off >= ws.bodies[b] && off < ws.bodies[b+1] {
					st.inBody = true
				}
			}
			s, err := st.safeParse(p)
			if src == nil {
				src, out = st.source, st.outBuf
			}
			if len(st.funcs) > 0 {
				clear(ws.funcBuf[:])
			}
			if len(st.stars) > 0 {
				clear(ws.starBuf[:])
			}
			clear(st.ed)
			ws.ed = st.ed[:0]
			if len(ws.pieces) > 0 {
				clear(ws.pieces)
				ws.pieces = ws.pieces[:0]
			}
			*st = stmt{}
			if se, ok := err.(*splitError); ok {
				if k := tokenAt(all[from:end], se.off); k > 0 {
					ranges[0] = splitRange{from: from + k, to: to, windows: 1}
					ranges = append([]splitRange{{from: from, to: from + k}}, ranges...)
					continue
				}
				err = se.err
			}
			if windowed {
				// The window parsed, or failed at its end: only more text
				// tells where the statement ends.
				ranges[0].windows *= 2
				continue
			}
			ranges = ranges[1:]
			if err != nil {
				errs = append(errs, err)
			} else {
				out = append(out, s)
			}
		}
		start = i + 1
	}
	if lerr != nil {
		if src == nil {
			src = new(source)
			src.init(sql)
		}
		errs = append(errs, newError(d, src, lerr.off, lerr.reason, nil))
	}
	if len(out) == 0 {
		out = nil
	}
	switch len(errs) {
	case 0:
		return out, nil
	case 1:
		return out, errs[0]
	}
	return out, errors.Join(errs...)
}

// stmt is the work area for one statement of a script.
type stmt struct {
	d      Dialect
	spec   *dialectSpec
	src    string    // the whole script
	source *source   // line index of src
	toks   []token   // this statement's tokens
	match  []int32   // index of the matching bracket, or -1
	ed     []tokEdit // edits, in the order made
	edIdx  []int32   // per token: 1 + its index in ed, or 0
	// edIdxBuf is memory for edIdx (cleared on first use); ws is the
	// call's workspace (nil when the statement allocates its own).
	edIdxBuf []int32
	ws       *workspace
	// inBody: the statement is one of a procedure body read as SQL
	// (PL/pgSQL, Snowflake Scripting), where SELECT .. INTO v assigns
	inBody bool

	names nameTable
	stars []starRec
	// replaceExprs are the REPLACE (expr AS col) items of star modifiers.
	replaceExprs []replaceExpr
	// arrayPaths are BigQuery FROM items [from, to) that are array paths
	// (FROM t, t.arr), rewritten after the other rewrites of their tokens.
	arrayPaths [][2]int
	funcs      []funcRec // by the raw alias of the derived table
	parts      []PartitionColumn

	// nStars counts the '*' tokens, the first at firstStar; parenAfterName:
	// the statement holds "(query) [AS] name (", a derived table with a
	// column list (set by matchBrackets, so that their passes run only when
	// they can act).
	nStars, firstStar int
	parenAfterName    bool
	// subquery: the statement holds "(SELECT" or "(WITH" (set by
	// matchBrackets).
	subquery bool
	// walks counts the backward walks of inFrom and inDateAdd, and levels
	// replaces them once there were many (see levelsFor); matchBrackets
	// resets both.
	walks  int
	levels *levelTable
	// copied is set when the emitter wrote some tokens away from their
	// place (a construct moved or repeated): one original offset may then
	// stand for several nodes.
	copied bool
	// head is the first word in upper case (see proceduralPrefix).
	head string
	// inner: src and toks are a query quoted inside the statement (UNLOAD),
	// not the statement's own text.
	inner bool
	// lenient: a statement that moves no data; when TiDB cannot parse it,
	// it is reported as KindUtility instead of an error.
	lenient bool
	// unsupported is set by a rewrite that met a construct it cannot carry.
	unsupported *unsupported
	// cutAt is set by a plan that does not carry the tokens from cutAt
	// on (CREATE TABLE's options): where semicolons are optional, a next
	// statement among them is split off rather than dropped.
	cutAt int
	out   *Statement
	// first is the first memory of the statement's records (allocated
	// with it; nil outside Parse).
	first *firstRecords
	// outBuf is the first slot of Parse's result, allocated with the
	// first statement (which also sets source).
	outBuf []*Statement
	// whole is the plan of a statement parsed as it stands (one unit of
	// all its tokens), kept here to spare an allocation.
	whole      [1][]piece
	wholePiece [1]piece
}

// firstRecords is the first memory of what a statement records beside its
// tree: most statements record at most one of each, and so allocate none.
type firstRecords struct {
	stars   [1]starAnn
	funcs   [1]funcAnn
	parts   [1]PartitionColumn
	exclude [1]Ident
	// excludeUsed: exclude is taken (by the first star's EXCLUDE list)
	excludeUsed bool
}

type unsupported struct {
	tok    int
	reason string
}

type starRec struct {
	tok int // first token of the `*` or `t.*` field
	mod StarModifier
}

// fail records that the statement cannot be carried.
func (st *stmt) fail(tok int, format string, args ...any) {
	if st.unsupported == nil {
		st.unsupported = &unsupported{tok: tok, reason: fmt.Sprintf(format, args...)}
	}
}

// splitRange is a range of tokens to parse as statements. windows > 0
// says that it starts where a statement without a semicolon ended: it is
// parsed up to its windows-th place where a statement may start first.
type splitRange struct {
	from, to, windows int
}

// splitWindow returns the number of tokens up to the n+1-th place in toks
// where a new statement may start (see splitPoint), or len(toks). In a
// script without semicolons, Parse learns where a statement ends from the
// parser's error at the next one; parsing all the rest of the script each
// time would cost the square of its length. The parser reads left to
// right, so an error at a place before the window's end is the error the
// whole rest would give: the window is widened (doubling n) only when it
// parsed or failed at its end.
func splitWindow(spec *dialectSpec, src string, toks []token, n int) int {
	probe := stmt{spec: spec, src: src, toks: toks}
	for k := 1; k < len(toks); k++ {
		if probe.splitPoint(k) {
			if n == 0 {
				return k
			}
			n--
		}
	}
	return len(toks)
}

// splitError says that a statement failed where a new statement may start
// (a dialect without mandatory semicolons): Parse retries the two parts.
type splitError struct {
	off int32       // original offset of the token that may start a statement
	err *ParseError // the error if the parts do not parse either
}

func (e *splitError) Error() string { return e.err.Error() }

// tokenAt returns the index of the token starting at off, or -1.
func tokenAt(toks []token, off int32) int {
	k := sort.Search(len(toks), func(i int) bool { return toks[i].start >= off })
	if k < len(toks) && toks[k].start == off {
		return k
	}
	return -1
}

// statementStarts are words that begin a statement on a new line in
// dialects where semicolons are optional.
var statementStarts = []string{"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER",
	"TRUNCATE", "WITH", "DECLARE", "SET", "EXEC", "EXECUTE", "USE", "GO", "PRINT"}

// splitPoint reports whether the statement may end before token k: it starts
// a line with a statement keyword, in a dialect with optional semicolons.
func (st *stmt) splitPoint(k int) bool {
	if !st.spec.bracketIdents || k <= 0 || k >= len(st.toks) || !st.anyWord(k, statementStarts...) {
		return false
	}
	gap := st.src[st.toks[k-1].end:st.toks[k].start]
	return strings.IndexByte(gap, '\n') >= 0
}

// nextStatement returns the first token after from, outside brackets,
// where a statement may start (splitPoint), or 0.
func (st *stmt) nextStatement(from int) int {
	if !st.spec.bracketIdents {
		return 0
	}
	for k := max(from, 1); k < len(st.toks); k++ {
		if st.op(k, "(") || st.op(k, "[") {
			if c := st.closeOf(k); c > k {
				k = c
				continue
			}
		}
		if st.splitPoint(k) {
			return k
		}
	}
	return 0
}

// errInternal is the cause of a ParseError for a fault of sqlparse itself.
var errInternal = errors.New("internal error")

// safeParse is parse, turning a fault of the rewrites into an error for
// this statement (the fuzz target fails on it) so that the script goes on.
func (st *stmt) safeParse(p *parser.Parser) (s *Statement, err error) {
	defer func() {
		if r := recover(); r != nil {
			s = nil
			err = newError(st.d, st.source, int(st.toks[0].start), fmt.Sprintf("internal error: %v", r), errInternal)
		}
	}()
	return st.parse(p)
}

// stmtAlloc is the one allocation of a statement: the Statement, its lazy
// digest, its first tree and the first memory of its records, and for the
// first statement of a script the script's line index and the first slot
// of the result.
type stmtAlloc struct {
	s     Statement
	norm  lazyNorm
	nodes [1]ast.StmtNode
	segs  [8]seg
	names nameStore
	first firstRecords
	src   source
	out   [1]*Statement
}

// parse rewrites and parses the statement: unitText builds the text of each
// unit, notParsed ends a statement TiDB does not get and parseFailed one it
// rejects.
func (st *stmt) parse(p *parser.Parser) (*Statement, error) {
	a := new(stmtAlloc)
	st.first = &a.first
	if st.source == nil {
		a.src.init(st.src)
		st.source, st.outBuf = &a.src, a.out[:0]
	}
	procedural := st.stripProcedural()
	first, last := st.toks[0], st.toks[len(st.toks)-1]
	st.names.store = &a.names
	s := &a.s
	s.Dialect = st.d
	s.Span = Span{Start: st.source.pos(int(first.start)), End: st.source.pos(int(last.end))}
	s.Text = st.src[first.start:last.end]
	s.Nodes = a.nodes[:0]
	st.out = s
	st.matchBrackets()
	var units [][]piece
	if procedural {
		s.Kind = KindUtility
	} else {
		units = st.plan()
	}
	if s.Kind == KindUtility || len(units) == 0 || st.cutAt > 0 {
		// A statement that is not parsed (SET, USE, EXEC, ...) or not
		// wholly, where semicolons are optional: the statements after
		// it are not its own.
		if k := st.nextStatement(st.cutAt); k > 0 {
			return nil, &splitError{off: st.toks[k].start, err: newError(st.d, st.source, int(st.toks[k].start), "statement runs into the next one", ErrSyntax)}
		}
	}
	if st.unsupported == nil && s.Kind != KindUtility {
		st.rewriteTokens()
	}
	if st.unsupported != nil || s.Kind == KindUtility {
		return st.notParsed(a)
	}
	var texts []string // the second and later units' texts
	for _, u := range units {
		text, segs, err := st.unitText(u, len(units), a)
		if err != nil {
			return nil, err
		}
		// the first unit's map lives in the Statement (no allocation)
		m := &s.ann.offsets
		if len(s.Nodes) > 0 {
			m = new(offsetMap)
		}
		*m = offsetMap{src: st.source, segs: segs, end: last.end}
		nodes, _, err := p.ParseSQL(text)
		if err != nil || len(nodes) != 1 {
			return st.parseFailed(err, len(nodes), text, m, a)
		}
		s.Nodes = append(s.Nodes, nodes[0])
		if len(units) > 1 {
			s.ann.nodeOffsets = append(s.ann.nodeOffsets, *m)
		}
		st.annotate(p, nodes[0], m)
		if len(s.Nodes) == 1 {
			s.Rewritten = text
		} else {
			texts = append(texts, text)
		}
	}
	if s.Kind == KindOther || s.Kind == 0 {
		s.Kind = kindOf(s.Nodes[0])
	}
	s.ann.names = st.names
	s.ann.index()
	s.Partition = st.parts
	if len(texts) > 0 {
		s.Rewritten += ";\n" + strings.Join(texts, ";\n")
	}
	s.norm = a.norm.init(s.Rewritten)
	return s, nil
}

// notParsed ends a statement that is not handed to TiDB: a construct the
// rewrites cannot carry (an error), or a utility statement.
func (st *stmt) notParsed(a *stmtAlloc) (*Statement, error) {
	if u := st.unsupported; u != nil {
		off := int(st.toks[min(u.tok, len(st.toks)-1)].start)
		return nil, newError(st.d, st.source, off, u.reason, ErrUnsupported)
	}
	return st.utility(a), nil
}

// utility makes the statement a KindUtility one, with no tree.
func (st *stmt) utility(a *stmtAlloc) *Statement {
	s := &a.s
	s.Kind = KindUtility
	s.Nodes = nil
	s.norm = a.norm.init(s.Text)
	return s
}

// unitText returns the text TiDB parses for unit u of n, and its map of
// segments to the original.
func (st *stmt) unitText(u []piece, n int, a *stmtAlloc) (string, []seg, error) {
	first, last := st.toks[0], st.toks[len(st.toks)-1]
	if n == 1 && st.asWritten(u) {
		// nothing to rewrite: TiDB parses the original text
		a.segs[0] = seg{out: 0, orig: first.start, n: last.end - first.start}
		return st.src[first.start:last.end], a.segs[:1], nil
	}
	e := emitter{st: st, limit: 8*int(last.end-first.start) + 4096}
	if st.ws != nil {
		e.buf = st.ws.buf[:0]
		e.segs = st.ws.segs[:0]
	}
	if plainEmit && st.isWhole(u) {
		e.emitPlain()
	} else {
		e.emitPieces(u, first.start, true)
	}
	if e.overflow {
		return "", nil, newError(st.d, st.source, int(first.start), "statement too complex to rewrite", ErrUnsupported)
	}
	var text string
	if sg := e.segs; len(sg) == 1 && sg[0].out == 0 && int(sg[0].n) == len(e.buf) {
		// the text is a copy of the original (nothing rewritten): share it
		text = st.src[sg[0].orig : sg[0].orig+sg[0].n]
	} else {
		text = string(e.buf)
	}
	segs := e.segs
	if st.ws != nil {
		st.ws.buf = e.buf[:0]
		st.ws.segs = e.segs[:0]
		if len(a.s.Nodes) == 0 && len(e.segs) <= len(a.segs) {
			segs = a.segs[:copy(a.segs[:], e.segs)]
		} else {
			segs = append([]seg(nil), e.segs...)
		}
	}
	return text, segs, nil
}

// parseFailed handles a unit TiDB did not parse into one statement: a
// lenient statement becomes KindUtility; otherwise the error, placed in the
// original text (and split where a new statement may start).
func (st *stmt) parseFailed(err error, nodes int, text string, m *offsetMap, a *stmtAlloc) (*Statement, error) {
	if err == nil {
		err = fmt.Errorf("expected one statement, found %d", nodes)
	}
	if st.lenient {
		return st.utility(a), nil
	}
	pe := st.parserError(err, text, m)
	if k := tokenAt(st.toks, int32(pe.Pos.Offset)); k > 0 && st.splitPoint(k) {
		return nil, &splitError{off: int32(pe.Pos.Offset), err: pe}
	}
	return nil, pe
}

func normalize(text string) (string, string) {
	norm, dig := parser.NormalizeDigest(text)
	if dig == nil {
		return norm, ""
	}
	return norm, dig.String()
}

// asWritten reports whether unit u is the whole statement as written: no
// token edited and no comment between tokens (the emitter writes a comment
// as one space), so that its text is the original.
func (st *stmt) asWritten(u []piece) bool {
	if st.inner || st.edIdx != nil || !st.isWhole(u) {
		return false
	}
	for _, t := range st.toks[1:] {
		if t.commentBefore {
			return false
		}
	}
	return true
}

// isWhole reports whether unit u is all the statement's tokens in place,
// with no text around them.
func (st *stmt) isWhole(u []piece) bool {
	return len(u) == 1 && u[0].from == 0 && int(u[0].to) == len(st.toks) && u[0].text == ""
}

// parserError turns a TiDB syntax error into a *ParseError at the
// original position.
func (st *stmt) parserError(err error, text string, m *offsetMap) *ParseError {
	off := len(text)
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		var line, col int
		if _, e := fmt.Sscanf(msg[i:], "line %d column %d", &line, &col); e == nil {
			off = offsetOf(text, line, col, nearOf(msg))
		}
	}
	orig := m.orig(off)
	if off >= len(text) {
		orig = int(st.toks[len(st.toks)-1].end)
	}
	if off >= len(text) {
		pe := newError(st.d, st.source, orig, "syntax error at end of statement", ErrSyntax)
		pe.rewritten = text
		return pe
	}
	pe := newError(st.d, st.source, orig, "syntax error", ErrSyntax)
	pe.rewritten = text
	if near := nearText(st.src, orig); near != "" {
		pe.rawReason = pe.Reason + " near " + strconv.Quote(near)
	}
	line, col := maskedLine(st.spec, st.source, pe.Pos.Line, orig)
	if near := nearMasked(line, col); near != "" {
		pe.Reason += " near " + strconv.Quote(near)
	}
	return pe
}

// nearOf extracts the text TiDB quotes after near in an error message.
func nearOf(msg string) string {
	i := strings.Index(msg, `near "`)
	if i < 0 {
		return ""
	}
	s := msg[i+6:]
	if j := strings.LastIndexByte(s, '"'); j >= 0 {
		s = s[:j]
	}
	return s
}

// offsetOf converts TiDB's error position into an offset of text: TiDB
// reports the line and the byte column where the offending token ends, and
// quotes the text from its start (near).
func offsetOf(text string, line, col int, near string) int {
	off := 0
	for l := 1; l < line; l++ {
		j := strings.IndexByte(text[off:], '\n')
		if j < 0 {
			return len(text)
		}
		off += j + 1
	}
	lineStart := off
	off += col
	if off > len(text) {
		off = len(text)
	}
	if len(near) > 16 {
		near = near[:16]
	}
	if near == "" {
		return off
	}
	for p := off; p >= lineStart && p >= 0; p-- {
		if strings.HasPrefix(text[p:], near) {
			return p
		}
	}
	return off
}

func nearText(src string, off int) string {
	if off >= len(src) {
		return ""
	}
	s := src[off:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40]
		for len(s) > 0 && s[len(s)-1] >= 0x80 {
			s = s[:len(s)-1]
		}
	}
	return strings.TrimSpace(s)
}

// newError builds a *ParseError at original offset off.
func newError(d Dialect, src *source, off int, reason string, cause error) *ParseError {
	pos := src.pos(off)
	masked, col := maskedLine(d.s(), src, pos.Line, off)
	return &ParseError{Dialect: d, Pos: pos, Snippet: caretSnippet(masked, col), Reason: reason, Err: cause,
		rawSnippet: snippet(src, pos)}
}

// snippet returns the line of pos as written and a caret under its
// column.
func snippet(src *source, pos Pos) string {
	line := src.text[src.lines[pos.Line-1]:]
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return caretSnippet(strings.TrimRight(line, "\r"), pos.Column-1)
}

// matchBrackets pairs ( ) and [ ] tokens.
func (st *stmt) matchBrackets() {
	if len(st.match) != len(st.toks) {
		st.match = make([]int32, len(st.toks))
	}
	var stackBuf [32]int32
	stack := stackBuf[:0]
	st.nStars, st.parenAfterName, st.subquery = 0, false, false
	st.walks, st.levels = 0, nil
	toks, match, src := st.toks, st.match[:len(st.toks)], st.src
	for i, t := range toks {
		match[i] = -1
		if t.kind != tkOp || t.end-t.start != 1 {
			continue
		}
		switch src[t.start] {
		case '*':
			if st.nStars == 0 {
				st.firstStar = i
			}
			st.nStars++
		case '(', '[':
			if n := i + 1; n < len(toks) && toks[n].kind == tkWord && toks[n].hint&hintReserved != 0 && st.anyWord(n, "SELECT", "WITH") {
				st.subquery = true
			}
			if !st.parenAfterName && i >= 2 && st.isName(i-1) {
				// ") [AS] name (" where the brackets hold a query
				c := i - 2
				if st.word(c, "AS") {
					c--
				}
				if st.op(c, ")") && match[c] >= 0 && st.anyWord(int(match[c])+1, "SELECT", "WITH") {
					st.parenAfterName = true
				}
			}
			stack = append(stack, int32(i))
		case ')', ']':
			if len(stack) > 0 {
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				match[o] = int32(i)
				match[i] = o
			}
		}
	}
}

func kindOf(n ast.StmtNode) Kind {
	switch n := n.(type) {
	case *ast.SelectStmt:
		if n.SelectIntoOpt != nil {
			return KindUnload
		}
		return KindSelect
	case *ast.SetOprStmt:
		return KindSelect
	case *ast.InsertStmt:
		return KindInsert
	case *ast.UpdateStmt:
		return KindUpdate
	case *ast.DeleteStmt:
		return KindDelete
	case *ast.CreateTableStmt:
		if n.Select != nil {
			return KindCreateTableAs
		}
		return KindCreateTable
	case *ast.CreateViewStmt:
		return KindCreateView
	case *ast.AlterTableStmt, *ast.RenameTableStmt:
		return KindAlterTable
	case *ast.DropTableStmt:
		return KindDropTable
	case *ast.TruncateTableStmt:
		return KindTruncate
	case *ast.UseStmt:
		return KindUse
	case *ast.LoadDataStmt:
		return KindCopy
	}
	return KindOther
}
