package lineage

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/colineage/colineage/sqlparse"
)

const benchShort = "INSERT INTO t SELECT a, md5(b) AS hb FROM s WHERE c > 1"

// benchAnalytic is a 30-line analytic query: CTEs, joins, aggregates,
// a window, CASE and a correlated subquery.
const benchAnalytic = `INSERT INTO mart.customer_revenue
WITH orders_clean AS (
    SELECT o.id, o.customer_id, o.amount, o.created_at, o.status
    FROM raw.orders o
    WHERE o.status <> 'cancelled'
),
payments AS (
    SELECT p.order_id, sum(p.amount) AS paid, max(p.paid_at) AS last_paid
    FROM raw.payments p
    GROUP BY p.order_id
)
SELECT c.id AS customer_id,
       md5(c.email) AS email_hash,
       count(oc.id) AS orders,
       sum(oc.amount) AS revenue,
       sum(coalesce(pm.paid, 0)) AS paid,
       CASE WHEN sum(oc.amount) > 1000 THEN 'gold'
            WHEN sum(oc.amount) > 100 THEN 'silver'
            ELSE 'bronze' END AS tier,
       row_number() OVER (PARTITION BY c.country ORDER BY sum(oc.amount) DESC) AS country_rank,
       (SELECT max(r.created_at) FROM raw.refunds r WHERE r.customer_id = c.id) AS last_refund,
       max(pm.last_paid) AS last_paid
FROM raw.customers c
JOIN orders_clean oc ON oc.customer_id = c.id
LEFT JOIN payments pm ON pm.order_id = oc.id
WHERE c.created_at >= '2024-01-01'
  AND c.country IN ('NL', 'DE', 'FR')
GROUP BY c.id, c.email, c.country
HAVING count(oc.id) > 0
ORDER BY revenue DESC`

func benchPair(b *testing.B, sql string, d sqlparse.Dialect) {
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := sqlparse.Parse(sql, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("analyze", func(b *testing.B) {
		a := NewAnalyzer(nil)
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := a.Analyze(ctx, Statement{SQL: sql, Dialect: d}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("resolve", func(b *testing.B) {
		stmts, err := sqlparse.Parse(sql, d)
		if err != nil {
			b.Fatal(err)
		}
		benchResolve(b, sql, stmts)
	})
	b.Run("ratio", func(b *testing.B) { benchRatio(b, []string{sql}, d) })
}

// benchRatio alternates a parse and an Analyze of each statement and
// reports the ratio of their times (the goal: at most 1.5). On a
// shared machine, load shifts both alike, which separate parse and
// analyze benchmarks run seconds apart do not.
func benchRatio(b *testing.B, sqls []string, d sqlparse.Dialect) {
	a := NewAnalyzer(nil)
	ctx := context.Background()
	var parse, analyze time.Duration
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range sqls {
			t0 := time.Now()
			_, _ = sqlparse.Parse(s, d)
			t1 := time.Now()
			_, _ = a.Analyze(ctx, Statement{SQL: s, Dialect: d})
			parse += t1.Sub(t0)
			analyze += time.Since(t1)
		}
	}
	if parse > 0 {
		b.ReportMetric(float64(analyze)/float64(parse), "analyze/parse")
	}
}

// benchResolve times resolution alone over parsed statements: Analyze
// costs parse + resolve, so resolve/parse is what resolution adds.
func benchResolve(b *testing.B, sql string, stmts []*sqlparse.Statement) {
	a := NewAnalyzer(nil)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := a.NewSession()
		for _, st := range stmts {
			if _, err := s.analyzeParsed(ctx, st, sql); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkShort compares Analyze (which parses) with the parse alone on a
// short statement; their ratio is the cost of resolution.
func BenchmarkShort(b *testing.B) { benchPair(b, benchShort, sqlparse.ANSI) }

// BenchmarkAnalytic does the same on the 30-line analytic query.
func BenchmarkAnalytic(b *testing.B) { benchPair(b, benchAnalytic, sqlparse.ANSI) }

// BenchmarkTPCDS runs the TPC-DS queries of the shared corpus, when present.
func BenchmarkTPCDS(b *testing.B) {
	path := filepath.Join("..", "..", "shared", "corpus", "parse", "tpcds.jsonl")
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("no TPC-DS corpus at %s", path)
	}
	defer f.Close()
	var sqls []string
	d, _ := sqlparse.DialectByName("sparksql")
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var c struct {
			SQL string `json:"sql"`
		}
		if json.Unmarshal(sc.Bytes(), &c) == nil {
			if _, err := sqlparse.Parse(c.SQL, d); err == nil {
				sqls = append(sqls, c.SQL)
			}
		}
	}
	if len(sqls) == 0 {
		b.Skip("no TPC-DS query parses")
	}
	b.Logf("%d TPC-DS queries parse", len(sqls))
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, s := range sqls {
				_, _ = sqlparse.Parse(s, d)
			}
		}
	})
	b.Run("analyze", func(b *testing.B) {
		a := NewAnalyzer(nil)
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for _, s := range sqls {
				_, _ = a.Analyze(ctx, Statement{SQL: s, Dialect: d})
			}
		}
	})
	b.Run("ratio", func(b *testing.B) { benchRatio(b, sqls, d) })
	b.Run("resolve", func(b *testing.B) {
		parsed := make([][]*sqlparse.Statement, len(sqls))
		for i, s := range sqls {
			parsed[i], _ = sqlparse.Parse(s, d)
		}
		a := NewAnalyzer(nil)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for j, stmts := range parsed {
				s := a.NewSession()
				for _, st := range stmts {
					_, _ = s.analyzeParsed(ctx, st, sqls[j])
				}
			}
		}
	})
}
