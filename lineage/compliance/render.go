package compliance

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteMarkdown renders the report as Markdown: one section per question,
// tables padded so that they read aligned as plain text too.
func (r *Report) WriteMarkdown(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("# Compliance report\n\nPolicy %s, generated %s.\n", r.Policy, r.GeneratedAt.Format(time.RFC3339))

	ew.printf("\n## Violations (%d)\n\n", len(r.Violations))
	t := table{head: []string{"rule", "column", "class", "users", "seen", "detail"}}
	for _, v := range r.Violations {
		seen := span(v.FirstSeen, v.LastSeen)
		if len(v.Days) > 0 {
			seen = plural(len(v.Days), "day") + ", " + plural(int(v.Count), "statement")
		}
		t.add(string(v.Rule), v.Column, v.Class, strings.Join(v.Users, ", "), seen, v.Detail)
	}
	t.write(ew)

	if p := r.Propagation; p != nil {
		ew.printf("\n## Where personal data reaches (%s from %s)\n\n", plural(countCopies(p.Columns), "copy"), plural(len(p.Tags), "tag"))
		t = table{head: []string{"column", "class", "state", "tagged", "from", "path"}}
		for _, cs := range p.Columns {
			if len(cs.Path) == 0 {
				continue
			}
			state := string(cs.State)
			if cs.Weak {
				state += " (weak)"
			}
			t.add(cs.Column, cs.Class, state, yesNo(cs.Tagged), cs.Origin, pathText(cs.Path))
		}
		t.write(ew)
		ew.printf("\n### Derived from personal data (%d)\n\n", len(p.Derived))
		t = table{head: []string{"column or dataset", "class", "from", "path"}}
		for _, cs := range p.Derived {
			t.add(cs.Column, cs.Class, cs.Origin, pathText(cs.Path))
		}
		t.write(ew)
	}

	for _, p := range r.Plans {
		ew.printf("\n## %s plan for %s (%s)\n\n", titleCase(string(p.Kind)), p.Subject, plural(len(p.Steps), "step"))
		t = table{head: []string{"#", "dataset", "action", "key", "columns"}}
		for _, st := range p.Steps {
			var cols []string
			for _, c := range st.Columns {
				cols = append(cols, fmt.Sprintf("%s (%s)", lastPart(c.Column), c.State))
			}
			key := lastPart(st.Key)
			if st.KeyHow != "" {
				key += ": " + st.KeyHow
			}
			t.add(fmt.Sprint(st.Order), st.Dataset, st.Action, key, strings.Join(cols, ", "))
		}
		t.write(ew)
		for _, n := range p.Notes {
			ew.printf("\n- %s", n)
		}
		if len(p.Notes) > 0 {
			ew.printf("\n")
		}
	}

	if a := r.Audit; a != nil {
		ew.printf("\n## Access audit, %s to %s\n\n", dayOf(a.Window.From), dayOf(a.Window.To.Add(-time.Nanosecond)))
		t = table{head: []string{"column", "state", "user", "roles", "reads", "queries", "dashboards", "new", "allowed"}}
		for _, e := range a.Entries {
			reads := plural(int(e.Count), "statement") + " on " + plural(len(e.Days), "day")
			if e.TimeUnknown > 0 {
				reads += fmt.Sprintf(" (%d at a time unknown)", e.TimeUnknown)
			}
			t.add(e.Column, string(e.State), e.User, strings.Join(e.Roles, ", "), reads, plural(len(e.Queries), "shape"),
				strings.Join(e.Dashboards, ", "), yesNo(e.NewReader), yesNo(e.Allowed))
		}
		t.write(ew)
		ew.printf("\nNew readers: %s. Outside the allowed readers: %s.\n", listOrNone(a.NewReaders), listOrNone(a.OutsideAllowed))
	}

	if u := r.Unneeded; u != nil {
		ew.printf("\n## Unneeded personal data (no read in %s, since %s)\n\n", plural(u.Days, "day"), dayOf(u.Since))
		t = table{head: []string{"copy", "class", "state", "from", "last read"}}
		for _, c := range u.Copies {
			last := "never"
			if c.LastRead != nil {
				last = *c.LastRead
			}
			t.add(c.Column, c.Class, string(c.State), c.Origin, last)
		}
		t.write(ew)
		if len(u.Datasets) > 0 {
			ew.printf("\nDatasets with personal data no statement read:\n\n")
			for _, d := range u.Datasets {
				last := "never"
				if d.LastRead != nil {
					last = d.LastRead.Format(time.DateOnly)
				}
				ew.printf("- %s (last read %s): %s\n", d.Dataset, last, strings.Join(d.Columns, ", "))
			}
		}
		if len(u.Undetermined) > 0 {
			ew.printf("\nRead by statements of unknown time (dbt models, logs without times), so not judged: %s.\n", strings.Join(u.Undetermined, ", "))
		}
		if len(u.Duplicates) > 0 {
			ew.printf("\nDatasets built by the same query shape:\n\n")
			for _, d := range u.Duplicates {
				ew.printf("- %s\n", strings.Join(d.Datasets, ", "))
			}
		}
	}
	return ew.err
}

