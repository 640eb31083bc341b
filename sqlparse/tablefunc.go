package sqlparse

import (
	"strconv"
	"strings"
)

// Table-valued functions become LATERAL derived tables whose select list
// derives each output column from the function's input:
//
//	UNNEST(a.tags) AS t(tag)          -> LATERAL (SELECT a.tags) AS t(tag)
//	LATERAL FLATTEN(input => c.x) f   -> LATERAL (SELECT NULL, c.x, CONCAT(c.x), CONCAT(c.x), c.x, c.x)
//	                                     AS f(seq, key, path, index, value, this)
//	LATERAL VIEW explode(xs) t AS x   -> JOIN LATERAL (SELECT xs) AS t(x)
//
// An element's position (WITH ORDINALITY, BigQuery's WITH OFFSET,
// posexplode's pos, FLATTEN's INDEX and PATH, SPLIT_TO_TABLE's INDEX,
// STRING_SPLIT's ordinal) derives from the input it enumerates, as
// FLATTEN's KEY (an element's place in an object) does and as a
// ROW_NUMBER derives from its window's ORDER BY: which positions exist
// and where each element sits are the input's. A number of the input row
// (FLATTEN's and SPLIT_TO_TABLE's SEQ) derives from no column.

// flattenCols are the output columns of Snowflake's FLATTEN: input means
// derived from the input, position an element's position in it.
var flattenCols = []struct {
	name            string
	input, position bool
}{{"seq", false, false}, {"key", true, false}, {"path", false, true}, {"index", false, true}, {"value", true, false}, {"this", true, false}}

// rewriteTableFunc handles a table function starting at token i.
func (st *stmt) rewriteTableFunc(i int) {
	if st.dropped(i) {
		return
	}
	w := upperWord(st, i)
	switch w {
	case "LATERAL":
		if st.word(i+1, "VIEW") {
			st.rewriteLateralView(i)
			return
		}
		if st.isName(i+1) && st.op(i+2, "(") && !st.word(i+1, "TABLE") {
			st.rewriteFromFunc(i, i+1)
		} else if st.word(i+1, "TABLE") && st.op(i+2, "(") {
			st.rewriteTableFunc(i + 1)
		}
		return
	case "TABLE":
		if st.rewriteTableName(i) {
			return
		}
		// TABLE(fn(..)), the function's name of one part or more
		// (TABLE(information_schema.query_history(..)))
		fn := st.nameEnd(i+2) - 1
		if st.op(i+1, "(") && st.isName(i+2) && st.op(fn+1, "(") && (st.fromItem(i) || st.word(i-1, "LATERAL")) {
			start := i
			if st.word(i-1, "LATERAL") {
				start = i - 1
			}
			st.rewriteFromFunc(start, fn)
		}
		return
	case "EXPLODE", "POSEXPLODE", "INLINE", "JSON_TUPLE", "STACK":
		if st.op(i+1, "(") {
			st.rewriteSelectGenerator(i)
		}
	case "UNNEST", "FLATTEN", "GENERATE_SERIES", "EXTERNAL_QUERY", "JSON_TABLE":
		if !st.op(i+1, "(") {
			return
		}
		if st.word(i-1, "IN") && w == "UNNEST" {
			// x IN UNNEST(arr): membership in the array's elements
			st.drop(i, i+1)
			return
		}
		if st.fromItem(i) {
			st.rewriteFromFunc(i, i)
		}
	}
}

// positionOf is an element's position in the input exprs: computed from
// them (a CONCAT of them), not a copy of any.
func (st *stmt) positionOf(exprs ...[]piece) []piece {
	if len(exprs) == 0 {
		return st.pieces1(lit("NULL"))
	}
	all := []piece{lit("CONCAT(")}
	for k, e := range exprs {
		if k > 0 {
			all = append(all, lit(", "))
		}
		all = append(all, e...)
	}
	return append(all, lit(")"))
}

