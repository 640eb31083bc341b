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
	// it starts with CREATE (but for a temporary table, which lives in its
	// session), ALTER, DROP, RENAME or REPLACE, or it starts with SELECT or
	// WITH and has an INTO (SELECT .. INTO makes a table). It errs on the
	// side of yes.
	Defines bool
}

// NewFingerprinter returns a Fingerprinter with fresh seeds.
func NewFingerprinter() *Fingerprinter {
	return &Fingerprinter{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed()}
}

// Statements whose string literals are part of their meaning, not data:
// those that start with one of literalHeads, and those with a word of
// literalWords anywhere.
var (
	literalHeads = []string{"UNLOAD", "COPY", "SET", "USE", "EXPORT"}
	literalWords = []string{"LOCATION", "OUTFILE"}
)

// Of returns the shape of sql in dialect d, or false when the text does not
// tokenize.
func (f *Fingerprinter) Of(sql string, d Dialect) (Shape, bool) {
	lx := lexer{src: sql, spec: d.s(), plain: true}
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
	head, query, create := true, false, false
	for _, t := range toks {
		if t.kind == tkSemi {
			if create {
				sh.Defines = true
			}
			head, query, create = true, false, false
			continue
		}
		if t.kind != tkWord {
			head = false
			continue
		}
		if create {
			// CREATE [OR REPLACE] [LOCAL|GLOBAL] TEMP|TEMPORARY|VOLATILE
			switch {
			case t.is(sql, "TEMP"), t.is(sql, "TEMPORARY"), t.is(sql, "VOLATILE"):
				create = false
			case t.is(sql, "OR"), t.is(sql, "REPLACE"), t.is(sql, "LOCAL"), t.is(sql, "GLOBAL"):
			default:
				sh.Defines = true
				create = false
			}
			continue
		}
		wasHead := head
		if head {
			head = false
			switch {
			case t.is(sql, "CREATE"):
				create = true
			case t.is(sql, "ALTER"), t.is(sql, "DROP"), t.is(sql, "RENAME"), t.is(sql, "REPLACE"):
				sh.Defines = true
			case t.is(sql, "SELECT"), t.is(sql, "WITH"):
				query = true
			}
		} else if query && t.is(sql, "INTO") {
			sh.Defines = true
		}
		if !keep {
			keep = t.isAny(sql, literalWords) || wasHead && t.isAny(sql, literalHeads)
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
	if create {
		sh.Defines = true
	}
	sh.Fingerprint = Fingerprint{h1.Sum64(), h2.Sum64()}
	return sh, true
}

// isAny reports whether t is one of the upper-case words ws.
func (t token) isAny(src string, ws []string) bool {
	for _, w := range ws {
		if t.is(src, w) {
			return true
		}
	}
	return false
}
