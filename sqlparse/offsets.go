package sqlparse

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// source is the original text given to Parse with an index of its lines,
// shared by all statements of one call.
type source struct {
	text  string
	lines []int32 // byte offset of the start of each line
	// ascii: the text is ASCII, so a column is a byte count
	ascii bool
	// lexed holds the tokens of the whole text once an error needed them
	// (see maskedLine), so that many errors tokenize it once.
	lexed *lexed
}

// firstLine is the line index of a one-line text; it is never written.
var firstLine = [1]int32{0}

// init sets the text and indexes its lines.
func (s *source) init(text string) {
	s.text = text
	s.ascii = isASCII(text)
	n := 1 + strings.Count(text, "\n")
	if n == 1 {
		s.lines = firstLine[:]
		return
	}
	s.lines = make([]int32, 1, n)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		s.lines = append(s.lines, int32(i))
	}
}

// pos converts a byte offset of the original text into a Pos.
func (s *source) pos(off int) Pos {
	if s == nil {
		return Pos{Offset: off, Line: 1, Column: off + 1}
	}
	if off < 0 {
		off = 0
	}
	if off > len(s.text) {
		off = len(s.text)
	}
	// the last line starting at or before off (binary search, no closure)
	lo, hi := 0, len(s.lines)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if int(s.lines[mid]) > off {
			hi = mid
		} else {
			lo = mid
		}
	}
	start := int(s.lines[lo])
	if s.ascii {
		return Pos{Offset: off, Line: lo + 1, Column: off - start + 1}
	}
	return Pos{Offset: off, Line: lo + 1, Column: utf8.RuneCountInString(s.text[start:off]) + 1}
}

// seg is one piece of rewritten text: n bytes copied from the original at
// orig, or (n == 0) text sqlparse inserted in place of the original at orig.
type seg struct {
	out, orig, n int32
}

// offsetMap maps offsets in the rewritten text of a statement back to the
// original text.
type offsetMap struct {
	src  *source
	segs []seg
	// end is the original offset that the end of the rewritten text maps to.
	end int32
}

// orig maps a rewritten offset to an original byte offset.
func (m *offsetMap) orig(off int) int {
	if len(m.segs) == 0 {
		return off
	}
	i := sort.Search(len(m.segs), func(i int) bool { return int(m.segs[i].out) > off }) - 1
	if i < 0 {
		return int(m.segs[0].orig)
	}
	sg := m.segs[i]
	if sg.n > 0 {
		d := off - int(sg.out)
		if d < int(sg.n) {
			return int(sg.orig) + d
		}
		if i+1 < len(m.segs) {
			return int(m.segs[i+1].orig)
		}
		return int(m.end)
	}
	return int(sg.orig)
}

func (m *offsetMap) pos(off int) Pos {
	return m.src.pos(m.orig(off))
}

// isASCII reports whether s holds only ASCII bytes, eight at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8] // one bounds check; the loads combine into one
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
