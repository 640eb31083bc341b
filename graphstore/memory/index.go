package memory

import (
	"slices"
	"time"

	"github.com/dominikbraun/graph"
)

// vertex is a node with its neighbour lists. The lists hold the links
// leaving (out) and entering (in) the vertex, so a traversal step costs the
// degree of the vertex, not the size of the graph.
//
// A vertex is 80 bytes: what few vertices need (tags, an index of a large
// out-list, a pair's second edges) lives behind more, and a list of one
// link is kept in place, since most vertices of a lineage graph (a Read
// aggregate: one READ in, one OF out) have one link each way. A heap
// profile of a million-statement ingest showed vertices at 176 bytes each
// as the largest single cost of the graph.
type vertex struct {
	id string
	// kindp is the store's interned copy of the node's kind, and kpos the
	// vertex's place in the store's list of the nodes of that kind.
	kindp *string
	kpos  int32
	props map[string]any
	out   linkList
	in    linkList
	more  *vertexMore
}

// linkList is a vertex's links one way. The one link of a vertex of
// degree one (most vertices of a lineage graph, each way) is kept in
// place; beyond that the links have a list of their own.
type linkList struct {
	one  [1]*link
	many *[]*link
}

// all returns the links; the caller must not keep the slice across a
// change of the list.
func (ll *linkList) all() []*link {
	switch {
	case ll.many != nil:
		return *ll.many
	case ll.one[0] != nil:
		return ll.one[:]
	}
	return nil
}

func (ll *linkList) len() int { return len(ll.all()) }

func (ll *linkList) add(l *link) {
	switch {
	case ll.many != nil:
		*ll.many = append(*ll.many, l)
	case ll.one[0] == nil:
		ll.one[0] = l
	default:
		list := []*link{ll.one[0], l}
		ll.many, ll.one[0] = &list, nil
	}
}

func (ll *linkList) remove(l *link) {
	if ll.many == nil {
		if ll.one[0] == l {
			ll.one[0] = nil
		}
		return
	}
	list := slices.DeleteFunc(*ll.many, func(o *link) bool { return o == l })
	switch len(list) {
	case 0:
		ll.many = nil
	case 1:
		ll.one[0], ll.many = list[0], nil
	default:
		*ll.many = list
	}
}

// vertexMore is the part of a vertex most vertices do without.
type vertexMore struct {
	tags []string
	// outBy indexes out by target once a vertex has many successors.
	outBy map[*vertex]*link
	// recs holds the edges after the first of the links leaving the
	// vertex that have more than one (see link).
	recs map[*link][]edgeRec
}

func newVertex(id string, kindp *string, tags []string) *vertex {
	v := &vertex{id: id, kindp: kindp}
	v.setTags(tags)
	return v
}

// kind returns the node's kind.
func (v *vertex) kind() string { return *v.kindp }

// tags returns the vertex's tags, sorted.
func (v *vertex) tags() []string {
	if v.more == nil {
		return nil
	}
	return v.more.tags
}

func (v *vertex) setTags(tags []string) {
	if len(tags) == 0 && v.more == nil {
		return
	}
	if v.more == nil {
		v.more = &vertexMore{}
	}
	v.more.tags = tags
}

// outIndex returns the index of out by target, or nil (see indexFor).
func (v *vertex) outIndex() map[*vertex]*link {
	if v.more == nil {
		return nil
	}
	return v.more.outBy
}

// indexFor makes v index its out-list by target when finding the link to
// to would otherwise scan two lists longer than indexThreshold. Only write
// paths call it: readers never change a vertex.
//
// A lineage graph has hubs on one side of most edges only (a user reads
// many columns through Read nodes of one link each; a column is read by
// many Read nodes), and a scan of the short side is as quick as a map, so
// few vertices pay for an index: on a million-statement ingest, indexing
// every vertex with more than 16 successors cost 10-15 MB of maps.
func (v *vertex) indexFor(to *vertex) {
	if v.outIndex() != nil || to == nil || v.out.len() <= indexThreshold || to.in.len() <= indexThreshold {
		return
	}
	if v.more == nil {
		v.more = &vertexMore{}
	}
	by := make(map[*vertex]*link, v.out.len())
	for _, o := range v.out.all() {
		by[o.to] = o
	}
	v.more.outBy = by
}

// indexThreshold is the length of the lists a link lookup may scan.
const indexThreshold = 16

