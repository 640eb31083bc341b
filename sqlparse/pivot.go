package sqlparse

import (
	"strings"
)

// PIVOT and UNPIVOT in FROM (Snowflake, BigQuery, Databricks/Spark, DuckDB,
// T-SQL, Oracle) become derived tables whose select list states where each
// output column comes from:
//
//	src PIVOT (SUM(v) FOR k IN ('a' AS x, 'b')) p
//	  -> (SELECT * EXCLUDE (k, v), SUM(v) AS x, SUM(v) AS b FROM src) AS p
//	src UNPIVOT (val FOR name IN (c1, c2)) u
//	  -> (SELECT * EXCLUDE (c1, c2), CONCAT(c1, c2) AS name,
//	             CONCAT(c1, c2) AS val FROM src) AS u
//
// The star keeps the source's other columns (a pivot's grouping columns,
// an unpivot's untouched ones) and its EXCLUDE list, recorded as a star
// modifier, drops the columns the clause consumes. A pivoted column derives
// from its aggregate's arguments; an unpivoted value column from every
// listed column in its position, and the name column from all of them.
// Chained clauses nest, each over the one before. A column list after the
// alias (AS t(a, b, ..)) renames the output in order (LATERAL, the form in
// which TiDB takes one). An IN list TiDB cannot know (ANY, a subquery) is
// an error.

// pivotClause is one PIVOT or UNPIVOT clause of a FROM item.
type pivotClause struct {
	kw       int  // the PIVOT / UNPIVOT token
	unpivot  bool // UNPIVOT
	open     int  // its '('
	alias    int  // alias token after the clause, or -1
	colsOpen int  // '(' of the alias's column list, or -1
	end      int  // index after the clause and its alias
}

// rewritePivot handles a PIVOT or UNPIVOT keyword at token i that follows
// a FROM item; the first clause of a chain rewrites the whole chain.
func (st *stmt) rewritePivot(i int) {
	if !st.spec.pivots || st.isMoved(i) || st.dropped(i) || st.pivotOpen(i) < 0 {
		return
	}
	start, srcAlias, ok := st.pivotSource(i)
	if !ok {
		return
	}
	var clauses []pivotClause
	for k := i; ; {
		open := st.pivotOpen(k)
		if open < 0 {
			break
		}
		c := pivotClause{kw: k, unpivot: st.word(k, "UNPIVOT"), open: open, alias: -1, colsOpen: -1}
		end := st.closeOf(open) + 1
		if end <= open {
			return
		}
		if a := st.aliasAfter(end); a >= 0 && st.pivotOpen(a) < 0 {
			c.alias = a
			end = a + 1
			if st.op(end, "(") && st.closeOf(end) > end {
				c.colsOpen = end
				end = st.closeOf(end) + 1
			}
		}
		c.end = end
		clauses = append(clauses, c)
		k = end
	}
	if len(clauses) == 0 {
		return
	}
	// the source, with an alias when it is a derived table without one
	inner := []piece{span(start, i)}
	if st.op(i-1, ")") {
		inner = append(inner, lit(" AS _src"))
	}
	name := srcAlias // the name the output goes by, unless aliased
	for _, c := range clauses {
		var items []piece
		var exclude []Ident
		var ok bool
		if c.unpivot {
			items, exclude, ok = st.unpivotItems(c)
		} else {
			items, exclude, ok = st.pivotItems(c)
		}
		if !ok {
			return
		}
		out := []piece{lit("(SELECT "), litAt("*", st.toks[c.kw].start)}
		out = append(out, items...)
		out = append(out, lit(" FROM "))
		out = append(out, inner...)
		out = append(out, lit(") AS "))
		switch {
		case c.alias >= 0:
			out = append(out, span(c.alias, c.alias+1))
			name = span(c.alias, c.alias+1)
		case name.isRange() || name.text != "":
			out = append(out, name)
		default:
			name = lit("_pivot")
			out = append(out, name)
		}
		if c.colsOpen >= 0 {
			out = append([]piece{lit("LATERAL ")}, out...)
			out = append(out, span(c.colsOpen, st.closeOf(c.colsOpen)+1))
		}
		st.recordStar(c.kw, StarModifier{Exclude: exclude})
		inner = out
	}
	end := clauses[len(clauses)-1].end
	st.move(start, end)
	st.anchorAt(start, inner...)
}

