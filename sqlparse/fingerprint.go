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

// Fingerprint is the 128-bit shape hash of a text.
type Fingerprint [2]uint64

// Shape is what one tokenizer pass tells of a text, without parsing it.
type Shape struct {
	Fingerprint Fingerprint
	// Defines is set when a statement of the text may change a catalog:
	// it starts with CREATE, ALTER, DROP, RENAME or REPLACE, or it starts
	// with SELECT or WITH and has an INTO (SELECT .. INTO makes a table).
	// It errs on the side of yes.
	Defines bool
}

// NewFingerprinter returns a Fingerprinter with fresh seeds.
func NewFingerprinter() *Fingerprinter {
	return &Fingerprinter{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed()}
}

// literalsNamed are words after which a statement's string literals are
// part of its meaning, not data.
var literalsNamed = []string{"UNLOAD", "COPY", "LOCATION", "OUTFILE", "SET", "USE", "EXPORT"}

// Of returns the shape of sql in dialect d, or false when the text does not
// tokenize.
func (f *Fingerprinter) Of(sql string, d Dialect) (Shape, bool) {
	lx := lexer{src: sql, spec: d.s()}
	bp := tokenBufs.Get().(*[]token)
	toks, lerr := lx.tokenize((*bp)[:0], 0, len(sql))
	defer func() {
		*bp = toks[:0]
		tokenBufs.Put(bp)
	}()
	if lerr != nil {
		return Shape{}, false
	}
	var sh Shape
	keep := false
	head, query := true, false
	for _, t := range toks {
		if t.kind == tkSemi {
			head, query = true, false
			continue
		}
		if t.kind != tkWord {
			head = false
			continue
		}
		if head {
			head = false
			switch {
			case t.is(sql, "CREATE"), t.is(sql, "ALTER"), t.is(sql, "DROP"), t.is(sql, "RENAME"), t.is(sql, "REPLACE"):
				sh.Defines = true
			case t.is(sql, "SELECT"), t.is(sql, "WITH"):
				query = true
			}
		} else if query && t.is(sql, "INTO") {
			sh.Defines = true
		}
		if !keep {
			for _, w := range literalsNamed {
				if t.is(sql, w) {
					keep = true
					break
				}
			}
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
	sh.Fingerprint = Fingerprint{h1.Sum64(), h2.Sum64()}
	return sh, true
}
