package querylog

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/colineage/colineage/sqlparse"
)

// ErrUnknownFormat is returned (wrapped) by FormatByName for a name that
// is no Format's.
var ErrUnknownFormat = errors.New("querylog: unknown log format")

// Format is a kind of query-log export read from one stream: its name, as
// flags and URLs give it, the dialect of its SQL and its reader. The .sql
// files of a folder (NewSQLFiles) and logs with columns of their own
// (NewGeneric) are read by their functions, not through a Format.
type Format struct {
	// Name is the format's name: "redshift", "snowflake", ...
	Name string
	// Aliases are other names FormatByName accepts ("snowflake-json").
	Aliases []string
	// Dialect is the dialect the format's statements are tagged with
	// (WithDialect overrides it).
	Dialect sqlparse.Dialect
	open    func(io.Reader, ...Option) *Reader
}

// Open returns a Reader of the format over r.
func (f Format) Open(r io.Reader, opts ...Option) *Reader { return f.open(r, opts...) }

// Formats lists the log formats, in a fixed order. It is the one list that
// command-line flags, HTTP endpoints and their documentation offer.
func Formats() []Format {
	return []Format{
		{Name: "redshift", Dialect: sqlparse.Redshift, open: NewRedshift},
		{Name: "snowflake", Aliases: []string{"snowflake-json"}, Dialect: sqlparse.Snowflake, open: NewSnowflake},
		{Name: "bigquery", Dialect: sqlparse.BigQuery, open: NewBigQuery},
		{Name: "postgres", Dialect: sqlparse.Postgres, open: NewPostgres},
	}
}

// FormatNames returns the names of Formats, in order.
func FormatNames() []string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return names
}

// FormatByName finds a format by its name or an alias (case-insensitive).
// An unknown name is an error matching ErrUnknownFormat that lists the
// valid names.
func FormatByName(name string) (Format, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, f := range Formats() {
		if f.Name == n {
			return f, nil
		}
		for _, a := range f.Aliases {
			if a == n {
				return f, nil
			}
		}
	}
	return Format{}, fmt.Errorf("%w %q: want one of %s", ErrUnknownFormat, name, strings.Join(FormatNames(), ", "))
}
