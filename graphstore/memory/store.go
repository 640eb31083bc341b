// Package memory is an in-process graphstore.Store built on
// github.com/dominikbraun/graph.
//
// The graph keeps its vertices and edges in this package's own graph.Store
// implementation, which indexes the edges leaving and entering every
// vertex, so Traverse and Paths cost what they visit rather than the size
// of the graph (the library's AdjacencyMap and PredecessorMap rebuild a map
// of the whole graph per call and are never used on the query path).
//
//	s := memory.New()
//	err := s.Upsert(ctx, graphstore.Batch{Nodes: nodes, Edges: edges})
//	sub, err := s.Traverse(ctx, []string{"db.mart.revenue"}, graphstore.TraverseOptions{
//		Direction: graphstore.Upstream, MaxDepth: 10,
//	})
//
// A Store is safe for concurrent use: reads share a lock, writes take it
// alone. WriteDOT renders the graph for Graphviz.
package memory

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/dominikbraun/graph"

	"github.com/colineage/colineage/graphstore"
)

// Store is the in-memory graphstore.Store. The zero value is not usable;
// call New. It remembers every applied batch key until Close.
type Store struct {
	mu     sync.RWMutex
	closed bool
	idx    *index
	g      graph.Graph[string, *vertex]
	keys   map[string]struct{} // applied batch keys
	// byKind lists the nodes of each kind (a vertex knows its place in
	// its list, so removal swaps the last one in): a list costs a pointer
	// per node where a set cost about three times as much.
	byKind map[string][]*vertex
	byTag  map[string]map[*vertex]struct{}
	edges  int64 // (from, to, kind) edges
	props  propsTable
	// kinds interns edge kinds: every edge of a kind points at one copy.
	kinds map[string]*string
}

var _ graphstore.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	idx := newIndex()
	return &Store{
		idx:    idx,
		g:      graph.NewWithStore(func(v *vertex) string { return v.id }, idx, graph.Directed()),
		keys:   make(map[string]struct{}),
		byKind: make(map[string][]*vertex),
		byTag:  make(map[string]map[*vertex]struct{}),
		kinds:  make(map[string]*string),
	}
}

// kind returns the interned copy of an edge kind.
func (s *Store) kind(k string) *string {
	p := s.kinds[k]
	if p == nil {
		p = &k
		s.kinds[k] = p
	}
	return p
}

// readLock takes the shared lock after checking ctx and Close.
func (s *Store) readLock(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: %s: %w", op, err)
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return fmt.Errorf("memory: %s: %w", op, graphstore.ErrClosed)
	}
	return nil
}

func (s *Store) writeLock(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory: %s: %w", op, err)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("memory: %s: %w", op, graphstore.ErrClosed)
	}
	return nil
}

