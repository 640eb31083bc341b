package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/colineage/colineage/graphstore"
)

// Traverse walks from the start nodes breadth first in one Cypher query.
//
// The nodes come from a variable-length match bounded by MaxDepth whose
// edge and node filters apply to every hop; asking for min(length(p)) per
// reached node lets Neo4j plan it as a pruning breadth-first expansion that
// reaches each node once, at its minimum depth, so the cost follows the
// edges visited rather than the paths. In the same query a pattern
// comprehension lists, for each returned node below MaxDepth, the edges
// leaving it in the traversal's direction; those whose other end is not
// returned are dropped here.
func (s *Store) Traverse(ctx context.Context, start []string, opts graphstore.TraverseOptions) (graphstore.Subgraph, error) {
	if err := s.begin(ctx, "traverse"); err != nil {
		return graphstore.Subgraph{}, err
	}
	o, err := opts.Normalize()
	if err != nil {
		return graphstore.Subgraph{}, fmt.Errorf("neo4j: %w", err)
	}
	ids := dedupe(start)
	if len(ids) == 0 {
		return graphstore.Subgraph{Nodes: []graphstore.NodeAt{}}, nil
	}
	cypher, params := traverseQuery(ids, o)
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, cypher, params)
	})
	if err != nil {
		return graphstore.Subgraph{}, fail(ctx, "traverse", err)
	}
	recs := res.([]*neo4j.Record)
	sub := graphstore.Subgraph{}
	if o.MaxNodes > 0 && len(recs) > o.MaxNodes {
		recs = recs[:o.MaxNodes]
		sub.Truncated = true
	}
	sub.Nodes = make([]graphstore.NodeAt, len(recs))
	included := make(map[string]bool, len(recs))
	type edgeKey struct{ from, to, kind string }
	seen := map[edgeKey]bool{}
	for i, r := range recs {
		n, err := nodeFrom(r.Values)
		if err != nil {
			return graphstore.Subgraph{}, fmt.Errorf("neo4j: traverse: %w", err)
		}
		d, _ := r.Values[4].(int64)
		sub.Nodes[i] = graphstore.NodeAt{Node: n, Depth: int(d)}
		included[n.ID] = true
	}
	for _, r := range recs {
		list, _ := r.Values[5].([]any)
		for _, v := range list {
			e, err := edgeFrom(v)
			if err != nil {
				return graphstore.Subgraph{}, fmt.Errorf("neo4j: traverse: %w", err)
			}
			k := edgeKey{e.From, e.To, e.Kind}
			if !included[e.From] || !included[e.To] || seen[k] {
				continue
			}
			seen[k] = true
			sub.Edges = append(sub.Edges, e)
		}
	}
	slices.SortFunc(sub.Nodes, graphstore.CompareNodesAt)
	slices.SortFunc(sub.Edges, graphstore.CompareEdges)
	return sub, nil
}

// arrows returns the left and right halves of a relationship pattern
// following direction d from the walked-from node.
func arrows(d graphstore.Direction) (string, string) {
	switch d {
	case graphstore.Upstream:
		return "<-", "-"
	case graphstore.Both:
		return "-", "-"
	}
	return "-", "->"
}

