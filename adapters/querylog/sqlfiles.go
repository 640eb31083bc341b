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
// time (at most WithMaxStatementBytes). A file may hold several statements,
// split by sqlparse.Split in the reader's dialect: at semicolons (not
// those inside quotes, quoted identifiers, comments and dollar-quoted
// bodies, as the dialect reads them) and, in T-SQL, at GO lines. Each statement's
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
			pieces := sqlparse.Split(text, d)
			if len(pieces) == 0 {
				rd.skip(SkipEmpty)
			}
			for i, pc := range pieces {
				pending = append(pending, lineage.Statement{SQL: pc.SQL, Dialect: d, Context: lineage.Context{
					Origin:  p + ":" + strconv.Itoa(pc.Line),
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
