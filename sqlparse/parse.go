package sqlparse

import (
	"errors"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values in trees
)

var parsers = sync.Pool{New: func() any { return parser.New() }}

// Parse parses a script of one or more statements in a dialect. It returns
// every statement that parsed; err joins one *ParseError per statement that
// did not (errors.As finds them).
//
// TEMPORARY IMPLEMENTATION: no dialect rewrites yet.
func Parse(sql string, d Dialect) ([]*Statement, error) {
	p := parsers.Get().(*parser.Parser)
	defer parsers.Put(p)
	p.SetSQLMode(d.s().mode)
	nodes, _, err := p.ParseSQL(sql)
	if err != nil {
		return nil, &ParseError{Dialect: d, Pos: Pos{Line: 1, Column: 1}, Reason: err.Error(), Err: err}
	}
	var out []*Statement
	for i, n := range nodes {
		start := n.OriginTextPosition()
		end := len(sql)
		if i+1 < len(nodes) {
			end = nodes[i+1].OriginTextPosition()
		}
		text := strings.TrimRight(strings.TrimSpace(sql[start:end]), ";")
		norm, dig := parser.NormalizeDigest(text)
		st := &Statement{Nodes: []ast.StmtNode{n}, Dialect: d, Text: text, Normalized: norm, Digest: dig.String()}
		st.ann.offsets = offsetMap{base: Pos{Line: 1, Column: 1}, text: sql}
		st.Span = Span{Start: st.Position(start), End: st.Position(end)}
		st.Kind = kindOf(n)
		out = append(out, st)
	}
	return out, nil
}

func kindOf(n ast.StmtNode) Kind {
	switch n := n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return KindSelect
	case *ast.InsertStmt:
		return KindInsert
	case *ast.UpdateStmt:
		return KindUpdate
	case *ast.DeleteStmt:
		return KindDelete
	case *ast.CreateTableStmt:
		if n.Select != nil {
			return KindCreateTableAs
		}
		return KindCreateTable
	case *ast.CreateViewStmt:
		return KindCreateView
	case *ast.AlterTableStmt, *ast.RenameTableStmt:
		return KindAlterTable
	case *ast.DropTableStmt:
		return KindDropTable
	case *ast.TruncateTableStmt:
		return KindTruncate
	case *ast.UseStmt:
		return KindUse
	case *ast.LoadDataStmt:
		return KindCopy
	}
	return KindOther
}

var _ = errors.New
