package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// coldSource is a lineage.Source that replays the statements of a corpus
// file (../shared/corpus/realworld: about 2 KB each) n times in all, each
// time under a default schema of its own, so that no statement is
// answered from the Engine's shape cache (its key holds the defaults):
// every statement is parsed, analysed and written as a new one, and its
// unqualified tables are new datasets.
type coldSource struct {
	stmts []lineage.Statement
	n, i  int
	bytes int64
}

// loadCold reads the statements (with their dialects) of a corpus file.
func loadCold(path string, n int) (*coldSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src := &coldSource{n: n}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var c struct {
			SQL     string `json:"sql"`
			Dialect string `json:"dialect"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		d, ok := sqlparse.DialectByName(c.Dialect)
		if !ok {
			d = sqlparse.ANSI
		}
		src.stmts = append(src.stmts, lineage.Statement{SQL: c.SQL, Dialect: d})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(src.stmts) == 0 {
		return nil, fmt.Errorf("%s: no statements", path)
	}
	return src, nil
}

// Next implements lineage.Source.
func (s *coldSource) Next(ctx context.Context) (lineage.Statement, error) {
	if s.i >= s.n {
		return lineage.Statement{}, io.EOF
	}
	if err := ctx.Err(); err != nil {
		return lineage.Statement{}, err
	}
	st := s.stmts[s.i%len(s.stmts)]
	st.Context = lineage.Context{Database: "warehouse", Schema: fmt.Sprint("s", s.i), QueryID: fmt.Sprint(s.i)}
	s.bytes += int64(len(st.SQL))
	s.i++
	return st, nil
}
