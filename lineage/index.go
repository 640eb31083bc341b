package lineage

// Indexes that appear once a list grows. Most statements read a few
// tables, write a few columns and merge a few origins per list: scanning
// a short slice is the fastest lookup there is. Generated SQL (a dbt
// union of thousands of branches, a BI tool's hundred joins, a
// 100,000-column SELECT) makes the same lists long, and a scan per item
// turns quadratic. Each list below is scanned while it is shorter than
// smallSet and answered from a map built once it reaches it, so small
// statements cost what they did and large ones stay linear.

// sourceSeen reports whether ds is among the statement's sources,
// indexing them once there are many.
func (b *binder) sourceSeen(k datasetKey) bool {
	if b.sourceIdx == nil && len(b.res.Sources) < smallSet {
		b.steps += len(b.res.Sources)
		for i := range b.res.Sources {
			if b.res.Sources[i].key() == k {
				return true
			}
		}
		return false
	}
	if b.sourceIdx == nil {
		b.sourceIdx = make(map[datasetKey]struct{}, 2*len(b.res.Sources))
		for i := range b.res.Sources {
			b.sourceIdx[b.res.Sources[i].key()] = struct{}{}
		}
	}
	_, ok := b.sourceIdx[k]
	return ok
}

// tableAt returns the index in b.tables of the table keyed k, or -1.
func (b *binder) tableAt(k datasetKey) int {
	if b.tableIdx == nil && len(b.tables) < smallSet {
		b.steps += len(b.tables)
		for i := range b.tables {
			if b.tables[i].key == k {
				return i
			}
		}
		return -1
	}
	if b.tableIdx == nil {
		b.tableIdx = make(map[datasetKey]int, 2*len(b.tables))
		for i := range b.tables {
			b.tableIdx[b.tables[i].key] = i
		}
	}
	if i, ok := b.tableIdx[k]; ok {
		return i
	}
	return -1
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
		b.columnIdx = make(map[string]struct{}, 2*len(b.res.Columns))
		for _, c := range b.res.Columns {
			b.columnIdx[c] = struct{}{}
		}
	}
	_, ok := b.columnIdx[name]
	return ok
}

// originKey is what addOrigin tells origins apart by: the column, and for
// a per-column INDIRECT influence, its subtype.
type originKey struct {
	ds       Dataset
	name     string
	indirect bool
	sub      TransformSubtype
}

func (o *origin) key() originKey {
	k := originKey{ds: *o.ds, name: o.name, indirect: o.indirect}
	if o.indirect {
		k.sub = o.sub
	}
	return k
}

// originIndex indexes one long origin list by key. It is valid while the
// list still has n elements from first: a list that anything but
// addOriginTo changed is indexed anew.
type originIndex struct {
	n     int
	first *origin
	at    map[originKey]int
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
		ix = &originIndex{at: make(map[originKey]int, 2*len(l))}
		for i := range l {
			k := l[i].key()
			if _, dup := ix.at[k]; !dup {
				ix.at[k] = i
			}
		}
		b.originIdx[list] = ix
	}
	k := o.key()
	b.steps++
	if i, ok := ix.at[k]; ok {
		e := &l[i]
		if !e.indirect {
			if rank(o.sub) > rank(e.sub) {
				e.sub = o.sub
			}
			e.masking = e.masking && o.masking
		}
		return
	}
	ix.at[k] = len(l)
	l = append(l, o)
	ix.n, ix.first = len(l), &l[0]
	*list = l
}

// scopeIndex indexes a scope's sources by the names a qualifier may end
// with (an alias, a table's last name part), in source order.
type scopeIndex struct {
	n      int
	byName map[string][]*source
}

// candidates returns the sources a qualifier ending in last may name, in
// source order, or all of them while the scope has few.
func (sc *scope) candidates(last string) []*source {
	if len(sc.sources) < smallSet {
		return sc.sources
	}
	if sc.index == nil {
		sc.index = &scopeIndex{byName: make(map[string][]*source, 2*len(sc.sources))}
	}
	ix := sc.index
	for ; ix.n < len(sc.sources); ix.n++ {
		src := sc.sources[ix.n]
		if src.alias != "" {
			ix.byName[src.alias] = append(ix.byName[src.alias], src)
		}
		if len(src.names) > 0 {
			if n := src.names[len(src.names)-1]; n != src.alias {
				ix.byName[n] = append(ix.byName[n], src)
			}
		}
	}
	return ix.byName[last]
}

// colIndex indexes a relation's columns by name (the first column not a
// `*` placeholder with it). It holds while the relation that built it
// still has the same array and has only appended to it.
type colIndex struct {
	owner *relation
	first *relCol
	n     int
	at    map[string]int
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
		ix = &colIndex{owner: r, first: &r.cols[0], at: make(map[string]int, 2*len(r.cols))}
		r.colIdx = ix
	}
	for ; ix.n < len(r.cols); ix.n++ {
		c := &r.cols[ix.n]
		if _, dup := ix.at[c.name]; !dup && !c.star {
			ix.at[c.name] = ix.n
		}
	}
	i, ok := ix.at[name]
	if !ok {
		return -1, false
	}
	return i, true
}
