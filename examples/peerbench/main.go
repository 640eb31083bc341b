// Command peerbench measures colineage beside the lineage tools people
// compare it with, in one run on one machine: sqlglot, SQLLineage,
// DataHub's sqlglot-based SQL parser and OpenLineage's Rust parser
// (openlineage-sql), each from PyPI.
//
//	go run ./examples/peerbench [-corpus ../shared/corpus] [-v]
//
// It makes two virtualenvs (DataHub pins its own sqlglot, so it gets one
// of its own) under -venv, runs peers.py (the harness, embedded) once per
// tool over every *.jsonl file of the corpus and over the four queries of
// sqlglot's parse benchmark (written anew here: tpch, short, long, crazy),
// and hands the outputs to examples/conformance -peers, which scores them
// by the corpus rule of examples/conformance (FORMAT.md) and times
// colineage on the same cases in the same run. Each case keeps its dialect
// and schema for every tool; a crash or a time-out is a failed case, with
// its reason in the -v listing. Times are warm engine calls (the call is
// made once untimed first) in CPU time of the calling process, the same
// clock on both sides (CLOCK_PROCESS_CPUTIME_ID: Python's
// time.process_time, and examples/conformance's cpuNow), so the ratios do
// not depend on what else the machine runs. Where PyPI cannot be reached, it says so and
// exits 0.
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

//go:embed peers.py
var harness []byte

// venvs are the virtualenvs and their pinned packages (the versions the
// README's table was measured with).
var venvs = []struct {
	name     string
	packages []string
	tools    []string
}{
	{"peers", []string{"sqlglot==30.31.0", "sqllineage==1.5.9", "openlineage-sql==1.54.0"}, []string{"sqlglot", "sqllineage", "openlineage"}},
	{"datahub", []string{"acryl-datahub[sql-parser]==1.7.0.17"}, []string{"datahub"}},
}

func main() {
	home, _ := os.UserCacheDir()
	corpus := flag.String("corpus", filepath.Join("..", "shared", "corpus"), "directory of *.jsonl corpus files")
	venvDir := flag.String("venv", filepath.Join(home, "colineage-peerbench"), "where the virtualenvs live")
	out := flag.String("out", "", "directory for the peers' outputs (default: a new temporary one)")
	timeout := flag.Float64("timeout", 10, "seconds a peer may take per case")
	verbose := flag.Bool("v", false, "list every failed case with its reason")
	flag.Parse()
	if err := run(*corpus, *venvDir, *out, *timeout, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		os.Exit(1)
	}
}

func run(corpus, venvDir, out string, timeout float64, verbose bool) error {
	files, err := corpusFiles(corpus)
	if err != nil {
		return err
	}
	if out == "" {
		if out, err = os.MkdirTemp("", "peerbench-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	script := filepath.Join(out, "peers.py")
	if err := os.WriteFile(script, harness, 0o644); err != nil {
		return err
	}
	bench := filepath.Join(out, "parsebench.jsonl")
	if err := writeParseBench(bench); err != nil {
		return err
	}
	for _, v := range venvs {
		py, err := ensureVenv(filepath.Join(venvDir, v.name), v.packages)
		if err != nil {
			fmt.Printf("peerbench: skipped: cannot install %s from PyPI (%v)\n", strings.Join(v.packages, " "), err)
			return nil
		}
		for _, tool := range v.tools {
			fmt.Fprintf(os.Stderr, "peerbench: running %s over %d files\n", tool, len(files)+1)
			args := append([]string{script, "--tool", tool, "--out", filepath.Join(out, tool+".out.jsonl"),
				"--timeout", fmt.Sprint(timeout), "--root", corpus}, files...)
			args = append(args, bench)
			// The peers' warnings go to a log beside their output.
			logPath := filepath.Join(out, tool+".log")
			log, err := os.Create(logPath)
			if err != nil {
				return err
			}
			cmd := exec.Command(py, args...)
			cmd.Stdout, cmd.Stderr = log, log
			err = cmd.Run()
			log.Close()
			if err != nil {
				return fmt.Errorf("%s harness: %w (see %s)", tool, err, logPath)
			}
		}
	}
	args := []string{"run", "./examples/conformance", "-corpus", corpus, "-peers", out}
	if verbose {
		args = append(args, "-v")
	}
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// corpusFiles lists the corpus's *.jsonl files.
func corpusFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".jsonl") {
			files = append(files, p)
		}
		return nil
	})
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("no *.jsonl under %s", dir)
	}
	return files, err
}

