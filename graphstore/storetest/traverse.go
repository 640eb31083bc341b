package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// lineageGraph is a small warehouse:
//
//	a -> sa -> x -> k          sa -> y  (FILTERS)
//	b -> sb -> x               sa -> sb (masking=false)
//	b -> sh (masking=true) -> y
func lineageGraph() graphstore.Batch {
	layer := func(id, kind, l string) graphstore.Node {
		return graphstore.Node{ID: id, Kind: kind, Props: map[string]any{"layer": l}}
	}
	return graphstore.Batch{
		Nodes: []graphstore.Node{
			layer("a", "Column", "src"), layer("b", "Column", "src"),
			layer("sa", "Column", "stg"), layer("sb", "Column", "stg"), layer("sh", "Column", "stg"),
			layer("x", "Column", "mart"), layer("y", "Column", "mart"),
			layer("k", "Dashboard", "dash"),
		},
		Edges: []graphstore.Edge{
			edge("a", "sa", "DERIVES"),
			edge("b", "sb", "DERIVES"),
			{From: "b", To: "sh", Kind: "DERIVES", Props: map[string]any{"masking": true}},
			edge("sa", "x", "DERIVES"),
			edge("sb", "x", "DERIVES"),
			edge("sh", "y", "DERIVES"),
			edge("sa", "y", "FILTERS"),
			edge("x", "k", "DERIVES"),
			{From: "sa", To: "sb", Kind: "DERIVES", Props: map[string]any{"masking": false}},
		},
	}
}

type traverseCase struct {
	name      string
	start     []string
	opts      graphstore.TraverseOptions
	wantNodes []string
	wantEdges []string
	truncated bool
}

func runTraverseCases(t *testing.T, s graphstore.Store, cases []traverseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sub, err := s.Traverse(context.Background(), tc.start, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.wantNodes, nodeKeys(sub.Nodes), "nodes")
			assert.Equal(t, tc.wantEdges, edgeKeys(sub.Edges), "edges")
			assert.Equal(t, tc.truncated, sub.Truncated, "truncated")
		})
	}
}

