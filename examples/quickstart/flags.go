package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/examples/internal/sample"
)

// sampleLog is what the sample warehouse holds for one log format: the log
// (relative to the sample folder) and the columns the story asks about.
type sampleLog struct {
	format, log, users, dbt string
	metric, pii             string
}

// sampleLogs are the sample warehouse's logs, by format.
var sampleLogs = map[string]sampleLog{
	"redshift": {log: "redshift/stl_querytext.csv", users: "redshift/pg_user.csv", dbt: "dbt",
		metric: "elearn.analytics.daily_revenue.revenue", pii: "elearn.raw.users.email"},
	"snowflake": {log: "snowflake/query_history.csv",
		metric: "ELEARN.ANALYTICS.DAILY_REVENUE.REVENUE", pii: "ELEARN.RAW.USERS.EMAIL"},
	"snowflake-json": {log: "snowflake/query_history.jsonl",
		metric: "ELEARN.ANALYTICS.DAILY_REVENUE.REVENUE", pii: "ELEARN.RAW.USERS.EMAIL"},
}

// formats lists every -format, in the order -h shows them: querylog's
// formats (names and aliases), then "sql" for a folder of .sql files;
// those with a log in the sample warehouse say so.
func formats() []sampleLog {
	var out []sampleLog
	for _, f := range querylog.Formats() {
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			s := sampleLogs[name]
			s.format = name
			out = append(out, s)
		}
	}
	return append(out, sampleLog{format: "sql"})
}

func formatNames() string {
	var names []string
	for _, f := range formats() {
		names = append(names, f.format)
	}
	return strings.Join(names, ", ")
}

func main() {
	c, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(2)
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// parseFlags reads the command line and fills in the sample warehouse's
// files and columns where it says nothing.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.format, "format", "redshift", "log format: "+formatNames())
	fs.StringVar(&c.log, "log", "", "the query log export (default: the sample warehouse's log for -format)")
	fs.StringVar(&c.users, "users", "", "redshift: a PG_USER export (usesysid, usename) naming the log's user ids\n(default: the sample's, with the sample's log)")
	fs.StringVar(&c.schema, "schema", "", "a schema file {\"db.schema.table\": {\"column\": \"type\"}} for SELECT * and unqualified names\n(default: the sample's schema.json, with the sample's log)")
	fs.StringVar(&c.dialect, "dialect", "", "SQL dialect, when the format does not fix it (sql, postgres)")
	fs.StringVar(&c.database, "database", "", "default database for names without one (-metric, -pii, the schema file)")
	fs.StringVar(&c.metric, "metric", "", "column whose origin to trace, db.schema.table.column\n(default: the sample's daily revenue, for a format the sample has)")
	fs.StringVar(&c.pii, "pii", "", "personal-data column to follow and audit, db.schema.table.column\n(default: the sample's users' e-mail, for a format the sample has)")
	fs.StringVar(&c.dbt, "dbt", "", "a dbt project (directory, target/ or manifest.json) whose models, PII tags and exposures join the graph\n(default: the sample's project, with the sample's redshift log)")
	fs.StringVar(&c.policy, "policy", "", "a compliance policy (YAML: PII classes, zones, masking, readers) for the PII check\n(default: the sample's policy.yaml, with the sample's log)")
	fs.IntVar(&c.depth, "depth", 10, "how many hops to follow (1 or more)")
	fs.StringVar(&c.sample, "sample", "", "the sample warehouse folder (default: testdata/warehouse in the working directory or above)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: quickstart [flags]\n\nIngests a query log and traces a metric's origin and a personal-data column's flow.\nWith no flags it runs on the sample warehouse. Flags:\n\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nThe sample warehouse has logs for:")
		for _, f := range formats() {
			if f.log != "" {
				fmt.Fprintf(stderr, " %s", f.format)
			}
		}
		fmt.Fprintln(stderr)
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (flags go before it, each -name value)", fs.Arg(0))
	}
	return c, c.defaults()
}

// defaults checks the flags and fills in the sample warehouse where they
// say nothing.
func (c *config) defaults() error {
	var s *sampleLog
	for _, f := range formats() {
		if f.format == c.format {
			s = &f
		}
	}
	if s == nil {
		return fmt.Errorf("unknown -format %q: want one of %s", c.format, formatNames())
	}
	if c.depth < 1 {
		return fmt.Errorf("-depth %d: want 1 or more hops", c.depth)
	}
	c.metric, c.pii = firstOf(c.metric, s.metric), firstOf(c.pii, s.pii)
	if c.log != "" {
		if c.metric == "" || c.pii == "" {
			return fmt.Errorf("the sample has no %s log, so it cannot name your columns: give -metric and -pii", c.format)
		}
		return nil
	}
	if s.log == "" {
		return fmt.Errorf("the sample warehouse has no %s log: give -log FILE (it has logs for redshift, snowflake and snowflake-json)", c.format)
	}
	dir, err := findSample(c.sample)
	if err != nil {
		return err
	}
	c.log = filepath.Join(dir, s.log)
	c.schema = firstOf(c.schema, filepath.Join(dir, "schema.json"))
	c.policy = firstOf(c.policy, filepath.Join(dir, "policy.yaml"))
	if s.users != "" {
		c.users = firstOf(c.users, filepath.Join(dir, s.users))
	}
	if s.dbt != "" {
		c.dbt = firstOf(c.dbt, filepath.Join(dir, s.dbt))
	}
	return nil
}

// findSample returns the sample warehouse folder: dir when given, else
// testdata/warehouse in the working directory or one of its parents, so
// the command runs from anywhere in the repository.
func findSample(dir string) (string, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return "", fmt.Errorf("-sample %s: not a folder", dir)
		}
		return dir, nil
	}
	dir, err := sample.Find()
	if err != nil {
		return "", fmt.Errorf("%w: run from the repository, point -sample at it, or give -log", err)
	}
	return dir, nil
}