// link is one edge of the underlying dominikbraun/graph graph: the pair
// (from, to). The library keys edges by the pair only, so the edges of each
// kind between the two nodes are kept in kind order: the first in the link
// itself (most pairs of nodes have an edge of one kind only), the others,
// when there are any, in the source vertex's vertexMore. A link is 64
// bytes; the library's edge attributes, which the store never sets, live
// in the index beside it.
type link struct {
	from, to *vertex
	first    edgeRec
}

func newLink() *link { return &link{} }

// hasMore reports whether the link has edges beyond first.
func (l *link) hasMore() bool { return l.first.lastNsec&moreFlag != 0 }

// rest returns the link's edges after the first, in kind order.
func (l *link) rest() []edgeRec {
	if !l.hasMore() {
		return nil
	}
	return l.from.more.recs[l]
}

// n returns the number of edges (kinds) of the link; 0 once its vertex
// has removed it.
func (l *link) n() int {
	if l.first.kindp == nil {
		return 0
	}
	return 1 + len(l.rest())
}

// at returns the i-th edge of the link in kind order.
func (l *link) at(i int) *edgeRec {
	if i == 0 {
		return &l.first
	}
	return &l.rest()[i-1]
}

// insert puts r at position i of the kind order.
func (l *link) insert(i int, r edgeRec) {
	if l.n() == 0 {
		l.first = r
		return
	}
	recs := make([]edgeRec, 0, l.n()+1)
	recs = append(recs, l.first)
	recs = append(recs, l.rest()...)
	recs = slices.Insert(recs, i, r)
	for k := range recs {
		recs[k].lastNsec &^= moreFlag
	}
	l.first = recs[0]
	l.first.lastNsec |= moreFlag
	if l.from.more == nil {
		l.from.more = &vertexMore{}
	}
	if l.from.more.recs == nil {
		l.from.more.recs = map[*link][]edgeRec{}
	}
	l.from.more.recs[l] = recs[1:]
}

// clear removes every edge of the link.
func (l *link) clear() {
	if l.hasMore() {
		delete(l.from.more.recs, l)
	}
	l.first = edgeRec{}
}

