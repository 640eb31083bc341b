package lineage

import (
	"strconv"
	"strings"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// statement dispatches on the statement's trees.
func (b *binder) statement() error {
	st := b.st
	for _, id := range st.Declared {
		if b.s.vars == nil {
			b.s.vars = map[string]bool{}
		}
		b.s.vars[b.p.Fold(id, PartColumn)] = true
	}
	for _, v := range st.SetVars {
		if b.s.nameVars == nil {
			b.s.nameVars = map[string]string{}
		}
		b.s.nameVars[b.p.Fold(v.Name, PartColumn)] = v.Value
	}
	if st.Kind == sqlparse.KindUse || st.Session != nil {
		b.session()
		if st.Session != nil {
			return nil
		}
	}
	if st.Opaque != nil {
		b.opaqueWrite(st.Opaque)
	}
	for i, n := range st.Nodes {
		switch t := n.(type) {
		case *ast.SelectStmt, *ast.SetOprStmt:
			b.topQuery(t, i)
		case *ast.InsertStmt:
			b.insert(t)
		case *ast.UpdateStmt:
			b.update(t)
		case *ast.DeleteStmt:
			b.deleteStmt(t)
		case *ast.CreateTableStmt:
			b.createTable(t)
		case *ast.CreateViewStmt:
			b.createView(t)
		case *ast.AlterTableStmt:
			b.alterTable(t)
		case *ast.RenameTableStmt:
			for _, tt := range t.TableToTables {
				if tt.OldTable == nil || tt.NewTable == nil {
					continue
				}
				from := b.dataset(b.st.TableName(tt.OldTable))
				to := b.dataset(b.st.TableName(tt.NewTable))
				b.rename(tt.OldTable, tt.NewTable)
				if b.res.Target == nil {
					b.res.Target, b.res.RenamedTo = &from, &to
				}
				b.res.Renames = append(b.res.Renames, Rename{From: from, To: to})
			}
		case *ast.DropTableStmt:
			b.drop(t)
		case *ast.TruncateTableStmt:
			if t.Table != nil {
				ds := b.dataset(b.st.TableName(t.Table))
				b.res.Target = &ds
			}
		case *ast.LoadDataStmt:
			b.copyInto(t)
		case *ast.UseStmt:
			// handled by session()
		}
	}
	return nil
}

// opaqueWrite binds a statement that writes a table with rows its text
// does not show (T-SQL INSERT INTO t EXEC proc): t is the target, with no
// column edge, and a warning at t says that what it now holds comes from
// code the analyzer cannot see.
func (b *binder) opaqueWrite(ow *sqlparse.OpaqueWrite) {
	if len(ow.Table.Parts) == 0 {
		return
	}
	ds := b.dataset(ow.Table)
	tt, temp := b.s.temps[ds.key()]
	if temp {
		ds.Kind = KindTemporary
	}
	b.res.Target = &ds
	for _, c := range ow.Columns {
		b.addColumn(b.p.Fold(c, PartColumn))
	}
	by := "dynamic SQL"
	if len(ow.By.Parts) > 0 {
		parts := make([]string, len(ow.By.Parts))
		for i, p := range ow.By.Parts {
			parts[i] = p.Name
		}
		by = "procedure " + strings.Join(parts, ".")
	}
	if temp && b.stop == nil {
		tt.unseen = by
	}
	names := make([]string, len(ow.Table.Parts))
	for i, p := range ow.Table.Parts {
		names[i] = p.Name
	}
	b.warn(WarnUnseenSource, ow.Table.Span.Start, "%s is written by %s, whose query the statement does not show: where its rows come from is unknown", strings.Join(names, "."), by)
}

// session applies USE / SET search_path.
func (b *binder) session() {
	s := b.s
	if ch := b.st.Session; ch != nil {
		if ch.Database != nil {
			if b.p.TwoLevel() {
				s.defaults.Schema = ch.Database.Name
			} else {
				s.defaults.Database = ch.Database.Name
			}
		}
		if ch.Schema != nil {
			s.defaults.Schema = ch.Schema.Name
		}
		if len(ch.SearchPath) > 0 {
			s.searchPath = s.searchPath[:0]
			for _, id := range ch.SearchPath {
				if id.Name == "$user" || id.Name == "pg_catalog" {
					continue
				}
				s.searchPath = append(s.searchPath, id.Name)
			}
			if len(s.searchPath) > 0 {
				s.defaults.Schema = s.searchPath[0]
			}
		}
		return
	}
	for _, n := range b.st.Nodes {
		if u, ok := n.(*ast.UseStmt); ok && u.DBName != "" {
			name := b.ident(u.DBName).Name
			if b.p.TwoLevel() {
				s.defaults.Schema = name
			} else {
				s.defaults.Database = name
			}
		}
	}
}

// topQuery binds a statement-level query: UNLOAD writes it to a location,
// a bare SELECT to its query result.
func (b *binder) topQuery(q ast.Node, i int) {
	rel := b.query(q, nil, nil)
	if b.res.Target != nil {
		return // SELECT .. INTO OUTFILE
	}
	if b.st.Kind == sqlparse.KindUnload {
		if b.st.Location == "" {
			b.warn(WarnUnsupported, b.st.Span.Start, "UNLOAD without a location")
			return
		}
		loc := Location(b.st.Location)
		b.write(loc, outputNames(rel), rel)
		return
	}
	if b.st.Kind == sqlparse.KindCreateTableAs {
		b.warn(WarnUnsupported, b.st.Span.Start, "CREATE TABLE AS without a target table")
		return
	}
	if sel, ok := q.(*ast.SelectStmt); ok && b.partitionFunctions(sel) {
		return
	}
	b.write(Dataset{Platform: b.p, Name: queryResultName(b.st.Span.Start), Kind: KindQueryResult}, outputNames(rel), rel)
}

// partitionFunctions binds a bare SELECT of Vertica's partition functions,
// MOVE_PARTITIONS_TO_TABLE, COPY_PARTITIONS_TO_TABLE and
// SWAP_PARTITIONS_BETWEEN_TABLES(source, min, max, target): they move
// rows of the source table (named by a string) into the target. The
// target's columns take the source's by name when the catalog knows them
// (the two tables have the same columns). SWAP also moves the target's
// rows into the source; the statement states the first direction only.
// It reports false when the SELECT is not such a call.
func (b *binder) partitionFunctions(sel *ast.SelectStmt) bool {
	if sel.From != nil || sel.Fields == nil || len(sel.Fields.Fields) == 0 {
		return false
	}
	type move struct{ from, to string }
	var moves []move
	for _, f := range sel.Fields.Fields {
		fc, ok := f.Expr.(*ast.FuncCallExpr)
		if !ok || len(fc.Args) < 4 {
			return false
		}
		switch fc.FnName.L {
		case "move_partitions_to_table", "copy_partitions_to_table", "swap_partitions_between_tables":
		default:
			return false
		}
		from, ok1 := fc.Args[0].(ast.ValueExpr)
		to, ok2 := fc.Args[3].(ast.ValueExpr)
		if !ok1 || !ok2 {
			return false
		}
		m := move{from: from.GetString(), to: to.GetString()}
		if m.from == "" || m.to == "" {
			return false
		}
		moves = append(moves, m)
	}
	for _, m := range moves {
		src := b.dataset(sqlparse.Name{Parts: SplitName(m.from), Span: b.st.Span})
		dst := b.dataset(sqlparse.Name{Parts: SplitName(m.to), Span: b.st.Span})
		rel := b.tableRelation(src)
		if !rel.known {
			if b.res.Target == nil {
				b.res.Target = &dst
			}
			continue
		}
		b.write(dst, outputNames(rel), rel)
	}
	return true
}

// queryResultName names a bare SELECT's result after the statement's start,
// "query@<line>:<column>": cheap, unique within a script, and not a table
// name a catalog would hold (the digest would cost a normaliser pass).
func queryResultName(p sqlparse.Pos) string {
	var buf [32]byte
	b := append(buf[:0], "query@"...)
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Column), 10)
	return string(b)
}

