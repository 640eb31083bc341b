package lineage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

// The statement-shape matrix: every statement form that writes data,
// crossed with every shape of table and column names, in every dialect.
// Each cell is generated: its SQL is built from the form and the shape,
// and the lineage it must produce follows from how it was built (which
// source column the form puts in which target column), never from
// running the engine. testdata/matrix/matrix.md prints the cellOutcome of
// every cell; the test fails when a cell's cellOutcome differs from the
// printed one (a cell that passed and fails now is a regression; one
// that passes now and was not printed so is progress to record), and
// `go test ./lineage -run TestStatementShapeMatrix -update` rewrites it.

// matrixDialects are the columns of the matrix; a dialect sqlparse does
// not know yet prints as such.
var matrixDialects = []string{"ansi", "mysql", "postgres", "redshift", "snowflake", "bigquery", "hive", "trino", "tsql", "duckdb"}

// namePart is one part of a generated name: its text and whether it is
// quoted (a quoted part keeps its case; an unquoted one compares without
// case, since each platform folds it its own way).
type namePart struct {
	text   string
	quoted bool
}

// nameShape is one way of writing the target and source tables and
// their two columns.
type nameShape struct {
	id string
	// tgt and src are the tables' parts; cols the two columns'.
	tgt, src []namePart
	cols     [2]namePart
	// legal says in which dialects the shape can be written (nil: all).
	legal func(d string) bool
	// whole writes a multi-part name as one quoted token (BigQuery's
	// `project.dataset.table`).
	whole bool
}

func plain(parts ...string) []namePart {
	out := make([]namePart, len(parts))
	for i, p := range parts {
		out[i] = namePart{text: p}
	}
	return out
}

func quotedParts(parts ...string) []namePart {
	out := make([]namePart, len(parts))
	for i, p := range parts {
		out[i] = namePart{text: p, quoted: true}
	}
	return out
}

func only(ds ...string) func(string) bool {
	return func(d string) bool { return contains(ds, d) }
}

func except(ds ...string) func(string) bool {
	return func(d string) bool { return !contains(ds, d) }
}

// twoLevel are the dialects whose tables have at most two name parts.
var twoLevel = []string{"mysql", "hive"}

var nameShapes = []nameShape{
	{id: "1 part", tgt: plain("tgt"), src: plain("src"), cols: [2]namePart{{text: "a"}, {text: "b"}}},
	{id: "2 parts", tgt: plain("sch", "tgt"), src: plain("sch", "src"), cols: [2]namePart{{text: "a"}, {text: "b"}}},
	{id: "3 parts", tgt: plain("db", "sch", "tgt"), src: plain("db", "sch", "src"), cols: [2]namePart{{text: "a"}, {text: "b"}},
		legal: except(twoLevel...)},
	{id: "4 parts (linked server)", tgt: plain("srv", "db", "sch", "tgt"), src: plain("srv", "db", "sch", "src"),
		cols: [2]namePart{{text: "a"}, {text: "b"}}, legal: only("tsql")},
	{id: "quoted parts", tgt: quotedParts("Sch", "Tgt"), src: quotedParts("Sch", "Src"),
		cols: [2]namePart{{text: "ColA", quoted: true}, {text: "col b", quoted: true}}},
	{id: "mixed case", tgt: plain("Sch", "TgT"), src: plain("SCH", "sRc"), cols: [2]namePart{{text: "ColA"}, {text: "COLB"}}},
	{id: "dashed project", tgt: plain("my-proj", "ds", "tgt"), src: plain("my-proj", "ds", "src"),
		cols: [2]namePart{{text: "a"}, {text: "b"}}, legal: only("bigquery")},
	{id: "backquoted path", tgt: quotedParts("my-proj", "ds", "tgt"), src: quotedParts("my-proj", "ds", "src"),
		cols: [2]namePart{{text: "a"}, {text: "b"}}, legal: only("bigquery"), whole: true},
	{id: "keyword names", tgt: plain("sch", "date"), src: plain("sch", "value"),
		cols: [2]namePart{{text: "date"}, {text: "value"}}},
	{id: "non-ASCII", tgt: plain("données", "clé_été"), src: plain("données", "ventes_ü"),
		cols: [2]namePart{{text: "prix_€"}, {text: "quantité"}}},
	{id: "column named as its table", tgt: plain("sch", "total"), src: plain("sch", "amount"),
		cols: [2]namePart{{text: "amount"}, {text: "total"}}},
}

