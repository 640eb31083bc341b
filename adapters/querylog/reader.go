package querylog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"
	"sync"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Reasons a record is skipped, as counted in Stats.SkippedByReason.
const (
	SkipFailed   = "failed"    // the warehouse reports the query failed or was cancelled
	SkipEmpty    = "empty"     // no SQL text
	SkipNotQuery = "not-query" // a log line or job that carries no SQL statement
	SkipScript   = "script"    // a script's parent job whose child jobs carry the statements
)

// Stats counts what a reader has read so far. Records counts input records
// (CSV rows, JSON values, log lines, files); Statements the statements Next
// returned; Skipped the records deliberately passed over (failed queries,
// non-SQL log lines), by reason; Malformed the records that came back as
// *lineage.InputError.
type Stats struct {
	Records         int64
	Statements      int64
	Skipped         int64
	SkippedByReason map[string]int64
	Malformed       int64
}

// Reader is a lineage.Source over one query-log export. Every constructor
// in this package returns one. It is not safe for concurrent use, except
// Stats, which may be called from any goroutine.
type Reader struct {
	origin string
	next   func(ctx context.Context) (lineage.Statement, error)

	mu    sync.Mutex
	stats Stats
	done  bool
}

var _ lineage.Source = (*Reader)(nil)

// Next returns the next statement, io.EOF at the end, a *lineage.InputError
// for one malformed record (call Next again to go on), or another error
// (an I/O error, ctx's error) that ends the stream.
func (r *Reader) Next(ctx context.Context) (lineage.Statement, error) {
	if r.done {
		return lineage.Statement{}, io.EOF
	}
	if err := ctx.Err(); err != nil {
		return lineage.Statement{}, err
	}
	st, err := r.next(ctx)
	if err == nil {
		// Every field read from the log becomes a node id or property:
		// one that is not UTF-8 makes its record bad, not the batch.
		if reason, ok := lineage.CheckContext(st.Context); !ok {
			st, err = lineage.Statement{}, r.inputErr(recordOf(st.Context.Origin), nil, "%s", reason)
		}
	}
	var ie *lineage.InputError
	switch {
	case err == nil:
		r.mu.Lock()
		r.stats.Statements++
		r.mu.Unlock()
	case errors.As(err, &ie):
		r.mu.Lock()
		r.stats.Malformed++
		r.mu.Unlock()
	default:
		r.done = true
	}
	return st, err
}

// Stats returns a copy of the counters so far.
func (r *Reader) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.stats
	s.SkippedByReason = maps.Clone(r.stats.SkippedByReason)
	return s
}

func (r *Reader) record() {
	r.mu.Lock()
	r.stats.Records++
	r.mu.Unlock()
}

func (r *Reader) skip(reason string) {
	r.mu.Lock()
	r.stats.Skipped++
	if r.stats.SkippedByReason == nil {
		r.stats.SkippedByReason = map[string]int64{}
	}
	r.stats.SkippedByReason[reason]++
	r.mu.Unlock()
}

func (r *Reader) inputErr(rec int64, err error, format string, args ...any) error {
	return &lineage.InputError{Origin: r.origin, Record: rec, Reason: fmt.Sprintf(format, args...), Err: err}
}

// Option configures a reader.
type Option func(*config)

type config struct {
	origin     string
	dialect    *sqlparse.Dialect
	users      map[string]string
	header     []string
	comma      rune
	chunkSize  int
	window     int
	maxBytes   int
	keepFailed bool
}

func newConfig(origin string, opts []Option) config {
	c := config{origin: origin, comma: ',', window: 64, maxBytes: 16 << 20}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func (c config) dialectOr(d sqlparse.Dialect) sqlparse.Dialect {
	if c.dialect != nil {
		return *c.dialect
	}
	return d
}

// WithOrigin names the input (a file name) in errors and in
// Context.Origin, which is "<name>:<record>": the line where the
// statement's (first) row starts, or for a JSON array the element's number.
// The default name is the format's.
func WithOrigin(name string) Option { return func(c *config) { c.origin = name } }

// WithDialect overrides the dialect the statements are tagged with (each
// reader has its warehouse's dialect by default; the generic readers ANSI).
func WithDialect(d sqlparse.Dialect) Option { return func(c *config) { c.dialect = &d } }

// WithUsers maps user ids to user names (see ReadPGUsers) for logs that
// carry only an id, such as Redshift's userid.
func WithUsers(users map[string]string) Option { return func(c *config) { c.users = users } }

// WithHeader says the CSV input has no header row and names its columns.
func WithHeader(columns ...string) Option {
	return func(c *config) { c.header = append([]string(nil), columns...) }
}

// WithComma sets the CSV field delimiter (default ',', '|' for an UNLOAD
// without the CSV option).
func WithComma(r rune) Option { return func(c *config) { c.comma = r } }

// WithChunkSize sets the byte width of a Redshift text chunk: 200 for
// STL_QUERYTEXT and SVL_STATEMENTTEXT, 4000 for SYS_QUERY_TEXT. By default
// it is chosen from the columns.
func WithChunkSize(n int) Option { return func(c *config) { c.chunkSize = n } }

// WithWindow bounds how many statements a chunked reader keeps open while
// their chunks arrive (default 64). See NewRedshift.
func WithWindow(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.window = n
		}
	}
}

// WithMaxStatementBytes bounds the size of one reassembled statement or
// one .sql file (default 16 MiB, Redshift's own limit); a larger one is a
// *lineage.InputError.
func WithMaxStatementBytes(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBytes = n
		}
	}
}

// WithFailed keeps failed and cancelled queries instead of skipping them.
func WithFailed() Option { return func(c *config) { c.keepFailed = true } }

// colIndex maps lower-cased column names to positions.
type colIndex map[string]int

func newColIndex(header []string) colIndex {
	m := make(colIndex, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := m[h]; !dup {
			m[h] = i
		}
	}
	return m
}

// first returns the index of the first of names present, or -1.
func (c colIndex) first(names ...string) int {
	for _, n := range names {
		if i, ok := c[n]; ok {
			return i
		}
	}
	return -1
}

func field(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// origin is Context.Origin for a statement read at record rec.
func origin(name string, rec int64) string {
	return name + ":" + strconv.FormatInt(rec, 10)
}

// recordOf reads the record number back from an origin made by origin.
func recordOf(o string) int64 {
	i := strings.LastIndexByte(o, ':')
	n, _ := strconv.ParseInt(o[i+1:], 10, 64)
	return n
}
