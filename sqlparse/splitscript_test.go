package sqlparse

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		d     Dialect
		sql   string
		want  []string
		lines []int
	}{
		{"semicolons", ANSI, "SELECT 1; SELECT 2;\n\nSELECT 3", []string{"SELECT 1", "SELECT 2", "SELECT 3"}, []int{1, 1, 3}},
		{"strings and names", Postgres, "SELECT 'a;b', \"c;d\" FROM t; SELECT E'it\\'s;'", []string{`SELECT 'a;b', "c;d" FROM t`, `SELECT E'it\'s;'`}, []int{1, 1}},
		{"comments", Postgres, "-- one; two\nSELECT 1 /* ; */ -- ;\n; /* only a comment; */ ;", []string{"SELECT 1"}, []int{2}},
		{"dollar quotes", Postgres, "CREATE FUNCTION f() AS $b$ SELECT 1; $b$ LANGUAGE sql;\nSELECT 2", []string{"CREATE FUNCTION f() AS $b$ SELECT 1; $b$ LANGUAGE sql", "SELECT 2"}, []int{1, 2}},
		{"snowflake scripting block in dollar quotes", Snowflake, "EXECUTE IMMEDIATE $$\nBEGIN\n  INSERT INTO t SELECT 1;\n  RETURN 'x';\nEND;\n$$;\nSELECT $$a;b$$",
			[]string{"EXECUTE IMMEDIATE $$\nBEGIN\n  INSERT INTO t SELECT 1", "RETURN 'x'", "END", "SELECT $$a;b$$"}, []int{1, 4, 5, 7}},
		{"javascript body stays a string", Snowflake, "CREATE PROCEDURE p() RETURNS STRING LANGUAGE JAVASCRIPT AS $$ return 'a;b'; $$; SELECT 2",
			[]string{"CREATE PROCEDURE p() RETURNS STRING LANGUAGE JAVASCRIPT AS $$ return 'a;b'; $$", "SELECT 2"}, []int{1, 1}},
		{"hash comment", MySQL, "# it's; here\nSELECT 1; SELECT 2", []string{"SELECT 1", "SELECT 2"}, []int{2, 2}},
		{"hash is no comment in Postgres", Postgres, "SELECT a # b; SELECT 2", []string{"SELECT a # b", "SELECT 2"}, []int{1, 1}},
		{"brackets", TSQL, "SELECT [a;b] FROM t;SELECT 2", []string{"SELECT [a;b] FROM t", "SELECT 2"}, []int{1, 1}},
		{"GO lines", TSQL, "SELECT 1\nGO\nSELECT 2\n  go 5 -- twice\nSELECT go FROM t\nGO", []string{"SELECT 1", "SELECT 2", "SELECT go FROM t"}, []int{1, 3, 5}},
		{"GO is a name outside T-SQL", Postgres, "SELECT 1\nGO\nSELECT 2", []string{"SELECT 1\nGO\nSELECT 2"}, []int{1}},
		{"GO not alone on its line", TSQL, "SELECT a FROM t GO\nSELECT 2", []string{"SELECT a FROM t GO\nSELECT 2"}, []int{1}},
		{"unterminated string", ANSI, "SELECT 1;\nSELECT 'abc; def  \n", []string{"SELECT 1", "SELECT 'abc; def"}, []int{1, 2}},
		{"unterminated comment", ANSI, "SELECT 1; /* never; closed", []string{"SELECT 1", "/* never; closed"}, []int{1, 1}},
		{"nothing", ANSI, " ;; -- x\n", nil, nil},
		{"Unicode spaces", ANSI, "\u2000;\u3000SELECT 1\u00a0;\n\u2000", []string{"SELECT 1"}, []int{1}},
		{"non-ASCII", Postgres, "SELECT 'é;ü' AS ñ;\nSELECT 2", []string{"SELECT 'é;ü' AS ñ", "SELECT 2"}, []int{1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := Split(tc.sql, tc.d)
			var got []string
			var lines []int
			for _, p := range ps {
				got = append(got, p.SQL)
				lines = append(lines, p.Line)
				assert.Equal(t, p.SQL, tc.sql[p.Offset:p.Offset+len(p.SQL)])
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.lines, lines)
		})
	}
}

// Split cuts where Parse does: each piece parses to the statements Parse
// finds in the whole script, in order.
func TestSplitAgreesWithParse(t *testing.T) {
	scripts := map[Dialect]string{
		Postgres:  "INSERT INTO a SELECT 'x;y' FROM b; -- c;\nCREATE TABLE c AS SELECT E'\\';' AS z FROM d;\nSELECT $$;$$",
		BigQuery:  "# a; b\nINSERT INTO p.d.t SELECT r'\\;' AS x FROM p.d.s; SELECT '''a;b''' AS y",
		TSQL:      "SELECT [a;b] INTO #t FROM s\nGO\nINSERT INTO x SELECT [a;b] FROM #t;",
		Snowflake: "SELECT $$a;b$$ AS x FROM t; SELECT 1",
	}
	for d, sql := range scripts {
		t.Run(d.String(), func(t *testing.T) {
			whole, err := Parse(sql, d)
			assert.NoError(t, err)
			var parts []*Statement
			for _, p := range Split(sql, d) {
				ss, err := Parse(p.SQL, d)
				assert.NoError(t, err, "%q", p.SQL)
				parts = append(parts, ss...)
			}
			require := assert.New(t)
			require.Len(parts, len(whole))
			for i := range min(len(parts), len(whole)) {
				require.Equal(whole[i].Kind, parts[i].Kind)
				if d != TSQL { // Parse keeps a GO line in the text of the statement before it
					require.Equal(whole[i].Text, parts[i].Text)
				}
			}
		})
	}
}

// FuzzSplit: Split never panics; its pieces are the script's own text, in
// order and apart, and what lies between them holds no statement.
func FuzzSplit(f *testing.F) {
	f.Add("SELECT 'a;b'; SELECT $x$ ; $x$; /* ; */ -- ;\nSELECT E'\\';'", uint8(2))
	f.Add("SELECT 1\nGO\nSELECT [a;b]\n go 3\n", uint8(8))
	f.Add("# x'; y\nSELECT 1; '''a;b'''", uint8(5))
	f.Add("'unterminated; \"also", uint8(0))
	f.Add("$$", uint8(3))
	f.Add("\u2000", uint8(0))
	ds := Dialects()
	f.Fuzz(func(t *testing.T, sql string, di uint8) {
		d := ds[int(di)%len(ds)]
		ps := Split(sql, d)
		end := 0
		for i, p := range ps {
			if p.SQL == "" || strings.TrimSpace(p.SQL) != p.SQL {
				t.Fatalf("piece %d %q is empty or not trimmed", i, p.SQL)
			}
			if p.Offset < end || p.Offset+len(p.SQL) > len(sql) || sql[p.Offset:p.Offset+len(p.SQL)] != p.SQL {
				t.Fatalf("piece %d %q is not the script's text at %d (previous ended at %d)", i, p.SQL, p.Offset, end)
			}
			if want := 1 + strings.Count(sql[:p.Offset], "\n"); p.Line != want {
				t.Fatalf("piece %d starts on line %d, not %d", i, want, p.Line)
			}
			if gap := sql[end:p.Offset]; len(Split(gap, d)) != 0 {
				t.Fatalf("the text %q before piece %d holds a statement", gap, i)
			}
			end = p.Offset + len(p.SQL)
		}
		if len(ps) > 0 {
			if tail := sql[end:]; len(Split(tail, d)) != 0 {
				t.Fatalf("the text %q after the last piece holds a statement", tail)
			}
		}
	})
}
