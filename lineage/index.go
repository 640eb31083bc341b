package lineage

import (
	"hash/maphash"
	"slices"
	"strings"
)

// Indexes that appear once a list grows. Most statements read a few
// tables, write a few columns and merge a few origins per list: scanning
// a short slice is the fastest lookup there is. Generated SQL (a dbt
// union of thousands of branches, a BI tool's hundred joins, a
// 100,000-column SELECT) makes the same lists long, and a scan per item
// turns quadratic. Each list below is scanned while it is shorter than
// smallSet and answered from a slotIndex built once it reaches it, so
// small statements cost what they did and large ones stay linear.
//
// Profiles of the growth shapes at 10,000 items (BenchmarkGrowth) showed
// Go maps keyed by the list's values (a Column, an origin's dataset and
// name) costing more than the binding itself: hashing every string of a
// Dataset per lookup, rehashing large keys as the map doubles, and a map
// full of pointers that each garbage collection scans again. A slotIndex
// keeps only positions and hashes (no pointers, nothing copied): the list
// itself is the key store.

// indexSeed hashes the keys of every slotIndex.
var indexSeed = maphash.MakeSeed()

// hashString hashes one string with indexSeed.
func hashString(s string) uint64 { return maphash.String(indexSeed, s) }

// hashColumn hashes a column by its dataset's name and its own name: what
// tells a statement's columns apart (equal columns hash alike; their
// platform, database, schema and kind are compared, not hashed). It
// remembers the hash of the last dataset name: a statement's reads,
// origins and edges come in runs from one table.
func (b *binder) hashColumn(ds *Dataset, name string) uint64 {
	return hashString(name) ^ b.hashDatasetName(ds.Name)*0x9e3779b97f4a7c15
}

func (b *binder) hashDatasetName(s string) uint64 {
	if b.hashedName != s || !b.hashedOK {
		b.hashedName, b.hashedHash, b.hashedOK = s, hashString(s), true
	}
	return b.hashedHash
}

// slotIndex is an open-addressing hash index of positions in a list that
// its user keeps: a slot holds a position plus one (0: empty) and the 32
// bits of its key's hash that also place it, so growing rehashes nothing.
// Lookups probe linearly and ask the caller to compare the list elements
// whose hash matches. It holds no pointers: the garbage collector never
// scans it.
type slotIndex struct {
	slots []indexSlot
	n     int
}

type indexSlot struct {
	h  uint32
	at int32
}

// newSlotIndex makes an index with room for n positions.
func newSlotIndex(n int) *slotIndex {
	ix := &slotIndex{}
	ix.reset(n)
	return ix
}

// reset empties the index, sizing it for n positions (at most half full).
func (ix *slotIndex) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(ix.slots) >= size {
		ix.slots = ix.slots[:size]
		clear(ix.slots)
	} else {
		ix.slots = make([]indexSlot, size)
	}
	ix.n = 0
}

func fold32(h uint64) uint32 { return uint32(h ^ h>>32) }

// find returns the position whose key hashes to h and that eq accepts,
// or -1.
func (ix *slotIndex) find(h uint64, eq func(at int) bool) int {
	h32, mask := fold32(h), uint32(len(ix.slots)-1)
	for i := h32 & mask; ; i = (i + 1) & mask {
		s := ix.slots[i]
		if s.at == 0 {
			return -1
		}
		if s.h == h32 && eq(int(s.at-1)) {
			return int(s.at - 1)
		}
	}
}

// each calls fn with every position whose key's hash is h's (the caller
// compares the keys), in probe order.
func (ix *slotIndex) each(h uint64, fn func(at int)) {
	if len(ix.slots) == 0 {
		return
	}
	h32, mask := fold32(h), uint32(len(ix.slots)-1)
	for i := h32 & mask; ; i = (i + 1) & mask {
		s := ix.slots[i]
		if s.at == 0 {
			return
		}
		if s.h == h32 {
			fn(int(s.at - 1))
		}
	}
}

// insert indexes position at under hash h (not looking for an equal key).
func (ix *slotIndex) insert(h uint64, at int) {
	if 2*(ix.n+1) > len(ix.slots) {
		old := ix.slots
		ix.slots = make([]indexSlot, max(16, 2*len(old)))
		for _, s := range old {
			if s.at != 0 {
				ix.place(s)
			}
		}
	}
	ix.place(indexSlot{h: fold32(h), at: int32(at + 1)})
	ix.n++
}

func (ix *slotIndex) place(s indexSlot) {
	mask := uint32(len(ix.slots) - 1)
	i := s.h & mask
	for ix.slots[i].at != 0 {
		i = (i + 1) & mask
	}
	ix.slots[i] = s
}

