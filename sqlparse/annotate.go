package sqlparse

import (
	"sort"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// annotator records, per node of a parsed tree, what sqlparse noted beside
// the text: star modifiers and table functions. It lives in the call's
// workspace, so that the walk allocates nothing.
type annotator struct {
	st *stmt
	m  *offsetMap
	// mods are the star modifiers with their REPLACE expressions parsed,
	// parallel to st.stars (nil when no star has any)
	mods []StarModifier
	// left counts the star fields not yet found; when it reaches zero and
	// there is nothing else to find, the walk stops descending
	left int
	// exhaustive: walk the whole tree (table functions to find, or tokens
	// emitted twice, so one star may have two fields)
	exhaustive bool
	// byTok indexes st.stars, sorted by token (stably), when there are
	// many: the star fields and REPLACE expressions then find their
	// records by binary search rather than by a scan each. Its memory is
	// kept across calls.
	byTok []int32
	// funcIdx is the last record of st.funcs per alias, when there are many.
	funcIdx map[string]int
}

// manyRecords is the number of star or table function records from which
// the annotator indexes them (and the Statement its records): a scan per
// lookup is cheaper for a few, and quadratic for a generated statement
// with thousands. Tests lower it to compare the two ways.
var manyRecords = 16

// starAnn and funcAnn are the records of a Statement, found by node.
type starAnn struct {
	w   *ast.WildCardField // nil for a value star
	f   *ast.SelectField
	mod StarModifier
}

// isStarField reports whether f is `*`, `t.*` or a value star (f(x).*).
func isStarField(f *ast.SelectField) bool {
	return f.WildCard != nil || f.AsName.O == valueStarAlias
}

type funcAnn struct {
	ts *ast.TableSource
	f  TableFunc
}

// funcRec is a table function by the lower-cased raw alias of its derived
// table.
type funcRec struct {
	alias string
	f     TableFunc
}

// funcByAlias returns the table function recorded last for a lower-cased
// alias.
func (a *annotator) funcByAlias(lower string) (TableFunc, bool) {
	st := a.st
	if a.funcIdx != nil {
		if i, ok := a.funcIdx[lower]; ok {
			return st.funcs[i].f, true
		}
		return TableFunc{}, false
	}
	for i := len(st.funcs) - 1; i >= 0; i-- {
		if st.funcs[i].alias == lower {
			return st.funcs[i].f, true
		}
	}
	return TableFunc{}, false
}

// starAt returns the index of the star record made last for the field
// whose first token starts at off, or -1.
func (a *annotator) starAt(off int32) int {
	st := a.st
	if len(a.byTok) == 0 {
		for i := len(st.stars) - 1; i >= 0; i-- {
			if st.toks[st.stars[i].tok].start == off {
				return i
			}
		}
		return -1
	}
	// the records at off end where the first record after off starts
	k := sort.Search(len(a.byTok), func(j int) bool { return st.toks[st.stars[a.byTok[j]].tok].start > off })
	if k > 0 && st.toks[st.stars[a.byTok[k-1]].tok].start == off {
		return int(a.byTok[k-1])
	}
	return -1
}

// indexRecords indexes the star and table function records when there are
// many, and counts the star fields to find (stars recorded twice at one
// token count once).
func (a *annotator) indexRecords() {
	st := a.st
	if len(st.funcs) >= manyRecords {
		a.funcIdx = make(map[string]int, len(st.funcs))
		for i, f := range st.funcs {
			a.funcIdx[f.alias] = i
		}
	}
	if len(st.stars) < manyRecords {
		a.left = len(st.stars)
		for k, r := range st.stars {
			for _, q := range st.stars[:k] {
				if q.tok == r.tok {
					a.left--
					break
				}
			}
		}
		return
	}
	for k := range st.stars {
		a.byTok = append(a.byTok, int32(k))
	}
	sort.SliceStable(a.byTok, func(x, y int) bool { return st.stars[a.byTok[x]].tok < st.stars[a.byTok[y]].tok })
	a.left = 0
	for k, i := range a.byTok {
		if k == 0 || st.stars[a.byTok[k-1]].tok != st.stars[i].tok {
			a.left++
		}
	}
}

// starsAtTok returns the indexes of the star records at token tok, in the
// order they were made.
func (a *annotator) starsAtTok(tok int, buf []int) []int {
	st := a.st
	if len(a.byTok) == 0 {
		for k, r := range st.stars {
			if r.tok == tok {
				buf = append(buf, k)
			}
		}
		return buf
	}
	k := sort.Search(len(a.byTok), func(j int) bool { return st.stars[a.byTok[j]].tok >= tok })
	for ; k < len(a.byTok) && st.stars[a.byTok[k]].tok == tok; k++ {
		buf = append(buf, int(a.byTok[k]))
	}
	return buf
}

func (a *annotator) Enter(n ast.Node) (ast.Node, bool) {
	if a.left == 0 && !a.exhaustive {
		return n, true
	}
	switch n := n.(type) {
	case *ast.SelectField:
		if isStarField(n) && len(a.st.stars) > 0 {
			a.star(n)
		}
	case *ast.TableSource:
		if len(a.st.funcs) > 0 && n.AsName.O != "" {
			if f, ok := a.funcByAlias(n.AsName.L); ok { // L: O lower-cased
				s := a.st.out
				if s.ann.funcs == nil && a.st.first != nil {
					s.ann.funcs = a.st.first.funcs[:0]
				}
				s.ann.funcs = append(s.ann.funcs, funcAnn{ts: n, f: f})
			}
		}
	}
	return n, false
}

// star records the modifier of star field n, if it has one (the last
// record at its offset wins).
func (a *annotator) star(n *ast.SelectField) {
	st := a.st
	i := a.starAt(int32(a.m.orig(n.Offset)))
	if i < 0 {
		return
	}
	mod := st.stars[i].mod
	if a.mods != nil {
		mod = a.mods[i]
	}
	s := st.out
	if s.ann.stars == nil {
		if st.first != nil && len(st.stars) <= len(st.first.stars) {
			s.ann.stars = st.first.stars[:0]
		} else {
			s.ann.stars = make([]starAnn, 0, len(st.stars))
		}
	}
	s.ann.stars = append(s.ann.stars, starAnn{w: n.WildCard, f: n, mod: mod})
	a.left--
}

func (a *annotator) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// topStars looks for the stars in the field list of n when n is a SELECT
// and the walk would look for nothing else, as in SELECT * EXCEPT (..) FROM
// t. It reports whether it found them all; if not, it undoes what it
// found, for the walk to find the stars in their order.
func (a *annotator) topStars(n ast.Node) bool {
	sel, ok := n.(*ast.SelectStmt)
	if !ok || a.exhaustive || sel.Fields == nil {
		return false
	}
	s := a.st.out
	had, left := len(s.ann.stars), a.left
	for _, f := range sel.Fields.Fields {
		if isStarField(f) {
			a.star(f)
		}
	}
	if a.left == 0 {
		return true
	}
	s.ann.stars, a.left = s.ann.stars[:had], left
	return false
}

// topFuncs looks for the table functions in the FROM clause of n when n is
// a SELECT that holds no other query and no star is to be found: no
// "(SELECT" or "(WITH" in the statement, no WITH, and no derived table with
// a FROM of its own (the placeholders of table functions have none). There
// the whole walk would find nothing more. It reports whether it could look;
// if not, it undoes what it found.
func (a *annotator) topFuncs(n ast.Node) bool {
	st := a.st
	sel, ok := n.(*ast.SelectStmt)
	if !ok || len(st.stars) > 0 || st.subquery || sel.With != nil || sel.From == nil {
		return false
	}
	s := st.out
	had := len(s.ann.funcs)
	if a.fromFuncs(sel.From.TableRefs) {
		return true
	}
	s.ann.funcs = s.ann.funcs[:had]
	return false
}

// fromFuncs records the table functions of a join tree in the walk's
// order; false means the tree holds a query the walk must enter.
func (a *annotator) fromFuncs(n ast.ResultSetNode) bool {
	switch n := n.(type) {
	case *ast.Join:
		return a.fromFuncs(n.Left) && (n.Right == nil || a.fromFuncs(n.Right))
	case *ast.TableSource:
		switch src := n.Source.(type) {
		case *ast.TableName:
		case *ast.SelectStmt:
			if src.From != nil || src.With != nil {
				return false
			}
		default:
			return false
		}
		a.Enter(n)
		return true
	}
	return false
}

// shortWalks lets annotate use topStars and topFuncs; tests turn it off to
// compare them with the whole walk.
var shortWalks = true

// annotate attaches the records of the statement to tree n.
func (st *stmt) annotate(p *parser.Parser, n ast.Node, m *offsetMap) {
	if len(st.stars) == 0 && len(st.funcs) == 0 {
		return
	}
	var a *annotator
	if st.ws != nil {
		a = &st.ws.annot
	} else {
		a = new(annotator)
	}
	a.st, a.m = st, m
	a.exhaustive = len(st.funcs) > 0 || st.copied
	a.indexRecords()
	var atBuf [4]int
	for _, re := range st.replaceExprs {
		e := st.parseExpr(p, re.from, re.to)
		if e == nil {
			continue
		}
		if a.mods == nil {
			a.mods = make([]StarModifier, len(st.stars))
			for k, r := range st.stars {
				a.mods[k] = r.mod
			}
		}
		for _, k := range a.starsAtTok(re.star, atBuf[:0]) {
			mod := &a.mods[k]
			if mod.Replace == nil {
				mod.Replace = make(map[string]ast.ExprNode)
			}
			mod.Replace[strings.ToLower(re.col.Name)] = e
		}
	}
	if !shortWalks || !a.topStars(n) && !a.topFuncs(n) {
		n.Accept(a)
	}
	a.st, a.m, a.mods, a.byTok, a.funcIdx = nil, nil, nil, a.byTok[:0], nil
}

// parseExpr parses tokens [from, to) as one expression.
func (st *stmt) parseExpr(p *parser.Parser, from, to int) ast.ExprNode {
	e := emitter{st: st, limit: 8*int(st.toks[len(st.toks)-1].end-st.toks[0].start) + 4096}
	e.insert("SELECT ", st.toks[from].start)
	e.emitRange(from, to, false)
	nodes, _, err := p.ParseSQL(string(e.buf))
	if err != nil || len(nodes) != 1 {
		return nil
	}
	sel, ok := nodes[0].(*ast.SelectStmt)
	if !ok || sel.Fields == nil || len(sel.Fields.Fields) != 1 {
		return nil
	}
	return sel.Fields.Fields[0].Expr
}

// tokIsReservedName reports whether the unquoted word at i is used as a
// name although TiDB reserves it (a column called key, rank or range).
func (st *stmt) tokIsReservedName(i int) bool {
	if st.toks[i].hint&hintClash == 0 {
		return false
	}
	w := st.text(i)
	if !reservedClash().has(w) {
		return false
	}
	u := upperWord(st, i) // interned: no allocation on lower case
	next := i + 1
	// nameCtx: the word stands where a name may (worked out only when a
	// case needs it)
	nameCtx := func() bool {
		return st.op(i-1, ",") || st.anyWord(i-1, "SELECT", "BY", "AS", "DISTINCT") ||
			st.op(next, ",") || st.anyWord(next, "FROM", "AS") || st.op(i-1, ".") || st.op(next, ".") ||
			st.anyWord(i-1, "FROM", "JOIN") && u != "DUAL" || // a table (a CTE named sql)
			// a table's alias without AS: FROM pg_user use JOIN ..
			st.isName(i-1) && !st.isClauseWord(i-1) && !isReserved(st.text(i-1)) &&
				(st.op(next, ")") || st.anyWord(next, "JOIN", "CROSS", "INNER", "LEFT", "RIGHT", "FULL", "NATURAL",
					"ON", "WHERE", "GROUP", "ORDER", "HAVING", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "QUALIFY")) ||
			// an operand of a condition: WHERE index IS NULL, ON a.x = release
			st.anyWord(i-1, "WHERE", "AND", "OR", "ON", "HAVING", "WHEN", "THEN", "ELSE", "QUALIFY") && !st.op(next, "(") ||
			st.anyWord(next, "IS", "IN", "BETWEEN", "LIKE") ||
			// a lone argument: UNNEST(lines), COUNT(index)
			st.op(i-1, "(") && (st.op(next, ")") || st.op(next, ",")) ||
			st.kind(next) == tkOp && isCompareOp(st.text(next))
	}
	switch u {
	case "RANK", "DENSE_RANK", "CUME_DIST", "PERCENT_RANK", "NTILE", "LEAD", "LAG", "FIRST_VALUE",
		"LAST_VALUE", "NTH_VALUE", "DATABASE", "SCHEMA":
		// functions (or object kinds) to TiDB: without a '(' after them,
		// names (a column rank, a table lead, Redshift's database and
		// schema columns), unless an object kind follows a DDL verb
		return !st.op(next, "(") && !st.anyWord(i-1, "CREATE", "DROP", "ALTER", "USE", "SHOW", "ON", "TO", "RENAME") &&
			!st.anyWord(next, "IF")
	case "ORDER":
		// ORDER BY, or a name where only a name can stand (AS order,
		// t.order, order.x)
		return !st.word(next, "BY") && (st.word(i-1, "AS") || st.op(i-1, ".") || st.op(next, "."))
	case "TABLE":
		// an alias (AS table, t table), a qualifier (table.col) or a
		// column (SELECT table,); TABLE t and TABLE(..) stay keywords
		if st.op(next, "(") || st.isName(next) && !st.isClauseWord(next) {
			return false
		}
		return st.word(i-1, "AS") || st.op(next, ".") || st.op(i-1, ")") ||
			(st.isName(i-1) && !st.isClauseWord(i-1) && !isReserved(st.text(i-1)) && !st.anyWord(i-1, "TRUNCATE", "LOCK", "CREATE", "DROP", "ALTER", "OVERWRITE", "INTO", "EXTERNAL", "TEMPORARY", "TEMP", "TRANSIENT", "DYNAMIC", "VOLATILE", "GLOBAL", "LOCAL", "UNLOGGED", "REPLACE", "SHOW", "DESCRIBE")) ||
			(st.op(i-1, ",") && (st.op(next, ",") || st.word(next, "FROM")))
	case "ROW_NUMBER", "MOD", "REPEAT", "REPLACE", "CHAR", "CONVERT", "IF",
		"INSERT", "LEFT", "RIGHT", "VALUES", "ROW", "ARRAY", "INTERVAL", "CURRENT_DATE",
		"CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "LOCALTIME", "LOCALTIMESTAMP", "UTC_DATE",
		"UTC_TIME", "UTC_TIMESTAMP", "CURRENT_ROLE", "TRUE", "FALSE", "NULL":
		if u == "ROW" || u == "ROW_NUMBER" {
			return !st.op(next, "(") && nameCtx() && !st.anyWord(next, "FORMAT", "ONLY") && !st.anyWord(i-1, "CURRENT", "EACH", "FOR")
		}
		if u == "VALUES" {
			// a name (BigQuery does not reserve it: UNNEST(v) AS values,
			// values.key) where no row list follows
			return !st.op(next, "(") && !st.word(next, "ROW") && nameCtx()
		}
		return false
	case "KEY", "KEYS":
		return !st.anyWord(i-1, "PRIMARY", "FOREIGN", "UNIQUE", "DUPLICATE") && !st.op(next, "(")
	case "RANGE", "ROWS", "GROUPS":
		return !st.anyWord(next, "BETWEEN", "UNBOUNDED", "CURRENT", "ONLY", "INTERVAL") &&
			st.kind(next) != tkNumber && st.kind(i-1) != tkNumber && !st.op(i-1, ")") && !st.word(i-1, "PARTITION")
	case "PRECISION":
		return !st.word(i-1, "DOUBLE")
	case "IGNORE":
		return !st.word(next, "NULLS") && nameCtx()
	case "READ", "WRITE", "USAGE", "OPTION", "LINES", "LOAD", "LONG", "SQL", "INDEX", "CHANGE", "DATABASES",
		"CALL", "CONTINUE", "CURSOR", "EXIT", "ITERATE", "LEAVE", "LOCK", "KILL", "MATCH", "OUT", "INOUT",
		"REQUIRE", "RESTRICT", "SPATIAL", "SSL", "STORED", "VIRTUAL", "TRIGGER", "UNTIL", "WHILE",
		"ELSEIF", "DUAL", "LINEAR", "MAXVALUE", "OPTIMIZE", "PROCEDURE", "GENERATED", "DELAYED",
		"INFILE", "OUTFILE", "ENCLOSED", "ESCAPED", "TERMINATED", "STARTING", "OPTIONALLY", "RELEASE",
		"RENAME", "REVOKE", "FULLTEXT", "FORCE", "SQLSTATE", "SQLEXCEPTION", "SQLWARNING", "XOR", "DIV",
		"STATUS", "REFERENCES", "CHECK", "LEADING", "TRAILING", "BOTH", "SHOW", "USE", "GRANT",
		"DESCRIBE", "EXPLAIN", "ANALYZE", "COLUMN", "CONSTRAINT", "HIGH_PRIORITY",
		"LOW_PRIORITY", "ZEROFILL", "UNSIGNED", "INT1", "INT2", "INT3", "INT4", "INT8", "FLOAT4", "FLOAT8",
		"MIDDLEINT", "TINYINT", "SMALLINT", "MEDIUMINT", "BIGINT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT",
		"TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BLOB", "VARBINARY", "VARCHARACTER", "YEAR_MONTH",
		"DAY_HOUR", "DAY_MINUTE", "DAY_SECOND", "DAY_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND",
		"HOUR_MICROSECOND", "MINUTE_SECOND", "MINUTE_MICROSECOND", "SECOND_MICROSECOND", "TABLESAMPLE",
		"SQL_BIG_RESULT", "SQL_SMALL_RESULT", "SQL_CALC_FOUND_ROWS", "STRAIGHT_JOIN", "ACCESSIBLE",
		"TIDB_CURRENT_TSO", "CASCADE", "LIMIT":
		if i == 0 {
			return false
		}
		switch u {
		case "YEAR_MONTH", "DAY_HOUR", "DAY_MINUTE", "DAY_SECOND", "DAY_MICROSECOND", "HOUR_MINUTE",
			"HOUR_SECOND", "HOUR_MICROSECOND", "MINUTE_SECOND", "MINUTE_MICROSECOND", "SECOND_MICROSECOND":
			// MySQL's interval units: elsewhere names wherever they
			// stand (EXTRACT(YEAR FROM year_month))
			if !st.spec.isMySQL() {
				return !st.op(next, "(")
			}
		}
		if !nameCtx() {
			return false
		}
		switch u {
		case "CHECK", "CONSTRAINT", "COLUMN", "CASCADE", "RESTRICT", "REFERENCES", "LIMIT",
			"LEADING", "TRAILING", "BOTH", "INDEX", "OPTION", "READ", "WRITE", "FORCE", "USE", "IGNORE":
			return nameCtx() && !st.anyWord(i-1, "ADD", "DROP", "ALTER", "TO", "FOR", "WITH", "UPDATE") &&
				!st.op(next, "(")
		}
		return !st.op(next, "(") || !isFuncLike(u)
	}
	return false
}

func isFuncLike(u string) bool {
	switch u {
	case "MOD", "REPEAT", "REPLACE", "CHAR", "CONVERT", "IF", "INSERT", "LEFT", "RIGHT", "DATABASE",
		"VALUES", "ROW", "CHECK", "MATCH", "XOR", "CALL", "TRIGGER":
		return true
	}
	return false
}

// reservedClash is the set of words that TiDB reserves (or, as SCHEMA,
// parses as a function without brackets) and that warehouse SQL uses as
// names in some positions (the cases of tokIsReservedName).
var reservedClash = sync.OnceValue(func() *wordSet {
	ws := &wordSet{words: make(map[string]struct{})}
	for _, w := range strings.Fields(clashList) {
		if isReserved(w) || w == "SCHEMA" {
			ws.put(strings.ToLower(w))
		}
	}
	return ws
})

const clashList = `
SCHEMA TABLE ORDER ACCESSIBLE ANALYZE ARRAY BIGINT BLOB BOTH CALL CASCADE CHANGE CHAR CHECK COLUMN CONSTRAINT CONTINUE
CONVERT CUME_DIST CURRENT_DATE CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR
DATABASE DATABASES DAY_HOUR DAY_MICROSECOND DAY_MINUTE DAY_SECOND DELAYED DENSE_RANK DESCRIBE DIV
DUAL ELSEIF ENCLOSED ESCAPED EXIT EXPLAIN FALSE FIRST_VALUE FLOAT4 FLOAT8 FORCE FULLTEXT GENERATED
GRANT GROUPS HIGH_PRIORITY HOUR_MICROSECOND HOUR_MINUTE HOUR_SECOND IF IGNORE INDEX INFILE INOUT
INSERT INT1 INT2 INT3 INT4 INT8 INTERVAL ITERATE KEY KEYS KILL LAG LAST_VALUE LEAD LEADING LEAVE
LEFT LIMIT LINEAR LINES LOAD LOCALTIME LOCALTIMESTAMP LOCK LONG LONGBLOB LONGTEXT LOW_PRIORITY MATCH
MAXVALUE MEDIUMBLOB MEDIUMINT MEDIUMTEXT MIDDLEINT MINUTE_MICROSECOND MINUTE_SECOND MOD NTH_VALUE
NTILE NULL OPTIMIZE OPTION OPTIONALLY OUT OUTFILE PERCENT_RANK PRECISION PROCEDURE RANGE RANK READ
REFERENCES RELEASE RENAME REPEAT REPLACE REQUIRE RESTRICT REVOKE RIGHT ROW ROWS ROW_NUMBER
SECOND_MICROSECOND SHOW SMALLINT SPATIAL SQL SQLEXCEPTION SQLSTATE SQLWARNING SQL_BIG_RESULT
SQL_CALC_FOUND_ROWS SQL_SMALL_RESULT SSL STARTING STATUS STORED STRAIGHT_JOIN TABLESAMPLE TERMINATED
TIDB_CURRENT_TSO TINYBLOB TINYINT TINYTEXT TRAILING TRIGGER TRUE UNSIGNED UNTIL USAGE USE UTC_DATE
UTC_TIME UTC_TIMESTAMP VALUES VARBINARY VARCHARACTER VIRTUAL WHILE WRITE XOR YEAR_MONTH ZEROFILL
`

// isCompareOp reports whether op compares two values.
func isCompareOp(op string) bool {
	switch op {
	case "=", "<", ">", "<=", ">=", "<>", "!=":
		return true
	}
	return false
}
