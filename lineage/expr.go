package lineage

import (
	"strconv"
	"strings"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// exprCtx is how the expression being walked uses its values.
type exprCtx struct {
	sub      TransformSubtype // Identity, Transformation or Aggregation
	indirect bool             // the values only influence (CONDITIONAL, WINDOW, or a clause)
	indSub   TransformSubtype
	masking  bool
}

func (c exprCtx) transformed() exprCtx {
	if rank(c.sub) < rank(Transformation) {
		c.sub = Transformation
	}
	return c
}

func (c exprCtx) aggregated() exprCtx {
	c.sub = Aggregation
	return c
}

func (c exprCtx) influence(sub TransformSubtype) exprCtx {
	if !c.indirect {
		c.indirect = true
		c.indSub = sub
	}
	return c
}

// exprOut collects what an expression derives from.
type exprOut struct {
	b       *binder
	origins []origin
	unres   []unresolved
}

// newOut hands out an exprOut from the binder's free list: an exprOut
// escapes (child walkers hold it), and a statement needs one per select
// field and clause. Give it back with freeOut once its origins and
// unresolved names have been taken.
func (b *binder) newOut() *exprOut {
	if n := len(b.freeOuts); n > 0 {
		o := b.freeOuts[n-1]
		b.freeOuts = b.freeOuts[:n-1]
		return o
	}
	return &exprOut{b: b}
}

// freeOut returns o to the free list; the slices it held stay with
// whoever took them.
func (b *binder) freeOut(o *exprOut) {
	*o = exprOut{b: b}
	b.freeOuts = append(b.freeOuts, o)
}

// originSlice hands out a short origin list carved from a per-statement
// chunk (most expressions derive from one or two columns); appending past
// its capacity moves it to its own array.
func (b *binder) originSlice() []origin { return b.originSliceN(2) }

// originSliceN is originSlice with room for per origins.
func (b *binder) originSliceN(per int) []origin {
	if cap(b.originChunk)-len(b.originChunk) < per {
		// Chunks grow from 8 to 256 origins: short statements stay small.
		size := min(max(8, 2*cap(b.originChunk)), 256)
		b.originChunk = make([]origin, 0, size)
	}
	n := len(b.originChunk)
	b.originChunk = b.originChunk[:n+per]
	return b.originChunk[n : n : n+per]
}

// addOrigin is addOrigin that starts an empty list in a chunk (see
// originSlice).
func (b *binder) addOrigin(list []origin, o origin) []origin {
	if mergeOrigin(list, o) {
		return list
	}
	if len(list) == cap(list) && len(list) < smallSet {
		// Row influences and union columns: often a single origin. A
		// short list that is full moves to the chunk with twice the room
		// instead of to an array of its own.
		list = append(b.originSliceN(max(1, 2*len(list))), list...)
	}
	return append(list, o)
}

// addUnresolved appends u to o's unresolved names, starting the list in
// a chunk of the binder (like originSlice).
func (o *exprOut) addUnresolved(u unresolved) {
	if o.unres == nil && o.b != nil {
		o.unres = o.b.unresSlice()
	}
	o.unres = append(o.unres, u)
}

// unresSlice hands out a short unresolved list carved from a chunk.
func (b *binder) unresSlice() []unresolved {
	const per = 2
	if cap(b.unresChunk)-len(b.unresChunk) < per {
		size := min(max(8, 2*cap(b.unresChunk)), 256)
		b.unresChunk = make([]unresolved, 0, size)
	}
	n := len(b.unresChunk)
	b.unresChunk = b.unresChunk[:n+per]
	return b.unresChunk[n : n : n+per]
}

func (o *exprOut) add(in origin, ctx exprCtx) {
	if o.origins == nil && o.b != nil {
		o.origins = o.b.originSlice()
	}
	out := in
	switch {
	case ctx.indirect:
		if !out.indirect {
			out.indirect = true
			out.sub = ctx.indSub
			out.masking = false
		}
	case !out.indirect:
		if rank(ctx.sub) > rank(out.sub) {
			out.sub = ctx.sub
		}
		if ctx.masking {
			out.masking = true
		}
	}
	if o.b != nil {
		o.b.addOriginTo(&o.origins, out)
		return
	}
	o.origins = addOrigin(o.origins, out)
}

// expr walks an expression in scope sc and adds what it derives from to
// out, as ctx says.
func (b *binder) expr(e ast.ExprNode, sc *scope, ctx exprCtx, out *exprOut) {
	if e == nil {
		return
	}
	switch n := e.(type) {
	case *ast.ColumnNameExpr:
		b.bindColumn(n.Name, sc, ctx, out)
	case *ast.ParenthesesExpr:
		b.expr(n.Expr, sc, ctx, out)
	case ast.ValueExpr, ast.ParamMarkerExpr, *ast.DefaultExpr:
	case *ast.FuncCastExpr:
		b.expr(n.Expr, sc, ctx.transformed(), out)
	case *ast.FuncCallExpr:
		b.funcCall(n, sc, ctx, out)
	case *ast.AggregateFuncExpr:
		for _, a := range n.Args {
			b.expr(a, sc, ctx.aggregated(), out)
		}
		if n.Order != nil {
			for _, it := range n.Order.Items {
				b.expr(it.Expr, sc, ctx.influence(Sort), out)
			}
		}
	case *ast.WindowFuncExpr:
		inner := ctx.transformed()
		if sqlparse.AggregatesFrame(n.Name) {
			inner = ctx.aggregated()
		}
		for _, a := range n.Args {
			b.expr(a, sc, inner, out)
		}
		b.windowSpec(&n.Spec, sc, ctx.influence(Window), out)
	case *ast.CaseExpr:
		cond := ctx.influence(Conditional)
		b.expr(n.Value, sc, cond, out)
		for _, w := range n.WhenClauses {
			b.expr(w.Expr, sc, cond, out)
			b.expr(w.Result, sc, ctx.transformed(), out)
		}
		b.expr(n.ElseClause, sc, ctx.transformed(), out)
	case *ast.ValuesExpr:
		b.proposedColumn(n, sc, ctx, out)
	case *ast.SubqueryExpr:
		b.subquery(n, sc, ctx, out)
	case *ast.ExistsSubqueryExpr:
		b.expr(n.Sel, sc, ctx.influence(Conditional), out)
	case *ast.PositionExpr:
		if n.P != nil {
			b.expr(n.P, sc, ctx, out)
		}
	// The most frequent operators are walked here, in the order their
	// Accept visits their operands, without the visitor's overhead.
	case *ast.BinaryOperationExpr:
		c := ctx.transformed()
		b.expr(n.L, sc, c, out)
		b.expr(n.R, sc, c, out)
	case *ast.UnaryOperationExpr:
		b.expr(n.V, sc, ctx.transformed(), out)
	case *ast.IsNullExpr:
		b.expr(n.Expr, sc, ctx.transformed(), out)
	case *ast.IsTruthExpr:
		b.expr(n.Expr, sc, ctx.transformed(), out)
	case *ast.BetweenExpr:
		c := ctx.transformed()
		b.expr(n.Expr, sc, c, out)
		b.expr(n.Left, sc, c, out)
		b.expr(n.Right, sc, c, out)
	case *ast.PatternLikeOrIlikeExpr:
		c := ctx.transformed()
		b.expr(n.Expr, sc, c, out)
		b.expr(n.Pattern, sc, c, out)
	case *ast.PatternInExpr:
		c := ctx.transformed()
		b.expr(n.Expr, sc, c, out)
		for _, v := range n.List {
			b.expr(v, sc, c, out)
		}
		if n.Sel != nil {
			b.expr(n.Sel, sc, c, out)
		}
	default:
		b.children(e, sc, ctx.transformed(), out)
	}
}

func (b *binder) funcCall(n *ast.FuncCallExpr, sc *scope, ctx exprCtx, out *exprOut) {
	fn := b.st.Name(n.FnName.O)
	name := n.FnName.L
	if len(fn.Parts) > 0 {
		name = strings.ToLower(fn.Parts[len(fn.Parts)-1].Name)
	}
	inner := ctx.transformed()
	if sqlparse.IsAggregate(name) {
		// COUNT_IF, MAX_BY, MEDIAN ..: aggregates TiDB's grammar does
		// not know as such
		inner = ctx.aggregated()
	}
	if b.s.a.masking[name] || sqlparse.IsHash(name) {
		inner.masking = true
	} else if (n.Schema.O != "" || len(fn.Parts) > 1) && len(n.Args) > 1 {
		// A qualified name is a user-defined function: which of its
		// arguments its value derives from is not known. All are taken;
		// say so. A schema of the warehouse's own functions (Snowflake's
		// SNOWFLAKE.CORTEX) holds built-ins, whose values derive from all
		// their arguments: nothing to say.
		var parts []string
		if n.Schema.O != "" {
			for _, p := range b.st.Name(n.Schema.O).Parts {
				parts = append(parts, p.Name)
			}
		}
		for _, p := range fn.Parts {
			parts = append(parts, p.Name)
		}
		if !sqlparse.IsBuiltinSchema(b.p.Dialect(), strings.Join(parts[:len(parts)-1], ".")) {
			b.warn(WarnUserFunction, b.pos(b.fieldOffset), "%s is a user-defined function: its value is taken to derive from all its arguments", strings.Join(parts, "."))
		}
	} else if len(n.Args) > 1 && !sqlparse.IsBuiltin(name) {
		// An unqualified name no warehouse has built in: a user-defined
		// function on the search path, of the same unknown roles.
		b.warn(WarnUserFunction, b.pos(b.fieldOffset), "%s is not a known built-in function: its value is taken to derive from all its arguments", name)
	}
	switch name {
	case "if", "iff", "nvl2":
		// IF(cond, a, b); NVL2(x, a, b) tests x for NULL only
		if len(n.Args) == 3 {
			b.expr(n.Args[0], sc, ctx.influence(Conditional), out)
			b.expr(n.Args[1], sc, inner, out)
			b.expr(n.Args[2], sc, inner, out)
			return
		}
	case "grouping", "grouping_id":
		// GROUPING(a, ..) flags which keys the row's grouping set rolls
		// up: its value tells of the grouping, not of the keys' values,
		// so the keys decide it (CONDITIONAL, as a CASE test does) and
		// none of their values flows
		g := ctx.influence(Conditional)
		for _, a := range n.Args {
			b.expr(a, sc, g, out)
		}
		return
	case "decode":
		// DECODE(x, search1, result1, ... [, default]) is CASE x WHEN
		// search1 THEN result1 ... ELSE default END: x and the searches
		// decide, the results flow. With two arguments it is MySQL's
		// DECODE(crypt_str, pass_str), whose value derives from both.
		if len(n.Args) >= 3 {
			cond := ctx.influence(Conditional)
			for i, a := range n.Args {
				if i == 0 || i%2 == 1 && i+1 < len(n.Args) {
					b.expr(a, sc, cond, out)
				} else {
					b.expr(a, sc, inner, out)
				}
			}
			return
		}
	}
	for _, a := range n.Args {
		b.expr(a, sc, inner, out)
	}
}

// addRelCol adds what an output column of a relation derives from.
func (o *exprOut) addRelCol(rc *relCol, ctx exprCtx) {
	for _, in := range rc.origins {
		o.add(in, ctx)
	}
	o.unres = append(o.unres, rc.unres...)
}

// proposedColumn binds VALUES(c) of an upsert's update list to the
// column c of the row the INSERT proposes (see upsert). Outside an upsert,
// or for a column the INSERT does not fill, it is unresolved with a
// warning: the target's own column would be a guess.
func (b *binder) proposedColumn(n *ast.ValuesExpr, sc *scope, ctx exprCtx, out *exprOut) {
	if n.Column == nil || n.Column.Name == nil {
		return
	}
	col := b.columnLast(n.Column.Name)
	pos := b.st.Span.Start
	for s := sc; s != nil; s = s.parent {
		if s.proposed == nil {
			continue
		}
		if i, ok := s.proposed.lookup(col); ok {
			out.addRelCol(&s.proposed.cols[i], ctx)
			return
		}
		b.warn(WarnUnknownColumn, pos, "the inserted row has no column %s", col)
		out.unres = append(out.unres, unresolved{name: col, pos: pos})
		return
	}
	b.warn(WarnUnsupported, pos, "VALUES(%s) outside an upsert's update list", col)
	out.unres = append(out.unres, unresolved{name: col, pos: pos})
}

// windowSpec adds a window's PARTITION BY and ORDER BY columns, following
// a named window's definition.
func (b *binder) windowSpec(ws *ast.WindowSpec, sc *scope, ctx exprCtx, out *exprOut) {
	for depth := 0; ws != nil && depth < 8; depth++ {
		if ws.PartitionBy != nil {
			for _, it := range ws.PartitionBy.Items {
				b.expr(it.Expr, sc, ctx, out)
			}
		}
		if ws.OrderBy != nil {
			for _, it := range ws.OrderBy.Items {
				b.expr(it.Expr, sc, ctx, out)
			}
		}
		ref := ws.Ref.L
		if ref == "" && ws.PartitionBy == nil && ws.OrderBy == nil {
			ref = ws.Name.L
		}
		if ref == "" {
			return
		}
		ws = sc.window(ref)
	}
}

// window finds a named window of the scope's query block.
func (sc *scope) window(name string) *ast.WindowSpec {
	for s := sc; s != nil; s = s.parent {
		for i := range s.windows {
			if s.windows[i].Name.L == name {
				return &s.windows[i]
			}
		}
	}
	return nil
}

// subquery binds a subquery used as a value: its output columns flow
// into the expression, its own filters influence the enclosing rows.
func (b *binder) subquery(n *ast.SubqueryExpr, sc *scope, ctx exprCtx, out *exprOut) {
	rel := b.query(n.Query, sc, sc.ctes)
	if rel == nil {
		return
	}
	if n.Exists {
		// EXISTS asks only whether the subquery yields a row: its select
		// list decides nothing, and whatever decides that a row exists
		// (its filters, joins, grouping, the outer columns it correlates
		// on) decides the predicate, as one influence of the context:
		// CONDITIONAL in a CASE condition or as a value, FILTER in a
		// WHERE, JOIN in an ON.
		ctx = ctx.influence(Conditional)
		for _, o := range rel.rowInfluence {
			o.indirect, o.masking = false, false
			out.add(o, ctx)
		}
		return
	}
	for i := range rel.cols {
		for _, o := range rel.cols[i].origins {
			out.add(o, ctx)
		}
		out.unres = append(out.unres, rel.cols[i].unres...)
	}
	// The subquery's own joins and filters decide the value it yields, not
	// which rows the enclosing block has: they stay with the expression
	// (per-column INDIRECT edges), or become the clause's influence when
	// the expression is itself a WHERE/HAVING/JOIN condition. The ORDER BY
	// of a subquery limited to one row (LIMIT 1, TOP 1) picks that row, as
	// a filter does, and orders nothing of the value; elsewhere it orders
	// the rows the value is made of (ARRAY(SELECT .. ORDER BY y)).
	one := oneRow(n.Query)
	for _, o := range rel.rowInfluence {
		if one && o.indirect && o.sub == Sort {
			o.sub = Filter
		}
		out.add(o, ctx)
	}
}

// oneRow reports whether query q is limited to one row by a constant
// LIMIT 1 (TOP 1 and FETCH FIRST ROW ONLY arrive as one).
func oneRow(q ast.ResultSetNode) bool {
	var l *ast.Limit
	switch s := q.(type) {
	case *ast.SelectStmt:
		l = s.Limit
	case *ast.SetOprStmt:
		l = s.Limit
	}
	if l == nil || l.Count == nil || l.Offset != nil {
		return false
	}
	v, ok := l.Count.(ast.ValueExpr)
	if !ok {
		return false
	}
	switch c := v.GetValue().(type) {
	case uint64:
		return c == 1
	case int64:
		return c == 1
	}
	return false
}

// childWalker visits the direct expression children of one node.
type childWalker struct {
	b    *binder
	root ast.Node
	sc   *scope
	ctx  exprCtx
	out  *exprOut
}

func (w *childWalker) Enter(n ast.Node) (ast.Node, bool) {
	if n == w.root {
		return n, false
	}
	switch c := n.(type) {
	case ast.ExprNode:
		w.b.expr(c, w.sc, w.ctx, w.out)
		return n, true
	case ast.ResultSetNode, ast.StmtNode:
		return n, true
	}
	return n, false
}

func (w *childWalker) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// children walks the expression children of a node kind the binder does
// not handle itself (operators, comparisons, IN lists, ...).
func (b *binder) children(e ast.ExprNode, sc *scope, ctx exprCtx, out *exprOut) {
	var w *childWalker
	if b.depth < len(b.walkerBuf) {
		w = &b.walkerBuf[b.depth]
		w.b = b
	} else {
		for len(b.walkers) <= b.depth-len(b.walkerBuf) {
			b.walkers = append(b.walkers, &childWalker{b: b})
		}
		w = b.walkers[b.depth-len(b.walkerBuf)]
	}
	b.depth++
	saved := *w
	w.root, w.sc, w.ctx, w.out = e, sc, ctx, out
	e.Accept(w)
	*w = saved
	b.depth--
}

// columnRef decodes a column reference like sqlparse's ColumnName, into
// buf, and with only the start of its span (the binder needs no more):
// column references are the most frequent names, and this costs no
// allocation for the usual short ones.
func (b *binder) columnRef(cn *ast.ColumnName, buf []sqlparse.Ident) sqlparse.Name {
	return b.nameRef(buf, cn.Schema.O, cn.Table.O, cn.Name.O)
}

// tableRef is columnRef for a table name.
func (b *binder) tableRef(tn *ast.TableName, buf []sqlparse.Ident) sqlparse.Name {
	return b.nameRef(buf, "", tn.Schema.O, tn.Name.O)
}

// nameRef decodes the raw parts of a dotted name as TiDB split it (empty
// ones skipped) into buf; the span's start is that of sqlparse's
// ColumnName and TableName, its end is left unset.
func (b *binder) nameRef(buf []sqlparse.Ident, r0, r1, r2 string) sqlparse.Name {
	out := sqlparse.Name{Parts: buf}
	haveEnd := false
	for _, raw := range [3]string{r0, r1, r2} {
		if raw == "" {
			continue
		}
		first := len(out.Parts) == 0
		var span sqlparse.Span
		out.Parts, span = b.st.AppendName(out.Parts, raw)
		switch {
		case first:
			out.Span.Start = span.Start
			haveEnd = span.End.Offset != 0
		case span.End.Offset != 0 && !haveEnd:
			out.Span.Start = span.Start
			haveEnd = true
		}
	}
	return out
}

// columnLast is the folded last part of a column reference (its column
// name), "" when it has none.
func (b *binder) columnLast(cn *ast.ColumnName) string {
	if cn == nil {
		return ""
	}
	if cn == b.lastRef {
		// A select field that is a bare column, just bound.
		return b.lastCol
	}
	var buf [4]sqlparse.Ident
	n := b.columnRef(cn, buf[:0])
	if len(n.Parts) == 0 {
		return ""
	}
	return b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn)
}

