// Package lineagecheck runs lineage cases of the corpus format
// (../shared/corpus/FORMAT.md) through lineage.Analyzer and compares what
// it reports with what each case expects.
//
//	cases, _ := lineagecheck.LoadFile("peers/sqllineage.jsonl")
//	for _, c := range cases {
//		r := lineagecheck.Run(ctx, c)
//		fmt.Println(r.ID, r.Pass, r.Reason)
//	}
package lineagecheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Case is one case of the corpus format (the fields lineage checks use).
type Case struct {
	ID              string          `json:"id"`
	Dialect         string          `json:"dialect"`
	SQL             string          `json:"sql"`
	DefaultDatabase *string         `json:"default_database"`
	DefaultSchema   *string         `json:"default_schema"`
	Schema          json.RawMessage `json:"schema"`
	Expected        Expected        `json:"expected"`
	Notes           string          `json:"notes"`
	// HasExpected is false for a case without an "expected" object (the
	// realworld files): it measures coverage only (see Coverage).
	HasExpected bool `json:"-"`
	// File is the corpus file the case was read from (relative to the
	// corpus root with LoadDir, else its base name); Line is its line.
	File string `json:"-"`
	Line int    `json:"-"`
}

// Expected is what a case asserts.
type Expected struct {
	// TargetTable is a string, a list of strings, or null.
	TargetTable  json.RawMessage `json:"target_table"`
	SourceTables []string        `json:"source_tables"`
	// ColumnLineage is nil when the case asserts only tables.
	ColumnLineage *[]Lineage `json:"column_lineage"`
	// ColumnsComplete is false when the case asserts only the output
	// columns it lists; other columns the engine reports are then not
	// compared. Nil (absent) means true.
	ColumnsComplete *bool `json:"columns_complete"`
}

// complete reports whether every output column with sources is listed.
func (e Expected) complete() bool { return e.ColumnsComplete == nil || *e.ColumnsComplete }

// Lineage is one expected target column and its sources.
type Lineage struct {
	Target  string   `json:"target"`
	Sources []string `json:"sources"`
}

// TableLevel reports whether the case asserts only tables.
func (c Case) TableLevel() bool { return c.HasExpected && c.Expected.ColumnLineage == nil }

// Coverage reports whether the case asserts no lineage at all: it passes
// when it parses and the analyzer returns no error.
func (c Case) Coverage() bool { return !c.HasExpected }

// LoadFile reads a .jsonl corpus file.
func LoadFile(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lineagecheck: %w", err)
	}
	defer f.Close()
	return Load(f, filepath.Base(path))
}

// LoadDir reads every *.jsonl file under dir, in path order; each case's
// File is its file's path relative to dir.
func LoadDir(dir string) ([]Case, error) {
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
	if err != nil {
		return nil, fmt.Errorf("lineagecheck: %w", err)
	}
	sort.Strings(files)
	var out []Case
	for _, f := range files {
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			rel = f
		}
		r, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("lineagecheck: %w", err)
		}
		cases, err := Load(r, filepath.ToSlash(rel))
		r.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, cases...)
	}
	return out, nil
}

// closestDialect maps corpus dialect names the project does not support to
// the supported dialect closest to them.
var closestDialect = map[string]sqlparse.Dialect{
	"oracle":      sqlparse.ANSI,
	"teradata":    sqlparse.ANSI,
	"db2":         sqlparse.ANSI,
	"exasol":      sqlparse.ANSI,
	"sqlite":      sqlparse.ANSI,
	"vertica":     sqlparse.Postgres,
	"greenplum":   sqlparse.Postgres,
	"materialize": sqlparse.Postgres,
	"athena":      sqlparse.Trino,
	"impala":      sqlparse.Hive,
	"clickhouse":  sqlparse.MySQL,
}

// DialectFor returns the dialect to run a case in and whether the case's
// dialect is supported as such (false: the closest supported one, or ANSI).
func DialectFor(name string) (sqlparse.Dialect, bool) {
	if d, ok := closestDialect[strings.ToLower(name)]; ok {
		return d, false
	}
	if d, ok := sqlparse.DialectByName(name); ok {
		return d, true
	}
	return sqlparse.ANSI, false
}