// find returns the position of kind in the link's kind order and whether
// an edge of that kind is there.
func (l *link) find(kind string) (int, bool) {
	lo, hi := 0, l.n()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l.at(m).kind() < kind {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < l.n() && l.at(lo).kind() == kind
}

// libEdge returns the library's view of a link.
func (x *index) libEdge(l *link) graph.Edge[string] {
	e := graph.Edge[string]{Source: l.from.id, Target: l.to.id}
	if p := x.extra[l]; p != nil {
		e.Properties = *p
	}
	e.Properties.Data = l
	return e
}

// setLibEdge keeps what of a library edge the ids and l do not already say.
func (x *index) setLibEdge(l *link, e graph.Edge[string]) {
	delete(x.extra, l)
	if len(e.Properties.Attributes) > 0 || e.Properties.Weight != 0 {
		if x.extra == nil {
			x.extra = map[*link]*graph.EdgeProperties{}
		}
		x.extra[l] = &graph.EdgeProperties{Attributes: e.Properties.Attributes, Weight: e.Properties.Weight}
	}
}

// edgeRec is one (from, to, kind) edge, in 48 bytes: the kind is the
// store's interned copy, and the first and last times are Unix seconds
// and nanoseconds (a time.Time is 24 bytes; stored times are UTC, so
// nothing but the location pointer is dropped, and Unix seconds cover
// every time.Time, the zero one included).
type edgeRec struct {
	kindp                    *string
	props                    map[string]any
	firstSec, lastSec, count int64
	firstNsec, lastNsec      uint32
}

func (r *edgeRec) kind() string { return *r.kindp }

func (r *edgeRec) first() time.Time { return time.Unix(r.firstSec, int64(r.firstNsec)).UTC() }

func (r *edgeRec) last() time.Time {
	return time.Unix(r.lastSec, int64(r.lastNsec&^moreFlag)).UTC()
}

// moreFlag marks, in a link's first edge's lastNsec (nanoseconds need 30
// bits), that the link has more edges.
const moreFlag = 1 << 31

func (r *edgeRec) setTimes(first, last time.Time) {
	r.firstSec, r.firstNsec = first.Unix(), uint32(first.Nanosecond())
	r.lastSec, r.lastNsec = last.Unix(), uint32(last.Nanosecond())|r.lastNsec&moreFlag
}

func (l *link) rec(kind string) *edgeRec {
	i, ok := l.find(kind)
	if !ok {
		return nil
	}
	return l.at(i)
}

// index is the graph.Store behind the Store's graph. It is not locked on
// its own: the Store's mutex guards every call.
type index struct {
	vertices map[string]*vertex
	links    int // number of (from, to) pairs
	// extra holds the library's edge attributes and weight where a caller
	// of the graph library set them; the store never does.
	extra map[*link]*graph.EdgeProperties
}

var _ graph.Store[string, *vertex] = (*index)(nil)

func newIndex() *index { return &index{vertices: make(map[string]*vertex)} }

// AddVertex adds a vertex. Vertex properties of the library are not kept:
// nodes carry their own kind, tags and properties.
func (x *index) AddVertex(hash string, v *vertex, _ graph.VertexProperties) error {
	if _, ok := x.vertices[hash]; ok {
		return graph.ErrVertexAlreadyExists
	}
	x.vertices[hash] = v
	return nil
}

// Vertex returns a vertex or graph.ErrVertexNotFound.
func (x *index) Vertex(hash string) (*vertex, graph.VertexProperties, error) {
	v, ok := x.vertices[hash]
	if !ok {
		return nil, graph.VertexProperties{}, graph.ErrVertexNotFound
	}
	return v, graph.VertexProperties{}, nil
}

// RemoveVertex removes a vertex without edges.
func (x *index) RemoveVertex(hash string) error {
	v, ok := x.vertices[hash]
	if !ok {
		return graph.ErrVertexNotFound
	}
	if v.out.len() > 0 || v.in.len() > 0 {
		return graph.ErrVertexHasEdges
	}
	delete(x.vertices, hash)
	return nil
}

// ListVertices returns every vertex hash.
func (x *index) ListVertices() ([]string, error) {
	out := make([]string, 0, len(x.vertices))
	for k := range x.vertices {
		out = append(out, k)
	}
	return out, nil
}

// VertexCount returns the number of vertices.
func (x *index) VertexCount() (int, error) { return len(x.vertices), nil }

// AddEdge adds the link carried in the edge's Data to both neighbour lists.
func (x *index) AddEdge(sourceHash, targetHash string, e graph.Edge[string]) error {
	from, ok := x.vertices[sourceHash]
	if !ok {
		return graph.ErrVertexNotFound
	}
	to, ok := x.vertices[targetHash]
	if !ok {
		return graph.ErrVertexNotFound
	}
	from.indexFor(to)
	if from.outLink(to) != nil {
		return graph.ErrEdgeAlreadyExists
	}
	l, ok := e.Properties.Data.(*link)
	if !ok {
		l = newLink()
	}
	l.from, l.to = from, to
	x.setLibEdge(l, e)
	from.out.add(l)
	if by := from.outIndex(); by != nil {
		by[to] = l
	}
	to.in.add(l)
	x.links++
	return nil
}

// UpdateEdge replaces the library edge of an existing link.
func (x *index) UpdateEdge(sourceHash, targetHash string, e graph.Edge[string]) error {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.ErrEdgeNotFound
	}
	x.setLibEdge(l, e)
	return nil
}

// RemoveEdge removes a link from both neighbour lists.
func (x *index) RemoveEdge(sourceHash, targetHash string) error {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.ErrEdgeNotFound
	}
	l.from.out.remove(l)
	if by := l.from.outIndex(); by != nil {
		delete(by, l.to)
	}
	l.to.in.remove(l)
	delete(x.extra, l)
	x.links--
	return nil
}

// Edge returns the library edge of a link or graph.ErrEdgeNotFound.
func (x *index) Edge(sourceHash, targetHash string) (graph.Edge[string], error) {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.Edge[string]{}, graph.ErrEdgeNotFound
	}
	return x.libEdge(l), nil
}

// ListEdges returns every library edge.
func (x *index) ListEdges() ([]graph.Edge[string], error) {
	out := make([]graph.Edge[string], 0, x.links)
	for _, v := range x.vertices {
		for _, l := range v.out.all() {
			out = append(out, x.libEdge(l))
		}
	}
	return out, nil
}

func (x *index) link(from, to string) *link {
	v, w := x.vertices[from], x.vertices[to]
	if v == nil || w == nil {
		return nil
	}
	return v.outLink(w)
}

// outLink returns the link from v to to, or nil: from v's index, or by
// scanning the shorter of v's out-list and to's in-list.
func (v *vertex) outLink(to *vertex) *link {
	if by := v.outIndex(); by != nil {
		return by[to]
	}
	if to != nil && to.in.len() < v.out.len() {
		for _, l := range to.in.all() {
			if l.from == v {
				return l
			}
		}
		return nil
	}
	for _, l := range v.out.all() {
		if l.to == to {
			return l
		}
	}
	return nil
}
