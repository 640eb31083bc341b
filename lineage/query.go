package lineage

import (
	"sort"
	"strconv"
	"strings"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// maxDepth bounds nesting of query blocks where Limits.Depth is off, so
// hostile input cannot exhaust the stack; otherwise the limit, checked on
// the tree before binding, bounds it (a LimitError, not a warning).
const maxDepth = 10000

// query binds a query (SELECT, set operation, VALUES) whose correlated
// names resolve in parent, and returns its relation.
func (b *binder) query(n ast.Node, parent *scope, ctes *cteFrame) *relation {
	b.qdepth++
	defer func() { b.qdepth-- }()
	if b.qdepth > maxDepth && b.qdepth > 2*b.s.a.limits.Depth {
		b.warn(WarnUnsupported, b.st.Span.Start, "query nested too deeply")
		return &relation{}
	}
	switch q := n.(type) {
	case *ast.SelectStmt:
		return b.selectBlock(q, parent, ctes)
	case *ast.SetOprStmt:
		ctes = b.with(q.With, parent, ctes)
		rel := b.setOprList(q.SelectList, parent, ctes)
		b.orderOutput(q.OrderBy, rel, parent, ctes)
		return rel
	case *ast.SetOprSelectList:
		return b.setOprList(q, parent, ctes)
	case *ast.SubqueryExpr:
		return b.query(q.Query, parent, ctes)
	case *ast.TableSource:
		sc := &scope{parent: parent, ctes: ctes}
		b.from(q, sc)
		rel := &relation{known: true}
		for _, src := range sc.sources {
			rel.cols = append(rel.cols, src.rel.cols...)
			rel.open = append(rel.open, src.rel.open...)
		}
		rel.rowInfluence = sc.influence
		return rel
	case nil:
		return &relation{}
	}
	b.warn(WarnUnsupported, b.st.Span.Start, "query of kind %T", n)
	return &relation{}
}

// with binds a WITH clause and returns the frame its CTEs are visible in.
func (b *binder) with(w *ast.WithClause, parent *scope, ctes *cteFrame) *cteFrame {
	if w == nil || len(w.CTEs) == 0 {
		return ctes
	}
	f := &cteFrame{parent: ctes, names: make(map[string]*relation, len(w.CTEs))}
	for _, cte := range w.CTEs {
		name := b.p.Fold(b.ident(cte.Name.O), PartTable)
		var q ast.Node
		if cte.Query != nil {
			q = cte.Query.Query
		}
		if w.IsRecursive || cte.IsRecursive {
			// The anchor (first branch) gives the recursive reference its
			// columns; then the whole query is bound.
			if so, ok := q.(*ast.SetOprStmt); ok && so.SelectList != nil && len(so.SelectList.Selects) > 0 {
				anchor := b.query(so.SelectList.Selects[0], nil, f)
				f.names[name] = b.renameCols(anchor, cte.ColNameList)
			}
		}
		rel := b.query(q, nil, f)
		f.names[name] = b.renameCols(rel, cte.ColNameList)
	}
	return f
}

// renameCols applies a column list (CTE, derived table alias, view).
// Names match columns by position. Over a `*` of unknown width (a table
// the catalog does not know) positions past the `*` are not known: a list
// long enough to leave the `*` at least one column is taken to name every
// column (the names at the `*` are each some column of its table, the
// last ones the columns after it); a shorter one names the `*`'s columns.
// Either way the guess is warned about.
func (b *binder) renameCols(rel *relation, names []ast.CIStr) *relation {
	if len(names) == 0 || rel == nil {
		return rel
	}
	out := *rel
	star := -1
	for i := range rel.cols {
		if rel.cols[i].star {
			star = i
			break
		}
	}
	if star < 0 || len(names) <= star {
		out.cols = make([]relCol, len(rel.cols))
		copy(out.cols, rel.cols)
		for i := range out.cols {
			if i < len(names) {
				out.cols[i].name = b.colName(names[i].O)
				out.cols[i].star = false
			}
		}
		return &out
	}
	after := rel.cols[star+1:]
	width := len(names) - star - len(after)
	for i := range after {
		if after[i].star {
			width = 0 // two stars: their widths cannot be told apart
		}
	}
	starCol := func(name ast.CIStr) relCol {
		c := rel.cols[star]
		c.name, c.star = b.colName(name.O), false
		return c
	}
	out.cols = make([]relCol, 0, len(names)+len(after)+1)
	out.cols = append(out.cols, rel.cols[:star]...)
	for i := range out.cols {
		out.cols[i].name = b.colName(names[i].O)
	}
	if width >= 1 {
		b.warn(WarnStarUnexpanded, b.st.Span.Start, "column list of %d names over * of unknown width: taken to name every column", len(names))
		for _, n := range names[star : star+width] {
			out.cols = append(out.cols, starCol(n))
		}
		for i, c := range after {
			c.name = b.colName(names[star+width+i].O)
			out.cols = append(out.cols, c)
		}
		out.open, out.openAll, out.known = nil, false, true
		return &out
	}
	b.warn(WarnStarUnexpanded, b.st.Span.Start, "column list of %d names over * of unknown width: taken to name columns of the *", len(names))
	for _, n := range names[star:] {
		out.cols = append(out.cols, starCol(n))
	}
	out.cols = append(out.cols, rel.cols[star:]...)
	return &out
}

// setOprList binds UNION / INTERSECT / EXCEPT: columns are matched by
// position and named by the first branch.
func (b *binder) setOprList(l *ast.SetOprSelectList, parent *scope, ctes *cteFrame) *relation {
	if l == nil {
		return &relation{}
	}
	ctes = b.with(l.With, parent, ctes)
	var out *relation
	allStars := len(l.Selects) > 1
	for _, sel := range l.Selects {
		r := b.query(sel, parent, ctes)
		if len(r.cols) != 1 || !r.cols[0].star || len(r.open) != 1 {
			allStars = false
		}
		if out == nil {
			cp := *r
			cp.cols = append([]relCol(nil), r.cols...)
			for i := range cp.cols {
				cp.cols[i].origins = append([]origin(nil), cp.cols[i].origins...)
			}
			out = &cp
			continue
		}
		if isExcept(sel) {
			// a EXCEPT b: b's rows only take rows out, none of its values
			// is in the result: its columns filter it
			for _, c := range r.cols {
				for _, o := range c.origins {
					if !o.indirect {
						o.indirect, o.sub, o.masking = true, Filter, false
					}
					b.addOriginTo(&out.rowInfluence, o)
				}
			}
			for _, o := range r.rowInfluence {
				b.addOriginTo(&out.rowInfluence, o)
			}
			continue
		}
		if byName(sel) && !hasStar(r) && !hasStar(out) {
			b.mergeByName(out, r)
			continue
		}
		if len(r.cols) != len(out.cols) && !hasStar(r) && !hasStar(out) {
			b.warn(WarnColumnCount, b.st.Span.Start, "set operation branches have %d and %d columns", len(out.cols), len(r.cols))
		}
		for i := 0; i < len(r.cols) && i < len(out.cols); i++ {
			for _, o := range r.cols[i].origins {
				b.addOriginTo(&out.cols[i].origins, o)
			}
			out.cols[i].unres = append(out.cols[i].unres, r.cols[i].unres...)
		}
		// A `*` over an unknown table swallows the rest of the branch.
		if hasStar(out) && len(r.cols) > len(out.cols) {
			last := &out.cols[len(out.cols)-1]
			for _, c := range r.cols[len(out.cols):] {
				for _, o := range c.origins {
					b.addOriginTo(&last.origins, o)
				}
			}
		}
		out.open = append(out.open, r.open...)
		for _, o := range r.rowInfluence {
			b.addOriginTo(&out.rowInfluence, o)
		}
	}
	if out == nil {
		out = &relation{}
	}
	out.openAll = allStars
	b.orderOutput(l.OrderBy, out, parent, ctes)
	return out
}

// isExcept reports whether a set operation's branch follows EXCEPT (or
// MINUS, which the parser reads as EXCEPT).
func isExcept(n ast.Node) bool {
	var op *ast.SetOprType
	switch x := n.(type) {
	case *ast.SelectStmt:
		op = x.AfterSetOperator
	case *ast.SetOprSelectList:
		op = x.AfterSetOperator
	}
	return op != nil && (*op == ast.Except || *op == ast.ExceptAll)
}

// byName reports whether a set operation's branch matches its columns by
// name (UNION BY NAME), in brackets or not.
func byName(n ast.Node) bool {
	for {
		switch x := n.(type) {
		case *ast.SelectStmt:
			return sqlparse.ByName(x)
		case *ast.SetOprSelectList:
			if len(x.Selects) != 1 {
				return false
			}
			n = x.Selects[0]
		case *ast.SetOprStmt:
			if x.SelectList == nil || len(x.SelectList.Selects) != 1 {
				return false
			}
			n = x.SelectList.Selects[0]
		default:
			return false
		}
	}
}

// mergeByName adds branch r of UNION BY NAME to out: each column to the
// output column of its name, a column no earlier branch has as a new one
// (NULL in the earlier branches).
// foldCol adds c's origins and unresolved references to dst, a column
// that stands for c among others (matched by name).
func (b *binder) foldCol(dst, c *relCol) {
	for _, o := range c.origins {
		b.addOriginTo(&dst.origins, o)
	}
	dst.unres = append(dst.unres, c.unres...)
}

func (b *binder) mergeByName(out, r *relation) {
	for i := range r.cols {
		c := &r.cols[i]
		k, ok := out.lookup(c.name)
		if !ok {
			out.cols = append(out.cols, relCol{name: c.name, span: c.span})
			k = len(out.cols) - 1
		}
		b.foldCol(&out.cols[k], c)
	}
	out.open = append(out.open, r.open...)
	for _, o := range r.rowInfluence {
		b.addOriginTo(&out.rowInfluence, o)
	}
}

func hasStar(r *relation) bool {
	for i := range r.cols {
		if r.cols[i].star {
			return true
		}
	}
	return false
}

// orderOutput adds an ORDER BY over a query's output columns.
func (b *binder) orderOutput(ob *ast.OrderByClause, rel *relation, parent *scope, ctes *cteFrame) {
	if ob == nil {
		return
	}
	sc := &scope{parent: parent, ctes: ctes, aliases: rel, aliasLimit: len(rel.cols), aliasesAlways: true}
	sc.sources = []*source{{rel: rel}}
	for _, it := range ob.Items {
		b.clause(it.Expr, sc, Sort, rel)
	}
	for _, o := range sc.influence {
		b.addOriginTo(&rel.rowInfluence, o)
	}
}

// newBlock allocates a query block's scope and output relation together,
// with room for the output columns when the select list is short (n
// fields); else out.cols is nil.
func newBlock(n int) (*scope, *relation) {
	switch {
	case n > 0 && n <= 2:
		blk := &struct {
			sc   scope
			out  relation
			cols [2]relCol
		}{out: relation{known: true}}
		blk.out.cols = blk.cols[:0:n]
		return &blk.sc, &blk.out
	case n > 0 && n <= 4:
		blk := &struct {
			sc   scope
			out  relation
			cols [4]relCol
		}{out: relation{known: true}}
		blk.out.cols = blk.cols[:0:n]
		return &blk.sc, &blk.out
	}
	blk := &struct {
		sc  scope
		out relation
	}{out: relation{known: true}}
	return &blk.sc, &blk.out
}

// selectBlock binds one SELECT.
func (b *binder) selectBlock(sel *ast.SelectStmt, parent *scope, ctes *cteFrame) *relation {
	ctes = b.with(sel.With, parent, ctes)
	nf := 0
	if sel.Fields != nil {
		nf = len(sel.Fields.Fields)
	}
	sc, out := newBlock(nf)
	*sc = scope{parent: parent, ctes: ctes, windows: sel.WindowSpecs}
	if sel.Kind == ast.SelectStmtKindValues || (sel.Fields == nil && len(sel.Lists) > 0) {
		return b.values(sel.Lists, sc)
	}
	if sel.From != nil && sel.From.TableRefs != nil {
		b.from(sel.From.TableRefs, sc)
	}
	if sel.Fields != nil && out.cols == nil {
		out.cols = make([]relCol, 0, nf)
	}
	sc.aliases = out
	if sel.Fields == nil && sel.Kind == ast.SelectStmtKindTable {
		// TABLE t is SELECT * FROM t.
		b.star(&ast.SelectField{WildCard: &ast.WildCardField{}}, sc, out)
	}
	if sel.Fields != nil {
		anon := 0 // BigQuery's unnamed output columns so far
		for _, f := range sel.Fields.Fields {
			if b.stopped() {
				break
			}
			if f.Auxiliary {
				continue
			}
			if f.WildCard != nil {
				b.star(f, sc, out)
				sc.aliasLimit = len(out.cols)
				continue
			}
			if mod, ok := b.st.ValueStar(f); ok {
				b.valueStar(f, mod, sc, out)
				sc.aliasLimit = len(out.cols)
				continue
			}
			eo := b.newOut()
			savedField := b.fieldOffset
			b.fieldOffset = f.Offset
			b.expr(f.Expr, sc, exprCtx{}, eo)
			b.fieldOffset = savedField
			out.cols = append(out.cols, relCol{
				name: b.outputName(f, &anon), origins: eo.origins, unres: eo.unres, span: b.fieldSpan(f),
				fields: b.structFields(f.Expr, sc, eo.origins),
			})
			b.freeOut(eo)
			sc.aliasLimit = len(out.cols)
		}
	}
	// Clauses: WHERE and HAVING filter, GROUP BY groups, ORDER BY sorts.
	// GROUP BY and HAVING may name output columns where no source has them;
	// ORDER BY prefers output columns.
	saved := sc.aliases
	if !b.p.WhereAliases() {
		sc.aliases = nil
	}
	b.clause(sel.Where, sc, Filter, nil)
	sc.aliases = saved
	sc.aliasesAlways = true
	if sel.GroupBy != nil {
		for _, it := range sel.GroupBy.Items {
			b.clause(it.Expr, sc, GroupBy, out)
		}
	}
	if sel.Having != nil {
		b.clause(sel.Having.Expr, sc, Filter, out)
	}
	if sel.OrderBy != nil {
		for _, it := range sel.OrderBy.Items {
			b.clause(it.Expr, sc, Sort, out)
		}
	}
	for _, o := range sc.influence {
		b.addOriginTo(&out.rowInfluence, o)
	}
	if sel.SelectIntoOpt != nil && sel.SelectIntoOpt.FileName != "" && b.res.Target == nil {
		// SELECT .. INTO OUTFILE: the file is the target.
		loc := Location(sel.SelectIntoOpt.FileName)
		b.write(loc, outputNames(out), out)
	}
	return out
}

// clause binds a WHERE/GROUP BY/HAVING/ORDER BY expression as a row
// influence of the block. A position (GROUP BY 1) or an output name takes
// the output column's origins.
func (b *binder) clause(e ast.ExprNode, sc *scope, sub TransformSubtype, out *relation) {
	if e == nil {
		return
	}
	ctx := exprCtx{indirect: true, indSub: sub}
	eo := b.newOut()
	switch n := e.(type) {
	case *ast.PositionExpr:
		if out != nil && n.P == nil && n.N >= 1 && n.N <= len(out.cols) {
			for _, o := range out.cols[n.N-1].origins {
				eo.add(o, ctx)
			}
		} else {
			b.expr(n, sc, ctx, eo)
		}
	case *ast.ColumnNameExpr:
		var buf [4]sqlparse.Ident
		name := b.columnRef(n.Name, buf[:0])
		if sub == Sort && out != nil && len(name.Parts) == 1 {
			if i, ok := out.lookup(b.p.Fold(name.Parts[0], PartColumn)); ok {
				for _, o := range out.cols[i].origins {
					eo.add(o, ctx)
				}
				break
			}
		}
		b.expr(n, sc, ctx, eo)
	default:
		b.expr(e, sc, ctx, eo)
	}
	for _, o := range eo.origins {
		b.addOriginTo(&sc.influence, o)
	}
	b.freeOut(eo)
}

// values binds a VALUES list: each column derives from what its rows'
// expressions derive from. Its columns are named column1, column2, ..
// as unquoted names, folded as the platform folds them (Snowflake's are
// COLUMN1, COLUMN2, ..).
func (b *binder) values(rows []*ast.RowExpr, sc *scope) *relation {
	out := &relation{known: true}
	for _, row := range rows {
		if row == nil {
			continue
		}
		for i, v := range row.Values {
			for len(out.cols) <= i {
				out.cols = append(out.cols, relCol{name: b.p.FoldName("column"+itoa(len(out.cols)+1), PartColumn)})
			}
			eo := b.newOut()
			b.expr(v, sc, exprCtx{}, eo)
			for _, o := range eo.origins {
				b.addOriginTo(&out.cols[i].origins, o)
			}
			out.cols[i].unres = append(out.cols[i].unres, eo.unres...)
			b.freeOut(eo)
		}
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	n := len(buf)
	for i > 0 {
		n--
		buf[n] = byte('0' + i%10)
		i /= 10
	}
	return string(buf[n:])
}

// from binds a FROM clause item, adding its sources to sc.
func (b *binder) from(n ast.ResultSetNode, sc *scope) {
	switch t := n.(type) {
	case *ast.Join:
		// A chain of joins nests to the left, as deep as it is long (a BI
		// tool's hundreds): walk its left spine in a loop, innermost join
		// first, not in a recursion that grows the stack per join.
		var buf [8]*ast.Join
		spine := append(buf[:0], t)
		for l, ok := t.Left.(*ast.Join); ok && l != nil; l, ok = l.Left.(*ast.Join) {
			spine = append(spine, l)
		}
		before := len(sc.sources)
		if left := spine[len(spine)-1].Left; left != nil {
			b.from(left, sc)
		}
		for i := len(spine) - 1; i >= 0; i-- {
			j := spine[i]
			mid := len(sc.sources)
			if j.Right != nil {
				b.from(j.Right, sc)
			}
			if j.On != nil {
				eo := b.newOut()
				b.expr(j.On.Expr, sc, exprCtx{indirect: true, indSub: Join}, eo)
				for _, o := range eo.origins {
					b.addOriginTo(&sc.influence, o)
				}
				b.freeOut(eo)
			}
			b.using(j, sc, sc.sources[before:mid], sc.sources[mid:])
		}
	case *ast.TableSource:
		b.tableSource(t, sc)
	case *ast.TableName:
		b.tableSource(&ast.TableSource{Source: t}, sc)
	case *ast.SelectStmt, *ast.SetOprStmt:
		b.tableSource(&ast.TableSource{Source: t}, sc)
	case nil:
	default:
		b.warn(WarnUnsupported, b.st.Span.Start, "FROM item of kind %T", n)
	}
}

// using merges the columns a JOIN USING or NATURAL JOIN shares.
func (b *binder) using(j *ast.Join, sc *scope, left, right []*source) {
	var names []string
	for _, cn := range j.Using {
		if cn == nil {
			continue
		}
		if name := b.columnLast(cn); name != "" {
			names = append(names, name)
		}
	}
	if j.NaturalJoin {
		for _, r := range right {
			for _, c := range r.rel.cols {
				if c.star {
					continue
				}
				for _, l := range left {
					if _, ok := l.rel.lookup(c.name); ok {
						names = append(names, c.name)
						break
					}
				}
			}
		}
	}
	if len(names) == 0 {
		return
	}
	if sc.using == nil {
		sc.using = map[string][]*source{}
	}
	for _, name := range names {
		var srcs []*source
		if prev, ok := sc.using[name]; ok {
			srcs = append(srcs, prev...)
		} else if s := pick(left, name); s != nil {
			srcs = append(srcs, s)
		}
		if s := pick(right, name); s != nil {
			srcs = append(srcs, s)
		}
		sc.using[name] = srcs
		eo := b.newOut()
		for _, s := range srcs {
			b.fromSource(s, name, b.st.Span.Start, exprCtx{indirect: true, indSub: Join}, eo)
		}
		for _, o := range eo.origins {
			b.addOriginTo(&sc.influence, o)
		}
		b.freeOut(eo)
	}
}

// pick finds the source among srcs that has column name: one that has it
// for certain, else the only one that may have it.
func pick(srcs []*source, name string) *source {
	var maybe []*source
	for _, s := range srcs {
		if _, ok := s.rel.lookup(name); ok {
			return s
		}
		if !s.rel.known || len(s.rel.open) > 0 {
			maybe = append(maybe, s)
		}
	}
	if len(maybe) >= 1 {
		return maybe[0]
	}
	return nil
}

// tableSource binds one FROM item: a table, a CTE, a derived table, or a
// table function sqlparse made into a derived table.
// tableSourceAlloc is a FROM table's source with room for its one folded
// name part.
type tableSourceAlloc struct {
	source
	part [2]string
}

func (b *binder) tableSource(ts *ast.TableSource, sc *scope) {
	alias := ""
	if ts.AsName.O != "" {
		alias = b.p.Fold(b.ident(ts.AsName.O), PartTable)
	}
	switch s := ts.Source.(type) {
	case *ast.TableName:
		var buf [4]sqlparse.Ident
		name := b.tableRef(s, buf[:0])
		// A name of one or two parts is folded into part, kept in the
		// source below.
		var part string
		var parts []string
		var rel *relation
		switch len(name.Parts) {
		case 1:
			part = b.p.Fold(name.Parts[0], PartTable)
			rel = sc.ctes.lookup(part)
		case 2:
		default:
			parts = b.foldParts(name, PartTable)
		}
		// The source, its usual one folded name part and, for a table
		// new to the statement, the table's relation in one allocation.
		var src *tableSourceAlloc
		if rel == nil {
			ds := b.dataset(name)
			var ok bool
			if rel, ok = b.existingRelation(ds); !ok {
				srcT := &struct {
					tableSourceAlloc
					t tableRel
				}{}
				src = &srcT.tableSourceAlloc
				rel = b.newTableRelation(ds, &srcT.t)
			}
		}
		if src == nil {
			src = &tableSourceAlloc{}
		}
		switch len(name.Parts) {
		case 1:
			src.part[0] = part
			parts = src.part[:1]
		case 2:
			src.part[0] = b.p.Fold(name.Parts[0], PartTable)
			src.part[1] = b.p.Fold(name.Parts[1], PartTable)
			parts = src.part[:]
		}
		if alias == "" && len(parts) > 0 {
			alias = parts[len(parts)-1]
		}
		// A CTE's or temp table's own filters decide the rows read from it.
		for _, o := range rel.rowInfluence {
			b.addOriginTo(&sc.influence, o)
		}
		src.source = source{alias: alias, names: parts, rel: b.renameCols(rel, ts.ColumnNames), explicit: ts.AsName.O != ""}
		sc.addSource(&src.source)
	case *ast.SelectStmt, *ast.SetOprStmt:
		var parent *scope
		if ts.Lateral {
			parent = sc
		} else if f, ok := b.st.TableFunc(ts); ok && f.Lateral {
			parent = sc
		}
		rel := b.query(s, parent, sc.ctes)
		rel = b.renameCols(rel, ts.ColumnNames)
		if f, ok := b.st.TableFunc(ts); ok && f.Opaque && len(rel.cols) == 1 {
			b.warn(WarnUserFunction, b.st.Span.Start, "columns of table function %s are not known: each is taken to derive from its arguments", strings.ToLower(f.Func))
			rel.known, rel.anyCol = false, true
		}
		for _, o := range rel.rowInfluence {
			b.addOriginTo(&sc.influence, o)
		}
		src := &source{alias: alias, rel: rel, explicit: alias != ""}
		if f, ok := b.st.TableFunc(ts); ok && f.Func == "UNNEST" && b.p == BigQuery && alias == "unnest" && len(rel.cols) == 1 {
			src.elements = true
		} else if ok && f.Func == "UNNEST" && b.p == BigQuery && len(rel.cols) > 0 && rel.cols[0].name == alias {
			src.element = true
		}
		sc.addSource(src)
	case *ast.Join:
		b.from(s, sc)
	case nil:
	default:
		b.warn(WarnUnsupported, b.st.Span.Start, "FROM item of kind %T", s)
	}
}

// opaqueStructStar binds c.* where c names no table but a column whose
// fields are not known (a struct column, BigQuery SELECT payload.* FROM
// t): one `*` column computed from c, with a warning. It reports false
// when c is no column either.
func (b *binder) opaqueStructStar(f *ast.SelectField, sc *scope, out *relation) bool {
	wc := f.WildCard
	cn := &ast.ColumnName{Name: wc.Table}
	if wc.Schema.O != "" {
		cn.Table = wc.Schema
	}
	eo := b.newOut()
	defer b.freeOut(eo)
	b.bindColumn(cn, sc, exprCtx{}.transformed(), eo)
	if len(eo.origins) == 0 {
		return false
	}
	name := wc.Table.O
	if wc.Schema.O != "" {
		name = wc.Schema.O + "." + name
	}
	b.warn(WarnStarUnexpanded, b.pos(f.Offset), "fields of the column %s are unknown: .* is not expanded", name)
	out.cols = append(out.cols, relCol{name: "*", star: true, span: b.fieldSpan(f), origins: eo.origins, unres: eo.unres})
	return true
}

// star expands `*` or `t.*` into the output, from the catalog or the inner
// query's columns, applying star modifiers. A table whose columns are not
// known yields one `*` column and stays open.
func (b *binder) star(f *ast.SelectField, sc *scope, out *relation) {
	wc := f.WildCard
	mod, _ := b.st.StarModifier(wc)
	srcs := sc.sources
	if wc.Table.O != "" {
		var parts []sqlparse.Ident
		if wc.Schema.O != "" {
			parts = append(parts, b.st.Name(wc.Schema.O).Parts...)
		}
		parts = append(parts, b.st.Name(wc.Table.O).Parts...)
		qual := make([]string, len(parts))
		for i, id := range parts {
			qual[i] = b.p.Fold(id, PartTable)
		}
		srcs = nil
		if s := sc.qualified(qual, &b.steps); s != nil {
			srcs = []*source{s}
		}
		if srcs == nil && b.structStar(qual, f, sc, out) {
			return
		}
		if srcs == nil && dottedFields(b.p) && b.opaqueStructStar(f, sc, out) {
			return
		}
		if srcs == nil {
			b.warn(WarnUnknownColumn, b.pos(f.Offset), "no table %s in scope for %s.*", strings.Join(qual, "."), strings.Join(qual, "."))
			return
		}
		if srcs[0].element {
			// UNNEST(xs) AS x: x.* is the fields of the element, not known
			eo := b.newOut()
			b.fromSource(srcs[0], srcs[0].rel.cols[0].name, b.pos(f.Offset), exprCtx{}.transformed(), eo)
			b.warn(WarnStarUnexpanded, b.pos(f.Offset), "fields of the element %s are unknown: .* is not expanded", srcs[0].alias)
			out.cols = append(out.cols, relCol{name: "*", star: true, span: b.fieldSpan(f), origins: eo.origins, unres: eo.unres})
			b.freeOut(eo)
			return
		}
	}
	if !b.starFits(srcs, f) {
		return
	}
	span := b.fieldSpan(f)
	seenUsing := map[string]bool{}
	var replaced map[string]bool // REPLACE names a known column took
	open := false                // a source has columns that are not known
	for _, s := range srcs {
		if s.rel.anyCol && len(s.rel.cols) > 0 {
			// a table function of columns not known: `*` stands for them,
			// each computed from its input
			nc := relCol{name: "*", star: true, span: span, unres: s.rel.cols[0].unres}
			for _, o := range s.rel.cols[0].origins {
				if !o.indirect && o.sub == Identity {
					o.sub = Transformation
				}
				nc.origins = append(nc.origins, o)
			}
			out.cols = append(out.cols, nc)
			continue
		}
		for _, c := range s.rel.cols {
			if !c.star && b.excluded(mod, c.name) {
				continue
			}
			if wc.Table.O == "" && !c.star {
				if us, ok := sc.using[c.name]; ok {
					if seenUsing[c.name] {
						continue
					}
					seenUsing[c.name] = true
					merged := relCol{name: c.name, span: span}
					for _, u := range us {
						if i, ok := u.rel.lookup(c.name); ok {
							for _, o := range u.rel.cols[i].origins {
								b.addOriginTo(&merged.origins, o)
							}
						}
					}
					c = merged
				}
			}
			nc := relCol{name: c.name, origins: c.origins, unres: c.unres, star: c.star, span: span, fields: c.fields}
			if !c.star {
				if r, ok := mod.Rename[strings.ToLower(c.name)]; ok {
					nc.name = b.p.Fold(r, PartColumn)
				}
				if e, ok := mod.Replace[strings.ToLower(c.name)]; ok {
					eo := b.newOut()
					b.expr(e, sc, exprCtx{}, eo)
					nc.origins, nc.unres = eo.origins, eo.unres
					b.freeOut(eo)
					if replaced == nil {
						replaced = make(map[string]bool, len(mod.Replace))
					}
					replaced[strings.ToLower(c.name)] = true
				}
			}
			if s.rel.base != nil {
				for _, o := range nc.origins {
					b.readRef(o.ds, o.name)
				}
			}
			out.cols = append(out.cols, nc)
		}
		if s.rel.base != nil && !s.rel.known {
			ds := *s.rel.base
			b.warn(WarnStarUnexpanded, b.pos(f.Offset), "columns of %s are unknown: * is not expanded", ds.QualifiedName())
			b.readRef(s.rel.base, "*")
			out.cols = append(out.cols, relCol{name: "*", star: true, span: span, origins: []origin{{ds: s.rel.base, name: "*"}}})
			out.open = append(out.open, ds)
			open = true
			continue
		}
		out.open = append(out.open, s.rel.open...)
		open = open || len(s.rel.open) > 0
	}
	// * REPLACE (e AS c) over columns not known: c is among them, computed
	// by e, not the source's column c the `*` stands for
	if open && len(mod.Replace) > len(replaced) {
		names := make([]string, 0, len(mod.Replace))
		for name := range mod.Replace {
			if !replaced[name] {
				names = append(names, name)
			}
		}
		sort.Strings(names) // one order for the map's names
		for _, name := range names {
			e := mod.Replace[name]
			eo := b.newOut()
			b.expr(e, sc, exprCtx{}, eo)
			out.cols = append(out.cols, relCol{name: b.colName(name), origins: eo.origins, unres: eo.unres, span: span})
			b.freeOut(eo)
		}
	}
}

// outputName is the name of a select field's output column: its alias,
// the column's name, or the expression's text; in BigQuery an expression
// without an alias is named f0_, f1_, .. in the order of such columns
// (anon counts them).
func (b *binder) outputName(f *ast.SelectField, anon *int) string {
	if f.AsName.O != "" {
		return b.colName(f.AsName.O)
	}
	switch e := f.Expr.(type) {
	case *ast.ColumnNameExpr:
		if name := b.columnLast(e.Name); name != "" {
			return name
		}
	}
	if b.p == BigQuery {
		name := "f" + strconv.Itoa(*anon) + "_"
		*anon++
		return name
	}
	switch e := f.Expr.(type) {
	case *ast.FuncCastExpr:
		// x::type keeps the column's name; CAST(x AS type) is named by its text.
		text := b.fieldText(f)
		if c, ok := e.Expr.(*ast.ColumnNameExpr); ok && strings.Contains(text, "::") {
			if name := b.columnLast(c.Name); name != "" {
				return name
			}
		}
	}
	text := b.fieldText(f)
	if text == "" {
		text = f.Text()
	}
	return b.p.FoldName(text, PartColumn)
}

// fieldSpan is the span of a select field in the original text.
func (b *binder) fieldSpan(f *ast.SelectField) sqlparse.Span {
	start := b.pos(f.Offset)
	t := f.Text()
	if t == "" {
		return sqlparse.Span{Start: start, End: start}
	}
	return sqlparse.Span{Start: start, End: b.st.Position(f.Offset + len(t))}
}
