package main

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

func TestSyntheticLogIngestsCleanly(t *testing.T) {
	g := newGenerator(5000, 30, 1)
	cat := lineage.NewMemoryCatalog()
	require.NoError(t, g.defineTables(cat))
	sum, err := lineage.NewEngine(memory.New(), cat).Ingest(context.Background(), g)
	require.NoError(t, err)
	assert.EqualValues(t, 5000, sum.Read)
	assert.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	assert.Greater(t, sum.Cached, sum.Analyzed)
}

// BenchmarkIngest ingests a synthetic log of 100,000 statements per
// iteration into a fresh memory store (go test -bench Ingest
// ./examples/ingestbench); the command itself runs the 1,000,000 case.
// live-B/item is the live heap after the last ingest (store and Engine
// kept) per graph node and edge.
func BenchmarkIngest(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	var perItem float64
	for b.Loop() {
		g := newGenerator(n, 300, 1)
		cat := lineage.NewMemoryCatalog()
		require.NoError(b, g.defineTables(cat))
		store := memory.New()
		eng := lineage.NewEngine(store, cat, lineage.WithWorkers(runtime.NumCPU()))
		sum, err := eng.Ingest(context.Background(), g)
		require.NoError(b, err)
		require.EqualValues(b, n, sum.Read)
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		c, err := store.Counts(context.Background())
		require.NoError(b, err)
		perItem = float64(ms.HeapAlloc) / float64(c.Nodes+c.Edges)
		runtime.KeepAlive(eng)
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "statements/s")
	b.ReportMetric(perItem, "live-B/item")
}
