package neo4j

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// Shape of the generated lineage graph: pipelines of layers of columns.
const (
	pipeWidth  = 5  // columns per layer
	pipeLayers = 20 // layers per pipeline
	pipeFanIn  = 3  // sources per column
)

func pipeID(p, layer, j int) string { return fmt.Sprintf("wh.p%05d.l%02d.c%d", p, layer, j) }

// lineageGraph generates a lineage-shaped graph of about nodes columns:
// pipelines of pipeLayers layers of pipeWidth columns, each column derived
// from pipeFanIn columns of the layer before (the first layer from the last
// layer of the previous pipeline), so three edges per node and an upstream
// walk of depth 10 from a last-layer column reaching 49 columns. It returns
// keyed batches of at most batch items, all nodes first.
func lineageGraph(nodes, batch int) []graphstore.Batch {
	pipes := max(1, nodes/(pipeWidth*pipeLayers))
	var out []graphstore.Batch
	cur := graphstore.Batch{}
	flush := func() {
		if len(cur.Nodes)+len(cur.Edges) > 0 {
			cur.Key = fmt.Sprintf("gen-%d-%d", pipes, len(out))
			out = append(out, cur)
			cur = graphstore.Batch{}
		}
	}
	for p := range pipes {
		for l := range pipeLayers {
			for j := range pipeWidth {
				cur.Nodes = append(cur.Nodes, graphstore.Node{ID: pipeID(p, l, j), Kind: "Column",
					Props: map[string]any{"pos": int64(j)}})
				if len(cur.Nodes) == batch {
					flush()
				}
			}
		}
	}
	flush()
	seen := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for p := range pipes {
		for l := range pipeLayers {
			for j := range pipeWidth {
				for k := range pipeFanIn {
					sp, sl := p, l-1
					if l == 0 {
						if p == 0 {
							continue
						}
						sp, sl = p-1, pipeLayers-1
					}
					cur.Edges = append(cur.Edges, graphstore.Edge{From: pipeID(sp, sl, (j+k)%pipeWidth), To: pipeID(p, l, j),
						Kind: "DERIVES", LastSeen: seen.Add(time.Duration(l) * time.Minute), Count: 1})
					if len(cur.Edges) == batch {
						flush()
					}
				}
			}
		}
	}
	flush()
	return out
}

func countEdges(bs []graphstore.Batch) int {
	n := 0
	for _, b := range bs {
		n += len(b.Edges)
	}
	return n
}

// BenchmarkUpsertEdges measures edge upsert throughput in batches of 5,000
// edges between existing nodes; it reports edges/s.
func BenchmarkUpsertEdges(b *testing.B) {
	lockServer(b)
	s := openEmpty(b)
	ctx := context.Background()
	bs := lineageGraph(20000, 5000)
	var nodeBatches, edgeBatches []graphstore.Batch
	for _, x := range bs {
		if len(x.Nodes) > 0 {
			nodeBatches = append(nodeBatches, x)
		} else {
			edgeBatches = append(edgeBatches, x)
		}
	}
	for _, x := range nodeBatches {
		require.NoError(b, s.Upsert(ctx, x))
	}
	edges := countEdges(edgeBatches)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		for _, x := range edgeBatches {
			x.Key = fmt.Sprintf("%s-run%d", x.Key, i)
			if err := s.Upsert(ctx, x); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(edges*b.N)/time.Since(start).Seconds(), "edges/s")
}

// loadLineage makes the store hold exactly lineageGraph(nodes, 5000),
// loading it only when the counts differ (benchmarks run their setup once
// per b.N round).
func loadLineage(b *testing.B, nodes int) *Store {
	ctx := context.Background()
	s, err := Open(ctx, lockServer(b))
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close(context.Background()) })
	bs := lineageGraph(nodes, 5000)
	want := graphstore.Counts{Nodes: int64(nodes), Edges: int64(countEdges(bs))}
	if c, err := s.Counts(ctx); err == nil && c == want {
		if _, err := s.Node(ctx, pipeID(nodes/(pipeWidth*pipeLayers)-1, pipeLayers-1, 0)); err == nil {
			return s
		}
	}
	require.NoError(b, wipe(ctx, s))
	start := time.Now()
	for _, x := range bs {
		require.NoError(b, s.Upsert(ctx, x))
	}
	b.Logf("loaded %d nodes, %d edges in %s", want.Nodes, want.Edges, time.Since(start).Round(time.Millisecond))
	return s
}

