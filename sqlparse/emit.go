package sqlparse

// piece is a part of rewritten text: literal text, or the tokens [from, to)
// of the statement emitted with their own edits. Literal text maps to the
// original offset where it is emitted, or, when from > 0 (and to is 0), to
// offset from-1 (see litAt).
type piece struct {
	text     string
	from, to int32
}

func lit(s string) piece { return piece{text: s} }

// litAt is literal text that maps to original offset orig wherever it is
// emitted: a generated construct's part that a record finds by its offset
// (the star of a pivot's derived table).
func litAt(s string, orig int32) piece { return piece{text: s, from: orig + 1} }

func span(from, to int) piece { return piece{from: int32(from), to: int32(to)} }

// copySpan is tokens [from, to) written as a copy, moved tokens included,
// in a unit of their own: the range a rewrite moved into another construct
// is also a statement of its own (the UPDATE of a data-modifying CTE).
func copySpan(from, to int) piece { return piece{text: copyRange, from: int32(from), to: int32(to)} }

// copyRange marks a copySpan (a range piece has no text of its own).
const copyRange = "copy"

func (p piece) isRange() bool { return p.to > p.from }

// tokEdit is what the rewrites decided about one token.
type tokEdit struct {
	before []piece // emitted before the token (in order)
	repl   string  // replacement text, when replaced
	after  []piece // emitted after the token (in order)
	drop   bool    // the token is not emitted (repl is emitted instead when set)
	hasRep bool
	moved  bool // emitted only as part of a piece elsewhere, not in place
	// anchor is emitted in place before the token, even when the token is
	// moved or dropped (a construct that replaces a token range).
	anchor []piece
	// anchorEnd, when above the token's index, says that anchor stands
	// for tokens [token, anchorEnd) wherever they are emitted: a copy of
	// a range that holds them (a table function inside another's
	// argument) emits the anchor in their place too.
	anchorEnd int
	// inCopy: a later move took the whole of [token, anchorEnd) into a
	// range emitted elsewhere (a star's REPLACE expression), whose copy
	// emits the anchor; it is not written in place as well
	inCopy bool
}

// emitter builds the rewritten text of one parse unit with its offset map.
type emitter struct {
	st   *stmt
	buf  []byte
	segs []seg
	// limit bounds the rewritten text: rewrites that copy an operand
	// (RATIO_TO_REPORT, LATERAL VIEW) could otherwise grow it exponentially
	// on nested input.
	limit int
	// overflow is set when the text outgrew limit; emission stops.
	overflow bool
}

// full reports whether the rewritten text outgrew its limit.
func (e *emitter) full() bool {
	if e.limit > 0 && len(e.buf) > e.limit {
		e.overflow = true
	}
	return e.overflow
}

func (e *emitter) needSpace(first byte) bool {
	if len(e.buf) == 0 {
		return false
	}
	l := e.buf[len(e.buf)-1]
	return isIdentPart(l) && (isIdentPart(first) || first == '`')
}

// insert writes text that is not in the original, mapped to orig.
func (e *emitter) insert(s string, orig int32) {
	if s == "" {
		return
	}
	if e.needSpace(s[0]) {
		e.buf = append(e.buf, ' ')
	}
	if n := len(e.segs); n > 0 && e.segs[n-1].n == 0 && e.segs[n-1].orig == orig {
		e.buf = append(e.buf, s...)
		return
	}
	e.segs = append(e.segs, seg{out: int32(len(e.buf)), orig: orig})
	e.buf = append(e.buf, s...)
}

// copyRaw writes s, the original text at orig, extending the last copied
// segment when s follows it in both texts.
func (e *emitter) copyRaw(s string, orig int32) {
	if n := len(e.segs); n > 0 {
		p := &e.segs[n-1]
		if p.n > 0 && p.orig+p.n == orig && int(p.out+p.n) == len(e.buf) {
			p.n += int32(len(s))
			e.buf = append(e.buf, s...)
			return
		}
	}
	e.segs = append(e.segs, seg{out: int32(len(e.buf)), orig: orig, n: int32(len(s))})
	e.buf = append(e.buf, s...)
}

