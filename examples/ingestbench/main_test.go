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
func BenchmarkIngest(b *testing.B) {
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		g := newGenerator(n, 300, 1)
		cat := lineage.NewMemoryCatalog()
		require.NoError(b, g.defineTables(cat))
		sum, err := lineage.NewEngine(memory.New(), cat, lineage.WithWorkers(runtime.NumCPU())).Ingest(context.Background(), g)
		require.NoError(b, err)
		require.EqualValues(b, n, sum.Read)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "statements/s")
}
