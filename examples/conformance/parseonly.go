package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
	"github.com/colineage/colineage/sqlparse"
)

// tally counts passes and failures.
type tally struct{ pass, fail int }

func (t *tally) add(ok bool) {
	if ok {
		t.pass++
	} else {
		t.fail++
	}
}

// failure is one case that did not parse.
type failure struct {
	c   lineagecheck.Case
	err error
}

// parseReport is the outcome of parsing the corpus.
type parseReport struct {
	files    map[string]*tally
	dialects map[string]*tally
	total    tally
	failures []failure
}

// parseCases parses every case with its dialect.
func parseCases(cases []lineagecheck.Case) *parseReport {
	r := &parseReport{files: map[string]*tally{}, dialects: map[string]*tally{}}
	for _, c := range cases {
		d, native := lineagecheck.DialectFor(c.Dialect)
		_, err := sqlparse.Parse(c.SQL, d)
		ok := err == nil
		label := strings.ToLower(c.Dialect)
		if !native {
			label += " (as " + d.String() + ")"
		}
		get(r.files, c.File).add(ok)
		get(r.dialects, label).add(ok)
		r.total.add(ok)
		if !ok {
			r.failures = append(r.failures, failure{c, err})
		}
	}
	return r
}

func get(m map[string]*tally, k string) *tally {
	t, ok := m[k]
	if !ok {
		t = &tally{}
		m[k] = t
	}
	return t
}

func (r *parseReport) print(w io.Writer, verbose bool) {
	table(w, "file", r.files)
	fmt.Fprintln(w)
	table(w, "dialect", r.dialects)
	fmt.Fprintln(w)
	if verbose {
		for _, f := range r.failures {
			fmt.Fprintf(w, "FAIL %s (%s, %s:%d)\n", f.c.ID, f.c.Dialect, f.c.File, f.c.Line)
			var pe *sqlparse.ParseError
			for _, e := range unwrapAll(f.err) {
				if errors.As(e, &pe) {
					fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(pe.Error(), "\n", "\n  "))
				}
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "parse: %d passed, %d failed\n", r.total.pass, r.total.fail)
}

// unwrapAll flattens joined errors.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
		return out
	}
	return []error{err}
}

func table(w io.Writer, title string, m map[string]*tally) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tcases\tparsed\tfailed\trate\t\n", title)
	for _, k := range keys {
		t := m[k]
		n := t.pass + t.fail
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.1f%%\t\n", k, n, t.pass, t.fail, 100*float64(t.pass)/float64(n))
	}
	tw.Flush()
}
