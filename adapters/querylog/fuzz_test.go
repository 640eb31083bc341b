package querylog

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// exhaust reads a source until io.EOF or an error that ends it (a bad
// header, a broken JSON array), and fails if it never ends.
func exhaust(t *testing.T, src lineage.Source) {
	for range 100_000 {
		st, err := src.Next(context.Background())
		if err == nil {
			// what a reader returns can become graph ids
			if reason, ok := lineage.CheckContext(st.Context); !ok {
				t.Fatalf("a statement with a bad context: %s", reason)
			}
		}
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
		for _, p := range sqlparse.Split(in, sqlparse.ANSI) {
			if strings.TrimSpace(p.SQL) == "" || p.Line < 1 {
				t.Fatalf("bad piece %+v", p)
			}
		}
	})
}

func FuzzSnowflake(f *testing.F) {
	f.Add(`{"QUERY_ID":"01b8","QUERY_TEXT":"INSERT INTO a SELECT b FROM c","DATABASE_NAME":"ELEARN","SCHEMA_NAME":"ANALYTICS",` +
		`"SESSION_ID":23874510938117,"USER_NAME":"ETL","ROLE_NAME":"R","EXECUTION_STATUS":"SUCCESS","START_TIME":"2026-10-26 19:04:54.825 -0700"}` + "\n")
	f.Add("QUERY_ID,QUERY_TEXT,USER_NAME,EXECUTION_STATUS,START_TIME\nq1,\"SELECT 1\",\xff\xfe,SUCCESS,2026-10-26 19:04:54.825 -0700\nq2,x,u,FAIL,\n")
	f.Add(`[{"QUERY_TEXT":"SELECT 1","USER_NAME":"\u00ff","START_TIME":1764000000}, null, "x"]`)
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewSnowflake(strings.NewReader(in)))
	})
}

func FuzzBigQuery(f *testing.F) {
	f.Add(`{"job_id":"j1","job_type":"QUERY","state":"DONE","query":"SELECT a FROM p.d.t","project_id":"p",` +
		`"user_email":"ann@example.com","creation_time":"2026-11-02T08:00:00Z","session_info":{"session_id":"s1"}}` + "\n")
	f.Add(`{"job_id":"j2","statement_type":"SCRIPT","query":"BEGIN SELECT 1; END","error_result":{"reason":"x"}}` + "\n" + `{"query":5}`)
	f.Add("job_id,query,user_email,creation_time\nj,\"SELECT 1\",\xff,2026-11-02 08:00:00 UTC\n")
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewBigQuery(strings.NewReader(in)))
	})
}

func FuzzPostgres(f *testing.F) {
	f.Add(`2026-11-02 08:00:00.123 UTC,"ann","shop",1234,"127.0.0.1:5432",6543a1b2.4d2,1,"SELECT",2026-11-02 07:59:00 UTC,3/4,0,LOG,00000,"statement: SELECT a FROM t",,,,,,,,,"psql","client backend",,0` + "\n")
	f.Add(`2026-11-02 08:00:00.123 UTC,"\xff","shop",1,"",s.1,1,"",,,0,LOG,00000,"duration: 1 ms  statement: UPDATE t SET a = 1",,,,,,,,,"",` + "\n" + `x,"unterminated`)
	f.Fuzz(func(t *testing.T, in string) {
		exhaust(t, NewPostgres(strings.NewReader(in)))
	})
}