// bindColumn binds a column reference to its source and adds its origins.
func (b *binder) bindColumn(cn *ast.ColumnName, sc *scope, ctx exprCtx, out *exprOut) {
	if cn == nil {
		return
	}
	var buf [4]sqlparse.Ident
	name := b.columnRef(cn, buf[:0])
	if len(name.Parts) == 0 {
		return
	}
	col := b.p.Fold(name.Parts[len(name.Parts)-1], PartColumn)
	if len(name.Parts) == 1 && sessionVariable(col) {
		return // Snowflake $v: a session variable's value, no column
	}
	b.lastRef, b.lastCol = cn, col
	pos := name.Span.Start
	if pos.Line == 0 {
		// A plain name has no span of its own: point at its select field.
		pos = b.pos(b.fieldOffset)
	}
	if len(name.Parts) > 1 {
		var qbuf [3]string
		qual := qbuf[:0]
		for _, id := range name.Parts[:len(name.Parts)-1] {
			qual = append(qual, b.p.Fold(id, PartTable))
		}
		for s := sc; s != nil; s = s.parent {
			if src := s.qualified(qual, &b.steps); src != nil {
				if elem := b.elementField(src, name, col); elem != "" {
					// UNNEST(xs) AS x: x.f is field f of the element x
					b.fromSource(src, elem, pos, ctx.transformed(), out)
					return
				}
				b.fromSource(src, col, pos, ctx, out)
				return
			}
		}
		if b.fieldPath(name, sc, pos, ctx, out) {
			return
		}
		b.warn(WarnUnknownColumn, pos, "no table %s in scope for column %s", strings.Join(qual, "."), col)
		out.unres = append(out.unres, unresolved{name: col, pos: pos})
		return
	}
	if col == "*" {
		// f(*) (Snowflake HASH(*), OBJECT_CONSTRUCT(*)): every column of
		// the block's sources
		for s := sc; s != nil; s = s.parent {
			if len(s.sources) > 0 {
				for _, src := range s.sources {
					b.rowValue(src, pos, ctx, out)
				}
				return
			}
		}
	}
	for s := sc; s != nil; s = s.parent {
		if srcs, ok := s.using[col]; ok {
			for _, src := range srcs {
				b.fromSource(src, col, pos, ctx, out)
			}
			return
		}
		var cbuf, pbuf [8]*source
		certain, possible := cbuf[:0], pbuf[:0]
		for _, src := range s.sources {
			if _, ok := src.rel.lookup(col); ok {
				certain = append(certain, src)
			} else if !src.rel.known || len(src.rel.open) > 0 {
				possible = append(possible, src)
			}
		}
		if len(certain) == 0 && (b.s.vars[col] || sqlparse.IsNiladic(col) && !name.Parts[0].Quoted) {
			return // a DECLAREd script variable or SYSDATE: a value, no column
		}
		if len(certain) == 0 && len(possible) == 0 {
			if src, name := anyCaseSource(s, col); src != nil {
				b.warn(WarnUnknownColumn, pos, "column %s matches %s of %s only ignoring case", col, name, src.alias)
				b.fromSource(src, name, pos, ctx, out)
				return
			}
			if len(s.sources) == 1 {
				// $n over the one FROM item: its n-th column
				if name, ok := b.positional(s.sources[0], col); ok {
					b.fromSource(s.sources[0], name, pos, ctx, out)
					return
				}
			}
		}
		if len(certain) == 0 && len(possible) == 1 && s.aliases != nil && b.p.LateralAliases() {
			// An earlier output column of that name (SUM(x) AS gb, gb / n
			// AS r FROM t) where only sources of unknown columns may have
			// it: a source's own column wins, so the name stays the
			// source's, but it may well be the alias: warned.
			if i, ok := s.aliases.lookup(col); ok && i < s.aliasLimit && !passesThrough(&s.aliases.cols[i], possible[0], col) {
				b.warn(WarnAmbiguousColumn, pos, "column %s is taken to be a table's, but an earlier output column has that name", col)
			}
		}
		switch {
		case len(certain) == 1:
			b.fromSource(certain[0], col, pos, ctx, out)
			return
		case len(certain) > 1:
			b.ambiguous(col, pos, certain, out, nil)
			return
		case len(possible) == 1:
			if o := knownIn(s.parent, col); o != nil {
				// a table of unknown columns inside a query whose outer
				// source has the column: a correlated reference, or the
				// table's own column (SQL's reading, kept)
				inner := possible[0].alias
				if ds := possible[0].datasets(); len(ds) > 0 {
					inner = ds[0].QualifiedName()
				}
				b.warn(WarnAmbiguousColumn, pos, "column %s may be %s's or the outer query's %s.%s", col, inner, o.alias, col)
			}
			b.fromSource(possible[0], col, pos, ctx, out)
			return
		}
		if len(possible) > 1 {
			b.ambiguous(col, pos, possible, out, s)
			return
		}
		// A lateral column alias (an earlier output column of the block),
		// where the platform has them, and only when no source may have
		// the name.
		if s.aliases != nil && (b.p.LateralAliases() || s.aliasesAlways) {
			if i, ok := s.aliases.lookup(col); ok && i < s.aliasLimit {
				out.addRelCol(&s.aliases.cols[i], ctx)
				return
			}
		}
		// An UNNEST without an alias here has struct elements whose
		// fields are columns: a name no source here has is one of them,
		// not a column an outer table of unknown columns may have (one
		// known to have it keeps it).
		if s.parent != nil && hasElements(s) && !certainIn(s.parent, col) && b.elementSource(s, col, pos, ctx, out) {
			return
		}
	}
	// a name no source has a column of, that names a source: the row
	// (BigQuery TO_JSON_STRING(t), Postgres row_to_json(t), f(t.*))
	tbl := [1]string{b.p.Fold(name.Parts[0], PartTable)}
	for s := sc; s != nil; s = s.parent {
		if src := s.qualified(tbl[:], &b.steps); src != nil {
			b.rowValue(src, pos, ctx, out)
			return
		}
	}
	if b.elementSource(sc, col, pos, ctx, out) {
		return
	}
	b.warn(WarnUnknownColumn, pos, "column %s is not in any table in scope", col)
	out.unres = append(out.unres, unresolved{name: col, pos: pos})
}

