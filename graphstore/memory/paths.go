package memory

import (
	"context"
	"fmt"
	"slices"

	"github.com/colineage/colineage/graphstore"
)

// Paths returns the simple downstream paths from one node to another,
// shortest first (graphstore.ComparePaths). A backward breadth-first walk
// from the target bounds the search: a step is only taken towards nodes
// that can still reach the target within the remaining depth.
func (s *Store) Paths(ctx context.Context, from, to string, opts graphstore.PathOptions) ([][]graphstore.Edge, error) {
	o, err := opts.Normalize()
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	if err := s.readLock(ctx, "paths"); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	src, ok := s.idx.vertices[from]
	if !ok {
		return nil, fmt.Errorf("memory: paths: node %q: %w", from, graphstore.ErrNotFound)
	}
	dst, ok := s.idx.vertices[to]
	if !ok {
		return nil, fmt.Errorf("memory: paths: node %q: %w", to, graphstore.ErrNotFound)
	}
	if src == dst {
		return nil, nil
	}
	w := walker{kinds: o.EdgeKinds, edgeFilters: o.EdgeFilters}

	// dist[v]: fewest edges from v to the target, up to MaxDepth.
	dist := map[*vertex]int{dst: 0}
	level := []*vertex{dst}
	for d := 0; d < o.MaxDepth && len(level) > 0; d++ {
		var next []*vertex
		for _, v := range level {
			for _, l := range v.in {
				if _, seen := dist[l.from]; !seen && w.linkOK(l) {
					dist[l.from] = d + 1
					next = append(next, l.from)
				}
			}
		}
		level = next
	}
	shortest, ok := dist[src]
	if !ok {
		return nil, nil
	}

	var out [][]graphstore.Edge
	onPath := map[*vertex]bool{src: true}
	var path []graphstore.Edge
	var found [][]graphstore.Edge
	steps := 0
	var walk func(u *vertex, left int) error
	walk = func(u *vertex, left int) error {
		if steps++; steps%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for _, l := range u.out {
			v := l.to
			d, reach := dist[v]
			if !reach || d > left-1 || onPath[v] {
				continue
			}
			if v == dst && left != 1 {
				continue // the target ends a path; this length is for later
			}
			for i := range l.recs {
				r := &l.recs[i]
				if !w.recOK(r) {
					continue
				}
				path = append(path, r.export(l))
				if v == dst {
					found = append(found, slices.Clone(path))
				} else {
					onPath[v] = true
					err := walk(v, left-1)
					onPath[v] = false
					if err != nil {
						return err
					}
				}
				path = path[:len(path)-1]
			}
		}
		return nil
	}
	for length := shortest; length <= o.MaxDepth && len(out) < o.MaxPaths; length++ {
		found = found[:0]
		if err := walk(src, length); err != nil {
			return nil, fmt.Errorf("memory: paths: %w", err)
		}
		slices.SortFunc(found, graphstore.ComparePaths)
		out = append(out, found[:min(len(found), o.MaxPaths-len(out))]...)
	}
	return out, nil
}