// quote writes one quoted part in the dialect's own quotes.
func quote(d, s string) string {
	switch d {
	case "mysql", "bigquery", "hive":
		return "`" + s + "`"
	case "tsql":
		return "[" + s + "]"
	}
	return `"` + s + `"`
}

// sqlName writes a name in dialect d.
func sqlName(d string, parts []namePart, whole bool) string {
	if whole {
		texts := make([]string, len(parts))
		for i, p := range parts {
			texts[i] = p.text
		}
		return quote(d, strings.Join(texts, "."))
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.text
		if p.quoted {
			out[i] = quote(d, p.text)
		}
	}
	return strings.Join(out, ".")
}

// cell is one generated statement and the lineage it must produce.
type cell struct {
	sql string
	// want maps target column index -> source column index (the form's
	// wiring); empty when the form writes no column lineage.
	want map[int]int
	// location: the target is an external location, not the tgt table.
	location bool
	// targetCols names the target's columns when they are not the
	// shape's (positional INSERT into a table of other columns).
	targetCols []namePart
}

// stmtForm is one statement form that writes data.
type stmtForm struct {
	id    string
	legal func(d string) bool
	build func(d string, s nameShape) cell
}

// identity is the wiring of forms that copy column i to column i.
var identity = map[int]int{0: 0, 1: 1}

