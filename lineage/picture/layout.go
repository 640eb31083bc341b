package picture

import (
	"sort"

	"github.com/colineage/colineage/lineage"
)

// Layout is a trace laid out in layers from left to right: data flows
// from a layer to the ones on its right.
type Layout struct {
	Width, Height float64
	Nodes         []PlacedNode
	Edges         []PlacedEdge
}

// PlacedNode is a node of a Layout: a box whose top-left corner is (X, Y).
type PlacedNode struct {
	lineage.TraceNode
	Layer      int
	X, Y, W, H float64
	// PII is the node's PII state (PIIRaw, PIIMasked or PIINone).
	PII   string
	Start bool
}

// PlacedEdge is an edge of a Layout, from the right side of its From box
// to the left side of its To box.
type PlacedEdge struct {
	lineage.TraceEdge
	X1, Y1, X2, Y2 float64
}

// Layout sizes, in SVG user units.
const (
	nodeH    = 28.0
	charW    = 6.6
	padX     = 12.0
	layerGap = 90.0
	rowGap   = 18.0
	margin   = 20.0
)

// LayoutOf lays a trace out: each node in the layer one past the deepest
// of its predecessors (longest path; edges that close a cycle are
// ignored), nodes ordered within their layer by the mean position of
// their neighbours (a few barycentre sweeps), so that edges cross little.
// It costs O((V+E) log V) per sweep.
func LayoutOf(tr lineage.Trace, opts ...Option) Layout {
	nodes := sortedNodes(tr)
	pii := PII(tr, opts...)
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.ID] = i
	}
	var edges []lineage.TraceEdge
	for _, e := range tr.Edges {
		_, okf := index[e.From]
		_, okt := index[e.To]
		if okf && okt && e.From != e.To {
			edges = append(edges, e)
		}
	}
	layer := layers(len(nodes), edges, index)

	// Rows per layer, first in node order, then by barycentre.
	nl := 0
	for _, l := range layer {
		nl = max(nl, l+1)
	}
	rows := make([][]int, nl)
	for i := range nodes {
		rows[layer[i]] = append(rows[layer[i]], i)
	}
	pos := make([]float64, len(nodes))
	setPos := func() {
		for _, r := range rows {
			for k, i := range r {
				pos[i] = float64(k)
			}
		}
	}
	setPos()
	preds := make([][]int, len(nodes))
	succs := make([][]int, len(nodes))
	for _, e := range edges {
		f, t := index[e.From], index[e.To]
		succs[f] = append(succs[f], t)
		preds[t] = append(preds[t], f)
	}
	for sweep := 0; sweep < 4; sweep++ {
		nbrs := preds
		order := make([]int, nl)
		for l := range order {
			order[l] = l
		}
		if sweep%2 == 1 {
			nbrs = succs
			for l := range order {
				order[l] = nl - 1 - l
			}
		}
		for _, l := range order {
			r := rows[l]
			bary := make(map[int]float64, len(r))
			for _, i := range r {
				if len(nbrs[i]) == 0 {
					bary[i] = pos[i]
					continue
				}
				s := 0.0
				for _, j := range nbrs[i] {
					s += pos[j]
				}
				bary[i] = s / float64(len(nbrs[i]))
			}
			sort.SliceStable(r, func(a, b int) bool { return bary[r[a]] < bary[r[b]] })
			for k, i := range r {
				pos[i] = float64(k)
			}
		}
	}

	start := map[string]bool{}
	for _, id := range tr.Start {
		start[id] = true
	}
	out := Layout{Nodes: make([]PlacedNode, len(nodes))}
	x := margin
	for l, r := range rows {
		w := 0.0
		for _, i := range r {
			w = max(w, float64(len([]rune(label(nodes[i]))))*charW+2*padX)
		}
		for k, i := range r {
			out.Nodes[i] = PlacedNode{TraceNode: nodes[i], Layer: l, X: x, Y: margin + float64(k)*(nodeH+rowGap),
				W: w, H: nodeH, PII: pii[nodes[i].ID], Start: start[nodes[i].ID]}
		}
		x += w + layerGap
		out.Height = max(out.Height, margin*2+float64(len(r))*(nodeH+rowGap)-rowGap)
	}
	out.Width = x - layerGap + margin
	if len(nodes) == 0 {
		out.Width, out.Height = 2*margin, 2*margin
	}
	for _, e := range edges {
		f, t := out.Nodes[index[e.From]], out.Nodes[index[e.To]]
		pe := PlacedEdge{TraceEdge: e, X1: f.X + f.W, Y1: f.Y + f.H/2, X2: t.X, Y2: t.Y + t.H/2}
		if t.Layer <= f.Layer {
			// A back edge (a cycle): from the right of To's box back to the left of From's.
			pe.X1, pe.X2 = f.X, t.X+t.W
		}
		out.Edges = append(out.Edges, pe)
	}
	return out
}

// layers assigns each node its longest-path layer by Kahn's algorithm;
// nodes on cycles are released in node order once nothing else can go.
func layers(n int, edges []lineage.TraceEdge, index map[string]int) []int {
	indeg := make([]int, n)
	succs := make([][]int, n)
	for _, e := range edges {
		f, t := index[e.From], index[e.To]
		succs[f] = append(succs[f], t)
		indeg[t]++
	}
	layer := make([]int, n)
	done := make([]bool, n)
	var queue []int
	for i := 0; i < n; i++ {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	next := 0 // the lowest node not yet placed, for breaking cycles
	for placed := 0; placed < n; {
		if len(queue) == 0 {
			for done[next] {
				next++
			}
			queue = append(queue, next)
			indeg[next] = 0
		}
		i := queue[0]
		queue = queue[1:]
		if done[i] {
			continue
		}
		done[i] = true
		placed++
		for _, t := range succs[i] {
			if done[t] {
				continue
			}
			layer[t] = max(layer[t], layer[i]+1)
			indeg[t]--
			if indeg[t] == 0 {
				queue = append(queue, t)
			}
		}
	}
	return layer
}
