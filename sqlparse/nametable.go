package sqlparse

// keyIndex is an insertion-ordered set of strings that finds a key by a
// linear scan while it is small and through a map once it grows: most
// statements record a handful of names, and a map costs more to build than
// a few comparisons.
type keyIndex struct {
	keys []string
	m    map[string]int32
}

// keyIndexMapMin is the size from which a keyIndex keeps a map.
const keyIndexMapMin = 16

// find returns the index of key k, or -1.
func (x *keyIndex) find(k []byte) int {
	if x.m != nil {
		if i, ok := x.m[string(k)]; ok {
			return int(i)
		}
		return -1
	}
	for i, s := range x.keys {
		if s == string(k) {
			return i
		}
	}
	return -1
}

// findString is find for a string key.
func (x *keyIndex) findString(k string) int {
	if x.m != nil {
		if i, ok := x.m[k]; ok {
			return int(i)
		}
		return -1
	}
	for i, s := range x.keys {
		if s == k {
			return i
		}
	}
	return -1
}

// add appends k, which must not be present, and returns its index.
func (x *keyIndex) add(k string) int {
	i := len(x.keys)
	x.keys = append(x.keys, k)
	switch {
	case x.m != nil:
		x.m[k] = int32(i)
	case len(x.keys) >= keyIndexMapMin:
		x.m = make(map[string]int32, 2*len(x.keys))
		for j, s := range x.keys {
			x.m[s] = int32(j)
		}
	}
	return i
}

// nameTable is what the encoded identifiers of a statement stand for.
type nameTable struct {
	// raws and names: encoded identifier (as it appears in a tree) -> the
	// name it stands for.
	raws  keyIndex
	names []Name
	// tails: the end of a chain whose head encodes to head and whose last
	// part is last, for spans; tailIndex finds them by tailKey once many.
	tails     []tailRec
	tailIndex map[string]int32
	// store is the first memory of the slices.
	store *nameStore
}

type tailRec struct {
	head string
	last Ident
	end  Pos
}

// nameStore is the first memory of a nameTable, allocated with the
// statement.
type nameStore struct {
	raws   [2]string
	names  [2]Name
	tails  [1]tailRec
	idents [4]Ident
	nIdent int
}

func (t *nameTable) init() {
	if t.raws.keys == nil {
		st := t.store
		if st == nil {
			st = new(nameStore)
			t.store = st
		}
		t.raws.keys = st.raws[:0]
		t.names = st.names[:0]
		t.tails = st.tails[:0]
	}
}

// keepParts returns a copy of parts for a recorded Name.
func (t *nameTable) keepParts(parts []Ident) []Ident {
	if st := t.store; st != nil && st.nIdent+len(parts) <= len(st.idents) {
		k := st.nIdent
		st.nIdent += copy(st.idents[k:], parts)
		return st.idents[k:st.nIdent:st.nIdent]
	}
	return append([]Ident(nil), parts...)
}

// name returns the name raw stands for.
func (t *nameTable) name(raw string) (Name, bool) {
	if i := t.raws.findString(raw); i >= 0 {
		return t.names[i], true
	}
	return Name{}, false
}

// has reports whether raw is recorded.
func (t *nameTable) has(raw string) bool { return t.raws.findString(raw) >= 0 }

// add records raw -> n unless raw is recorded already (the first
// occurrence wins the span).
func (t *nameTable) add(raw string, n Name) {
	if t.raws.findString(raw) >= 0 {
		return
	}
	t.init()
	t.raws.add(raw)
	t.names = append(t.names, n)
}

// tailKey is the map key of a tail record.
func tailKey(buf []byte, head string, last []Ident) []byte {
	buf = append(buf, head...)
	buf = append(buf, 0)
	return appendEncoded(buf, last)
}

// findTail returns the index of the tail record of head and last, the
// parts of the last identifier of a chain, or -1.
func (t *nameTable) findTail(head string, last []Ident) int {
	if t.tailIndex != nil {
		var kb [96]byte
		if i, ok := t.tailIndex[string(tailKey(kb[:0], head, last))]; ok {
			return int(i)
		}
		return -1
	}
	for i := range t.tails {
		r := &t.tails[i]
		if r.head == head && sameEncoding(last, r.last) {
			return i
		}
	}
	return -1
}

// sameEncoding reports whether parts encode to the same text as last.
func sameEncoding(parts []Ident, last Ident) bool {
	if len(parts) == 1 && parts[0] == last {
		return true
	}
	var a, b [64]byte
	return string(appendEncoded(a[:0], parts)) == string(appendEncoded(b[:0], []Ident{last}))
}

// tail returns the end recorded for a chain whose head encodes to head and
// whose last part decodes to last.
func (t *nameTable) tail(head string, last []Ident) (Pos, bool) {
	if i := t.findTail(head, last); i >= 0 {
		return t.tails[i].end, true
	}
	return Pos{}, false
}

// addTail records the end of a chain (first occurrence wins).
func (t *nameTable) addTail(head string, last Ident, end Pos) {
	if t.findTail(head, []Ident{last}) >= 0 {
		return
	}
	t.init()
	t.tails = append(t.tails, tailRec{head: head, last: last, end: end})
	switch n := len(t.tails); {
	case t.tailIndex != nil:
		t.tailIndex[string(tailKey(nil, head, []Ident{last}))] = int32(n - 1)
	case n >= keyIndexMapMin:
		t.tailIndex = make(map[string]int32, 2*n)
		for i, r := range t.tails {
			t.tailIndex[string(tailKey(nil, r.head, []Ident{r.last}))] = int32(i)
		}
	}
}
