package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/colineage/colineage/graphstore"
)

// walker holds the normalised rules of one traversal or path search.
type walker struct {
	kinds       []string // empty: every kind
	edgeFilters []graphstore.Filter
	nodeFilters []graphstore.Filter
}

func (w *walker) recOK(r *edgeRec) bool {
	if len(w.kinds) > 0 && !slices.Contains(w.kinds, r.kind()) {
		return false
	}
	return graphstore.MatchAll(r.props, w.edgeFilters)
}

// linkOK reports whether any edge of the link may be followed.
func (w *walker) linkOK(l *link) bool {
	for i := range l.n() {
		if w.recOK(l.at(i)) {
			return true
		}
	}
	return false
}

// Traverse walks breadth first from the start nodes. Its cost is the sum of
// the degrees of the nodes it reaches, whatever the size of the graph.
func (s *Store) Traverse(ctx context.Context, start []string, opts graphstore.TraverseOptions) (graphstore.Subgraph, error) {
	o, err := opts.Normalize()
	if err != nil {
		return graphstore.Subgraph{}, fmt.Errorf("memory: %w", err)
	}
	if err := s.readLock(ctx, "traverse"); err != nil {
		return graphstore.Subgraph{}, err
	}
	defer s.mu.RUnlock()
	w := walker{kinds: o.EdgeKinds, edgeFilters: o.EdgeFilters, nodeFilters: o.NodeFilters}
	down := o.Direction != graphstore.Upstream
	up := o.Direction != graphstore.Downstream

	depth := make(map[*vertex]int, 64)
	var order []*vertex // included nodes in (depth, id) order
	var level []*vertex
	for _, id := range start {
		if v, ok := s.idx.vertices[id]; ok {
			if _, seen := depth[v]; !seen {
				depth[v] = 0
				level = append(level, v)
			}
		}
	}
	truncated := false
	// cut sorts a completed level, appends it to order and applies MaxNodes.
	cut := func(level []*vertex) bool {
		slices.SortFunc(level, func(a, b *vertex) int { return strings.Compare(a.id, b.id) })
		if o.MaxNodes > 0 && len(order)+len(level) > o.MaxNodes {
			keep := o.MaxNodes - len(order)
			for _, v := range level[keep:] {
				delete(depth, v)
			}
			level = level[:keep]
			truncated = true
		}
		order = append(order, level...)
		return truncated
	}
	if cut(level) {
		level = nil
	}
	visit := func(v *vertex, d int, next *[]*vertex) {
		if _, seen := depth[v]; seen {
			return
		}
		if !graphstore.MatchAll(v.props, w.nodeFilters) {
			depth[v] = -1 // rejected: never included, never expanded
			return
		}
		depth[v] = d
		*next = append(*next, v)
	}
	for d := 0; d < o.MaxDepth && len(level) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return graphstore.Subgraph{}, fmt.Errorf("memory: traverse: %w", err)
		}
		var next []*vertex
		for _, u := range level {
			if down {
				for _, l := range u.out.all() {
					if w.linkOK(l) {
						visit(l.to, d+1, &next)
					}
				}
			}
			if up {
				for _, l := range u.in.all() {
					if w.linkOK(l) {
						visit(l.from, d+1, &next)
					}
				}
			}
		}
		if cut(next) {
			break
		}
		level = next
	}

	sub := graphstore.Subgraph{Truncated: truncated, Nodes: make([]graphstore.NodeAt, len(order))}
	for i, v := range order {
		sub.Nodes[i] = graphstore.NodeAt{Node: v.export(), Depth: depth[v]}
	}
	included := func(v *vertex) (int, bool) {
		d, ok := depth[v]
		return d, ok && d >= 0
	}
	// Edges are collected as references, sorted, then copied out.
	type ref struct {
		l *link
		i int
	}
	var refs []ref
	addRecs := func(l *link) {
		for i := range l.n() {
			if w.recOK(l.at(i)) {
				refs = append(refs, ref{l, i})
			}
		}
	}
	for _, u := range order {
		du := depth[u]
		if du >= o.MaxDepth {
			continue
		}
		if down {
			for _, l := range u.out.all() {
				if _, ok := included(l.to); ok {
					addRecs(l)
				}
			}
		}
		if up {
			for _, l := range u.in.all() {
				df, ok := included(l.from)
				// In both directions an edge whose source also leaves
				// below the bound was taken from the source's out list.
				if ok && !(down && df < o.MaxDepth) {
					addRecs(l)
				}
			}
		}
	}
	slices.SortFunc(refs, func(a, b ref) int {
		if a.l != b.l {
			if c := strings.Compare(a.l.from.id, b.l.from.id); c != 0 {
				return c
			}
			return strings.Compare(a.l.to.id, b.l.to.id)
		}
		return a.i - b.i // recs are sorted by kind
	})
	if len(refs) > 0 {
		sub.Edges = make([]graphstore.Edge, len(refs))
		for k, r := range refs {
			sub.Edges[k] = r.l.at(r.i).export(r.l)
		}
	}
	return sub, nil
}
