package sqlparse

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pingcap/tidb/pkg/parser"
)

// benchShort are one-line statements per dialect.
var benchShort = map[string]string{
	"ansi":      `SELECT a, b FROM db.sch.t WHERE c = 1`,
	"mysql":     "SELECT a, b FROM t WHERE c = 1",
	"postgres":  `SELECT id::int, "Name" FROM public.users WHERE created_at > now() - INTERVAL '1 day'`,
	"redshift":  `SELECT TOP 10 user_id, COUNT(*) FROM events GROUP BY user_id`,
	"snowflake": `SELECT v:id::string AS id FROM raw.db.events WHERE ts > 0`,
	"bigquery":  "SELECT * EXCEPT (x) FROM `p.d.t` WHERE DATE(ts) = '2024-01-01'",
	"hive":      `INSERT OVERWRITE TABLE t PARTITION (dt='x') SELECT a, b FROM s`,
	"trino":     `SELECT x FROM t CROSS JOIN UNNEST(t.arr) AS u(x)`,
	"tsql":      `SELECT TOP 10 [Name], total = a + b FROM dbo.orders WITH (NOLOCK)`,
	"duckdb":    `SELECT region, SUM(amount)::int AS total, FROM sales GROUP BY ALL`,
}

// benchAnalytic is a 30-line analytic query with CTEs; %CAST% and %Q% take
// each dialect's cast and quoting.
const benchAnalytic = `WITH orders AS (
    SELECT o.order_id, o.customer_id, o.amount, o.created_at,
           ROW_NUMBER() OVER (PARTITION BY o.customer_id ORDER BY o.created_at DESC) AS rn
    FROM %DB%.orders o
    WHERE o.status IN ('paid', 'shipped') AND o.amount > 0
),
customers AS (
    SELECT c.customer_id, c.%Q%, c.region, c.signup_date
    FROM %DB%.customers c
    WHERE c.deleted_at IS NULL
),
revenue AS (
    SELECT cu.region, %CAST% AS order_day,
           SUM(od.amount) AS revenue, COUNT(DISTINCT od.customer_id) AS buyers,
           AVG(od.amount) AS avg_amount
    FROM orders od
    JOIN customers cu ON cu.customer_id = od.customer_id
    WHERE od.rn = 1
    GROUP BY cu.region, %CAST%
)
SELECT r.region,
       r.order_day,
       r.revenue,
       r.buyers,
       CASE WHEN r.buyers > 100 THEN 'large' WHEN r.buyers > 10 THEN 'medium' ELSE 'small' END AS segment,
       SUM(r.revenue) OVER (PARTITION BY r.region ORDER BY r.order_day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS revenue_7d,
       LAG(r.revenue, 1) OVER (PARTITION BY r.region ORDER BY r.order_day) AS prev_revenue,
       r.avg_amount
FROM revenue r
WHERE r.revenue > 1000
ORDER BY r.region, r.order_day`

func analyticFor(d Dialect) string {
	cast, q, db := "CAST(od.created_at AS DATE)", `"Email"`, "shop.sales"
	switch d.String() {
	case "postgres", "redshift", "snowflake", "duckdb":
		cast = "od.created_at::date"
	case "mysql", "bigquery", "hive":
		q = "`Email`"
	}
	if d.String() == "mysql" {
		db = "sales"
	}
	if d.String() == "ansi" || d.String() == "snowflake" || d.String() == "trino" || d.String() == "tsql" {
		db = "shop.sales.dbo"
	}
	r := strings.NewReplacer("%CAST%", cast, "%Q%", q, "%DB%", db)
	return r.Replace(benchAnalytic)
}