// BenchmarkTraverseUpstreamDepth10 walks upstream 10 levels from a
// last-layer column of a 100k-node, ~300k-edge lineage graph; each call
// returns 49 nodes.
func BenchmarkTraverseUpstreamDepth10(b *testing.B) {
	const nodes = 100000
	s := loadLineage(b, nodes)
	ctx := context.Background()
	pipes := nodes / (pipeWidth * pipeLayers)
	opts := graphstore.TraverseOptions{Direction: graphstore.Upstream, MaxDepth: 10, EdgeKinds: []string{"DERIVES"}}
	sub, err := s.Traverse(ctx, []string{pipeID(pipes/2, pipeLayers-1, 0)}, opts)
	require.NoError(b, err)
	require.Len(b, sub.Nodes, 49)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		start := pipeID((i*7919)%pipes, pipeLayers-1, i%pipeWidth)
		sub, err := s.Traverse(ctx, []string{start}, opts)
		if err != nil {
			b.Fatal(err)
		}
		if len(sub.Nodes) != 49 {
			b.Fatalf("%s: %d nodes", start, len(sub.Nodes))
		}
	}
}

// BenchmarkUpsertIngestBatches writes lineage as an ingest does: every
// batch carries 5,000 edges and the nodes they touch, into an empty store;
// it reports edges/s.
func BenchmarkUpsertIngestBatches(b *testing.B) {
	ctx := context.Background()
	lockServer(b)
	s := openEmpty(b)
	var batches []graphstore.Batch
	for _, x := range lineageGraph(20000, 5000) {
		if len(x.Edges) == 0 {
			continue
		}
		seen := map[string]bool{}
		for _, e := range x.Edges {
			for _, id := range []string{e.From, e.To} {
				if !seen[id] {
					seen[id] = true
					x.Nodes = append(x.Nodes, graphstore.Node{ID: id, Kind: "Column"})
				}
			}
		}
		batches = append(batches, x)
	}
	edges := countEdges(batches)
	b.ResetTimer()
	var spent time.Duration
	for i := range b.N {
		b.StopTimer()
		require.NoError(b, wipe(ctx, s))
		b.StartTimer()
		start := time.Now()
		for _, x := range batches {
			x.Key = fmt.Sprintf("%s-run%d", x.Key, i)
			if err := s.Upsert(ctx, x); err != nil {
				b.Fatal(err)
			}
		}
		spent += time.Since(start)
	}
	b.ReportMetric(float64(edges*b.N)/spent.Seconds(), "edges/s")
}

// BenchmarkPathsThroughDiamonds asks for the first 100 paths across ten
// layers of a pipeline of the 100k-node lineage graph, where every layer is
// a diamond: there are thousands of paths, and Paths' shortest-first order
// needs them all enumerated before the first 100 are cut.
func BenchmarkPathsThroughDiamonds(b *testing.B) {
	const nodes = 100000
	s := loadLineage(b, nodes)
	ctx := context.Background()
	pipes := nodes / (pipeWidth * pipeLayers)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		p := (i * 7919) % pipes
		paths, err := s.Paths(ctx, pipeID(p, pipeLayers-11, 0), pipeID(p, pipeLayers-1, 0), graphstore.PathOptions{MaxDepth: 10})
		if err != nil {
			b.Fatal(err)
		}
		if len(paths) != graphstore.DefaultMaxPaths {
			b.Fatalf("%d paths", len(paths))
		}
	}
}

// BenchmarkUpsertLargeBatch writes 60k edges as one keyed batch, split
// into sub-batches of 5,000 written by 1 or 2 writers; it reports edges/s.
func BenchmarkUpsertLargeBatch(b *testing.B) {
	for _, writers := range []int{1, 2} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			ctx := context.Background()
			cfg := lockServer(b)
			cfg.Writers = writers
			s, err := Open(ctx, cfg)
			require.NoError(b, err)
			defer s.Close(ctx)
			var nodes, edges graphstore.Batch
			for _, x := range lineageGraph(20000, 5000) {
				nodes.Nodes = append(nodes.Nodes, x.Nodes...)
				edges.Edges = append(edges.Edges, x.Edges...)
			}
			require.NoError(b, wipe(ctx, s))
			require.NoError(b, s.Upsert(ctx, nodes))
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				edges.Key = fmt.Sprintf("large-%d-%d", writers, i)
				if err := s.Upsert(ctx, edges); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(edges.Edges)*b.N)/time.Since(start).Seconds(), "edges/s")
		})
	}
}
