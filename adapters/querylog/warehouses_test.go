package querylog

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const snowflakeCSV = `"QUERY_ID","QUERY_TEXT","DATABASE_NAME","SCHEMA_NAME","USER_NAME","ROLE_NAME","START_TIME","SESSION_ID","EXECUTION_STATUS"
"01b8a1c2-0000-4a2b-0000-0001","CREATE TEMPORARY TABLE stage_payouts AS
SELECT instructor_id, SUM(seconds_watched) AS seconds
FROM raw.course_consumption
GROUP BY 1","ELEARN","ANALYTICS","ETL_LOADER","TRANSFORMER","2026-11-02 02:00:01.123 +0000","1234","SUCCESS"
"01b8a1c2-0000-4a2b-0000-0002","SELECT email FROM raw.userz","ELEARN","RAW","ANALYST_MARIA","ANALYST","2026-11-02 09:00:00.000 +0100","5678","FAIL"
"01b8a1c2-0000-4a2b-0000-0003","SELECT 1","ELEARN","RAW","ANALYST_MARIA","ANALYST","yesterday","5678","SUCCESS"
"01b8a1c2-0000-4a2b-0000-0004","SELECT 2","ELEARN","RAW","ANALYST_MARIA","ANALYST","2026-11-02 09:00:02.000 +0000","5678","RUNNING"
"01b8a1c2-0000-4a2b-0000-0005","SELECT day, revenue FROM analytics.daily_revenue","ELEARN","ANALYTICS","BI_SERVICE","REPORTER","2026-11-02T09:05:00Z","91011","SUCCESS"
`

func TestSnowflake(t *testing.T) {
	t.Run("csv", func(t *testing.T) {
		src := NewSnowflake(strings.NewReader(snowflakeCSV))
		sts, bad := drain(t, src)
		require.Len(t, sts, 2)
		assert.Equal(t, "CREATE TEMPORARY TABLE stage_payouts AS\nSELECT instructor_id, SUM(seconds_watched) AS seconds\nFROM raw.course_consumption\nGROUP BY 1", sts[0].SQL)
		c := sts[0].Context
		assert.Equal(t, "ELEARN", c.Database)
		assert.Equal(t, "ANALYTICS", c.Schema)
		assert.Equal(t, "ETL_LOADER", c.User)
		assert.Equal(t, "TRANSFORMER", c.Role)
		assert.Equal(t, "1234", c.Session)
		assert.Equal(t, "01b8a1c2-0000-4a2b-0000-0001", c.QueryID)
		assert.Equal(t, time.Date(2026, 11, 2, 2, 0, 1, 123e6, time.UTC), c.At)
		assert.Equal(t, sqlparse.Snowflake, sts[0].Dialect)
		assert.Equal(t, "BI_SERVICE", sts[1].Context.User)
		assert.Equal(t, "snowflake:2", sts[0].Context.Origin)
		assert.Equal(t, "snowflake:9", sts[1].Context.Origin)
		require.Len(t, bad, 1)
		assert.Equal(t, int64(7), bad[0].Record, "line of the row with the bad time")
		assert.Contains(t, bad[0].Error(), "start_time")
		st := src.Stats()
		assert.Equal(t, map[string]int64{SkipFailed: 1, SkipUnfinished: 1}, st.SkippedByReason)
		assert.Equal(t, int64(5), st.Records)
		assert.Equal(t, int64(1), st.Malformed)
	})
	t.Run("json lines", func(t *testing.T) {
		in := `{"QUERY_ID":"q1","QUERY_TEXT":"SELECT 1","DATABASE_NAME":"ELEARN","SCHEMA_NAME":null,"USER_NAME":"A","START_TIME":"2026-11-02 09:00:00.000 -0800","SESSION_ID":42,"EXECUTION_STATUS":"SUCCESS"}
{"QUERY_ID":"q2","QUERY_TEXT":"SELECT 2",
{"QUERY_ID":"q3","QUERY_TEXT":"SELECT 3","EXECUTION_STATUS":"INCIDENT"}

{"QUERY_ID":"q4","QUERY_TEXT":"SELECT 4"}`
		src := NewSnowflake(strings.NewReader(in))
		sts, bad := drain(t, src)
		assert.Equal(t, []string{"SELECT 1", "SELECT 4"}, sqls(sts))
		assert.Equal(t, "42", sts[0].Context.Session)
		assert.Equal(t, "", sts[0].Context.Schema)
		assert.Equal(t, time.Date(2026, 11, 2, 17, 0, 0, 0, time.UTC), sts[0].Context.At)
		require.Len(t, bad, 1)
		assert.Equal(t, int64(2), bad[0].Record)
		assert.Equal(t, int64(1), src.Stats().SkippedByReason[SkipFailed])
	})
	t.Run("json array", func(t *testing.T) {
		in := "\ufeff [\n {\"QUERY_ID\":\"q1\",\"QUERY_TEXT\":\"SELECT 1\"},\n 7,\n {\"QUERY_ID\":\"q2\",\"QUERY_TEXT\":\"SELECT 2\"}\n]"
		sts, bad := drain(t, NewSnowflake(strings.NewReader(in)))
		assert.Equal(t, []string{"SELECT 1", "SELECT 2"}, sqls(sts))
		require.Len(t, bad, 1)
		assert.Equal(t, int64(2), bad[0].Record)
	})
}

