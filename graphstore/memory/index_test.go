package memory

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/dominikbraun/graph"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// TestIndexMatchesLibraryMaps checks the neighbour lists against the
// library's own whole-graph maps after random writes and deletes, across
// the degree at which a vertex starts indexing its links.
func TestIndexMatchesLibraryMaps(t *testing.T) {
	ctx := context.Background()
	s := New()
	rng := rand.New(rand.NewPCG(7, 11))
	const n = 60
	var nodes []graphstore.Node
	for i := range n {
		nodes = append(nodes, graphstore.Node{ID: fmt.Sprintf("v%02d", i), Kind: "Column"})
	}
	require.NoError(t, s.Upsert(ctx, graphstore.Batch{Nodes: nodes}))
	for round := range 30 {
		var b graphstore.Batch
		for range 40 {
			// v00 is a hub: a quarter of all edges leave it.
			from := fmt.Sprintf("v%02d", rng.IntN(n))
			if rng.IntN(4) == 0 {
				from = "v00"
			}
			b.Edges = append(b.Edges, graphstore.Edge{From: from, To: fmt.Sprintf("v%02d", rng.IntN(n)),
				Kind: []string{"A", "B", "C"}[rng.IntN(3)]})
		}
		require.NoError(t, s.Upsert(ctx, b))
		if round%5 == 4 {
			victim := fmt.Sprintf("v%02d", 1+rng.IntN(n-1))
			require.NoError(t, s.DeleteNode(ctx, victim))
			require.NoError(t, s.Upsert(ctx, graphstore.Batch{Nodes: []graphstore.Node{{ID: victim, Kind: "Column"}}}))
		}
	}

	adj, err := s.g.AdjacencyMap()
	require.NoError(t, err)
	pred, err := s.g.PredecessorMap()
	require.NoError(t, err)
	require.Len(t, adj, len(s.idx.vertices))
	var recs int64
	for id, v := range s.idx.vertices {
		assert.Len(t, v.out.all(), len(adj[id]), "out degree of %s", id)
		assert.Len(t, v.in.all(), len(pred[id]), "in degree of %s", id)
		for _, l := range v.out.all() {
			_, ok := adj[id][l.to.id]
			assert.True(t, ok, "%s->%s", id, l.to.id)
			assert.Same(t, l, v.outLink(l.to))
			recs += int64(l.n())
		}
		for _, l := range v.in.all() {
			_, ok := pred[id][l.from.id]
			assert.True(t, ok, "%s<-%s", id, l.from.id)
		}
		if by := v.outIndex(); by != nil {
			assert.Len(t, by, v.out.len())
		}
	}
	assert.NotNil(t, s.idx.vertices["v00"].outIndex(), "the hub indexes its links")
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, recs, c.Edges)
	size, err := s.g.Size()
	require.NoError(t, err)
	assert.Equal(t, s.idx.links, size)
}

func TestIndexStoreContract(t *testing.T) {
	x := newIndex()
	a, b := &vertex{id: "a"}, &vertex{id: "b"}
	require.NoError(t, x.AddVertex("a", a, graph.VertexProperties{}))
	require.NoError(t, x.AddVertex("b", b, graph.VertexProperties{}))
	assert.ErrorIs(t, x.AddVertex("a", a, graph.VertexProperties{}), graph.ErrVertexAlreadyExists)
	_, _, err := x.Vertex("c")
	assert.ErrorIs(t, err, graph.ErrVertexNotFound)
	assert.ErrorIs(t, x.AddEdge("a", "c", graph.Edge[string]{}), graph.ErrVertexNotFound)
	require.NoError(t, x.AddEdge("a", "b", graph.Edge[string]{Source: "a", Target: "b"}))
	assert.ErrorIs(t, x.AddEdge("a", "b", graph.Edge[string]{}), graph.ErrEdgeAlreadyExists)
	assert.ErrorIs(t, x.RemoveVertex("a"), graph.ErrVertexHasEdges)
	_, err = x.Edge("b", "a")
	assert.ErrorIs(t, err, graph.ErrEdgeNotFound)
	require.NoError(t, x.UpdateEdge("a", "b", graph.Edge[string]{Source: "a", Target: "b", Properties: graph.EdgeProperties{Weight: 3}}))
	e, err := x.Edge("a", "b")
	require.NoError(t, err)
	assert.Equal(t, 3, e.Properties.Weight)
	edges, err := x.ListEdges()
	require.NoError(t, err)
	assert.Len(t, edges, 1)
	require.NoError(t, x.RemoveEdge("a", "b"))
	assert.ErrorIs(t, x.RemoveEdge("a", "b"), graph.ErrEdgeNotFound)
	require.NoError(t, x.RemoveVertex("a"))
	ids, err := x.ListVertices()
	require.NoError(t, err)
	assert.Equal(t, []string{"b"}, ids)
	count, err := x.VertexCount()
	require.NoError(t, err)
	assert.Equal(t, 1, count)
}

