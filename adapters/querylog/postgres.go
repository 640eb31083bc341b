package querylog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Positions of the csvlog columns PostgreSQL 13 to 16 write (13 has the
// first 24; 14 added leader_pid and query_id). The layout has no header.
const (
	pgLogTime        = 0
	pgUserName       = 1
	pgDatabaseName   = 2
	pgProcessID      = 3
	pgSessionID      = 5
	pgSessionLineNum = 6
	pgErrorSeverity  = 11
	pgMessage        = 13
	pgMinColumns     = 23 // PostgreSQL 12 and older lack backend_type
)

// NewPostgres reads a PostgreSQL csvlog (log_destination = 'csvlog' with
// log_statement = 'all' or 'mod', or log_min_duration_statement). Lines
// whose severity is LOG and whose message is `statement: <sql>`,
// `execute <name>: <sql>` or either after `duration: <n> ms  ` become
// statements; every other line (connections, errors, parse and bind steps,
// fetches from an open portal) is skipped as SkipNotQuery. Context: user,
// database, session id (Session), session id and line number (QueryID,
// as "<session>:<line>"), log time. Statements of extended-protocol
// queries keep their $1 placeholders; the parameter values, which sit in
// the detail column, are not read. A statement that later failed still
// appears: log_statement logs before execution. Log times are best written
// in UTC (log_timezone = 'UTC'): a zone abbreviation other than UTC or GMT
// carries no offset the reader can trust and is read as UTC.
func NewPostgres(r io.Reader, opts ...Option) *Reader {
	c := newConfig("postgres", opts)
	d := c.dialectOr(sqlparse.Postgres)
	rows := newCSVRows(r, c)
	rows.header = make([]string, pgMinColumns)
	rd := &Reader{origin: c.origin}
	rd.next = func(ctx context.Context) (lineage.Statement, error) {
		for {
			if err := ctx.Err(); err != nil {
				return lineage.Statement{}, err
			}
			row, line, err := rows.next()
			if err != nil {
				var bad *badRow
				if errors.As(err, &bad) {
					rd.record()
					return lineage.Statement{}, rd.inputErr(bad.line, bad.err, "unreadable csvlog line")
				}
				if errors.Is(err, io.EOF) {
					return lineage.Statement{}, io.EOF
				}
				return lineage.Statement{}, fmt.Errorf("%s: %w", c.origin, err)
			}
			rd.record()
			if row[pgErrorSeverity] != "LOG" {
				rd.skip(SkipNotQuery)
				continue
			}
			sql, ok := pgStatement(row[pgMessage])
			if !ok {
				rd.skip(SkipNotQuery)
				continue
			}
			at, err := parseTime(row[pgLogTime])
			if err != nil {
				return lineage.Statement{}, rd.inputErr(line, err, "bad log_time")
			}
			if strings.TrimSpace(sql) == "" {
				rd.skip(SkipEmpty)
				continue
			}
			return lineage.Statement{SQL: sql, Dialect: d, Context: lineage.Context{
				Database: row[pgDatabaseName],
				User:     row[pgUserName],
				At:       at,
				Session:  row[pgSessionID],
				QueryID:  row[pgSessionID] + ":" + row[pgSessionLineNum],
				Origin:   origin(c.origin, line),
			}}, nil
		}
	}
	return rd
}

// pgStatement extracts the SQL of a log_statement or duration message.
func pgStatement(msg string) (string, bool) {
	if rest, ok := strings.CutPrefix(msg, "duration: "); ok {
		i := strings.Index(rest, " ms  ")
		if i < 0 {
			return "", false
		}
		msg = rest[i+len(" ms  "):]
	}
	if sql, ok := strings.CutPrefix(msg, "statement: "); ok {
		return sql, true
	}
	if rest, ok := strings.CutPrefix(msg, "execute "); ok {
		if strings.HasPrefix(rest, "fetch from ") {
			return "", false // a further fetch from a portal already logged
		}
		if i := strings.Index(rest, ": "); i >= 0 {
			return rest[i+2:], true
		}
	}
	return "", false
}
