package sqlparse

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// corpusSQL reads the SQL of the shared corpus (../../shared/corpus from
// this package), if present.
func corpusSQL(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "*", "*.jsonl"))
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for sc.Scan() {
			var c struct {
				SQL string `json:"sql"`
			}
			if json.Unmarshal(sc.Bytes(), &c) == nil && c.SQL != "" {
				out = append(out, c.SQL)
			}
		}
		fh.Close()
	}
	return out
}

// sampleSQL is the shared corpus, the rewrite cases and extra: the inputs of
// the tests that compare a fast path with the general one.
func sampleSQL(tb testing.TB, extra ...string) []string {
	sqls := corpusSQL(tb)
	for _, tc := range rewriteCases {
		sqls = append(sqls, tc.sql)
	}
	return append(sqls, extra...)
}

func FuzzParse(f *testing.F) {
	for _, tc := range rewriteCases {
		f.Add(tc.sql, uint8(0))
	}
	for i, s := range corpusSQL(f) {
		f.Add(s, uint8(i))
	}
	ds := Dialects()
	f.Fuzz(func(t *testing.T, sql string, di uint8) {
		d := ds[int(di)%len(ds)]
		stmts, err := Parse(sql, d)
		if errors.Is(err, errInternal) {
			t.Fatalf("internal error on %q (%s): %v", sql, d, err)
		}
		for _, s := range stmts {
			if s.Span.Start.Offset < 0 || s.Span.End.Offset > len(sql) || s.Span.Start.Offset > s.Span.End.Offset {
				t.Fatalf("span %v out of text of length %d", s.Span, len(sql))
			}
			if s.Kind != KindUtility && s.Kind != KindUse && len(s.Nodes) == 0 {
				t.Fatalf("statement of kind %s without a tree", s.Kind)
			}
		}
		var pe *ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error is not a *ParseError: %v", err)
		}
		if pe != nil && (pe.Pos.Line < 1 || pe.Pos.Column < 1 || pe.Pos.Offset > len(sql)) {
			t.Fatalf("bad error position %+v", pe.Pos)
		}
	})
}
