package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

func testConcurrentWriters(t *testing.T, s graphstore.Store) {
	const (
		writers   = 4
		batches   = 20
		perBatch  = 40
		nodeCount = 50
	)
	ids := make([]string, nodeCount)
	for i := range ids {
		ids[i] = fmt.Sprintf("w%02d", i)
	}
	// Expected state, computed from the construction.
	type tally struct {
		count       int64
		first, last time.Time
	}
	want := map[[2]string]*tally{}
	plan := make([][]graphstore.Batch, writers)
	for w := range writers {
		for j := range batches {
			b := graphstore.Batch{Key: fmt.Sprintf("writer%d#%d", w, j)}
			// Every batch also writes the nodes it touches: writers race on them too.
			seen := map[string]bool{}
			for i := range perBatch {
				from, to := ids[(j*7+i)%nodeCount], ids[(j*7+3*i+1+w)%nodeCount]
				if from == to {
					to = ids[(j*7+3*i+2+w)%nodeCount]
				}
				when := at(w*100 + j)
				e := graphstore.Edge{From: from, To: to, Kind: "DERIVES", LastSeen: when, Count: int64(1 + i%2),
					Props: map[string]any{"writer": int64(w)}}
				b.Edges = append(b.Edges, e)
				for _, id := range []string{from, to} {
					if !seen[id] {
						seen[id] = true
						b.Nodes = append(b.Nodes, col(id))
					}
				}
				tl := want[[2]string{from, to}]
				if tl == nil {
					tl = &tally{first: when, last: when}
					want[[2]string{from, to}] = tl
				}
				tl.count += e.Count
				if when.Before(tl.first) {
					tl.first = when
				}
				if when.After(tl.last) {
					tl.last = when
				}
			}
			plan[w] = append(plan[w], b)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, b := range plan[w] {
				if err := s.Upsert(context.Background(), b); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	// Readers run while the writers write.
	stop := make(chan struct{})
	var rg sync.WaitGroup
	var readErr error
	rg.Add(1)
	go func() {
		defer rg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.Traverse(context.Background(), []string{ids[0]},
				graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 2}); err != nil {
				readErr = err
				return
			}
		}
	}()
	wg.Wait()
	close(stop)
	rg.Wait()
	for w, err := range errs {
		require.NoError(t, err, "writer %d", w)
	}
	require.NoError(t, readErr)

	usedNodes := map[string]bool{}
	for k := range want {
		usedNodes[k[0]], usedNodes[k[1]] = true, true
	}
	assert.Equal(t, graphstore.Counts{Nodes: int64(len(usedNodes)), Edges: int64(len(want))}, counts(t, s))
	for k, tl := range want {
		e := getEdge(t, s, k[0], k[1], "DERIVES")
		assert.Equal(t, tl.count, e.Count, "%v", k)
		assert.Equal(t, tl.first, e.FirstSeen, "%v", k)
		assert.Equal(t, tl.last, e.LastSeen, "%v", k)
	}
}

func testConcurrentKeyedBatch(t *testing.T, s graphstore.Store) {
	const goroutines = 8
	b := graphstore.Batch{Key: "the-one-batch", Nodes: cols("k0", "k1", "k2", "k3", "k4")}
	for i := range 4 {
		b.Edges = append(b.Edges, graphstore.Edge{From: b.Nodes[i].ID, To: b.Nodes[i+1].ID, Kind: "DERIVES", Count: 1})
	}
	var wg sync.WaitGroup
	errs := make([]error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[g] = s.Upsert(context.Background(), b)
		}()
	}
	wg.Wait()
	for g, err := range errs {
		require.NoError(t, err, "goroutine %d", g)
	}
	assert.Equal(t, graphstore.Counts{Nodes: 5, Edges: 4}, counts(t, s))
	for _, e := range b.Edges {
		assert.Equal(t, int64(1), getEdge(t, s, e.From, e.To, e.Kind).Count, "applied once")
	}
}

func testContextCancelled(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b"), Edges: []graphstore.Edge{edge("a", "b", "DERIVES")}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := []struct {
		name string
		call func() error
	}{
		{"Upsert", func() error {
			return s.Upsert(ctx, graphstore.Batch{Nodes: cols("c")})
		}},
		{"Node", func() error { _, err := s.Node(ctx, "a"); return err }},
		{"Edge", func() error { _, err := s.Edge(ctx, "a", "b", "DERIVES"); return err }},
		{"Traverse", func() error {
			_, err := s.Traverse(ctx, []string{"a"}, graphstore.TraverseOptions{MaxDepth: 3})
			return err
		}},
		{"Paths", func() error { _, err := s.Paths(ctx, "a", "b", graphstore.PathOptions{}); return err }},
		{"Find", func() error { _, err := s.Find(ctx, graphstore.Query{}); return err }},
		{"DeleteNode", func() error { return s.DeleteNode(ctx, "a") }},
		{"Counts", func() error { _, err := s.Counts(ctx); return err }},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			assert.ErrorIs(t, c.call(), context.Canceled)
		})
	}
	// Nothing changed.
	assert.Equal(t, graphstore.Counts{Nodes: 2, Edges: 1}, counts(t, s))
	_, err := s.Node(context.Background(), "c")
	assert.ErrorIs(t, err, graphstore.ErrNotFound)
}

func testClose(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{Nodes: cols("a")})
	require.NoError(t, s.Close(ctx))
	assert.ErrorIs(t, s.Upsert(ctx, graphstore.Batch{Nodes: cols("b")}), graphstore.ErrClosed)
	_, err := s.Node(ctx, "a")
	assert.ErrorIs(t, err, graphstore.ErrClosed)
	_, err = s.Traverse(ctx, []string{"a"}, graphstore.TraverseOptions{})
	assert.ErrorIs(t, err, graphstore.ErrClosed)
	_, err = s.Counts(ctx)
	assert.ErrorIs(t, err, graphstore.ErrClosed)
	assert.NoError(t, s.Close(ctx), "closing twice")
}

func testReservedLookingKeys(t *testing.T, s graphstore.Store) {
	// Property keys that a backend might use for its own fields must stay
	// user data and leave the backend's fields alone.
	keys := map[string]any{"id": "user-id", "kind": "user-kind", "tags": "user-tags", "count": int64(-5),
		"first_seen": "never", "last_seen": "always", "from": "f", "to": "t", "key": "k", "props": "p"}
	upsert(t, s, graphstore.Batch{
		Nodes: []graphstore.Node{{ID: "a", Kind: "Column", Tags: []string{"x"}, Props: keys}, col("b")},
		Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", Props: keys, LastSeen: at(1), Count: 2}},
	})
	assert.Equal(t, graphstore.Node{ID: "a", Kind: "Column", Tags: []string{"x"}, Props: keys}, getNode(t, s, "a"))
	assert.Equal(t, graphstore.Edge{From: "a", To: "b", Kind: "DERIVES", Props: keys, FirstSeen: at(1), LastSeen: at(1), Count: 2},
		getEdge(t, s, "a", "b", "DERIVES"))
	got, err := s.Find(context.Background(), graphstore.Query{Props: map[string]any{"id": "user-id"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, nodeIDs(got))
	sub, err := s.Traverse(context.Background(), []string{"a"}, graphstore.TraverseOptions{
		EdgeFilters: []graphstore.Filter{{Key: "count", Op: graphstore.Eq, Value: -5}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"a@0", "b@1"}, nodeKeys(sub.Nodes))
}
