package lineage

import (
	"sort"
	"strings"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Value stars: `f(x).*`, `IF(c, cur, prev).* REPLACE (..)`,
// `ARRAY_AGG(t ORDER BY ts DESC LIMIT 1)[OFFSET(0)].*` select every field
// of a computed value (BigQuery, Databricks). Where the value is built from
// rows named by their table alias (BigQuery reads a bare alias as the row),
// its fields are those rows' columns, and each field derives from the
// column of that name in every such row. Elsewhere (a STRUCT column, a
// function's result) the fields are unknown: one `*` column derives from
// what the value reads, and a warning says so. No field is invented.

// valueStar binds the value star field f with its modifiers into out.
func (b *binder) valueStar(f *ast.SelectField, mod sqlparse.StarModifier, sc *scope, out *relation) {
	rows := b.rowValues(f.Expr, sc)
	if len(rows) == 0 {
		b.opaqueValueStar(f, mod, sc, out)
		return
	}
	// each row as `alias.*`, then one column per name over all rows
	var merged relation
	for _, raw := range rows {
		var one relation
		b.star(&ast.SelectField{Offset: f.Offset, WildCard: &ast.WildCardField{Table: ast.NewCIStr(raw)}}, sc, &one)
		for _, c := range one.cols {
			i := -1
			for k := range merged.cols {
				if merged.cols[k].star == c.star && merged.cols[k].name == c.name {
					i = k
					break
				}
			}
			if i < 0 {
				merged.cols = append(merged.cols, relCol{name: c.name, star: c.star, span: c.span})
				i = len(merged.cols) - 1
			}
			b.foldCol(&merged.cols[i], &c)
		}
		out.open = append(out.open, one.open...)
	}
	for _, c := range merged.cols {
		if !c.star {
			if b.excluded(mod, c.name) {
				continue
			}
			if r, ok := mod.Rename[strings.ToLower(c.name)]; ok {
				c.name = b.p.Fold(r, PartColumn)
			}
			if e, ok := mod.Replace[strings.ToLower(c.name)]; ok {
				eo := b.newOut()
				b.expr(e, sc, exprCtx{}, eo)
				c.origins, c.unres = eo.origins, eo.unres
				b.freeOut(eo)
			}
		}
		out.cols = append(out.cols, c)
	}
}

// opaqueValueStar binds a value star whose fields are unknown: the REPLACE
// columns by name, and one `*` column for the rest.
func (b *binder) opaqueValueStar(f *ast.SelectField, mod sqlparse.StarModifier, sc *scope, out *relation) {
	span := b.fieldSpan(f)
	eo := b.newOut()
	b.expr(f.Expr, sc, exprCtx{}, eo)
	b.warn(WarnStarUnexpanded, b.pos(f.Offset), "fields of the value %s are unknown: .* is not expanded", b.fieldText(f))
	out.cols = append(out.cols, relCol{name: "*", star: true, span: span, origins: eo.origins, unres: eo.unres})
	b.freeOut(eo)
	names := make([]string, 0, len(mod.Replace))
	for name := range mod.Replace {
		names = append(names, name)
	}
	sort.Strings(names) // one order for the map's names
	for _, name := range names {
		eo := b.newOut()
		b.expr(mod.Replace[name], sc, exprCtx{}, eo)
		out.cols = append(out.cols, relCol{name: b.colName(name), origins: eo.origins, unres: eo.unres, span: span})
		b.freeOut(eo)
	}
}

// excluded reports whether a star's modifiers drop column name.
func (b *binder) excluded(mod sqlparse.StarModifier, name string) bool {
	if mod.ILike != "" && !ilikeMatch(mod.ILike, name) {
		return true
	}
	for _, id := range mod.Exclude {
		if b.p.Fold(id, PartColumn) == name {
			return true
		}
	}
	return false
}

// rowValues returns the raw names of the table aliases that e uses as row
// values: unqualified names that name a source of sc and no column of its
// sources (a column wins over an alias, as in BigQuery). Subqueries are
// not entered: their names are theirs.
func (b *binder) rowValues(e ast.ExprNode, sc *scope) []string {
	v := rowValueFinder{b: b, sc: sc}
	e.Accept(&v)
	return v.rows
}

// rowValueFinder is the walk of rowValues.
type rowValueFinder struct {
	b    *binder
	sc   *scope
	rows []string
}

func (v *rowValueFinder) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.SubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		cn := n.Name
		if cn.Table.O != "" || cn.Schema.O != "" {
			return n, true
		}
		var buf [2]sqlparse.Ident
		name := v.b.columnRef(cn, buf[:0])
		if len(name.Parts) != 1 {
			return n, true
		}
		col := v.b.p.Fold(name.Parts[0], PartColumn)
		for _, s := range v.sc.sources {
			if _, ok := s.rel.lookup(col); ok {
				return n, true
			}
		}
		if v.sc.qualified([]string{v.b.p.Fold(name.Parts[0], PartTable)}, &v.b.steps) == nil {
			return n, true
		}
		for _, r := range v.rows {
			if r == cn.Name.O {
				return n, true
			}
		}
		v.rows = append(v.rows, cn.Name.O)
		return n, true
	}
	return n, false
}

func (v *rowValueFinder) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// ilikeMatch reports whether name matches the LIKE pattern p in any case:
// % any run of characters, _ one character, \ makes the next literal.
func ilikeMatch(p, name string) bool {
	type elem struct {
		r    rune
		kind byte // '%', '_' or 0 for the literal r
	}
	var pat []elem
	esc := false
	for _, r := range strings.ToLower(p) {
		switch {
		case esc:
			pat, esc = append(pat, elem{r: r}), false
		case r == '\\':
			esc = true
		case r == '%' || r == '_':
			pat = append(pat, elem{kind: byte(r)})
		default:
			pat = append(pat, elem{r: r})
		}
	}
	nr := []rune(strings.ToLower(name))
	// next[j]: pat[i+1:] matches nr[j:]; cur[j]: pat[i:] matches nr[j:]
	next, cur := make([]bool, len(nr)+1), make([]bool, len(nr)+1)
	next[len(nr)] = true
	for i := len(pat) - 1; i >= 0; i-- {
		for j := len(nr); j >= 0; j-- {
			switch e := pat[i]; {
			case e.kind == '%':
				cur[j] = next[j] || j < len(nr) && cur[j+1]
			case j == len(nr):
				cur[j] = false
			case e.kind == '_':
				cur[j] = next[j+1]
			default:
				cur[j] = e.r == nr[j] && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}
