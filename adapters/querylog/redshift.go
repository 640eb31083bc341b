package querylog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// NewRedshift reads a Redshift query-text export as CSV with a header row
// (or WithHeader): STL_QUERYTEXT, SVL_STATEMENTTEXT or SYS_QUERY_TEXT
// chunks, optionally joined with STL_QUERY / SYS_QUERY_HISTORY and PG_USER
// for the database, the status and the user name; or one row per query
// (STL_QUERY.querytxt, SYS_QUERY_HISTORY.query_text) when there is no
// sequence column.
//
// Columns are found by name, case-insensitively:
//
//	text        text | querytxt | query_text
//	sequence    sequence                      (chunked input)
//	key         query | query_id, else xid|transaction_id + pid|session_id + starttime|start_time + type
//	user        usename | user_name | username, else userid | user_id mapped by WithUsers
//	database    database | database_name
//	time        starttime | start_time
//	session     pid | session_id
//	status      aborted (1 = aborted) | status (failed, canceled, cancelled, aborted)
//
// Reassembly: chunks of one statement are collected by key and put in
// sequence order, so rows may arrive in any order, interleaved with other
// statements' rows. A statement is complete, and returned, when
// WithWindow (default 64) other statements have been seen since its last
// chunk, or at the end of the input; so memory holds at most the window's
// statements, each bounded by WithMaxStatementBytes. An export ordered by
// query and sequence never needs more than a window of 1. A chunk that
// arrives after its statement was returned cannot be put back: the
// statement went out short, and the late chunks come back as an
// InputError ("missing chunks before sequence n"); raise WithWindow for
// exports in no order.
//
// Padding: text is a fixed-width CHAR column, defined in bytes (200 for
// STL_QUERYTEXT and SVL_STATEMENTTEXT, 4000 for SYS_QUERY_TEXT; the reader
// takes 4000 when the columns have the SYS names query_id or
// transaction_id, else 200, unless WithChunkSize says), so every
// chunk but the last holds exactly that many bytes, and a multibyte UTF-8
// character may be split between two chunks. Exports and the
// documented LISTAGG(RTRIM(text)) idiom trim the blank padding, which also
// trims real spaces at a chunk's end. The reader therefore pads every
// chunk except the statement's last back to the chunk width with spaces
// (a chunk already that wide, or wider, is kept as is), trims the last
// chunk's trailing spaces, joins the bytes, and only then decodes UTF-8
// and restores the escaped newlines: Redshift logs a newline as the two
// characters `\n`, and the pair may itself straddle two chunks. Backslashes
// are not escaped in the log, so a literal backslash-n inside a string
// constant cannot be told apart and becomes a newline too. Bytes that are
// still not valid UTF-8 (an export that decoded each chunk on its own)
// become U+FFFD.
//
// Gaps in the sequence numbers (which must run from 0, or from 1, without
// holes), conflicting duplicate chunks and oversized statements are
// *lineage.InputError; failed and aborted statements are skipped and
// counted unless WithFailed.
func NewRedshift(r io.Reader, opts ...Option) *Reader {
	c := newConfig("redshift", opts)
	rr := &redshiftReader{c: c, rows: newCSVRows(r, c), open: map[string]*pending{}}
	rd := &Reader{origin: c.origin, next: rr.next}
	rr.rd = rd
	return rd
}

type chunk struct {
	seq  int
	text string
}

// pending is a statement whose chunks are still being collected.
type pending struct {
	key        string
	record     int64
	prev, next *pending // in redshiftReader.lru
	ctx        lineage.Context
	failed     bool
	chunks     []chunk
	bytes      int
	oversize   bool
}

type redshiftReader struct {
	c    config
	rd   *Reader
	rows *csvRows

	started bool
	eof     bool
	fatal   error
	chunked bool
	idx     struct {
		text, seq, user, userID, db, time, session, aborted, status, qid int
		key                                                              []int
	}
	chunkSize int

	open   map[string]*pending
	lru    lruList
	keyBuf []byte
	ready  []result
}

type result struct {
	st  lineage.Statement
	err error
}

func (x *redshiftReader) setup() error {
	if err := x.rows.readHeader(); err != nil {
		return err
	}
	cols := x.rows.cols
	x.idx.text = cols.first("text", "querytxt", "query_text")
	if x.idx.text < 0 {
		return fmt.Errorf("redshift export: no text, querytxt or query_text column in %q", x.rows.header)
	}
	x.idx.seq = cols.first("sequence")
	x.chunked = x.idx.seq >= 0
	x.idx.user = cols.first("usename", "user_name", "username")
	x.idx.userID = cols.first("userid", "user_id")
	x.idx.db = cols.first("database", "database_name")
	x.idx.time = cols.first("starttime", "start_time")
	x.idx.session = cols.first("pid", "session_id")
	x.idx.aborted = cols.first("aborted")
	x.idx.status = cols.first("status")
	x.idx.qid = cols.first("query", "query_id")
	if x.idx.qid >= 0 {
		x.idx.key = []int{x.idx.qid}
	} else {
		for _, names := range [][]string{{"xid", "transaction_id"}, {"pid", "session_id"}, {"starttime", "start_time"}, {"type"}} {
			if i := cols.first(names...); i >= 0 {
				x.idx.key = append(x.idx.key, i)
			}
		}
		x.idx.qid = cols.first("xid", "transaction_id")
	}
	if x.chunked && len(x.idx.key) == 0 {
		return fmt.Errorf("redshift export: chunked text but no query, query_id or xid column in %q", x.rows.header)
	}
	x.chunkSize = x.c.chunkSize
	if x.chunkSize <= 0 {
		x.chunkSize = 200
		if cols.first("query_id", "transaction_id") >= 0 {
			x.chunkSize = 4000 // SYS_QUERY_TEXT
		}
	}
	return nil
}