// passesThrough reports whether output column rc is src's own column col
// unchanged (SELECT x .. GROUP BY x, SELECT x, f(x) over a table of unknown
// columns): reading col as that output column or as src's column is the
// same, so there is nothing to warn of.
func passesThrough(rc *relCol, src *source, col string) bool {
	if len(rc.origins) != 1 || len(rc.unres) > 0 {
		return false
	}
	o := rc.origins[0]
	if o.indirect || o.sub != Identity || o.name != col || o.ds == nil {
		return false
	}
	switch rel := src.rel; {
	case rel.base != nil && !rel.known:
		return *o.ds == *rel.base
	case len(rel.open) == 1:
		return *o.ds == rel.open[0]
	}
	return false
}

// anyCaseSource returns the one source of scope s, and its column, whose
// column equals col ignoring case: a quoted "TotalPrice" or "totalprice"
// against a catalog that folded the name to TOTALPRICE. Only sources whose
// columns are all known are asked; nil when none or several match.
func anyCaseSource(s *scope, col string) (*source, string) {
	var found *source
	var name string
	for _, src := range s.sources {
		if !src.rel.known || len(src.rel.open) > 0 {
			continue
		}
		if i, ok := src.rel.lookupAnyCase(col); ok {
			if found != nil {
				return nil, ""
			}
			found, name = src, src.rel.cols[i].name
		}
	}
	return found, name
}

