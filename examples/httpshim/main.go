// Command httpshim serves colineage's HTTP API (adapters/httpapi) for
// notebooks and compliance tools. With no flags it loads the sample
// warehouse (testdata/warehouse: the Redshift log, its schema and the dbt
// project's models, PII tags and exposures) into the in-memory store and
// listens on 127.0.0.1:8080:
//
//	go run ./examples/httpshim
//	curl 'http://127.0.0.1:8080/api/v1/trace?column=elearn.analytics.daily_revenue.revenue'
//
// Flags: -addr, -token (or COLINEAGE_TOKEN), -neo4j with -neo4j-user and
// -neo4j-password (or NEO4J_PASSWORD) for a Neo4j store instead of memory,
// -log and -format to ingest another export at start, -sample=false to
// start empty, -policy for the compliance policy (default
// testdata/warehouse/policy.yaml with the sample; "off" for none) and -now
// for the compliance reports' clock, -timeout and -ingest-timeout for the
// deadlines of queries and of ingests. It logs with slog and shuts down
// gracefully on SIGINT and SIGTERM.
//
// For load tests (examples/httpload), -generate N also ingests a generated
// log of N statements over -tables base tables (examples/internal/genlog,
// the log ingestbench measures), and -max-heavy bounds how many compliance
// reports are computed at once. -report-ttl keeps each computed report for
// a while, so that the pages a client walks share one computation.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/colineage/colineage/adapters/httpapi"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/examples/internal/genlog"
	"github.com/colineage/colineage/examples/internal/procstat"
	"github.com/colineage/colineage/examples/internal/sample"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/neo4j"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

type config struct {
	addr, token                    string
	neo4jURI, neo4jUser, neo4jPass string
	neo4jDB                        string
	log, format                    string
	sample                         bool
	timeout, ingestTimeout         time.Duration
	reportTTL                      time.Duration
	policy, now                    string
	generate, tables, maxHeavy     int
}

func main() {
	var c config
	flag.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen address")
	flag.StringVar(&c.token, "token", os.Getenv("COLINEAGE_TOKEN"), "bearer token the API requires (default $COLINEAGE_TOKEN; empty: none)")
	flag.StringVar(&c.neo4jURI, "neo4j", "", "Neo4j bolt URI (default: the in-memory store)")
	flag.StringVar(&c.neo4jUser, "neo4j-user", "neo4j", "Neo4j user")
	flag.StringVar(&c.neo4jPass, "neo4j-password", os.Getenv("NEO4J_PASSWORD"), "Neo4j password (default $NEO4J_PASSWORD)")
	flag.StringVar(&c.neo4jDB, "neo4j-database", "", "Neo4j database (default: the server's)")
	flag.StringVar(&c.log, "log", "", "a query-log export to ingest at start")
	flag.StringVar(&c.format, "format", "redshift", "format of -log: "+strings.Join(querylog.FormatNames(), ", "))
	flag.BoolVar(&c.sample, "sample", true, "load the sample warehouse (testdata/warehouse) at start")
	flag.DurationVar(&c.timeout, "timeout", 30*time.Second, "deadline of each query request")
	flag.DurationVar(&c.ingestTimeout, "ingest-timeout", 30*time.Minute, "deadline of each ingest request (statements, log upload, OpenLineage events)")
	flag.StringVar(&c.policy, "policy", "", `compliance policy file (default: testdata/warehouse/policy.yaml with -sample; "off": no compliance endpoints)`)
	flag.StringVar(&c.now, "now", "", "clock of the compliance reports, YYYY-MM-DD (default: today)")
	flag.IntVar(&c.generate, "generate", 0, "ingest a generated log of this many statements at start (examples/internal/genlog)")
	flag.IntVar(&c.tables, "tables", 300, "base tables of the -generate log")
	flag.IntVar(&c.maxHeavy, "max-heavy", httpapi.DefaultMaxHeavy, "compliance reports computed at once (identical requests share one)")
	flag.DurationVar(&c.reportTTL, "report-ttl", 0, "keep each computed compliance report this long, for the pages that follow (answers may be as old, but an ingest through the shim drops them; 0: keep none)")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c, logger, nil); err != nil {
		logger.Error("httpshim", "err", err)
		os.Exit(1)
	}
}

