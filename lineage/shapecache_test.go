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
