package lineage

import (
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// catalogWriter is where the session records DDL: the analyzer's catalog
// when it learns, else the session's own.
func (b *binder) catalogWriter() CatalogWriter {
	if b.s.learned != nil {
		return b.s.learned
	}
	return b.s.a.writer
}

func (b *binder) define(ds Dataset, cols []string) {
	if b.stop != nil {
		return // a statement that fails changes no catalog
	}
	if err := b.catalogWriter().Define(b.ctx, ds, cols); err != nil {
		b.warn(WarnUnsupported, b.st.Span.Start, "catalog: %v", err)
	}
	b.forgetTable(ds.key())
}

// createTable binds CREATE TABLE (columns, LIKE, AS SELECT), temporary or
// not.
func (b *binder) createTable(c *ast.CreateTableStmt) {
	if c.Table == nil {
		return
	}
	ds := b.dataset(b.st.TableName(c.Table))
	temp := b.st.Temporary || c.TemporaryKeyword != ast.TemporaryNone
	if temp {
		ds.Kind = KindTemporary
	} else {
		// A persistent table of this name replaces a temp one.
		delete(b.s.temps, ds.key())
	}
	var cols []string
	for _, cd := range c.Cols {
		if cd == nil || cd.Name == nil {
			continue
		}
		n := b.st.ColumnName(cd.Name)
		if len(n.Parts) > 0 {
			cols = append(cols, b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn))
		}
	}
	if c.ReferTable != nil && len(cols) == 0 {
		like := b.dataset(b.st.TableName(c.ReferTable))
		b.source(like)
		t := ds
		b.res.Target = &t
		if lc, ok := b.targetColumns(like); ok {
			cols = append(cols, lc...)
		}
	}
	if c.Select == nil {
		t := ds
		b.res.Target = &t
		if temp {
			rel := &relation{known: true, base: &ds}
			for _, col := range cols {
				rel.cols = append(rel.cols, relCol{name: col})
			}
			if b.stop == nil {
				b.s.setTemp(ds.key(), &tempTable{ds: ds, rel: rel})
			}
			return
		}
		b.define(ds, cols)
		return
	}
	rel := b.query(c.Select, nil, nil)
	if len(cols) == 0 {
		cols = outputNames(rel)
	} else if b.p == MySQL && len(c.Cols) > 0 {
		// MySQL's CREATE TABLE t (defs) SELECT: a selected column fills
		// the defined column of its name, or is added after them; the
		// defined columns that none names get their defaults
		cols, rel = mysqlCreateSelect(cols, rel)
	}
	if temp {
		delete(b.s.temps, ds.key())
		b.write(ds, cols, rel)
		return
	}
	b.write(ds, cols, rel)
	if !hasStar(rel) {
		b.define(ds, cols)
	}
}

// mysqlCreateSelect returns the table's columns of CREATE TABLE t (defs)
// SELECT in MySQL, the defined ones then the selected ones of other names,
// and the relation that writes them (defined columns no query column
// names write nothing).
func mysqlCreateSelect(defined []string, rel *relation) ([]string, *relation) {
	cols := append([]string(nil), defined...)
	cp := *rel
	out := &cp
	out.colIdx = nil
	out.cols = make([]relCol, len(defined), len(defined)+len(rel.cols))
	for i := range defined {
		out.cols[i] = relCol{name: defined[i]}
	}
	for i := range rel.cols {
		j := slices.IndexFunc(cols, func(c string) bool { return strings.EqualFold(c, rel.cols[i].name) })
		if j < 0 {
			cols = append(cols, rel.cols[i].name)
			out.cols = append(out.cols, rel.cols[i])
			continue
		}
		out.cols[j] = rel.cols[i]
		out.cols[j].name = cols[j]
	}
	return cols, out
}

// createView binds CREATE VIEW: the view's columns are defined in the
// catalog and its query is its lineage.
func (b *binder) createView(v *ast.CreateViewStmt) {
	if v.ViewName == nil {
		return
	}
	ds := b.dataset(b.st.TableName(v.ViewName))
	ds.Kind = KindView
	if b.st.Temporary {
		// CREATE TEMP VIEW (Postgres, Spark): the view lives as long as
		// the session, as a temporary table does, and is collapsed as one
		ds.Kind = KindTemporary
	}
	rel := b.query(v.Select, nil, nil)
	cols := outputNames(rel)
	for i, c := range v.Cols {
		if i < len(cols) {
			cols[i] = b.colName(c.O)
		}
	}
	if ds.Kind == KindTemporary {
		delete(b.s.temps, ds.key()) // OR REPLACE: the new query only
		b.write(ds, cols, rel)
		return
	}
	b.write(ds, cols, rel)
	if !hasStar(rel) {
		b.define(ds, cols)
	}
}

