package memory_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
)

// FuzzUpsert writes batches decoded from arbitrary text and checks that
// the store never panics, that a failed batch changes nothing, and that
// traversal from every written node works.
//
// Text format: lines "n id kind tag key=value" and "e from to kind".
func FuzzUpsert(f *testing.F) {
	f.Add("n a Column pii x=1\nn b Column - -\ne a b DERIVES\ne b a DERIVES")
	f.Add("n a Column - -\ne a ghost DERIVES")
	f.Add("n a bad-kind - -")
	f.Add("n  Column - -\ne a a DERIVES\nn a Column - k=\ne a a FILTERS")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		ctx := context.Background()
		s := memory.New()
		var b graphstore.Batch
		for _, line := range strings.Split(text, "\n") {
			fields := strings.Split(line, " ")
			switch {
			case len(fields) == 5 && fields[0] == "n":
				n := graphstore.Node{ID: fields[1], Kind: fields[2]}
				if fields[3] != "-" {
					n.Tags = []string{fields[3]}
				}
				if k, v, ok := strings.Cut(fields[4], "="); ok {
					n.Props = map[string]any{k: v}
				}
				b.Nodes = append(b.Nodes, n)
			case len(fields) == 4 && fields[0] == "e":
				b.Edges = append(b.Edges, graphstore.Edge{From: fields[1], To: fields[2], Kind: fields[3]})
			}
		}
		// Seed the store so that a failed batch has something to keep.
		if err := s.Upsert(ctx, graphstore.Batch{Nodes: []graphstore.Node{{ID: "seed", Kind: "Column"}}}); err != nil {
			t.Fatal(err)
		}
		err := s.Upsert(ctx, b)
		c, cerr := s.Counts(ctx)
		if cerr != nil {
			t.Fatal(cerr)
		}
		if err != nil {
			if !errors.Is(err, graphstore.ErrInvalid) && !errors.Is(err, graphstore.ErrMissingEndpoint) {
				t.Fatalf("unexpected error %v", err)
			}
			if c != (graphstore.Counts{Nodes: 1}) {
				t.Fatalf("failed batch changed the store: %+v", c)
			}
			return
		}
		for i, n := range b.Nodes {
			if i == 20 {
				break // keep each input cheap: a star of thousands would be quadratic
			}
			sub, err := s.Traverse(ctx, []string{n.ID}, graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(sub.Nodes) == 0 || sub.Nodes[0].Depth != 0 {
				t.Fatalf("traversal from %q lost its start: %+v", n.ID, sub.Nodes)
			}
		}
		if c.Edges > int64(len(b.Edges)) {
			t.Fatalf("%d edges from %d writes", c.Edges, len(b.Edges))
		}
	})
}
