package neo4j

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
)

// TestSameAnswersAsMemory writes the same random lineage graph to this
// store and to graphstore/memory and compares every answer exactly,
// including nil versus empty slices.
func TestSameAnswersAsMemory(t *testing.T) {
	lockServer(t)
	neo := openEmpty(t)
	mem := memory.New()
	defer mem.Close(context.Background())
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 11))
	const nodes = 120
	id := func(i int) string { return fmt.Sprintf("n%03d", i) }
	kinds := []string{"DERIVES", "FILTERS"}
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	for batch := range 6 {
		b := graphstore.Batch{Key: fmt.Sprintf("diff-%d", batch)}
		for i := range nodes {
			if rng.IntN(3) == 0 || batch == 0 {
				n := graphstore.Node{ID: id(i), Kind: []string{"Column", "Field"}[rng.IntN(2)],
					Props: map[string]any{"pii": []string{"email", "phone", "none"}[rng.IntN(3)]}}
				if rng.IntN(4) == 0 {
					n.Tags = []string{[]string{"pii", "gold", "raw"}[rng.IntN(3)]}
				}
				if rng.IntN(10) == 0 {
					n.Props["pii"] = nil
				}
				b.Nodes = append(b.Nodes, n)
			}
		}
		for range 80 {
			from := rng.IntN(nodes)
			to := from + 1 + rng.IntN(8)
			if rng.IntN(20) == 0 {
				to = rng.IntN(nodes) // the odd cycle
			}
			if to >= nodes {
				continue
			}
			e := graphstore.Edge{From: id(from), To: id(to), Kind: kinds[rng.IntN(2)], Count: int64(rng.IntN(3)),
				LastSeen: t0.Add(time.Duration(rng.IntN(1000)) * time.Minute)}
			if rng.IntN(4) == 0 {
				e.Props = map[string]any{"masking": rng.IntN(2) == 0}
			}
			b.Edges = append(b.Edges, e)
		}
		require.NoError(t, mem.Upsert(ctx, b))
		require.NoError(t, neo.Upsert(ctx, b))
	}
	mc, err := mem.Counts(ctx)
	require.NoError(t, err)
	nc, err := neo.Counts(ctx)
	require.NoError(t, err)
	require.Equal(t, mc, nc)

	filters := [][]graphstore.Filter{nil,
		{{Key: "masking", Op: graphstore.Ne, Value: true}},
		{{Key: "masking", Op: graphstore.Eq, Value: false}}}
	nodeFilters := [][]graphstore.Filter{nil,
		{{Key: "pii", Op: graphstore.Ne, Value: "none"}},
		{{Key: "pii", Op: graphstore.Eq, Value: "email"}}}
	nonTrivial, withPaths := 0, 0
	for q := range 60 {
		var start []string
		for range 1 + rng.IntN(3) {
			start = append(start, id(rng.IntN(nodes+5))) // a few unknown ids
		}
		opts := graphstore.TraverseOptions{
			Direction:   graphstore.Direction(rng.IntN(3)),
			MaxDepth:    rng.IntN(6),
			EdgeFilters: filters[rng.IntN(3)],
			NodeFilters: nodeFilters[rng.IntN(3)],
		}
		if rng.IntN(3) == 0 {
			opts.EdgeKinds = []string{kinds[rng.IntN(2)]}
		}
		if rng.IntN(3) == 0 {
			opts.MaxNodes = 1 + rng.IntN(20)
		}
		want, err := mem.Traverse(ctx, start, opts)
		require.NoError(t, err)
		got, err := neo.Traverse(ctx, start, opts)
		require.NoError(t, err)
		require.Equal(t, want, got, "traverse %d from %v with %+v", q, start, opts)
		if len(want.Nodes) > 2 && len(want.Edges) > 1 {
			nonTrivial++
		}

		f := rng.IntN(nodes)
		from, to := id(f), id(min(nodes+2, f+rng.IntN(16))) // mostly downstream; some missing
		popts := graphstore.PathOptions{MaxDepth: 1 + rng.IntN(6), MaxPaths: rng.IntN(5), EdgeFilters: filters[rng.IntN(3)]}
		wantP, werr := mem.Paths(ctx, from, to, popts)
		gotP, gerr := neo.Paths(ctx, from, to, popts)
		require.Equal(t, werr == nil, gerr == nil, "paths errors %v / %v", werr, gerr)
		if werr != nil {
			require.ErrorIs(t, gerr, graphstore.ErrNotFound)
		}
		require.Equal(t, wantP, gotP, "paths %s->%s with %+v", from, to, popts)
		if len(wantP) > 0 {
			withPaths++
		}

		fq := graphstore.Query{Kind: []string{"", "Column", "Field"}[rng.IntN(3)], Limit: rng.IntN(10)}
		if rng.IntN(2) == 0 {
			fq.Tag = []string{"pii", "gold", "raw"}[rng.IntN(3)]
		}
		if rng.IntN(2) == 0 {
			fq.Props = map[string]any{"pii": "phone"}
		}
		wantF, err := mem.Find(ctx, fq)
		require.NoError(t, err)
		gotF, err := neo.Find(ctx, fq)
		require.NoError(t, err)
		require.Equal(t, wantF, gotF, "find %+v", fq)
	}
	assert.Greater(t, nonTrivial, 10, "traversals that reach something")
	t.Logf("%d non-trivial traversals, %d path searches with paths", nonTrivial, withPaths)
	for i := range nodes {
		wn, werr := mem.Node(ctx, id(i))
		gn, gerr := neo.Node(ctx, id(i))
		assert.Equal(t, werr == nil, gerr == nil)
		assert.Equal(t, wn, gn)
	}
}