// is reports whether d has key k (d.key() == k), comparing the name
// first.
func (k *datasetKey) is(d *Dataset) bool {
	return d.Name == k.name && d.Schema == k.schema && d.Database == k.database && d.Platform == k.platform && (d.Kind == KindLocation) == k.location
}

// hashDatasetKey hashes a dataset by its name (the rest is compared).
func hashDatasetKey(k datasetKey) uint64 { return hashString(k.name) }

// sourceSeen reports whether ds is among the statement's sources,
// indexing them once there are many.
func (b *binder) sourceSeen(k datasetKey) bool {
	if b.sourceIdx == nil && len(b.res.Sources) < smallSet {
		b.steps += len(b.res.Sources)
		for i := range b.res.Sources {
			if k.is(&b.res.Sources[i]) {
				return true
			}
		}
		return false
	}
	if b.sourceIdx == nil {
		b.sourceIdx = newSlotIndex(2 * len(b.res.Sources))
		for i := range b.res.Sources {
			b.sourceIdx.insert(hashDatasetKey(b.res.Sources[i].key()), i)
		}
	}
	return b.sourceIdx.find(hashDatasetKey(k), func(i int) bool { return k.is(&b.res.Sources[i]) }) >= 0
}

// tableAt returns the index in b.tables of the table keyed k, or -1.
func (b *binder) tableAt(k datasetKey) int {
	if b.tableIdx == nil && len(b.tables) < smallSet {
		b.steps += len(b.tables)
		for i := range b.tables {
			if k.is(b.tables[i].rel.base) {
				return i
			}
		}
		return -1
	}
	if b.tableIdx == nil {
		b.tableIdx = newSlotIndex(2 * len(b.tables))
		for i := range b.tables {
			b.tableIdx.insert(hashDatasetKey(b.tables[i].key()), i)
		}
	}
	return b.tableIdx.find(hashDatasetKey(k), func(i int) bool { return k.is(b.tables[i].rel.base) })
}

// columnWritten reports whether name is among the written columns,
// indexing them once there are many.
func (b *binder) columnWritten(name string) bool {
	if b.columnIdx == nil && len(b.res.Columns) < smallSet {
		b.steps += len(b.res.Columns)
		for _, c := range b.res.Columns {
			if c == name {
				return true
			}
		}
		return false
	}
	if b.columnIdx == nil {
		b.columnIdx = newSlotIndex(2 * len(b.res.Columns))
		for i, c := range b.res.Columns {
			b.columnIdx.insert(hashString(c), i)
		}
	}
	return b.columnIdx.find(hashString(name), func(i int) bool { return b.res.Columns[i] == name }) >= 0
}

// sameOriginKey reports whether addOrigin tells o and p apart: they are
// one column, and for a per-column INDIRECT influence, one subtype.
func sameOriginKey(o, p *origin) bool {
	return o.indirect == p.indirect && o.sameColumn(*p) && (!o.indirect || o.sub == p.sub)
}

// hashOrigin hashes what sameOriginKey compares.
func (b *binder) hashOrigin(o *origin) uint64 {
	h := b.hashColumn(o.ds, o.name)
	if o.indirect {
		h += 0x632be59bd9b4e019 * (1 + uint64(o.sub))
	}
	return h
}

// originIndex indexes one long origin list by key. It is valid while the
// list still has n elements from first: a list that anything but
// addOriginTo changed is indexed anew.
type originIndex struct {
	n     int
	first *origin
	at    slotIndex
}

// addOriginTo adds o to the list *list as addOrigin does, through an index
// of the list once it is long (union columns and row influences gather an
// origin per branch, join or filter).
func (b *binder) addOriginTo(list *[]origin, o origin) {
	l := *list
	if len(l) < smallSet {
		b.steps += len(l)
		*list = b.addOrigin(l, o)
		return
	}
	if b.originIdx == nil {
		b.originIdx = map[*[]origin]*originIndex{}
	}
	ix := b.originIdx[list]
	if ix == nil || ix.n != len(l) || ix.first != &l[0] {
		if ix == nil {
			ix = &originIndex{}
			b.originIdx[list] = ix
		}
		ix.at.reset(2 * len(l))
		for i := range l {
			e := &l[i]
			h := b.hashOrigin(e)
			if ix.at.find(h, func(j int) bool { return sameOriginKey(&l[j], e) }) < 0 {
				ix.at.insert(h, i)
			}
		}
	}
	h := b.hashOrigin(&o)
	b.steps++
	if i := ix.at.find(h, func(j int) bool { return sameOriginKey(&l[j], &o) }); i >= 0 {
		e := &l[i]
		if !e.indirect {
			if rank(o.sub) > rank(e.sub) {
				e.sub = o.sub
			}
			e.masking = e.masking && o.masking
		}
		return
	}
	ix.at.insert(h, len(l))
	l = append(l, o)
	ix.n, ix.first = len(l), &l[0]
	*list = l
}

