package sqlparse

import (
	"strconv"
	"strings"
)

// Select-list and grouping forms of the warehouses that TiDB lacks:
// a trailing comma before FROM, GROUP BY ALL and ORDER BY ALL.

// rewriteFrom drops the trailing comma of a select list (SELECT a, b, FROM
// t), legal in BigQuery, Snowflake and DuckDB. A comma never precedes FROM
// otherwise, so the rule needs no more context.
func (st *stmt) rewriteFrom(i int) {
	if st.spec.trailingComma && st.op(i-1, ",") && !st.dropped(i-1) {
		st.drop(i-1, i)
	}
	if st.spec.name == "redshift" {
		st.rewritePartiQLFrom(i)
	}
	if st.spec.name == "duckdb" && i > 0 && (st.word(i-1, "AS") || st.op(i-1, "(") &&
		(!st.isName(i-2) || st.anyWord(i-2, subqueryWords...))) {
		// (not f(FROM x): TRIM(FROM s))
		st.rewriteFromFirst(i)
	}
	if st.spec.name == "bigquery" && !st.word(i-1, "DISTINCT") && st.blockSelect(i) >= 0 {
		st.rewriteArrayPaths(i)
	}
	if (st.spec.eStrings || st.spec.name == "hive") && !st.word(i-1, "DISTINCT") && st.blockSelect(i) >= 0 {
		// a query's FROM (not EXTRACT(.. FROM x), IS DISTINCT FROM)
		st.rewriteFromCalls(i)
	}
	if st.spec.name == "bigquery" && !st.word(i-1, "DISTINCT") && st.blockSelect(i) >= 0 {
		st.rewriteTVFCalls(i)
	}
}

// rewriteTVFCalls: in BigQuery a call as a FROM item (FROM ds.fn('x', 1)
// AS f) is a table function of the project's own (CREATE TABLE
// FUNCTION): its rows are its body's, whatever the arguments, so the call
// reads the function's result as a table reads its rows; its scalar
// arguments are dropped. Calls whose arguments hold a query, TABLE or
// MODEL (ML.PREDICT, APPENDS) and the functions other rewrites own
// (UNNEST, EXTERNAL_QUERY) are left as they are. Token i is FROM.
func (st *stmt) rewriteTVFCalls(i int) {
	end := st.blockEnd(i)
	item := true // k starts a FROM item
	for k := i + 1; k < end; {
		if item && st.isName(k) && !st.isClauseWord(k) && !rewriteWords().has(st.text(k)) {
			fn := st.nameEnd(k) - 1
			if st.op(fn+1, "(") && !st.dropped(k) {
				close := st.closeOf(fn + 1)
				if close > fn+1 && st.scalarArgs(fn+2, close) {
					st.drop(fn+1, close+1)
				}
				k, item = st.skip(fn+1), false
				continue
			}
		}
		switch {
		case st.op(k, ","), st.word(k, "JOIN"):
			item = true
		case st.anyWord(k, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY",
			"UNION", "EXCEPT", "INTERSECT", "SELECT"):
			return
		default:
			item = false
		}
		k = st.skip(k)
	}
}

// scalarArgs reports whether tokens [from, to) hold no query, TABLE or
// MODEL argument at any depth.
func (st *stmt) scalarArgs(from, to int) bool {
	for x := from; x < to; x++ {
		if st.anyWord(x, "SELECT", "WITH", "TABLE", "MODEL") {
			return false
		}
	}
	return true
}