var stmtForms = []stmtForm{
	{"INSERT with column list", nil, func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s", t, a, b, a, b, src), want: identity}
	}},
	{"INSERT positional (catalog from DDL)", nil, func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		x, y := namePart{text: "x"}, namePart{text: "y"}
		return cell{sql: fmt.Sprintf("CREATE TABLE %s (x INT, y INT);\nINSERT INTO %s SELECT %s, %s FROM %s", t, t, b, a, src),
			want: map[int]int{0: 1, 1: 0}, targetCols: []namePart{x, y}}
	}},
	{"INSERT OVERWRITE", only("hive", "snowflake"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		kw := "TABLE"
		if d == "snowflake" {
			kw = "INTO"
		}
		return cell{sql: fmt.Sprintf("INSERT OVERWRITE %s %s SELECT %s, %s FROM %s", kw, t, a, b, src), want: identity}
	}},
	{"INSERT multi-row VALUES with a subquery", except("hive", "bigquery", "snowflake", "trino"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("INSERT INTO %s (%s, %s) VALUES ((SELECT MAX(%s) FROM %s), 1), (2, 3)", t, a, b, a, src),
			want: map[int]int{0: 0}}
	}},
	{"INSERT ... WITH", except("tsql", "redshift"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("INSERT INTO %s (%s, %s) WITH w AS (SELECT %s, %s FROM %s) SELECT %s, %s FROM w", t, a, b, a, b, src, a, b), want: identity}
	}},
	{"WITH ... INSERT", only("postgres", "tsql", "duckdb", "hive", "ansi"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("WITH w AS (SELECT %s, %s FROM %s) INSERT INTO %s (%s, %s) SELECT %s, %s FROM w", a, b, src, t, a, b, a, b), want: identity}
	}},
	{"CREATE TABLE AS", except("tsql"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("CREATE TABLE %s AS SELECT %s, %s FROM %s", t, a, b, src), want: identity}
	}},
	{"CREATE OR REPLACE TABLE AS", only("snowflake", "bigquery", "hive", "duckdb", "trino"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT %s, %s FROM %s", t, a, b, src), want: identity}
	}},
	{"CREATE TEMP TABLE AS, then INSERT", except("tsql", "trino", "hive"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		tmp := "tmp_rows"
		if d == "bigquery" {
			tmp = "tmp_rows" // BigQuery temp tables live in the script's session
		}
		return cell{sql: fmt.Sprintf("CREATE TEMPORARY TABLE %s AS SELECT %s, %s FROM %s;\nINSERT INTO %s (%s, %s) SELECT %s, %s FROM %s", tmp, a, b, src, t, a, b, a, b, tmp), want: identity}
	}},
	{"CREATE VIEW AS", nil, func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("CREATE VIEW %s AS SELECT %s, %s FROM %s", t, a, b, src), want: identity}
	}},
	{"CREATE OR REPLACE VIEW AS", except("tsql"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT %s, %s FROM %s", t, a, b, src), want: identity}
	}},
	{"CREATE MATERIALIZED VIEW AS", only("postgres", "redshift", "snowflake", "bigquery", "trino", "hive"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("CREATE MATERIALIZED VIEW %s AS SELECT %s, %s FROM %s", t, a, b, src), want: identity}
	}},
	{"SELECT INTO", only("postgres", "redshift", "tsql", "ansi"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("SELECT %s, %s INTO %s FROM %s", a, b, t, src), want: identity}
	}},
	{"MERGE update and insert", except("mysql", "hive"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("MERGE INTO %s AS tg USING %s AS sr ON tg.%s = sr.%s\nWHEN MATCHED THEN UPDATE SET %s = sr.%s\nWHEN NOT MATCHED THEN INSERT (%s, %s) VALUES (sr.%s, sr.%s)",
			t, src, a, a, b, b, a, b, a, b), want: identity}
	}},
	{"MERGE delete branch", except("mysql", "hive"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("MERGE INTO %s AS tg USING %s AS sr ON tg.%s = sr.%s\nWHEN MATCHED AND sr.%s IS NULL THEN DELETE\nWHEN MATCHED THEN UPDATE SET %s = sr.%s",
			t, src, a, a, b, b, b), want: map[int]int{1: 1}}
	}},
	{"UPDATE FROM", only("postgres", "redshift", "snowflake", "tsql", "duckdb"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("UPDATE %s AS tg SET %s = sr.%s FROM %s AS sr WHERE tg.%s = sr.%s", t, b, b, src, a, a), want: map[int]int{1: 1}}
	}},
	{"UPDATE JOIN", only("mysql"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("UPDATE %s AS tg JOIN %s AS sr ON tg.%s = sr.%s SET tg.%s = sr.%s", t, src, a, a, b, b), want: map[int]int{1: 1}}
	}},
	{"DELETE USING", only("postgres", "redshift", "snowflake", "duckdb"), func(d string, s nameShape) cell {
		t, src, a, _ := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("DELETE FROM %s AS tg USING %s AS sr WHERE tg.%s = sr.%s", t, src, a, a), want: map[int]int{}}
	}},
	{"upsert ON CONFLICT", only("postgres", "duckdb"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s ON CONFLICT (%s) DO UPDATE SET %s = EXCLUDED.%s", t, a, b, a, b, src, a, b, b), want: identity}
	}},
	{"upsert ON DUPLICATE KEY", only("mysql"), func(d string, s nameShape) cell {
		t, src, a, b := shapeNames(d, s)
		return cell{sql: fmt.Sprintf("INSERT INTO %s (%s, %s) SELECT %s, %s FROM %s ON DUPLICATE KEY UPDATE %s = VALUES(%s)", t, a, b, a, b, src, b, b), want: identity}
	}},
	{"UNLOAD / COPY INTO location / EXPORT DATA", only("redshift", "snowflake", "bigquery"), func(d string, s nameShape) cell {
		_, src, a, b := shapeNames(d, s)
		var sql string
		switch d {
		case "redshift":
			sql = fmt.Sprintf("UNLOAD ('SELECT %s, %s FROM %s') TO 's3://bucket/out/' IAM_ROLE 'arn:aws:iam::1:role/r'", a, b, strings.ReplaceAll(src, "'", "''"))
		case "snowflake":
			sql = fmt.Sprintf("COPY INTO @stage/out/ FROM (SELECT %s, %s FROM %s)", a, b, src)
		default:
			sql = fmt.Sprintf("EXPORT DATA OPTIONS (uri = 'gs://bucket/out/*.csv', format = 'CSV') AS SELECT %s, %s FROM %s", a, b, src)
		}
		return cell{sql: sql, want: identity, location: true}
	}},
}

// names writes the shape's target, source and columns in dialect d.
func shapeNames(d string, s nameShape) (tgt, src, a, b string) {
	return sqlName(d, s.tgt, s.whole), sqlName(d, s.src, s.whole),
		sqlName(d, s.cols[:1], false), sqlName(d, s.cols[1:], false)
}

