package lineagecheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// runCoverage measures a case without expected lineage: it passes when
// the statement parses and the analyzer returns no error. A failure gets
// a cause that groups it with others of its kind (causeOf).
func runCoverage(ctx context.Context, c Case, d sqlparse.Dialect, cat lineage.Catalog, def lineage.Defaults, r *Result) {
	r.Coverage = true
	if _, err := sqlparse.Parse(c.SQL, d); err != nil {
		r.Error, r.Reason, r.Cause = err.Error(), "parse error", causeOf(err)
		return
	}
	r.Parsed = true
	res, err := lineage.NewAnalyzer(cat).Analyze(ctx, lineage.Statement{SQL: c.SQL, Dialect: d, Context: lineage.Context{Database: def.Database, Schema: def.Schema}})
	r.Confidence = res.Confidence
	if err != nil {
		r.Error, r.Reason, r.Cause = err.Error(), "analyse error", causeOf(err)
		return
	}
	r.Pass = true
}

// isParseError reports whether err holds a *sqlparse.ParseError.
func isParseError(err error) bool {
	var pe *sqlparse.ParseError
	return err != nil && errors.As(err, &pe)
}

// causeOf names the kind of a failure so that failures of one construct
// count together: "parse: <reason>" for a construct sqlparse names, or
// "parse: syntax error near <first token>" for the TiDB parser's own
// rejections (the token where parsing stopped: a keyword, a bracket or
// punctuation, or "<name>" for any other word); "analyse: <reason>" for
// the analyzer's errors. Literal text never enters a cause.
func causeOf(err error) string {
	var pe *sqlparse.ParseError
	if errors.As(err, &pe) {
		reason := pe.Reason
		if i := strings.Index(reason, "near "); i >= 0 && strings.HasPrefix(reason, "syntax error") {
			return "parse: syntax error near " + firstToken(strings.Trim(reason[i+len("near "):], `"`))
		}
		return "parse: " + withoutQuoted(reason)
	}
	var ae *lineage.AnalysisError
	if errors.As(err, &ae) {
		return "analyse: " + withoutQuoted(ae.Reason)
	}
	return "other: " + withoutQuoted(firstLine(err.Error()))
}

// firstToken is the first token of a syntax error's "near" text: a word
// that is a SQL keyword in upper case (the parser's keywords are what
// the rewrites must learn), "<name>" for another word, "<number>",
// "<string>", or the punctuation itself.
func firstToken(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "<end of statement>"
	}
	r := []rune(s)
	switch {
	case unicode.IsLetter(r[0]) || r[0] == '_':
		n := 0
		for n < len(r) && (unicode.IsLetter(r[n]) || unicode.IsDigit(r[n]) || r[n] == '_') {
			n++
		}
		w := strings.ToUpper(string(r[:n]))
		if causeKeywords[w] {
			return w
		}
		return "<name>"
	case unicode.IsDigit(r[0]):
		return "<number>"
	case r[0] == '\'':
		return "<string>"
	case r[0] == '`' || r[0] == '"' || r[0] == '[':
		return "<quoted name>"
	}
	if len(r) > 1 && strings.ContainsRune("<>!=:|", r[0]) && strings.ContainsRune("<>=:|", r[1]) {
		return string(r[:2])
	}
	return string(r[0])
}