// rewriteFromCalls: in the Postgres family (and Spark's table-valued
// functions, range(0, 7)) a function call as a FROM item
// (FROM t, jsonb_array_elements(t.x) AS e; CROSS JOIN f(t.x) AS g) is a
// table function, implicitly LATERAL: it becomes the LATERAL derived
// table rewriteFromFunc makes. Token i is FROM. The functions other
// rewrites own (UNNEST, GENERATE_SERIES, READ_PARQUET, ..) are left to
// them.
func (st *stmt) rewriteFromCalls(i int) {
	end := st.blockEnd(i)
	item := true // k starts a FROM item
	for k := i + 1; k < end; {
		if item && st.isName(k) && !st.isClauseWord(k) && !st.anyWord(k, "ONLY", "ROWS") && !rewriteWords().has(st.text(k)) {
			fn := st.nameEnd(k) - 1
			if st.op(fn+1, "(") && !st.dropped(k) {
				st.rewriteFromFunc(k, fn)
				k, item = st.skip(fn+1), false
				continue
			}
		}
		switch {
		case st.op(k, ","), st.word(k, "JOIN"):
			item = true
		case st.anyWord(k, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH", "WINDOW", "QUALIFY",
			"UNION", "EXCEPT", "INTERSECT", "RETURNING", "FOR", "SELECT", "ON"):
			if !st.word(k, "ON") {
				return
			}
			item = false
		default:
			item = false
		}
		k = st.skip(k)
	}
}

// rewriteFromFirst moves the select list of DuckDB's FROM-first query
// (FROM t SELECT a WHERE ..) inside a statement (CTAS, a subquery) before
// its FROM; a FROM-first query without SELECT selects *. Token i is FROM.
func (st *stmt) rewriteFromFirst(i int) {
	end := st.blockEnd(i)
	sel := st.findTop(i+1, end, func(j int) bool { return st.word(j, "SELECT") })
	if sel < 0 {
		if st.findTop(i+1, end, func(j int) bool { return st.anyWord(j, "INSERT", "UPDATE", "DELETE") }) >= 0 {
			return
		}
		st.before(i, lit("SELECT * "))
		return
	}
	rest := st.findTop(sel+1, end, func(j int) bool {
		return st.anyWord(j, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "UNION", "EXCEPT", "INTERSECT")
	})
	if rest < 0 {
		rest = end
	}
	st.move(sel, rest)
	st.before(i, span(sel, rest), lit(" "))
}

// rewriteByAll handles GROUP BY ALL (BigQuery, Snowflake, Databricks,
// DuckDB): the grouping keys are the select items that hold no aggregate,
// written as their positions (GROUP BY 1, 3). When the list holds a star
// (whose columns are not known here) or only aggregates, the clause is
// dropped: it then adds no key the select items do not already read.
// ORDER BY ALL (DuckDB) sorts by every item: dropped, as it reads nothing
// more either.
func (st *stmt) rewriteByAll(i int) {
	if !st.word(i-1, "BY") {
		return
	}
	if st.word(i-2, "ORDER") {
		st.drop(i-2, i+1)
		return
	}
	if !st.word(i-2, "GROUP") {
		return
	}
	sel := st.blockSelect(i - 2)
	if sel < 0 {
		return
	}
	keys := st.groupKeys(sel, i-2)
	if keys == "" {
		st.drop(i-2, i+1)
		return
	}
	st.replace(i, keys)
}

// blockSelect returns the SELECT that starts the query block holding token
// i (walking back over bracket groups), or -1.
func (st *stmt) blockSelect(i int) int {
	for j := i - 1; j >= 0; j-- {
		if st.op(j, ")") || st.op(j, "]") {
			if o := st.closeOf(j); o >= 0 && o < j {
				j = o
				continue
			}
			return -1
		}
		if st.op(j, "(") || st.op(j, "[") {
			return -1
		}
		if st.word(j, "SELECT") {
			return j
		}
	}
	return -1
}

// groupKeys returns the positions, joined by commas, of the select items of
// the block whose SELECT is at sel and whose list ends before end (FROM or
// the clause at end), that hold no aggregate; "" when an item is a star or
// every item aggregates.
func (st *stmt) groupKeys(sel, end int) string {
	from := sel + 1
	for st.anyWord(from, "DISTINCT", "ALL") {
		from++
	}
	if st.word(from, "TOP") {
		from = st.skip(from + 1)
	}
	if f := st.findTop(from, end, func(j int) bool { return st.word(j, "FROM") }); f >= 0 {
		end = f
	}
	var buf []byte
	pos, itemStart := 0, from
	for j := from; j <= end; {
		if j < end && !st.op(j, ",") {
			j = st.skip(j)
			continue
		}
		if j > itemStart && !st.dropped(itemStart) {
			pos++
			if st.isStarItem(itemStart, j) {
				return ""
			}
			if !st.aggregates(itemStart, j) {
				if len(buf) > 0 {
					buf = append(buf, ", "...)
				}
				buf = strconv.AppendInt(buf, int64(pos), 10)
			}
		}
		j++
		itemStart = j
	}
	return string(buf)
}