// quotedKeepsCase says whether quoting a name makes it case-sensitive in
// dialect d, for table names or for column names: Hive/Spark, Trino and
// DuckDB compare every name without case, quoted or not, and so do SQL
// Server under its default (case-insensitive) collation and MySQL as the
// project identifies it (lineage/identity.go: its table names' case
// depends on the server's lower_case_table_names); BigQuery keeps the
// case of table names but not of columns; the others keep the case of any
// quoted name.
func quotedKeepsCase(d string, column bool) bool {
	switch d {
	case "hive", "trino", "mysql", "tsql", "duckdb":
		return false
	case "bigquery":
		return !column
	}
	return true
}

// partMatches compares a generated part with what the engine reports.
func partMatches(d string, column bool, p namePart, got string) bool {
	if p.quoted && quotedKeepsCase(d, column) {
		return p.text == got
	}
	return strings.EqualFold(p.text, got)
}

// datasetMatches reports whether ds is the table the parts name: its
// trailing parts are the parts, and it has no other (a default database
// or schema would come from a session; the matrix sets none).
func datasetMatches(d string, parts []namePart, ds Dataset) bool {
	var got []string
	for _, p := range []string{ds.Database, ds.Schema, ds.Name} {
		if p != "" {
			got = append(got, p)
		}
	}
	if len(parts) > 3 && len(got) == 3 {
		// a linked server's leading parts are joined in the database part
		var lead []string
		for _, p := range parts[:len(parts)-2] {
			lead = append(lead, p.text)
		}
		parts = append([]namePart{{text: strings.Join(lead, ".")}}, parts[len(parts)-2:]...)
	}
	if len(got) != len(parts) {
		return false
	}
	for i, p := range parts {
		if !partMatches(d, false, p, got[i]) {
			return false
		}
	}
	return true
}

// cellOutcome is what a cell did: "pass", "illegal", "no dialect" or "fail"
// with why.
type cellOutcome struct {
	status, reason string
}

