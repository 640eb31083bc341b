package memory

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dominikbraun/graph"
	"github.com/dominikbraun/graph/draw"

	"github.com/colineage/colineage/graphstore"
)

// WriteDOT renders the whole store in the Graphviz DOT language through the
// dominikbraun/graph draw package: one vertex per node (labelled with its
// id and kind) and one edge per connected pair (labelled with the edge
// kinds). Statement order is not stable between calls.
func (s *Store) WriteDOT(ctx context.Context, w io.Writer) error {
	if err := s.readLock(ctx, "write dot"); err != nil {
		return err
	}
	nodes := make([]graphstore.Node, 0, len(s.idx.vertices))
	var edges []graphstore.Edge
	for _, v := range s.idx.vertices {
		nodes = append(nodes, graphstore.Node{ID: v.id, Kind: v.kind()})
		for _, l := range v.out.all() {
			for i := range l.n() {
				edges = append(edges, graphstore.Edge{From: l.from.id, To: l.to.id, Kind: l.at(i).kind()})
			}
		}
	}
	s.mu.RUnlock()
	if err := writeDOT(w, nodes, edges); err != nil {
		return fmt.Errorf("memory: write dot: %w", err)
	}
	return nil
}

// WriteSubgraphDOT renders a traversal result (from any Store) in the
// Graphviz DOT language; node labels carry the depth.
func WriteSubgraphDOT(w io.Writer, sub graphstore.Subgraph) error {
	nodes := make([]graphstore.Node, len(sub.Nodes))
	for i, n := range sub.Nodes {
		nodes[i] = graphstore.Node{ID: n.ID, Kind: fmt.Sprintf("%s @%d", n.Kind, n.Depth)}
	}
	if err := writeDOT(w, nodes, sub.Edges); err != nil {
		return fmt.Errorf("memory: write subgraph dot: %w", err)
	}
	return nil
}

// dotQuote escapes s for a double-quoted DOT string. draw's template
// writes vertex hashes and attribute values between quotes as they are.
func dotQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(s)
}

func writeDOT(w io.Writer, nodes []graphstore.Node, edges []graphstore.Edge) error {
	g := graph.New(graph.StringHash, graph.Directed())
	for _, n := range nodes {
		label := n.ID
		if n.Kind != "" {
			label += "\n" + n.Kind
		}
		if err := g.AddVertex(dotQuote(n.ID), graph.VertexAttribute("label", dotQuote(label))); err != nil {
			return err
		}
	}
	kinds := map[[2]string][]string{}
	var pairs [][2]string
	for _, e := range edges {
		p := [2]string{e.From, e.To}
		if _, ok := kinds[p]; !ok {
			pairs = append(pairs, p)
		}
		kinds[p] = append(kinds[p], e.Kind)
	}
	for _, p := range pairs {
		ks := kinds[p]
		slices.Sort(ks)
		if err := g.AddEdge(dotQuote(p[0]), dotQuote(p[1]),
			graph.EdgeAttribute("label", dotQuote(strings.Join(slices.Compact(ks), ",")))); err != nil {
			return fmt.Errorf("edge %q->%q: %w", p[0], p[1], err)
		}
	}
	return draw.DOT(g, w)
}