// ensureVenv makes a virtualenv at dir with packages, unless it has them,
// and returns its python.
func ensureVenv(dir string, packages []string) (string, error) {
	py := filepath.Join(dir, "bin", "python")
	stamp := filepath.Join(dir, "peerbench-packages")
	want := strings.Join(packages, "\n")
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return py, nil
	}
	if _, err := os.Stat(py); errors.Is(err, fs.ErrNotExist) {
		if out, err := exec.Command("python3", "-m", "venv", dir).CombinedOutput(); err != nil {
			return "", fmt.Errorf("python3 -m venv: %v: %s", err, out)
		}
	}
	fmt.Fprintf(os.Stderr, "peerbench: pip install %s (a few minutes the first time)\n", want)
	args := append([]string{"-m", "pip", "install", "-q", "--disable-pip-version-check"}, packages...)
	if out, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("pip: %v: %s", err, lastLine(string(out)))
	}
	return py, os.WriteFile(stamp, []byte(want), 0o644)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// parseBenchQueries are the four queries of sqlglot's parse benchmark
// (benchmarks/parse.py), written anew after its description: a TPC-H
// report, a one-line SELECT with a CASE, a long report of sixteen joins
// with `||` and TO_CHAR, and one expression of 500 terms.
func parseBenchQueries() []map[string]any {
	var long strings.Builder
	long.WriteString("SELECT o.order_id,\n  c.first_name || ' ' || c.last_name AS customer,\n  TO_CHAR(o.created_at, 'YYYY-MM-DD') AS order_day")
	for i := 1; i <= 16; i++ {
		fmt.Fprintf(&long, ",\n  d%d.label || '/' || TO_CHAR(d%d.updated_at, 'HH24:MI') AS label_%d", i, i, i)
	}
	long.WriteString("\nFROM shop.orders o\nJOIN shop.customers c ON c.customer_id = o.customer_id")
	for i := 1; i <= 16; i++ {
		fmt.Fprintf(&long, "\nLEFT JOIN shop.dim_%d d%d ON d%d.id = o.dim_%d_id AND d%d.valid_to IS NULL", i, i, i, i, i)
	}
	long.WriteString("\nWHERE o.status IN ('paid', 'shipped') AND o.created_at >= DATE '2024-01-01'\nORDER BY o.created_at DESC")
	terms := make([]string, 500)
	for i := range terms {
		terms[i] = fmt.Sprintf("x.v%d * %d", i%50, i+1)
	}
	return []map[string]any{
		{"id": "tpch", "dialect": "postgres", "sql": `SELECT n.n_name AS nation, EXTRACT(YEAR FROM o.o_orderdate) AS o_year,
  SUM(l.l_extendedprice * (1 - l.l_discount) - ps.ps_supplycost * l.l_quantity) AS sum_profit
FROM part p, supplier s, lineitem l, partsupp ps, orders o, nation n
WHERE s.s_suppkey = l.l_suppkey AND ps.ps_suppkey = l.l_suppkey AND ps.ps_partkey = l.l_partkey
  AND p.p_partkey = l.l_partkey AND o.o_orderkey = l.l_orderkey AND s.s_nationkey = n.n_nationkey
  AND p.p_name LIKE '%green%'
  AND l.l_quantity < (SELECT 0.2 * AVG(l2.l_quantity) FROM lineitem l2 WHERE l2.l_partkey = p.p_partkey)
GROUP BY n.n_name, EXTRACT(YEAR FROM o.o_orderdate)
ORDER BY nation, o_year DESC`},
		{"id": "short", "dialect": "ansi", "sql": "SELECT 1 AS a, CASE WHEN x.b = 1 THEN x.c WHEN x.b = 2 THEN x.d ELSE 3 END AS e, x.f FROM x"},
		{"id": "long", "dialect": "postgres", "sql": long.String()},
		{"id": "crazy", "dialect": "ansi", "sql": "SELECT " + strings.Join(terms, " + ") + " AS total FROM x"},
	}
}

func writeParseBench(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, q := range parseBenchQueries() {
		q["expected"] = map[string]any{"target_table": nil, "source_tables": nil, "column_lineage": nil}
		if err := enc.Encode(q); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
