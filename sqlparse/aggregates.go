package sqlparse

import "sync"

// Aggregate and window forms TiDB's grammar lacks:
//
//	ARRAY_AGG(DISTINCT x)            -> ARRAY_AGG(x)        (same columns)
//	ARRAY_AGG(x IGNORE NULLS)        -> ARRAY_AGG(x)
//	udf(x) OVER (PARTITION BY p)     -> MAX(udf(x)) OVER (PARTITION BY p)
//
// TiDB takes OVER only after its own window and aggregate functions; any
// other function over a window (LOGICAL_OR, ARRAY_AGG, a UDF) is wrapped in
// MAX, which TiDB takes, so that the value still derives from the
// function's arguments and the window's columns.

// rewriteAggDistinct drops DISTINCT at the start of the arguments of a
// function TiDB does not take it in (DISTINCT picks rows, not columns);
// token i is DISTINCT.
func (st *stmt) rewriteAggDistinct(i int) {
	if !st.op(i-1, "(") || !st.isName(i-2) {
		return
	}
	if tidbOverFuncs().has(st.text(i - 2)) {
		// COUNT(DISTINCT x) and kin: TiDB's own, but not over a window
		// (COUNT(DISTINCT x) OVER (PARTITION BY k): Snowflake, BigQuery)
		if c := st.closeOf(i - 1); c < 0 || !st.word(c+1, "OVER") {
			return
		}
	}
	st.drop(i, i+1)
}

// rewriteNullTreatment drops IGNORE NULLS / RESPECT NULLS inside a
// function's arguments (ARRAY_AGG(x IGNORE NULLS)); token i is IGNORE or
// RESPECT.
func (st *stmt) rewriteNullTreatment(i int) {
	if st.word(i+1, "NULLS") && (st.op(i+2, ")") || st.anyWord(i+2, "ORDER", "LIMIT")) {
		st.drop(i, i+2)
	}
}

// rewriteOver wraps a function TiDB does not take OVER after in MAX; token
// i is OVER.
func (st *stmt) rewriteOver(i int) {
	if !st.op(i-1, ")") {
		return
	}
	open := st.closeOf(i - 1)
	fn := open - 1
	if open < 0 || !st.isName(fn) {
		return
	}
	name := st.text(fn)
	if st.dropped(fn) {
		ed := st.editOf(fn)
		if ed == nil || !ed.hasRep || ed.drop {
			return // part of a construct another rewrite replaced
		}
		name = ed.repl
		for k := 0; k < len(name); k++ {
			if !isIdentPart(name[k]) {
				return // replaced by an expression (RATIO_TO_REPORT)
			}
		}
	}
	if tidbOverFuncs().has(name) || st.kind(fn) != tkWord && st.kind(fn) != tkQIdent {
		return
	}
	start := fn
	for st.op(start-1, ".") && st.isName(start-2) {
		start -= 2
	}
	st.before(start, lit("MAX("))
	st.after(i-1, lit(")"))
}

// tidbOverFuncs are the functions TiDB's grammar takes OVER (and DISTINCT)
// after: its own window functions and aggregates. This is a fact of the
// parser, not of the warehouses; their functions are catalogued in
// functions.go.
var tidbOverFuncs = sync.OnceValue(func() *wordSet { return wordSetOf(tidbOverFuncList) })

const tidbOverFuncList = `
ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE LEAD LAG FIRST_VALUE LAST_VALUE NTH_VALUE
COUNT SUM AVG MIN MAX BIT_AND BIT_OR BIT_XOR GROUP_CONCAT STD STDDEV STDDEV_POP STDDEV_SAMP VAR_POP
VAR_SAMP VARIANCE JSON_ARRAYAGG JSON_OBJECTAGG APPROX_COUNT_DISTINCT APPROX_PERCENTILE
`

// rewriteAggArity handles COUNT() (no argument: counts rows, COUNT(*)) and
// MAX / MIN of several arguments (MySQL's reading of GREATEST / LEAST, as
// the peers take it: the value derives from every argument); token i is
// COUNT, MAX or MIN.
func (st *stmt) rewriteAggArity(i int) {
	if !st.op(i+1, "(") || st.dropped(i) || st.namedHere(i) {
		return // INSERT INTO stats.max (a, b): a table, not a call
	}
	close := st.closeOf(i + 1)
	if close < 0 {
		return
	}
	if close == i+2 {
		if st.word(i, "COUNT") {
			st.after(i+1, lit("*"))
		}
		return
	}
	if st.word(i, "COUNT") || st.findTop(i+2, close, func(k int) bool { return st.op(k, ",") }) < 0 {
		return
	}
	if st.word(i, "MAX") {
		st.replace(i, "GREATEST")
	} else {
		st.replace(i, "LEAST")
	}
}

// rewriteTimeTravel drops Snowflake's time travel after a table in FROM,
// AT(TIMESTAMP => ..) and BEFORE(STATEMENT => ..): it picks a version, not
// columns; token i is AT or BEFORE.
func (st *stmt) rewriteTimeTravel(i int) {
	if st.spec.colonPaths && st.op(i+1, "(") && st.anyWord(i+2, "TIMESTAMP", "OFFSET", "STATEMENT", "STREAM") && st.op(i+3, "=>") {
		st.drop(i, st.skip(i+1))
	}
}
