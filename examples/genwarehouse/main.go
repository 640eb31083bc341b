// Command genwarehouse writes the sample warehouse of testdata/warehouse:
// one week of an e-learning company's warehouse activity as a Redshift
// STL_QUERYTEXT export (with a PG_USER export) and as a Snowflake
// QUERY_HISTORY export (CSV and JSON lines), the DDL of both, and a schema file. The output is
// the same for the same -seed.
//
//	go run ./examples/genwarehouse -out testdata/warehouse
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Snowflake's export is in the account's time zone
)

func main() {
	out := flag.String("out", "testdata/warehouse", "folder to write into")
	seed := flag.Uint64("seed", 20261102, "random seed")
	flag.Parse()
	if err := run(*out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genwarehouse:", err)
		os.Exit(1)
	}
}

// The week of the log: Tuesday 27 October to Monday 2 November 2026, so
// the monthly payout run of 1 November is in it.
var firstDay = time.Date(2026, 10, 27, 0, 0, 0, 0, time.UTC)

const days = 7

func run(out string, seed uint64) error {
	events := week(seed, firstDay, days)
	schema, err := schemaJSON()
	if err != nil {
		return err
	}
	rs, err := redshiftExport(events)
	if err != nil {
		return err
	}
	pgUser, err := pgUserExport()
	if err != nil {
		return err
	}
	sf, sfJSON, err := snowflakeExport(events)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"schema.json":                   schema,
		"ddl/redshift.sql":              []byte(ddl(false)),
		"ddl/snowflake.sql":             []byte(ddl(true)),
		"redshift/stl_querytext.csv":    rs,
		"redshift/pg_user.csv":          pgUser,
		"snowflake/query_history.csv":   sf,
		"snowflake/query_history.jsonl": sfJSON,
	}
	for name, data := range files {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// chunkWidth is the byte width of STL_QUERYTEXT.text, a CHAR(200).
const chunkWidth = 200

// stlChunks stores sql as STL_QUERYTEXT does: newlines written as the two
// characters \n, the bytes cut every 200 (a multibyte character may be
// cut in two), each chunk blank-padded to the column's width.
func stlChunks(sql string) []string {
	b := []byte(strings.ReplaceAll(sql, "\n", `\n`))
	var out []string
	for len(b) > 0 {
		n := min(chunkWidth, len(b))
		out = append(out, string(b[:n])+strings.Repeat(" ", chunkWidth-n))
		b = b[n:]
	}
	return out
}

// redshiftExport writes STL_QUERYTEXT joined with STL_QUERY, as the
// package querylog documents the export (userid, xid, pid, query,
// starttime, database, aborted, sequence, text). The export was taken
// without ORDER BY: the chunks of some statements come out of order, and
// two statements' rows are interleaved.
func redshiftExport(events []event) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"userid", "xid", "pid", "query", "starttime", "database", "aborted", "sequence", "text"}); err != nil {
		return nil, err
	}
	type stmt struct{ rows [][]string }
	var stmts []stmt
	query, xid := 2418001, 51203000
	for _, e := range events {
		if e.rs == "" {
			continue
		}
		aborted := "0"
		if e.rsAborted {
			aborted = "1"
		}
		var s stmt
		for seq, c := range stlChunks(e.rs) {
			s.rows = append(s.rows, []string{
				strconv.Itoa(e.user.id), strconv.Itoa(xid), strconv.Itoa(redshiftPID(e.session)), strconv.Itoa(query),
				e.at.Format("2006-01-02 15:04:05.000000"), "elearn", aborted, strconv.Itoa(seq), c,
			})
		}
		stmts = append(stmts, s)
		query += 1 + int(e.at.UnixMicro()%3) // other queries (system, other databases) take ids too
		xid += 1 + int(e.at.UnixMicro()%2)
	}
	interleaved := false
	for i := 0; i < len(stmts); i++ {
		rows := stmts[i].rows
		switch {
		case i%9 == 4 && len(rows) > 1:
			for l, r := 0, len(rows)-1; l < r; l, r = l+1, r-1 {
				rows[l], rows[r] = rows[r], rows[l]
			}
		case !interleaved && len(rows) > 2 && i+1 < len(stmts) && len(stmts[i+1].rows) > 2:
			interleaved = true
			next := stmts[i+1].rows
			var mixed [][]string
			for k := 0; k < max(len(rows), len(next)); k++ {
				if k < len(rows) {
					mixed = append(mixed, rows[k])
				}
				if k < len(next) {
					mixed = append(mixed, next[k])
				}
			}
			rows = mixed
			i++
		}
		if err := w.WriteAll(rows); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func redshiftPID(session int) int { return 1073815000 + session*173 }

func pgUserExport() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"usesysid", "usename"}, {"1", "rdsdb"}}
	for _, u := range users {
		rows = append(rows, []string{strconv.Itoa(u.id), u.name})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sfRow is one QUERY_HISTORY row. The JSON form is what COPY INTO a stage
// writes from OBJECT_CONSTRUCT(*): SESSION_ID a number, NULL columns left
// out.
type sfRow struct {
	QueryID         string `json:"QUERY_ID"`
	QueryText       string `json:"QUERY_TEXT"`
	DatabaseName    string `json:"DATABASE_NAME"`
	SchemaName      string `json:"SCHEMA_NAME"`
	QueryType       string `json:"QUERY_TYPE"`
	SessionID       int64  `json:"SESSION_ID"`
	UserName        string `json:"USER_NAME"`
	RoleName        string `json:"ROLE_NAME"`
	WarehouseName   string `json:"WAREHOUSE_NAME"`
	ExecutionStatus string `json:"EXECUTION_STATUS"`
	ErrorCode       string `json:"ERROR_CODE,omitempty"`
	ErrorMessage    string `json:"ERROR_MESSAGE,omitempty"`
	StartTime       string `json:"START_TIME"`
	EndTime         string `json:"END_TIME"`
}

// snowflakeExport writes ACCOUNT_USAGE.QUERY_HISTORY as SnowSQL's CSV
// output and as JSON lines, times in the account's zone
// (America/Los_Angeles: daylight saving time ends on 1 November 2026, in
// the middle of the week).
func snowflakeExport(events []event) (csvOut, jsonOut []byte, err error) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		return nil, nil, err
	}
	const layout = "2006-01-02 15:04:05.000 -0700"
	var rows []sfRow
	for _, e := range events {
		if e.sf == "" {
			continue
		}
		n := len(rows) + 1
		status, code := "SUCCESS", ""
		if e.sfError != "" {
			status, code = "FAIL", "000904"
		}
		wh := map[string]string{"TRANSFORMER": "ETL_WH", "REPORTER": "BI_WH"}[e.user.sfRole]
		if wh == "" {
			wh = "ANALYST_WH"
		}
		end := e.at.Add(time.Duration(80+n*37%2400) * time.Millisecond)
		rows = append(rows, sfRow{
			QueryID:   fmt.Sprintf("01b8%04x-0604-%04x-0000-%012x", 0x3a00+n/7, 0x8c10+e.session, 0x9e1f0000+uint64(n)*0x1d),
			QueryText: e.sf, DatabaseName: "ELEARN", SchemaName: e.user.sfSchema, QueryType: snowflakeQueryType(e.sf),
			SessionID: 23874510934018 + int64(e.session)*4099,
			UserName:  strings.ToUpper(e.user.name), RoleName: e.user.sfRole, WarehouseName: wh,
			ExecutionStatus: status, ErrorCode: code, ErrorMessage: e.sfError,
			StartTime: e.at.In(la).Format(layout), EndTime: end.In(la).Format(layout),
		})
	}

	var cb bytes.Buffer
	w := csv.NewWriter(&cb)
	if err := w.Write([]string{"QUERY_ID", "QUERY_TEXT", "DATABASE_NAME", "SCHEMA_NAME", "QUERY_TYPE", "SESSION_ID", "USER_NAME", "ROLE_NAME", "WAREHOUSE_NAME", "EXECUTION_STATUS", "ERROR_CODE", "ERROR_MESSAGE", "START_TIME", "END_TIME"}); err != nil {
		return nil, nil, err
	}
	var jb bytes.Buffer
	enc := json.NewEncoder(&jb)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := w.Write([]string{
			r.QueryID, r.QueryText, r.DatabaseName, r.SchemaName, r.QueryType, strconv.FormatInt(r.SessionID, 10),
			r.UserName, r.RoleName, r.WarehouseName, r.ExecutionStatus, r.ErrorCode, r.ErrorMessage, r.StartTime, r.EndTime,
		}); err != nil {
			return nil, nil, err
		}
		if err := enc.Encode(r); err != nil {
			return nil, nil, err
		}
	}
	w.Flush()
	return cb.Bytes(), jb.Bytes(), w.Error()
}

// snowflakeQueryType is QUERY_HISTORY.QUERY_TYPE for the statements the
// generator writes.
func snowflakeQueryType(sql string) string {
	s := sql
	if strings.HasPrefix(s, "/*") {
		if i := strings.Index(s, "*/"); i >= 0 {
			s = s[i+2:]
		}
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "CREATE") && strings.Contains(s, " AS\n"):
		return "CREATE_TABLE_AS_SELECT"
	case strings.HasPrefix(s, "COPY INTO @"):
		return "UNLOAD"
	case strings.HasPrefix(s, "WITH"), strings.HasPrefix(s, "SELECT"):
		return "SELECT"
	}
	if i := strings.IndexAny(s, " \n"); i > 0 {
		return s[:i]
	}
	return s
}
