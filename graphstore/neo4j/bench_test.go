package neo4j

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// lineageGraph generates a lineage-shaped graph in layers: tables of ten
// columns, each column of a layer derived from three columns of earlier
// layers nearby, so an upstream walk of depth 10 from one column reaches a
// few dozen columns. It returns batches of at most batch edges (nodes
// first, in batches of their own).
func lineageGraph(nodes, perNode, batch int) []graphstore.Batch {
	id := func(i int) string { return fmt.Sprintf("wh.s%02d.t%05d.c%d", i%7, i/10, i%10) }
	var out []graphstore.Batch
	cur := graphstore.Batch{}
	flush := func() {
		if len(cur.Nodes)+len(cur.Edges) > 0 {
			cur.Key = fmt.Sprintf("gen-%d-%d-%d", nodes, perNode, len(out))
			out = append(out, cur)
			cur = graphstore.Batch{}
		}
	}
	for i := range nodes {
		cur.Nodes = append(cur.Nodes, graphstore.Node{ID: id(i), Kind: "Column", Props: map[string]any{"pos": int64(i % 10)}})
		if len(cur.Nodes) == batch {
			flush()
		}
	}
	flush()
	seen := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range nodes {
		for k := 1; k <= perNode; k++ {
			// Sources lie 10..~40 positions back (other tables); the
			// first columns have none.
			from := i - 10*k - (i*7+k*3)%10
			if from < 0 {
				continue
			}
			cur.Edges = append(cur.Edges, graphstore.Edge{From: id(from), To: id(i), Kind: "DERIVES",
				LastSeen: seen.Add(time.Duration(i%100) * time.Minute), Count: 1})
			if len(cur.Edges) == batch {
				flush()
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
	s := openEmpty(b)
	ctx := context.Background()
	bs := lineageGraph(20000, 3, 5000)
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
