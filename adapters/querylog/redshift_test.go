package querylog

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedshiftReassembly(t *testing.T) {
	long := "SELECT u.user_id,\n       u.email,\n       e.price\nFROM raw.users u\nJOIN raw.enrollments e ON e.user_id = u.user_id\nWHERE e.enrolled_at >= '2026-11-01'::date\n  AND u.country IN ('DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'AT', 'CH', 'PL', 'SE', 'NO', 'DK', 'FI')\nORDER BY 1"
	// A space exactly at the end of the first 200-byte chunk.
	spaceAtEdge := "SELECT " + strings.Repeat("a", 192) + " FROM t WHERE x = 1"
	// "é" (2 bytes) straddling byte 200, "日本" (3 bytes each) straddling 400.
	multibyte := "SELECT '" + strings.Repeat("x", 191) + "é' AS a, '" + strings.Repeat("y", 188) + "日本語' AS b FROM raw.courses"
	// The escaped newline's backslash ends chunk 0, its n starts chunk 1.
	escEdge := "SELECT " + strings.Repeat("b", 192) + "\nFROM t"
	// A chunk made only of blanks, trimmed to nothing by the export.
	blankChunk := "SELECT 1" + strings.Repeat(" ", 392) + "+ 2"

	cases := []struct {
		name  string
		sql   string
		order func([]stlRow) []stlRow
	}{
		{"in order", long, nil},
		{"reversed", long, reverse},
		{"space at chunk edge", spaceAtEdge, nil},
		{"multibyte split across chunks", multibyte, reverse},
		{"escaped newline split across chunks", escEdge, nil},
		{"blank chunk", blankChunk, reverse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := rowsFor(1, tc.sql, 200)
			require.Greater(t, len(rows), 1, "the case must span chunks")
			if tc.order != nil {
				rows = tc.order(rows)
			}
			src := NewRedshift(strings.NewReader(stlCSV(t, rows)))
			sts, bad := drain(t, src)
			require.Empty(t, bad)
			require.Len(t, sts, 1)
			assert.Equal(t, tc.sql, sts[0].SQL)
			assert.Equal(t, sqlparse.Redshift, sts[0].Dialect)
			assert.Equal(t, "1", sts[0].Context.QueryID)
			assert.Equal(t, "elearn", sts[0].Context.Database)
			assert.Equal(t, "1073", sts[0].Context.Session)
			assert.Equal(t, "redshift:2", sts[0].Context.Origin, "the line of the statement's first row")
			assert.Equal(t, time.Date(2026, 11, 2, 8, 15, 3, 123456000, time.UTC), sts[0].Context.At)
		})
	}
}

func reverse(rows []stlRow) []stlRow {
	out := make([]stlRow, len(rows))
	for i, r := range rows {
		out[len(rows)-1-i] = r
	}
	return out
}

func TestRedshiftInterleavedQueries(t *testing.T) {
	a := "INSERT INTO analytics.daily_revenue SELECT " + strings.Repeat("col_a, ", 60) + "1 FROM raw.enrollments"
	b := "SELECT " + strings.Repeat("col_b, ", 70) + "2 FROM analytics.daily_revenue"
	ra, rb := rowsFor(10, a, 200), rowsFor(11, b, 200)
	require.GreaterOrEqual(t, len(ra), 3)
	require.GreaterOrEqual(t, len(rb), 3)
	// Alternate the rows of the two queries, each in reverse order.
	var rows []stlRow
	ra, rb = reverse(ra), reverse(rb)
	for i := 0; i < max(len(ra), len(rb)); i++ {
		if i < len(ra) {
			rows = append(rows, ra[i])
		}
		if i < len(rb) {
			rows = append(rows, rb[i])
		}
	}
	input := stlCSV(t, rows)

	t.Run("default window", func(t *testing.T) {
		sts, bad := drain(t, NewRedshift(strings.NewReader(input)))
		require.Empty(t, bad)
		assert.ElementsMatch(t, []string{a, b}, sqls(sts))
	})
	t.Run("window of one breaks interleaved input, and says so", func(t *testing.T) {
		src := NewRedshift(strings.NewReader(input), WithWindow(1))
		sts, bad := drain(t, src)
		assert.NotEmpty(t, bad)
		for _, s := range sts {
			assert.NotEqual(t, a, s.SQL)
		}
		st := src.Stats()
		assert.Equal(t, int64(len(bad)), st.Malformed)
		assert.Equal(t, int64(len(rows)), st.Records)
	})
}

