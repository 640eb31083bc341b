package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// pathGraph: p1 -> p2 (DERIVES and FILTERS), p1 -> p3, p1 -> p4 (masked),
// p2 -> p3, p3 -> p2, p2 -> p4, p3 -> p4, p4 -> p1 (a cycle back), and an
// isolated p5.
func pathGraph() graphstore.Batch {
	return graphstore.Batch{
		Nodes: cols("p1", "p2", "p3", "p4", "p5"),
		// Written out of order, so that insertion order is not the answer.
		Edges: []graphstore.Edge{
			edge("p3", "p4", "DERIVES"), edge("p3", "p2", "DERIVES"), edge("p1", "p3", "DERIVES"),
			edge("p1", "p2", "FILTERS"), edge("p2", "p4", "DERIVES"), edge("p4", "p1", "DERIVES"),
			{From: "p1", To: "p4", Kind: "DERIVES", Props: map[string]any{"masking": true}, Count: 3},
			edge("p2", "p3", "DERIVES"), edge("p1", "p2", "DERIVES"),
		},
	}
}

func testPaths(t *testing.T, s graphstore.Store) {
	upsert(t, s, pathGraph())
	// Every simple path from p1 to p4, in the documented order.
	all := []string{
		"p1-DERIVES->p4",
		"p1-DERIVES->p2-DERIVES->p4",
		"p1-FILTERS->p2-DERIVES->p4",
		"p1-DERIVES->p3-DERIVES->p4",
		"p1-DERIVES->p2-DERIVES->p3-DERIVES->p4",
		"p1-FILTERS->p2-DERIVES->p3-DERIVES->p4",
		"p1-DERIVES->p3-DERIVES->p2-DERIVES->p4",
	}
	cases := []struct {
		name     string
		from, to string
		opts     graphstore.PathOptions
		want     []string
	}{
		{"all", "p1", "p4", graphstore.PathOptions{}, all},
		{"max depth", "p1", "p4", graphstore.PathOptions{MaxDepth: 2}, all[:4]},
		{"max depth 1", "p1", "p4", graphstore.PathOptions{MaxDepth: 1}, all[:1]},
		{"max paths", "p1", "p4", graphstore.PathOptions{MaxPaths: 3}, all[:3]},
		{"max paths inside a length", "p1", "p4", graphstore.PathOptions{MaxPaths: 5}, all[:5]},
		{"edge kinds", "p1", "p4", graphstore.PathOptions{EdgeKinds: []string{"DERIVES"}},
			[]string{all[0], all[1], all[3], all[4], all[6]}},
		{"edge filters", "p1", "p4", graphstore.PathOptions{
			EdgeFilters: []graphstore.Filter{{Key: "masking", Op: graphstore.Ne, Value: true}}}, all[1:]},
		{"kinds that do not connect", "p1", "p4", graphstore.PathOptions{EdgeKinds: []string{"FILTERS"}}, []string{}},
		{"through the cycle", "p4", "p2", graphstore.PathOptions{}, []string{
			"p4-DERIVES->p1-DERIVES->p2",
			"p4-DERIVES->p1-FILTERS->p2",
			"p4-DERIVES->p1-DERIVES->p3-DERIVES->p2",
		}},
		{"same node", "p2", "p2", graphstore.PathOptions{}, []string{}},
		{"unreachable", "p1", "p5", graphstore.PathOptions{}, []string{}},
		{"against the edges", "p5", "p1", graphstore.PathOptions{}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := s.Paths(context.Background(), tc.from, tc.to, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, pathKeys(ps))
		})
	}

	t.Run("edges are full records", func(t *testing.T) {
		ps, err := s.Paths(context.Background(), "p1", "p4", graphstore.PathOptions{MaxPaths: 1})
		require.NoError(t, err)
		assert.Equal(t, [][]graphstore.Edge{{{From: "p1", To: "p4", Kind: "DERIVES",
			Props: map[string]any{"masking": true}, Count: 3}}}, ps)
	})
}

func testPathsErrors(t *testing.T, s graphstore.Store) {
	upsert(t, s, pathGraph())
	for _, ends := range [][2]string{{"nope", "p1"}, {"p1", "nope"}, {"nope", "nope"}} {
		_, err := s.Paths(context.Background(), ends[0], ends[1], graphstore.PathOptions{})
		assert.ErrorIs(t, err, graphstore.ErrNotFound, "%v", ends)
	}
}