func testTraverse(t *testing.T, s graphstore.Store) {
	upsert(t, s, lineageGraph())
	down, up, both := graphstore.Downstream, graphstore.Upstream, graphstore.Both
	notMasked := []graphstore.Filter{{Key: "masking", Op: graphstore.Ne, Value: true}}
	runTraverseCases(t, s, []traverseCase{
		{"downstream deep", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10},
			[]string{"a@0", "sa@1", "sb@2", "x@2", "y@2", "k@3"},
			[]string{"a->sa:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sa->y:FILTERS", "sb->x:DERIVES", "x->k:DERIVES"}, false},
		{"depth 0 means 1", []string{"a"}, graphstore.TraverseOptions{Direction: down},
			[]string{"a@0", "sa@1"}, []string{"a->sa:DERIVES"}, false},
		{"depth 1", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 1},
			[]string{"a@0", "sa@1"}, []string{"a->sa:DERIVES"}, false},
		{"depth 2 leaves out edges from the last level", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 2},
			[]string{"a@0", "sa@1", "sb@2", "x@2", "y@2"},
			[]string{"a->sa:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sa->y:FILTERS"}, false},
		{"edge kinds", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10, EdgeKinds: []string{"DERIVES"}},
			[]string{"a@0", "sa@1", "sb@2", "x@2", "k@3"},
			[]string{"a->sa:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sb->x:DERIVES", "x->k:DERIVES"}, false},
		{"several edge kinds", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10, EdgeKinds: []string{"FILTERS", "DERIVES"}},
			[]string{"a@0", "sa@1", "sb@2", "x@2", "y@2", "k@3"},
			[]string{"a->sa:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sa->y:FILTERS", "sb->x:DERIVES", "x->k:DERIVES"}, false},
		{"unknown edge kind", []string{"a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10, EdgeKinds: []string{"READS"}},
			[]string{"a@0"}, []string{}, false},
		{"upstream deep", []string{"y"}, graphstore.TraverseOptions{Direction: up, MaxDepth: 10},
			[]string{"y@0", "sa@1", "sh@1", "a@2", "b@2"},
			[]string{"a->sa:DERIVES", "b->sh:DERIVES", "sa->y:FILTERS", "sh->y:DERIVES"}, false},
		{"upstream stops at masking edges", []string{"y"}, graphstore.TraverseOptions{Direction: up, MaxDepth: 10, EdgeFilters: notMasked},
			[]string{"y@0", "sa@1", "sh@1", "a@2"},
			[]string{"a->sa:DERIVES", "sa->y:FILTERS", "sh->y:DERIVES"}, false},
		{"downstream stops at masking edges", []string{"b"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10, EdgeFilters: notMasked},
			[]string{"b@0", "sb@1", "x@2", "k@3"},
			[]string{"b->sb:DERIVES", "sb->x:DERIVES", "x->k:DERIVES"}, false},
		{"eq filter on a missing property fails", []string{"x"}, graphstore.TraverseOptions{Direction: up, MaxDepth: 10,
			EdgeFilters: []graphstore.Filter{{Key: "masking", Op: graphstore.Eq, Value: false}}},
			[]string{"x@0"}, []string{}, false},
		{"eq filter", []string{"sb"}, graphstore.TraverseOptions{Direction: up, MaxDepth: 10,
			EdgeFilters: []graphstore.Filter{{Key: "masking", Op: graphstore.Eq, Value: false}}},
			[]string{"sb@0", "sa@1"}, []string{"sa->sb:DERIVES"}, false},
		{"node filter excludes and stops", []string{"b"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 10,
			NodeFilters: []graphstore.Filter{{Key: "layer", Op: graphstore.Ne, Value: "mart"}}},
			[]string{"b@0", "sb@1", "sh@1"}, []string{"b->sb:DERIVES", "b->sh:DERIVES"}, false},
		{"start nodes pass node filters", []string{"k"}, graphstore.TraverseOptions{Direction: up, MaxDepth: 10,
			NodeFilters: []graphstore.Filter{{Key: "layer", Op: graphstore.Eq, Value: "mart"}}},
			[]string{"k@0", "x@1"}, []string{"x->k:DERIVES"}, false},
		{"both directions", []string{"sb"}, graphstore.TraverseOptions{Direction: both, MaxDepth: 1},
			[]string{"sb@0", "b@1", "sa@1", "x@1"},
			[]string{"b->sb:DERIVES", "sa->sb:DERIVES", "sb->x:DERIVES"}, false},
		{"both directions deep", []string{"k"}, graphstore.TraverseOptions{Direction: both, MaxDepth: 3},
			[]string{"k@0", "x@1", "sa@2", "sb@2", "a@3", "b@3", "y@3"},
			[]string{"a->sa:DERIVES", "b->sb:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sa->y:FILTERS", "sb->x:DERIVES", "x->k:DERIVES"}, false},
		{"several starts", []string{"b", "a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 1},
			[]string{"a@0", "b@0", "sa@1", "sb@1", "sh@1"},
			[]string{"a->sa:DERIVES", "b->sb:DERIVES", "b->sh:DERIVES"}, false},
		{"a start reachable from another start", []string{"a", "sa", "a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 1},
			[]string{"a@0", "sa@0", "sb@1", "x@1", "y@1"},
			[]string{"a->sa:DERIVES", "sa->sb:DERIVES", "sa->x:DERIVES", "sa->y:FILTERS"}, false},
		{"unknown starts are ignored", []string{"nope", "a"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 1},
			[]string{"a@0", "sa@1"}, []string{"a->sa:DERIVES"}, false},
		{"only unknown starts", []string{"nope"}, graphstore.TraverseOptions{Direction: down, MaxDepth: 3},
			[]string{}, []string{}, false},
		{"no starts", nil, graphstore.TraverseOptions{Direction: down, MaxDepth: 3},
			[]string{}, []string{}, false},
	})
}