// WriteCSV renders the report as one CSV table, a row per finding, with
// columns section, kind, column, dataset, class, state, users, statement
// (digest), first_seen, last_seen, detail.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	row := func(fields ...string) { _ = cw.Write(fields) }
	row("section", "kind", "column", "dataset", "class", "state", "users", "statement", "first_seen", "last_seen", "detail")
	for _, v := range r.Violations {
		row("violation", string(v.Rule), v.Column, v.Dataset, v.Class, string(v.State), strings.Join(v.Users, " "),
			firstDigest(v.Statements), timeText(v.FirstSeen), timeText(v.LastSeen), v.Detail)
	}
	if p := r.Propagation; p != nil {
		for _, cs := range append(append([]ColumnState{}, p.Columns...), p.Derived...) {
			var st []StatementRef
			var first, last *time.Time
			if n := len(cs.Path); n > 0 {
				st, first, last = cs.Path[n-1].Statements, cs.Path[n-1].FirstSeen, cs.Path[n-1].LastSeen
			}
			row("propagation", string(cs.State), cs.Column, cs.Dataset, cs.Class, string(cs.State), "", firstDigest(st),
				timeText(first), timeText(last), pathText(cs.Path))
		}
	}
	for _, p := range r.Plans {
		for _, s := range p.Steps {
			for _, c := range s.Columns {
				row("plan", string(p.Kind), c.Column, s.Dataset, c.Class, string(c.State), "", "", "", "",
					fmt.Sprintf("step %d of %s: %s; key %s %s", s.Order, p.Subject, s.Action, s.Key, s.KeyHow))
			}
		}
	}
	if a := r.Audit; a != nil {
		for _, e := range a.Entries {
			row("audit", "read", e.Column, "", e.Class, string(e.State), e.User, firstDigest(e.Queries),
				timeText(e.FirstSeen), timeText(e.LastSeen),
				fmt.Sprintf("%d statements on %s; time unknown %d; new %s; allowed %s", e.Count, strings.Join(e.Days, " "), e.TimeUnknown, yesNo(e.NewReader), yesNo(e.Allowed)))
		}
	}
	if u := r.Unneeded; u != nil {
		for _, c := range u.Copies {
			last := "never read"
			if c.LastRead != nil {
				last = "last read " + *c.LastRead
			}
			row("unneeded", "copy", c.Column, c.Dataset, c.Class, string(c.State), "", "", "", timeText(c.LastWritten), last)
		}
		for _, d := range u.Datasets {
			row("unneeded", "dataset", "", d.Dataset, "", "", "", "", "", timeText(d.LastRead), strings.Join(d.Columns, " "))
		}
		for _, d := range u.Duplicates {
			row("unneeded", "duplicate", "", strings.Join(d.Datasets, " "), "", "", "", "", "", "", d.Shape)
		}
	}
	cw.Flush()
	return cw.Error()
}

// table is a Markdown table whose columns are padded to their widths.
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(ew *errWriter) {
	if len(t.rows) == 0 {
		ew.printf("(none)\n")
		return
	}
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			r[i] = strings.ReplaceAll(c, "|", `\|`)
			width[i] = max(width[i], utf8.RuneCountInString(r[i]))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" " + c + strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)) + " |")
		}
		ew.printf("%s\n", b.String())
	}
	line(t.head)
	sep := make([]string, len(width))
	for i, n := range width {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// plural writes "1 day", "2 days", "1 copy", "3 copies".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ay") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func countCopies(cs []ColumnState) int {
	n := 0
	for _, c := range cs {
		if len(c.Path) > 0 {
			n++
		}
	}
	return n
}

// pathText writes a path as "a -DIRECT-> b -MASKED sha2-> c".
func pathText(path []Hop) string {
	if len(path) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(path[0].From)
	for _, h := range path {
		how := h.Kind
		if h.Function != "" {
			how += " " + h.Function
		} else if h.Subtype != "" && h.Subtype != "IDENTITY" {
			how += " " + h.Subtype
		}
		b.WriteString(" -" + how + "-> " + h.To)
	}
	return b.String()
}

func span(first, last *time.Time) string {
	if first == nil && last == nil {
		return TimeUnknown
	}
	return timeText(first) + " to " + timeText(last)
}

func timeText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func dayOf(t time.Time) string {
	if t.IsZero() {
		return "the start"
	}
	return t.UTC().Format(time.DateOnly)
}

func firstDigest(st []StatementRef) string {
	if len(st) == 0 {
		return ""
	}
	return st[0].Digest
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func listOrNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

func lastPart(col string) string {
	if i := strings.LastIndexAny(col, ".#"); i >= 0 {
		return col[i+1:]
	}
	return col
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