// Load reads cases, one JSON object per line; file names them.
func Load(r io.Reader, file string) ([]Case, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var out []Case
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return out, &lineage.InputError{Origin: file, Record: int64(line), Reason: "bad case", Err: err}
		}
		var probe struct {
			Expected json.RawMessage `json:"expected"`
		}
		if err := json.Unmarshal(b, &probe); err == nil {
			c.HasExpected = len(probe.Expected) > 0 && string(probe.Expected) != "null"
		}
		c.File, c.Line = file, line
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("lineagecheck: %s: %w", file, err)
	}
	return out, nil
}

// Result is the outcome of one case.
type Result struct {
	ID         string `json:"id"`
	File       string `json:"file"`
	Dialect    string `json:"dialect"`
	TableLevel bool   `json:"table_level"`
	// Coverage marks a case without expected lineage: Pass means it
	// parsed and analysed; Parsed says whether it parsed; Cause groups
	// its failure (see causeOf).
	Coverage bool   `json:"coverage,omitempty"`
	Parsed   bool   `json:"parsed"`
	Cause    string `json:"cause,omitempty"`
	Pass     bool   `json:"pass"`
	// Supported is false when the case's dialect is not one sqlparse
	// knows; the case then ran as RanAs (the closest dialect, or ANSI).
	Supported bool   `json:"supported_dialect"`
	RanAs     string `json:"ran_as"`
	Reason    string `json:"reason,omitempty"`
	// Diff lists expected/got lines of the targets that differ.
	Diff       []string            `json:"diff,omitempty"`
	Got        map[string][]string `json:"got,omitempty"`
	Targets    []string            `json:"targets,omitempty"`
	Sources    []string            `json:"sources,omitempty"`
	Confidence float64             `json:"confidence"`
	Error      string              `json:"error,omitempty"`
}

// Run analyses one case and compares the outcome.
func Run(ctx context.Context, c Case) Result {
	r := Result{ID: c.ID, File: c.File, Dialect: c.Dialect, TableLevel: c.TableLevel(), Supported: true}
	d, supported := DialectFor(c.Dialect)
	r.Supported, r.RanAs = supported, d.String()
	p := lineage.PlatformOf(d)
	def := lineage.Defaults{}
	if c.DefaultDatabase != nil {
		def.Database = *c.DefaultDatabase
	}
	if c.DefaultSchema != nil {
		def.Schema = *c.DefaultSchema
	}
	cat := lineage.NewMemoryCatalog()
	if len(c.Schema) > 0 && string(c.Schema) != "null" {
		if _, err := cat.LoadSchemaJSON(ctx, bytes.NewReader(c.Schema), p, def); err != nil {
			r.Reason, r.Error = "bad schema", err.Error()
			return r
		}
	}
	if c.Coverage() {
		runCoverage(ctx, c, d, cat, def, &r)
		return r
	}
	a := lineage.NewAnalyzer(cat)
	res, err := a.Analyze(ctx, lineage.Statement{SQL: c.SQL, Dialect: d, Context: lineage.Context{Database: def.Database, Schema: def.Schema}})
	if err != nil {
		r.Error = err.Error()
	}
	r.Parsed = !isParseError(err)
	r.Confidence = res.Confidence
	got := collect(res)
	r.Targets, r.Sources = tableNames(res)
	r.Got = map[string][]string{}
	for _, t := range got.order {
		r.Got[t.display] = t.sourceNames()
	}
	if c.TableLevel() {
		compareTables(c, &r)
	} else {
		compareColumns(c, got, &r)
	}
	if !r.Pass && r.Reason == "" && r.Error != "" {
		r.Reason = "error"
	}
	return r
}

// target is one target column the engine reported, with the names it may
// be called by.
type target struct {
	names   []string // lower-cased: col, table.col, schema.table.col, ...
	display string
	sources map[string]srcRef
}

type srcRef struct {
	names   []string
	display string
}

func (t *target) sourceNames() []string {
	out := make([]string, 0, len(t.sources))
	for _, s := range t.sources {
		out = append(out, s.display)
	}
	sort.Strings(out)
	return out
}