// BenchmarkParse measures Parse against the raw TiDB parser given the text
// sqlparse hands it (the equivalent MySQL text).
func BenchmarkParse(b *testing.B) {
	for _, d := range Dialects() {
		for _, shape := range []string{"short", "analytic"} {
			sql := benchShort[d.String()]
			if shape == "analytic" {
				sql = analyticFor(d)
			}
			stmts, err := Parse(sql, d)
			if err != nil || len(stmts) != 1 {
				b.Fatalf("%s %s: %v", d, shape, err)
			}
			equivalent := stmts[0].Rewritten
			b.Run(shape+"/"+d.String()+"/sqlparse", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Parse(sql, d); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(shape+"/"+d.String()+"/ratio", func(b *testing.B) {
				// Parse and the raw parser in alternating batches, timed by
				// the thread's CPU clock (on Linux), so that both see the
				// same machine load; the ratio of the median batch times is
				// the front/raw figure.
				defer lockClock()()
				p := parser.New()
				p.SetSQLMode(d.s().mode)
				const batch = 8
				var front, raw []time.Duration
				for b.Loop() {
					t0 := threadClock()
					for range batch {
						if _, err := Parse(sql, d); err != nil {
							b.Fatal(err)
						}
					}
					t1 := threadClock()
					for range batch {
						if _, _, err := p.ParseSQL(equivalent); err != nil {
							b.Fatal(err)
						}
					}
					front = append(front, t1-t0)
					raw = append(raw, threadClock()-t1)
				}
				b.ReportMetric(float64(median(front))/float64(median(raw)), "front/raw")
				b.ReportMetric(float64(sum(front))/float64(sum(raw)), "total-front/raw")
				b.ReportMetric(float64(median(raw).Nanoseconds())/batch, "raw-ns/parse")
				b.ReportMetric(float64(median(front).Nanoseconds())/batch, "ns/parse")
			})
			b.Run(shape+"/"+d.String()+"/raw+digest", func(b *testing.B) {
				// what a caller of the raw parser does to get the same outputs
				b.ReportAllocs()
				p := parser.New()
				p.SetSQLMode(d.s().mode)
				for b.Loop() {
					if _, _, err := p.ParseSQL(equivalent); err != nil {
						b.Fatal(err)
					}
					parser.NormalizeDigest(equivalent)
				}
			})
			b.Run(shape+"/"+d.String()+"/raw", func(b *testing.B) {
				b.ReportAllocs()
				p := parser.New()
				p.SetSQLMode(d.s().mode)
				for b.Loop() {
					if _, _, err := p.ParseSQL(equivalent); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// median returns the median of ds (which it sorts).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// sum returns the total of ds.
func sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

// BenchmarkWideStatements parses statements with many star modifiers, table
// functions, derived tables or INTERVAL items (wideSQL) at two sizes, and
// has the raw parser parse their rewritten texts. Its growth metric is the time per record at the larger
// size over that at the smaller: about 1 while Parse stays linear in the
// statement, and about large/small if a lookup scans every record.
// raw-growth is the same for the raw parser, whose grammar actions are
// quadratic in a long chain of joins (Hive's LATERAL VIEW and Trino's
// UNNEST become joins).
func BenchmarkWideStatements(b *testing.B) {
	const small, large = 250, 4000
	smalls, larges := wideSQL(small), wideSQL(large)
	for _, d := range Dialects() {
		if smalls[d] == "" {
			continue
		}
		b.Run(d.String(), func(b *testing.B) {
			p := parser.New()
			p.SetSQLMode(d.s().mode)
			var texts [2]string
			for k, sql := range []string{smalls[d], larges[d]} {
				stmts, err := Parse(sql, d)
				if err != nil {
					b.Fatal(err)
				}
				texts[k] = stmts[0].Rewritten
			}
			var front, raw [2]time.Duration
			for b.Loop() {
				for k, sql := range []string{smalls[d], larges[d]} {
					t0 := time.Now()
					if _, err := Parse(sql, d); err != nil {
						b.Fatal(err)
					}
					t1 := time.Now()
					if _, _, err := p.ParseSQL(texts[k]); err != nil {
						b.Fatal(err)
					}
					front[k] += t1.Sub(t0)
					raw[k] += time.Since(t1)
				}
			}
			b.ReportMetric(float64(front[1])/float64(front[0])*small/large, "growth")
			b.ReportMetric(float64(raw[1])/float64(raw[0])*small/large, "raw-growth")
		})
	}
}