func TestRedshiftMalformedRowsCounted(t *testing.T) {
	good := "SELECT course_id, title FROM raw.courses"
	gap := "SELECT " + strings.Repeat("z", 450) + " FROM raw.refunds"
	rows := []stlRow{{query: 1, seq: 0, text: good}}
	gapRows := rowsFor(2, gap, 200)
	rows = append(rows, gapRows[0], gapRows[2]) // chunk 1 lost
	rows = append(rows, stlRow{query: 3, seq: 0, text: "SELECT 3", aborted: "1"})
	input := stlCSV(t, rows)
	// A row with a bad sequence, a row with too few fields, then a good
	// query, then a row whose quote never closes (a truncated file).
	input += `100,9004,1073,4,2026-11-02 08:15:03,elearn,0,zero,SELECT 4` + "\n"
	input += `100,9005,1073` + "\n"
	input += `100,9006,1073,6,2026-11-02 08:15:03,elearn,0,0,SELECT 6` + "\n"
	input += `100,9007,1073,7,not a time,elearn,0,0,SELECT 7` + "\n"
	input += `100,9008,1073,8,2026-11-02 08:15:03,elearn,0,0,"SELECT 8 FROM`

	src := NewRedshift(strings.NewReader(input), WithOrigin("stl.csv"))
	sts, bad := drain(t, src)
	assert.Equal(t, []string{good, "SELECT 6"}, sqls(sts))
	require.Len(t, bad, 5)
	reasons := map[int64]string{}
	for _, b := range bad {
		assert.Equal(t, "stl.csv", b.Origin)
		reasons[b.Record] = b.Reason + ": " + b.Error()
	}
	// Line numbers: header is line 1, query 1 line 2, query 2 lines 3-4.
	assert.Contains(t, reasons[3], "missing chunk 1")
	assert.Contains(t, reasons[6], "bad sequence")
	assert.Contains(t, reasons[7], "fields")
	assert.Contains(t, reasons[9], "timestamp")
	assert.Contains(t, reasons, int64(10))
	st := src.Stats()
	assert.Equal(t, int64(2), st.Statements)
	assert.Equal(t, int64(5), st.Malformed)
	assert.Equal(t, int64(1), st.Skipped)
	assert.Equal(t, map[string]int64{SkipFailed: 1}, st.SkippedByReason)
}

func TestRedshiftConflictingChunk(t *testing.T) {
	rows := []stlRow{{query: 1, seq: 0, text: "SELECT 1"}, {query: 1, seq: 0, text: "SELECT 2"}, {query: 2, seq: 0, text: "SELECT 3"}, {query: 2, seq: 0, text: "SELECT 3"}}
	sts, bad := drain(t, NewRedshift(strings.NewReader(stlCSV(t, rows))))
	assert.Equal(t, []string{"SELECT 3"}, sqls(sts), "an identical duplicate chunk is dropped")
	require.Len(t, bad, 1)
	assert.ErrorIs(t, bad[0], errChunks)
}

func TestRedshiftOversizedStatement(t *testing.T) {
	sql := "SELECT " + strings.Repeat("q", 900)
	rows := append(rowsFor(1, sql, 200), stlRow{query: 2, seq: 0, text: "SELECT 2"})
	sts, bad := drain(t, NewRedshift(strings.NewReader(stlCSV(t, rows)), WithMaxStatementBytes(500)))
	assert.Equal(t, []string{"SELECT 2"}, sqls(sts))
	require.Len(t, bad, 1)
	assert.Contains(t, bad[0].Reason, "longer than 500 bytes")
}