// rewriteSelectGenerator: Spark's generator as a select item with several
// aliases, explode(m) AS (k, v), posexplode(xs) AS (p, x), inline(rows)
// AS (a, b), json_tuple(j, 'a', 'b') AS (a, b), becomes one select item
// per alias, each computed from the generator's input (posexplode's first,
// the element's position, as a TRANSFORMATION): the rows it makes do not
// change where a column comes from. stack(n, e1, .., ek) lays its k
// arguments out in n rows of k/n columns: column j is e(j), e(j+k/n), ..
// Token i is the function's name.
func (st *stmt) rewriteSelectGenerator(i int) {
	close := st.closeOf(i + 1)
	if close < 0 || !st.word(close+1, "AS") || !st.op(close+2, "(") || st.fromItem(i) {
		return
	}
	namesClose := st.closeOf(close + 2)
	if namesClose < 0 {
		return
	}
	var names []int
	for k := close + 3; k < namesClose; k++ {
		if !st.isName(k) || !(st.op(k+1, ",") || k+1 == namesClose) {
			return
		}
		names = append(names, k)
		k++
	}
	if len(names) == 0 {
		return
	}
	var posBuf [4][2]int
	pos, _ := st.funcArgs(i+1, posBuf[:0])
	if upperWord(st, i) == "STACK" {
		st.rewriteStack(i, pos, names, namesClose)
		return
	}
	var inputs [][]piece
	for _, a := range pos {
		if st.kind(a[0]) != tkString && st.kind(a[0]) != tkNumber {
			inputs = append(inputs, st.pieces1(span(a[0], a[1])))
		}
	}
	value := st.pieces1(lit("NULL"))
	if len(inputs) == 1 {
		value = inputs[0]
	} else if len(inputs) > 1 {
		value = st.positionOf(inputs...) // (a CONCAT of them)
	}
	var out []piece
	for n, k := range names {
		if n > 0 {
			out = append(out, lit(", "))
		}
		if n == 0 && upperWord(st, i) == "POSEXPLODE" && len(inputs) > 0 {
			out = append(out, st.positionOf(inputs...)...)
		} else {
			out = append(out, value...)
		}
		out = append(out, lit(" AS "), span(k, k+1))
	}
	st.replaceRange(i, namesClose+1, out...)
}

// rewriteStack writes stack(n, args..) AS (names) at token i, its
// arguments at pos, as one select item per name: the i-th of every row.
func (st *stmt) rewriteStack(i int, pos [][2]int, names []int, namesClose int) {
	if len(pos) < 2 || st.kind(pos[0][0]) != tkNumber || pos[0][1] != pos[0][0]+1 {
		return
	}
	rows, err := strconv.Atoi(st.text(pos[0][0]))
	args := pos[1:]
	if err != nil || rows < 1 || (len(args)+rows-1)/rows != len(names) {
		return // a column count stack does not make: not rewritten
	}
	var out []piece
	for j, k := range names {
		if j > 0 {
			out = append(out, lit(", "))
		}
		var col [][]piece
		for a := j; a < len(args); a += len(names) {
			if st.kind(args[a][0]) != tkString && st.kind(args[a][0]) != tkNumber {
				col = append(col, st.pieces1(span(args[a][0], args[a][1])))
			}
		}
		switch len(col) {
		case 0:
			out = append(out, lit("NULL"))
		case 1:
			out = append(out, col[0]...)
		default:
			out = append(out, st.positionOf(col...)...) // (a CONCAT of them)
		}
		out = append(out, lit(" AS "), span(k, k+1))
	}
	st.replaceRange(i, namesClose+1, out...)
}

// rewriteScriptTransform handles Hive's SELECT TRANSFORM (a, b) USING
// 'script' [AS] (c1 [type], ..) | AS c1, c2: the script may derive each
// output column from any of its inputs, so every column reads them all;
// without AS the outputs are key and value. Token i is TRANSFORM.
func (st *stmt) rewriteScriptTransform(i int) {
	close := st.closeOf(i + 1)
	k := close + 2 // after USING
	if st.kind(k) != tkString {
		return
	}
	k++
	var names []piece
	end := k
	switch {
	case st.word(k, "AS") && st.op(k+1, "("):
		for _, it := range st.listItems(k + 1) {
			if !st.isName(it[0]) {
				return
			}
			names = append(names, span(it[0], it[0]+1))
		}
		end = st.closeOf(k+1) + 1
	case st.word(k, "AS"):
		for j := k + 1; st.isName(j) && !st.isClauseWord(j); j += 2 {
			names = append(names, span(j, j+1))
			end = j + 1
			if !st.op(j+1, ",") {
				break
			}
		}
	default:
		names = []piece{lit("`key`"), lit("`value`")}
	}
	if len(names) == 0 {
		return
	}
	var out []piece
	for j, n := range names {
		if j > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, lit("CONCAT"), span(i+1, close+1), lit(" AS "), n)
	}
	st.replaceRange(i, end, out...)
}