// run loads the store, serves until ctx ends, then shuts down. ready, when
// not nil, receives the address listened on.
func run(ctx context.Context, c config, logger *slog.Logger, ready chan<- string) error {
	store, err := openStore(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	cat := lineage.NewMemoryCatalog()
	eng := lineage.NewEngine(store, cat)
	platform := lineage.Redshift
	if c.sample {
		start := time.Now()
		if err := sample.Load(ctx, eng, cat, sample.Dir()); err != nil {
			return fmt.Errorf("sample warehouse: %w", err)
		}
		logger.Info("loaded the sample warehouse", "took", time.Since(start).Round(time.Millisecond))
	}
	if c.generate > 0 {
		if err := ingestGenerated(ctx, eng, cat, c.generate, c.tables, logger); err != nil {
			return err
		}
	}
	if c.log != "" {
		p, err := ingestLog(ctx, eng, c.log, c.format, logger)
		if err != nil {
			return err
		}
		platform = p
	}
	opts := []httpapi.Option{httpapi.WithToken(c.token), httpapi.WithPlatform(platform), httpapi.WithLogger(logger), httpapi.WithTimeout(c.timeout), httpapi.WithIngestTimeout(c.ingestTimeout)}
	chk, err := checker(ctx, c, store)
	if err != nil {
		return err
	}
	if chk != nil {
		opts = append(opts, httpapi.WithCompliance(chk))
		logger.Info("compliance policy loaded", "policy", chk.Policy().Name)
	}
	opts = append(opts, httpapi.WithMaxHeavy(c.maxHeavy), httpapi.WithReportTTL(c.reportTTL))
	h := httpapi.New(eng, opts...)
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("serving", "addr", "http://"+ln.Addr().String(), "auth", c.token != "")
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if rss, ok := procstat.PeakRSS(procstat.Self); ok {
		logger.Info("stopped", "peak_rss_mib", rss>>20)
	}
	return nil
}

// ingestGenerated ingests a generated log of n statements over tables
// base tables, defining those tables in cat first.
func ingestGenerated(ctx context.Context, eng *lineage.Engine, cat *lineage.MemoryCatalog, n, tables int, logger *slog.Logger) error {
	g := genlog.New(n, tables, 1)
	if err := g.DefineTables(cat); err != nil {
		return fmt.Errorf("-generate: %w", err)
	}
	sum, err := eng.Ingest(ctx, g, lineage.IngestKey(fmt.Sprintf("genlog:%d:%d", n, tables)))
	if err != nil {
		return fmt.Errorf("-generate: %w", err)
	}
	logger.Info("ingested a generated log", "read", sum.Read, "failed", sum.FailedTotal(), "took", sum.Duration.Round(time.Millisecond))
	return nil
}

// checker loads the compliance policy and tags the store by its rules;
// nil when there is none to load.
func checker(ctx context.Context, c config, store graphstore.Store) (*compliance.Checker, error) {
	path := c.policy
	switch {
	case path == "off":
		return nil, nil
	case path == "" && !c.sample:
		return nil, nil
	case path == "":
		path = filepath.Join(sample.Dir(), "policy.yaml")
	}
	var opts []compliance.Option
	if c.now != "" {
		now, err := time.Parse(time.DateOnly, c.now)
		if err != nil {
			return nil, fmt.Errorf("-now: %w", err)
		}
		opts = append(opts, compliance.WithClock(func() time.Time { return now }))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	defer f.Close()
	pol, err := compliance.LoadPolicy(f, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	chk, err := compliance.New(store, pol, opts...)
	if err != nil {
		return nil, err
	}
	if _, err := chk.ApplyRules(ctx); err != nil {
		return nil, fmt.Errorf("policy %s: tagging by its rules: %w", path, err)
	}
	return chk, nil
}

func openStore(ctx context.Context, c config) (graphstore.Store, error) {
	if c.neo4jURI == "" {
		return memory.New(), nil
	}
	return neo4j.Open(ctx, neo4j.Config{URI: c.neo4jURI, User: c.neo4jUser, Password: c.neo4jPass, Database: c.neo4jDB})
}

// ingestLog ingests a log export at start and returns its platform.
func ingestLog(ctx context.Context, eng *lineage.Engine, path, format string, logger *slog.Logger) (lineage.Platform, error) {
	lf, err := querylog.FormatByName(format)
	if err != nil {
		return "", fmt.Errorf("-format: %w", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum, err := eng.Ingest(ctx, lf.Open(f, querylog.WithOrigin(filepath.Base(path))), lineage.IngestKey(path))
	if err != nil {
		return "", err
	}
	logger.Info("ingested", "log", path, "read", sum.Read, "analyzed", sum.Analyzed, "cached", sum.Cached, "failed", sum.FailedTotal(), "took", sum.Duration.Round(time.Millisecond))
	return lineage.PlatformOf(lf.Dialect), nil
}
