package openlineage

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// emitWarehouse emits the sample warehouse's events as JSON lines.
func emitWarehouse(t testing.TB, opts ...Option) []byte {
	t.Helper()
	ctx := context.Background()
	cat, srcs := warehouseSources(t)
	var buf bytes.Buffer
	opts = append([]Option{WithNamespace(warehouseNamespace, lineage.Redshift, lineage.Defaults{}), WithRunTime(runTime)}, opts...)
	e := NewEmitter(NewJSONLines(&buf), opts...)
	a := lineage.NewAnalyzer(cat)
	for _, src := range srcs {
		sum, err := EmitSource(ctx, e, src, a)
		require.NoError(t, err)
		require.Zero(t, sum.Failed, "%v", sum.Errors)
	}
	return buf.Bytes()
}

// TestRoundTripWarehouse: the events emitted for the sample warehouse, read
// back, give the graph Engine.Ingest writes for the same statements.
func TestRoundTripWarehouse(t *testing.T) {
	ctx := context.Background()
	cat, srcs := warehouseSources(t)
	direct := memory.New()
	eng := lineage.NewEngine(direct, cat)
	for i, src := range srcs {
		sum, err := eng.Ingest(ctx, src, lineage.IngestKey(string(rune('a'+i))))
		require.NoError(t, err)
		require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	}

	events := emitWarehouse(t)
	back := memory.New()
	c := NewConsumer(lineage.NewEngine(back, nil), WithNamespace(warehouseNamespace, lineage.Redshift, lineage.Defaults{}))
	sum, err := c.ReadJSONL(ctx, bytes.NewReader(events))
	require.NoError(t, err)
	require.Zero(t, sum.Failed, "%v", sum.Errors)
	require.Equal(t, sum.Events, sum.Applied)
	t.Logf("%d events, %d column edges", sum.Events, sum.Edges)

	want, got := dump(t, direct, true), dump(t, back, true)
	require.NotEmpty(t, want)
	assertSameLines(t, want, got)

	// Reading the same events again changes nothing, counts included.
	again, err := c.ReadJSONL(ctx, bytes.NewReader(events))
	require.NoError(t, err)
	assert.Equal(t, sum.Events, again.Duplicates)
	assert.Equal(t, got, dump(t, back, true))
	fresh := NewConsumer(lineage.NewEngine(back, nil), WithNamespace(warehouseNamespace, lineage.Redshift, lineage.Defaults{}))
	third, err := fresh.ReadJSONL(ctx, bytes.NewReader(events))
	require.NoError(t, err)
	assert.Equal(t, sum.Events, third.Applied, "a new consumer writes again; the store ignores the keys it has")
	assert.Equal(t, got, dump(t, back, true))
}
