package lineage

import (
	"context"
	"errors"
	"fmt"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/colineage/colineage/sqlparse"
)

// Limits bound what one Analyze may take on, so that a hostile or broken
// statement costs an error, not the process's memory or minutes of CPU.
// A zero field takes its default (DefaultLimits); a negative one means no
// limit.
type Limits struct {
	// StatementBytes bounds the text given to Analyze (default 4 MiB).
	StatementBytes int
	// Depth bounds how deeply queries nest: subqueries, derived tables,
	// CTEs and set operations inside one another (default 256).
	Depth int
	// Columns bounds the select list of one query block (default 10,000).
	Columns int
	// UnionBranches bounds the branches of one set operation (default
	// 10,000).
	UnionBranches int
	// CTEs bounds the common table expressions of one WITH (default 1,000).
	CTEs int
	// StarColumns bounds the columns one `*` expands to (default 10,000).
	StarColumns int
}

// DefaultLimits are far above any statement people write or tools
// generate in practice, and far below what strains a machine.
func DefaultLimits() Limits {
	return Limits{StatementBytes: 4 << 20, Depth: 256, Columns: 10000, UnionBranches: 10000, CTEs: 1000, StarColumns: 10000}
}

// WithLimits sets the Analyzer's resource limits; zero fields keep their
// defaults.
func WithLimits(l Limits) Option {
	return func(a *Analyzer) { a.limits = l.withDefaults() }
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	for _, f := range []struct{ v, def *int }{
		{&l.StatementBytes, &d.StatementBytes}, {&l.Depth, &d.Depth}, {&l.Columns, &d.Columns},
		{&l.UnionBranches, &d.UnionBranches}, {&l.CTEs, &d.CTEs}, {&l.StarColumns, &d.StarColumns},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	return l
}

// ErrLimit is matched (errors.Is) by every *LimitError.
var ErrLimit = errors.New("resource limit exceeded")

// LimitError is a statement that exceeds one of the Analyzer's Limits.
type LimitError struct {
	// Limit names the Limits field: "StatementBytes", "Depth", ...
	Limit string
	// Max is the limit, Got at least how much the statement has.
	Max, Got int
	Pos      sqlparse.Pos
}

// Error says which limit, where, and how to raise it.
func (e *LimitError) Error() string {
	return fmt.Sprintf("lineage: line %d, column %d: %s %d exceeds the limit %d (lineage.WithLimits raises it)",
		e.Pos.Line, e.Pos.Column, e.Limit, e.Got, e.Max)
}

// Is makes errors.Is(err, ErrLimit) hold.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

// checkText applies StatementBytes before anything is parsed.
func (l Limits) checkText(sql string) error {
	if l.StatementBytes > 0 && len(sql) > l.StatementBytes {
		return &LimitError{Limit: "StatementBytes", Max: l.StatementBytes, Got: len(sql), Pos: sqlparse.Pos{Line: 1, Column: 1}}
	}
	return nil
}

// checkTree walks a parsed statement once and applies Depth, Columns,
// UnionBranches and CTEs, looking at ctx every few thousand nodes. It
// also counts the statement's table names and column references, which
// size the binder's lists.
func (l Limits) checkTree(ctx context.Context, ps *sqlparse.Statement) (treeCounts, error) {
	v := &limitVisitor{l: l, ctx: ctx, ps: ps}
	for _, n := range ps.Nodes {
		n.Accept(v)
		if v.err != nil {
			return treeCounts{}, v.err
		}
	}
	return v.counts, nil
}

// treeCounts are what checkTree counted in a statement.
type treeCounts struct {
	tables, columns int
}

type limitVisitor struct {
	l      Limits
	ctx    context.Context
	ps     *sqlparse.Statement
	depth  int
	nodes  int
	err    error
	counts treeCounts
}

func (v *limitVisitor) fail(limit string, max, got, offset int) {
	v.err = &LimitError{Limit: limit, Max: max, Got: got, Pos: v.ps.Position(offset)}
}

func over(limit, got int) bool { return limit > 0 && got > limit }

// Enter counts query blocks on the way down.
func (v *limitVisitor) Enter(n ast.Node) (ast.Node, bool) {
	if v.err != nil {
		return n, true
	}
	if v.nodes++; v.nodes%4096 == 0 {
		if err := v.ctx.Err(); err != nil {
			v.err = err
			return n, true
		}
	}
	switch x := n.(type) {
	case *ast.ColumnName:
		v.counts.columns++
	case *ast.TableName:
		v.counts.tables++
	case *ast.SelectStmt:
		v.depth++
		if over(v.l.Depth, v.depth) {
			v.fail("Depth", v.l.Depth, v.depth, x.OriginTextPosition())
			return n, true
		}
		if x.Fields != nil && over(v.l.Columns, len(x.Fields.Fields)) {
			v.fail("Columns", v.l.Columns, len(x.Fields.Fields), x.OriginTextPosition())
			return n, true
		}
	case *ast.SetOprStmt:
		v.depth++
		if over(v.l.Depth, v.depth) {
			v.fail("Depth", v.l.Depth, v.depth, x.OriginTextPosition())
			return n, true
		}
		if x.SelectList != nil && over(v.l.UnionBranches, len(x.SelectList.Selects)) {
			v.fail("UnionBranches", v.l.UnionBranches, len(x.SelectList.Selects), x.OriginTextPosition())
			return n, true
		}
	case *ast.WithClause:
		if over(v.l.CTEs, len(x.CTEs)) {
			v.fail("CTEs", v.l.CTEs, len(x.CTEs), x.OriginTextPosition())
			return n, true
		}
	}
	return n, false
}

// Leave counts query blocks on the way up.
func (v *limitVisitor) Leave(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		v.depth--
	}
	return n, v.err == nil
}

// checkStar applies StarColumns to a `*` about to expand to n columns.
func (l Limits) checkStar(n int, pos sqlparse.Pos) error {
	if over(l.StarColumns, n) {
		return &LimitError{Limit: "StarColumns", Max: l.StarColumns, Got: n, Pos: pos}
	}
	return nil
}

// stopped reports, every 256th select item of a statement, whether the
// walk must stop: ctx ended (recorded in b.stop, which the caller
// returns).
func (b *binder) stopped() bool {
	if b.stop != nil {
		return true
	}
	if b.walked++; b.walked%256 == 0 {
		if err := b.ctx.Err(); err != nil {
			b.stop = err
			return true
		}
	}
	return false
}

// starFits applies StarColumns to a `*` over srcs, recording the error.
func (b *binder) starFits(srcs []*source, f *ast.SelectField) bool {
	n := 0
	for _, s := range srcs {
		n += len(s.rel.cols)
	}
	if err := b.s.a.limits.checkStar(n, b.pos(f.Offset)); err != nil {
		if b.stop == nil {
			b.stop = err
		}
		return false
	}
	return true
}