// fromItem reports whether token i starts a FROM item.
func (st *stmt) fromItem(i int) bool {
	if st.anyWord(i-1, "FROM", "JOIN", "LATERAL", "APPLY") {
		return true
	}
	return st.op(i-1, ",") && st.inFrom(i)
}

// funcArgs returns the argument token ranges of the call whose '(' is at
// open, with Snowflake's named arguments (input => x) by name; pos is
// appended to buf.
func (st *stmt) funcArgs(open int, buf [][2]int) (pos [][2]int, named map[string][2]int) {
	pos = buf
	close := st.closeOf(open)
	for j := open + 1; j < close; {
		end := st.findTop(j, close, func(k int) bool { return st.op(k, ",") })
		if end < 0 {
			end = close
		}
		if st.isName(j) && st.op(j+1, "=>") {
			if named == nil {
				named = make(map[string][2]int)
			}
			named[strings.ToLower(st.text(j))] = [2]int{j + 2, end}
		} else if end > j {
			pos = append(pos, [2]int{j, end})
		}
		j = end + 1
	}
	return pos, named
}

// rewriteFromFunc rewrites the FROM item [LATERAL|TABLE(] fn(args) [alias
// [(cols)]] starting at start, fn's name at fn.
func (st *stmt) rewriteFromFunc(start, fn int) {
	name := upperWord(st, fn)
	open := fn + 1
	close := st.closeOf(open)
	if close < 0 {
		return
	}
	end := close + 1
	if st.word(start, "TABLE") || st.word(start+1, "TABLE") {
		if !st.op(end, ")") {
			return
		}
		end++
	}
	var posBuf [4][2]int
	pos, named := st.funcArgs(open, posBuf[:0])
	var exprsBuf [4][]piece
	exprs := exprsBuf[:0]    // one per output column
	var cols []piece         // generated column names
	var positionIn [][]piece // what an element's position is in
	ordinality := false
	if st.word(end, "WITH") && st.word(end+1, "ORDINALITY") {
		ordinality = true
		end += 2
	}
	switch name {
	case "FLATTEN":
		in, ok := named["input"]
		if !ok && len(pos) > 0 {
			in = [2]int{pos[0][0], pos[0][1]}
			ok = true
		}
		if !ok {
			st.fail(fn, "FLATTEN without input")
			return
		}
		for _, c := range flattenCols {
			if c.input {
				exprs = append(exprs, st.pieces1(span(in[0], in[1])))
			} else if c.position {
				exprs = append(exprs, st.positionOf(st.pieces1(span(in[0], in[1]))))
			} else {
				exprs = append(exprs, st.pieces1(lit("NULL")))
			}
			cols = append(cols, lit(backquote(c.name)))
		}
	case "UNNEST":
		for _, a := range pos {
			exprs = append(exprs, st.pieces1(span(a[0], a[1])))
		}
		positionIn = append(positionIn, exprs...)
	default:
		for _, a := range pos {
			if st.kind(a[0]) == tkString || st.kind(a[0]) == tkNumber {
				continue
			}
			exprs = append(exprs, st.pieces1(span(a[0], a[1])))
		}
		if len(exprs) == 0 {
			exprs = append(exprs, st.pieces1(lit("NULL")))
		}
		if len(exprs) > 1 {
			// one column derived from all inputs
			var all []piece
			all = append(all, lit("CONCAT("))
			for k, e := range exprs {
				if k > 0 {
					all = append(all, lit(", "))
				}
				all = append(all, e...)
			}
			exprs = [][]piece{append(all, lit(")"))}
		}
		positionIn = append(positionIn, exprs[0]) // (exprs may be reused below)
	}
	switch {
	case name == "RANGE" && st.spec.name == "hive":
		// Spark's range(start, end[, step]): one column, id, of numbers
		exprs = [][]piece{st.pieces1(lit("NULL"))}
		cols = []piece{lit("`id`")}
	case name == "OPENJSON" && st.word(end, "WITH") && st.op(end+1, "(") && len(exprs) == 1:
		// T-SQL OPENJSON(x) WITH (c type ['$.path'] [AS JSON], ..):
		// every column is read out of x
		in := exprs[0]
		exprs, cols = exprs[:0], nil
		c := st.closeOf(end + 1)
		for k := end + 2; k < c; {
			e := st.findTop(k, c, func(j int) bool { return st.op(j, ",") })
			if e < 0 {
				e = c
			}
			if st.isName(k) {
				exprs = append(exprs, in)
				cols = append(cols, span(k, k+1))
			}
			k = e + 1
		}
		end = c + 1
	case name == "JSON_TABLE" && len(exprs) == 1 && len(pos) == 2:
		// MySQL JSON_TABLE(doc, path COLUMNS (..)): every column is read
		// out of doc but a FOR ORDINALITY one (a row number)
		in := exprs[0]
		exprs, cols = exprs[:0], nil
		if c := st.findTop(pos[1][0], pos[1][1], func(j int) bool { return st.word(j, "COLUMNS") }); c >= 0 && st.op(c+1, "(") {
			exprs, cols = st.jsonTableCols(c+1, in, exprs, cols)
		}
		if len(cols) == 0 {
			exprs = append(exprs, in)
		}
	case (name == "POSEXPLODE" || name == "POSEXPLODE_OUTER") && len(exprs) == 1:
		// Spark's generator as a FROM item: pos, the element's
		// position, and col
		exprs = [][]piece{st.positionOf(exprs[0]), exprs[0]}
		cols = []piece{lit("`pos`"), lit("`col`")}
	case (name == "SPLIT_TO_TABLE" || name == "STRTOK_SPLIT_TO_TABLE") && len(exprs) == 1:
		// Snowflake: SEQ, INDEX and VALUE, the value a part of the input
		exprs = [][]piece{st.pieces1(lit("NULL")), st.positionOf(exprs[0]), exprs[0]}
		cols = []piece{lit("`seq`"), lit("`index`"), lit("`value`")}
	case (name == "OPENJSON" || name == "STRING_SPLIT") && len(exprs) == 1 && st.spec.tsql:
		// their fixed columns: key, value, type; value, ordinal
		in := exprs[0]
		if name == "OPENJSON" {
			exprs = [][]piece{in, in, st.pieces1(lit("NULL"))}
			cols = []piece{lit("`key`"), lit("`value`"), lit("`type`")}
		} else {
			exprs = [][]piece{in, st.positionOf(in)}
			cols = []piece{lit("`value`"), lit("`ordinal`")}
		}
	}
	// alias and column list
	alias := st.aliasAfter(end)
	if alias >= 0 {
		end = alias + 1
	}
	var userCols []int
	if alias >= 0 && st.op(end, "(") {
		c := st.closeOf(end)
		// a column is the first name of an item: a Postgres column
		// definition list (AS r(a int, b text)) gives types too
		for k := end + 1; k < c; k = st.skip(k) {
			if st.isName(k) && (k == end+1 || st.op(k-1, ",")) {
				userCols = append(userCols, k)
			}
		}
		end = st.closeOf(end) + 1
	}
	// BigQuery: WITH OFFSET [AS] o; without an alias the column is named
	// offset, and after AS any name is the alias (WITH OFFSET AS offset)
	offsetCol, withOffset := -1, false
	if st.word(end, "WITH") && st.word(end+1, "OFFSET") {
		withOffset = true
		end += 2
		as := st.word(end, "AS")
		if as {
			end++
		}
		if st.isName(end) && (as || !st.isClauseWord(end)) {
			offsetCol = end
			end++
		}
	}
	var names []piece
	opaque := false
	switch {
	case len(userCols) > 0:
		for _, k := range userCols {
			names = append(names, span(k, k+1))
		}
	case cols != nil:
		names = cols
	case alias >= 0 && name == "UNNEST":
		// UNNEST(x) AS e: e names the element (Postgres, BigQuery)
		names = []piece{span(alias, alias+1)}
	case alias >= 0 && len(exprs) == 1 && !st.word(start, "TABLE") && st.spec.eStrings:
		// Postgres family: a function of one output column in FROM,
		// f(x) AS e, names that column e too (jsonb_array_elements(x) AS
		// item, generate_series(..) AS d)
		names = []piece{span(alias, alias+1)}
	default:
		// TABLE(f(..)) of a function whose columns are not known (not
		// GENERATOR, which has none)
		opaque = len(exprs) == 1 && name != "GENERATOR" && (st.word(start, "TABLE") || st.word(start+1, "TABLE"))
		for k := range exprs {
			if k == 0 {
				names = append(names, lit(backquote(strings.ToLower(name))))
			} else {
				names = append(names, lit(backquote(strings.ToLower(name)+string(rune('0'+k%10)))))
			}
		}
	}
	pad := len(names)
	if ordinality && pad > len(exprs) {
		pad-- // the last name is the ordinality's
	}
	// more names than columns: a function of one input computes every
	// column of its result from it (an array of ROWs' fields, a record's
	// columns: UNNEST(rows) AS u(a, b), jsonb_to_record(x) AS r(a int, b
	// text), jsonb_each(x) AS e(k, v))
	fill := st.pieces1(lit("NULL"))
	if len(exprs) == 1 && cols == nil {
		fill = exprs[0]
	}
	for len(exprs) < pad {
		exprs = append(exprs, fill)
	}
	if ordinality && len(names) > len(exprs) {
		exprs = append(exprs, st.positionOf(positionIn...))
	}
	if offsetCol >= 0 {
		exprs = append(exprs, st.positionOf(positionIn...))
		names = append(names, span(offsetCol, offsetCol+1))
	} else if withOffset {
		exprs = append(exprs, st.positionOf(positionIn...))
		names = append(names, lit("`offset`"))
	}
	// emit
	var outBuf [16]piece // anchorAt copies the pieces
	out := append(outBuf[:0], lit("LATERAL (SELECT "))
	for k, e := range exprs {
		if k > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, e...)
	}
	out, aliasRaw := st.derivedAlias(out, alias, name, names)
	// what an earlier rewrite put after the item's last token (the ON TRUE
	// of rewriteOuterJoin) follows the derived table, not the copies of
	// that token in its column list
	if ed := st.editOf(end - 1); ed != nil && len(ed.after) > 0 {
		out = append(out, ed.after...)
		ed.after = nil
	}
	st.replaceRange(start, end, out...)
	st.recordFunc(aliasRaw, TableFunc{Func: name, Lateral: true, Opaque: opaque && !ordinality && !withOffset})
}

