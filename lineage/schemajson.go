package lineage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// maxSchemaParts is the most parts a table name of a schema document may
// have (server.database.schema.table).
const maxSchemaParts = 4

// DecodeSchemaJSON reads a schema document in the corpus `schema` shape,
// an object of tables, each an object of column name to type (a string,
// "" when unknown), and keeps the order of tables and columns as written:
//
//	{"raw.users": {"id": "int", "email": "text"}}
//
// Every error wraps ErrSchemaFormat and names the place (table, column,
// byte offset): a document that is not an object (null too), text that is
// not UTF-8, a table or column name that ParseName rejects or that has more
// than four parts (a column one), a table whose columns are not an object,
// a type that is not a string, a repeated table or column, and anything
// after the document.
func DecodeSchemaJSON(r io.Reader) ([]SchemaTable, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%w: reading: %w", ErrSchemaFormat, err)
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, fmt.Errorf("%w: byte %d: not valid UTF-8", ErrSchemaFormat, off)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	at := func() string { return fmt.Sprintf("byte %d", dec.InputOffset()) }
	fail := func(where string, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrSchemaFormat, where, fmt.Sprintf(format, args...))
	}
	syntax := func(where string, err error) error {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%w: %s: %w", ErrSchemaFormat, where, err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntax("document", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fail("document", "want an object of tables, got %s", describeToken(tok))
	}
	var out []SchemaTable
	tables := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(at(), err)
		}
		name := tok.(string) // object keys are strings
		where := "table " + QuoteCut(name, 80)
		if err := checkSchemaName(name, maxSchemaParts); err != nil {
			return nil, fail(where, "%v", err)
		}
		if tables[name] {
			return nil, fail(where, "appears twice")
		}
		tables[name] = true
		t := SchemaTable{Name: name}
		tok, err = dec.Token()
		if err != nil {
			return nil, syntax(where, err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return nil, fail(where, "want an object of column -> type, got %s", describeToken(tok))
		}
		cols := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, syntax(where, err)
			}
			col := tok.(string)
			cwhere := where + " column " + QuoteCut(col, 80)
			if err := checkSchemaName(col, 1); err != nil {
				return nil, fail(cwhere, "%v", err)
			}
			if cols[col] {
				return nil, fail(cwhere, "appears twice")
			}
			cols[col] = true
			tok, err = dec.Token()
			if err != nil {
				return nil, syntax(cwhere, err)
			}
			if _, ok := tok.(string); !ok {
				return nil, fail(cwhere, "want a type name (a string, \"\" when unknown), got %s", describeToken(tok))
			}
			t.Columns = append(t.Columns, col)
		}
		if _, err := dec.Token(); err != nil {
			return nil, syntax(where, err)
		}
		out = append(out, t)
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax("document", err)
	}
	if tok, err := dec.Token(); err == nil {
		return nil, fail(at(), "text after the document (%s)", describeToken(tok))
	} else if !errors.Is(err, io.EOF) {
		return nil, fail(at(), "text after the document (%v)", err)
	}
	return out, nil
}

// checkSchemaName accepts a name that ParseName reads into at most max
// parts.
func checkSchemaName(name string, max int) error {
	parts, err := ParseName(name)
	if err != nil {
		return err
	}
	if len(parts) > max {
		return fmt.Errorf("%d parts, at most %d", len(parts), max)
	}
	return nil
}

// describeToken names a JSON token for a message without quoting long
// values.
func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return "'" + v.String() + "'"
	case string:
		return "the string " + QuoteCut(v, 40)
	case float64:
		return "a number"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%v", tok)
}