// isStarItem reports whether select item [from, to) is * or t.*.
func (st *stmt) isStarItem(from, to int) bool {
	return st.op(to-1, "*") && (to-1 == from || st.op(to-2, "."))
}

// aggregates reports whether tokens [from, to) call an aggregate function
// outside a window (OVER) and outside a subquery.
func (st *stmt) aggregates(from, to int) bool {
	for j := from; j < to; j++ {
		if st.op(j, "(") && st.anyWord(j+1, "SELECT", "WITH") {
			j = max(j, st.closeOf(j))
			continue
		}
		if st.kind(j) != tkWord || !st.op(j+1, "(") || (j > from && st.op(j-1, ".")) {
			continue
		}
		if !aggregateFuncs().has(st.text(j)) {
			continue
		}
		if c := st.closeOf(j + 1); c > 0 && st.word(c+1, "OVER") {
			continue
		}
		return true
	}
	return false
}

// byNameHint marks a SELECT whose columns match by name, not position
// (see ByName): TiDB keeps a QB_NAME hint in the tree, and no SQL a user
// writes names a query block so.
const byNameHint = "colineage_by_name"

// rewriteByName carries BY NAME of DuckDB's and Spark's UNION [ALL] BY
// NAME, and of DuckDB's and Databricks' INSERT INTO t BY NAME, as a hint on
// the SELECT that follows; token i is NAME.
func (st *stmt) rewriteByName(i int) {
	if !st.word(i-1, "BY") {
		return
	}
	setOp := st.anyWord(i-2, "UNION", "EXCEPT", "INTERSECT") ||
		st.anyWord(i-2, "ALL", "DISTINCT") && st.anyWord(i-3, "UNION", "EXCEPT", "INTERSECT")
	if !setOp && !st.insertTarget(i-2) {
		return
	}
	sel := i + 1
	for st.op(sel, "(") {
		sel++
	}
	if !st.word(sel, "SELECT") {
		return
	}
	st.drop(i-1, i+1)
	st.after(sel, lit(" /*+ QB_NAME("+byNameHint+") */"))
}

// insertTarget reports whether token i ends the target name of an INSERT
// INTO (INSERT INTO t, INSERT INTO db.t).
func (st *stmt) insertTarget(i int) bool {
	j := i
	for st.op(j-1, ".") && st.isName(j-2) {
		j -= 2
	}
	return st.isName(i) && st.word(j-1, "INTO") && st.word(j-2, "INSERT")
}

// rewriteAsof reads an ASOF join (DuckDB ASOF [LEFT] JOIN t ON ..,
// Snowflake ASOF JOIN t MATCH_CONDITION (..) [ON ..]) as the join it is
// for lineage: each row pairs with one row of t, columns come from both
// sides, the conditions pick rows; token i is ASOF.
func (st *stmt) rewriteAsof(i int) {
	j := i + 1
	if st.anyWord(j, "LEFT", "RIGHT", "INNER") {
		j++
	}
	if st.word(j, "OUTER") {
		j++
	}
	if st.word(j, "JOIN") {
		st.drop(i, i+1)
	}
}

// rewriteMatchCondition turns Snowflake's MATCH_CONDITION (c) [ON o] into
// ON (c) [AND o]; token i is MATCH_CONDITION.
func (st *stmt) rewriteMatchCondition(i int) {
	if !st.op(i+1, "(") {
		return
	}
	st.replace(i, "ON")
	end := st.skip(i + 1)
	if st.word(end, "ON") {
		st.replace(end, "AND")
	}
}

