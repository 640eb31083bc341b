package storetest

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// refGraph is the test's own record of a generated graph, with a naive
// traversal written from the TraverseOptions and Subgraph documentation.
type refGraph struct {
	nodes map[string]int64 // id -> value of property "p"
	edges []refEdge
}

type refEdge struct {
	from, to, kind string
	masking        *bool // nil: property absent
}

type refOpts struct {
	dir       graphstore.Direction
	depth     int
	kindA     bool // only kind "A"
	notMasked bool // edge filter masking Ne true
	pNotZero  bool // node filter p Ne 0
	maxNodes  int
}

func (o refOpts) options() graphstore.TraverseOptions {
	opts := graphstore.TraverseOptions{Direction: o.dir, MaxDepth: o.depth, MaxNodes: o.maxNodes}
	if o.kindA {
		opts.EdgeKinds = []string{"A"}
	}
	if o.notMasked {
		opts.EdgeFilters = []graphstore.Filter{{Key: "masking", Op: graphstore.Ne, Value: true}}
	}
	if o.pNotZero {
		opts.NodeFilters = []graphstore.Filter{{Key: "p", Op: graphstore.Ne, Value: 0}}
	}
	return opts
}

func (o refOpts) edgeOK(e refEdge) bool {
	if o.kindA && e.kind != "A" {
		return false
	}
	return !o.notMasked || e.masking == nil || !*e.masking
}

func (g refGraph) traverse(start []string, o refOpts) (nodes, edges []string, truncated bool) {
	depth := map[string]int{}
	var frontier []string
	for _, s := range start {
		if _, ok := g.nodes[s]; ok {
			if _, seen := depth[s]; !seen {
				depth[s] = 0
				frontier = append(frontier, s)
			}
		}
	}
	for d := 0; d < o.depth && len(frontier) > 0; d++ {
		var next []string
		for _, u := range frontier {
			for _, e := range g.edges {
				if !o.edgeOK(e) {
					continue
				}
				var reach []string
				if o.dir != graphstore.Upstream && e.from == u {
					reach = append(reach, e.to)
				}
				if o.dir != graphstore.Downstream && e.to == u {
					reach = append(reach, e.from)
				}
				for _, v := range reach {
					if _, seen := depth[v]; seen || (o.pNotZero && g.nodes[v] == 0) {
						continue
					}
					depth[v] = d + 1
					next = append(next, v)
				}
			}
		}
		frontier = next
	}
	type nd struct {
		id string
		d  int
	}
	var all []nd
	for id, d := range depth {
		all = append(all, nd{id, d})
	}
	slices.SortFunc(all, func(a, b nd) int { return cmp.Or(cmp.Compare(a.d, b.d), strings.Compare(a.id, b.id)) })
	if o.maxNodes > 0 && len(all) > o.maxNodes {
		all, truncated = all[:o.maxNodes], true
	}
	included := map[string]int{}
	nodes = []string{}
	for _, n := range all {
		included[n.id] = n.d
		nodes = append(nodes, fmt.Sprintf("%s@%d", n.id, n.d))
	}
	edges = []string{}
	for _, e := range g.edges {
		df, okf := included[e.from]
		dt, okt := included[e.to]
		if !okf || !okt || !o.edgeOK(e) {
			continue
		}
		leaves := (o.dir != graphstore.Upstream && df < o.depth) || (o.dir != graphstore.Downstream && dt < o.depth)
		if leaves {
			edges = append(edges, e.from+"->"+e.to+":"+e.kind)
		}
	}
	slices.SortFunc(edges, func(a, b string) int {
		pa, pb := strings.FieldsFunc(a, isSep), strings.FieldsFunc(b, isSep)
		return cmp.Or(strings.Compare(pa[0], pb[0]), strings.Compare(pa[1], pb[1]), strings.Compare(pa[2], pb[2]))
	})
	return nodes, edges, truncated
}

func isSep(r rune) bool { return r == '-' || r == '>' || r == ':' }