// TestFindIndexes checks the kind and tag indexes against a scan after
// kind changes, tag additions and deletes.
func TestFindIndexes(t *testing.T) {
	ctx := context.Background()
	s := New()
	rng := rand.New(rand.NewPCG(3, 5))
	kinds, tags := []string{"Column", "Table", "View"}, []string{"pii", "core", "gold"}
	for range 400 {
		id := fmt.Sprintf("n%02d", rng.IntN(40))
		if rng.IntN(6) == 0 {
			require.NoError(t, s.DeleteNode(ctx, id))
			continue
		}
		n := graphstore.Node{ID: id, Kind: kinds[rng.IntN(len(kinds))]}
		if rng.IntN(3) == 0 {
			n.Tags = []string{tags[rng.IntN(len(tags))]}
		}
		require.NoError(t, s.Upsert(ctx, graphstore.Batch{Nodes: []graphstore.Node{n}}))
	}
	for _, q := range []graphstore.Query{{Kind: "Column"}, {Kind: "Table"}, {Kind: "View"}, {Tag: "pii"},
		{Tag: "core"}, {Tag: "gold"}, {Kind: "Table", Tag: "gold"}} {
		var want []string
		for id, v := range s.idx.vertices {
			if (q.Kind == "" || v.kind() == q.Kind) && (q.Tag == "" || slices.Contains(v.tags(), q.Tag)) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		got, err := s.Find(ctx, q)
		require.NoError(t, err)
		var ids []string
		for _, n := range got {
			ids = append(ids, n.ID)
		}
		assert.Equal(t, want, ids, "%+v", q)
	}
	for k, list := range s.byKind {
		for i, v := range list {
			assert.Equal(t, k, v.kind())
			assert.EqualValues(t, i, v.kpos)
			assert.Same(t, v, s.idx.vertices[v.id], "deleted nodes leave the index")
		}
	}
	for tag, set := range s.byTag {
		for v := range set {
			assert.Contains(t, v.tags(), tag)
			assert.Same(t, v, s.idx.vertices[v.id])
		}
	}
}

// TestEdgeFootprint holds the bytes a stored edge takes: a query log's
// graph has about two edges per node, and at a million statements the
// links are the largest share of the store's heap. A pair of nodes with
// one edge kind costs one allocation of a link and its first record.
func TestEdgeFootprint(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(edgeRec{}), uintptr(48), "edge record")
	assert.LessOrEqual(t, unsafe.Sizeof(link{}), uintptr(64), "link with its first edge")
}

// TestCompactRecords keeps the per-node and per-edge structures at the
// sizes the memory budget of a large ingest was measured with (see
// examples/ingestbench): a vertex and a link with its first edge each fit
// one allocation size class.
func TestCompactRecords(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(vertex{}), uintptr(80))
	assert.LessOrEqual(t, unsafe.Sizeof(link{}), uintptr(64))
}

// TestLinkKindsSorted checks that a link keeps its edges in kind order
// whatever order they come in, the first in the link and the rest beside.
func TestLinkKindsSorted(t *testing.T) {
	s := New()
	l := newLink()
	l.from, l.to = newVertex("x", s.kind("K"), nil), newVertex("y", s.kind("K"), nil)
	for n, k := range []string{"c", "a", "d", "b"} {
		i, ok := l.find(k)
		require.False(t, ok)
		l.insert(i, edgeRec{kindp: s.kind(k), count: int64(n)})
	}
	require.Equal(t, 4, l.n())
	var kinds []string
	for i := range l.n() {
		kinds = append(kinds, l.at(i).kind())
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, kinds)
	assert.EqualValues(t, 2, l.rec("d").count)
	assert.Nil(t, l.rec("e"))
	at := time.Date(2026, 1, 2, 3, 4, 5, 999_999_999, time.UTC)
	for i := range l.n() {
		l.at(i).setTimes(at, at)
		assert.Equal(t, at, l.at(i).last(), "the flag that marks more edges is not part of the time")
	}
	assert.Equal(t, 4, l.n())
	l.clear()
	assert.Zero(t, l.n())
	assert.Empty(t, l.from.more.recs)
}

// TestLinkList follows a list from empty through one link in place to a
// list of its own and back.
func TestLinkList(t *testing.T) {
	var ll linkList
	a, b, c := newLink(), newLink(), newLink()
	assert.Empty(t, ll.all())
	ll.add(a)
	assert.Equal(t, []*link{a}, ll.all())
	assert.Nil(t, ll.many, "one link is kept in place")
	ll.add(b)
	ll.add(c)
	assert.Equal(t, []*link{a, b, c}, ll.all())
	ll.remove(b)
	assert.Equal(t, []*link{a, c}, ll.all())
	ll.remove(a)
	assert.Equal(t, []*link{c}, ll.all())
	assert.Nil(t, ll.many, "back in place")
	ll.remove(a) // absent: nothing changes
	assert.Equal(t, 1, ll.len())
	ll.remove(c)
	assert.Zero(t, ll.len())
}
