package querylog

import (
	"io"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// SkipUnfinished is the reason for queries still running or queued when
// the log was exported.
const SkipUnfinished = "unfinished"

// NewSnowflake reads SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY (or
// INFORMATION_SCHEMA.QUERY_HISTORY) exported as CSV with a header, as JSON
// lines, or as one JSON array; the format is told by the first byte.
// Columns, case-insensitive: QUERY_ID, QUERY_TEXT, DATABASE_NAME,
// SCHEMA_NAME, USER_NAME, ROLE_NAME, START_TIME, SESSION_ID,
// EXECUTION_STATUS. Rows whose EXECUTION_STATUS is FAIL or INCIDENT are
// skipped as SkipFailed, RUNNING, QUEUED, BLOCKED and the like as
// SkipUnfinished; an absent or empty status counts as SUCCESS. Names keep
// the case Snowflake reports (upper case for unquoted names).
func NewSnowflake(r io.Reader, opts ...Option) *Reader {
	c := newConfig("snowflake", opts)
	d := c.dialectOr(sqlparse.Snowflake)
	return newRecordReader(r, c, func(f fields) (lineage.Statement, string, error) {
		switch strings.ToUpper(strings.TrimSpace(f.get("execution_status"))) {
		case "", "SUCCESS":
		case "FAIL", "FAILED", "INCIDENT":
			if !c.keepFailed {
				return lineage.Statement{}, SkipFailed, nil
			}
		default:
			return lineage.Statement{}, SkipUnfinished, nil
		}
		at, err := timeField(f, "start_time")
		if err != nil {
			return lineage.Statement{}, "", err
		}
		return lineage.Statement{SQL: f.get("query_text"), Dialect: d, Context: lineage.Context{
			Database: f.get("database_name"),
			Schema:   f.get("schema_name"),
			User:     f.get("user_name"),
			Role:     f.get("role_name"),
			At:       at,
			QueryID:  f.get("query_id"),
			Session:  f.get("session_id"),
		}}, "", nil
	})
}

// NewBigQuery reads INFORMATION_SCHEMA.JOBS (or JOBS_BY_PROJECT,
// JOBS_BY_USER) rows as JSON lines or one JSON array. Fields: job_id,
// query, user_email, creation_time, statement_type, project_id,
// job_type, state, error_result, session_info.session_id; destination_table
// and referenced_tables are read by the warehouse from the SQL itself and
// are not needed. Jobs that are not queries are skipped as SkipNotQuery,
// jobs with an error_result as SkipFailed, jobs not DONE as
// SkipUnfinished, and a script's parent job (statement_type SCRIPT) as
// SkipScript, since each statement of the script is its own child job.
// Context.Database is the job's project; BigQuery has no default dataset
// in JOBS, so Schema is empty.
func NewBigQuery(r io.Reader, opts ...Option) *Reader {
	c := newConfig("bigquery", opts)
	d := c.dialectOr(sqlparse.BigQuery)
	return newRecordReader(r, c, func(f fields) (lineage.Statement, string, error) {
		if jt := strings.ToUpper(f.get("job_type")); jt != "" && jt != "QUERY" {
			return lineage.Statement{}, SkipNotQuery, nil
		}
		if f.get("error_result") != "" && !c.keepFailed {
			return lineage.Statement{}, SkipFailed, nil
		}
		if s := strings.ToUpper(f.get("state")); s != "" && s != "DONE" {
			return lineage.Statement{}, SkipUnfinished, nil
		}
		if strings.EqualFold(f.get("statement_type"), "SCRIPT") {
			return lineage.Statement{}, SkipScript, nil
		}
		at, err := timeField(f, "creation_time", "start_time")
		if err != nil {
			return lineage.Statement{}, "", err
		}
		session := f.get("session_id")
		if si := f.object("session_info"); si != nil {
			session = si.get("session_id")
		}
		return lineage.Statement{SQL: f.get("query"), Dialect: d, Context: lineage.Context{
			Database: f.get("project_id"),
			User:     f.get("user_email"),
			At:       at,
			QueryID:  f.get("job_id"),
			Session:  session,
		}}, "", nil
	})
}

// Columns names the fields of a generic export. Empty names are absent
// fields, except SQL, which defaults to the first of sql, query,
// query_text, querytxt, statement, text that the export has.
type Columns struct {
	SQL, Database, Schema, User, Role, Time, QueryID, Session string
	// Status, when set, names a field whose value must be one of OK
	// (case-insensitive; default success, succeeded, ok, done, finished,
	// or empty) for the row to be kept; other rows are SkipFailed.
	Status string
	OK     []string
}

// NewGeneric reads any CSV (with a header) or JSON-lines / JSON-array log
// with the given column names. Statements are tagged ANSI unless
// WithDialect says otherwise.
func NewGeneric(r io.Reader, cols Columns, opts ...Option) *Reader {
	c := newConfig("generic", opts)
	d := c.dialectOr(sqlparse.ANSI)
	ok := map[string]bool{"": true}
	okList := cols.OK
	if len(okList) == 0 {
		okList = []string{"success", "succeeded", "ok", "done", "finished"}
	}
	for _, s := range okList {
		ok[strings.ToLower(strings.TrimSpace(s))] = true
	}
	lc := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	sqlNames := []string{"sql", "query", "query_text", "querytxt", "statement", "text"}
	if cols.SQL != "" {
		sqlNames = []string{lc(cols.SQL)}
	}
	get := func(f fields, name string) string {
		if name == "" {
			return ""
		}
		return f.get(lc(name))
	}
	return newRecordReader(r, c, func(f fields) (lineage.Statement, string, error) {
		if cols.Status != "" && !ok[lc(get(f, cols.Status))] && !c.keepFailed {
			return lineage.Statement{}, SkipFailed, nil
		}
		var ctx lineage.Context
		if cols.Time != "" {
			at, err := timeField(f, lc(cols.Time))
			if err != nil {
				return lineage.Statement{}, "", err
			}
			ctx.At = at
		}
		ctx.Database = get(f, cols.Database)
		ctx.Schema = get(f, cols.Schema)
		ctx.User = get(f, cols.User)
		ctx.Role = get(f, cols.Role)
		ctx.QueryID = get(f, cols.QueryID)
		ctx.Session = get(f, cols.Session)
		return lineage.Statement{SQL: f.get(sqlNames...), Dialect: d, Context: ctx}, "", nil
	})
}