// gap writes the whitespace between two tokens as it is, or one space
// where it holds a comment.
func (e *emitter) gap(prev, next token) {
	if next.start <= prev.end {
		return
	}
	if !next.commentBefore {
		e.copyRaw(e.st.src[prev.end:next.start], prev.end)
		return
	}
	e.commentSpace(prev.end)
}

// commentSpace writes the one space that stands for a gap holding a
// comment (which starts at orig), unless a space precedes it.
func (e *emitter) commentSpace(orig int32) {
	if len(e.buf) > 0 && e.buf[len(e.buf)-1] != ' ' {
		e.segs = append(e.segs, seg{out: int32(len(e.buf)), orig: orig})
		e.buf = append(e.buf, ' ')
	}
}

// emitPieces writes pieces; ranges of a unit are emitted in place
// (natural), ranges of an edit are moved tokens.
func (e *emitter) emitPieces(ps []piece, orig int32, natural bool) {
	for _, p := range ps {
		if p.isRange() {
			e.emitRange(int(p.from), int(p.to), natural && p.text != copyRange)
		} else if p.from > 0 {
			e.insert(p.text, p.from-1)
		} else {
			e.insert(p.text, orig)
		}
	}
}

// emitRange writes tokens [from, to) of the statement with their edits.
// In place (natural), tokens moved elsewhere are skipped.
func (e *emitter) emitRange(from, to int, natural bool) {
	st := e.st
	if !natural {
		st.copied = true
	}
	covered := 0 // the end of the last replaced range emitted in place
	for i := from; i < to && i < len(st.toks); i++ {
		if e.full() {
			return
		}
		t := st.toks[i]
		ed := st.editOf(i)
		var mark int32 // dropMark or moveMark of a token without a record
		if ed == nil && st.edIdx != nil {
			mark = st.edIdx[i]
		}
		if natural && ed != nil && ed.anchor != nil && !ed.inCopy {
			if ed.anchorEnd == 0 || i >= covered {
				e.emitPieces(ed.anchor, t.start, false)
			}
			// (a range replaced inside a replaced range is emitted by
			// the outer one's copies)
			covered = max(covered, ed.anchorEnd)
		}
		if !natural && ed != nil && ed.anchorEnd > i && ed.anchorEnd <= to {
			// a nested rewrite of its own inside this copy
			if i > from {
				e.gap(st.toks[i-1], t)
			}
			e.emitPieces(ed.anchor, t.start, false)
			i = ed.anchorEnd - 1
			continue
		}
		if natural && (ed != nil && ed.moved || mark == moveMark) {
			continue
		}
		if i > from {
			e.gap(st.toks[i-1], t)
		} else if len(e.buf) > 0 && e.buf[len(e.buf)-1] != ' ' && e.buf[len(e.buf)-1] != '(' {
			e.buf = append(e.buf, ' ')
		}
		if mark == dropMark {
			// dropped, with no other edit, and so are the tokens of the
			// run after it: the gaps before and after the run are written
			for i+1 < to && i+1 < len(st.edIdx) && st.edIdx[i+1] == dropMark {
				i++
			}
			continue
		}
		if ed == nil {
			// copy the run of unedited tokens with plain gaps at once
			j := i + 1
			toks := st.toks[:min(to, len(st.toks))]
			if edIdx := st.edIdx; edIdx == nil {
				for j < len(toks) && !toks[j].commentBefore {
					j++
				}
			} else {
				// editOf: a token past edIdx has no edit
				for j < len(toks) && !toks[j].commentBefore && (j >= len(edIdx) || edIdx[j] == 0) {
					j++
				}
			}
			e.stretch(t.start, st.toks[j-1].end)
			i = j - 1
			continue
		}
		if len(ed.before) > 0 {
			e.emitPieces(ed.before, t.start, false)
		}
		switch {
		case ed.drop:
		case ed.hasRep:
			e.insert(ed.repl, t.start)
		default:
			e.stretch(t.start, t.end)
		}
		if len(ed.after) > 0 {
			e.emitPieces(ed.after, t.end, false)
		}
	}
}

// plainEmit lets unitText use emitPlain; tests turn it off to compare it
// with the general way.
var plainEmit = true

