package memory

import (
	"slices"
	"strings"
	"time"

	"github.com/dominikbraun/graph"
)

// vertex is a node with its neighbour lists. The lists hold the links
// leaving (out) and entering (in) the vertex, so a traversal step costs the
// degree of the vertex, not the size of the graph.
//
// A vertex is 112 bytes: what few vertices need (tags, an index of a
// large out-list) lives behind more, and the lists start in one-slot
// buffers, since most vertices of a lineage graph (a Read aggregate: one
// READ in, one OF out) have one link each way. A heap profile of a
// million-statement ingest showed vertices at 176 bytes each as the
// largest single cost of the graph.
type vertex struct {
	id    string
	kind  string
	props map[string]any
	out   []*link
	in    []*link
	more  *vertexMore
	// outBuf and inBuf back out and in while the degree is one, so such a
	// vertex needs no list of its own.
	outBuf, inBuf [1]*link
}

// vertexMore is the part of a vertex most vertices do without.
type vertexMore struct {
	tags []string
	// outBy indexes out by target once a vertex has many successors.
	outBy map[*vertex]*link
}

func newVertex(id, kind string, tags []string) *vertex {
	v := &vertex{id: id, kind: kind}
	v.out, v.in = v.outBuf[:0], v.inBuf[:0]
	v.setTags(tags)
	return v
}

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

// outIndex returns the index of out by target, or nil below
// indexThreshold.
func (v *vertex) outIndex() map[*vertex]*link {
	if v.more == nil {
		return nil
	}
	return v.more.outBy
}

// indexThreshold is the out-degree above which a vertex indexes its links
// by target id instead of scanning the list.
const indexThreshold = 16

// link is one edge of the underlying dominikbraun/graph graph: the pair
// (from, to). The library keys edges by the pair only, so the edges of each
// kind between the two nodes live in recs, sorted by kind.
type link struct {
	from, to *vertex
	recs     []edgeRec
	// extra holds the library's edge attributes and weight where a caller
	// of the graph library set them; the store never does, so it is nil
	// and a link costs no copy of the two ids (the edge is rebuilt from
	// the vertices on demand).
	extra *graph.EdgeProperties
}

// libEdge returns the library's view of the link.
func (l *link) libEdge() graph.Edge[string] {
	e := graph.Edge[string]{Source: l.from.id, Target: l.to.id}
	if l.extra != nil {
		e.Properties = *l.extra
	}
	e.Properties.Data = l
	return e
}

// setLibEdge keeps what of a library edge the ids and l do not already say.
func (l *link) setLibEdge(e graph.Edge[string]) {
	l.extra = nil
	if len(e.Properties.Attributes) > 0 || e.Properties.Weight != 0 {
		l.extra = &graph.EdgeProperties{Attributes: e.Properties.Attributes, Weight: e.Properties.Weight}
	}
}

// linkAlloc puts a link and its first edge in one allocation: most pairs
// of nodes have an edge of one kind only.
type linkAlloc struct {
	l   link
	one [1]edgeRec
}

func newLink() *link {
	a := &linkAlloc{}
	a.l.recs = a.one[:0]
	return &a.l
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

func (r *edgeRec) last() time.Time { return time.Unix(r.lastSec, int64(r.lastNsec)).UTC() }

func (r *edgeRec) setTimes(first, last time.Time) {
	r.firstSec, r.firstNsec = first.Unix(), uint32(first.Nanosecond())
	r.lastSec, r.lastNsec = last.Unix(), uint32(last.Nanosecond())
}

func compareKind(r edgeRec, k string) int { return strings.Compare(r.kind(), k) }

func (l *link) rec(kind string) *edgeRec {
	i, ok := slices.BinarySearchFunc(l.recs, kind, compareKind)
	if !ok {
		return nil
	}
	return &l.recs[i]
}

// index is the graph.Store behind the Store's graph. It is not locked on
// its own: the Store's mutex guards every call.
type index struct {
	vertices map[string]*vertex
	links    int // number of (from, to) pairs
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
	if len(v.out) > 0 || len(v.in) > 0 {
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
	if from.outLink(to) != nil {
		return graph.ErrEdgeAlreadyExists
	}
	l, ok := e.Properties.Data.(*link)
	if !ok {
		l = newLink()
	}
	l.from, l.to = from, to
	l.setLibEdge(e)
	from.out = append(from.out, l)
	if by := from.outIndex(); by != nil {
		by[to] = l
	} else if len(from.out) > indexThreshold {
		if from.more == nil {
			from.more = &vertexMore{}
		}
		by = make(map[*vertex]*link, len(from.out))
		for _, o := range from.out {
			by[o.to] = o
		}
		from.more.outBy = by
	}
	to.in = append(to.in, l)
	x.links++
	return nil
}

// UpdateEdge replaces the library edge of an existing link.
func (x *index) UpdateEdge(sourceHash, targetHash string, e graph.Edge[string]) error {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.ErrEdgeNotFound
	}
	l.setLibEdge(e)
	return nil
}

// RemoveEdge removes a link from both neighbour lists.
func (x *index) RemoveEdge(sourceHash, targetHash string) error {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.ErrEdgeNotFound
	}
	l.from.out = slices.DeleteFunc(l.from.out, func(o *link) bool { return o == l })
	if by := l.from.outIndex(); by != nil {
		delete(by, l.to)
	}
	l.to.in = slices.DeleteFunc(l.to.in, func(o *link) bool { return o == l })
	x.links--
	return nil
}

// Edge returns the library edge of a link or graph.ErrEdgeNotFound.
func (x *index) Edge(sourceHash, targetHash string) (graph.Edge[string], error) {
	l := x.link(sourceHash, targetHash)
	if l == nil {
		return graph.Edge[string]{}, graph.ErrEdgeNotFound
	}
	return l.libEdge(), nil
}

// ListEdges returns every library edge.
func (x *index) ListEdges() ([]graph.Edge[string], error) {
	out := make([]graph.Edge[string], 0, x.links)
	for _, v := range x.vertices {
		for _, l := range v.out {
			out = append(out, l.libEdge())
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

// outLink returns the link from v to to, or nil.
func (v *vertex) outLink(to *vertex) *link {
	if by := v.outIndex(); by != nil {
		return by[to]
	}
	for _, l := range v.out {
		if l.to == to {
			return l
		}
	}
	return nil
}