func TestRedshiftUsers(t *testing.T) {
	users, err := ReadPGUsers(strings.NewReader("usesysid,usename\n100,etl_loader\n101,bi_service\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"100": "etl_loader", "101": "bi_service"}, users)

	rows := []stlRow{{query: 1, text: "SELECT 1", user: "101"}, {query: 2, text: "SELECT 2", user: "555"}}
	sts, bad := drain(t, NewRedshift(strings.NewReader(stlCSV(t, rows)), WithUsers(users)))
	require.Empty(t, bad)
	require.Len(t, sts, 2)
	assert.Equal(t, "bi_service", sts[0].Context.User)
	assert.Equal(t, "555", sts[1].Context.User, "an unknown id stays an id")

	_, err = ReadPGUsers(strings.NewReader("name,id\n"))
	assert.Error(t, err)
}

func TestRedshiftStatementText(t *testing.T) {
	// SVL_STATEMENTTEXT: no query id; chunks keyed by xid, pid, starttime
	// and type; the user name column is used as is.
	ddl := "CREATE TEMP TABLE stage_payouts (\n  instructor_id INT,\n  amount DECIMAL(12,2)\n)"
	long := "INSERT INTO analytics.instructor_payouts SELECT " + strings.Repeat("x, ", 80) + "1"
	var sb strings.Builder
	sb.WriteString("usename,xid,pid,starttime,type,sequence,text\n")
	for i, c := range stlChunks(ddl, 200) {
		sb.WriteString("etl_loader,500,77,2026-11-02 02:00:00,DDL," + strconv.Itoa(i) + `,"` + c + `"` + "\n")
	}
	lc := stlChunks(long, 200)
	for i := len(lc) - 1; i >= 0; i-- {
		sb.WriteString("etl_loader,501,77,2026-11-02 02:00:01,QUERY," + strconv.Itoa(i) + `,"` + lc[i] + `"` + "\n")
	}
	sts, bad := drain(t, NewRedshift(strings.NewReader(sb.String())))
	require.Empty(t, bad)
	assert.Equal(t, []string{ddl, long}, sqls(sts))
	assert.Equal(t, "etl_loader", sts[0].Context.User)
	assert.Equal(t, "500", sts[0].Context.QueryID, "the xid stands for the query id")
	assert.Equal(t, "77", sts[1].Context.Session)
}

func TestRedshiftServerless(t *testing.T) {
	sql := "SELECT " + strings.Repeat("w, ", 1500) + "1 FROM analytics.daily_revenue"
	var sb strings.Builder
	sb.WriteString("user_id,query_id,transaction_id,session_id,database_name,status,start_time,sequence,text\n")
	for i, c := range stlChunks(sql, 4000) {
		sb.WriteString("101,88,9,1234,elearn,success,2026-11-02 08:00:00," + strconv.Itoa(i) + `,"` + c + `"` + "\n")
	}
	sb.WriteString("101,89,9,1234,elearn,failed,2026-11-02 08:00:01,0,SELECT broken\n")
	src := NewRedshift(strings.NewReader(sb.String()), WithUsers(map[string]string{"101": "analyst_maria"}))
	sts, bad := drain(t, src)
	require.Empty(t, bad)
	require.Equal(t, []string{sql}, sqls(sts))
	assert.Equal(t, "analyst_maria", sts[0].Context.User)
	assert.Equal(t, "1234", sts[0].Context.Session)
	assert.Equal(t, int64(1), src.Stats().SkippedByReason[SkipFailed])

	// SYS_QUERY_HISTORY alone: one row per query, no sequence.
	hist := "user_id,query_id,session_id,database_name,status,start_time,query_text\n101,90,1234,elearn,success,2026-11-02T08:00:02Z,SELECT 1\n"
	sts, bad = drain(t, NewRedshift(strings.NewReader(hist)))
	require.Empty(t, bad)
	assert.Equal(t, []string{"SELECT 1"}, sqls(sts))
}

func TestRedshiftNoTextColumn(t *testing.T) {
	src := NewRedshift(strings.NewReader("a,b\n1,2\n"))
	_, err := src.Next(t.Context())
	require.Error(t, err)
	assert.NotErrorIs(t, err, lineage.ErrMalformedInput)
}

func TestRedshiftUnclosedQuoteEndsTheStream(t *testing.T) {
	in := stlCSV(t, []stlRow{{query: 1, text: "SELECT 1"}}) +
		`100,9002,1073,2,2026-11-02 08:15:03,elearn,0,0,"SELECT 'never closed` + "\n" +
		strings.Repeat(`100,9003,1073,3,2026-11-02 08:15:03,elearn,0,0,SELECT 3`+"\n", 5000)
	src := NewRedshift(strings.NewReader(in), WithMaxStatementBytes(1000))
	var got []string
	var err error
	for {
		var st lineage.Statement
		st, err = src.Next(t.Context())
		if err != nil {
			break
		}
		got = append(got, st.SQL)
	}
	assert.ErrorIs(t, err, ErrRecordTooLong)
	assert.NotErrorIs(t, err, lineage.ErrMalformedInput, "the stream cannot go on")
	assert.Equal(t, []string{"SELECT 1"}, got)
}
