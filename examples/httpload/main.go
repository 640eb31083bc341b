// Command httpload drives the HTTP shim with many concurrent clients and
// prints, per endpoint, throughput, p50/p99/max latency, errors and the
// answers' mean size, and the server's CPU time and peak RSS:
//
//	go run ./examples/httpload                        # in process: the sample warehouse, 200 clients
//	go run ./examples/httpload -statements 1000000    # plus a generated log of 1M statements
//
// Out of process, so that the client's CPU and memory are not the
// server's, start the shim and point httpload at it:
//
//	go run ./examples/httpshim -generate 1000000 -now 2026-12-01 &
//	go run ./examples/httpload -url http://127.0.0.1:8080 -generated -server-pid $!
//
// (with `go run` the pid is go's; give the shim's own, e.g. from pgrep,
// or build it first). Each phase runs -requests requests of one mix from
// -clients goroutines, bounded by -duration: "traces" (upstream,
// downstream or both, with a depth and an edge-kind filter) and
// "compliance" (propagation, violations, request plans, audit: each walks
// the whole graph; the answers are their first page, of the server's
// default limit, as a client that reads the start of a report gets).
// The columns traced and the subjects planned are found
// through /api/v1/search. Any error makes it exit 1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colineage/colineage/adapters/httpapi"
	"github.com/colineage/colineage/examples/internal/genlog"
	"github.com/colineage/colineage/examples/internal/procstat"
	"github.com/colineage/colineage/examples/internal/sample"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

type config struct {
	url                                   string
	clients, requests, statements, tables int
	generated                             bool
	mixes                                 []string
	duration                              time.Duration
	serverPID                             int
	token                                 string
}

func main() {
	var c config
	var mixes string
	flag.StringVar(&c.url, "url", "", "a running shim to load (default: serve one in process)")
	flag.IntVar(&c.clients, "clients", 200, "concurrent clients")
	flag.IntVar(&c.requests, "requests", 20000, "requests per phase")
	flag.DurationVar(&c.duration, "duration", time.Minute, "upper bound of each phase")
	flag.StringVar(&mixes, "mix", "traces,compliance", "phases to run, in order: traces, compliance")
	flag.IntVar(&c.statements, "statements", 0, "in process: also generate and ingest a log of this many statements, and load it")
	flag.IntVar(&c.tables, "tables", 300, "in process: base tables of the generated log")
	flag.BoolVar(&c.generated, "generated", false, "with -url: the shim has a generated log (httpshim -generate); load it too")
	flag.IntVar(&c.serverPID, "server-pid", 0, "with -url: the shim's process id, to report its CPU time and peak RSS (Linux)")
	flag.StringVar(&c.token, "token", os.Getenv("COLINEAGE_TOKEN"), "bearer token of the shim (default $COLINEAGE_TOKEN)")
	flag.Parse()
	c.mixes = strings.Split(mixes, ",")
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "httpload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	for _, m := range c.mixes {
		if m != "traces" && m != "compliance" {
			return fmt.Errorf("-mix: unknown mix %q (want traces, compliance)", m)
		}
	}
	base, pid := c.url, c.serverPID
	generated := c.generated
	if base == "" {
		addr, stop, err := serve(ctx, c, w)
		if err != nil {
			return err
		}
		defer stop()
		base, pid, generated = "http://"+addr, os.Getpid(), c.statements > 0
		fmt.Fprintln(w, "in process: the CPU and memory figures are the client's and the server's together")
	}
	base = strings.TrimSuffix(base, "/")
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: c.clients, MaxIdleConnsPerHost: c.clients}}
	l := &loader{c: c, base: base, client: client, pid: pid}
	datasets := []struct{ name, prefix string }{{"sample warehouse", "elearn."}}
	if generated {
		datasets = append(datasets, struct{ name, prefix string }{"generated log", "prod."})
	}
	for _, d := range datasets {
		t, err := l.targets(ctx, d.prefix)
		if err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		for _, mix := range c.mixes {
			res, err := l.phase(ctx, mix, t)
			report(w, d.name+", "+mix, res)
			if err != nil {
				return err
			}
		}
	}
	if pid != 0 {
		if rss, ok := procstat.PeakRSS(pid); ok {
			fmt.Fprintf(w, "server peak RSS %d MiB\n", rss>>20)
		}
	}
	return nil
}

