package lineage

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// growthShapes are the statement shapes whose cost must stay linear in
// their size n: generated SQL (dbt unions, BI tools' joins and columns)
// reaches thousands of items.
var growthShapes = []string{"union", "joins", "ctes", "subqueries", "columns"}

// growthSQL writes a statement of shape with n items: n UNION ALL
// branches, n joined tables, n chained CTEs, n correlated scalar
// subqueries or n selected columns.
func growthSQL(shape string, n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO mart.wide ")
	switch shape {
	case "union":
		for i := range n {
			if i > 0 {
				sb.WriteString(" UNION ALL ")
			}
			fmt.Fprintf(&sb, "SELECT a%d AS a, b + %d AS b FROM raw.t%d WHERE c > %d", i%7, i, i, i)
		}
	case "joins":
		sb.WriteString("SELECT t0.a")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&sb, ", t%d.b%d", i, i%5)
		}
		sb.WriteString(" FROM raw.t0 AS t0")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&sb, " JOIN raw.t%d AS t%d ON t%d.id = t%d.id", i, i, i, i-1)
		}
	case "ctes":
		sb.WriteString("WITH c0 AS (SELECT a, b FROM raw.t0)")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&sb, ", c%d AS (SELECT a, b + %d AS b FROM c%d)", i, i, i-1)
		}
		fmt.Fprintf(&sb, " SELECT a, b FROM c%d", n-1)
	case "subqueries":
		sb.WriteString("SELECT o.id")
		for i := range n {
			fmt.Fprintf(&sb, ", (SELECT max(x.v%d) FROM raw.x%d AS x WHERE x.id = o.id) AS s%d", i%3, i, i)
		}
		sb.WriteString(" FROM raw.o AS o")
	case "columns":
		sb.WriteString("SELECT ")
		for i := range n {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "a%d + b AS c%d", i, i)
		}
		sb.WriteString(" FROM raw.t")
	default:
		panic("unknown shape " + shape)
	}
	return sb.String()
}

// growthLimits let the growth shapes reach 10,000 items: the default
// limits stop a WITH at 1,000 CTEs and a select list at 10,000 columns.
var growthLimits = Limits{CTEs: 20000, Columns: 20000, UnionBranches: 20000}

// BenchmarkGrowth parses and analyses each growth shape at 10 to 10,000
// items. Per size it reports the time per item of Parse and of Analyze
// (parse-ns/item, analyze-ns/item; Analyze includes its own parse) and
// their ratio (analyze/parse); at 10,000 items, parse-growth and
// analyze-growth are the time per item there over that at 100 items (1:
// linear; 100 would be quadratic). Both sides alternate, timed by the
// process's CPU clock (garbage collection included), so that a loaded
// machine moves neither.
//
// What profiles of the shapes at 10,000 items taught (go test -run XXX
// -bench Growth/joins/10000 -cpuprofile; pprof -top -cum, -peek, -list):
//   - Go maps keyed by the binder's values (a Column, an origin, a
//     Dataset) cost more than the binding: every lookup hashed all the
//     strings of a Dataset, the maps rehashed large keys as they doubled,
//     and each garbage collection scanned them. The slot indexes of
//     index.go keep positions and 32-bit hashes only (analyze/parse at
//     10,000 UNION ALL branches 2.3 -> 1.5).
//   - A scope's map of per-name source slices was 19% of resolving
//     10,000 joins; it is a slot index too.
//   - The join chain's recursion (one frame per join) grew the stack;
//     the binder walks its left spine in a loop.
//   - Decoding a name allocated a Name per identifier
//     (Statement.AppendName fills the caller's buffer), and a short
//     origin list that filled up grew into its own array (it moves within
//     the binder's chunk: 1,000 scalar subqueries, 6,100 -> 3,100
//     allocations).
//   - What remains is spread thin: garbage collection of the parsed tree
//     (Analyze allocates while the tree is live, so its collections mark
//     the whole tree), the limits' walk of the tree (6-9% of resolution),
//     the result's edges (232 bytes each) and reads.
func BenchmarkGrowth(b *testing.B) {
	ctx := context.Background()
	for _, shape := range growthShapes {
		var parseAt100, analyzeAt100 float64
		for _, n := range []int{10, 100, 1000, 10000} {
			sql := growthSQL(shape, n)
			b.Run(fmt.Sprintf("%s/%d", shape, n), func(b *testing.B) {
				a := NewAnalyzer(nil, WithLimits(growthLimits))
				var parse, analyze time.Duration
				for b.Loop() {
					t0 := processCPU()
					if _, err := sqlparse.Parse(sql, sqlparse.ANSI); err != nil {
						b.Fatal(err)
					}
					t1 := processCPU()
					if _, err := a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI}); err != nil {
						b.Fatal(err)
					}
					parse += t1 - t0
					analyze += processCPU() - t1
				}
				perParse := float64(parse.Nanoseconds()) / float64(b.N*n)
				perAnalyze := float64(analyze.Nanoseconds()) / float64(b.N*n)
				b.ReportMetric(perParse, "parse-ns/item")
				b.ReportMetric(perAnalyze, "analyze-ns/item")
				b.ReportMetric(float64(analyze)/float64(parse), "analyze/parse")
				switch {
				case n == 100:
					parseAt100, analyzeAt100 = perParse, perAnalyze
				case n == 10000 && parseAt100 > 0:
					b.ReportMetric(perParse/parseAt100, "parse-growth")
					b.ReportMetric(perAnalyze/analyzeAt100, "analyze-growth")
				}
			})
		}
	}
}

