package lineage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// TestReadAggregateCountsDoNotDependOnBatches: a Read node's OF edge
// counts the reads it aggregates, as its READ edge does, with the same
// first and last time, however the log is cut into batches or into
// Ingests; and the whole graph is the same for every cut.
func TestReadAggregateCountsDoNotDependOnBatches(t *testing.T) {
	ctx := context.Background()
	log := resumeLog(160)
	ingest := func(batch int, parts ...[]lineage.Statement) graphstore.Store {
		s := memory.New()
		eng := lineage.NewEngine(s, nil, lineage.WithBatchSize(batch), lineage.WithWorkers(3))
		for i, p := range parts {
			sum, err := eng.Ingest(ctx, lineage.Statements(p...), lineage.IngestKey(fmt.Sprint("part", i)))
			require.NoError(t, err)
			require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
		}
		return s
	}
	whole := ingest(1000, log)
	wantN, wantE := storeDigest(t, whole)

	reads, err := whole.Find(ctx, graphstore.Query{Kind: lineage.NodeRead})
	require.NoError(t, err)
	require.NotEmpty(t, reads)
	ids := make([]string, len(reads))
	for i, n := range reads {
		ids[i] = n.ID
	}
	sub, err := whole.Traverse(ctx, ids, graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 1,
		EdgeKinds: []string{lineage.EdgeRead, lineage.EdgeOf}})
	require.NoError(t, err)
	readOf, ofOf := map[string]graphstore.Edge{}, map[string]graphstore.Edge{}
	for _, e := range sub.Edges {
		switch e.Kind {
		case lineage.EdgeRead:
			readOf[e.To] = e
		case lineage.EdgeOf:
			ofOf[e.From] = e
		}
	}
	require.Len(t, ofOf, len(reads))
	several := 0
	for id, of := range ofOf {
		rd, ok := readOf[id]
		require.True(t, ok, id)
		assert.Equal(t, rd.Count, of.Count, "%s: OF counts the reads", id)
		assert.Equal(t, rd.FirstSeen, of.FirstSeen, id)
		assert.Equal(t, rd.LastSeen, of.LastSeen, id)
		if of.Count > 1 {
			several++
		}
	}
	require.Positive(t, several, "some Read aggregates hold several reads")

	for _, cut := range []struct {
		name  string
		batch int
		parts [][]lineage.Statement
	}{
		{"batches of 1", 1, [][]lineage.Statement{log}},
		{"batches of 7", 7, [][]lineage.Statement{log}},
		{"two ingests", 1000, [][]lineage.Statement{log[:len(log)/2], log[len(log)/2:]}},
	} {
		assertSameGraph(t, wantN, wantE, ingest(cut.batch, cut.parts...), cut.name, "one batch")
	}
}