// rowValue adds every column of src, the row a bare alias (or a star in a
// function's arguments) stands for, to out as transformed.
func (b *binder) rowValue(src *source, pos sqlparse.Pos, ctx exprCtx, out *exprOut) {
	ctx = ctx.transformed()
	if len(src.rel.cols) == 0 {
		b.fromSource(src, "*", pos, ctx, out)
		return
	}
	for i := range src.rel.cols {
		b.fromSource(src, src.rel.cols[i].name, pos, ctx, out)
	}
}

// knownIn returns a source of sc or a scope around it that has column col
// for certain, or nil.
func knownIn(sc *scope, col string) *source {
	for s := sc; s != nil; s = s.parent {
		if srcs := s.using[col]; len(srcs) > 0 {
			return srcs[0]
		}
		for _, src := range s.sources {
			if _, ok := src.rel.lookup(col); ok {
				return src
			}
		}
	}
	return nil
}

// hasElements reports whether scope s has an UNNEST without an alias.
func hasElements(s *scope) bool {
	for _, src := range s.sources {
		if src.elements {
			return true
		}
	}
	return false
}

// certainIn reports whether a source of scope sc or an outer one is known
// to have column col, or a USING clause names it (even one whose sides are
// not known to have it, where knownIn finds no source).
func certainIn(sc *scope, col string) bool {
	for s := sc; s != nil; s = s.parent {
		if _, ok := s.using[col]; ok {
			return true
		}
		for _, src := range s.sources {
			if _, ok := src.rel.lookup(col); ok {
				return true
			}
		}
	}
	return false
}