// jsonTableCols appends the columns of JSON_TABLE's COLUMNS (..) whose '('
// is at open: c FOR ORDINALITY (no value of the document), c type [EXISTS]
// PATH p .. (read from in), and NESTED [PATH] p COLUMNS (..), whose
// columns are the table's too.
func (st *stmt) jsonTableCols(open int, in []piece, exprs [][]piece, cols []piece) ([][]piece, []piece) {
	close := st.closeOf(open)
	for k := open + 1; k < close; {
		e := st.findTop(k, close, func(j int) bool { return st.op(j, ",") })
		if e < 0 {
			e = close
		}
		switch {
		case st.word(k, "NESTED"):
			if c := st.findTop(k, e, func(j int) bool { return st.word(j, "COLUMNS") }); c >= 0 && st.op(c+1, "(") {
				exprs, cols = st.jsonTableCols(c+1, in, exprs, cols)
			}
		case st.isName(k) && st.word(k+1, "FOR") && st.word(k+2, "ORDINALITY"):
			exprs = append(exprs, st.pieces1(lit("NULL")))
			cols = append(cols, span(k, k+1))
		case st.isName(k):
			exprs = append(exprs, in)
			cols = append(cols, span(k, k+1))
		}
		k = e + 1
	}
	return exprs, cols
}