// Upsert applies a batch atomically: the whole batch is validated (names,
// values, endpoints in the store or the batch) before anything changes.
// A batch whose Key was applied before is ignored.
//
// Items are normalised one at a time as they are applied, not copied into
// a normalised batch first: during a large ingest that copy was a second
// batch held alive beside the one being applied.
func (s *Store) Upsert(ctx context.Context, nb graphstore.Batch) error {
	if err := graphstore.ValidateBatch(nb); err != nil {
		return fmt.Errorf("memory: upsert: %w", err)
	}
	if err := s.writeLock(ctx, "upsert"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if nb.Key != "" {
		if _, seen := s.keys[nb.Key]; seen {
			return nil
		}
	}
	inBatch := make(map[string]struct{}, len(nb.Nodes))
	for _, n := range nb.Nodes {
		inBatch[n.ID] = struct{}{}
	}
	for i, e := range nb.Edges {
		for _, id := range []string{e.From, e.To} {
			if _, ok := s.idx.vertices[id]; ok {
				continue
			}
			if _, ok := inBatch[id]; ok {
				continue
			}
			return fmt.Errorf("memory: upsert: edge %d %q->%q %s: node %q: %w",
				i, e.From, e.To, e.Kind, id, graphstore.ErrMissingEndpoint)
		}
	}
	// Validated: from here on nothing fails but a broken invariant.
	for _, n := range nb.Nodes {
		if err := s.applyNode(n); err != nil {
			return fmt.Errorf("memory: upsert: node %q: %w", n.ID, err)
		}
	}
	for _, e := range nb.Edges {
		e, _ := graphstore.NormalizeEdge(e) // validated above
		if err := s.applyEdge(e); err != nil {
			return fmt.Errorf("memory: upsert: edge %q->%q %s: %w", e.From, e.To, e.Kind, err)
		}
	}
	if nb.Key != "" {
		s.keys[nb.Key] = struct{}{}
	}
	return nil
}

// applyNode applies a validated node; merge normalises its properties.
func (s *Store) applyNode(n graphstore.Node) error {
	if len(n.Tags) > 0 {
		n.Tags, _ = graphstore.NormalizeTags(n.Tags)
	}
	v, ok := s.idx.vertices[n.ID]
	if !ok {
		v = newVertex(n.ID, s.kind(n.Kind), n.Tags)
		v.props = s.props.merge(nil, n.Props)
		if err := s.g.AddVertex(v); err != nil {
			return err
		}
		s.kindAdd(v)
		for _, t := range v.tags() {
			setAdd(s.byTag, t, v)
		}
		return nil
	}
	if v.kind() != n.Kind {
		s.kindDel(v)
		v.kindp = s.kind(n.Kind)
		s.kindAdd(v)
	}
	for _, t := range n.Tags {
		setAdd(s.byTag, t, v)
	}
	if len(n.Tags) > 0 {
		v.setTags(graphstore.MergeTags(v.tags(), n.Tags))
	}
	v.props = s.props.merge(v.props, n.Props)
	return nil
}

// kindAdd lists v under its kind.
func (s *Store) kindAdd(v *vertex) {
	list := s.byKind[v.kind()]
	v.kpos = int32(len(list))
	s.byKind[v.kind()] = append(list, v)
}

// kindDel takes v off the list of its kind.
func (s *Store) kindDel(v *vertex) {
	list := s.byKind[v.kind()]
	last := list[len(list)-1]
	list[v.kpos], last.kpos = last, v.kpos
	list[len(list)-1] = nil
	if list = list[:len(list)-1]; len(list) == 0 {
		delete(s.byKind, v.kind())
	} else {
		s.byKind[v.kind()] = list
	}
}

func setAdd(index map[string]map[*vertex]struct{}, key string, v *vertex) {
	set := index[key]
	if set == nil {
		set = make(map[*vertex]struct{})
		index[key] = set
	}
	set[v] = struct{}{}
}

func setDel(index map[string]map[*vertex]struct{}, key string, v *vertex) {
	delete(index[key], v)
	if len(index[key]) == 0 {
		delete(index, key)
	}
}

func (s *Store) applyEdge(e graphstore.Edge) error {
	from := s.idx.vertices[e.From]
	if from == nil {
		return graph.ErrVertexNotFound
	}
	to := s.idx.vertices[e.To]
	from.indexFor(to)
	l := from.outLink(to)
	if l == nil {
		l = newLink()
		if err := s.g.AddEdge(e.From, e.To, graph.EdgeData(l)); err != nil {
			return err
		}
	}
	if r := l.rec(e.Kind); r != nil {
		// Props first, shared copy-on-write; then times and count as
		// MergeEdge folds them.
		stored := r.edge(l)
		props := r.props
		if !graphstore.OlderObservation(e.LastSeen, stored.LastSeen) {
			props = s.props.merge(r.props, e.Props)
		}
		stored.Props = nil
		m := graphstore.MergeEdge(stored, graphstore.Edge{FirstSeen: e.FirstSeen, LastSeen: e.LastSeen, Count: e.Count})
		r.props, r.count = props, m.Count
		r.setTimes(m.FirstSeen, m.LastSeen)
		return nil
	}
	i, _ := l.find(e.Kind)
	rec := edgeRec{kindp: s.kind(e.Kind), props: s.props.merge(nil, e.Props), count: e.Count}
	rec.setTimes(e.FirstSeen, e.LastSeen)
	l.insert(i, rec)
	s.edges++
	return nil
}

// edge returns the stored edge sharing r's maps (for merging under the
// write lock); use export for callers.
func (r *edgeRec) edge(l *link) graphstore.Edge {
	return graphstore.Edge{From: l.from.id, To: l.to.id, Kind: r.kind(), Props: r.props,
		FirstSeen: r.first(), LastSeen: r.last(), Count: r.count}
}

// export returns a copy of the edge the caller may keep and change.
func (r *edgeRec) export(l *link) graphstore.Edge {
	e := r.edge(l)
	e.Props = cloneProps(r.props)
	return e
}

// export returns a copy of the node the caller may keep and change.
func (v *vertex) export() graphstore.Node {
	return graphstore.Node{ID: v.id, Kind: v.kind(), Tags: slices.Clone(v.tags()), Props: cloneProps(v.props)}
}

func cloneProps(p map[string]any) map[string]any {
	if len(p) == 0 {
		return nil
	}
	out := maps.Clone(p)
	for k, v := range out {
		if l, ok := v.([]string); ok {
			out[k] = slices.Clone(l)
		}
	}
	return out
}

// Node returns one node or graphstore.ErrNotFound.
func (s *Store) Node(ctx context.Context, id string) (graphstore.Node, error) {
	if err := s.readLock(ctx, "node"); err != nil {
		return graphstore.Node{}, err
	}
	defer s.mu.RUnlock()
	v, err := s.g.Vertex(id)
	if errors.Is(err, graph.ErrVertexNotFound) {
		return graphstore.Node{}, fmt.Errorf("memory: node %q: %w", id, graphstore.ErrNotFound)
	}
	if err != nil {
		return graphstore.Node{}, fmt.Errorf("memory: node %q: %w", id, err)
	}
	return v.export(), nil
}

// Edge returns one edge or graphstore.ErrNotFound.
func (s *Store) Edge(ctx context.Context, from, to, kind string) (graphstore.Edge, error) {
	if err := s.readLock(ctx, "edge"); err != nil {
		return graphstore.Edge{}, err
	}
	defer s.mu.RUnlock()
	notFound := fmt.Errorf("memory: edge %q->%q %s: %w", from, to, kind, graphstore.ErrNotFound)
	e, err := s.g.Edge(from, to)
	if errors.Is(err, graph.ErrEdgeNotFound) || errors.Is(err, graph.ErrVertexNotFound) {
		return graphstore.Edge{}, notFound
	}
	if err != nil {
		return graphstore.Edge{}, fmt.Errorf("memory: edge %q->%q %s: %w", from, to, kind, err)
	}
	l, ok := e.Properties.Data.(*link)
	if !ok {
		return graphstore.Edge{}, notFound
	}
	r := l.rec(kind)
	if r == nil {
		return graphstore.Edge{}, notFound
	}
	return r.export(l), nil
}

// Find returns the nodes matching q, sorted by ID. A query naming a tag or
// a kind looks only at the nodes indexed under it; other queries scan every
// node.
func (s *Store) Find(ctx context.Context, q graphstore.Query) ([]graphstore.Node, error) {
	nq, err := q.Normalize()
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	if err := s.readLock(ctx, "find"); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var hits []*vertex
	n := 0
	for v := range s.candidates(nq) {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("memory: find: %w", err)
			}
		}
		if nq.Kind != "" && v.kind() != nq.Kind {
			continue
		}
		if nq.Tag != "" {
			if _, ok := slices.BinarySearch(v.tags(), nq.Tag); !ok {
				continue
			}
		}
		if !propsMatch(v.props, nq.Props) {
			continue
		}
		hits = append(hits, v)
	}
	slices.SortFunc(hits, func(a, b *vertex) int { return strings.Compare(a.id, b.id) })
	if nq.Limit > 0 && len(hits) > nq.Limit {
		hits = hits[:nq.Limit]
	}
	out := make([]graphstore.Node, len(hits))
	for i, v := range hits {
		out[i] = v.export()
	}
	return out, nil
}

