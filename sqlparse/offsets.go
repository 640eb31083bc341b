package sqlparse

// offsetMap maps offsets in the rewritten text back to the original text.
// It is a placeholder: the rewritten text is the original one.
type offsetMap struct {
	base Pos
	text string
}

func (m offsetMap) pos(off int) Pos {
	p := m.base
	for i, r := range m.text {
		if i >= off {
			break
		}
		p.Offset += len(string(r))
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	return p
}
