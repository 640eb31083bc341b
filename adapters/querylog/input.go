package querylog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// csvRows reads CSV records one at a time, keeping only the current one.
type csvRows struct {
	r      *csv.Reader
	header []string
	cols   colIndex
	// lastEnd is the input offset where the last record read ended.
	lastEnd int64
}

// ErrRecordTooLong ends a CSV stream whose record grows past the limit
// (WithMaxStatementBytes plus 64 KiB), most often a quote that never
// closes: the reader cannot find where the next record starts, and would
// otherwise hold the rest of the input in memory.
var ErrRecordTooLong = errors.New("CSV record too long")

// boundedReader refuses to give a csv.Reader more than max bytes past the
// end of the last record it returned.
type boundedReader struct {
	r         io.Reader
	delivered int64
	max       int64
	recordEnd func() int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.delivered-b.recordEnd() > b.max {
		return 0, ErrRecordTooLong
	}
	n, err := b.r.Read(p)
	b.delivered += int64(n)
	return n, err
}

// badRow is one CSV record that could not be read; the reader goes on.
type badRow struct {
	line int64
	err  error
}

func (b *badRow) Error() string { return b.err.Error() }

func newCSVRows(r io.Reader, c config) *csvRows {
	br := &boundedReader{r: r, max: int64(c.maxBytes) + 64<<10}
	cr := csv.NewReader(br)
	cr.Comma = c.comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true // callers keep field strings, never the slice
	rows := &csvRows{r: cr}
	br.recordEnd = func() int64 { return rows.lastEnd }
	if c.header != nil {
		rows.header = c.header
		rows.cols = newColIndex(c.header)
	}
	return rows
}

// readHeader reads the header row if none was configured.
func (s *csvRows) readHeader() error {
	if s.header != nil {
		return nil
	}
	h, err := s.r.Read()
	s.lastEnd = s.r.InputOffset()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return fmt.Errorf("reading CSV header: %w", err)
	}
	s.header = h
	s.cols = newColIndex(h)
	return nil
}

// next returns the next record and the line it starts on. A malformed
// record is a *badRow; io.EOF ends the input; other errors are I/O errors.
func (s *csvRows) next() ([]string, int64, error) {
	row, err := s.r.Read()
	s.lastEnd = s.r.InputOffset()
	if err != nil {
		if errors.Is(err, ErrRecordTooLong) {
			return nil, 0, err
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, int64(pe.StartLine), &badRow{line: int64(pe.StartLine), err: err}
		}
		return nil, 0, err
	}
	line, _ := s.r.FieldPos(0)
	if len(row) < len(s.header) {
		return row, int64(line), &badRow{line: int64(line), err: fmt.Errorf("%d fields, want %d (truncated row?)", len(row), len(s.header))}
	}
	return row, int64(line), nil
}

// jsonValues reads JSON objects from JSON lines, concatenated JSON or one
// top-level array, one value at a time.
type jsonValues struct {
	br     *bufio.Reader
	max    int // longest line kept; longer lines are bad records
	dec    *json.Decoder
	array  bool
	line   int64
	inited bool
	done   bool
}

func newJSONValues(r io.Reader, max int) *jsonValues {
	return &jsonValues{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// readLine reads one line of at most j.max bytes; a longer one is read to
// its end and dropped, and reported with tooLong.
func (j *jsonValues) readLine() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		part, err := j.br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(part) > j.max {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, part...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong && (err == nil || errors.Is(err, io.EOF)) {
			return nil, true, err
		}
		return buf, false, err
	}
}

// next returns the next object and its record number (the line for JSON
// lines, the element's index for an array). A bad line is a *badRow.
func (j *jsonValues) next() (map[string]json.RawMessage, int64, error) {
	if !j.inited {
		j.inited = true
		if err := j.start(); err != nil {
			return nil, 0, err
		}
	}
	if j.done {
		return nil, 0, io.EOF
	}
	if j.array {
		return j.nextInArray()
	}
	for {
		raw, tooLong, err := j.readLine()
		if tooLong {
			j.line++
			if errors.Is(err, io.EOF) {
				j.done = true
			}
			return nil, j.line, &badRow{line: j.line, err: fmt.Errorf("line longer than %d bytes", j.max)}
		}
		if len(raw) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				j.done = true
			}
			return nil, 0, err
		}
		j.line++
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			if err != nil {
				j.done = true
				return nil, 0, io.EOF
			}
			continue
		}
		var obj map[string]json.RawMessage
		if uerr := json.Unmarshal(raw, &obj); uerr != nil {
			return nil, j.line, &badRow{line: j.line, err: uerr}
		}
		if obj == nil {
			return nil, j.line, &badRow{line: j.line, err: errors.New("not a JSON object")}
		}
		return obj, j.line, nil
	}
}

func (j *jsonValues) start() error {
	for {
		b, err := j.br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				j.done = true
				return nil
			}
			return err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = j.br.ReadByte()
			continue
		case 0xEF: // UTF-8 byte order mark
			if p, err := j.br.Peek(3); err == nil && string(p) == "\ufeff" {
				_, _ = j.br.Discard(3)
				continue
			}
		case '[':
			j.array = true
			j.dec = json.NewDecoder(j.br)
			if _, err := j.dec.Token(); err != nil {
				return fmt.Errorf("reading JSON array: %w", err)
			}
		}
		return nil
	}
}

func (j *jsonValues) nextInArray() (map[string]json.RawMessage, int64, error) {
	if !j.dec.More() {
		j.done = true
		return nil, 0, io.EOF
	}
	j.line++
	var raw json.RawMessage
	if err := j.dec.Decode(&raw); err != nil {
		// A syntax error inside an array leaves the decoder unusable.
		j.done = true
		return nil, j.line, fmt.Errorf("JSON array element %d: %w", j.line, err)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		if err == nil {
			err = errors.New("not a JSON object")
		}
		return nil, j.line, &badRow{line: j.line, err: err}
	}
	return obj, j.line, nil
}

// jsonObject gives case-insensitive access to one JSON object's fields.
type jsonObject map[string]json.RawMessage

func lowerKeys(m map[string]json.RawMessage) jsonObject {
	o := make(jsonObject, len(m))
	for k, v := range m {
		o[strings.ToLower(k)] = v
	}
	return o
}

// str returns a field as text: strings as they are, numbers and booleans
// as written, null and absent as "". A nested value is returned as JSON.
func (o jsonObject) str(names ...string) string {
	for _, n := range names {
		raw, ok := o[n]
		if !ok {
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || string(raw) == "null" {
			return ""
		}
		if raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err == nil {
				return s
			}
		}
		return string(raw)
	}
	return ""
}

// raw returns a field's JSON, or nil when absent or null.
func (o jsonObject) raw(name string) json.RawMessage {
	raw := bytes.TrimSpace(o[name])
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return raw
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02 15:04:05.999999999 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseTime reads the timestamps warehouses export: RFC 3339, SQL style
// with or without an offset or zone name (no zone means UTC), and epoch
// seconds or milliseconds. An empty string is the zero time.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	// Try first the layouts whose shape fits: a 'T' after the date, a
	// zone or offset after the time, or neither.
	if len(s) >= 19 && s[4] == '-' && s[7] == '-' && s[13] == ':' && s[16] == ':' {
		l := "2006-01-02 15:04:05.999999999"
		if s[10] == 'T' {
			l = "2006-01-02T15:04:05.999999999"
		}
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && f > 0 {
		if f > 1e12 { // milliseconds
			f /= 1000
		}
		if f < 1e11 {
			sec, frac := math.Modf(f)
			return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised timestamp %q", s)
}