// targetTable finds the table an INSERT writes.
func targetTable(refs *ast.TableRefsClause) *ast.TableName {
	if refs == nil || refs.TableRefs == nil {
		return nil
	}
	var n ast.ResultSetNode = refs.TableRefs
	for n != nil {
		switch t := n.(type) {
		case *ast.Join:
			n = t.Left
		case *ast.TableSource:
			n = t.Source
		case *ast.TableName:
			return t
		default:
			return nil
		}
	}
	return nil
}

// insert binds INSERT (with or without a column list, VALUES or a query,
// INSERT OVERWRITE).
func (b *binder) insert(ins *ast.InsertStmt) {
	tn := targetTable(ins.Table)
	if tn == nil {
		b.warn(WarnUnsupported, b.st.Span.Start, "INSERT without a target table")
		return
	}
	var nbuf [4]sqlparse.Ident
	target := b.dataset(b.tableRef(tn, nbuf[:0]))
	if _, ok := b.s.temps[target.key()]; ok {
		target.Kind = KindTemporary
	}
	var rel *relation
	switch {
	case ins.Select != nil:
		rel = b.query(ins.Select, nil, nil)
	default:
		rows := make([]*ast.RowExpr, 0, len(ins.Lists))
		for _, l := range ins.Lists {
			rows = append(rows, &ast.RowExpr{Values: l})
		}
		rel = b.values(rows, &scope{})
	}
	var tcols []string
	for _, c := range ins.Columns {
		if name := b.columnLast(c); name != "" {
			tcols = append(tcols, name)
		}
	}
	if sel, ok := ins.Select.(*ast.SelectStmt); ok && len(tcols) == 0 && sqlparse.ByName(sel) && !hasStar(rel) {
		// INSERT INTO t BY NAME (and MERGE's UPDATE SET * / INSERT *):
		// each query column fills the target column of its name; one
		// the target is known not to have fills nothing
		rel = b.byNameColumns(target, rel)
		tcols = outputNames(rel)
	}
	if len(tcols) == 0 {
		cols, ok := b.targetColumns(target)
		if ok && !hasStar(rel) {
			tcols = b.withoutPartitions(cols)
		} else {
			tcols = outputNames(rel)
			if !ok && !hasStar(rel) {
				var buf [160]byte
				msg := append(buf[:0], "columns of "...)
				msg = target.appendQualifiedName(msg)
				msg = append(msg, " are unknown: taken to be named as the query's"...)
				b.warnMsg(WarnAssumedColumns, b.st.Span.Start, string(msg))
			}
			if dyn := b.dynamicPartitions(); len(dyn) > 0 && len(tcols) >= len(dyn) {
				tcols = append(tcols[:len(tcols)-len(dyn):len(tcols)-len(dyn)], dyn...)
			}
		}
	}
	if len(ins.Columns) > 0 {
		rel = spreadStar(rel, len(tcols))
	}
	b.write(target, tcols, rel)
	if len(ins.OnDuplicate) > 0 {
		b.upsert(ins, target, tcols, rel)
	}
}