// elementSource binds a name no source has to the innermost BigQuery
// UNNEST without an alias in scope: the fields of its struct elements are
// columns (UNNEST(event_params) gives key and value), so the name is a
// field of the array. It reports whether there is one.
func (b *binder) elementSource(sc *scope, col string, pos sqlparse.Pos, ctx exprCtx, out *exprOut) bool {
	for s := sc; s != nil; s = s.parent {
		for _, src := range s.sources {
			if src.elements {
				b.fromSource(src, src.rel.cols[0].name, pos, ctx.transformed(), out)
				return true
			}
		}
	}
	return false
}

// elementField returns the column of src that a qualified name q.f means
// when src is a derived table (an UNNEST, a table function) without column
// f but with a column named q itself: BigQuery's and Trino's UNNEST(xs) AS
// x names both the row and its element, and x.f is a field of the element.
// It returns "" otherwise.
func (b *binder) elementField(src *source, name sqlparse.Name, col string) string {
	rel := src.rel
	if len(name.Parts) != 2 || rel.base != nil || !rel.known {
		return ""
	}
	if _, ok := rel.lookup(col); ok {
		return ""
	}
	elem := b.p.Fold(name.Parts[0], PartColumn)
	if _, ok := rel.lookup(elem); !ok {
		return ""
	}
	return elem
}

