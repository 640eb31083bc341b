// Command httpload drives the HTTP shim on loopback with many concurrent
// clients doing traces, and prints throughput and p50/p99 latency:
//
//	go run ./examples/httpload                       # the sample warehouse, 200 clients
//	go run ./examples/httpload -statements 1000000   # plus a generated log of 1M statements
//
// It serves adapters/httpapi in process on 127.0.0.1, loads the sample
// warehouse (and, with -statements, a generated log of chained ETL
// statements over -tables tables), then runs -requests traces from
// -clients goroutines, bounded by -duration. Any error makes it exit 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colineage/colineage/adapters/httpapi"
	"github.com/colineage/colineage/examples/internal/sample"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

type config struct {
	clients, requests, statements, tables int
	duration                              time.Duration
}

func main() {
	var c config
	flag.IntVar(&c.clients, "clients", 200, "concurrent clients")
	flag.IntVar(&c.requests, "requests", 20000, "traces per phase")
	flag.DurationVar(&c.duration, "duration", time.Minute, "upper bound of each phase")
	flag.IntVar(&c.statements, "statements", 0, "also generate and ingest a log of this many statements, and trace on it")
	flag.IntVar(&c.tables, "tables", 2000, "tables of the generated log")
	flag.Parse()
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "httpload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	cat := lineage.NewMemoryCatalog()
	eng := lineage.NewEngine(memory.New(), cat)
	if err := sample.Load(ctx, eng, cat, sample.Dir()); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: httpapi.New(eng, httpapi.WithPlatform(lineage.Redshift), httpapi.WithLogger(quiet()))}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	sampleCols := []string{
		"elearn.analytics.daily_revenue.revenue", "elearn.raw.users.email", "elearn.raw.enrollments.price", "elearn.raw.refunds.amount",
	}
	res, err := load(ctx, c, base, sampleCols)
	if err != nil {
		return err
	}
	report(w, "sample warehouse", res)

	if c.statements > 0 {
		start := time.Now()
		sum, err := eng.Ingest(ctx, &generator{n: c.statements, tables: c.tables})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "ingested %d generated statements (%d failed) in %s\n", sum.Read, sum.FailedTotal(), time.Since(start).Round(time.Millisecond))
		var cols []string
		for t := range min(c.tables, 500) {
			cols = append(cols, fmt.Sprintf("prod.report.r%d.total", t), fmt.Sprintf("prod.raw.t%d.amount", t))
		}
		if res, err = load(ctx, c, base, cols); err != nil {
			return err
		}
		report(w, fmt.Sprintf("generated log (%d statements)", c.statements), res)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "heap in use %d MiB, peak RSS %s\n", ms.HeapInuse>>20, peakRSS())
	return nil
}

// result is one phase's measurements.
type result struct {
	n, errors int64
	took      time.Duration
	latencies []time.Duration
	firstErr  error
}

// load runs c.requests traces over cols from c.clients goroutines.
func load(ctx context.Context, c config, base string, cols []string) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: c.clients, MaxIdleConnsPerHost: c.clients}}
	var next, errs atomic.Int64
	var mu sync.Mutex
	var res result
	var wg sync.WaitGroup
	start := time.Now()
	for i := range c.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			var lat []time.Duration
			for next.Add(1) <= int64(c.requests) && ctx.Err() == nil {
				dir := []string{"upstream", "downstream", "both"}[rng.IntN(3)]
				u := base + "/api/v1/trace?direction=" + dir + "&column=" + url.QueryEscape(cols[rng.IntN(len(cols))])
				t0 := time.Now()
				err := get(ctx, client, u)
				lat = append(lat, time.Since(t0))
				if err != nil && ctx.Err() == nil {
					errs.Add(1)
					mu.Lock()
					if res.firstErr == nil {
						res.firstErr = err
					}
					mu.Unlock()
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	res.n = int64(len(res.latencies))
	res.errors = errs.Load()
	if res.errors > 0 {
		return res, fmt.Errorf("%d of %d requests failed, first: %w", res.errors, res.n, res.firstErr)
	}
	if res.n == 0 {
		return res, errors.New("no request completed")
	}
	return res, nil
}

func get(ctx context.Context, client *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %d %s", u, resp.StatusCode, body)
	}
	return nil
}

func report(w io.Writer, phase string, r result) {
	slices.Sort(r.latencies)
	q := func(p float64) time.Duration {
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	fmt.Fprintf(w, "%s: %d traces in %s, %.0f req/s, p50 %s, p99 %s, errors %d\n",
		phase, r.n, r.took.Round(time.Millisecond), float64(r.n)/r.took.Seconds(), q(0.50).Round(time.Microsecond), q(0.99).Round(time.Microsecond), r.errors)
}

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// generator is a synthetic log of chained ETL statements: raw tables load
// staging tables, which load report tables.
type generator struct {
	n, tables, i int
}

// Next implements lineage.Source.
func (g *generator) Next(ctx context.Context) (lineage.Statement, error) {
	if g.i >= g.n {
		return lineage.Statement{}, io.EOF
	}
	if err := ctx.Err(); err != nil {
		return lineage.Statement{}, err
	}
	g.i++
	t := g.i % g.tables
	var sql string
	switch g.i % 3 {
	case 0:
		sql = fmt.Sprintf("INSERT INTO stage.s%d (user_id, total) SELECT user_id, SUM(amount) FROM raw.t%d WHERE id > %d GROUP BY user_id", t, t, g.i)
	case 1:
		sql = fmt.Sprintf("INSERT INTO report.r%d (user_id, total, tier) SELECT s.user_id, s.total * %d, CASE WHEN s.total > %d THEN 'a' ELSE 'b' END FROM stage.s%d s", t, g.i%7+1, g.i, t)
	default:
		sql = fmt.Sprintf("SELECT user_id, total FROM report.r%d WHERE total > %d", t, g.i)
	}
	return lineage.Statement{SQL: sql, Dialect: sqlparse.Redshift, Context: lineage.Context{Database: "prod",
		User: fmt.Sprint("user", g.i%20), At: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.i) * time.Second)}}, nil
}
