package sqlparse

import (
	"strings"
	"sync"
)

// Expression forms TiDB lacks, handled in one last pass over the tokens
// (after the other rewrites, whose edits it respects):
//
//	trim (x), EXTRACT (..)     -> trim(x), EXTRACT(..): TiDB knows a
//	                              built-in only with its '(' against it
//	f(x).field, (e).field      -> f(x), (e): a field of a computed value
//	arr[0].field                  derives from what the value derives from

// rewriteExprTail runs the last pass.
func (st *stmt) rewriteExprTail() {
	toks := st.toks
	for i := 1; i+1 < len(toks); i++ {
		t := toks[i]
		switch {
		case t.kind == tkOp && t.end-t.start == 1 && st.src[t.start] == '(':
			// a keyword, then a space, then '(': close the gap
			p := toks[i-1]
			if p.kind == tkWord && p.end < t.start && spacedBuiltins().has(st.text(i-1)) && !st.namedHere(i-1) &&
				!t.commentBefore && st.editOf(i-1) == nil && st.editOf(i) == nil && !st.dropped(i-1) && !st.dropped(i) &&
				!st.isMoved(i-1) && !st.isMoved(i) {
				st.replace(i-1, st.text(i-1)+"(")
				st.drop(i, i+1)
			}
		case t.kind == tkWord && st.op(i-1, "(") && st.anyWord(i, "SELECT", "WITH") && st.bareSubqueryArg(i):
			// f(SELECT ..): a subquery as a call's argument, unbracketed
			st.before(i, lit("("))
			st.before(st.closeOf(i-1), lit(")"))
		case t.kind == tkOp && t.end-t.start == 1 && st.src[t.start] == '.':
			// ").field" (".field" after a call, a bracketed expression
			// or a subscript): the field is dropped, the value kept; in a
			// range an earlier rewrite moved (a table function's argument,
			// UNNEST(f(x).arr)) too, as the copy emits the drop
			if !st.closesValue(i - 1) {
				continue
			}
			j := i
			for st.op(j, ".") && st.isName(j+1) && !st.op(j+2, "(") && !st.dropped(j+1) {
				j += 2
			}
			if j > i {
				st.drop(i, j)
				i = j - 1
			}
		}
	}
}

// bareSubqueryArg reports whether the query at token i, right after a
// '(', is the argument of a call written without its own brackets
// (sum(SELECT a FROM t)): the '(' follows a function's name, not a word
// that takes a query in brackets (IN, EXISTS, ARRAY, FROM ...).
func (st *stmt) bareSubqueryArg(i int) bool {
	f := i - 2
	if f < 0 || st.kind(f) != tkWord || st.editOf(i-1) != nil || st.isMoved(i) || st.closeOf(i-1) < i {
		return false
	}
	if isReserved(st.text(f)) || st.anyWord(f, subqueryWords...) {
		return false
	}
	start := f // (a qualified function is one too)
	for st.op(start-1, ".") && st.isName(start-2) {
		start -= 2
	}
	return !st.namedHere(start)
}

// subqueryWords take a bracketed query that is no function's argument.
var subqueryWords = []string{"IN", "EXISTS", "ANY", "SOME", "ALL", "ARRAY", "FROM", "JOIN", "AS", "LATERAL",
	"UNNEST", "TABLE", "VALUES", "INTO", "USING", "APPLY", "UNION", "INTERSECT", "EXCEPT", "MINUS", "OVERWRITE",
	"COPY"}

// closesValue says token i ends a value that a field can follow: a ')'
// or ']' kept as written, or a subscript's ']' that rewriteBracket turned
// into the ')' of ELEMENT_AT(x, i).
func (st *stmt) closesValue(i int) bool {
	if !st.op(i, ")") && !st.op(i, "]") {
		return false
	}
	if !st.dropped(i) {
		return true
	}
	ed := st.editOf(i)
	return st.op(i, "]") && ed != nil && ed.hasRep && ed.repl == ")" && !ed.drop
}

// namedHere says the word at i names a table, not a built-in: a part of
// a qualified name (sch.date), the name after CREATE TABLE, INSERT INTO,
// JOIN and the like, or a CTE with a column list (WITH date (d) AS (..)).
func (st *stmt) namedHere(i int) bool {
	if i > 0 && (st.op(i-1, ".") || st.anyWord(i-1, "TABLE", "INTO", "VIEW", "EXISTS", "FROM", "JOIN", "UPDATE", "USING", "WITH", "RECURSIVE")) {
		return true
	}
	end := st.closeOf(i + 1)
	return end > 0 && st.word(end+1, "AS") && st.op(end+2, "(")
}

// spacedBuiltins are the built-ins TiDB's grammar knows only with their
// '(' against them (keywords to it).
var spacedBuiltins = sync.OnceValue(func() *wordSet { return wordSetOf(spacedBuiltinList) })

const spacedBuiltinList = `
TRIM EXTRACT SUBSTRING SUBSTR CAST CONVERT COUNT SUM AVG MIN MAX POSITION DATE_ADD DATE_SUB ADDDATE
SUBDATE CURDATE CURTIME NOW SYSDATE GROUP_CONCAT STD STDDEV STDDEV_POP STDDEV_SAMP VARIANCE VAR_POP
VAR_SAMP BIT_AND BIT_OR BIT_XOR TIMESTAMPADD TIMESTAMPDIFF CHAR MOD
DATABASE SCHEMA USER CURRENT_USER UTC_DATE UTC_TIME UTC_TIMESTAMP LOCALTIME LOCALTIMESTAMP
CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP COALESCE YEAR MONTH DAY HOUR MINUTE SECOND WEEK QUARTER
DATE TIME TIMESTAMP ROW_NUMBER RANK DENSE_RANK LEAD LAG FIRST_VALUE LAST_VALUE NTH_VALUE NTILE
CUME_DIST PERCENT_RANK JSON_ARRAYAGG JSON_OBJECTAGG APPROX_COUNT_DISTINCT APPROX_PERCENTILE
`