type gotLineage struct {
	order []*target
	byID  map[string]*target
}

// columnNames lists the names a column may be written as: the column
// alone (bare SELECT), and qualified by each suffix of its dataset's name.
func columnNames(c lineage.Column, bare bool) []string {
	col := strings.ToLower(c.Name)
	if bare {
		return []string{col}
	}
	var parts []string
	for _, p := range []string{c.Dataset.Database, c.Dataset.Schema, c.Dataset.Name} {
		if p != "" {
			parts = append(parts, strings.ToLower(p))
		}
	}
	var out []string
	for i := len(parts) - 1; i >= 0; i-- {
		out = append(out, strings.Join(parts[i:], ".")+"."+col)
	}
	return out
}

// collect states the script's lineage end to end, as the corpus does: the
// column edges of all statements form a graph, and each column written but
// not read again (a sink) gets the columns it is reached from that no
// statement writes (roots); the columns of temporary tables are sinks only
// in a script that writes no persistent table. A statement reads the
// columns as earlier statements left them: a column it both reads and
// writes (SET a = b, b = a; ON DUPLICATE KEY UPDATE x = IF(y > ..), y =
// ..) is read before its write, not through it. DIRECT edges and the
// per-column INDIRECT ones (CONDITIONAL, WINDOW, and SORT: an aggregate's
// own ORDER BY, part of the output expression) count; dataset-level
// INDIRECT edges (joins, filters, grouping, the query's ordering) do not.
func collect(res lineage.Result) *gotLineage {
	g := &gotLineage{byID: map[string]*target{}}
	cols := map[string]lineage.Column{}
	// The graph's nodes are versions of columns: "id" is a column no
	// statement has written yet, "id#k" its k-th write.
	ver := map[string]int{}
	node := func(id string, v int) string {
		if v == 0 {
			return id
		}
		return id + "#" + strconv.Itoa(v)
	}
	colOf := map[string]string{} // node -> column id
	in := map[string][]string{}  // to -> froms
	isFrom := map[string]bool{}
	unres := map[string][]string{}
	var order []string
	note := func(c lineage.Column) string {
		id := c.ID()
		if _, ok := cols[id]; !ok {
			cols[id] = c
		}
		return id
	}
	addTarget := func(c lineage.Column) {
		id := note(c)
		for _, o := range order {
			if o == id {
				return
			}
		}
		order = append(order, id)
	}
	for _, s := range res.Statements {
		written := map[string]bool{}
		write := func(c lineage.Column) string {
			id := note(c)
			written[id] = true
			n := node(id, ver[id]+1)
			colOf[n] = id
			return n
		}
		for _, e := range s.Edges {
			if e.To.Name == "" {
				continue
			}
			if e.Transform.Type == lineage.Indirect && e.Transform.Subtype != lineage.Conditional && e.Transform.Subtype != lineage.Window && e.Transform.Subtype != lineage.Sort {
				continue
			}
			fid := note(e.From)
			from := node(fid, ver[fid])
			colOf[from] = fid
			to := write(e.To)
			addTarget(e.To)
			in[to] = append(in[to], from)
			isFrom[from] = true
		}
		for _, u := range s.Unresolved {
			if len(u.Candidates) == 0 {
				// No table in scope may have it: a variable or a
				// pseudo-column (SQL%ROWCOUNT, SQLERRM), not a source.
				continue
			}
			to := write(u.Target)
			addTarget(u.Target)
			unres[to] = append(unres[to], strings.ToLower(u.Name))
		}
		if s.Target != nil {
			for _, c := range s.Columns {
				tc := lineage.Column{Dataset: *s.Target, Name: c}
				write(tc)
				addTarget(tc)
			}
		}
		for id := range written {
			ver[id]++
		}
	}
	// sinks: the versions of each column no later statement reads
	sinks := map[string][]string{}
	persistentSink := false
	for _, id := range order {
		for v := 1; v <= ver[id]; v++ {
			if n := node(id, v); !isFrom[n] {
				sinks[id] = append(sinks[id], n)
				if cols[id].Dataset.Kind != lineage.KindTemporary {
					persistentSink = true
				}
			}
		}
	}
	for _, id := range order {
		if len(sinks[id]) == 0 {
			continue // an intermediate column: read by a later statement
		}
		if persistentSink && cols[id].Dataset.Kind == lineage.KindTemporary {
			// A temporary table's lineage is stated through the
			// persistent tables made from it; only a script that leaves
			// no persistent table is read for its temporary ones.
			continue
		}
		c := cols[id]
		names := columnNames(c, c.Dataset.Kind == lineage.KindQueryResult)
		t := &target{names: names, display: names[len(names)-1], sources: map[string]srcRef{}}
		g.byID[id] = t
		g.order = append(g.order, t)
		seen := map[string]bool{}
		var walk func(n string)
		walk = func(n string) {
			for _, u := range unres[n] {
				t.sources["?"+u] = srcRef{names: []string{u}, display: u}
			}
			for _, f := range in[n] {
				if seen[f] || len(in[f]) == 0 {
					fid := colOf[f]
					fn := columnNames(cols[fid], false)
					t.sources[fid] = srcRef{names: fn, display: fn[len(fn)-1]}
					continue
				}
				seen[f] = true
				walk(f)
			}
		}
		for _, n := range sinks[id] {
			seen[n] = true
			walk(n)
		}
	}
	return g
}

