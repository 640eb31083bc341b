// Command quickstart is colineage's main job in miniature: it ingests a
// warehouse's query log into a lineage graph and answers the three
// questions a data team is asked most:
//
//   - where does a metric come from (the upstream tree down to base
//     columns, with the transformations on the way),
//   - where does a personal-data column flow (downstream, raw versus
//     masked),
//   - who read that column, and when.
//
// With no flags it runs on the sample warehouse in testdata/warehouse (a
// Redshift STL_QUERYTEXT export) and the in-memory store:
//
//	go run ./examples/quickstart
//
// Point it at your own export:
//
//	go run ./examples/quickstart -format snowflake -log query_history.csv \
//	    -metric ANALYTICS.PUBLIC.DAILY_REVENUE.REVENUE -pii RAW.PUBLIC.USERS.EMAIL
//
// With -dbt (by default the sample warehouse's dbt project, for the
// Redshift log) the dbt project's models, PII tags and exposures join the
// same graph: a model and the table a logged query reads are one node.
//
// Formats: redshift (STL_QUERYTEXT CSV, with -users for a PG_USER export),
// snowflake (QUERY_HISTORY CSV), snowflake-json, bigquery (JOBS JSON lines),
// postgres (csvlog), sql (a folder of .sql files, with -dialect).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/colineage/colineage/adapters/dbt"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// config is what the flags say.
type config struct {
	format   string
	log      string
	users    string
	schema   string
	dialect  string
	database string
	metric   string
	pii      string
	dbt      string
	depth    int
	// policy is a compliance policy file (lineage/compliance), or "".
	policy string
	// sample is the sample warehouse's folder (testdata/warehouse).
	sample string
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// source opens the log named by the config.
func (c config) source() (lineage.Source, sqlparse.Dialect, func() error, error) {
	var opts []querylog.Option
	d, ok := sqlparse.DialectByName(firstOf(c.dialect, c.format))
	if c.dialect != "" {
		if !ok {
			return nil, d, nil, fmt.Errorf("unknown dialect %q", c.dialect)
		}
		opts = append(opts, querylog.WithDialect(d))
	}
	opts = append(opts, querylog.WithOrigin(filepath.Base(c.log)))
	if c.format == "sql" {
		return querylog.NewSQLFiles(os.DirFS(c.log), opts...), d, func() error { return nil }, nil
	}
	f, err := os.Open(c.log)
	if err != nil {
		return nil, d, nil, err
	}
	lf, err := querylog.FormatByName(c.format)
	if err != nil {
		f.Close()
		return nil, d, nil, err
	}
	if c.dialect == "" {
		d = lf.Dialect
	}
	if lf.Name == "redshift" && c.users != "" {
		users, err := readUsers(c.users)
		if err != nil {
			f.Close()
			return nil, d, nil, err
		}
		opts = append(opts, querylog.WithUsers(users))
	}
	src := lf.Open(f, opts...)
	return src, d, f.Close, nil
}

func readUsers(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return querylog.ReadPGUsers(f)
}

// answers are what the quickstart finds, before printing.
type answers struct {
	summary  lineage.Summary
	dbt      *dbtSummary
	metric   lineage.Column
	upstream lineage.Trace
	impact   lineage.Trace
	pii      lineage.Column
	flows    lineage.Trace
	readers  []lineage.Access
	// tagged: the columns tagged as personal data (from dbt), each with
	// where its raw value reaches.
	tagged []piiReach
	// violations: what the policy's check finds (lineage/compliance).
	violations []compliance.Violation
}

// piiReach is one tagged column and the columns its raw value reaches.
type piiReach struct {
	column lineage.TraceNode
	raw    []string
}

// analyse ingests the log into a fresh in-memory store and asks the three
// questions.
func analyse(ctx context.Context, c config, store graphstore.Store) (answers, error) {
	var a answers
	src, d, closeLog, err := c.source()
	if err != nil {
		return a, err
	}
	defer closeLog()
	p := lineage.PlatformOf(d)
	def := lineage.Defaults{Database: c.database}
	cat := lineage.NewMemoryCatalog()
	if c.schema != "" {
		f, err := os.Open(c.schema)
		if err != nil {
			return a, err
		}
		_, err = cat.LoadSchemaJSON(ctx, f, p, def)
		f.Close()
		if err != nil {
			return a, fmt.Errorf("schema %s: %w", c.schema, err)
		}
	}
	eng := lineage.NewEngine(store, cat)
	if c.dbt != "" {
		if a.dbt, err = ingestDBT(ctx, eng, cat, c.dbt); err != nil {
			return a, err
		}
	}
	if a.summary, err = eng.Ingest(ctx, src, lineage.IngestKey(c.log)); err != nil {
		return a, err
	}
	if a.metric, err = columnOf(p, c.metric, def); err != nil {
		return a, err
	}
	if a.pii, err = columnOf(p, c.pii, def); err != nil {
		return a, err
	}
	if err := unknownColumn(ctx, store, "metric", a.metric); err != nil {
		return a, err
	}
	if err := unknownColumn(ctx, store, "pii", a.pii); err != nil {
		return a, err
	}
	if a.upstream, err = eng.Trace(ctx, []lineage.Column{a.metric}, lineage.TraceOptions{Direction: graphstore.Upstream, Depth: c.depth}); err != nil {
		return a, err
	}
	if a.impact, err = eng.Impact(ctx, a.metric.Dataset, lineage.TraceOptions{Depth: c.depth}); err != nil {
		return a, err
	}
	if a.flows, err = eng.Trace(ctx, []lineage.Column{a.pii}, lineage.TraceOptions{Direction: graphstore.Downstream, Depth: c.depth}); err != nil {
		return a, err
	}
	if a.readers, err = eng.Readers(ctx, a.pii); err != nil {
		return a, err
	}
	if a.tagged, a.violations, err = rawReach(ctx, eng, c); err != nil {
		return a, err
	}
	return a, nil
}

// rawReach asks lineage/compliance, under -policy (by default the sample's
// testdata/warehouse/policy.yaml; with your own log and no -policy, a
// policy without zones), where the raw value of every column tagged as personal data in
// dbt reaches, and which flows break the policy.
func rawReach(ctx context.Context, eng *lineage.Engine, c config) ([]piiReach, []compliance.Violation, error) {
	pol, err := quickstartPolicy(c)
	if err != nil {
		return nil, nil, err
	}
	chk, err := compliance.New(eng.Store(), pol)
	if err != nil {
		return nil, nil, err
	}
	if _, err := chk.ApplyRules(ctx); err != nil {
		return nil, nil, err
	}
	prop, err := chk.Propagation(ctx)
	if err != nil {
		return nil, nil, err
	}
	violations, err := chk.Violations(ctx)
	if err != nil {
		return nil, nil, err
	}
	tagged, err := eng.Tagged(ctx, dbt.PIITag)
	if err != nil {
		return nil, nil, err
	}
	var out []piiReach
	for _, n := range tagged {
		r := piiReach{column: n}
		for _, cs := range prop.Columns {
			if cs.State == compliance.Raw && passesThrough(cs.Path, n.Name) && !slices.Contains(r.raw, cs.Column) {
				r.raw = append(r.raw, cs.Column)
			}
		}
		sort.Strings(r.raw)
		out = append(out, r)
	}
	return out, violations, nil
}

// passesThrough reports whether a proving path leaves column.
func passesThrough(path []compliance.Hop, column string) bool {
	for _, h := range path {
		if h.From == column {
			return true
		}
	}
	return false
}

// quickstartPolicy reads c.policy, or, where there is none, makes one
// without classes or zones (dbt's tags still count).
func quickstartPolicy(c config) (*compliance.Policy, error) {
	if c.policy == "" {
		return compliance.LoadPolicy(strings.NewReader(fmt.Sprintf("max_depth: %d\n", c.depth)), "no policy")
	}
	f, err := os.Open(c.policy)
	if err != nil {
		return nil, fmt.Errorf("-policy: %w", err)
	}
	defer f.Close()
	return compliance.LoadPolicy(f, c.policy)
}

// columnOf makes a Column from "db.schema.table.column".
func columnOf(p lineage.Platform, name string, def lineage.Defaults) (lineage.Column, error) {
	parts, err := lineage.ParseName(name)
	if err != nil {
		return lineage.Column{}, err
	}
	if len(parts) < 2 {
		return lineage.Column{}, fmt.Errorf("%q: want table.column at least", name)
	}
	ds := p.Dataset(parts[:len(parts)-1], def)
	return p.Column(ds, parts[len(parts)-1]), nil
}

func run(ctx context.Context, c config, w io.Writer) error {
	start := time.Now()
	a, err := analyse(ctx, c, memory.New())
	if err != nil {
		return err
	}
	report(w, c, a, time.Since(start))
	return nil
}

// dbtSummary is what the dbt project added.
type dbtSummary struct {
	path                 string
	models, failed, tags int
	pii                  int // tagged columns that hold personal data
	dashboards           int
	firstProblem         string
}

// ingestDBT loads a dbt project and writes its models' lineage, its PII
// tags and its exposures.
func ingestDBT(ctx context.Context, eng *lineage.Engine, cat *lineage.MemoryCatalog, path string) (*dbtSummary, error) {
	p, err := dbt.Load(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := p.DefineColumns(ctx, cat); err != nil {
		return nil, err
	}
	sum, err := eng.Ingest(ctx, p.Statements(), lineage.IngestKey("dbt:"+path))
	if err != nil {
		return nil, err
	}
	ds := &dbtSummary{path: path, models: int(sum.Analyzed + sum.Cached), failed: int(sum.FailedTotal())}
	if len(sum.Errors) > 0 {
		ds.firstProblem = firstLine(sum.Errors)
	}
	tags := map[lineage.Column][]string{}
	pii := map[lineage.Column]bool{}
	for _, t := range p.Tags {
		c := p.TagColumn(t)
		tags[c] = append(tags[c], t.Tags...)
		if t.PII {
			pii[c] = true
		}
	}
	ds.tags, ds.pii = len(tags), len(pii)
	if err := eng.TagColumns(ctx, tags); err != nil {
		return nil, err
	}
	var dashboards []lineage.Dashboard
	for _, e := range p.Exposures {
		dashboards = append(dashboards, lineage.Dashboard{
			Dataset: p.ExposureDataset(e), Owner: firstOf(e.Owner.Email, e.Owner.Name), URL: e.URL, Reads: p.ExposureReads(e),
		})
	}
	if err := eng.AddDashboards(ctx, dashboards...); err != nil {
		return nil, err
	}
	ds.dashboards = len(dashboards)
	return ds, nil
}

func report(w io.Writer, c config, a answers, took time.Duration) {
	if d := a.dbt; d != nil {
		fmt.Fprintf(w, "Loaded dbt project %s: %s analysed, %d failed, %s (%d personal data), %s.\n",
			d.path, plural(int64(d.models), "model"), d.failed, plural(int64(d.tags), "tagged column"), d.pii, plural(int64(d.dashboards), "dashboard"))
		if d.firstProblem != "" {
			fmt.Fprintf(w, "  first problem: %s\n", d.firstProblem)
		}
	}
	s := a.summary
	fmt.Fprintf(w, "Ingested %s (%s): %s, %d analysed, %d from the shape cache, %d failed, %s, in %s.\n",
		c.log, c.format, plural(s.Read, "statement"), s.Analyzed, s.Cached, s.FailedTotal(), plural(s.Edges, "column edge"), took.Round(time.Millisecond))
	if len(s.Failed) > 0 {
		var rs []string
		for r, n := range s.Failed {
			rs = append(rs, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(rs)
		fmt.Fprintf(w, "  failures by reason: %s (first: %v)\n", strings.Join(rs, ", "), firstLine(s.Errors))
	}

	fmt.Fprintf(w, "\n1. Where does %s come from?\n", display(a.metric))
	printTree(w, a.upstream, lineage.ColumnNodeID(a.metric))

	fmt.Fprintf(w, "  Downstream of %s (what a change there affects):\n", qualifiedName(a.metric.Dataset))
	downstream := 0
	for _, n := range a.impact.Nodes {
		if n.Depth > 0 {
			downstream++
			fmt.Fprintf(w, "    %s%s\n", strings.Repeat("  ", n.Depth-1), n.Name)
		}
	}
	if downstream == 0 {
		fmt.Fprintln(w, "    (nothing in this log)")
	}

	fmt.Fprintf(w, "\n2. Where does %s flow?\n", display(a.pii))
	var raw, masked []lineage.TraceNode
	for _, n := range a.flows.Nodes {
		if n.Depth == 0 {
			continue
		}
		if n.Raw {
			raw = append(raw, n)
		} else {
			masked = append(masked, n)
		}
	}
	for _, n := range raw {
		fmt.Fprintf(w, "  RAW     %s\n", n.Name)
	}
	for _, n := range masked {
		fmt.Fprintf(w, "  masked  %s\n", n.Name)
	}
	if len(raw)+len(masked) == 0 {
		fmt.Fprintln(w, "  (nowhere in this log)")
	}
	for _, v := range a.violations {
		if v.Rule == compliance.RuleRawOutsideZone && v.External && len(v.Path) > 0 && v.Path[0].From == display(a.pii) {
			fmt.Fprintf(w, "  ! raw personal data leaves the warehouse: %s (by %s)\n", v.Column, strings.Join(v.Users, ", "))
		}
	}

	if len(a.tagged) > 0 {
		fmt.Fprintf(w, "\n  Every column tagged %q in dbt, and where its raw value reaches:\n", dbt.PIITag)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, r := range a.tagged {
			fmt.Fprintf(tw, "  %s\t%s\n", r.column.Name, strings.Join(orNone(r.raw), ", "))
		}
		tw.Flush()
	}
	if len(a.violations) > 0 {
		byRule := map[compliance.Rule]int{}
		for _, v := range a.violations {
			byRule[v.Rule]++
		}
		var rules []string
		for r, n := range byRule {
			rules = append(rules, fmt.Sprintf("%s %d", r, n))
		}
		sort.Strings(rules)
		fmt.Fprintf(w, "\n  Policy check: %s (go run ./examples/compliance for the full report).\n", plural(int64(len(a.violations)), "violation")+": "+strings.Join(rules, ", "))
	}

	fmt.Fprintf(w, "\n3. Who read %s?\n", display(a.pii))
	type total struct {
		days        []string
		count       int64
		first, last time.Time
	}
	users := map[string]*total{}
	var names []string
	for _, r := range a.readers {
		t := users[r.User]
		if t == nil {
			t = &total{}
			users[r.User] = t
			names = append(names, r.User)
		}
		t.days = append(t.days, r.Day)
		t.count += r.Count
		if t.first.IsZero() || r.FirstSeen.Before(t.first) {
			t.first = r.FirstSeen
		}
		if r.LastSeen.After(t.last) {
			t.last = r.LastSeen
		}
	}
	width := 0
	for _, u := range names {
		width = max(width, len([]rune(u)))
	}
	for _, u := range names {
		t := users[u]
		days := t.days
		if len(days) == 1 && days[0] == "" {
			days = nil // a log without times
		}
		span := when(t.first)
		if !t.last.Equal(t.first) {
			span += " to " + when(t.last)
		}
		fmt.Fprintf(w, "  %-*s  %s on %s, %s\n", width, u, plural(t.count, "statement"), plural(int64(len(days)), "day"), span)
		if len(days) > 0 {
			sort.Strings(days)
			fmt.Fprintf(w, "  %-*s  days: %s\n", width, "", strings.Join(days, ", "))
		}
	}
	if len(names) == 0 {
		fmt.Fprintln(w, "  (nobody in this log)")
	}
}

func orNone(s []string) []string {
	if len(s) == 0 {
		return []string{"(stays where it is)"}
	}
	return s
}

func firstLine(errs []error) string {
	if len(errs) == 0 {
		return "none kept"
	}
	s := errs[0].Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func qualifiedName(d lineage.Dataset) string { return d.QualifiedName() }

func display(c lineage.Column) string {
	return strings.TrimPrefix(c.ID(), string(c.Dataset.Platform)+"://")
}

// printTree prints an upstream trace as a tree under root: each node's
// children are the columns that flow into it.
func printTree(w io.Writer, tr lineage.Trace, root string) {
	names := map[string]string{}
	for _, n := range tr.Nodes {
		names[n.ID] = n.Name
	}
	in := map[string][]lineage.TraceEdge{}
	for _, e := range tr.Edges {
		in[e.To] = append(in[e.To], e)
	}
	for _, es := range in {
		sort.Slice(es, func(i, j int) bool { return names[es[i].From] < names[es[j].From] })
	}
	fmt.Fprintf(w, "  %s\n", names[root])
	if len(in[root]) == 0 {
		fmt.Fprintln(w, "  (no upstream in this log)")
	}
	onPath := map[string]bool{root: true}
	var walk func(id, indent string)
	walk = func(id, indent string) {
		es := in[id]
		for i, e := range es {
			branch, next := "├─ ", "│  "
			if i == len(es)-1 {
				branch, next = "└─ ", "   "
			}
			how := e.Subtype
			if e.Kind == lineage.EdgeMasked {
				how += ", masked"
			}
			fmt.Fprintf(w, "  %s%s%s  (%s, seen %s)\n", indent, branch, names[e.From], how, plural(e.Count, "time"))
			if !onPath[e.From] {
				onPath[e.From] = true
				walk(e.From, indent+next)
				delete(onPath, e.From)
			}
		}
	}
	walk(root, "")
}
