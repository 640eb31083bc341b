package sqlparse

import "hash/maphash"

// Fingerprinter hashes the shape of SQL text: its tokens, with string and
// numeric literals replaced, whitespace and comments ignored. Two texts with
// the same fingerprint differ only in literals, so they have the same
// lineage; a query log's thousands of runs of one dashboard query share one
// fingerprint. Literals stay part of the shape in statements where a string
// names a dataset or holds a query (UNLOAD, COPY, LOCATION, OUTFILE, SET,
// USE, EXPORT). Fingerprinting costs one tokenizer pass, a fraction of Parse.
//
// Fingerprints are comparable within one Fingerprinter only (each has its
// own random seeds). A Fingerprinter is safe for concurrent use.
type Fingerprinter struct {
	seed1, seed2 maphash.Seed
}

// Fingerprint is the 128-bit shape hash of a text. The zero value means the
// text could not be tokenized.
type Fingerprint [2]uint64

// NewFingerprinter returns a Fingerprinter with fresh seeds.
func NewFingerprinter() *Fingerprinter {
	return &Fingerprinter{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed()}
}

// literalsNamed are words after which a statement's string literals are
// part of its meaning, not data.
var literalsNamed = []string{"UNLOAD", "COPY", "LOCATION", "OUTFILE", "SET", "USE", "EXPORT"}

// Of returns the fingerprint of sql in dialect d, or the zero Fingerprint
// (and false) when the text does not tokenize.
func (f *Fingerprinter) Of(sql string, d Dialect) (Fingerprint, bool) {
	lx := lexer{src: sql, spec: d.s()}
	bp := tokenBufs.Get().(*[]token)
	toks, lerr := lx.tokenize((*bp)[:0], 0, len(sql))
	defer func() {
		*bp = toks[:0]
		tokenBufs.Put(bp)
	}()
	if lerr != nil {
		return Fingerprint{}, false
	}
	keep := false
	for _, t := range toks {
		if t.kind != tkWord {
			continue
		}
		for _, w := range literalsNamed {
			if t.is(sql, w) {
				keep = true
				break
			}
		}
		if keep {
			break
		}
	}
	var h1, h2 maphash.Hash
	h1.SetSeed(f.seed1)
	h2.SetSeed(f.seed2)
	h1.WriteString(d.String())
	h2.WriteString(d.String())
	for _, t := range toks {
		text := t.text(sql)
		switch {
		case t.kind == tkNumber, t.kind == tkString && !keep:
			text = "?"
		}
		for _, h := range [...]*maphash.Hash{&h1, &h2} {
			h.WriteByte(byte(t.kind))
			h.WriteString(text)
			h.WriteByte(0)
		}
	}
	return Fingerprint{h1.Sum64(), h2.Sum64()}, true
}