// derivedAlias closes the select list of a derived table made from a table
// function and names it: ") AS alias(c1, c2, ...)". The alias is token
// alias, or when alias < 0 the function's name fn in lower case. It returns
// the pieces and the alias as recorded for TableFunc.
func (st *stmt) derivedAlias(out []piece, alias int, fn string, names []piece) ([]piece, string) {
	out = append(out, lit(") AS "))
	var raw string
	if alias >= 0 {
		out = append(out, span(alias, alias+1))
		raw = st.aliasRaw(alias)
	} else {
		raw = strings.ToLower(fn)
		out = append(out, lit(backquote(raw)))
	}
	out = append(out, lit("("))
	for k, n := range names {
		if k > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, n)
	}
	return append(out, lit(")")), raw
}

// rewriteLateralView: t LATERAL VIEW [OUTER] fn(args) alias [AS] c1, c2.
func (st *stmt) rewriteLateralView(i int) {
	f := i + 2
	outer := false
	if st.word(f, "OUTER") {
		outer = true
		f++
	}
	if !st.op(f+1, "(") {
		st.fail(f, "LATERAL VIEW without a function")
		return
	}
	fn := strings.ToUpper(st.text(f))
	close := st.closeOf(f + 1)
	pos, _ := st.funcArgs(f+1, nil)
	end := close + 1
	alias := -1
	if st.isName(end) && !st.word(end, "AS") {
		alias = end
		end++
	}
	var cols []int
	if st.word(end, "AS") {
		end++
		paren := st.op(end, "(")
		if paren {
			end++
		}
		for st.isName(end) {
			cols = append(cols, end)
			end++
			if st.op(end, ",") && st.isName(end+1) && !st.word(end+1, "LATERAL") {
				end++
				continue
			}
			break
		}
		if paren && st.op(end, ")") {
			end++
		}
	}
	if len(pos) == 0 {
		st.fail(f, "LATERAL VIEW function without arguments")
		return
	}
	input := span(pos[0][0], pos[0][1])
	var names []piece
	var exprs []piece
	defaults := []string{"col"}
	switch fn {
	case "POSEXPLODE", "POSEXPLODE_OUTER":
		defaults = []string{"pos", "col"}
	case "JSON_TUPLE":
		defaults = nil
		for k := 1; k < len(pos); k++ {
			defaults = append(defaults, "c"+string(rune('0'+k-1)))
		}
	case "STACK":
		st.fail(f, "LATERAL VIEW stack() is not supported")
		return
	}
	if len(cols) > 0 {
		for _, c := range cols {
			names = append(names, span(c, c+1))
		}
	} else {
		for _, d := range defaults {
			names = append(names, lit(backquote(d)))
		}
	}
	for k := range names {
		if k > 0 {
			exprs = append(exprs, lit(", "))
		}
		if k == 0 && (fn == "POSEXPLODE" || fn == "POSEXPLODE_OUTER") {
			// the element's position in the input
			exprs = append(exprs, lit("CONCAT("), input, lit(")"))
			continue
		}
		exprs = append(exprs, input)
	}
	st.move(i, end)
	join := " JOIN LATERAL (SELECT "
	if outer {
		join = " LEFT JOIN LATERAL (SELECT "
	}
	out := []piece{lit(join)}
	out = append(out, exprs...)
	out, raw := st.derivedAlias(out, alias, fn, names)
	if outer {
		out = append(out, lit(" ON TRUE"))
	}
	st.anchorAt(i, out...)
	st.recordFunc(raw, TableFunc{Func: fn, Lateral: true})
}

