// Command compliance prints the compliance report of the sample warehouse
// (testdata/warehouse: its Redshift query log and dbt project) under the
// policy kept beside this file: where personal data flows, raw or masked;
// which flows and reads break the policy; the erasure plan for a learner;
// who read personal data in the last 30 days; and what nobody needs.
//
//	go run ./examples/compliance                      # Markdown
//	go run ./examples/compliance -format json         # the stable JSON schema
//	go run ./examples/compliance -format csv -subject raw.users.email
//
// The clock is set to the Monday after the sample's week (-now), so the
// audit and the unneeded-data windows cover it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/colineage/colineage/examples/internal/sample"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

type config struct {
	warehouse, policy, format, subject, kind, now string
	auditDays, unusedDays                         int
}

func main() {
	var c config
	flag.StringVar(&c.warehouse, "warehouse", "", "the sample warehouse folder (default: testdata/warehouse, found from here)")
	flag.StringVar(&c.policy, "policy", "", "the policy file (default: examples/compliance/policy.yaml)")
	flag.StringVar(&c.format, "format", "markdown", "markdown, json or csv")
	flag.StringVar(&c.subject, "subject", "raw.users.user_id", "the data subject's key column for the request plan")
	flag.StringVar(&c.kind, "request", "erasure", "erasure, access or portability")
	flag.StringVar(&c.now, "now", "2026-11-03", "the report's clock (YYYY-MM-DD)")
	flag.IntVar(&c.auditDays, "audit-days", 30, "the access audit covers this many days before -now")
	flag.IntVar(&c.unusedDays, "unused-days", 3, "personal data nobody read for this many days is unneeded")
	flag.Parse()
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "compliance:", err)
		os.Exit(1)
	}
}

// find looks for rel from the working directory and its parents, so the
// command runs from anywhere in the repository.
func find(rel string) string {
	dir, _ := os.Getwd()
	for range 6 {
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			return filepath.Join(dir, rel)
		}
		dir = filepath.Dir(dir)
	}
	return rel
}

func run(ctx context.Context, c config, w io.Writer) error {
	if c.warehouse == "" {
		c.warehouse = sample.Dir()
	}
	if c.policy == "" {
		c.policy = find(filepath.Join("examples", "compliance", "policy.yaml"))
	}
	now, err := time.Parse(time.DateOnly, c.now)
	if err != nil {
		return fmt.Errorf("-now: %w", err)
	}
	if _, err := os.Stat(filepath.Join(c.warehouse, "schema.json")); err != nil {
		return fmt.Errorf("no sample warehouse in %s: run from the repository, or point -warehouse at testdata/warehouse and -policy at a policy file", c.warehouse)
	}
	pf, err := os.Open(c.policy)
	if err != nil {
		return fmt.Errorf("-policy: %w (run from the repository, or point -policy at a policy file)", err)
	}
	pol, err := compliance.LoadPolicy(pf, filepath.Base(c.policy))
	pf.Close()
	if err != nil {
		return err
	}
	store := memory.New()
	chk, err := compliance.New(store, pol, compliance.WithClock(func() time.Time { return now }))
	if err != nil {
		return err
	}
	if err := ingest(ctx, c.warehouse, store, chk); err != nil {
		return err
	}
	rep, err := chk.Report(ctx, compliance.ReportOptions{
		Subjects: []string{c.subject}, PlanKind: compliance.RequestKind(c.kind),
		AuditDays: c.auditDays, UnusedDays: c.unusedDays,
	})
	if err != nil {
		return err
	}
	switch c.format {
	case "markdown", "md":
		return rep.WriteMarkdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "csv":
		return rep.WriteCSV(w)
	}
	return fmt.Errorf("unknown -format %q: markdown, json or csv", c.format)
}

// ingest loads the sample warehouse (examples/internal/sample: schema, dbt
// project, Redshift log) into the store, tags the dbt project's personal
// columns (source dbt) and applies the policy's name rules (tag at
// ingestion).
func ingest(ctx context.Context, dir string, store *memory.Store, chk *compliance.Checker) error {
	cat := lineage.NewMemoryCatalog()
	proj, err := sample.LoadProject(ctx, lineage.NewEngine(store, cat), cat, dir)
	if err != nil {
		return err
	}
	var pii []lineage.Column
	for _, t := range proj.Tags {
		if t.PII {
			pii = append(pii, proj.TagColumn(t))
		}
	}
	if err := chk.Tag(ctx, "", compliance.SourceDBT, pii...); err != nil {
		return err
	}
	_, err = chk.ApplyRules(ctx)
	return err
}