// rewriteApply reads T-SQL's CROSS APPLY x and OUTER APPLY x as CROSS JOIN
// LATERAL x and LEFT JOIN LATERAL x ON TRUE: x (a subquery, or a
// table-valued function) may refer to the items to its left; token i is
// APPLY.
func (st *stmt) rewriteApply(i int) {
	outer := st.word(i-1, "OUTER")
	if !outer && !st.word(i-1, "CROSS") {
		return
	}
	join := "JOIN"
	if st.op(i+1, "(") {
		join = "JOIN LATERAL" // a function becomes a LATERAL derived table itself
	} else if st.isName(i+1) && st.op(st.nameEnd(i+1), "(") {
		end := st.nameEnd(i + 1)
		st.rewriteFromFunc(i+1, end-1)
	}
	if outer {
		st.replace(i-1, "LEFT")
		st.replace(i, join)
		st.onTrue(i)
		return
	}
	st.replace(i, join)
}

// rewriteDeleteReturning reads a data-modifying CTE of Postgres, WITH d AS
// (DELETE FROM t [AS x] [WHERE c] RETURNING cols), as the query of the rows
// it deletes, SELECT cols FROM t [AS x] [WHERE c]: what the statement does
// with d then reads t's columns. Token i is DELETE.
func (st *stmt) rewriteDeleteReturning(i int) {
	if !st.op(i-1, "(") || !st.word(i-2, "AS") || !st.word(i+1, "FROM") {
		return
	}
	close := st.closeOf(i - 1)
	if close < 0 {
		return
	}
	ret := st.findTop(i+2, close, func(j int) bool { return st.word(j, "RETURNING") })
	if ret < 0 || ret+1 >= close || st.findTop(i+2, ret, func(j int) bool { return st.word(j, "USING") }) >= 0 {
		return
	}
	st.replace(i, "SELECT")
	st.after(i, lit(" "), span(ret+1, close), lit(" "))
	st.move(ret+1, close)
	st.drop(ret, ret+1)
}

// rewriteUpdateReturning reads a data-modifying CTE of Postgres, WITH u AS
// (UPDATE t [AS x] SET c = e, .. [FROM s] [WHERE w] RETURNING r, ..), as
// the query of the rows it returns: SELECT r, .. FROM t [AS x][, s]
// [WHERE w], where a returned column the SET assigns is its new value
// (RETURNING c gives e). Token i is UPDATE.
func (st *stmt) rewriteUpdateReturning(i int) {
	close := st.closeOf(i - 1)
	if close < 0 {
		return
	}
	name := i + 1
	set := st.findTop(name, close, func(j int) bool { return st.word(j, "SET") })
	ret := st.findTop(name, close, func(j int) bool { return st.word(j, "RETURNING") })
	if set < 0 || ret < set || ret+1 >= close || st.nameEnd(name) == name {
		return
	}
	// the names the target answers to: its last name part and an alias
	qual := []string{st.text(st.nameEnd(name) - 1)}
	if a := st.nameEnd(name); a < set {
		qual = append(qual, st.text(set-1))
	}
	from := st.findTop(set, ret, func(j int) bool { return st.word(j, "FROM") })
	where := st.findTop(set, ret, func(j int) bool { return st.word(j, "WHERE") })
	setEnd := ret
	for _, k := range []int{from, where} {
		if k >= 0 && k < setEnd {
			setEnd = k
		}
	}
	// the assignments: column token -> expression range
	type assign struct{ col, from, to int }
	var sets []assign
	for j := set + 1; j < setEnd; {
		e := st.findTop(j, setEnd, func(k int) bool { return st.op(k, ",") })
		if e < 0 {
			e = setEnd
		}
		col := j
		if st.isName(j) && st.op(j+1, ".") && st.isName(j+2) {
			col = j + 2
		}
		if !st.isName(col) || !st.op(col+1, "=") {
			return // a row assignment (a, b) = ..: left as it is
		}
		sets = append(sets, assign{col, col + 2, e})
		j = e + 1
	}
	isQual := func(k int) bool {
		for _, q := range qual {
			if strings.EqualFold(st.text(k), q) {
				return true
			}
		}
		return false
	}
	out := []piece{lit("SELECT ")}
	for j := ret + 1; j < close; {
		e := st.findTop(j, close, func(k int) bool { return st.op(k, ",") })
		if e < 0 {
			e = close
		}
		if j > ret+1 {
			out = append(out, lit(", "))
		}
		col := -1
		switch {
		case e-j == 1 && st.isName(j):
			col = j
		case e-j == 3 && st.isName(j) && st.op(j+1, ".") && st.isName(j+2) && isQual(j):
			col = j + 2
		}
		written := false
		if col >= 0 {
			for _, a := range sets {
				if strings.EqualFold(st.text(a.col), st.text(col)) {
					out = append(out, lit("("), span(a.from, a.to), lit(") AS "), span(col, col+1))
					written = true
					break
				}
			}
		}
		if !written {
			out = append(out, span(j, e))
		}
		j = e + 1
	}
	out = append(out, lit(" FROM "), span(name, set))
	if from >= 0 {
		end := ret
		if where > from {
			end = where
		}
		out = append(out, lit(", "), span(from+1, end))
	}
	if where >= 0 {
		out = append(out, lit(" "), span(where, ret))
	}
	st.replaceRange(i, close, out...)
}

