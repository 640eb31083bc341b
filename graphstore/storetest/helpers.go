package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// t0 is the base time of observations in the suite.
var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func at(hours int) time.Time { return t0.Add(time.Duration(hours) * time.Hour) }

func upsert(t *testing.T, s graphstore.Store, b graphstore.Batch) {
	t.Helper()
	require.NoError(t, s.Upsert(context.Background(), b))
}

func col(id string) graphstore.Node { return graphstore.Node{ID: id, Kind: "Column"} }

func cols(ids ...string) []graphstore.Node {
	out := make([]graphstore.Node, len(ids))
	for i, id := range ids {
		out[i] = col(id)
	}
	return out
}

func edge(from, to, kind string) graphstore.Edge {
	return graphstore.Edge{From: from, To: to, Kind: kind}
}

// nodeKeys renders traversal nodes as "id@depth" in result order.
func nodeKeys(nodes []graphstore.NodeAt) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, fmt.Sprintf("%s@%d", n.ID, n.Depth))
	}
	return out
}

// edgeKeys renders edges as "from->to:kind" in result order.
func edgeKeys(edges []graphstore.Edge) []string {
	out := make([]string, 0, len(edges))
	for _, e := range edges {
		out = append(out, e.From+"->"+e.To+":"+e.Kind)
	}
	return out
}

// pathKey renders a path as "a-K->b-K->c".
func pathKey(p []graphstore.Edge) string {
	if len(p) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(p[0].From)
	for _, e := range p {
		fmt.Fprintf(&sb, "-%s->%s", e.Kind, e.To)
	}
	return sb.String()
}

func pathKeys(ps [][]graphstore.Edge) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, pathKey(p))
	}
	return out
}

func nodeIDs(nodes []graphstore.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, n.ID)
	}
	return out
}

func counts(t *testing.T, s graphstore.Store) graphstore.Counts {
	t.Helper()
	c, err := s.Counts(context.Background())
	require.NoError(t, err)
	return c
}

func getEdge(t *testing.T, s graphstore.Store, from, to, kind string) graphstore.Edge {
	t.Helper()
	e, err := s.Edge(context.Background(), from, to, kind)
	require.NoError(t, err, "edge %s->%s:%s", from, to, kind)
	return e
}

func getNode(t *testing.T, s graphstore.Store, id string) graphstore.Node {
	t.Helper()
	n, err := s.Node(context.Background(), id)
	require.NoError(t, err, "node %s", id)
	return n
}
