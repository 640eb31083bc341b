package memory_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
)

// lineageShape generates a lineage-shaped column graph: layers of tables
// (blocks of columns); every column outside the first layer derives from 3
// columns of the same table in the previous layer or the one before it, so
// a depth-10 upstream walk from a late column reaches about 50 columns
// whatever the size of the graph.
type lineageShape struct {
	layers, perLayer, block int
}

func (g lineageShape) id(layer, pos int) string {
	return fmt.Sprintf("db.l%03d.t%05d.c%d", layer, pos/g.block, pos%g.block)
}

func (g lineageShape) nodes() int { return g.layers * g.perLayer }

// batches calls fn with batches of about size edges (plus the nodes they
// introduce) until the whole graph is written.
func (g lineageShape) batches(size int, fn func(graphstore.Batch) error) error {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var b graphstore.Batch
	flush := func() error {
		if len(b.Nodes) == 0 && len(b.Edges) == 0 {
			return nil
		}
		err := fn(b)
		b = graphstore.Batch{Key: fmt.Sprintf("batch-%d", rng.Uint64())}
		return err
	}
	for l := range g.layers {
		for p := range g.perLayer {
			b.Nodes = append(b.Nodes, graphstore.Node{ID: g.id(l, p), Kind: "Column"})
			if l == 0 {
				continue
			}
			base := p - p%g.block
			picked := map[[2]int]bool{}
			for len(picked) < 3 {
				src := [2]int{l - 1, base + rng.IntN(g.block)}
				if l >= 2 && rng.IntN(16) == 0 {
					src[0] = l - 2
				}
				if picked[src] {
					continue
				}
				picked[src] = true
				b.Edges = append(b.Edges, graphstore.Edge{From: g.id(src[0], src[1]), To: g.id(l, p),
					Kind: "DERIVES", LastSeen: seen, Count: 1})
			}
			if len(b.Edges) >= size {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

type builtGraph struct {
	store  *memory.Store
	counts graphstore.Counts
	starts []string
	build  time.Duration
	err    error
}

var (
	graphOnce [2]sync.Once
	graphs    [2]builtGraph
)

var benchShapes = [2]lineageShape{
	{layers: 100, perLayer: 1_000, block: 4},  // 100k nodes, ~300k edges
	{layers: 100, perLayer: 10_000, block: 4}, // 1M nodes, ~3M edges
}

// bigGraph builds shape i once per process.
func bigGraph(b *testing.B, i int) *builtGraph {
	graphOnce[i].Do(func() {
		ctx := context.Background()
		g := &graphs[i]
		shape := benchShapes[i]
		began := time.Now()
		g.store = memory.New()
		g.err = shape.batches(10_000, func(bt graphstore.Batch) error { return g.store.Upsert(ctx, bt) })
		if g.err != nil {
			return
		}
		g.build = time.Since(began)
		runtime.GC() // settle the build's garbage so that benchmarks do not pay for it
		g.counts, g.err = g.store.Counts(ctx)
		rng := rand.New(rand.NewPCG(3, 4))
		for range 1024 {
			g.starts = append(g.starts, shape.id(shape.layers-1-rng.IntN(shape.layers-12), rng.IntN(shape.perLayer)))
		}
	})
	g := &graphs[i]
	require.NoError(b, g.err)
	return g
}

func BenchmarkTraverseUpstreamDepth10(b *testing.B) {
	for i, shape := range benchShapes {
		b.Run(fmt.Sprintf("nodes=%d", shape.nodes()), func(b *testing.B) {
			g := bigGraph(b, i)
			b.Logf("graph: %d nodes, %d edges, built in %s", g.counts.Nodes, g.counts.Edges, g.build.Round(time.Millisecond))
			ctx := context.Background()
			opts := graphstore.TraverseOptions{Direction: graphstore.Upstream, MaxDepth: 10}
			total, n := 0, 0
			b.ReportAllocs()
			cpu0, cpuOK := processCPU()
			for ; b.Loop(); n++ {
				sub, err := g.store.Traverse(ctx, []string{g.starts[n%len(g.starts)]}, opts)
				if err != nil {
					b.Fatal(err)
				}
				total += len(sub.Nodes)
			}
			b.ReportMetric(float64(total)/float64(n), "nodes/op")
			if cpu1, ok := processCPU(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(n), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkPaths asks for the paths from a column to one five layers
// downstream in the same table (default bounds: depth 10, 100 paths).
func BenchmarkPaths(b *testing.B) {
	for i, shape := range benchShapes {
		b.Run(fmt.Sprintf("nodes=%d", shape.nodes()), func(b *testing.B) {
			g := bigGraph(b, i)
			rng := rand.New(rand.NewPCG(5, 6))
			type pair struct{ from, to string }
			var pairs []pair
			for range 256 {
				l, p := 5+rng.IntN(shape.layers-5), rng.IntN(shape.perLayer)
				pairs = append(pairs, pair{shape.id(l-5, p-p%shape.block+rng.IntN(shape.block)), shape.id(l, p)})
			}
			ctx := context.Background()
			total, n := 0, 0
			b.ReportAllocs()
			for ; b.Loop(); n++ {
				pr := pairs[n%len(pairs)]
				ps, err := g.store.Paths(ctx, pr.from, pr.to, graphstore.PathOptions{})
				if err != nil {
					b.Fatal(err)
				}
				total += len(ps)
			}
			b.ReportMetric(float64(total)/float64(n), "paths/op")
		})
	}
}

// BenchmarkUpsert measures write throughput in batches of 1000 edges: new
// edges (with their nodes) and re-observed edges that merge.
func BenchmarkUpsert(b *testing.B) {
	const batchSize = 1000
	shape := lineageShape{layers: 100, perLayer: 2_000, block: 4} // ~600k edges
	var batches []graphstore.Batch
	require.NoError(b, shape.batches(batchSize, func(bt graphstore.Batch) error {
		batches = append(batches, bt)
		return nil
	}))
	ctx := context.Background()
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		edges := 0
		var elapsed time.Duration
		var s *memory.Store
		cpu0, cpuOK := processCPU()
		for n := 0; b.Loop(); n++ {
			k := n % len(batches)
			if k == 0 {
				b.StopTimer()
				s = memory.New() // the graph is complete: start again
				b.StartTimer()
			}
			began := time.Now()
			if err := s.Upsert(ctx, batches[k]); err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(began)
			edges += len(batches[k].Edges)
		}
		b.ReportMetric(float64(edges)/elapsed.Seconds(), "edges/s")
		reportCPURate(b, cpu0, cpuOK, edges)
	})
	b.Run("merge", func(b *testing.B) {
		s := memory.New()
		for _, bt := range batches {
			require.NoError(b, s.Upsert(ctx, bt))
		}
		b.ReportAllocs()
		edges := 0
		cpu0, cpuOK := processCPU()
		for n := 0; b.Loop(); n++ {
			bt := batches[n%len(batches)]
			bt.Key = "" // re-observed: counts grow
			if err := s.Upsert(ctx, bt); err != nil {
				b.Fatal(err)
			}
			edges += len(bt.Edges)
		}
		b.ReportMetric(float64(edges)/b.Elapsed().Seconds(), "edges/s")
		reportCPURate(b, cpu0, cpuOK, edges)
	})
}

// reportCPURate reports edges per second of process CPU time since cpu0.
func reportCPURate(b *testing.B, cpu0 time.Duration, ok bool, edges int) {
	if cpu1, ok1 := processCPU(); ok && ok1 && cpu1 > cpu0 {
		b.ReportMetric(float64(edges)/(cpu1-cpu0).Seconds(), "edges/cpu-s")
	}
}

// TestLineageShape checks the benchmark generator: sizes, and an upstream
// walk of about 50 nodes that does not depend on the graph's size.
func TestLineageShape(t *testing.T) {
	ctx := context.Background()
	for _, shape := range []lineageShape{{layers: 30, perLayer: 100, block: 4}, {layers: 30, perLayer: 400, block: 4}} {
		s := memory.New()
		edges := 0
		require.NoError(t, shape.batches(500, func(bt graphstore.Batch) error {
			edges += len(bt.Edges)
			return s.Upsert(ctx, bt)
		}))
		c, err := s.Counts(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(shape.nodes()), c.Nodes)
		require.Equal(t, int64(3*(shape.layers-1)*shape.perLayer), c.Edges)
		require.Equal(t, int64(edges), c.Edges)
		sub, err := s.Traverse(ctx, []string{shape.id(shape.layers-1, 7)}, graphstore.TraverseOptions{
			Direction: graphstore.Upstream, MaxDepth: 10})
		require.NoError(t, err)
		t.Logf("%d nodes: upstream depth 10 reaches %d", shape.nodes(), len(sub.Nodes))
		// At most the start's table (block) in each of the 20 layers a
		// depth-10 walk can reach.
		require.LessOrEqual(t, len(sub.Nodes), 1+20*shape.block)
		require.GreaterOrEqual(t, len(sub.Nodes), 30)
	}
}