// pivotOpen returns the '(' of a PIVOT / UNPIVOT clause at token k (after
// UNPIVOT's INCLUDE / EXCLUDE NULLS), or -1.
func (st *stmt) pivotOpen(k int) int {
	if !st.anyWord(k, "PIVOT", "UNPIVOT") {
		return -1
	}
	o := k + 1
	if st.word(k, "UNPIVOT") && st.anyWord(o, "INCLUDE", "EXCLUDE") && st.word(o+1, "NULLS") {
		o += 2
	}
	if !st.op(o, "(") || st.closeOf(o) < o {
		return -1
	}
	return o
}

// pivotSource finds the FROM item that a PIVOT at token kw pivots: a table
// name or a derived table, with its alias. It returns its first token and
// the name the pivot's output goes by when the clause has no alias (the
// source's alias, or its table name's last part).
func (st *stmt) pivotSource(kw int) (start int, name piece, ok bool) {
	q := kw - 1
	alias := -1
	if st.isName(q) && !st.op(q-1, ".") && !st.isClauseWord(q) &&
		(st.word(q-1, "AS") || st.op(q-1, ")") || (st.isName(q-1) && !st.isClauseWord(q-1))) {
		alias = q
		q--
		if st.word(q, "AS") {
			q--
		}
	}
	switch {
	case st.op(q, ")"):
		open := st.closeOf(q)
		if open < 0 || !st.anyWord(open+1, "SELECT", "WITH") {
			return 0, piece{}, false
		}
		start = open
		if st.word(open-1, "LATERAL") {
			start--
		}
	case st.isName(q) && !st.isClauseWord(q):
		start = q
		for st.op(start-1, ".") && st.isName(start-2) {
			start -= 2
		}
		if alias < 0 {
			alias = q
		}
	default:
		return 0, piece{}, false
	}
	if !st.fromItem(start) {
		return 0, piece{}, false
	}
	if alias >= 0 {
		name = span(alias, alias+1)
	}
	return start, name, true
}

// listItems returns the token ranges of the comma-separated items inside
// the brackets opening at open.
func (st *stmt) listItems(open int) [][2]int {
	var out [][2]int
	close := st.closeOf(open)
	for j := open + 1; j < close; {
		end := st.findTop(j, close, func(k int) bool { return st.op(k, ",") })
		if end < 0 {
			end = close
		}
		if end > j {
			out = append(out, [2]int{j, end})
		}
		j = end + 1
	}
	return out
}

// nameList returns the name tokens of a bare name or a bracketed list of
// names at j (up to end), or nil when it is neither.
func (st *stmt) nameList(j, end int) []int {
	if st.op(j, "(") {
		var out []int
		for _, it := range st.listItems(j) {
			if it[1]-it[0] != 1 || !st.isName(it[0]) {
				return nil
			}
			out = append(out, it[0])
		}
		return out
	}
	if end-j == 1 && st.isName(j) {
		return []int{j}
	}
	return nil
}

// itemAlias splits an IN-list item [a, b) into its value tokens and its
// alias token ([AS] name after the value), or -1.
func (st *stmt) itemAlias(a, b int) (int, int) {
	if b-a >= 2 && st.word(b-2, "AS") {
		return b - 2, b - 1
	}
	if b-a >= 2 && (st.isName(b-1) || st.kind(b-1) == tkString) && !st.op(b-2, ".") && !st.op(b-2, "(") && (st.skip(a) == b-1) {
		return b - 1, b - 1
	}
	return b, -1
}