const bigqueryJobs = `{"job_id":"job_a1","project_id":"elearn-prod","user_email":"maria@elearn.example","creation_time":"2026-11-02 09:00:00.123456 UTC","job_type":"QUERY","statement_type":"SELECT","state":"DONE","query":"SELECT day, revenue FROM analytics.daily_revenue","destination_table":{"project_id":"elearn-prod","dataset_id":"_abc","table_id":"anon1"},"referenced_tables":[{"project_id":"elearn-prod","dataset_id":"analytics","table_id":"daily_revenue"}],"error_result":null,"session_info":{"session_id":"CgwKCmVsZWFybi1wcm9k"}}
{"job_id":"script_1","project_id":"elearn-prod","user_email":"etl@elearn.example","creation_time":"2026-11-02T02:00:00Z","job_type":"QUERY","statement_type":"SCRIPT","state":"DONE","query":"CREATE TEMP TABLE t AS SELECT 1; INSERT INTO x SELECT * FROM t;"}
{"job_id":"script_1_0","project_id":"elearn-prod","user_email":"etl@elearn.example","creation_time":"2026-11-02T02:00:01Z","job_type":"QUERY","statement_type":"CREATE_TABLE_AS_SELECT","state":"DONE","query":"CREATE TEMP TABLE t AS SELECT 1"}
{"job_id":"load_1","project_id":"elearn-prod","user_email":"etl@elearn.example","creation_time":"2026-11-02T01:00:00Z","job_type":"LOAD","state":"DONE","query":null}
{"job_id":"job_bad","project_id":"elearn-prod","user_email":"maria@elearn.example","creation_time":"2026-11-02T09:01:00Z","job_type":"QUERY","statement_type":"SELECT","state":"DONE","query":"SELECT emial FROM raw.users","error_result":{"reason":"invalidQuery","message":"Unrecognized name: emial"}}
{"job_id":"job_run","job_type":"QUERY","state":"RUNNING","query":"SELECT 1"}
{"job_id":"job_time","job_type":"QUERY","state":"DONE","query":"SELECT 1","creation_time":"11/02/2026"}
`

func TestBigQuery(t *testing.T) {
	src := NewBigQuery(strings.NewReader(bigqueryJobs))
	sts, bad := drain(t, src)
	require.Len(t, sts, 2)
	assert.Equal(t, "SELECT day, revenue FROM analytics.daily_revenue", sts[0].SQL)
	c := sts[0].Context
	assert.Equal(t, "elearn-prod", c.Database)
	assert.Equal(t, "maria@elearn.example", c.User)
	assert.Equal(t, "job_a1", c.QueryID)
	assert.Equal(t, "CgwKCmVsZWFybi1wcm9k", c.Session)
	assert.Equal(t, time.Date(2026, 11, 2, 9, 0, 0, 123456000, time.UTC), c.At)
	assert.Equal(t, sqlparse.BigQuery, sts[0].Dialect)
	assert.Equal(t, "script_1_0", sts[1].Context.QueryID)
	require.Len(t, bad, 1)
	assert.Equal(t, int64(7), bad[0].Record)
	assert.Equal(t, map[string]int64{SkipScript: 1, SkipNotQuery: 1, SkipFailed: 1, SkipUnfinished: 1}, src.Stats().SkippedByReason)
}