// rewriteLikeAny expands x [NOT] LIKE ANY (p1, p2) (Snowflake, Databricks)
// into (x LIKE p1 OR x LIKE p2), and LIKE ALL into AND; Postgres' forms over
// an array or a subquery read the same columns as x IN (..) and x = ANY
// (subquery). Token i is ANY, SOME or ALL after LIKE or ILIKE. It reports
// whether it did.
func (st *stmt) rewriteLikeAny(i int) bool {
	like := i - 1
	if !st.anyWord(like, "LIKE", "ILIKE") || !st.op(i+1, "(") {
		return false
	}
	if st.word(i+2, "ARRAY") {
		// x [NOT] LIKE ANY|ALL (ARRAY[p1, p2]) (Postgres): x against
		// each element, read as x [NOT] IN (p1, p2)
		if !st.op(i+3, "[") || st.closeOf(i+3) != st.closeOf(i+1)-1 {
			return false
		}
		st.replace(like, "IN")
		st.drop(i, i+1)
		st.drop(i+2, i+4)
		st.drop(st.closeOf(i+3), st.closeOf(i+3)+1)
		return true
	}
	if st.anyWord(i+2, "SELECT", "WITH") {
		// x [NOT] LIKE ANY|ALL (subquery) (Postgres): x compared with
		// each row, which TiDB takes as x = ANY (..), x <> ALL (..)
		if st.word(like-1, "NOT") {
			st.drop(like-1, like)
			st.replace(like, "<>")
		} else {
			st.replace(like, "=")
		}
		return true
	}
	opEnd := like - 1
	if st.word(opEnd, "NOT") {
		opEnd--
	}
	start := st.operandStart(opEnd)
	if start < 0 || start > opEnd || st.isMoved(start) {
		return false
	}
	items := st.listItems(i + 1)
	if len(items) == 0 {
		return false
	}
	join := " OR "
	if st.word(i, "ALL") {
		join = " AND "
	}
	st.anchorAt(start, lit("(")) // (an anchor: not in the operand's copies)
	st.drop(i, i+2)
	for _, it := range items[1:] {
		st.replace(it[0]-1, join)
		st.before(it[0], span(start, opEnd+1), lit(" "), span(like, like+1), lit(" "))
	}
	close := st.closeOf(i + 1)
	st.replace(close, ")")
	return true
}

// rewriteLambda reads a lambda argument (Spark, Databricks, Trino, DuckDB:
// transform(xs, x -> x + 1), reduce(xs, 0, (s, x) -> s + x)) as its body
// with each parameter replaced by NULL: the parameters are the elements of
// another argument, bound by the lambda, not columns; the body's other
// names are columns as usual. Token i is ->. A JSON arrow (x -> 'path',
// x -> 0) is left alone.
func (st *stmt) rewriteLambda(i int) {
	if st.spec.isMySQL() || st.kind(i+1) == tkString || st.kind(i+1) == tkNumber || st.op(i+1, "-") {
		return
	}
	var params []string
	start := -1
	switch {
	case st.isName(i-1) && (st.op(i-2, "(") || st.op(i-2, ",")):
		params = append(params, st.text(i-1))
		start = i - 1
	case st.op(i-1, ")"):
		open := st.closeOf(i - 1)
		if open < 1 || !(st.op(open-1, "(") || st.op(open-1, ",")) {
			return
		}
		for k := open + 1; k < i-1; k += 2 {
			if !st.isName(k) || !(st.op(k+1, ",") || k+1 == i-1) {
				return
			}
			params = append(params, st.text(k))
		}
		start = open
	}
	if len(params) == 0 {
		return
	}
	end := i + 1
	for end < len(st.toks) && !st.op(end, ",") && !st.op(end, ")") {
		end = st.skip(end)
	}
	st.drop(start, i+1)
	for k := i + 1; k < end; k++ {
		if !st.isName(k) || st.op(k-1, ".") || st.op(k+1, "(") || st.dropped(k) {
			continue
		}
		for _, p := range params {
			if strings.EqualFold(st.text(k), p) {
				st.replace(k, "NULL")
				break
			}
		}
	}
}

// rewriteStructLiteral reads DuckDB's struct and Snowflake's object
// literal {'k': v, ..} as JSON_OBJECT('k', v, ..): the value derives from
// every field's value. Token i is '{'.
func (st *stmt) rewriteStructLiteral(i int) {
	if st.spec.name != "duckdb" && st.spec.name != "snowflake" {
		return
	}
	if !(st.kind(i+1) == tkString || st.isName(i+1)) || !st.op(i+2, ":") {
		return
	}
	var colons []int
	depth := 0
	end := -1
	for k := i + 1; k < len(st.toks) && end < 0; k++ {
		switch {
		case st.op(k, "(") || st.op(k, "["):
			k = st.skip(k) - 1
		case st.op(k, "{"):
			depth++
		case st.op(k, "}") && depth > 0:
			depth--
		case st.op(k, "}"):
			end = k
		case depth == 0 && st.op(k, ":") && (st.op(k-2, "{") || st.op(k-2, ",")):
			colons = append(colons, k)
		}
	}
	if end < 0 {
		return
	}
	st.replace(i, "JSON_OBJECT(")
	for _, k := range colons {
		st.replace(k, ",")
	}
	st.replace(end, ")")
}
