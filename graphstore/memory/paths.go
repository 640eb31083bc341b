package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/colineage/colineage/graphstore"
)

// Paths returns the simple downstream paths from one node to another,
// shortest first (graphstore.ComparePaths). A backward breadth-first walk
// from the target bounds the search: a step is only taken towards nodes
// that can still reach the target within the remaining depth. Paths are
// produced in their final order, so the work stops at MaxPaths.
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
			for _, l := range v.in.all() {
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

	// Paths of each length in turn, shortest first. Within a length, the
	// walk visits successors in id order, so node sequences come out in
	// order; each sequence then yields its kind combinations in order. The
	// search stops as soon as MaxPaths paths are found.
	var out [][]graphstore.Edge
	onPath := map[*vertex]bool{src: true}
	var links []*link
	steps := 0
	emit := func() {
		// Odometer over the followed edges of each link, last fastest.
		choice := make([][]int, len(links))
		for i, l := range links {
			for k := range l.n() {
				if w.recOK(l.at(k)) {
					choice[i] = append(choice[i], k)
				}
			}
		}
		pos := make([]int, len(links))
		for len(out) < o.MaxPaths {
			p := make([]graphstore.Edge, len(links))
			for i, l := range links {
				p[i] = l.at(choice[i][pos[i]]).export(l)
			}
			out = append(out, p)
			i := len(pos) - 1
			for ; i >= 0; i-- {
				if pos[i]++; pos[i] < len(choice[i]) {
					break
				}
				pos[i] = 0
			}
			if i < 0 {
				return
			}
		}
	}
	var walk func(u *vertex, left int) error
	walk = func(u *vertex, left int) error {
		if steps++; steps%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var next []*link
		for _, l := range u.out.all() {
			v := l.to
			if d, reach := dist[v]; !reach || d > left-1 || onPath[v] || (v == dst) != (left == 1) {
				continue
			}
			if w.linkOK(l) {
				next = append(next, l)
			}
		}
		slices.SortFunc(next, func(a, b *link) int { return strings.Compare(a.to.id, b.to.id) })
		for _, l := range next {
			if len(out) >= o.MaxPaths {
				return nil
			}
			links = append(links, l)
			if l.to == dst {
				emit()
			} else {
				onPath[l.to] = true
				err := walk(l.to, left-1)
				onPath[l.to] = false
				if err != nil {
					return err
				}
			}
			links = links[:len(links)-1]
		}
		return nil
	}
	for length := shortest; length <= o.MaxDepth && len(out) < o.MaxPaths; length++ {
		if err := walk(src, length); err != nil {
			return nil, fmt.Errorf("memory: paths: %w", err)
		}
	}
	return out, nil
}