// csvlog lines as PostgreSQL 16 writes them (26 columns).
const pgCSVLog = `2026-11-02 08:00:00.101 UTC,"etl_loader","elearn",4242,"10.0.0.5:51234",6564a3b1.1092,1,"idle",2026-11-02 07:59:59 UTC,3/17,0,LOG,00000,"statement: BEGIN",,,,,,,,,"psql","client backend",,0
2026-11-02 08:00:00.202 UTC,"etl_loader","elearn",4242,"10.0.0.5:51234",6564a3b1.1092,2,"idle",2026-11-02 07:59:59 UTC,3/17,0,LOG,00000,"statement: CREATE TEMP TABLE stage AS
SELECT user_id, SUM(price) AS total
FROM raw.enrollments
GROUP BY user_id;",,,,,,,,,"psql","client backend",,0
2026-11-02 08:00:01.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,1,"authentication",2026-11-02 08:00:01 UTC,4/2,0,LOG,00000,"connection authorized: user=bi_service database=elearn",,,,,,,,,"","client backend",,0
2026-11-02 08:00:02.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,2,"SELECT",2026-11-02 08:00:01 UTC,4/3,0,LOG,00000,"execute <unnamed>: SELECT day, revenue FROM analytics.daily_revenue WHERE day >= $1","parameters: $1 = '2026-10-01'",,,,,,,,"metabase","client backend",,0
2026-11-02 08:00:03.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,3,"SELECT",2026-11-02 08:00:01 UTC,4/4,0,LOG,00000,"duration: 12.345 ms  execute S_1: SELECT count(*) FROM analytics.active_students",,,,,,,,,"metabase","client backend",,0
2026-11-02 08:00:04.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,4,"SELECT",2026-11-02 08:00:01 UTC,4/5,0,ERROR,42P01,"relation ""analytics.dialy_revenue"" does not exist",,,,,,"SELECT * FROM analytics.dialy_revenue",15,,"metabase","client backend",,0
2026-11-02 08:00:05.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,5,"SELECT",2026-11-02 08:00:01 UTC,4/6,0,LOG,00000,"execute fetch from S_2/C_3: SELECT * FROM big",,,,,,,,,"metabase","client backend",,0
2026-11-02 08:00:06.000 UTC,"bi_service","elearn",4300,"10.0.0.9:40000"
not-a-time,"bi_service","elearn",4300,"10.0.0.9:40000",6564a3b2.10cc,7,"SELECT",2026-11-02 08:00:01 UTC,4/8,0,LOG,00000,"statement: SELECT 7",,,,,,,,,"metabase","client backend",,0
2026-11-02 08:00:08.000 UTC,"analyst_maria","elearn",4400,"10.0.0.7:40001",6564a3b3.1130,1,"SELECT",2026-11-02 08:00:07 UTC,5/1,0,LOG,00000,"duration: 0.512 ms  statement: SELECT email FROM raw.users LIMIT 10",,,,,,,,,"DBeaver","client backend",,0
`

func TestPostgres(t *testing.T) {
	src := NewPostgres(strings.NewReader(pgCSVLog), WithOrigin("postgresql-2026-11-02.csv"))
	sts, bad := drain(t, src)
	assert.Equal(t, []string{
		"BEGIN",
		"CREATE TEMP TABLE stage AS\nSELECT user_id, SUM(price) AS total\nFROM raw.enrollments\nGROUP BY user_id;",
		"SELECT day, revenue FROM analytics.daily_revenue WHERE day >= $1",
		"SELECT count(*) FROM analytics.active_students",
		"SELECT email FROM raw.users LIMIT 10",
	}, sqls(sts))
	c := sts[1].Context
	assert.Equal(t, "etl_loader", c.User)
	assert.Equal(t, "elearn", c.Database)
	assert.Equal(t, "6564a3b1.1092", c.Session)
	assert.Equal(t, "6564a3b1.1092:2", c.QueryID)
	assert.Equal(t, "postgresql-2026-11-02.csv:2", c.Origin)
	assert.Equal(t, time.Date(2026, 11, 2, 8, 0, 0, 202e6, time.UTC), c.At)
	assert.Equal(t, sqlparse.Postgres, sts[0].Dialect)
	require.Len(t, bad, 2)
	assert.Equal(t, int64(11), bad[0].Record, "the truncated line")
	assert.Equal(t, int64(12), bad[1].Record, "the bad log_time")
	st := src.Stats()
	assert.Equal(t, int64(3), st.SkippedByReason[SkipNotQuery], "connection, error and fetch lines")
	assert.Equal(t, int64(10), st.Records)
}