// byNameColumns keeps the columns of rel that target has, when the
// catalog knows target's columns.
func (b *binder) byNameColumns(target Dataset, rel *relation) *relation {
	cols, ok := b.targetColumns(target)
	if !ok {
		return rel
	}
	has := make(map[string]bool, len(cols))
	for _, c := range cols {
		has[strings.ToLower(c)] = true
	}
	out := *rel
	out.cols = out.cols[:0:0]
	out.colIdx = nil
	for _, c := range rel.cols {
		if has[strings.ToLower(c.name)] {
			out.cols = append(out.cols, c)
		}
	}
	return &out
}

// upsert binds the update list of an upsert: MySQL's ON DUPLICATE KEY
// UPDATE, and Postgres's ON CONFLICT .. DO UPDATE SET (sqlparse carries
// EXCLUDED.c, and MySQL 8.0's row alias new.c, as VALUES(c)). VALUES(c)
// is the proposed row: the value the INSERT would have put in column c,
// so it derives from the query or VALUES column that fills c, never from
// the target itself. A bare or qualified column is the row already in
// the target (`SET c = t.c + EXCLUDED.c` has both).
func (b *binder) upsert(ins *ast.InsertStmt, target Dataset, tcols []string, rel *relation) {
	proposed := &relation{known: true}
	for i := 0; i < len(tcols) && i < len(rel.cols); i++ {
		rc := rel.cols[i]
		rc.name = tcols[i]
		proposed.cols = append(proposed.cols, rc)
	}
	sc := &scope{proposed: proposed}
	// the target answers to its name and to schema.name (SET c =
	// sch.t.c + EXCLUDED.c)
	names := []string{target.Name}
	if target.Schema != "" {
		names = []string{target.Schema, target.Name}
	}
	sc.sources = []*source{{alias: target.Name, names: names, rel: b.tableRelation(target)}}
	if sel, ok := ins.Select.(*ast.SelectStmt); ok && sel.From != nil && sel.From.TableRefs != nil && sel.GroupBy == nil {
		// MySQL: the update list may read the columns of the SELECT's
		// tables, of the row that collided (not under GROUP BY)
		sc.ctes = b.with(sel.With, nil, nil)
		b.from(sel.From.TableRefs, sc)
	}
	b.assignments(ins.OnDuplicate, sc, target)
}

