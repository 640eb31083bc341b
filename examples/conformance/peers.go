package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// peerRecord is one line of a peer's output (examples/peerbench/peers.py).
type peerRecord struct {
	Tool     string                 `json:"tool"`
	File     string                 `json:"file"`
	ID       string                 `json:"id"`
	OK       bool                   `json:"ok"`
	Error    string                 `json:"error"`
	Seconds  float64                `json:"seconds"`
	Reported *lineagecheck.Reported `json:"reported"`
}

// parseBenchFile is the file, in a peers directory, of the queries of
// sqlglot's parse benchmark (written by examples/peerbench).
const parseBenchFile = "parsebench.jsonl"

// cell is one tool's figures on one corpus file.
type cell struct {
	pass, total int
	times       []float64 // seconds per statement
	failures    []string
}

// add counts a case; timed says seconds is the time of a run that
// returned (a crash or time-out is counted, not timed).
func (c *cell) add(pass, timed bool, seconds float64, failure string) {
	c.total++
	if pass {
		c.pass++
	}
	if timed {
		c.times = append(c.times, seconds)
	}
	if failure != "" {
		c.failures = append(c.failures, failure)
	}
}

func (c *cell) quantile(q float64) float64 {
	if len(c.times) == 0 {
		return 0
	}
	s := slices.Clone(c.times)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func (c *cell) sum() float64 {
	t := 0.0
	for _, x := range c.times {
		t += x
	}
	return t
}

// runPeers scores the peers' outputs in dir (one *.jsonl per tool) against
// the corpus by lineagecheck's rule, times colineage on the same cases in
// this process (warm, the Analyze call with the case's catalog, as the
// harness times the peers' engine calls), and prints the side-by-side
// tables.
func runPeers(ctx context.Context, corpus, dir string, verbose bool, stdout io.Writer) error {
	cases, err := lineagecheck.LoadDir(corpus)
	if err != nil {
		return err
	}
	byKey := map[string]lineagecheck.Case{}
	var files []string
	for _, c := range cases {
		if _, ok := byKey[c.File+"\x00"+c.ID]; !ok {
			byKey[c.File+"\x00"+c.ID] = c
		}
		if len(files) == 0 || files[len(files)-1] != c.File {
			files = append(files, c.File)
		}
	}
	cells := map[string]map[string]*cell{} // tool -> file -> cell
	get := func(tool, file string) *cell {
		if cells[tool] == nil {
			cells[tool] = map[string]*cell{}
		}
		if cells[tool][file] == nil {
			cells[tool][file] = &cell{}
		}
		return cells[tool][file]
	}
	for _, c := range cases {
		r, secs := timeColineage(ctx, c)
		failure := ""
		if !r.Pass {
			failure = c.ID + ": " + r.Reason
		}
		get("colineage", c.File).add(r.Pass, true, secs, failure)
	}
	outputs, _ := filepath.Glob(filepath.Join(dir, "*.out.jsonl"))
	sort.Strings(outputs)
	var parseBench []peerRecord
	for _, path := range outputs {
		recs, err := readPeerRecords(path)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if rec.File == parseBenchFile {
				parseBench = append(parseBench, rec)
				continue
			}
			c, ok := byKey[rec.File+"\x00"+rec.ID]
			if !ok {
				continue
			}
			switch {
			case !rec.OK:
				get(rec.Tool, rec.File).add(false, false, 0, c.ID+": "+rec.Error)
			default:
				var rep lineagecheck.Reported
				if rec.Reported != nil {
					rep = *rec.Reported
				}
				r := lineagecheck.Score(c, rep)
				failure := ""
				if !r.Pass {
					failure = c.ID + ": " + r.Reason + " " + strings.Join(r.Diff, "; ")
				}
				get(rec.Tool, rec.File).add(r.Pass, true, rec.Seconds, failure)
			}
		}
	}
	tools := []string{"colineage"}
	for t := range cells {
		if t != "colineage" {
			tools = append(tools, t)
		}
	}
	sort.Strings(tools[1:])
	fmt.Fprintf(stdout, "times: %s, warm, engine call only\n", cpuClock)
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\ttool\tpass\trate\tmedian ms\tp99 ms\ttotal s\tcolineage faster (median)\tcolineage faster (total)\t")
	for _, f := range files {
		own := cells["colineage"][f]
		for _, t := range tools {
			c := cells[t][f]
			if c == nil {
				continue
			}
			ratioMed, ratioTot := "", ""
			if t != "colineage" && own != nil && own.quantile(0.5) > 0 && own.sum() > 0 {
				ratioMed = fmt.Sprintf("%.0fx", c.quantile(0.5)/own.quantile(0.5))
				ratioTot = fmt.Sprintf("%.0fx", c.sum()/own.sum())
			}
			fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%.1f%%\t%.3f\t%.3f\t%.3f\t%s\t%s\t\n", f, t, c.pass, c.total,
				100*float64(c.pass)/float64(max(c.total, 1)), 1000*c.quantile(0.5), 1000*c.quantile(0.99), c.sum(), ratioMed, ratioTot)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(parseBench) > 0 {
		if err := writeParseBench(stdout, filepath.Join(dir, parseBenchFile), parseBench); err != nil {
			return err
		}
	}
	if verbose {
		fmt.Fprintln(stdout, "\nfailures:")
		for _, t := range tools {
			for _, f := range files {
				if c := cells[t][f]; c != nil {
					for _, x := range c.failures {
						fmt.Fprintf(stdout, "  %s %s %s\n", t, f, firstLineOf(x))
					}
				}
			}
		}
	}
	return nil
}

// timeColineage runs a case twice and returns the second run's result and
// CPU time (warm, as the peers are timed, and on the same clock).
func timeColineage(ctx context.Context, c lineagecheck.Case) (lineagecheck.Result, float64) {
	lineagecheck.Run(ctx, c)
	t0 := cpuNow()
	r := lineagecheck.Run(ctx, c)
	return r, (cpuNow() - t0).Seconds()
}

func readPeerRecords(path string) ([]peerRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []peerRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r peerRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return out, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// writeParseBench prints the second table: sqlglot's parse benchmark
// queries, parsed and lineaged by colineage (timed here, warm, median of
// several runs) and by each peer (its lineage call, from its output).
func writeParseBench(w io.Writer, path string, recs []peerRecord) error {
	qs, err := lineagecheck.LoadFile(path)
	if err != nil {
		return err
	}
	ctx := context.Background()
	fmt.Fprintln(w, "\nsqlglot's parse benchmark queries (ms per query; lineage where the tool gives it)")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "query\tbytes\tcolineage parse\tcolineage analyze\ttool\ttool ms\tok\tcolineage faster\t")
	for _, q := range qs {
		d, _ := lineagecheck.DialectFor(q.Dialect)
		parse := medianOf(func() { _, _ = sqlparse.Parse(q.SQL, d) })
		a := lineage.NewAnalyzer(nil)
		analyze := medianOf(func() { _, _ = a.Analyze(ctx, lineage.Statement{SQL: q.SQL, Dialect: d}) })
		for _, r := range recs {
			if r.ID != q.ID {
				continue
			}
			ok := "yes"
			if !r.OK {
				ok = "no: " + firstLineOf(r.Error)
				if len(ok) > 40 {
					ok = ok[:40]
				}
			}
			faster := ""
			if r.OK && analyze > 0 {
				faster = fmt.Sprintf("%.0fx", r.Seconds/analyze)
			}
			fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%s\t%.3f\t%s\t%s\t\n", q.ID, len(q.SQL), 1000*parse, 1000*analyze, r.Tool, 1000*r.Seconds, ok, faster)
		}
	}
	return tw.Flush()
}

// medianOf times f (after one warm run) and returns the median CPU time
// of up to 21 runs, in seconds.
func medianOf(f func()) float64 {
	f()
	var ts []float64
	start := time.Now()
	for len(ts) < 21 && (len(ts) < 3 || time.Since(start) < 2*time.Second) {
		t0 := cpuNow()
		f()
		ts = append(ts, (cpuNow() - t0).Seconds())
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}

func firstLineOf(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