// serve starts the shim in process on loopback, over the sample warehouse
// (and a generated log with -statements) with the sample's policy.
func serve(ctx context.Context, c config, w io.Writer) (string, func(), error) {
	cat := lineage.NewMemoryCatalog()
	eng := lineage.NewEngine(memory.New(), cat)
	if err := sample.Load(ctx, eng, cat, sample.Dir()); err != nil {
		return "", nil, err
	}
	if c.statements > 0 {
		g := genlog.New(c.statements, c.tables, 1)
		if err := g.DefineTables(cat); err != nil {
			return "", nil, err
		}
		sum, err := eng.Ingest(ctx, g)
		if err != nil {
			return "", nil, err
		}
		fmt.Fprintf(w, "ingested %d generated statements (%d failed) in %s\n", sum.Read, sum.FailedTotal(), sum.Duration.Round(time.Millisecond))
	}
	f, err := os.Open(filepath.Join(sample.Dir(), "policy.yaml"))
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	pol, err := compliance.LoadPolicy(f, "policy.yaml")
	if err != nil {
		return "", nil, err
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	chk, err := compliance.New(eng.Store(), pol, compliance.WithClock(func() time.Time { return now }))
	if err != nil {
		return "", nil, err
	}
	if _, err := chk.ApplyRules(ctx); err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: httpapi.New(eng, httpapi.WithPlatform(lineage.Redshift), httpapi.WithLogger(quiet()),
		httpapi.WithCompliance(chk), httpapi.WithToken(c.token))}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}

// loader sends the requests of the phases.
type loader struct {
	c      config
	base   string
	client *http.Client
	pid    int
}

// targets are what a phase's requests name: columns to trace, subjects
// to plan for.
type targets struct {
	columns, subjects []string
}

// targets finds up to 1,000 columns whose name starts with prefix, and
// the user_id columns among them as subjects.
func (l *loader) targets(ctx context.Context, prefix string) (targets, error) {
	var t targets
	body, err := l.get(ctx, "/api/v1/search?kind=column&limit=1000&prefix="+url.QueryEscape(prefix))
	if err != nil {
		return t, err
	}
	var found httpapi.SearchJSON
	if err := json.Unmarshal(body, &found); err != nil {
		return t, fmt.Errorf("search: %w", err)
	}
	for _, h := range found.Results {
		t.columns = append(t.columns, h.Name)
		if strings.HasSuffix(h.Name, ".user_id") {
			t.subjects = append(t.subjects, h.Name)
		}
	}
	if len(t.columns) == 0 {
		return t, fmt.Errorf("no column named %s* on %s", prefix, l.base)
	}
	if len(t.subjects) > 5 {
		t.subjects = t.subjects[:5] // a few data subjects' requests, asked again and again
	}
	return t, nil
}

// request is one request of a mix: its endpoint (for the figures) and
// its path with the query.
type request struct{ endpoint, target string }

// pick draws a request of mix.
func pick(rng *rand.Rand, mix string, t targets) request {
	col := func() string { return url.QueryEscape(t.columns[rng.IntN(len(t.columns))]) }
	if mix == "traces" {
		q := "direction=" + []string{"upstream", "downstream", "both"}[rng.IntN(3)] + "&column=" + col()
		if d := rng.IntN(6); d > 0 {
			q += fmt.Sprintf("&depth=%d", d)
		}
		q += []string{"", "&kinds=DIRECT", "&kinds=DIRECT,MASKED", "&kinds=DIRECT,MASKED,INDIRECT"}[rng.IntN(4)]
		return request{"trace", "/api/v1/trace?" + q}
	}
	switch r := rng.IntN(10); {
	case r < 3:
		if rng.IntN(2) == 0 {
			return request{"propagation", "/api/v1/compliance/propagation"}
		}
		return request{"propagation", "/api/v1/compliance/propagation?column=" + col()}
	case r < 6:
		return request{"violations", "/api/v1/compliance/violations" + []string{"", "?rule=raw_outside_zone", "?rule=unallowed_raw_reader"}[rng.IntN(3)]}
	case r < 8 && len(t.subjects) > 0:
		return request{"plan", "/api/v1/compliance/plan?kind=" + []string{"erasure", "access"}[rng.IntN(2)] +
			"&subject=" + url.QueryEscape(t.subjects[rng.IntN(len(t.subjects))])}
	default:
		return request{"audit", "/api/v1/compliance/audit" + []string{"", "?from=2026-10-01&to=2026-11-01", "?from=2026-11-01"}[rng.IntN(3)]}
	}
}