// rewriteRowAssignment reads the first assignment of an UPDATE's SET when
// it sets several columns at once (Postgres, Oracle, DuckDB): (a, b) =
// (SELECT x, y FROM ..) becomes a = (SELECT x FROM ..), b = (SELECT y
// FROM ..), and (a, b) = (x, y) becomes a = x, b = y. Token i is SET.
func (st *stmt) rewriteRowAssignment(i int) {
	open := i + 1
	close := st.closeOf(open)
	r := close + 2
	if st.word(r, "ROW") && st.op(r+1, "(") {
		r++ // (a, b) = ROW(x, y): the row constructor
	}
	if close < 0 || !st.op(close+1, "=") || !st.op(r, "(") || st.spec.isMySQL() {
		return
	}
	names := st.listItems(open)
	for _, n := range names {
		if n[1]-n[0] != 1 || !st.isName(n[0]) {
			return
		}
	}
	rclose := st.closeOf(r)
	if rclose < 0 || len(names) == 0 {
		return
	}
	var items [][2]int
	from := -1
	if st.word(r+1, "SELECT") {
		from = st.findTop(r+2, rclose, func(k int) bool { return st.word(k, "FROM") })
		if from < 0 {
			from = rclose
		}
		for j := r + 2; j < from; {
			end := st.findTop(j, from, func(k int) bool { return st.op(k, ",") })
			if end < 0 {
				end = from
			}
			items = append(items, [2]int{j, end})
			j = end + 1
		}
	} else {
		items = st.listItems(r)
	}
	if len(items) != len(names) {
		return
	}
	var out []piece
	for k, n := range names {
		if k > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, span(n[0], n[1]), lit(" = "))
		if from >= 0 {
			out = append(out, lit("(SELECT "), span(items[k][0], items[k][1]), lit(" "), span(from, rclose), lit(")"))
		} else {
			out = append(out, span(items[k][0], items[k][1]))
		}
	}
	st.replaceRange(open, rclose+1, out...)
}