// emitPlain writes the whole statement in place, as emitRange would, when
// nothing precedes it: the original text between edited tokens, gaps
// included, is copied a stretch at a time rather than a token at a time.
func (e *emitter) emitPlain() {
	st := e.st
	toks, idx := st.toks, st.edIdx
	n := len(toks)
	pend := toks[0].start // the stretch of original text not yet written
	covered := 0          // the end of the last replaced range emitted
	for i := 0; i < n; i++ {
		// skip the tokens written as they are
		if idx != nil {
			idx := idx[:n]
			for i < n && idx[i] == 0 && !toks[i].commentBefore {
				i++
			}
		} else {
			for i < n && !toks[i].commentBefore {
				i++
			}
		}
		if i == n || e.full() {
			break
		}
		t := toks[i]
		var ed *tokEdit
		k := int32(0)
		if idx != nil {
			if k = idx[i]; k > 0 {
				ed = &st.ed[k-1]
			}
		}
		if ed != nil && ed.anchor != nil || k == moveMark || ed != nil && ed.moved {
			// an anchor is written right after the token before, and a
			// moved token is not written in place, nor the gap before it
			if i > 0 {
				e.stretch(pend, toks[i-1].end)
				pend = toks[i-1].end
			}
			if ed != nil && ed.anchor != nil && !ed.inCopy {
				if ed.anchorEnd == 0 || i >= covered {
					e.emitPieces(ed.anchor, t.start, false)
				}
				covered = max(covered, ed.anchorEnd) // (as in emitRange)
			}
			if k == moveMark || ed.moved {
				for i+1 < n && idx[i+1] == moveMark {
					i++
				}
				pend = toks[i].end
				continue
			}
		}
		// write the stretch up to this token, with the gap before it
		// unless the gap holds a comment (which becomes one space)
		switch {
		case i == 0:
		case !t.commentBefore:
			e.stretch(pend, t.start)
		default:
			prev := toks[i-1]
			e.stretch(pend, prev.end)
			e.commentSpace(prev.end)
		}
		pend = t.start
		switch {
		case k == dropMark:
			// the gaps inside a run of dropped tokens go with them
			for i+1 < n && idx[i+1] == dropMark {
				i++
			}
			pend = toks[i].end
		case ed != nil:
			if len(ed.before) > 0 {
				e.emitPieces(ed.before, t.start, false)
			}
			switch {
			case ed.drop:
				pend = t.end
			case ed.hasRep:
				e.insert(ed.repl, t.start)
				pend = t.end
			case len(ed.after) > 0:
				e.stretch(t.start, t.end)
				pend = t.end
			}
			if len(ed.after) > 0 {
				e.emitPieces(ed.after, t.end, false)
			}
		}
	}
	if !e.full() {
		e.stretch(pend, toks[n-1].end)
		e.full()
	}
}

// stretch writes the original text [from, to), if any, spaced from what
// precedes it as a token would be (a gap starts with a space: no effect).
func (e *emitter) stretch(from, to int32) {
	if to <= from {
		return
	}
	s := e.st.src[from:to]
	if e.needSpace(s[0]) {
		e.buf = append(e.buf, ' ')
	}
	e.copyRaw(s, from)
}

// dropMark and moveMark in edIdx say that a token is dropped, or moved,
// and has no edit record (most drops and moves need none).
const (
	dropMark = -1
	moveMark = -2
)

// edits returns the per-token edit index, allocating it on first use.
func (st *stmt) edits() []int32 {
	if st.edIdx == nil {
		if len(st.edIdxBuf) == len(st.toks) {
			st.edIdx = st.edIdxBuf
			clear(st.edIdx)
		} else {
			st.edIdx = make([]int32, len(st.toks))
		}
	}
	return st.edIdx
}

// edit returns the edit record of token i, allocating the table on first use.
func (st *stmt) edit(i int) *tokEdit {
	if i < 0 || i >= len(st.toks) {
		// a rewrite looked past the statement (malformed input): its
		// edit goes nowhere and TiDB reports the real error.
		return &tokEdit{}
	}
	idx := st.edits()
	k := idx[i]
	if k > 0 {
		return &st.ed[k-1]
	}
	if st.ed == nil {
		st.ed = make([]tokEdit, 0, 8)
	}
	st.ed = append(st.ed, tokEdit{drop: k == dropMark, moved: k == moveMark})
	idx[i] = int32(len(st.ed))
	return &st.ed[len(st.ed)-1]
}