// alterTable applies RENAME, ADD/DROP/RENAME/CHANGE COLUMN to the catalog.
func (b *binder) alterTable(a *ast.AlterTableStmt) {
	if a.Table == nil {
		return
	}
	ds := b.dataset(b.st.TableName(a.Table))
	target := ds
	b.res.Target = &target
	w := b.catalogWriter()
	for _, sp := range a.Specs {
		if sp == nil {
			continue
		}
		switch sp.Tp {
		case ast.AlterTableRenameTable:
			if sp.NewTable != nil {
				from := ds
				b.rename(a.Table, sp.NewTable)
				ds = b.dataset(b.st.TableName(sp.NewTable))
				to := ds
				b.res.RenamedTo = &to
				b.res.Renames = append(b.res.Renames, Rename{From: from, To: to})
			}
		case ast.AlterTableExchangePartition:
			// The other table's rows move into the target (table level).
			if sp.NewTable != nil {
				other := b.dataset(b.st.TableName(sp.NewTable))
				b.source(other)
				if b.st.Swap {
					b.swap(ds, other)
				}
			}
		case ast.AlterTableAddColumns:
			var cols []string
			for _, cd := range sp.NewColumns {
				if cd != nil && cd.Name != nil {
					n := b.st.ColumnName(cd.Name)
					if len(n.Parts) > 0 {
						cols = append(cols, b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn))
					}
				}
			}
			if t, ok := b.s.temps[ds.key()]; ok {
				for _, c := range cols {
					t.rel.cols = append(t.rel.cols, relCol{name: c})
				}
				continue
			}
			if _, ok := b.columns(ds); ok {
				_ = w.AddColumns(b.ctx, ds, cols)
			}
		case ast.AlterTableDropColumn:
			if sp.OldColumnName == nil {
				continue
			}
			n := b.st.ColumnName(sp.OldColumnName)
			if len(n.Parts) == 0 {
				continue
			}
			drop := b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn)
			if cols, ok := b.columns(ds); ok {
				var keep []string
				for _, c := range cols {
					if c != drop {
						keep = append(keep, c)
					}
				}
				b.define(ds, keep)
			}
		case ast.AlterTableRenameColumn, ast.AlterTableChangeColumn:
			var from, to string
			if sp.OldColumnName != nil {
				if n := b.st.ColumnName(sp.OldColumnName); len(n.Parts) > 0 {
					from = b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn)
				}
			}
			if sp.NewColumnName != nil {
				if n := b.st.ColumnName(sp.NewColumnName); len(n.Parts) > 0 {
					to = b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn)
				}
			} else if len(sp.NewColumns) > 0 && sp.NewColumns[0] != nil && sp.NewColumns[0].Name != nil {
				if n := b.st.ColumnName(sp.NewColumns[0].Name); len(n.Parts) > 0 {
					to = b.p.Fold(n.Parts[len(n.Parts)-1], PartColumn)
				}
			}
			if from != "" && to != "" {
				if _, ok := b.columns(ds); ok {
					_ = w.RenameColumn(b.ctx, ds, from, to)
				}
			}
		}
	}
	b.forgetTable(ds.key())
}

// rename moves a table's definition (and a temp table's lineage).
func (b *binder) rename(oldT, newT *ast.TableName) {
	if oldT == nil || newT == nil || b.stop != nil {
		return
	}
	from := b.dataset(b.st.TableName(oldT))
	to := b.dataset(b.st.TableName(newT))
	if t, ok := b.s.temps[from.key()]; ok {
		delete(b.s.temps, from.key())
		to.Kind = KindTemporary
		t.ds = to
		b.s.setTemp(to.key(), t)
		return
	}
	if _, ok := b.columns(from); ok {
		if err := b.catalogWriter().Rename(b.ctx, from, to); err != nil {
			// The table is known only to the analyzer's read-only catalog:
			// record the renamed table in the session's.
			cols, _ := b.columns(from)
			b.define(to, cols)
		}
	}
	b.forgetTable(from.key())
	b.forgetTable(to.key())
}

// swap trades the columns of two tables (Snowflake SWAP WITH): each takes
// the other's definition, and a table whose partner is unknown is
// forgotten, for its columns are no longer known. Only the move into the
// statement's target is an edge (the other way holds the old rows, which a
// swap usually leaves to be dropped).
func (b *binder) swap(a, o Dataset) {
	colsA, okA := b.columns(a)
	colsO, okO := b.columns(o)
	w := b.catalogWriter()
	for _, x := range []struct {
		ds   Dataset
		cols []string
		ok   bool
	}{{a, colsO, okO}, {o, colsA, okA}} {
		if x.ok {
			b.define(x.ds, x.cols)
			continue
		}
		if err := w.Drop(b.ctx, x.ds); err != nil {
			b.warn(WarnUnsupported, b.st.Span.Start, "catalog: %v", err)
		}
		b.forgetTable(x.ds.key())
	}
}

// drop forgets dropped tables and views.
func (b *binder) drop(d *ast.DropTableStmt) {
	for _, tn := range d.Tables {
		if tn == nil {
			continue
		}
		ds := b.dataset(b.st.TableName(tn))
		if b.res.Target == nil {
			t := ds
			b.res.Target = &t
		}
		if _, ok := b.s.temps[ds.key()]; ok {
			delete(b.s.temps, ds.key())
			continue
		}
		_ = b.catalogWriter().Drop(b.ctx, ds)
		b.forgetTable(ds.key())
	}
}
