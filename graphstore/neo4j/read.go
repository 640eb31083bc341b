package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/colineage/colineage/graphstore"
)

// nodeProjection is what node queries return for n; nodeFrom decodes it.
const nodeProjection = "n.id, n.kind, n.tags, properties(n)"

// Node returns one node or graphstore.ErrNotFound.
func (s *Store) Node(ctx context.Context, id string) (graphstore.Node, error) {
	if err := s.begin(ctx, "node"); err != nil {
		return graphstore.Node{}, err
	}
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, "MATCH (n:"+nodeLabel+" {id: $id}) RETURN "+nodeProjection, map[string]any{"id": id})
	})
	if err != nil {
		return graphstore.Node{}, fail(ctx, "node", err)
	}
	recs := res.([]*neo4j.Record)
	if len(recs) == 0 {
		return graphstore.Node{}, fmt.Errorf("neo4j: node %q: %w", id, graphstore.ErrNotFound)
	}
	n, err := nodeFrom(recs[0].Values)
	if err != nil {
		return graphstore.Node{}, fmt.Errorf("neo4j: %w", err)
	}
	return n, nil
}

// Edge returns one edge or graphstore.ErrNotFound. A kind that is not a
// graphstore.ValidName names no edge.
func (s *Store) Edge(ctx context.Context, from, to, kind string) (graphstore.Edge, error) {
	if err := s.begin(ctx, "edge"); err != nil {
		return graphstore.Edge{}, err
	}
	notFound := fmt.Errorf("neo4j: edge %q->%q %s: %w", from, to, kind, graphstore.ErrNotFound)
	if !graphstore.ValidName(kind) {
		return graphstore.Edge{}, notFound
	}
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, "MATCH (a:"+nodeLabel+" {id: $from})-[r:"+kind+"]->(b:"+nodeLabel+" {id: $to}) RETURN "+
			edgeProjection, map[string]any{"from": from, "to": to})
	})
	if err != nil {
		return graphstore.Edge{}, fail(ctx, "edge", err)
	}
	recs := res.([]*neo4j.Record)
	if len(recs) == 0 {
		return graphstore.Edge{}, notFound
	}
	e, err := edgeFrom(recs[0].Values[0])
	if err != nil {
		return graphstore.Edge{}, fmt.Errorf("neo4j: %w", err)
	}
	return e, nil
}

// Find returns the nodes that match q, sorted by ID. A Kind uses the kind's
// label, so the scan covers that kind's nodes only.
func (s *Store) Find(ctx context.Context, q graphstore.Query) ([]graphstore.Node, error) {
	if err := s.begin(ctx, "find"); err != nil {
		return nil, err
	}
	q, err := q.Normalize()
	if err != nil {
		return nil, fmt.Errorf("neo4j: %w", err)
	}
	params := map[string]any{}
	label := nodeLabel
	where := []string{}
	if q.Kind != "" {
		// q.Kind passed graphstore.ValidName in Normalize.
		label = nodeLabel + ":" + q.Kind
		params["kind"] = q.Kind
		where = append(where, "n.kind = $kind")
	}
	if q.Tag != "" {
		params["tag"] = q.Tag
		where = append(where, "$tag IN n.tags")
	}
	if len(q.Props) > 0 {
		fs := make([]graphstore.Filter, 0, len(q.Props))
		for k, v := range q.Props {
			fs = append(fs, graphstore.Filter{Key: k, Op: graphstore.Eq, Value: v})
		}
		where = append(where, filterExpr("n", "f", fs, params))
	}
	cypher := "MATCH (n:" + label + ")"
	for i, w := range where {
		if i == 0 {
			cypher += " WHERE " + w
		} else {
			cypher += " AND " + w
		}
	}
	cypher += " RETURN " + nodeProjection + " ORDER BY n.id"
	if q.Limit > 0 {
		cypher += " LIMIT $limit"
		params["limit"] = int64(q.Limit)
	}
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, cypher, params)
	})
	if err != nil {
		return nil, fail(ctx, "find", err)
	}
	recs := res.([]*neo4j.Record)
	out := make([]graphstore.Node, len(recs))
	for i, r := range recs {
		if out[i], err = nodeFrom(r.Values); err != nil {
			return nil, fmt.Errorf("neo4j: find: %w", err)
		}
	}
	sortNodes(out)
	return out, nil
}

// DeleteNode removes a node and every edge touching it. Deleting an absent
// node is not an error.
func (s *Store) DeleteNode(ctx context.Context, id string) error {
	if err := s.begin(ctx, "delete node"); err != nil {
		return err
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, "MATCH (n:"+nodeLabel+" {id: $id}) DETACH DELETE n", map[string]any{"id": id})
	})
	if err != nil {
		return fail(ctx, "delete node", err)
	}
	return nil
}

// Counts returns the numbers of nodes and edges, from Neo4j's count store.
func (s *Store) Counts(ctx context.Context) (graphstore.Counts, error) {
	if err := s.begin(ctx, "counts"); err != nil {
		return graphstore.Counts{}, err
	}
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		nodes, err := run(ctx, tx, "MATCH (n:"+nodeLabel+") RETURN count(n)", nil)
		if err != nil {
			return nil, err
		}
		edges, err := run(ctx, tx, "MATCH ()-[r]->() RETURN count(r)", nil)
		if err != nil {
			return nil, err
		}
		n, _ := nodes[0].Values[0].(int64)
		e, _ := edges[0].Values[0].(int64)
		return graphstore.Counts{Nodes: n, Edges: e}, nil
	})
	if err != nil {
		return graphstore.Counts{}, fail(ctx, "counts", err)
	}
	return res.(graphstore.Counts), nil
}
