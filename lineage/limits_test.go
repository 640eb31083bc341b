package lineage

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/sqlparse"
)

func nestedSelect(n int) string {
	return "SELECT a FROM " + strings.Repeat("(SELECT a FROM ", n) + "t" + strings.Repeat(") x", n)
}

func wideSelect(n int) string {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i)
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM t"
}

func TestLimits(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	var wide []string
	for i := range 50 {
		wide = append(wide, fmt.Sprintf("c%d", i))
	}
	require.NoError(t, cat.Define(ctx, Postgres.DatasetFromString("public.wide", Defaults{}), wide))
	cases := []struct {
		name   string
		limits Limits
		sql    string
		limit  string
	}{
		{"statement bytes", Limits{StatementBytes: 100}, wideSelect(40), "StatementBytes"},
		{"depth by default", Limits{}, nestedSelect(300), "Depth"},
		{"columns by default", Limits{}, wideSelect(10001), "Columns"},
		{"union branches", Limits{UnionBranches: 3}, "SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4", "UnionBranches"},
		{"ctes", Limits{CTEs: 2}, "WITH a AS (SELECT 1), b AS (SELECT 2), c AS (SELECT 3) SELECT * FROM a", "CTEs"},
		{"star columns", Limits{StarColumns: 10}, "SELECT * FROM public.wide", "StarColumns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := NewAnalyzer(cat, WithLimits(c.limits))
			_, err := a.Analyze(ctx, Statement{SQL: c.sql, Dialect: sqlparse.Postgres})
			require.ErrorIs(t, err, ErrLimit)
			var le *LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.limit, le.Limit)
			assert.Greater(t, le.Got, le.Max)
			assert.Positive(t, le.Pos.Line)
			assert.Contains(t, err.Error(), "lineage.WithLimits")

			// no limit: the statement is analysed
			off := Limits{StatementBytes: -1, Depth: -1, Columns: -1, UnionBranches: -1, CTEs: -1, StarColumns: -1}
			_, err = NewAnalyzer(cat, WithLimits(off)).Analyze(ctx, Statement{SQL: c.sql, Dialect: sqlparse.Postgres})
			assert.NotErrorIs(t, err, ErrLimit)
		})
	}
	// Within the defaults nothing is refused.
	_, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: nestedSelect(100) + ";" + wideSelect(2000), Dialect: sqlparse.Postgres})
	assert.NoError(t, err)
}

// countingCtx is a context that ends after its Err has been asked n times:
// an Analyze that returns context.Canceled for every n asked it again
// while working, not only at the start.
type countingCtx struct {
	context.Context
	n, calls atomic.Int64
}

func (c *countingCtx) Err() error {
	if c.calls.Add(1) > c.n.Load() {
		return context.Canceled
	}
	return nil
}

func (c *countingCtx) Done() <-chan struct{} { return nil }

func TestAnalyzeStopsWhenCancelled(t *testing.T) {
	sqls := map[string]string{
		"wide":   wideSelect(10000),
		"union":  strings.Repeat("SELECT a, b FROM t1 UNION ALL ", 5000) + "SELECT a, b FROM t1",
		"script": strings.Repeat("INSERT INTO t2 SELECT a, b FROM t1;", 2000),
	}
	for name, sql := range sqls {
		t.Run(name, func(t *testing.T) {
			full := &countingCtx{Context: context.Background()}
			full.n.Store(1 << 40)
			_, err := NewAnalyzer(nil).Analyze(full, Statement{SQL: sql, Dialect: sqlparse.Postgres})
			require.NoError(t, err)
			total := full.calls.Load()
			// about every 256 select items at least: ten thousand items
			// make dozens of checks
			require.GreaterOrEqual(t, total, int64(30), "the context is consulted while working")
			// Ending it after a third, and after two thirds, of the checks
			// stops the work there.
			for _, k := range []int64{total / 3, 2 * total / 3} {
				c := &countingCtx{Context: context.Background()}
				c.n.Store(k)
				_, err := NewAnalyzer(nil).Analyze(c, Statement{SQL: sql, Dialect: sqlparse.Postgres})
				assert.ErrorIs(t, err, context.Canceled, "after %d of %d checks", k, total)
				assert.LessOrEqual(t, c.calls.Load(), k+2, "nothing asked after it ended")
			}
		})
	}
}

// A statement that fails a limit changes neither the catalog nor the
// session's temporary tables: what it would have defined is unknown.
func TestFailedStatementDefinesNothing(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	var wide []string
	for i := range 20 {
		wide = append(wide, fmt.Sprintf("c%d", i))
	}
	require.NoError(t, cat.Define(ctx, Postgres.DatasetFromString("s.wide", Defaults{}), wide))
	a := NewAnalyzer(cat, WithLimits(Limits{StarColumns: 10}))
	_, err := a.Analyze(ctx, Statement{SQL: "CREATE TABLE s.t2 AS SELECT c1, * FROM s.wide", Dialect: sqlparse.Postgres})
	require.ErrorIs(t, err, ErrLimit)
	_, ok, err := cat.Columns(ctx, Postgres.DatasetFromString("s.t2", Defaults{}))
	require.NoError(t, err)
	assert.False(t, ok, "the failed CTAS defined no table")

	sess := a.NewSession()
	_, err = sess.Analyze(ctx, Statement{SQL: "CREATE TEMP TABLE tt AS SELECT c1, * FROM s.wide", Dialect: sqlparse.Postgres})
	require.ErrorIs(t, err, ErrLimit)
	res, err := sess.Analyze(ctx, Statement{SQL: "INSERT INTO s.out SELECT * FROM tt", Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	assert.Less(t, res.Confidence, 1.0, "tt is unknown, not a one-column table")
}

// The binder's own nesting guard does not cut in before a raised limit.
func TestRaisedDepthLimitHolds(t *testing.T) {
	a := NewAnalyzer(nil, WithLimits(Limits{Depth: 1000}))
	res, err := a.Analyze(context.Background(), Statement{SQL: nestedSelect(300), Dialect: sqlparse.Postgres})
	require.NoError(t, err)
	for _, w := range res.Warnings {
		assert.NotContains(t, w.Message, "nested too deeply")
	}
}

// StatementBytes holds in Ingest even for a statement whose shape (its
// text with literals replaced) was already analysed and cached: the size is
// checked before the fingerprint, never skipped by a cache hit.
func TestIngestChecksStatementSizeBeforeTheShapeCache(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	require.NoError(t, cat.Define(ctx, Postgres.DatasetFromString("shop.s.src", Defaults{}), []string{"a"}))
	eng := NewEngine(memory.New(), cat, WithAnalyzerOptions(WithLimits(Limits{StatementBytes: 200})))
	st := func(lit string, i int) Statement {
		return Statement{SQL: "INSERT INTO s.dst (a, b) SELECT a, '" + lit + "' FROM s.src", Dialect: sqlparse.Postgres,
			Context: Context{Database: "shop", QueryID: fmt.Sprint(i)}}
	}
	sum, err := eng.Ingest(ctx, Statements(st("x", 1), st("y", 2), st(strings.Repeat("z", 500), 3)))
	require.NoError(t, err)
	assert.Equal(t, int64(1), sum.Failed[FailLimit], "the oversized statement is refused even though its shape is cached: %+v", sum)
	require.Len(t, sum.Errors, 1)
	assert.ErrorIs(t, sum.Errors[0], ErrLimit)
}