// editOf returns the edit record of token i, or nil when it has none.
func (st *stmt) editOf(i int) *tokEdit {
	if st.edIdx == nil || i < 0 || i >= len(st.edIdx) {
		return nil
	}
	if k := st.edIdx[i]; k > 0 {
		return &st.ed[k-1]
	}
	return nil
}

// replace replaces token i by text.
func (st *stmt) replace(i int, text string) {
	ed := st.edit(i)
	ed.hasRep = true
	ed.repl = text
}

// drop removes tokens [from, to).
func (st *stmt) drop(from, to int) { st.markRange(from, to, dropMark) }

// markRange marks tokens [from, to) dropped (dropMark) or moved
// (moveMark): in the edit index while a token has no other edit, else in
// its edit record.
func (st *stmt) markRange(from, to int, mark int32) {
	from, to = max(from, 0), min(to, len(st.toks))
	if from >= to {
		return
	}
	idx := st.edits()
	for i := from; i < to; i++ {
		switch idx[i] {
		case 0:
			idx[i] = mark
		case mark:
		default:
			if ed := st.edit(i); mark == dropMark {
				ed.drop = true
			} else {
				ed.moved = true
				if ed.anchorEnd > i && ed.anchorEnd <= to {
					ed.inCopy = true
				}
			}
		}
	}
}

// pieceBuf returns memory for n pieces: from the call's workspace, whose
// pieces live until the statement is emitted, or else from the heap. Its
// capacity is n, so appending to it never writes into the workspace.
func (st *stmt) pieceBuf(n int) []piece {
	ws := st.ws
	if ws == nil {
		return make([]piece, n)
	}
	a := ws.pieces
	if len(a)+n > cap(a) {
		// a new arena; the edits keep the old one alive while they need it
		a = make([]piece, 0, max(64, 2*cap(a), n))
	}
	ws.pieces = a[:len(a)+n]
	return a[len(a) : len(a)+n : len(a)+n]
}

// pieces1 returns a one-piece list (from pieceBuf).
func (st *stmt) pieces1(p piece) []piece {
	ps := st.pieceBuf(1)
	ps[0] = p
	return ps
}

// concat returns the pieces of a followed by those of b.
func (st *stmt) concat(a, b []piece) []piece {
	if len(a)+len(b) == 0 {
		return nil // (never a or b: ps of the callers stays on the stack)
	}
	out := st.pieceBuf(len(a) + len(b))
	copy(out[copy(out, a):], b)
	return out
}

// before inserts pieces before token i; later calls come first (an outer
// construct found after an inner one wraps it).
func (st *stmt) before(i int, ps ...piece) {
	ed := st.edit(i)
	ed.before = st.concat(ps, ed.before)
}

// after inserts pieces after token i; later calls come last.
func (st *stmt) after(i int, ps ...piece) {
	ed := st.edit(i)
	ed.after = st.concat(ed.after, ps)
}

// anchorAt sets what is emitted in place of token i's range.
func (st *stmt) anchorAt(i int, ps ...piece) {
	ed := st.edit(i)
	ed.anchor = st.concat(ed.anchor, ps)
}

// replaceRange emits ps in place of tokens [from, to), in place and in any
// copy of a range that holds them all.
func (st *stmt) replaceRange(from, to int, ps ...piece) {
	st.move(from, to)
	st.anchorAt(from, ps...)
	st.edit(from).anchorEnd = to
}

// move marks tokens [from, to) as emitted elsewhere (by a piece).
func (st *stmt) move(from, to int) { st.markRange(from, to, moveMark) }

// isMoved reports whether token i is emitted elsewhere than in place.
func (st *stmt) isMoved(i int) bool {
	if st.edIdx == nil || i < 0 || i >= len(st.edIdx) {
		return false
	}
	k := st.edIdx[i]
	return k == moveMark || (k > 0 && st.ed[k-1].moved)
}

// dropped reports whether token i was removed or replaced.
func (st *stmt) dropped(i int) bool {
	if st.edIdx == nil || i < 0 || i >= len(st.edIdx) {
		return false
	}
	k := st.edIdx[i]
	return k == dropMark || (k > 0 && (st.ed[k-1].drop || st.ed[k-1].hasRep))
}