func (x *redshiftReader) next(ctx context.Context) (lineage.Statement, error) {
	if !x.started {
		x.started = true
		if err := x.setup(); err != nil {
			if errors.Is(err, io.EOF) {
				x.eof = true
			} else {
				return lineage.Statement{}, err
			}
		}
	}
	for {
		if len(x.ready) > 0 {
			res := x.ready[0]
			x.ready[0] = result{}
			x.ready = x.ready[1:]
			return res.st, res.err
		}
		if x.fatal != nil {
			return lineage.Statement{}, x.fatal
		}
		if x.eof {
			return lineage.Statement{}, io.EOF
		}
		if err := ctx.Err(); err != nil {
			return lineage.Statement{}, err
		}
		row, line, err := x.rows.next()
		if err != nil {
			var bad *badRow
			switch {
			case errors.As(err, &bad):
				x.rd.record()
				return lineage.Statement{}, x.rd.inputErr(bad.line, bad.err, "unreadable CSV row")
			case errors.Is(err, io.EOF):
				x.eof = true
				x.flushAll()
				continue
			default:
				// The input cannot be read further: return the statements
				// already complete, then the error.
				x.eof = true
				x.fatal = fmt.Errorf("%s: %w", x.c.origin, err)
				x.flushAll()
				continue
			}
		}
		x.rd.record()
		if err := x.add(row, line); err != nil {
			return lineage.Statement{}, err
		}
	}
}

// add takes one row; it returns an InputError for a row that cannot be
// used and queues the statements it completes.
func (x *redshiftReader) add(row []string, line int64) error {
	if !x.chunked {
		c, failed, err := x.context(row)
		if err != nil {
			return x.rd.inputErr(line, err, "bad field")
		}
		text := field(row, x.idx.text)
		x.finish(&pending{key: c.QueryID, record: line, ctx: c, failed: failed, chunks: []chunk{{text: text}}, bytes: len(text)})
		return nil
	}
	seq, err := strconv.Atoi(strings.TrimSpace(field(row, x.idx.seq)))
	if err != nil || seq < 0 {
		return x.rd.inputErr(line, err, "bad sequence %q", field(row, x.idx.seq))
	}
	x.keyBuf = x.keyBuf[:0]
	for i, k := range x.idx.key {
		if i > 0 {
			x.keyBuf = append(x.keyBuf, 0)
		}
		x.keyBuf = append(x.keyBuf, strings.TrimSpace(field(row, k))...)
	}
	p := x.open[string(x.keyBuf)]
	if p == nil {
		// The context is read from a statement's first row: its chunks
		// share it.
		c, failed, err := x.context(row)
		if err != nil {
			return x.rd.inputErr(line, err, "bad field")
		}
		p = &pending{key: string(x.keyBuf), record: line, ctx: c, failed: failed}
		x.open[p.key] = p
	} else {
		x.lru.remove(p)
	}
	x.lru.pushBack(p)
	text := field(row, x.idx.text)
	if p.bytes+len(text) > x.c.maxBytes {
		p.oversize = true
		p.chunks = nil
	}
	p.bytes += len(text)
	if !p.oversize {
		p.chunks = append(p.chunks, chunk{seq: seq, text: text})
	}
	for len(x.open) > x.c.window {
		oldest := x.lru.front
		x.lru.remove(oldest)
		delete(x.open, oldest.key)
		x.finish(oldest)
	}
	return nil
}

// lruList orders open statements by their latest chunk, oldest first.
type lruList struct{ front, back *pending }

func (l *lruList) pushBack(p *pending) {
	p.prev, p.next = l.back, nil
	if l.back != nil {
		l.back.next = p
	} else {
		l.front = p
	}
	l.back = p
}

func (l *lruList) remove(p *pending) {
	if p.prev != nil {
		p.prev.next = p.next
	} else {
		l.front = p.next
	}
	if p.next != nil {
		p.next.prev = p.prev
	} else {
		l.back = p.prev
	}
	p.prev, p.next = nil, nil
}