// rewritePartiQLFrom rewrites Redshift's PartiQL unnesting in a FROM list
// (FROM t o, o.payload.items AS i [AT n]), and BigQuery's implicit UNNEST
// (FROM t o, o.items AS i) that has the same form: an item whose dotted name starts
// with the alias (or table name) of an earlier item of the same list ranges
// over the elements of that item's SUPER value, like UNNEST:
//
//	o.payload.items AS i AT n -> LATERAL (SELECT o.payload.items) AS i(i, n)
//
// Token i is FROM.
func (st *stmt) rewritePartiQLFrom(i int) {
	var names [8]string
	seen := names[:0] // the aliases of the items so far
	for j := i + 1; j < len(st.toks); {
		if st.spec.name == "redshift" && st.word(j, "UNPIVOT") && len(seen) > 0 && st.isName(j+1) && st.seenAlias(seen, j+1) && st.op(j+2, ".") {
			// Redshift UNPIVOT o.obj AS v AT k: the values of a SUPER
			// object AS v and its keys AT k, read as unnesting the
			// object is (both from the navigated value)
			st.drop(j, j+1)
			j++
		}
		start := j
		if st.isName(j) && !st.isClauseWord(j) {
			end := st.nameEnd(j)
			if len(seen) > 0 && end > j+1 && st.op(j+1, ".") && st.seenAlias(seen, j) {
				// the element's alias (or the path's last name) may be
				// navigated by a later item: o.items AS i, i.parts AS p
				if a := st.aliasAfter(end); a >= 0 {
					seen = append(seen, st.identAt(a).Name)
				} else {
					seen = append(seen, st.identAt(end-1).Name)
				}
				j = st.rewritePartiQLItem(start, end)
			} else {
				last := end - 1
				j = end
				if a := st.aliasAfter(j); a >= 0 && !st.op(a+1, "(") {
					last = a
					j = a + 1
				}
				seen = append(seen, st.identAt(last).Name)
			}
		} else if st.op(j, "(") {
			j = st.skip(j)
			if a := st.aliasAfter(j); a >= 0 {
				seen = append(seen, st.identAt(a).Name)
				j = a + 1
			}
		} else {
			return
		}
		// on to the next item: after a comma or a join, over a join's
		// condition; the clause that ends the list ends the walk
		for j < len(st.toks) && !st.op(j, ",") {
			if st.word(j, "JOIN") {
				break
			}
			if st.op(j, ")") || st.op(j, ";") || j > start && st.anyWord(j, "WHERE", "GROUP", "HAVING", "ORDER",
				"LIMIT", "QUALIFY", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "MINUS") {
				return
			}
			j = st.skip(j)
		}
		j++
	}
}