// ambiguous records an unqualified column that more than one source may
// have. When sc is given and srcs are all of its sources of unknown
// columns, the candidate list is shared across the scope's references.
func (b *binder) ambiguous(col string, pos sqlparse.Pos, srcs []*source, out *exprOut, sc *scope) {
	var cands []Dataset
	if sc != nil && sc.openCands != nil && sc.openCount == len(srcs) {
		cands = sc.openCands
	} else {
		cands = make([]Dataset, 0, len(srcs))
		for _, s := range srcs {
			cands = append(cands, s.datasets()...)
		}
		if sc != nil {
			n := 0
			for _, s := range sc.sources {
				if !s.rel.known || len(s.rel.open) > 0 {
					n++
				}
			}
			if n == len(srcs) {
				sc.openCands, sc.openCount = cands, n
			}
		}
	}
	var buf [96]byte
	msg := append(buf[:0], "column "...)
	msg = append(msg, col...)
	msg = append(msg, " may come from any of "...)
	msg = strconv.AppendInt(msg, int64(len(cands)), 10)
	msg = append(msg, " tables"...)
	b.warnMsg(WarnAmbiguousColumn, pos, string(msg))
	out.addUnresolved(unresolved{name: col, candidates: cands, pos: pos})
}

// datasets are the base datasets a source may take an unknown column from.
func (s *source) datasets() []Dataset {
	if s.rel.base != nil && !s.rel.known {
		return []Dataset{*s.rel.base}
	}
	if s.rel.base != nil {
		return []Dataset{*s.rel.base}
	}
	return s.rel.open
}

