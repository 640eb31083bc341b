package querylog

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/colineage/colineage/lineage"
)

// fields is one record of a CSV or JSON export with named fields.
type fields interface {
	// get returns the first of the named fields that is present, as text.
	get(names ...string) string
	// has says whether a field is present at all.
	has(name string) bool
	// object returns a nested JSON object field, if the record is JSON.
	object(name string) jsonObject
}

type csvFields struct {
	cols colIndex
	row  []string
}

func (f csvFields) get(names ...string) string { return field(f.row, f.cols.first(names...)) }
func (f csvFields) has(name string) bool       { _, ok := f.cols[name]; return ok }
func (f csvFields) object(string) jsonObject   { return nil }

func (o jsonObject) get(names ...string) string { return o.str(names...) }
func (o jsonObject) has(name string) bool       { _, ok := o[name]; return ok }
func (o jsonObject) object(name string) jsonObject {
	raw := o.raw(name)
	if raw == nil || raw[0] != '{' {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil
	}
	return lowerKeys(m)
}

// recordSource yields the records of a CSV (with a header) or JSON (lines
// or one array) export; the format is told by the first byte.
type recordSource struct {
	c       config
	br      *bufio.Reader
	started bool
	csv     *csvRows
	json    *jsonValues
}

func newRecordSource(r io.Reader, c config) *recordSource {
	return &recordSource{c: c, br: bufio.NewReaderSize(r, 64<<10)}
}

// isJSON peeks past blanks and a byte order mark for '{' or '['.
func isJSON(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n', 0xEF, 0xBB, 0xBF:
			if err != nil {
				return false
			}
			continue
		case '{', '[':
			return true
		default:
			return false
		}
	}
	return false
}

// next returns the next record and its record number. A malformed record
// is a *badRow.
func (s *recordSource) next() (fields, int64, error) {
	if !s.started {
		s.started = true
		if s.c.header == nil && isJSON(s.br) {
			s.json = newJSONValues(s.br, s.c.maxBytes+64<<10)
		} else {
			s.csv = newCSVRows(s.br, s.c)
			if err := s.csv.readHeader(); err != nil {
				return nil, 0, err
			}
		}
	}
	if s.json != nil {
		obj, rec, err := s.json.next()
		if err != nil {
			return nil, rec, err
		}
		return lowerKeys(obj), rec, nil
	}
	row, line, err := s.csv.next()
	if err != nil {
		return nil, line, err
	}
	return csvFields{cols: s.csv.cols, row: row}, line, nil
}

// rowFunc turns one record into a statement, or says why it is skipped
// (skip != ""), or returns an error about the record.
type rowFunc func(f fields) (st lineage.Statement, skip string, err error)

// newRecordReader builds a Reader that applies fn to every record.
func newRecordReader(r io.Reader, c config, fn rowFunc) *Reader {
	src := newRecordSource(r, c)
	rd := &Reader{origin: c.origin}
	rd.next = func(ctx context.Context) (lineage.Statement, error) {
		for {
			if err := ctx.Err(); err != nil {
				return lineage.Statement{}, err
			}
			f, rec, err := src.next()
			if err != nil {
				var bad *badRow
				if errors.As(err, &bad) {
					rd.record()
					return lineage.Statement{}, rd.inputErr(bad.line, bad.err, "unreadable record")
				}
				if errors.Is(err, io.EOF) {
					return lineage.Statement{}, io.EOF
				}
				return lineage.Statement{}, fmt.Errorf("%s: %w", c.origin, err)
			}
			rd.record()
			st, skip, err := fn(f)
			if err != nil {
				return lineage.Statement{}, rd.inputErr(rec, err, "bad field")
			}
			if skip != "" {
				rd.skip(skip)
				continue
			}
			if strings.TrimSpace(st.SQL) == "" {
				rd.skip(SkipEmpty)
				continue
			}
			if st.Context.Origin == "" {
				st.Context.Origin = origin(c.origin, rec)
			}
			return st, nil
		}
	}
	return rd
}

// timeField parses a timestamp field, naming it in the error.
func timeField(f fields, names ...string) (time.Time, error) {
	at, err := parseTime(f.get(names...))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", names[0], err)
	}
	return at, nil
}