// rewriteStars removes star modifiers and records them.
func (st *stmt) rewriteStars() {
	// from the first star to the last one (matchBrackets counted them)
	seen := 0
	for i := st.firstStar; i < len(st.toks) && seen < st.nStars; i++ {
		if !st.op(i, "*") {
			continue
		}
		seen++
		if st.dropped(i) || st.argStar(i) {
			continue
		}
		first := i
		valueStar := st.op(i-1, ".") && st.closesValue(i-2)
		if valueStar {
			// f(x).*, arr[0].*: the fields of a computed value
			first = st.operandStart(i - 2)
			if first < 0 || first > i-2 {
				continue
			}
		} else if st.op(i-1, ".") {
			first = i - 1
			for first > 0 && st.isName(first-1) && (first-1 == 0 || !st.op(first-2, ".")) {
				first--
				break
			}
			for st.op(first-1, ".") && st.isName(first-2) {
				first -= 2
			}
		} else {
			// (over a dropped TOP n: SELECT TOP 10 * EXCLUDE ..)
			p := i - 1
			for p > 0 && st.dropped(p) {
				p--
			}
			if !(st.anyWord(p, "SELECT", "DISTINCT", "ALL") || st.op(i-1, ",")) {
				continue
			}
		}
		j := i + 1
		var mod StarModifier
		found := false
		for {
			switch {
			case st.word(j, "EXCLUDE") || (st.word(j, "EXCEPT") && (st.op(j+1, "(") && !st.anyWord(j+2, "SELECT", "WITH"))):
				j = st.starList(j+1, func(a, b int) {
					if f := st.first; mod.Exclude == nil && f != nil && !f.excludeUsed {
						f.excludeUsed = true
						mod.Exclude = f.exclude[:0]
					}
					mod.Exclude = append(mod.Exclude, st.identAt(a))
				})
				found = true
			case st.word(j, "RENAME"):
				j = st.starList(j+1, func(a, b int) {
					if b-a == 3 && st.word(a+1, "AS") {
						if mod.Rename == nil {
							mod.Rename = make(map[string]Ident)
						}
						mod.Rename[strings.ToLower(st.identAt(a).Name)] = st.identAt(a + 2)
					}
				})
				found = true
			case st.word(j, "REPLACE") && st.op(j+1, "("):
				j = st.starList(j+1, func(a, b int) {
					as := st.findTop(a, b, func(k int) bool { return st.word(k, "AS") })
					if as > a && as+1 < b {
						st.replaceExprs = append(st.replaceExprs, replaceExpr{star: first, col: st.identAt(as + 1), from: a, to: as})
						st.move(a, as)
					}
				})
				found = true
			case st.word(j, "ILIKE") && st.kind(j+1) == tkString:
				mod.ILike = stringValue(st.text(j + 1))
				j += 2
				found = true
			default:
				goto done
			}
		}
	done:
		if valueStar && !found && st.expandStructStar(first, i) {
			continue
		}
		if valueStar {
			st.drop(i-1, i)
			st.replace(i, " AS "+backquote(valueStarAlias))
		}
		if found || valueStar {
			for k := i + 1; k < j && k < len(st.toks) && found; k++ {
				if !st.isMoved(k) {
					st.drop(k, k+1)
				}
			}
			if st.stars == nil && st.ws != nil {
				st.stars = st.ws.starBuf[:0]
			}
			st.stars = append(st.stars, starRec{tok: first, mod: mod})
		}
	}
}