// unpivotItems returns the select items of an UNPIVOT clause and the
// columns its star excludes: (v FOR n IN (c1, c2)) or ((v1, v2) FOR n IN
// ((a1, a2) AS x, (b1, b2) AS y)).
func (st *stmt) unpivotItems(c pivotClause) ([]piece, []Ident, bool) {
	close := st.closeOf(c.open)
	f := st.findTop(c.open+1, close, func(k int) bool { return st.word(k, "FOR") })
	if f < 0 || !st.isName(f+1) || !st.word(f+2, "IN") || !st.op(f+3, "(") {
		st.fail(c.kw, "UNPIVOT without FOR name IN (..)")
		return nil, nil, false
	}
	values := st.nameList(c.open+1, f)
	if values == nil {
		st.fail(c.open+1, "UNPIVOT value columns must be names")
		return nil, nil, false
	}
	nameCol := f + 1
	// per value column, the listed columns in its position
	cols := make([][]piece, len(values))
	var all []piece
	var exclude []Ident
	for _, it := range st.listItems(f + 3) {
		end, _ := st.itemAlias(it[0], it[1])
		names := st.nameList(it[0], end)
		if len(names) != len(values) {
			st.fail(it[0], "UNPIVOT column list does not match its value columns")
			return nil, nil, false
		}
		for k, n := range names {
			cols[k] = append(cols[k], span(n, n+1))
			all = append(all, span(n, n+1))
			exclude = append(exclude, st.identAt(n))
		}
	}
	if len(all) == 0 {
		st.fail(f+3, "UNPIVOT without columns")
		return nil, nil, false
	}
	nameItem := append(derivedFrom(all), lit(" AS "), span(nameCol, nameCol+1))
	var valueItems []piece
	for k, v := range values {
		valueItems = append(valueItems, lit(", "))
		valueItems = append(valueItems, derivedFrom(cols[k])...)
		valueItems = append(valueItems, lit(" AS "), span(v, v+1))
	}
	if st.spec.name == "bigquery" {
		// BigQuery lists the value columns before the name column
		out := append(valueItems, lit(", "))
		return append(out, nameItem...), exclude, true
	}
	out := append([]piece{lit(", ")}, nameItem...)
	return append(out, valueItems...), exclude, true
}

// derivedFrom returns an expression that derives from every piece: the one
// piece alone, or CONCAT of them.
func derivedFrom(ps []piece) []piece {
	if len(ps) == 1 {
		return []piece{ps[0]}
	}
	out := []piece{lit("CONCAT(")}
	for k, p := range ps {
		if k > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, p)
	}
	return append(out, lit(")"))
}