func TestGeneric(t *testing.T) {
	cols := Columns{SQL: "query_text", User: "who", Time: "ts", Session: "conn", QueryID: "id", Database: "catalog", Schema: "schema", Status: "state", OK: []string{"FINISHED"}}
	t.Run("csv", func(t *testing.T) {
		in := "id,who,ts,conn,catalog,schema,state,query_text\n1,alice,2026-11-02 10:00:00,c1,hive,sales,FINISHED,\"SELECT a\nFROM t\"\n2,bob,2026-11-02 10:00:01,c2,hive,sales,FAILED,SELECT b\n3,carol,bad,c3,hive,sales,FINISHED,SELECT c\n"
		src := NewGeneric(strings.NewReader(in), cols, WithDialect(sqlparse.Trino))
		sts, bad := drain(t, src)
		require.Len(t, sts, 1)
		assert.Equal(t, "SELECT a\nFROM t", sts[0].SQL)
		assert.Equal(t, sqlparse.Trino, sts[0].Dialect)
		assert.Equal(t, "alice", sts[0].Context.User)
		assert.Equal(t, "c1", sts[0].Context.Session)
		assert.Equal(t, "hive", sts[0].Context.Database)
		assert.Equal(t, "sales", sts[0].Context.Schema)
		assert.Equal(t, "1", sts[0].Context.QueryID)
		require.Len(t, bad, 1)
		assert.Equal(t, int64(1), src.Stats().SkippedByReason[SkipFailed])
	})
	t.Run("jsonl with default sql column", func(t *testing.T) {
		in := `{"query":"SELECT 1","who":"alice"}` + "\n" + `{"query":""}` + "\n" + `not json` + "\n"
		src := NewGeneric(strings.NewReader(in), Columns{User: "who"})
		sts, bad := drain(t, src)
		assert.Equal(t, []string{"SELECT 1"}, sqls(sts))
		assert.Equal(t, "alice", sts[0].Context.User)
		assert.Equal(t, sqlparse.ANSI, sts[0].Dialect)
		require.Len(t, bad, 1)
		assert.Equal(t, int64(3), bad[0].Record)
		assert.Equal(t, int64(1), src.Stats().SkippedByReason[SkipEmpty])
	})
}

func TestSQLFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"models/b.sql":     {Data: []byte("-- header comment; with a semicolon\nCREATE TEMP TABLE s AS SELECT 'a;b' AS x, \"odd;name\" FROM t;\n\n/* block; */ INSERT INTO p\nSELECT x FROM s;\n")},
		"models/a.sql":     {Data: []byte("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nSELECT E'it\\'s; here' AS y")},
		"models/empty.sql": {Data: []byte("-- nothing here;\n")},
		"models/notes.txt": {Data: []byte("SELECT 'not sql'")},
		"big.sql":          {Data: []byte(strings.Repeat("SELECT 1;", 100))},
	}
	src := NewSQLFiles(fsys, WithDialect(sqlparse.Postgres), WithMaxStatementBytes(500))
	sts, bad := drain(t, src)
	assert.Equal(t, []string{
		"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
		"SELECT E'it\\'s; here' AS y",
		"CREATE TEMP TABLE s AS SELECT 'a;b' AS x, \"odd;name\" FROM t",
		"INSERT INTO p\nSELECT x FROM s",
	}, sqls(sts))
	var origins, sessions []string
	for _, s := range sts {
		origins = append(origins, s.Context.Origin)
		sessions = append(sessions, s.Context.Session)
	}
	assert.Equal(t, []string{"models/a.sql:1", "models/a.sql:2", "models/b.sql:2", "models/b.sql:4"}, origins)
	assert.Equal(t, []string{"models/a.sql", "models/a.sql", "models/b.sql", "models/b.sql"}, sessions)
	require.Len(t, bad, 1, "big.sql is over the limit")
	assert.Contains(t, bad[0].Error(), "big.sql")
	st := src.Stats()
	assert.Equal(t, int64(4), st.Records)
	assert.Equal(t, int64(1), st.SkippedByReason[SkipEmpty])
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 11, 2, 8, 15, 3, 0, time.UTC)
	for _, s := range []string{
		"2026-11-02T08:15:03Z", "2026-11-02 08:15:03", "2026-11-02 08:15:03 UTC", "2026-11-02 08:15:03+00",
		"2026-11-02 09:15:03 +0100", "2026-11-02 09:15:03+01:00", "1793607303", "1793607303000",
	} {
		t.Run(s, func(t *testing.T) {
			got, err := parseTime(s)
			require.NoError(t, err)
			assert.True(t, want.Equal(got), "got %s", got)
		})
	}
	for _, s := range []string{"yesterday", "2026-13-02", "NaN", "-5"} {
		_, err := parseTime(s)
		assert.Error(t, err, s)
	}
}

