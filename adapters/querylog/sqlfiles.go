package querylog

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// NewSQLFiles reads every file whose name ends in .sql under fsys (for a
// folder: os.DirFS(dir)), in lexical path order, one file in memory at a
// time (at most WithMaxStatementBytes). A file may hold several statements
// separated by semicolons; semicolons inside quotes, quoted identifiers,
// comments and dollar-quoted bodies do not split. Each statement's
// Context.Origin is "path:line" (the line where it starts), QueryID
// "path#n", and Session the path, so a file is one session (temporary
// tables created in a file are seen by its later statements). Statements
// are tagged ANSI unless WithDialect says otherwise. A file that cannot be
// read or is too large is a *lineage.InputError whose Record is the
// file's ordinal; Records counts files.
func NewSQLFiles(fsys fs.FS, opts ...Option) *Reader {
	c := newConfig("sql files", opts)
	d := c.dialectOr(sqlparse.ANSI)
	rd := &Reader{origin: c.origin}
	var (
		paths   []string
		walked  bool
		fileNo  int64
		pending []lineage.Statement
	)
	rd.next = func(ctx context.Context) (lineage.Statement, error) {
		if !walked {
			walked = true
			err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if !e.IsDir() && strings.EqualFold(path.Ext(p), ".sql") {
					paths = append(paths, p)
				}
				return nil
			})
			if err != nil {
				return lineage.Statement{}, fmt.Errorf("%s: listing files: %w", c.origin, err)
			}
		}
		for len(pending) == 0 {
			if err := ctx.Err(); err != nil {
				return lineage.Statement{}, err
			}
			if len(paths) == 0 {
				return lineage.Statement{}, io.EOF
			}
			p := paths[0]
			paths = paths[1:]
			fileNo++
			rd.record()
			text, err := readLimited(fsys, p, c.maxBytes)
			if err != nil {
				rd.origin = p
				ie := rd.inputErr(fileNo, err, "reading %s", p)
				rd.origin = c.origin
				return lineage.Statement{}, ie
			}
			pieces := splitStatements(text, backslashEscapes(d))
			if len(pieces) == 0 {
				rd.skip(SkipEmpty)
			}
			for i, pc := range pieces {
				pending = append(pending, lineage.Statement{SQL: pc.sql, Dialect: d, Context: lineage.Context{
					Origin:  p + ":" + strconv.Itoa(pc.line),
					QueryID: p + "#" + strconv.Itoa(i+1),
					Session: p,
				}})
			}
		}
		st := pending[0]
		pending = pending[1:]
		return st, nil
	}
	return rd
}

func readLimited(fsys fs.FS, p string, max int) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return "", err
	}
	if len(b) > max {
		return "", fmt.Errorf("file larger than %d bytes", max)
	}
	return string(b), nil
}

// backslashEscapes says whether backslash escapes a quote inside a plain
// string literal in d (Postgres follows the standard, where
// only E'...' strings have escapes).
func backslashEscapes(d sqlparse.Dialect) bool {
	switch d {
	case sqlparse.Postgres, sqlparse.ANSI, sqlparse.Trino, sqlparse.TSQL, sqlparse.DuckDB:
		return false
	}
	return true
}

type piece struct {
	sql  string
	line int
}

// splitStatements splits SQL text at top-level semicolons. Pieces holding
// only blanks and comments are dropped; each piece is trimmed, and line is
// where its first token starts.
func splitStatements(s string, backslash bool) []piece {
	var out []piece
	start, line, startLine := 0, 1, 0
	hasToken := false
	emit := func(end int) {
		if hasToken {
			out = append(out, piece{sql: strings.TrimSpace(s[start:end]), line: startLine})
		}
		hasToken = false
		start = end + 1
	}
	token := func() {
		if !hasToken {
			hasToken = true
			startLine = line
		}
	}
	i := 0
	for i < len(s) {
		ch := s[i]
		switch {
		case ch == '\n':
			line++
			i++
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f':
			i++
		case ch == '-' && strings.HasPrefix(s[i:], "--"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case ch == '/' && strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				end = len(s) - i - 2
			}
			line += strings.Count(s[i:i+2+end], "\n")
			i += 2 + end + 2
		case ch == ';':
			emit(i)
			i++
		case ch == '\'' || ch == '"' || ch == '`':
			token()
			esc := backslash && ch == '\''
			if ch == '\'' && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') {
				esc = true
			}
			j := i + 1
			for j < len(s) {
				if esc && s[j] == '\\' {
					j += 2
					continue
				}
				if s[j] == ch {
					if j+1 < len(s) && s[j+1] == ch { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j > len(s) {
				j = len(s)
			}
			line += strings.Count(s[i:j], "\n")
			i = j + 1
		case ch == '$':
			token()
			tag := dollarTag(s[i:])
			if tag == "" {
				i++
				continue
			}
			end := strings.Index(s[i+len(tag):], tag)
			stop := len(s)
			if end >= 0 {
				stop = i + len(tag) + end + len(tag)
			}
			line += strings.Count(s[i:stop], "\n")
			i = stop
		default:
			token()
			i++
		}
	}
	emit(len(s))
	kept := out[:0]
	for _, p := range out {
		if p.sql = trimLeadingComments(p.sql); p.sql != "" {
			kept = append(kept, p)
		}
	}
	return kept
}

// dollarTag returns the $tag$ opening s, or "".
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		c := s[j]
		if c == '$' {
			return s[:j+1]
		}
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || j > 1 && c >= '0' && c <= '9') {
			return ""
		}
	}
	return ""
}

func trimLeadingComments(s string) string {
	for {
		s = strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return ""
			}
			s = s[i+2:]
		default:
			return s
		}
	}
}