// pivotItems returns the select items of a PIVOT clause and the columns its
// star excludes: (agg [AS a], .. FOR col IN (v [AS x], ..)), FOR (c1, c2)
// IN ((v1, v2) AS x) too. A pivoted column is named by its value's alias
// or the value itself; with several aggregates, value_alias (BigQuery:
// alias_value).
func (st *stmt) pivotItems(c pivotClause) ([]piece, []Ident, bool) {
	close := st.closeOf(c.open)
	f := st.findTop(c.open+1, close, func(k int) bool { return st.word(k, "FOR") })
	if f < 0 {
		st.fail(c.kw, "PIVOT without FOR")
		return nil, nil, false
	}
	in := st.findTop(f+1, close, func(k int) bool { return st.word(k, "IN") })
	if in < 0 || !st.op(in+1, "(") {
		st.fail(c.kw, "PIVOT without IN (..)")
		return nil, nil, false
	}
	if st.anyWord(in+2, "ANY", "SELECT", "WITH") {
		st.fail(in+2, "PIVOT with a dynamic IN list: its columns are not known")
		return nil, nil, false
	}
	forCols := st.nameList(f+1, in)
	if forCols == nil {
		st.fail(f+1, "PIVOT FOR must name columns")
		return nil, nil, false
	}
	var exclude []Ident
	for _, k := range forCols {
		exclude = append(exclude, st.identAt(k))
	}
	// the aggregates, with their aliases
	type agg struct{ from, to, alias int }
	var aggs []agg
	for _, it := range st.listItems(c.open) {
		if it[0] >= f {
			break
		}
		to := min(it[1], f)
		a := agg{from: it[0], to: to, alias: -1}
		if to-it[0] >= 3 && st.word(to-2, "AS") && st.isName(to-1) {
			a.to, a.alias = to-2, to-1
		} else if to-it[0] >= 2 && st.isName(to-1) && st.op(to-2, ")") {
			a.to, a.alias = to-1, to-1
		}
		aggs = append(aggs, a)
		exclude = st.columnRefs(a.from, a.to, exclude)
	}
	if len(aggs) == 0 {
		st.fail(c.open+1, "PIVOT without an aggregate")
		return nil, nil, false
	}
	var out []piece
	for _, it := range st.listItems(in + 1) {
		vend, alias := st.itemAlias(it[0], it[1])
		value := st.valueName(it[0], vend, alias)
		for _, a := range aggs {
			name := value
			if len(aggs) > 1 || (a.alias >= 0 && st.spec.name == "bigquery") {
				an := strings.ToLower(st.text(a.from))
				if a.alias >= 0 {
					an = st.identAt(a.alias).Name
				}
				if st.spec.name == "bigquery" {
					name = Ident{Name: an + "_" + value.Name, Quoted: value.Quoted}
				} else {
					name = Ident{Name: value.Name + "_" + an, Quoted: value.Quoted}
				}
			}
			out = append(out, lit(", "), span(a.from, a.to), lit(" AS "), lit(st.encodeOne(name, it[0], it[1])))
		}
	}
	if len(out) == 0 {
		st.fail(in+1, "PIVOT without values")
		return nil, nil, false
	}
	return out, exclude, true
}

// valueName names the column a PIVOT value makes: its alias, or the value
// itself (a string's or a bracketed name's text, a number as written; on
// Snowflake a string keeps its quotes).
func (st *stmt) valueName(from, to, alias int) Ident {
	if alias >= 0 {
		return st.identAt(alias)
	}
	if to-from == 1 {
		switch st.kind(from) {
		case tkString:
			if st.spec.name == "snowflake" {
				// Snowflake names the column after the literal as
				// written, quotes included: "'Q1'"
				return Ident{Name: "'" + st.identAt(from).Name + "'", Quoted: true}
			}
			return Ident{Name: st.identAt(from).Name, Quoted: true}
		case tkQIdent:
			return Ident{Name: st.identAt(from).Name, Quoted: true}
		}
	}
	var b strings.Builder
	for k := from; k < to; k++ {
		if st.op(k, "(") || st.op(k, ")") {
			continue
		}
		if st.op(k, ",") {
			b.WriteByte('_')
			continue
		}
		b.WriteString(st.identAt(k).Name)
	}
	return Ident{Name: b.String(), Quoted: st.kind(from) != tkWord}
}

// columnRefs appends the columns that tokens [from, to) name (the last part
// of each name that is not a function).
func (st *stmt) columnRefs(from, to int, out []Ident) []Ident {
	for k := from; k < to; k++ {
		if !st.isName(k) || st.op(k+1, "(") || st.op(k+1, ".") || st.isClauseWord(k) || st.anyWord(k, "DISTINCT", "ALL") {
			continue
		}
		if st.kind(k) == tkWord && isReserved(st.text(k)) {
			continue
		}
		out = append(out, st.identAt(k))
	}
	return out
}

// recordStar records the modifier of a star sqlparse generated, found by
// the offset of token tok (see litAt).
func (st *stmt) recordStar(tok int, mod StarModifier) {
	if st.stars == nil && st.ws != nil {
		st.stars = st.ws.starBuf[:0]
	}
	st.stars = append(st.stars, starRec{tok: tok, mod: mod})
}
