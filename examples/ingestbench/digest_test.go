package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// graphDigest hashes every node (id, kind, tags, properties) and every
// edge (key, properties, first and last seen, count) of a store, in id
// order, so that two graphs with the same digest are the same graph.
func graphDigest(t testing.TB, s graphstore.Store) (string, graphstore.Counts) {
	ctx := context.Background()
	nodes, err := s.Find(ctx, graphstore.Query{})
	require.NoError(t, err)
	h := sha256.New()
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
		fmt.Fprintf(h, "N %q %q %q ", n.ID, n.Kind, n.Tags)
		writeProps(h, n.Props)
	}
	sub, err := s.Traverse(ctx, ids, graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 1})
	require.NoError(t, err)
	for _, e := range sub.Edges {
		fmt.Fprintf(h, "E %q %q %q %s %s %d ", e.From, e.To, e.Kind,
			e.FirstSeen.Format(time.RFC3339Nano), e.LastSeen.Format(time.RFC3339Nano), e.Count)
		writeProps(h, e.Props)
	}
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	require.EqualValues(t, len(nodes), c.Nodes)
	require.EqualValues(t, len(sub.Edges), c.Edges)
	return hex.EncodeToString(h.Sum(nil)), c
}

func writeProps(w io.Writer, p map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(p)) {
		fmt.Fprintf(w, "%q=%T:%v ", k, p[k], p[k])
	}
	fmt.Fprintln(w)
}

func ingestSynthetic(t testing.TB, n, batch int) graphstore.Store {
	g := newGenerator(n, 40, 11)
	cat := lineage.NewMemoryCatalog()
	require.NoError(t, g.defineTables(cat))
	s := memory.New()
	sum, err := lineage.NewEngine(s, cat, lineage.WithBatchSize(batch)).Ingest(context.Background(), g)
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	return s
}

// TestGraphDigest pins the graph a synthetic log makes: the compact
// structures of the ingest path and the memory store must give back
// exactly the nodes, edges, properties, times and counts they were given.
// The digest was taken before the memory work of December 2026 and
// retaken when OF edges came to count reads instead of batches (every
// other node and edge unchanged); a change that means to change the graph
// updates it and says so.
func TestGraphDigest(t *testing.T) {
	const want = "b307ba11f26ee6ac28a4d847a6c792872989b833ebacc71e720edfcd77bcb876"
	got, c := graphDigest(t, ingestSynthetic(t, 30000, 4000))
	t.Logf("%d nodes, %d edges", c.Nodes, c.Edges)
	assert.Equal(t, want, got)
}

// TestGraphSameForAnyBatchSize checks that how the statements are cut into
// batches changes nothing in the graph: not a node, a property, a time or
// a count, the counts of READ and OF edges included.
func TestGraphSameForAnyBatchSize(t *testing.T) {
	a, ca := graphDigest(t, ingestSynthetic(t, 6000, 6000))
	b, cb := graphDigest(t, ingestSynthetic(t, 6000, 97))
	assert.Equal(t, ca, cb)
	assert.Equal(t, a, b)
	assert.Positive(t, ca.Edges)
}