// traverseQuery builds the Cypher text and parameters of a traversal. Only
// validated relationship types, fixed arrows and the integer depth bound
// (which Cypher does not accept as a parameter) are written into the text.
func traverseQuery(start []string, o graphstore.TraverseOptions) (string, map[string]any) {
	params := map[string]any{"start": start, "maxDepth": int64(o.MaxDepth)}
	left, right := arrows(o.Direction)
	types := relTypes(o.EdgeKinds)

	var hop []string
	if f := filterExpr("r", "e", o.EdgeFilters, params); f != "" {
		hop = append(hop, "all(r IN relationships(p) WHERE "+f+")")
	}
	if f := filterExpr("x", "n", o.NodeFilters, params); f != "" {
		// Start nodes are included whatever the filters say.
		hop = append(hop, "all(x IN nodes(p) WHERE x.id IN $start OR ("+f+"))")
	}
	where := ""
	if len(hop) > 0 {
		where = " WHERE " + strings.Join(hop, " AND ")
	}
	var edgeWhere string
	if f := filterExpr("r", "e", o.EdgeFilters, params); f != "" {
		edgeWhere = " WHERE " + f
	}

	// The edges leaving n in the traversal's direction, as edgeProjection
	// with a the source and b the target of r.
	var leaving string
	switch o.Direction {
	case graphstore.Upstream:
		leaving = "[(n)<-[r" + types + "]-(m:" + nodeLabel + ")" + edgeWhere + " | [m.id, n.id, type(r), properties(r)]]"
	case graphstore.Both:
		leaving = "[(n)-[r" + types + "]-(m:" + nodeLabel + ")" + edgeWhere +
			" | [startNode(r).id, endNode(r).id, type(r), properties(r)]]"
	default:
		leaving = "[(n)-[r" + types + "]->(m:" + nodeLabel + ")" + edgeWhere + " | [n.id, m.id, type(r), properties(r)]]"
	}

	var sb strings.Builder
	sb.WriteString("CALL {\n")
	sb.WriteString("  MATCH (s:" + nodeLabel + ") WHERE s.id IN $start\n")
	sb.WriteString("  RETURN s AS n, 0 AS depth\n")
	sb.WriteString("  UNION ALL\n")
	sb.WriteString("  MATCH (s:" + nodeLabel + ") WHERE s.id IN $start\n")
	sb.WriteString("  MATCH p = (s)" + left + "[" + types + "*1.." + strconv.Itoa(o.MaxDepth) + "]" + right +
		"(u:" + nodeLabel + ")" + where + "\n")
	sb.WriteString("  RETURN u AS n, min(length(p)) AS depth\n")
	sb.WriteString("}\n")
	sb.WriteString("WITH n, min(depth) AS depth\n")
	sb.WriteString("ORDER BY depth, n.id\n")
	if o.MaxNodes > 0 {
		sb.WriteString("LIMIT $limit\n")
		params["limit"] = int64(o.MaxNodes) + 1
	}
	sb.WriteString("RETURN " + nodeProjection + ", depth,\n")
	sb.WriteString("  CASE WHEN depth < $maxDepth THEN " + leaving + " ELSE [] END")
	return sb.String(), params
}

// Paths returns the simple downstream paths from one node to another,
// shortest first (see graphstore.Store). The search is one bounded
// variable-length match; like any enumeration of paths its cost grows with
// the number of paths up to MaxDepth, so keep MaxDepth small on dense
// graphs.
func (s *Store) Paths(ctx context.Context, from, to string, opts graphstore.PathOptions) ([][]graphstore.Edge, error) {
	if err := s.begin(ctx, "paths"); err != nil {
		return nil, err
	}
	o, err := opts.Normalize()
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	params := map[string]any{"from": from, "to": to, "max": int64(o.MaxPaths)}
	where := "all(x IN nodes(p) WHERE single(y IN nodes(p) WHERE y = x))"
	if f := filterExpr("r", "e", o.EdgeFilters, params); f != "" {
		where += " AND all(r IN relationships(p) WHERE " + f + ")"
	}
	cypher := `MATCH (a:` + nodeLabel + ` {id: $from}), (b:` + nodeLabel + ` {id: $to})
MATCH p = (a)-[` + relTypes(o.EdgeKinds) + `*1..` + strconv.Itoa(o.MaxDepth) + `]->(b)
WHERE a <> b AND ` + where + `
WITH p ORDER BY length(p), [x IN nodes(p) | x.id], [r IN relationships(p) | type(r)]
LIMIT $max
RETURN [r IN relationships(p) | [startNode(r).id, endNode(r).id, type(r), properties(r)]]`
	// The ends are looked up first so a missing one is ErrNotFound.
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		ends, err := run(ctx, tx, "OPTIONAL MATCH (a:"+nodeLabel+" {id: $from}) OPTIONAL MATCH (b:"+nodeLabel+
			" {id: $to}) RETURN a IS NOT NULL AND b IS NOT NULL", params)
		if err != nil {
			return nil, err
		}
		if len(ends) != 1 || ends[0].Values[0] != true {
			return nil, nil
		}
		return run(ctx, tx, cypher, params)
	})
	if err != nil {
		return nil, fail(ctx, "paths", err)
	}
	if res == nil {
		return nil, fmt.Errorf("neo4j: paths %q->%q: %w", from, to, graphstore.ErrNotFound)
	}
	recs := res.([]*neo4j.Record)
	if len(recs) == 0 {
		return nil, nil
	}
	out := make([][]graphstore.Edge, len(recs))
	for i, r := range recs {
		list, _ := r.Values[0].([]any)
		out[i] = make([]graphstore.Edge, len(list))
		for j, v := range list {
			if out[i][j], err = edgeFrom(v); err != nil {
				return nil, fmt.Errorf("neo4j: paths: %w", err)
			}
		}
	}
	slices.SortStableFunc(out, graphstore.ComparePaths)
	return out, nil
}

func dedupe(ids []string) []string {
	out := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func sortNodes(ns []graphstore.Node) {
	slices.SortFunc(ns, func(a, b graphstore.Node) int { return strings.Compare(a.ID, b.ID) })
}