// spreadStar fits a query whose `*` could not be expanded to n target
// columns: the columns before the star and after it keep their places,
// and every target column in between may take any column of the star's
// table, so each gets the star's origins. Without this the star would
// fill only the first of them, and the rest would seem to come from the
// columns after it: an edge on a guess. The star_unexpanded warning
// already says the lineage is coarse.
func spreadStar(rel *relation, n int) *relation {
	k := -1
	for i := range rel.cols {
		if rel.cols[i].star {
			k = i
			break
		}
	}
	if k < 0 || n == len(rel.cols) || n < len(rel.cols)-1 {
		return rel
	}
	tail := rel.cols[k+1:]
	spread := *rel
	spread.cols = make([]relCol, 0, n)
	spread.cols = append(spread.cols, rel.cols[:k]...)
	for i := 0; i < n-k-len(tail); i++ {
		spread.cols = append(spread.cols, rel.cols[k])
	}
	spread.cols = append(spread.cols, tail...)
	return &spread
}

// targetColumns are the known columns of a written table (temp or not).
func (b *binder) targetColumns(ds Dataset) ([]string, bool) {
	if t, ok := b.s.temps[ds.key()]; ok {
		return outputNames(t.rel), len(t.rel.cols) > 0 && !hasStar(t.rel)
	}
	return b.columns(ds)
}

// update binds UPDATE (single table, multi-table, UPDATE .. FROM).
func (b *binder) update(u *ast.UpdateStmt) {
	ctes := b.with(u.With, nil, nil)
	sc := &scope{ctes: ctes}
	if u.TableRefs != nil && u.TableRefs.TableRefs != nil {
		b.from(u.TableRefs.TableRefs, sc)
	}
	b.clause(u.Where, sc, Filter, nil)
	if u.Order != nil {
		for _, it := range u.Order.Items {
			b.clause(it.Expr, sc, Sort, nil)
		}
	}
	var first *Dataset
	if tn := targetTable(u.TableRefs); tn != nil {
		name := b.st.TableName(tn)
		ds := b.dataset(name)
		first = &ds
		// UPDATE cte SET ..: T-SQL updates the table under the CTE.
		if len(name.Parts) == 1 {
			if rel := ctes.lookup(b.p.Fold(name.Parts[0], PartTable)); rel != nil {
				if base := b.cteBase(rel, u.List); base != nil {
					first = base
				} else {
					b.warn(WarnUnsupported, b.st.Span.Start, "UPDATE of a CTE whose updated columns are not one table's columns as they are")
				}
			}
		}
		// UPDATE alias SET .. FROM table alias: the alias names the target.
		if len(name.Parts) == 1 && first == &ds {
			qual := []string{b.p.Fold(name.Parts[0], PartTable)}
			for _, s := range sc.sources {
				if s.explicit && s.matchesAlias(qual) && s.rel.base != nil {
					// The bare name is not a table of its own.
					b.dropSource(ds)
					first = s.rel.base
					break
				}
			}
		}
	}
	b.assignmentsIn(u.List, sc, first)
	// The updated table is the target, not a source, even where its own
	// columns are read (they stay in Reads).
	if b.res.Target != nil {
		b.dropSource(*b.res.Target)
	}
}

// cteBase returns the table an UPDATE of a CTE writes: the one table every
// updated column of the CTE is, unchanged and of the same name, a column
// of; nil when there is none.
func (b *binder) cteBase(rel *relation, list []*ast.Assignment) *Dataset {
	var base *Dataset
	for _, a := range list {
		col := b.columnLast(a.Column)
		i, ok := rel.lookup(col)
		if !ok {
			return nil
		}
		rc := &rel.cols[i]
		if len(rc.origins) != 1 {
			return nil
		}
		o := rc.origins[0]
		if o.ds == nil || o.indirect || o.sub != Identity || !strings.EqualFold(o.name, col) {
			return nil
		}
		if base == nil {
			base = o.ds
		} else if !base.SameAs(*o.ds) {
			return nil
		}
	}
	return base
}

// dropSource removes a dataset from the statement's sources.
func (b *binder) dropSource(ds Dataset) {
	srcs := b.res.Sources[:0]
	for _, s := range b.res.Sources {
		if !s.SameAs(ds) {
			srcs = append(srcs, s)
		}
	}
	b.res.Sources = srcs
	b.sourceIdx = nil
}

// assignments binds SET lists against a fixed target.
func (b *binder) assignments(list []*ast.Assignment, sc *scope, target Dataset) {
	b.assignmentsIn(list, sc, &target)
}