// expandStructStar expands a value star whose value is built by one
// STRUCT(..) constructor (BigQuery: ARRAY_AGG(STRUCT(a, b AS c) ORDER BY
// t DESC LIMIT 1)[OFFSET(0)].*): the fields are the constructor's, named
// by their aliases or their columns, and each is the value computed with
// the field alone in the constructor's place (ARRAY_AGG(a ORDER BY ..)
// [OFFSET(0)] AS a). Tokens [first, star) are the value and its '.'. It
// reports false, changing nothing, when a field has no name or the value
// holds no constructor, more than one, or a query.
func (st *stmt) expandStructStar(first, star int) bool {
	if star+1 >= len(st.toks) || st.spec.name != "bigquery" {
		return false
	}
	ctor := -1
	for k := first; k < star-1; k++ {
		switch {
		case st.anyWord(k, "SELECT", "WITH"):
			return false
		case st.word(k, "STRUCT") && st.op(k+1, "(") && !st.op(k-1, "."):
			if ctor >= 0 {
				return false
			}
			ctor = k
		}
	}
	if ctor < 0 {
		return false
	}
	close := st.closeOf(ctor + 1)
	if close < 0 || close >= star-1 {
		return false
	}
	items := st.listItems(ctor + 1)
	if len(items) == 0 {
		return false
	}
	var out []piece
	for _, it := range items {
		from, to := it[0], it[1]
		var name Ident
		switch {
		case to-from >= 3 && st.word(to-2, "AS") && st.isName(to-1):
			name, to = st.identAt(to-1), to-2
		case st.isName(from) && st.nameEnd(from) == to:
			name = st.identAt(to - 1)
		default:
			return false // a field without a name: its column is not known
		}
		if len(out) > 0 {
			out = append(out, lit(", "))
		}
		out = append(out, span(first, ctor), lit("("), span(from, to), lit(")"), span(close+1, star-1),
			lit(" AS "), lit(st.encodeOne(name, it[0], it[1])))
	}
	st.move(first, star+1)
	st.before(star+1, out...)
	return true
}