func randomGraph(seed uint64, nNodes, nEdges int) (refGraph, graphstore.Batch) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := refGraph{nodes: map[string]int64{}}
	var b graphstore.Batch
	ids := make([]string, nNodes)
	for i := range ids {
		ids[i] = fmt.Sprintf("r%02d", i)
		g.nodes[ids[i]] = int64(i % 3)
		b.Nodes = append(b.Nodes, graphstore.Node{ID: ids[i], Kind: "Column", Props: map[string]any{"p": int64(i % 3)}})
	}
	seen := map[string]bool{}
	for len(g.edges) < nEdges {
		e := refEdge{from: ids[rng.IntN(nNodes)], to: ids[rng.IntN(nNodes)], kind: []string{"A", "B"}[rng.IntN(2)]}
		key := e.from + e.to + e.kind
		if seen[key] {
			continue
		}
		seen[key] = true
		ge := graphstore.Edge{From: e.from, To: e.to, Kind: e.kind}
		switch rng.IntN(3) {
		case 1:
			v := true
			e.masking = &v
			ge.Props = map[string]any{"masking": true}
		case 2:
			v := false
			e.masking = &v
			ge.Props = map[string]any{"masking": false}
		}
		g.edges = append(g.edges, e)
		b.Edges = append(b.Edges, ge)
	}
	return g, b
}

func testTraverseReference(t *testing.T, s graphstore.Store) {
	g, b := randomGraph(42, 30, 75)
	upsert(t, s, b)
	starts := [][]string{{"r00"}, {"r07", "r13"}}
	for _, dir := range []graphstore.Direction{graphstore.Downstream, graphstore.Upstream, graphstore.Both} {
		for _, depth := range []int{1, 2, 5} {
			for flags := range 8 {
				for _, maxNodes := range []int{0, 7} {
					o := refOpts{dir: dir, depth: depth, kindA: flags&1 != 0, notMasked: flags&2 != 0,
						pNotZero: flags&4 != 0, maxNodes: maxNodes}
					for _, start := range starts {
						wantNodes, wantEdges, wantTrunc := g.traverse(start, o)
						sub, err := s.Traverse(context.Background(), start, o.options())
						require.NoError(t, err)
						msg := fmt.Sprintf("start %v options %+v", start, o)
						assert.Equal(t, wantNodes, nodeKeys(sub.Nodes), msg)
						assert.Equal(t, wantEdges, edgeKeys(sub.Edges), msg)
						assert.Equal(t, wantTrunc, sub.Truncated, msg)
					}
				}
			}
		}
	}
}

// paths enumerates every simple downstream path from one node to another
// of at most depth edges (optionally of kind "A" only), sorted as the
// Paths documentation says: length, then node ids, then kinds.
func (g refGraph) paths(from, to string, depth int, kindA bool) []string {
	type step struct{ to, kind string }
	var found [][]step
	var path []step
	onPath := map[string]bool{from: true}
	var walk func(u string)
	walk = func(u string) {
		if len(path) == depth {
			return
		}
		for _, e := range g.edges {
			if e.from != u || onPath[e.to] || (kindA && e.kind != "A") {
				continue
			}
			path = append(path, step{e.to, e.kind})
			if e.to == to {
				found = append(found, slices.Clone(path))
			} else {
				onPath[e.to] = true
				walk(e.to)
				onPath[e.to] = false
			}
			path = path[:len(path)-1]
		}
	}
	if from != to {
		walk(from)
	}
	slices.SortFunc(found, func(a, b []step) int {
		if len(a) != len(b) {
			return cmp.Compare(len(a), len(b))
		}
		for i := range a {
			if c := strings.Compare(a[i].to, b[i].to); c != 0 {
				return c
			}
		}
		for i := range a {
			if c := strings.Compare(a[i].kind, b[i].kind); c != 0 {
				return c
			}
		}
		return 0
	})
	out := []string{}
	for _, p := range found {
		var sb strings.Builder
		sb.WriteString(from)
		for _, s := range p {
			fmt.Fprintf(&sb, "-%s->%s", s.kind, s.to)
		}
		out = append(out, sb.String())
	}
	return out
}

func testPathsReference(t *testing.T, s graphstore.Store) {
	g, b := randomGraph(7, 10, 32)
	upsert(t, s, b)
	pairs := [][2]string{{"r00", "r09"}, {"r03", "r04"}, {"r05", "r01"}, {"r08", "r02"}, {"r06", "r06"}}
	for _, pr := range pairs {
		for _, depth := range []int{2, 4, 6} {
			for _, kindA := range []bool{false, true} {
				all := g.paths(pr[0], pr[1], depth, kindA)
				for _, maxPaths := range []int{1, 5, 1000} {
					opts := graphstore.PathOptions{MaxDepth: depth, MaxPaths: maxPaths}
					if kindA {
						opts.EdgeKinds = []string{"A"}
					}
					got, err := s.Paths(context.Background(), pr[0], pr[1], opts)
					require.NoError(t, err)
					assert.Equal(t, all[:min(maxPaths, len(all))], pathKeys(got),
						"%s to %s, depth %d, kind A only %v, max %d", pr[0], pr[1], depth, kindA, maxPaths)
				}
			}
		}
	}
}
