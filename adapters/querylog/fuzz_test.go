package querylog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/colineage/colineage/lineage"
)

// exhaust reads a source until io.EOF or an error that ends it (a bad
// header, a broken JSON array), and fails if it never ends.
func exhaust(t *testing.T, src lineage.Source) {
	for range 100_000 {
		_, err := src.Next(context.Background())
		if err != nil && !errors.Is(err, lineage.ErrMalformedInput) {
			return
		}
	}
	t.Fatal("source did not end")
}

func FuzzRedshift(f *testing.F) {
	f.Add("query,sequence,text\n1,1,b\n1,0,a\n2,0,\"x\\n\"\n")
	f.Add("xid,pid,starttime,type,sequence,text\n1,2,2026-01-01,QUERY,0,\"SELECT\"\n1,2,2026-01-01,QUERY,x,\"\n")
	f.Add("query_text,status\nSELECT 1,failed\n")
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewRedshift(strings.NewReader(in), WithWindow(2), WithMaxStatementBytes(1000)))
	})
}

func FuzzRecords(f *testing.F) {
	f.Add(`{"QUERY_TEXT":"SELECT 1","START_TIME":"2026-01-01"}` + "\n" + `[`)
	f.Add(`[{"query":"SELECT 1","session_info":{"session_id":"s"}}, 3, {]`)
	f.Add("QUERY_TEXT,START_TIME\n\"SELECT 1\",x\n")
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewSnowflake(strings.NewReader(in)))
		exhaust(t, NewBigQuery(strings.NewReader(in)))
		exhaust(t, NewGeneric(strings.NewReader(in), Columns{Time: "t", Status: "s"}))
		exhaust(t, NewPostgres(strings.NewReader(in)))
	})
}

func FuzzSQLFiles(f *testing.F) {
	f.Add("SELECT 'a;b'; SELECT $x$ ; $x$; /* ; */ -- ;\nSELECT E'\\';'")
	f.Add("$$")
	f.Add("'unterminated; \"also")
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewSQLFiles(fstest.MapFS{"a.sql": {Data: []byte(in)}}))
		for _, p := range splitStatements(in, true) {
			if strings.TrimSpace(p.sql) == "" || p.line < 1 {
				t.Fatalf("bad piece %+v", p)
			}
		}
	})
}