// TestGrowthIsLinear holds the cost of each growth shape linear in its
// size without timing anything: the list elements the binder's lookups
// examine, the allocations of Parse and of Analyze and the bytes Analyze
// allocates, per item, may not grow by more than half from 100 to 2,000
// items (a lookup that scans a list per item grows 20-fold; an index or
// list rebuilt per item grows its bytes as much).
func TestGrowthIsLinear(t *testing.T) {
	ctx := context.Background()
	const small, large = 100, 2000
	for _, shape := range growthShapes {
		t.Run(shape, func(t *testing.T) {
			var steps, parseAllocs, analyzeAllocs, analyzeBytes [2]float64
			for k, n := range []int{small, large} {
				sql := growthSQL(shape, n)
				stmts, err := sqlparse.Parse(sql, sqlparse.ANSI)
				require.NoError(t, err)
				require.Len(t, stmts, 1)
				a := NewAnalyzer(nil, WithLimits(growthLimits))
				_, err = a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI})
				require.NoError(t, err)
				b := newBinder(ctx, a.NewSession(), stmts[0], sql)
				require.NoError(t, b.statement())
				require.NotEmpty(t, b.res.Edges)
				steps[k] = float64(b.steps) / float64(n)
				b.release()
				parseAllocs[k] = testing.AllocsPerRun(2, func() { _, _ = sqlparse.Parse(sql, sqlparse.ANSI) }) / float64(n)
				analyzeAllocs[k] = testing.AllocsPerRun(2, func() {
					_, _ = a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI})
				}) / float64(n)
				analyzeBytes[k] = float64(allocatedBytes(func() {
					_, _ = a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI})
				})) / float64(n)
			}
			t.Logf("per item at %d and %d: steps %.1f %.1f, parse allocs %.1f %.1f, analyze allocs %.1f %.1f, analyze bytes %.0f %.0f",
				small, large, steps[0], steps[1], parseAllocs[0], parseAllocs[1], analyzeAllocs[0], analyzeAllocs[1], analyzeBytes[0], analyzeBytes[1])
			assert.LessOrEqual(t, steps[1], 1.5*steps[0]+1, "lookup steps per item")
			assert.LessOrEqual(t, parseAllocs[1], 1.5*parseAllocs[0], "parse allocations per item")
			assert.LessOrEqual(t, analyzeAllocs[1], 1.5*analyzeAllocs[0], "analyze allocations per item")
			assert.LessOrEqual(t, analyzeBytes[1], 1.5*analyzeBytes[0], "analyze bytes per item")
		})
	}
}

// allocatedBytes is the least f allocates in three runs after one to
// warm up: a garbage collection that empties the analyzer's pool of
// binders makes the next run allocate their scratch space again.
func allocatedBytes(f func()) uint64 {
	f()
	least := uint64(math.MaxUint64)
	for range 3 {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		f()
		runtime.ReadMemStats(&m1)
		least = min(least, m1.TotalAlloc-m0.TotalAlloc)
	}
	return least
}

// BenchmarkTenMegabytes analyses a 10 MB statement (a UNION ALL of about
// 180,000 branches) and reports the memory it takes: alloc-B/byte is
// what Analyze allocates per byte of SQL, retained-MB what its result and
// the parsed tree keep, peak-heap-MB the largest heap seen during the run
// (sampled every 10 ms).
//
// A heap profile taken after binding a 12 MB union (pprof
// -sample_index=inuse_space) holds about 880 MB: 700 MB is the parsed
// tree (TiDB's nodes and value expressions, live until Analyze returns),
// 135 MB the result's edges, and the binder's relations, reads and
// indexes the rest. The peak heap is about twice what is live (the
// collector's default pacing), so it follows the tree: what the binder
// can still save is its own share of the allocations (alloc-B/byte).
func BenchmarkTenMegabytes(b *testing.B) {
	n := 1
	for len(growthSQL("union", n)) < 10<<20 {
		n *= 2
	}
	sql := growthSQL("union", n*10<<20/len(growthSQL("union", n)))
	ctx := context.Background()
	// The default limits refuse a statement this size (4 MiB, 10,000
	// branches); a warehouse that means to analyse one raises them.
	a := NewAnalyzer(nil, WithLimits(Limits{StatementBytes: 2 * len(sql), UnionBranches: 2 * n * 10 << 20 / len(growthSQL("union", n))}))
	var before, after runtime.MemStats
	var peak uint64
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapAlloc-min(m.HeapAlloc, before.HeapAlloc))
				}
			}
		}()
		res, err := a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI})
		close(done)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(res)
	}
	b.ReportMetric(float64(len(sql))/(1<<20), "sql-MB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(len(sql)), "alloc-B/byte")
	b.ReportMetric(float64(after.HeapAlloc-min(after.HeapAlloc, before.HeapAlloc))/(1<<20), "retained-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