func (x *redshiftReader) context(row []string) (lineage.Context, bool, error) {
	c := lineage.Context{
		Database: strings.TrimSpace(field(row, x.idx.db)),
		User:     strings.TrimSpace(field(row, x.idx.user)),
		Session:  strings.TrimSpace(field(row, x.idx.session)),
		QueryID:  strings.TrimSpace(field(row, x.idx.qid)),
	}
	if c.User == "" && x.idx.userID >= 0 {
		id := strings.TrimSpace(field(row, x.idx.userID))
		if name, ok := x.c.users[id]; ok {
			c.User = name
		} else {
			c.User = id
		}
	}
	at, err := parseTime(field(row, x.idx.time))
	if err != nil {
		return c, false, err
	}
	c.At = at
	failed := false
	if a := strings.TrimSpace(field(row, x.idx.aborted)); a != "" && a != "0" && !strings.EqualFold(a, "f") && !strings.EqualFold(a, "false") {
		failed = true
	}
	switch strings.ToLower(strings.TrimSpace(field(row, x.idx.status))) {
	case "failed", "canceled", "cancelled", "aborted", "fail":
		failed = true
	}
	return c, failed, nil
}

func (x *redshiftReader) flushAll() {
	for p := x.lru.front; p != nil; p = x.lru.front {
		x.lru.remove(p)
		delete(x.open, p.key)
		x.finish(p)
	}
}

// finish turns a complete statement into a queued result.
func (x *redshiftReader) finish(p *pending) {
	if p.oversize {
		x.ready = append(x.ready, result{err: x.rd.inputErr(p.record, nil, "statement %s longer than %d bytes", p.ctx.QueryID, x.c.maxBytes)})
		return
	}
	if p.failed && !x.c.keepFailed {
		x.rd.skip(SkipFailed)
		return
	}
	sql, err := x.assemble(p)
	if err != nil {
		x.ready = append(x.ready, result{err: x.rd.inputErr(p.record, err, "statement %s", p.ctx.QueryID)})
		return
	}
	if strings.TrimSpace(sql) == "" {
		x.rd.skip(SkipEmpty)
		return
	}
	p.ctx.Origin = origin(x.c.origin, p.record)
	x.ready = append(x.ready, result{st: lineage.Statement{SQL: sql, Dialect: x.c.dialectOr(sqlparse.Redshift), Context: p.ctx}})
}

// errChunks is the cause of an InputError for a statement whose chunks do
// not form a sequence.
var errChunks = errors.New("chunks do not form a sequence")

func (x *redshiftReader) assemble(p *pending) (string, error) {
	cs := p.chunks
	slices.SortStableFunc(cs, func(a, b chunk) int { return a.seq - b.seq })
	out := cs[:0]
	for _, ch := range cs {
		if n := len(out); n > 0 && out[n-1].seq == ch.seq {
			if out[n-1].text != ch.text {
				return "", fmt.Errorf("%w: two different chunks with sequence %d", errChunks, ch.seq)
			}
			continue
		}
		out = append(out, ch)
	}
	if x.chunked {
		if first := out[0].seq; first > 1 {
			return "", fmt.Errorf("%w: missing chunks before sequence %d", errChunks, first)
		}
		for i := 1; i < len(out); i++ {
			if out[i].seq != out[i-1].seq+1 {
				return "", fmt.Errorf("%w: missing chunk %d", errChunks, out[i-1].seq+1)
			}
		}
	}
	var b bytes.Buffer
	b.Grow(len(out) * x.chunkSize)
	for i, ch := range out {
		if i == len(out)-1 {
			b.WriteString(strings.TrimRight(ch.text, " "))
			break
		}
		b.WriteString(ch.text)
		if x.chunked {
			for pad := x.chunkSize - len(ch.text); pad > 0; pad-- {
				b.WriteByte(' ')
			}
		}
	}
	raw := b.Bytes()
	if !utf8.Valid(raw) {
		raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
	}
	return string(bytes.ReplaceAll(raw, []byte(`\n`), []byte("\n"))), nil
}

// ReadPGUsers reads a PG_USER export (CSV with a header holding usesysid
// and usename) into a map from user id to user name, for WithUsers:
//
//	UNLOAD ('SELECT usesysid, usename FROM pg_user') TO 's3://bucket/pg_user_' IAM_ROLE 'arn:...' CSV HEADER PARALLEL OFF;
func ReadPGUsers(r io.Reader) (map[string]string, error) {
	rows := newCSVRows(r, config{comma: ','})
	if err := rows.readHeader(); err != nil {
		if errors.Is(err, io.EOF) {
			return map[string]string{}, nil
		}
		return nil, err
	}
	id, name := rows.cols.first("usesysid", "userid", "user_id"), rows.cols.first("usename", "user_name", "username")
	if id < 0 || name < 0 {
		return nil, fmt.Errorf("pg_user export: want usesysid and usename columns, have %q", rows.header)
	}
	users := map[string]string{}
	for {
		row, line, err := rows.next()
		if errors.Is(err, io.EOF) {
			return users, nil
		}
		if err != nil {
			var bad *badRow
			if errors.As(err, &bad) {
				return nil, &lineage.InputError{Origin: "pg_user", Record: line, Reason: "unreadable CSV row", Err: bad.err}
			}
			return nil, err
		}
		users[strings.TrimSpace(row[id])] = strings.TrimSpace(row[name])
	}
}