// result is one phase's measurements.
type result struct {
	took      time.Duration
	serverCPU time.Duration // -1: unknown
	byPoint   map[string]*endpoint
}

// endpoint is one endpoint's measurements in a phase.
type endpoint struct {
	latencies []time.Duration
	bytes     int64
	errors    int
	firstErr  error
}

// phase runs c.requests requests of mix from c.clients goroutines.
func (l *loader) phase(ctx context.Context, mix string, t targets) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, l.c.duration)
	defer cancel()
	res := result{byPoint: map[string]*endpoint{}, serverCPU: -1}
	cpu0, cpuOK := serverCPU(l.pid)
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := range l.c.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			mine := map[string]*endpoint{}
			for next.Add(1) <= int64(l.c.requests) && ctx.Err() == nil {
				rq := pick(rng, mix, t)
				t0 := time.Now()
				body, err := l.get(ctx, rq.target)
				if ctx.Err() != nil {
					break // the phase's deadline, not the server
				}
				e := mine[rq.endpoint]
				if e == nil {
					e = &endpoint{}
					mine[rq.endpoint] = e
				}
				e.latencies = append(e.latencies, time.Since(t0))
				e.bytes += int64(len(body))
				if err != nil {
					e.errors++
					if e.firstErr == nil {
						e.firstErr = err
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, e := range mine {
				all := res.byPoint[k]
				if all == nil {
					all = &endpoint{}
					res.byPoint[k] = all
				}
				all.latencies = append(all.latencies, e.latencies...)
				all.bytes += e.bytes
				all.errors += e.errors
				if all.firstErr == nil {
					all.firstErr = e.firstErr
				}
			}
		}()
	}
	wg.Wait()
	res.took = time.Since(start)
	if cpu1, ok := serverCPU(l.pid); ok && cpuOK {
		res.serverCPU = cpu1 - cpu0
	}
	n, errs := 0, 0
	var first error
	for _, e := range res.byPoint {
		n += len(e.latencies)
		errs += e.errors
		if first == nil {
			first = e.firstErr
		}
	}
	if errs > 0 {
		return res, fmt.Errorf("%d of %d requests failed, first: %w", errs, n, first)
	}
	if n == 0 {
		return res, errors.New("no request completed")
	}
	return res, nil
}

// get sends one GET and reads the whole answer; a status other than 200
// is an error.
func (l *loader) get(ctx context.Context, target string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+target, nil)
	if err != nil {
		return nil, err
	}
	if l.c.token != "" {
		req.Header.Set("Authorization", "Bearer "+l.c.token)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %d %s", target, resp.StatusCode, body)
	}
	return body, nil
}

func report(w io.Writer, phase string, r result) {
	n := 0
	for _, e := range r.byPoint {
		n += len(e.latencies)
	}
	cpu := "unknown"
	if r.serverCPU >= 0 {
		cpu = fmt.Sprintf("%.1f s (%.0f requests per CPU-second)", r.serverCPU.Seconds(), float64(n)/max(r.serverCPU.Seconds(), 1e-3))
	}
	fmt.Fprintf(w, "%s: %d requests in %s, %.0f req/s, server CPU %s\n", phase, n, r.took.Round(time.Millisecond), float64(n)/r.took.Seconds(), cpu)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range r.byPoint {
			if !yield(k) {
				return
			}
		}
	}) {
		e := r.byPoint[k]
		slices.Sort(e.latencies)
		q := func(p float64) time.Duration {
			return e.latencies[min(len(e.latencies)-1, int(p*float64(len(e.latencies))))].Round(time.Microsecond)
		}
		fmt.Fprintf(w, "  %-12s %6d  p50 %-10s p99 %-10s max %-10s errors %d  answers of %s on average\n",
			k, len(e.latencies), q(0.50), q(0.99), q(1), e.errors, size(e.bytes/int64(len(e.latencies))))
	}
}

// size says a byte count in B, KB or MB.
func size(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// serverCPU is the CPU time the shim's process has used; not ok when the
// shim runs in this process (pid 0), whose clock counts the clients too.
func serverCPU(pid int) (time.Duration, bool) {
	if pid == 0 {
		return 0, false
	}
	return procstat.CPUTime(pid)
}