// fromSource adds the origins of column col of src.
func (b *binder) fromSource(src *source, col string, pos sqlparse.Pos, ctx exprCtx, out *exprOut) {
	rel := src.rel
	if i, ok := rel.lookup(col); ok {
		rc := &rel.cols[i]
		for _, o := range rc.origins {
			out.add(o, ctx)
			if rel.base != nil {
				b.readRef(o.ds, o.name)
			}
		}
		out.unres = append(out.unres, rc.unres...)
		return
	}
	if rel.known && len(rel.open) == 0 {
		if i, ok := rel.lookupAnyCase(col); ok {
			b.warn(WarnUnknownColumn, pos, "column %s matches %s of %s only ignoring case", col, rel.cols[i].name, src.alias)
			b.fromSource(src, rel.cols[i].name, pos, ctx, out)
			return
		}
	}
	if name, ok := b.positional(src, col); ok {
		b.fromSource(src, name, pos, ctx, out)
		return
	}
	switch {
	case rel.anyCol && len(rel.cols) > 0:
		// computed by the function from its input: a transformation
		for _, o := range rel.cols[0].origins {
			out.add(o, ctx.transformed())
		}
		out.unres = append(out.unres, rel.cols[0].unres...)
	case rel.base != nil && !rel.known:
		b.readRef(rel.base, col)
		out.add(origin{ds: rel.base, name: col}, ctx)
	case len(rel.open) == 1:
		// A copy: open lists are appended to, and may share arrays.
		ds := new(Dataset)
		*ds = rel.open[0]
		b.readRef(ds, col)
		out.add(origin{ds: ds, name: col}, ctx)
	case len(rel.open) > 1 && rel.openAll:
		for i := range rel.open {
			ds := new(Dataset)
			*ds = rel.open[i]
			b.readRef(ds, col)
			out.add(origin{ds: ds, name: col}, ctx)
		}
	case len(rel.open) > 1:
		names := make([]string, len(rel.open))
		for i, d := range rel.open {
			names[i] = d.QualifiedName()
		}
		b.warn(WarnAmbiguousColumn, pos, "column %s may come from any of %s", col, strings.Join(names, ", "))
		out.unres = append(out.unres, unresolved{name: col, candidates: rel.open, pos: pos})
	case rel.base != nil:
		b.warn(WarnUnknownColumn, pos, "catalog has no column %s in %s", col, rel.base.QualifiedName())
		b.readRef(rel.base, col)
		out.add(origin{ds: rel.base, name: col}, ctx)
	default:
		if i := rel.onlyStar(); i >= 0 && len(rel.open) == 0 {
			// the relation's one `*` is a value whose fields are unknown
			// (f(x).*): a name it does not list can only be one of them,
			// computed from what the value reads
			b.warn(WarnUnknownColumn, pos, "column %s is taken to be a field of %s's unexpanded value", col, src.alias)
			rc := &rel.cols[i]
			for _, o := range rc.origins {
				out.add(o, ctx.transformed())
			}
			out.unres = append(out.unres, rc.unres...)
			return
		}
		b.warn(WarnUnknownColumn, pos, "column %s is not an output of %s", col, src.alias)
		out.unres = append(out.unres, unresolved{name: col, pos: pos})
	}
}