// causeKeywords are the words a cause keeps as written: clause and
// construct keywords whose rejection points at one missing rewrite.
var causeKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`SELECT FROM WHERE GROUP BY HAVING ORDER LIMIT QUALIFY WINDOW OVER PARTITION
		JOIN LEFT RIGHT FULL INNER OUTER CROSS LATERAL ON USING AS WITH RECURSIVE UNION INTERSECT EXCEPT ALL DISTINCT
		INSERT INTO OVERWRITE VALUES UPDATE SET DELETE MERGE MATCHED WHEN THEN ELSE END CASE CREATE OR REPLACE
		TABLE VIEW MATERIALIZED TEMP TEMPORARY TRANSIENT DYNAMIC ALTER RENAME SWAP EXCHANGE DROP TRUNCATE COPY UNLOAD
		EXPORT DATA PIVOT UNPIVOT UNNEST FLATTEN STRUCT ARRAY INTERVAL CAST EXTRACT TRIM IDENTIFIER TOP EXCLUDE
		REPLACE IGNORE RESPECT NULLS FILTER WITHIN LIKE ILIKE ANY SOME IN IS NOT NULL AND BETWEEN EXISTS
		DECLARE BEGIN PROCEDURE FUNCTION RETURNS LANGUAGE CALL EXECUTE IF FOR LOOP RETURN
		DATE TIME TIMESTAMP YEAR MONTH DAY DAYS HOUR USER ORDER SCHEMA DATABASE LEAD RANK SQL USE`) {
		m[w] = true
	}
	return m
}()

// withoutQuoted drops quoted text from a reason, so that a reason that
// names the user's text groups with others of its kind.
func withoutQuoted(s string) string {
	var b strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
				b.WriteString("…")
				b.WriteRune(r)
			}
		case r == '"' || r == '`':
			quote = r
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CoverageRow is one row of the coverage table: cases, how many parsed,
// how many parsed and analysed.
type CoverageRow struct {
	Name                    string
	Cases, Parsed, Analysed int
}

// coverageRows counts coverage results per key.
func coverageRows(results []Result, key func(Result) string) []CoverageRow {
	rows := map[string]*CoverageRow{}
	for _, r := range results {
		if !r.Coverage {
			continue
		}
		k := key(r)
		row, ok := rows[k]
		if !ok {
			row = &CoverageRow{Name: k}
			rows[k] = row
		}
		row.Cases++
		if r.Parsed {
			row.Parsed++
		}
		if r.Pass {
			row.Analysed++
		}
	}
	out := make([]CoverageRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CauseGroup is the failures of one cause: how many, and one example.
type CauseGroup struct {
	Cause   string
	Count   int
	Example Result
}

// Causes groups the failed coverage cases by cause, most frequent first.
func Causes(results []Result) []CauseGroup {
	idx := map[string]int{}
	var out []CauseGroup
	for _, r := range results {
		if !r.Coverage || r.Pass {
			continue
		}
		i, ok := idx[r.Cause]
		if !ok {
			i = len(out)
			idx[r.Cause] = i
			out = append(out, CauseGroup{Cause: r.Cause, Example: r})
		}
		out[i].Count++
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// writeCoverage prints the parse and analyse rates of the coverage cases
// per file and per dialect, then their failures grouped by cause with one
// example each. It prints nothing when there are no coverage cases.
func writeCoverage(w io.Writer, results []Result) error {
	files := coverageRows(results, func(r Result) string { return r.File })
	if len(files) == 0 {
		return nil
	}
	dialects := coverageRows(results, func(r Result) string {
		if !r.Supported {
			return r.Dialect + " (unsupported, ran as " + r.RanAs + ")"
		}
		return r.Dialect
	})
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, t := range []struct {
		title string
		rows  []CoverageRow
	}{{"COVERAGE FILE", files}, {"COVERAGE DIALECT", dialects}} {
		fmt.Fprintf(tw, "%s\tcases\tparsed\tparse rate\tanalysed\tanalyse rate\n", t.title)
		for _, r := range t.rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f%%\t%d\t%.1f%%\n", r.Name, r.Cases, r.Parsed, pct(r.Parsed, r.Cases), r.Analysed, pct(r.Analysed, r.Cases))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	groups := Causes(results)
	if len(groups) > 0 {
		fmt.Fprintln(w, "COVERAGE FAILURES BY CAUSE")
		for _, g := range groups {
			fmt.Fprintf(w, "%4d  %s\n      e.g. %s (%s): %s\n", g.Count, g.Cause, g.Example.ID, g.Example.Dialect, firstLine(g.Example.Error))
		}
		fmt.Fprintln(w)
	}
	return nil
}

func pct(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}