func TestJSONLineTooLong(t *testing.T) {
	long := `{"QUERY_ID":"big","QUERY_TEXT":"SELECT '` + strings.Repeat("x", 200_000) + `'"}`
	in := long + "\n" + `{"QUERY_ID":"q2","QUERY_TEXT":"SELECT 2"}` + "\n" + long
	src := NewSnowflake(strings.NewReader(in), WithMaxStatementBytes(1000))
	sts, bad := drain(t, src)
	assert.Equal(t, []string{"SELECT 2"}, sqls(sts))
	require.Len(t, bad, 2)
	assert.Equal(t, int64(1), bad[0].Record)
	assert.Equal(t, int64(3), bad[1].Record)
	assert.Contains(t, bad[0].Error(), "longer than")

	// Within the limit, a long line is read whole.
	sts, bad = drain(t, NewSnowflake(strings.NewReader(long)))
	require.Empty(t, bad)
	require.Len(t, sts, 1)
	assert.Len(t, sts[0].SQL, 200_000+len("SELECT ''"))
}

// TestSQLFilesSplitAsTheDialectReads: a file splits where the dialect's
// own tokenizer ends statements, as Parse would: a '#' comment in
// BigQuery or MySQL holds no string, a [bracketed;name] in T-SQL no
// semicolon, and a T-SQL GO line ends a batch.
func TestSQLFilesSplitAsTheDialectReads(t *testing.T) {
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		text    string
		want    []string
		lines   []string
	}{
		{"bigquery hash comment", sqlparse.BigQuery,
			"# don't split here\nINSERT INTO d.t (a) SELECT a FROM d.s;\nINSERT INTO d.u (a) SELECT a FROM d.s;\n",
			[]string{"INSERT INTO d.t (a) SELECT a FROM d.s", "INSERT INTO d.u (a) SELECT a FROM d.s"}, []string{"a.sql:2", "a.sql:3"}},
		{"tsql brackets", sqlparse.TSQL,
			"SELECT [a;b] FROM t; SELECT c FROM u",
			[]string{"SELECT [a;b] FROM t", "SELECT c FROM u"}, []string{"a.sql:1", "a.sql:1"}},
		{"tsql GO", sqlparse.TSQL,
			"SELECT a INTO #t FROM s\nGO\n\nINSERT INTO x SELECT a FROM #t\ngo 2\n",
			[]string{"SELECT a INTO #t FROM s", "INSERT INTO x SELECT a FROM #t"}, []string{"a.sql:1", "a.sql:4"}},
		{"bigquery triple-quoted string", sqlparse.BigQuery,
			"SELECT '''it's; one''' AS x; SELECT 2",
			[]string{"SELECT '''it's; one''' AS x", "SELECT 2"}, []string{"a.sql:1", "a.sql:1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := NewSQLFiles(fstest.MapFS{"a.sql": {Data: []byte(tc.text)}}, WithDialect(tc.dialect))
			sts, bad := drain(t, src)
			require.Empty(t, bad)
			assert.Equal(t, tc.want, sqls(sts))
			var origins []string
			for _, s := range sts {
				origins = append(origins, s.Context.Origin)
			}
			assert.Equal(t, tc.lines, origins)
		})
	}
}