func testTraverseCycles(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{
		Nodes: cols("c1", "c2", "c3", "c4"),
		Edges: []graphstore.Edge{
			edge("c1", "c2", "DERIVES"), edge("c2", "c3", "DERIVES"), edge("c3", "c1", "DERIVES"),
			edge("c3", "c4", "DERIVES"), edge("c4", "c4", "DERIVES"),
		},
	})
	runTraverseCases(t, s, []traverseCase{
		{"downstream around the cycle", []string{"c1"}, graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 10},
			[]string{"c1@0", "c2@1", "c3@2", "c4@3"},
			[]string{"c1->c2:DERIVES", "c2->c3:DERIVES", "c3->c1:DERIVES", "c3->c4:DERIVES", "c4->c4:DERIVES"}, false},
		{"upstream around the cycle", []string{"c1"}, graphstore.TraverseOptions{Direction: graphstore.Upstream, MaxDepth: 10},
			[]string{"c1@0", "c3@1", "c2@2"},
			[]string{"c1->c2:DERIVES", "c2->c3:DERIVES", "c3->c1:DERIVES"}, false},
		{"self loop at the depth bound is left out", []string{"c3"}, graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 1},
			[]string{"c3@0", "c1@1", "c4@1"},
			[]string{"c3->c1:DERIVES", "c3->c4:DERIVES"}, false},
		{"self loop", []string{"c4"}, graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 1},
			[]string{"c4@0", "c3@1"},
			[]string{"c3->c4:DERIVES", "c4->c4:DERIVES"}, false},
	})
}

func testTraverseFullRecords(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{
		Nodes: []graphstore.Node{
			{ID: "src", Kind: "Column", Tags: []string{"pii"}, Props: map[string]any{"type": "text"}},
			{ID: "dst", Kind: "View"},
		},
		Edges: []graphstore.Edge{{From: "src", To: "dst", Kind: "DERIVES", Count: 4,
			Props: map[string]any{"transform": "IDENTITY"}, FirstSeen: at(1), LastSeen: at(9)}},
	})
	sub, err := s.Traverse(context.Background(), []string{"dst"}, graphstore.TraverseOptions{Direction: graphstore.Upstream})
	require.NoError(t, err)
	assert.Equal(t, graphstore.Subgraph{
		Nodes: []graphstore.NodeAt{
			{Node: graphstore.Node{ID: "dst", Kind: "View"}, Depth: 0},
			{Node: graphstore.Node{ID: "src", Kind: "Column", Tags: []string{"pii"}, Props: map[string]any{"type": "text"}}, Depth: 1},
		},
		Edges: []graphstore.Edge{{From: "src", To: "dst", Kind: "DERIVES", Count: 4,
			Props: map[string]any{"transform": "IDENTITY"}, FirstSeen: at(1), LastSeen: at(9)}},
	}, sub)
}

func testTraverseMaxNodes(t *testing.T, s graphstore.Store) {
	// h fans out to n0..n9; n0 -> m0; n9 -> m1.
	b := graphstore.Batch{Nodes: cols("h", "m0", "m1")}
	var leaves, leafEdges []string
	for i := range 10 {
		id := "n" + string(rune('0'+i))
		b.Nodes = append(b.Nodes, col(id))
		b.Edges = append(b.Edges, edge("h", id, "DERIVES"))
		leaves = append(leaves, id+"@1")
		leafEdges = append(leafEdges, "h->"+id+":DERIVES")
	}
	b.Edges = append(b.Edges, edge("n0", "m0", "DERIVES"), edge("n9", "m1", "DERIVES"))
	upsert(t, s, b)
	opts := func(maxNodes int) graphstore.TraverseOptions {
		return graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 5, MaxNodes: maxNodes}
	}
	all := append(append([]string{"h@0"}, leaves...), "m0@2", "m1@2")
	allEdges := append(append([]string{}, leafEdges...), "n0->m0:DERIVES", "n9->m1:DERIVES")
	runTraverseCases(t, s, []traverseCase{
		{"no cap", []string{"h"}, opts(0), all, allEdges, false},
		{"cap equal to the result", []string{"h"}, opts(13), all, allEdges, false},
		{"cap above the result", []string{"h"}, opts(100), all, allEdges, false},
		{"cap inside the last level", []string{"h"}, opts(12), all[:12], allEdges[:11], true},
		{"cap at a level boundary", []string{"h"}, opts(11), all[:11], leafEdges, true},
		{"cap inside a level keeps the smallest ids", []string{"h"}, opts(5), all[:5], leafEdges[:4], true},
		{"cap of one", []string{"h"}, opts(1), []string{"h@0"}, []string{}, true},
		{"cap smaller than the start set", []string{"n5", "h", "n2"}, opts(2), []string{"h@0", "n2@0"},
			[]string{"h->n2:DERIVES"}, true},
	})
}
