package lineage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden want.json files of testdata/lineage")

// goldenStatement is what a golden case records per statement.
type goldenStatement struct {
	Kind       string   `json:"kind"`
	Target     string   `json:"target,omitempty"`
	RenamedTo  string   `json:"renamed_to,omitempty"`
	Columns    []string `json:"columns,omitempty"`
	Sources    []string `json:"sources,omitempty"`
	Edges      []string `json:"edges,omitempty"`
	Unresolved []string `json:"unresolved,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
	Confidence float64  `json:"confidence"`
}

// goldenHeader reads `-- dialect: x`, `-- database: x`, `-- schema: x`
// lines at the top of query.sql.
func goldenHeader(sql string) (sqlparse.Dialect, Context) {
	d := sqlparse.ANSI
	var c Context
	sc := bufio.NewScanner(strings.NewReader(sql))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "--") {
			break
		}
		k, v, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "--")), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "dialect":
			if dd, ok := sqlparse.DialectByName(v); ok {
				d = dd
			}
		case "database":
			c.Database = v
		case "schema":
			c.Schema = v
		}
	}
	return d, c
}

func goldenResult(res Result) []goldenStatement {
	var out []goldenStatement
	for _, s := range res.Statements {
		g := goldenStatement{Kind: s.Kind.String(), Columns: s.Columns, Edges: edgeStrings(s.Edges), Confidence: s.Confidence}
		if s.Target != nil {
			g.Target = s.Target.ID() + " (" + s.Target.Kind.String() + ")"
		}
		if s.RenamedTo != nil {
			g.RenamedTo = s.RenamedTo.ID()
		}
		for _, d := range s.Sources {
			g.Sources = append(g.Sources, d.ID())
		}
		for _, u := range s.Unresolved {
			var cands []string
			for _, c := range u.Candidates {
				cands = append(cands, c.QualifiedName())
			}
			g.Unresolved = append(g.Unresolved, u.Name+" -> "+trimPlatform(u.Target.ID())+" from one of ["+strings.Join(cands, ", ")+"]")
		}
		for _, w := range s.Warnings {
			g.Warnings = append(g.Warnings, w.Code.String())
		}
		sort.Strings(g.Warnings)
		out = append(out, g)
	}
	return out
}

// TestGolden runs every testdata/lineage/<case>/query.sql (with the
// catalog of schema.json, when present) and compares the result with
// want.json; -update rewrites want.json.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "lineage", "*"))
	require.NoError(t, err)
	require.NotEmpty(t, dirs, "no golden cases")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "query.sql"))
			require.NoError(t, err)
			sql := string(raw)
			d, c := goldenHeader(sql)
			p := PlatformOf(d)
			cat := NewMemoryCatalog()
			if schema, err := os.ReadFile(filepath.Join(dir, "schema.json")); err == nil {
				_, err := cat.LoadSchemaJSON(context.Background(), bytes.NewReader(schema), p, Defaults{Database: c.Database, Schema: c.Schema})
				require.NoError(t, err)
			}
			res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: sql, Dialect: d, Context: c})
			require.NoError(t, err)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(goldenResult(res)))
			got := buf.Bytes()
			wantPath := filepath.Join(dir, "want.json")
			if *update {
				require.NoError(t, os.WriteFile(wantPath, got, 0o644))
				return
			}
			want, err := os.ReadFile(wantPath)
			require.NoError(t, err, "run go test ./lineage -run TestGolden -update to create it")
			assert.Equal(t, string(want), string(got))
		})
	}
}