func runCell(ctx context.Context, d string, f stmtForm, s nameShape) cellOutcome {
	if (f.legal != nil && !f.legal(d)) || (s.legal != nil && !s.legal(d)) {
		return cellOutcome{status: "illegal"}
	}
	dialect, ok := sqlparse.DialectByName(d)
	if !ok || dialect.String() != d {
		return cellOutcome{status: "gap", reason: "dialect " + d + " is not one sqlparse knows yet (parse engineer, issue 15)"}
	}
	c := f.build(d, s)
	res, err := NewAnalyzer(NewMemoryCatalog()).Analyze(ctx, Statement{SQL: c.sql, Dialect: dialect})
	if err != nil {
		var pe *sqlparse.ParseError
		if errors.As(err, &pe) {
			return cellOutcome{status: "fail", reason: "front end (sqlparse) rejects it: " + oneLine(err.Error())}
		}
		return cellOutcome{status: "fail", reason: "resolver error: " + oneLine(err.Error())}
	}
	tcols := s.cols[:]
	if c.targetCols != nil {
		tcols = c.targetCols
	}
	// The DIRECT column edges into the target, as (target i, source j).
	got := map[[2]int]bool{}
	var stray []string
	for _, e := range res.Edges() {
		if e.Transform.Type != Direct || e.To.Name == "" {
			continue
		}
		if c.location {
			if e.To.Dataset.Kind != KindLocation {
				continue
			}
		} else if !datasetMatches(d, s.tgt, e.To.Dataset) {
			if e.To.Dataset.Kind != KindTemporary {
				stray = append(stray, "edge into "+e.To.Dataset.QualifiedName())
			}
			continue
		}
		ti, si := -1, -1
		for i, p := range tcols {
			if partMatches(d, true, p, e.To.Name) {
				ti = i
			}
		}
		for j, p := range s.cols {
			if partMatches(d, true, p, e.From.Name) && datasetMatches(d, s.src, e.From.Dataset) {
				si = j
			}
		}
		if ti < 0 || si < 0 {
			stray = append(stray, fmt.Sprintf("%s.%s -> %s", e.From.Dataset.QualifiedName(), e.From.Name, e.To.Name))
			continue
		}
		got[[2]int{ti, si}] = true
	}
	var missing []string
	for ti, si := range c.want {
		if !got[[2]int{ti, si}] {
			missing = append(missing, fmt.Sprintf("%s <- %s", tcols[ti].text, s.cols[si].text))
		}
		delete(got, [2]int{ti, si})
	}
	for k := range got {
		stray = append(stray, fmt.Sprintf("%s <- %s", tcols[k[0]].text, s.cols[k[1]].text))
	}
	if !c.location && res.Statements != nil {
		last := res.Statements[len(res.Statements)-1]
		if last.Target == nil || !datasetMatches(d, s.tgt, *last.Target) {
			stray = append(stray, "target is not "+sqlName(d, s.tgt, s.whole))
		}
	}
	if len(missing)+len(stray) == 0 {
		return cellOutcome{status: "pass"}
	}
	sort.Strings(missing)
	sort.Strings(stray)
	var why []string
	if len(missing) > 0 {
		why = append(why, "missing "+strings.Join(missing, ", "))
	}
	if len(stray) > 0 {
		why = append(why, "unexpected "+strings.Join(stray, ", "))
	}
	return cellOutcome{status: "fail", reason: "wrong lineage: " + strings.Join(why, "; ")}
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// renderMatrix prints the outcomes: one table per form (name shape x
// dialect), then every cell that does not pass with its reason.
func renderMatrix(out map[string]cellOutcome) string {
	var b strings.Builder
	b.WriteString("# Statement-shape matrix\n\n")
	b.WriteString("Generated by `go test ./lineage -run TestStatementShapeMatrix -update` (lineage/matrix_test.go):\n")
	b.WriteString("every statement form that writes data x every name shape x every dialect. A cell passes when the\n")
	b.WriteString("analyzer reports exactly the DIRECT column edges the form wires (which source column fills which\n")
	b.WriteString("target column) into the right table. `ok` passes, `FAIL` is a legal cell that does not pass yet\n")
	b.WriteString("(reasons below), `gap` is a dialect sqlparse does not have yet, `-` is a form or name the dialect\n")
	b.WriteString("does not have.\n\n")
	counts := map[string]int{}
	for _, o := range out {
		counts[o.status]++
	}
	fmt.Fprintf(&b, "Cells: %d pass, %d fail, %d gap, %d illegal.\n\n", counts["pass"], counts["fail"], counts["gap"], counts["illegal"])
	mark := map[string]string{"pass": "ok", "fail": "FAIL", "gap": "gap", "illegal": "-"}
	for _, f := range stmtForms {
		fmt.Fprintf(&b, "## %s\n\n| name shape | %s |\n|---|%s\n", f.id, strings.Join(matrixDialects, " | "), strings.Repeat("---|", len(matrixDialects)))
		for _, s := range nameShapes {
			row := make([]string, len(matrixDialects))
			for i, d := range matrixDialects {
				row[i] = mark[out[cellKey(f, s, d)].status]
			}
			fmt.Fprintf(&b, "| %s | %s |\n", s.id, strings.Join(row, " | "))
		}
		b.WriteString("\n")
	}
	b.WriteString("## Cells that do not pass, and why\n\n")
	var keys []string
	for k, o := range out {
		if o.status == "fail" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "- %s: %s\n", k, out[k].reason)
	}
	return b.String()
}

func cellKey(f stmtForm, s nameShape, d string) string {
	return f.id + " / " + s.id + " / " + d
}

func TestStatementShapeMatrix(t *testing.T) {
	ctx := context.Background()
	out := map[string]cellOutcome{}
	for _, f := range stmtForms {
		for _, s := range nameShapes {
			for _, d := range matrixDialects {
				out[cellKey(f, s, d)] = runCell(ctx, d, f, s)
			}
		}
	}
	got := renderMatrix(out)
	path := filepath.Join("..", "testdata", "matrix", "matrix.md")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to write %s", path)
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Errorf("matrix line %d:\n  printed: %s\n  now:     %s", i+1, w, g)
			}
		}
		t.Errorf("the matrix changed: a cell that regressed must be fixed; progress is recorded with -update")
	}
}
