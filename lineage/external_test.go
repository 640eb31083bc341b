package lineage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// TestRecordMatchesIngest: a statement recorded as external lineage, with
// its occurrences, writes what ingesting those occurrences writes.
func TestRecordMatchesIngest(t *testing.T) {
	ctx := context.Background()
	t1 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(30 * time.Minute)
	sql := "INSERT INTO mart.revenue (day, revenue) SELECT day, SUM(md5(amount)) FROM raw.orders WHERE amount > 0 GROUP BY day"

	ingested := memory.New()
	_, err := lineage.NewEngine(ingested, nil).Ingest(ctx, lineage.Statements(
		pg(sql, "ann", "", t1), pg(sql, "ann", "", t2), pg(sql, "bob", "", t2)))
	require.NoError(t, err)

	res, err := lineage.NewAnalyzer(nil).Analyze(ctx, pg(sql, "", "", time.Time{}))
	require.NoError(t, err)
	sr := res.Statements[0]
	// Lineage stated by another tool: no digest of its own, the shape given.
	stated := lineage.StatementResult{Target: sr.Target, Columns: sr.Columns, Sources: sr.Sources, Edges: sr.Edges, Reads: sr.Reads}
	recorded := memory.New()
	eng := lineage.NewEngine(recorded, nil)
	ext := lineage.External{
		Statements: []lineage.StatementResult{stated},
		Query:      &lineage.QueryShape{Digest: sr.Digest(), Normalized: sr.Normalized(), Kind: sr.Kind.String()},
		Dialect:    "postgres",
		Occurrences: []lineage.Occurrence{
			{User: "ann", First: t1, Last: t2, Count: 2},
			{User: "bob", First: t2, Last: t2, Count: 1},
		},
	}
	n, err := eng.Record(ctx, "ext#1", ext)
	require.NoError(t, err)
	assert.Equal(t, 4, n, "day and amount into their columns; amount (filter) and day (group by) into the table")

	want, got := graphLines(t, ingested), graphLines(t, recorded)
	require.NotEmpty(t, want)
	assert.Equal(t, want, got)

	// The same key again changes nothing, counts included.
	_, err = eng.Record(ctx, "ext#1", ext)
	require.NoError(t, err)
	assert.Equal(t, got, graphLines(t, recorded))
	e, err := recorded.Edge(ctx, "postgres://shop.raw.orders.amount", "postgres://shop.mart.revenue.revenue", lineage.EdgeMasked)
	require.NoError(t, err)
	assert.Equal(t, int64(3), e.Count)
	assert.Equal(t, t1, e.FirstSeen)
	assert.Equal(t, t2, e.LastSeen)

	_, err = eng.Record(ctx, "", ext)
	assert.ErrorIs(t, err, lineage.ErrNoKey)
}

// graphLines lists a store's nodes and edges.
func graphLines(t *testing.T, s graphstore.Store) []string {
	t.Helper()
	ctx := context.Background()
	nodes, err := s.Find(ctx, graphstore.Query{})
	require.NoError(t, err)
	var ids, out []string
	for _, n := range nodes {
		ids = append(ids, n.ID)
		out = append(out, n.ID+" "+n.Kind+" "+fmtProps(n.Props))
	}
	sub, err := s.Traverse(ctx, ids, graphstore.TraverseOptions{MaxDepth: 1})
	require.NoError(t, err)
	for _, e := range sub.Edges {
		out = append(out, e.From+" -"+e.Kind+"-> "+e.To+" "+fmtProps(e.Props)+" "+
			e.FirstSeen.String()+" "+e.LastSeen.String()+" "+fmt.Sprint(e.Count))
	}
	return out
}

func fmtProps(p map[string]any) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v ", k, p[k])
	}
	return b.String()
}
