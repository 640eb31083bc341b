package lineage

import (
	"context"
	"fmt"
	"testing"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShapeCacheIsBounded ingests more shapes than the cache holds: the
// cache stops at its size, the shapes it holds are still answered from it,
// and the graph is the same as with an unbounded cache.
func TestShapeCacheIsBounded(t *testing.T) {
	ctx := context.Background()
	var stmts []Statement
	for round := range 2 {
		for i := range 10 {
			stmts = append(stmts, Statement{SQL: fmt.Sprintf("INSERT INTO m%d SELECT a%d FROM t WHERE x = %d", i, i, round), Dialect: sqlparse.Postgres})
		}
	}
	counts := map[int]graphstore.Counts{}
	for _, size := range []int{3, 1000} {
		store := memory.New()
		eng := NewEngine(store, nil, WithShapeCacheSize(size), WithWorkers(1))
		sum, err := eng.Ingest(ctx, Statements(stmts...))
		require.NoError(t, err)
		assert.Equal(t, int64(min(size, 10)), eng.cached.Load())
		assert.Equal(t, int64(min(size, 10)), sum.Cached, "second round answered from the cache")
		counts[size], err = store.Counts(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, counts[1000], counts[3])
}

// TestShapeCacheIsBoundedByBytes bounds the cache at about a third of what
// ten shapes need: it keeps the shapes that fit, answers their second
// occurrences from the cache, stays under its bound (one worker, so
// exactly), and the graph is the same as with an unbounded cache.
func TestShapeCacheIsBoundedByBytes(t *testing.T) {
	ctx := context.Background()
	var stmts []Statement
	for round := range 2 {
		for i := range 10 {
			stmts = append(stmts, Statement{SQL: fmt.Sprintf("INSERT INTO m%d SELECT a%d, b%d FROM t%d WHERE x = %d", i, i, i, i, round), Dialect: sqlparse.Postgres})
		}
	}
	ingest := func(opts ...EngineOption) (*Engine, Summary, graphstore.Counts) {
		store := memory.New()
		eng := NewEngine(store, nil, append(opts, WithWorkers(1))...)
		sum, err := eng.Ingest(ctx, Statements(stmts...))
		require.NoError(t, err)
		c, err := store.Counts(ctx)
		require.NoError(t, err)
		return eng, sum, c
	}
	all, sumAll, countsAll := ingest()
	require.EqualValues(t, 10, all.cached.Load())
	require.EqualValues(t, 10, sumAll.Cached)
	total := all.cachedBytes.Load()
	assert.Greater(t, total, int64(10*len(stmts[0].SQL)), "an entry holds more than its statement's text")

	bound := total * 3 / 10
	some, sum, counts := ingest(WithShapeCacheBytes(bound))
	assert.LessOrEqual(t, some.cachedBytes.Load(), bound)
	assert.Positive(t, some.cached.Load())
	assert.Less(t, some.cached.Load(), int64(10))
	assert.Equal(t, some.cached.Load(), sum.Cached, "the shapes kept answer their second occurrence")
	assert.Equal(t, countsAll, counts)

	none, sum, _ := ingest(WithShapeCacheBytes(0))
	assert.Zero(t, none.cached.Load())
	assert.Zero(t, sum.Cached)
}