func matchName(want string, names []string) bool {
	w := strings.ToLower(strings.TrimSpace(want))
	for _, n := range names {
		if n == w {
			return true
		}
	}
	return false
}

func compareColumns(c Case, g *gotLineage, r *Result) {
	want := *c.Expected.ColumnLineage
	used := map[*target]bool{}
	for _, wl := range want {
		var t *target
		for _, cand := range g.order {
			if matchName(wl.Target, cand.names) {
				t = cand
				break
			}
		}
		if t == nil {
			if len(wl.Sources) == 0 {
				continue
			}
			r.Diff = append(r.Diff, fmt.Sprintf("- %s <- %s", wl.Target, strings.Join(wl.Sources, ", ")), fmt.Sprintf("+ %s missing", wl.Target))
			continue
		}
		used[t] = true
		if !sameSources(wl.Sources, t) {
			r.Diff = append(r.Diff, fmt.Sprintf("- %s <- %s", wl.Target, strings.Join(sortedCopy(wl.Sources), ", ")),
				fmt.Sprintf("+ %s <- %s", wl.Target, strings.Join(t.sourceNames(), ", ")))
		}
	}
	for _, t := range g.order {
		if !c.Expected.complete() {
			break // the case asserts only the columns it lists
		}
		if !used[t] && len(t.sources) > 0 {
			r.Diff = append(r.Diff, fmt.Sprintf("+ %s <- %s (not expected)", t.display, strings.Join(t.sourceNames(), ", ")))
		}
	}
	r.Pass = len(r.Diff) == 0
	if !r.Pass {
		r.Reason = "column lineage differs"
	}
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func sameSources(want []string, t *target) bool {
	if len(want) != len(t.sources) {
		return false
	}
	matched := map[string]bool{}
	for _, w := range want {
		found := false
		for id, s := range t.sources {
			if !matched[id] && matchName(w, s.names) {
				matched[id] = true
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// tableNames lists the persistent tables the script writes and reads, in
// order of first use. A table the script creates and then drops is no
// target; one it creates and then reads is intermediate, neither target
// nor source.
func tableNames(res lineage.Result) (targets, sources []string) {
	var tOrder, sOrder []lineage.Dataset
	seenT, seenS, dropped := map[string]bool{}, map[string]bool{}, map[string]bool{}
	created, intermediate := map[string]bool{}, map[string]bool{}
	var temps []lineage.Dataset
	seenTemp := map[string]bool{}
	for _, s := range res.Statements {
		for _, src := range s.Sources {
			if src.Kind == lineage.KindLocation {
				continue
			}
			if created[src.ID()] {
				intermediate[src.ID()] = true
			}
			if id := src.ID(); !seenS[id] {
				seenS[id] = true
				sOrder = append(sOrder, src)
			}
		}
		if s.Target != nil && s.Target.Kind == lineage.KindTemporary && writes(s.Kind) && !seenTemp[s.Target.ID()] {
			seenTemp[s.Target.ID()] = true
			temps = append(temps, *s.Target)
		}
		if s.Target == nil || s.Target.Kind == lineage.KindQueryResult || s.Target.Kind == lineage.KindTemporary {
			continue
		}
		id := s.Target.ID()
		if len(s.Renames) > 0 {
			// A written table renamed later is written under its new name.
			for _, rn := range s.Renames {
				for i, t := range tOrder {
					if t.ID() == rn.From.ID() {
						tOrder[i] = rn.To
						seenT[rn.To.ID()] = true
					}
				}
			}
			continue
		}
		if s.Kind == sqlparse.KindAlterTable && len(s.Sources) > 0 {
			// ALTER TABLE .. EXCHANGE PARTITION moves rows in.
			if !seenT[id] {
				seenT[id] = true
				tOrder = append(tOrder, *s.Target)
			}
			continue
		}
		if s.Kind == sqlparse.KindDropTable {
			if seenT[id] {
				dropped[id] = true
			}
			continue
		}
		if s.Kind == sqlparse.KindCreateTableAs || s.Kind == sqlparse.KindCreateTable {
			created[id] = true
		}
		if writes(s.Kind) && !seenT[id] {
			seenT[id] = true
			tOrder = append(tOrder, *s.Target)
		}
	}
	for _, t := range tOrder {
		if !dropped[t.ID()] && !intermediate[t.ID()] {
			targets = append(targets, qualified(t))
		}
	}
	if len(targets) == 0 {
		// A script that leaves no persistent table is read for the
		// temporary tables it writes (a statement analysed alone).
		for _, t := range temps {
			targets = append(targets, qualified(t))
		}
	}
	for _, s := range sOrder {
		if !intermediate[s.ID()] {
			sources = append(sources, qualified(s))
		}
	}
	return targets, sources
}

func writes(k sqlparse.Kind) bool {
	switch k {
	case sqlparse.KindInsert, sqlparse.KindUpdate, sqlparse.KindMerge, sqlparse.KindCreateTableAs,
		sqlparse.KindCreateView, sqlparse.KindUnload, sqlparse.KindCopy, sqlparse.KindSelect, sqlparse.KindCreateTable:
		return true
	}
	return false
}

func qualified(d lineage.Dataset) string {
	var parts []string
	for _, p := range []string{d.Database, d.Schema, d.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ".")
}

func tableMatch(want string, got []string) bool {
	w := strings.ToLower(strings.TrimSpace(want))
	for _, g := range got {
		g = strings.ToLower(g)
		if g == w || strings.HasSuffix(g, "."+w) || strings.HasSuffix(w, "."+g) {
			return true
		}
	}
	return false
}

func sameTables(want, got []string) bool {
	if len(want) != len(got) {
		return false
	}
	for _, w := range want {
		if !tableMatch(w, got) {
			return false
		}
	}
	return true
}

func compareTables(c Case, r *Result) {
	var want []string
	raw := bytes.TrimSpace(c.Expected.TargetTable)
	switch {
	case len(raw) == 0 || string(raw) == "null":
	case raw[0] == '[':
		_ = json.Unmarshal(raw, &want)
	default:
		var s string
		_ = json.Unmarshal(raw, &s)
		want = []string{s}
	}
	if !sameTables(want, r.Targets) {
		r.Diff = append(r.Diff, fmt.Sprintf("- target %v", want), fmt.Sprintf("+ target %v", r.Targets))
	}
	if c.Expected.SourceTables != nil && !sameTables(c.Expected.SourceTables, r.Sources) {
		r.Diff = append(r.Diff, fmt.Sprintf("- sources %v", sortedCopy(c.Expected.SourceTables)), fmt.Sprintf("+ sources %v", sortedCopy(r.Sources)))
	}
	r.Pass = len(r.Diff) == 0
	if !r.Pass {
		r.Reason = "tables differ"
	}
}