// valueStarAlias is the alias of the field that stands for the fields of a
// computed value (f(x).* -> f(x) AS `*`): no name a user writes is encoded
// so, as a quoted * keeps its quotes.
const valueStarAlias = "*"

// replaceExpr is one REPLACE (expr AS col) of a star.
type replaceExpr struct {
	star     int
	col      Ident
	from, to int
}

// starList reads a (a, b) or a bare single item list at i, calling fn with
// each item's token range, and returns the index after it.
func (st *stmt) starList(i int, fn func(a, b int)) int {
	if st.op(i, "(") {
		close := st.closeOf(i)
		if close < 0 {
			return i + 1
		}
		for j := i + 1; j < close; {
			end := st.findTop(j, close, func(k int) bool { return st.op(k, ",") })
			if end < 0 {
				end = close
			}
			if end > j {
				fn(j, end)
			}
			j = end + 1
		}
		return close + 1
	}
	end := i + 1
	if st.word(end, "AS") {
		end += 2
	}
	fn(i, end)
	return end
}

// rewriteDerivedColumns makes (subquery) AS v(a, b) LATERAL, the only form
// in which TiDB takes a column list on a derived table.
func (st *stmt) rewriteDerivedColumns() {
	for i := 0; i < len(st.toks); i++ {
		if !st.op(i, ")") {
			continue
		}
		open := st.closeOf(i)
		if open < 0 || !st.anyWord(open+1, "SELECT", "WITH") {
			continue
		}
		a := st.aliasAfter(i + 1)
		if a < 0 || !st.op(a+1, "(") {
			continue
		}
		if st.word(open-1, "LATERAL") || !st.fromItem(open) {
			continue
		}
		st.before(open, lit("LATERAL "))
	}
}

// argStar rewrites the star at i when it is a function's argument, which
// TiDB takes only in COUNT(*): f(*) (Snowflake HASH(*), OBJECT_CONSTRUCT(*))
// becomes f(`*`), a name the resolver reads as every column of the block's
// sources; f(t.*) becomes f(t), the row t (COUNT(t.*) counts rows:
// COUNT(*)). It reports whether it rewrote.
func (st *stmt) argStar(i int) bool {
	if st.op(i-1, "(") && st.op(i+1, ")") && st.isName(i-2) && !st.isClauseWord(i-2) {
		if st.anyWord(i-2, "COUNT", "COUNT_BIG") {
			return false // counts rows
		}
		st.replace(i, "`*`")
		return true
	}
	if !st.op(i-1, ".") || !st.isName(i-2) || st.op(i-3, ".") || !(st.op(i+1, ")") || st.op(i+1, ",")) ||
		!(st.op(i-3, "(") || st.op(i-3, ",")) {
		return false
	}
	open := i - 3
	for ; open >= 0 && !st.op(open, "("); open-- {
		if st.op(open, "[") || st.op(open, "{") {
			return false
		}
		if st.op(open, ")") || st.op(open, "]") {
			if o := st.closeOf(open); o >= 0 && o < open {
				open = o
			}
		}
	}
	if open < 1 || !st.isName(open-1) || st.isClauseWord(open-1) || st.anyWord(open+1, "SELECT", "WITH") {
		return false
	}
	if st.anyWord(open-1, "COUNT", "COUNT_BIG") {
		if open != i-3 || !st.op(i+1, ")") {
			return false
		}
		st.drop(i-2, i) // COUNT(t.*): COUNT(*)
		return true
	}
	st.drop(i-1, i+1)
	return true
}
