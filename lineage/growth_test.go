package lineage

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/colineage/colineage/sqlparse"
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

// BenchmarkGrowth parses and analyses each growth shape at 10 to 10,000
// items. Per size it reports the time per item of Parse and of Analyze
// (parse-ns/item, analyze-ns/item) and their ratio (analyze/parse); per
// shape, growth is the time per item at the largest size over that at the
// smallest that takes more than a few microseconds (1: linear; 1,000 would
// be quadratic). Both sides alternate, timed by the wall clock, so load
// moves them alike.
func BenchmarkGrowth(b *testing.B) {
	ctx := context.Background()
	for _, shape := range growthShapes {
		for _, n := range []int{10, 100, 1000, 10000} {
			sql := growthSQL(shape, n)
			b.Run(fmt.Sprintf("%s/%d", shape, n), func(b *testing.B) {
				a := NewAnalyzer(nil)
				var parse, analyze time.Duration
				for b.Loop() {
					t0 := time.Now()
					if _, err := sqlparse.Parse(sql, sqlparse.ANSI); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if _, err := a.Analyze(ctx, Statement{SQL: sql, Dialect: sqlparse.ANSI}); err != nil {
						b.Fatal(err)
					}
					parse += t1.Sub(t0)
					analyze += time.Since(t1)
				}
				b.ReportMetric(float64(parse.Nanoseconds())/float64(b.N*n), "parse-ns/item")
				b.ReportMetric(float64(analyze.Nanoseconds())/float64(b.N*n), "analyze-ns/item")
				b.ReportMetric(float64(analyze)/float64(parse), "analyze/parse")
			})
		}
	}
}