// onlyStar returns the index of the relation's one `*` column, or -1 when
// it has none or several.
func (r *relation) onlyStar() int {
	at := -1
	for i := range r.cols {
		if r.cols[i].star {
			if at >= 0 {
				return -1
			}
			at = i
		}
	}
	return at
}

// fieldPath binds a dotted name that names no table's column as a field
// of a struct or semi-structured column (BigQuery a.b.c, Snowflake v.f):
// the longest qualifier that names a source takes the next part as its
// column; else the first part is a column of a source in scope. The field
// is a TRANSFORMATION of its column.
func (b *binder) fieldPath(name sqlparse.Name, sc *scope, pos sqlparse.Pos, ctx exprCtx, out *exprOut) bool {
	n := len(name.Parts)
	for k := n - 2; k >= 1; k-- {
		qual := make([]string, k)
		for i, id := range name.Parts[:k] {
			qual[i] = b.p.Fold(id, PartTable)
		}
		for s := sc; s != nil; s = s.parent {
			if src := s.qualified(qual, &b.steps); src != nil {
				col := b.p.Fold(name.Parts[k], PartColumn)
				if k+2 == n && b.structs && b.fromField(src, col, b.p.Fold(name.Parts[k+1], PartColumn), ctx.transformed(), out) {
					return true
				}
				if k == 1 {
					// UNNEST(xs) AS x: x.f.g is a field of the element x
					if elem := b.elementField(src, sqlparse.Name{Parts: name.Parts[:2]}, col); elem != "" {
						col = elem
					}
				}
				b.fromSource(src, col, pos, ctx.transformed(), out)
				return true
			}
		}
	}
	col := b.p.Fold(name.Parts[0], PartColumn)
	for s := sc; s != nil; s = s.parent {
		var found *source
		for _, src := range s.sources {
			if _, ok := src.rel.lookup(col); ok {
				if found != nil {
					return false
				}
				found = src
			}
		}
		if found != nil {
			if n == 2 && b.structs && b.fromField(found, col, b.p.Fold(name.Parts[1], PartColumn), ctx.transformed(), out) {
				return true
			}
			b.fromSource(found, col, pos, ctx.transformed(), out)
			return true
		}
	}
	if !dottedFields(b.p) {
		return b.elementSource(sc, col, pos, ctx, out)
	}
	// No source is known to have the column: the innermost scope with an
	// UNNEST without an alias (a field of its elements) or with sources
	// of unknown columns (one binds, several are ambiguous) has it.
	for s := sc; s != nil; s = s.parent {
		var pbuf [4]*source
		possible := pbuf[:0]
		for _, src := range s.sources {
			if src.elements {
				return b.elementSource(s, col, pos, ctx, out)
			}
			if !src.rel.known || len(src.rel.open) > 0 {
				possible = append(possible, src)
			}
		}
		switch {
		case len(possible) == 1:
			b.fromSource(possible[0], col, pos, ctx.transformed(), out)
			return true
		case len(possible) > 1:
			b.ambiguous(col, pos, possible, out, nil)
			return true
		}
	}
	return false
}

// dottedFields reports whether the platform reads a.b, where no table a
// is in scope, as field b of a struct column a (BigQuery, Spark, Trino,
// Redshift's SUPER, DuckDB); elsewhere it names a missing table.
func dottedFields(p Platform) bool {
	switch p {
	case BigQuery, Hive, Trino, Redshift, DuckDB:
		return true
	}
	return false
}

// positional resolves Snowflake's positional column reference $n against
// src: the name of src's n-th column, where the columns up to it are known
// (VALUES, a subquery, a table the catalog knows). A table of unknown
// columns, or a stage file, keeps $n as its column's name.
func (b *binder) positional(src *source, col string) (string, bool) {
	if b.p != Snowflake || len(col) < 2 || col[0] != '$' || sessionVariable(col) {
		return "", false
	}
	n := 0
	for i := 1; i < len(col); i++ {
		n = n*10 + int(col[i]-'0')
		if n > len(src.rel.cols) {
			return "", false
		}
	}
	if n < 1 {
		return "", false
	}
	for _, c := range src.rel.cols[:n] {
		if c.star {
			return "", false
		}
	}
	name := src.rel.cols[n-1].name
	if name == col {
		return "", false
	}
	return name, true
}

// sessionVariable reports whether a column name is a Snowflake session
// variable ($name), not a stage file's positional column ($1).
func sessionVariable(col string) bool {
	if len(col) < 2 || col[0] != '$' {
		return false
	}
	for i := 1; i < len(col); i++ {
		if col[i] < '0' || col[i] > '9' {
			return true
		}
	}
	return false
}