// scopeIndex indexes a scope's sources by the names a qualifier may end
// with (an alias, a table's last name part), in source order: entry e
// is source srcs[e] under name names[e].
type scopeIndex struct {
	n     int // sources indexed
	names []string
	srcs  []*source
	at    slotIndex
}

func (ix *scopeIndex) add(name string, src *source) {
	ix.at.insert(hashString(name), len(ix.srcs))
	ix.names = append(ix.names, name)
	ix.srcs = append(ix.srcs, src)
}

// candidates returns the sources a qualifier ending in last may name, in
// source order (appended to buf), or all of them while the scope has few.
func (sc *scope) candidates(last string, buf []*source) []*source {
	if len(sc.sources) < smallSet {
		return sc.sources
	}
	if sc.index == nil {
		sc.index = &scopeIndex{}
		sc.index.at.reset(2 * len(sc.sources))
	}
	ix := sc.index
	for ; ix.n < len(sc.sources); ix.n++ {
		src := sc.sources[ix.n]
		if src.alias != "" {
			ix.add(src.alias, src)
		}
		if len(src.names) > 0 {
			if n := src.names[len(src.names)-1]; n != src.alias {
				ix.add(n, src)
			}
		}
	}
	// Probe order is entry order until the index grows: sort.
	var ebuf [8]int
	es := ebuf[:0]
	ix.at.each(hashString(last), func(e int) {
		if ix.names[e] == last {
			es = append(es, e)
		}
	})
	slices.Sort(es)
	for _, e := range es {
		buf = append(buf, ix.srcs[e])
	}
	return buf
}

// colIndex indexes a relation's columns by name (the first column not a
// `*` placeholder with it). It holds while the relation that built it
// still has the same array and has only appended to it.
type colIndex struct {
	owner *relation
	first *relCol
	n     int
	at    slotIndex
}

// lookupAnyCase finds the one column of r whose name equals name ignoring
// case, for a reference whose quoting or folding differs from the
// catalog's spelling. It reports false when none or several match.
func (r *relation) lookupAnyCase(name string) (int, bool) {
	found := -1
	for i := range r.cols {
		if r.cols[i].star || !strings.EqualFold(r.cols[i].name, name) {
			continue
		}
		if found >= 0 {
			return -1, false
		}
		found = i
	}
	return found, found >= 0
}

// lookup finds the column name among r's columns (not a `*` placeholder).
func (r *relation) lookup(name string) (int, bool) {
	if len(r.cols) < smallSet {
		for i := range r.cols {
			if !r.cols[i].star && r.cols[i].name == name {
				return i, true
			}
		}
		return -1, false
	}
	ix := r.colIdx
	if ix == nil || ix.owner != r || ix.first != &r.cols[0] || ix.n > len(r.cols) {
		ix = &colIndex{owner: r, first: &r.cols[0]}
		ix.at.reset(len(r.cols))
		r.colIdx = ix
	}
	// ix.n counts the columns looked at; ix.at.n those indexed.
	for ; ix.n < len(r.cols); ix.n++ {
		c := &r.cols[ix.n]
		if c.star {
			continue
		}
		h := hashString(c.name)
		if ix.at.find(h, func(j int) bool { return r.cols[j].name == c.name }) < 0 {
			ix.at.insert(h, ix.n)
		}
	}
	i := ix.at.find(hashString(name), func(j int) bool { return r.cols[j].name == name })
	return i, i >= 0
}

// maxPresize bounds the lists presize makes room for: a statement of
// more grows them as it goes.
const maxPresize = 1 << 14

// presize makes room in the statement's lists of sources, cached tables
// and reads for what the tree holds (counted by the limits' walk), so
// that a wide statement does not grow them by doubling: they hold
// pointers, and each growth copies them under the collector's write
// barriers. A table named twice is one source: result clips the
// sources' spare room.
func (b *binder) presize(c treeCounts) {
	if n := min(c.tables, maxPresize); n > smallSet {
		b.res.Sources = make([]Dataset, 0, n)
		b.tables = make([]tableEntry, 0, n)
	}
	if n := min(c.columns, maxPresize); n > cap(b.reads) {
		b.reads = make([]colRef, 0, n)
	}
}