// candidates yields the nodes a query must look at: the nodes of its tag
// or its kind when it names one, else every node.
func (s *Store) candidates(q graphstore.Query) func(func(*vertex) bool) {
	return func(yield func(*vertex) bool) {
		var set map[*vertex]struct{}
		switch {
		case q.Tag != "":
			set = s.byTag[q.Tag]
		case q.Kind != "":
			for _, v := range s.byKind[q.Kind] {
				if !yield(v) {
					return
				}
			}
			return
		default:
			for _, v := range s.idx.vertices {
				if !yield(v) {
					return
				}
			}
			return
		}
		for v := range set {
			if !yield(v) {
				return
			}
		}
	}
}

func propsMatch(props, want map[string]any) bool {
	for k, w := range want {
		v, ok := props[k]
		if !ok || !graphstore.ValuesEqual(v, w) {
			return false
		}
	}
	return true
}

// DeleteNode removes a node and every edge touching it.
func (s *Store) DeleteNode(ctx context.Context, id string) error {
	if err := s.writeLock(ctx, "delete node"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	v, ok := s.idx.vertices[id]
	if !ok {
		return nil
	}
	for _, l := range slices.Concat(v.out.all(), v.in.all()) {
		if l.from == v && l.to == v && l.n() == 0 {
			continue // a self loop, listed twice, already removed
		}
		if err := s.g.RemoveEdge(l.from.id, l.to.id); err != nil {
			return fmt.Errorf("memory: delete node %q: %w", id, err)
		}
		s.edges -= int64(l.n())
		l.clear()
	}
	if err := s.g.RemoveVertex(id); err != nil {
		return fmt.Errorf("memory: delete node %q: %w", id, err)
	}
	s.kindDel(v)
	for _, t := range v.tags() {
		setDel(s.byTag, t, v)
	}
	return nil
}

// Counts sizes the store.
func (s *Store) Counts(ctx context.Context) (graphstore.Counts, error) {
	if err := s.readLock(ctx, "counts"); err != nil {
		return graphstore.Counts{}, err
	}
	defer s.mu.RUnlock()
	return graphstore.Counts{Nodes: int64(len(s.idx.vertices)), Edges: s.edges}, nil
}

// Close releases the store; later calls fail with graphstore.ErrClosed.
func (s *Store) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.idx, s.g, s.keys, s.byKind, s.byTag = nil, nil, nil, nil, nil
	return nil
}