// seenAlias reports whether the name token j is one of seen (in any case).
func (st *stmt) seenAlias(seen []string, j int) bool {
	n := st.identAt(j).Name
	for _, s := range seen {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

// rewritePartiQLItem rewrites the navigation [start, end) with its alias
// (without one, its last name, as BigQuery names it) and AT index into a
// lateral derived table; it returns the token after the item.
func (st *stmt) rewritePartiQLItem(start, end int) int {
	alias := st.aliasAfter(end)
	next := alias + 1
	implicit := "" // the alias a path without one has: its last name
	names := []piece{span(alias, alias+1)}
	if alias < 0 {
		implicit, next = st.identAt(end-1).Name, end
		names[0] = lit(backquote(strings.ToLower(implicit)))
	}
	exprs := []piece{span(start, end)}
	if st.word(next, "AT") && st.isName(next+1) && !st.isClauseWord(next+1) {
		// the element's position, computed from the navigated value
		names = append(names, span(next+1, next+2))
		exprs = append(exprs, lit(", "))
		exprs = append(exprs, st.positionOf([]piece{span(start, end)})...)
		next += 2
	}
	out := append([]piece{lit("LATERAL (SELECT ")}, exprs...)
	fn := "UNNEST"
	if alias < 0 {
		fn = implicit
	}
	out, aliasRaw := st.derivedAlias(out, alias, fn, names)
	if alias < 0 {
		// the copy of the path would hold the anchor: emit after the
		// comma before it instead
		st.move(start, next)
		st.after(start-1, append([]piece{lit(" ")}, out...)...)
	} else {
		st.replaceRange(start, next, out...)
	}
	st.recordFunc(aliasRaw, TableFunc{Func: "UNNEST", Lateral: true})
	return next
}

// rewriteArrayPaths: in BigQuery a FROM item that is a path starting with
// a range variable in scope (FROM t, t.arr AS x; a correlated FROM c.arr
// inside a subquery over c) is an array of that row, unnested: it becomes
// the LATERAL derived table UNNEST(t.arr) AS x becomes, its element named
// by the alias or else by the path's last name. Token i is FROM.
func (st *stmt) rewriteArrayPaths(i int) {
	end := st.blockEnd(i)
	item := true // k starts a FROM item
	for k := i + 1; k < end; {
		if item && st.isName(k) && !st.isClauseWord(k) && st.op(k+1, ".") && !st.dropped(k) {
			e := st.nameEnd(k)
			if !st.op(e, "(") && !(st.kind(k) == tkQIdent && strings.IndexByte(st.text(k), '.') >= 0) &&
				st.rangeVarInScope(k, st.identAt(k).Name) {
				st.arrayPaths = append(st.arrayPaths, [2]int{k, e})
			}
			k, item = e, false
			continue
		}
		switch {
		case st.op(k, ","), st.word(k, "JOIN"):
			item = true
		case st.anyWord(k, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "SELECT"):
			return
		default:
			item = false
		}
		k = st.skip(k)
	}
}

// rangeVarInScope reports whether name (in any case) names a FROM item of
// the query block holding token at or of a block around it: an alias, or
// a table's last name when it has none.
func (st *stmt) rangeVarInScope(at int, name string) bool {
	for open := st.openAround(at); ; open = st.openAround(open) {
		lo, hi := open+1, len(st.toks)
		if open >= 0 {
			hi = st.closeOf(open)
		}
		if hi < 0 {
			return false
		}
		from := false // inside the block's FROM clause
		for k := lo; k < hi; k = st.skip(k) {
			switch {
			case st.anyWord(k, "FROM", "JOIN"):
				from = true
			case st.anyWord(k, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "SELECT", "ON", "USING"):
				from = false
				continue
			case !(from && st.op(k, ",")):
				continue
			}
			q := k + 1
			if q == at {
				continue
			}
			var e, last int
			switch {
			case st.op(q, "("):
				e, last = st.skip(q), -1
			case st.isName(q) && !st.isClauseWord(q):
				e = st.nameEnd(q)
				last = e - 1
				if st.op(e, "(") {
					e, last = st.skip(e), -1
				}
			default:
				continue
			}
			if a := st.aliasAfter(e); a >= 0 {
				last = a
			}
			if last >= 0 && strings.EqualFold(st.identAt(last).Name, name) {
				return true
			}
		}
		if open < 0 {
			return false
		}
	}
}

// openAround returns the '(' of the bracket group around token i, or -1.
func (st *stmt) openAround(i int) int {
	for j := i - 1; j >= 0; j-- {
		if st.op(j, ")") && j < len(st.match) && st.match[j] < int32(j) {
			j = int(st.match[j])
			continue
		}
		if st.op(j, "(") {
			return j
		}
	}
	return -1
}

// rewriteArrayPath rewrites the array path [start, end) (a FROM item) as
// UNNEST(path) [WITH OFFSET [AS o]] [AS x] is rewritten.
func (st *stmt) rewriteArrayPath(start, end int) {
	// the path in two pieces: a copy of all of [start, end) would hold the
	// range's own rewrite when no alias follows (end is its end too)
	in := []piece{span(start, end-1), span(end-1, end)}
	alias := st.aliasAfter(end)
	e := end
	if alias >= 0 {
		e = alias + 1
	} else {
		alias = end - 1 // the path's last name names the element
	}
	names := []piece{span(alias, alias+1)}
	exprs := append([]piece{lit("LATERAL (SELECT ")}, in...)
	if st.word(e, "WITH") && st.word(e+1, "OFFSET") {
		e += 2
		as := st.word(e, "AS")
		if as {
			e++
		}
		off := lit("`offset`")
		if st.isName(e) && (as || !st.isClauseWord(e)) {
			off = span(e, e+1)
			e++
		}
		exprs = append(exprs, lit(", "))
		exprs = append(exprs, st.positionOf(in)...)
		names = append(names, off)
	}
	var out []piece
	var aliasRaw string
	if alias >= end {
		out, aliasRaw = st.derivedAlias(exprs, alias, "UNNEST", names)
	} else {
		// named by the path's last name, a token of the range replaced:
		// written as text
		aliasRaw = strings.ToLower(st.identAt(alias).Name)
		names[0] = lit(backquote(aliasRaw))
		out = append(exprs, lit(") AS "+backquote(aliasRaw)+"("))
		for k, n := range names {
			if k > 0 {
				out = append(out, lit(", "))
			}
			out = append(out, n)
		}
		out = append(out, lit(")"))
	}
	if ed := st.editOf(e - 1); ed != nil && len(ed.after) > 0 {
		out = append(out, ed.after...)
		ed.after = nil
	}
	st.replaceRange(start, e, out...)
	st.recordFunc(aliasRaw, TableFunc{Func: "UNNEST", Lateral: true})
}
