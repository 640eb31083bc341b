package lineagecheck

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// tally counts passes and failures of one row.
type tally struct{ pass, fail int }

func (t tally) pct() float64 {
	if t.pass+t.fail == 0 {
		return 0
	}
	return 100 * float64(t.pass) / float64(t.pass+t.fail)
}

// Summary counts results per file and per dialect, column-level and
// table-level cases in their own rows. Coverage cases (no expected
// lineage) count only in Parsed, Analysed and Coverage.
type Summary struct {
	Passed, Failed int
	// Coverage is the number of coverage cases, Parsed and Analysed how
	// many of them parsed, and parsed and analysed.
	Coverage, Parsed, Analysed int
	rows                       map[string]*tally
}

// Summarize counts results.
func Summarize(results []Result) Summary {
	s := Summary{rows: map[string]*tally{}}
	add := func(key string, pass bool) {
		t, ok := s.rows[key]
		if !ok {
			t = &tally{}
			s.rows[key] = t
		}
		if pass {
			t.pass++
		} else {
			t.fail++
		}
	}
	for _, r := range results {
		if r.Coverage {
			s.Coverage++
			if r.Parsed {
				s.Parsed++
			}
			if r.Pass {
				s.Analysed++
			}
			continue
		}
		level := "column"
		if r.TableLevel {
			level = "table"
		}
		dialect := r.Dialect
		if !r.Supported {
			dialect += " (unsupported, ran as " + r.RanAs + ")"
		}
		add("file\t"+r.File+"\t"+level, r.Pass)
		add("dialect\t"+dialect+"\t"+level, r.Pass)
		add("level\t"+level+"\t", r.Pass)
		if r.Pass {
			s.Passed++
		} else {
			s.Failed++
		}
	}
	return s
}

// Rate returns the pass rate of a row: kind "file", "dialect" or "level",
// with its name and level ("column" or "table"; "" for kind "level").
func (s Summary) Rate(kind, name, level string) (pass, total int) {
	t, ok := s.rows[kind+"\t"+name+"\t"+level]
	if !ok {
		return 0, 0
	}
	return t.pass, t.pass + t.fail
}

// Write prints the tables, the coverage tables (writeCoverage), the first
// failures with a diff, and the last lines `coverage: ...` (when there are
// coverage cases) and `conformance: N passed, M failed`.
func Write(w io.Writer, results []Result, maxFailures int) error {
	s := Summarize(results)
	keys := make([]string, 0, len(s.rows))
	for k := range s.rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, kind := range []string{"file", "dialect", "level"} {
		fmt.Fprintf(tw, "%s\tlevel\tpassed\tcases\trate\n", strings.ToUpper(kind))
		for _, k := range keys {
			parts := strings.SplitN(k, "\t", 3)
			if parts[0] != kind {
				continue
			}
			t := s.rows[k]
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f%%\n", parts[1], parts[2], t.pass, t.pass+t.fail, t.pct())
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := writeCoverage(w, results); err != nil {
		return err
	}
	shown := 0
	for _, r := range results {
		if r.Pass || shown >= maxFailures || (r.Coverage && maxFailures < len(results)) {
			continue
		}
		shown++
		fmt.Fprintf(w, "FAIL %s (%s, %s): %s\n", r.ID, r.File, r.Dialect, r.Reason)
		if r.Error != "" {
			fmt.Fprintf(w, "    error: %s\n", firstLine(r.Error))
		}
		for _, d := range r.Diff {
			fmt.Fprintf(w, "    %s\n", d)
		}
	}
	if s.Coverage > 0 {
		fmt.Fprintf(w, "coverage: %d cases, %d parsed (%.1f%%), %d analysed (%.1f%%)\n",
			s.Coverage, s.Parsed, pct(s.Parsed, s.Coverage), s.Analysed, pct(s.Analysed, s.Coverage))
	}
	_, err := fmt.Fprintf(w, "conformance: %d passed, %d failed\n", s.Passed, s.Failed)
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// WriteJSON writes the per-case results as a JSON array.
func WriteJSON(w io.Writer, results []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(results)
}