// assignmentsIn binds SET col = expr lists: a qualified column names its
// table; an unqualified one belongs to the table that has it, else to the
// first table.
func (b *binder) assignmentsIn(list []*ast.Assignment, sc *scope, first *Dataset) {
	written := map[datasetKey]*relation{}
	var order []Dataset
	cols := map[datasetKey][]string{}
	for _, a := range list {
		if a == nil || a.Column == nil {
			continue
		}
		name := b.st.ColumnName(a.Column)
		if len(name.Parts) == 0 {
			continue
		}
		col := b.p.Fold(name.Parts[len(name.Parts)-1], PartColumn)
		target, col := b.assignTarget(name, col, sc, first)
		if target == nil {
			b.warn(WarnUnknownColumn, b.st.Span.Start, "cannot tell which table column %s of SET belongs to", col)
			continue
		}
		k := target.key()
		rel, ok := written[k]
		if !ok {
			rel = &relation{known: true}
			written[k] = rel
			order = append(order, *target)
		}
		eo := b.newOut()
		b.expr(a.Expr, sc, exprCtx{}, eo)
		rel.cols = append(rel.cols, relCol{name: col, origins: eo.origins, unres: eo.unres, span: b.st.Span})
		b.freeOut(eo)
		cols[k] = append(cols[k], col)
	}
	for _, ds := range order {
		rel := written[ds.key()]
		rel.rowInfluence = sc.influence
		b.write(ds, cols[ds.key()], rel)
	}
	if len(order) == 0 && first != nil && b.res.Target == nil {
		t := *first
		b.res.Target = &t
	}
}

// assignTarget returns the table and the column a SET target names. In
// t.a.b the longest prefix naming a table in scope is the table and the
// next part the column (its later parts are fields of it); when no prefix
// names a table, a.b is field b of the first table's column a (BigQuery
// SET record.field = ..), where that table has a column a or its columns
// are not known.
func (b *binder) assignTarget(name sqlparse.Name, col string, sc *scope, first *Dataset) (*Dataset, string) {
	if len(name.Parts) > 1 {
		qual := make([]string, len(name.Parts)-1)
		for i, id := range name.Parts[:len(name.Parts)-1] {
			qual[i] = b.p.Fold(id, PartTable)
		}
		for k := len(qual); k >= 1; k-- {
			if s := sc.qualified(qual[:k], &b.steps); s != nil && s.rel.base != nil {
				return s.rel.base, b.p.Fold(name.Parts[k], PartColumn)
			}
		}
		if first != nil {
			head := b.p.Fold(name.Parts[0], PartColumn)
			for _, s := range sc.sources {
				if s.rel.base == nil || !s.rel.base.SameAs(*first) {
					continue
				}
				if _, ok := s.rel.lookup(head); ok || !s.rel.known {
					return first, head
				}
			}
		}
		return first, col
	}
	if first != nil {
		return first, col
	}
	for _, s := range sc.sources {
		if _, ok := s.rel.lookup(col); ok && s.rel.base != nil {
			return s.rel.base, col
		}
	}
	return nil, col
}

// deleteStmt binds DELETE: it reads, it writes no column.
func (b *binder) deleteStmt(d *ast.DeleteStmt) {
	ctes := b.with(d.With, nil, nil)
	sc := &scope{ctes: ctes}
	if d.TableRefs != nil && d.TableRefs.TableRefs != nil {
		b.from(d.TableRefs.TableRefs, sc)
	}
	b.clause(d.Where, sc, Filter, nil)
	if tn := targetTable(d.TableRefs); tn != nil {
		ds := b.dataset(b.st.TableName(tn))
		b.res.Target = &ds
	}
}

// copyInto binds COPY / LOAD: a table loaded from a location (table-level).
func (b *binder) copyInto(l *ast.LoadDataStmt) {
	if l.Table == nil {
		return
	}
	ds := b.dataset(b.st.TableName(l.Table))
	b.res.Target = &ds
	loc := b.st.Location
	if loc == "" {
		loc = l.Path
	}
	if loc != "" {
		b.source(Location(loc))
	}
}

// withoutPartitions orders a Hive/Spark INSERT's target columns as its
// query fills them: the table's columns that are not in its PARTITION
// clause, then the dynamic partition columns. Static partition columns
// take a literal and get no lineage.
func (b *binder) withoutPartitions(cols []string) []string {
	if len(b.st.Partition) == 0 {
		return cols
	}
	part := make(map[string]bool, len(b.st.Partition))
	for _, pc := range b.st.Partition {
		part[b.p.Fold(pc.Name, PartColumn)] = true
	}
	out := make([]string, 0, len(cols))
	for _, c := range cols {
		if !part[c] {
			out = append(out, c)
		}
	}
	return append(out, b.dynamicPartitions()...)
}

// dynamicPartitions are the PARTITION columns without a value, in order.
func (b *binder) dynamicPartitions() []string {
	var out []string
	for _, pc := range b.st.Partition {
		if !pc.Static {
			out = append(out, b.p.Fold(pc.Name, PartColumn))
		}
	}
	return out
}
