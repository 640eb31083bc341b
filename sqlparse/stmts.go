package sqlparse

import (
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
)

// PartitionColumn is a column of a Hive/Spark PARTITION clause on an INSERT
// target. Static columns (dt='x') take a constant; dynamic ones (dt) are
// filled by the last columns of the query, in order.
type PartitionColumn struct {
	Name   Ident
	Static bool
}

// Token helpers.

func (st *stmt) word(i int, w string) bool {
	return i >= 0 && i < len(st.toks) && st.toks[i].is(st.src, w)
}

func (st *stmt) op(i int, op string) bool {
	return i >= 0 && i < len(st.toks) && st.toks[i].isOp(st.src, op)
}

func (st *stmt) kind(i int) tokKind {
	if i < 0 || i >= len(st.toks) {
		return 0
	}
	return st.toks[i].kind
}

func (st *stmt) text(i int) string { return st.toks[i].text(st.src) }

// anyWord reports whether token i is one of the words.
func (st *stmt) anyWord(i int, ws ...string) bool {
	for _, w := range ws {
		if st.word(i, w) {
			return true
		}
	}
	return false
}

// closeOf returns the index of the bracket matching the one at i, or -1.
func (st *stmt) closeOf(i int) int {
	if i < 0 || i >= len(st.match) {
		return -1
	}
	return int(st.match[i])
}

// skip returns the index after the bracket group opening at i, or i+1.
func (st *stmt) skip(i int) int {
	if i >= 0 && i < len(st.match) && st.match[i] > int32(i) {
		return st.closeOf(i) + 1
	}
	return i + 1
}

// findTop returns the first index in [from, to) at bracket depth 0 for
// which pred holds, or -1.
func (st *stmt) findTop(from, to int, pred func(i int) bool) int {
	for i := from; i < to; {
		if pred(i) {
			return i
		}
		i = st.skip(i)
	}
	return -1
}

// isNameStart reports whether token i is a name (word or quoted).
func (st *stmt) isName(i int) bool {
	k := st.kind(i)
	return k == tkWord || k == tkQIdent
}

// nameEnd returns the index after the dotted name starting at i (or after
// IDENTIFIER(..), a name written as a string).
func (st *stmt) nameEnd(i int) int {
	if !st.isName(i) {
		return i
	}
	if st.word(i, "IDENTIFIER") && st.op(i+1, "(") && st.closeOf(i+1) > i {
		return st.closeOf(i+1) + 1
	}
	j := i + 1
	for st.op(j, ".") && st.isName(j+1) {
		j += 2
	}
	return j
}

// identAt decodes the single name token i.
func (st *stmt) identAt(i int) Ident {
	if i < 0 || i >= len(st.toks) {
		return Ident{}
	}
	t := st.toks[i]
	if t.kind == tkQIdent {
		return Ident{Name: unquote(t.text(st.src)), Quoted: true}
	}
	if t.kind == tkString {
		return Ident{Name: stringValue(t.text(st.src)), Quoted: true}
	}
	return Ident{Name: t.text(st.src)}
}

// utilityStarts are statements that move no data and are not parsed.
var utilityStarts = map[string]bool{
	"BEGIN": true, "START": true, "COMMIT": true, "ROLLBACK": true, "END": true, "ABORT": true,
	"SAVEPOINT": true, "RELEASE": true, "VACUUM": true, "ANALYZE": true, "ANALYSE": true,
	"GRANT": true, "REVOKE": true, "SHOW": true, "DESCRIBE": true, "DESC": true, "EXPLAIN": true,
	"CALL": true, "EXEC": true, "EXECUTE": true, "DECLARE": true, "FETCH": true, "CLOSE": true,
	"PREPARE": true, "DEALLOCATE": true, "LOCK": true, "UNLOCK": true, "REFRESH": true, "MSCK": true,
	"CACHE": true, "UNCACHE": true, "ADD": true, "LIST": true, "PUT": true, "GET": true, "REMOVE": true,
	"COMMENT": true, "REINDEX": true, "CHECKPOINT": true, "CLUSTER": true, "NOTIFY": true,
	"LISTEN": true, "UNLISTEN": true, "DISCARD": true, "RESET": true, "OPTIMIZE": true, "KILL": true,
	"PRINT": true, "RAISE": true, "IF": true, "RETURN": true, "GO": true, "UNDROP": true, "LOAD": true,
	"SYNC": true, "RESTORE": true, "BACKUP": true, "EXPORT": true, "IMPORT": true, "DO": true,
	"EXIT": true, "LEAVE": true, "THROW": true, "GOTO": true, "OPEN": true, "BREAK": true,
	"RAISERROR": true, "CONTINUE": true, "INSTALL": true, "ATTACH": true, "DETACH": true, "PRAGMA": true,
}

// utilityObjects are objects whose CREATE/ALTER/DROP is utility.
var utilityObjects = map[string]bool{
	"FUNCTION": true, "PROCEDURE": true, "STAGE": true, "FILE": true, "ROLE": true, "USER": true,
	"WAREHOUSE": true, "SEQUENCE": true, "TRIGGER": true, "TYPE": true, "EXTENSION": true,
	"SCHEMA": true, "DATABASE": true, "INDEX": true, "STREAM": true, "TASK": true, "PIPE": true,
	"MACRO": true, "TEMPORARY": false, "INTEGRATION": true, "SHARE": true, "POLICY": true,
	"MASKING": true, "ROW": true, "NETWORK": true, "RESOURCE": true, "GROUP": true, "LIBRARY": true,
	"MODEL": true, "CATALOG": true, "CONNECTION": true, "SESSION": true, "ACCOUNT": true,
	"AGGREGATE": true, "DOMAIN": true, "LANGUAGE": true, "OPERATOR": true, "RULE": true,
	"SERVER": true, "TABLESPACE": true, "PUBLICATION": true, "SUBSCRIPTION": true, "DATASHARE": true,
	"EXTERNAL": false, "ALERT": true, "NOTEBOOK": true, "SECRET": true, "TAG": true,
}

// upperWord returns word i in upper case, or "" when token i is no word.
// An upper-case word is returned as it is and a TiDB keyword in any case
// comes from a table, so that lower-case SQL (most logs) does not allocate.
func upperWord(st *stmt, i int) string {
	if st.kind(i) != tkWord {
		return ""
	}
	w := st.text(i)
	if !hasLower(w) {
		return w
	}
	var buf [24]byte
	u := st.upperInto(i, buf[:0]) // empty when w is too long
	if k, ok := upperKeywords()[string(u)]; ok {
		return k
	}
	return strings.ToUpper(w)
}

// hasLower reports whether w holds a lower-case ASCII letter.
func hasLower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i]-'a' <= 'z'-'a' {
			return true
		}
	}
	return false
}

// upperKeywords interns in upper case TiDB's keywords (reserved or not)
// and the words the rewrites act on (UNNEST, FLATTEN, QUALIFY, ...), which
// lower-case logs hold too.
var upperKeywords = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(parser.Keywords))
	for _, k := range parser.Keywords {
		u := strings.ToUpper(k.Word)
		m[u] = u
	}
	for _, u := range strings.Fields(rewriteWordList + clauseWordList) {
		m[u] = u
	}
	return m
})

// plan decides what the statement becomes: one or more units of pieces,
// each parsed as one TiDB statement. It handles the statement-level
// rewrites and sets the Statement's kind and flags.
func (st *stmt) plan() [][]piece {
	s := st.out
	st.wholePiece[0] = span(0, len(st.toks))
	st.whole[0] = st.wholePiece[:]
	whole := st.whole[:]
	head := st.head // set by proceduralPrefix, on the same tokens
	switch head {
	case "":
		if st.op(0, "(") {
			return whole
		}
		return whole
	case "USE":
		return st.planUse()
	case "SET":
		return st.planSet()
	case "WITH":
		return st.planWith()
	case "INSERT":
		// INSERT [OVERWRITE] ALL|FIRST: OVERWRITE truncates the targets
		// first, the rows written are the same
		if (st.anyWord(1, "ALL", "FIRST") || st.word(1, "OVERWRITE") && st.anyWord(2, "ALL", "FIRST")) && !st.spec.isMySQL() {
			return st.planMultiInsert()
		}
		if st.spec.tsql && st.findTop(1, len(st.toks), func(i int) bool { return st.anyWord(i, "EXEC", "EXECUTE") && !st.op(i-1, "(") }) > 0 &&
			st.findTop(1, len(st.toks), func(i int) bool { return st.anyWord(i, "SELECT", "VALUES") }) < 0 {
			// T-SQL INSERT INTO t EXEC proc: the rows come from a
			// procedure whose query is not in the text
			s.Kind = KindUtility
			s.Opaque = st.opaqueInsert()
			return nil
		}
		return st.planInsert(0, whole)
	case "MERGE":
		return st.planMerge(0)
	case "UPDATE":
		return st.planUpdate(0)
	case "DELETE":
		return st.planDelete(0)
	case "CREATE":
		return st.planCreate()
	case "REPLACE":
		if st.spec.name != "mysql" {
			return st.planCreate()
		}
	case "UNLOAD":
		return st.planUnload()
	case "EXPORT":
		if st.word(1, "DATA") {
			return st.planExportData()
		}
	case "COPY":
		return st.planCopy()
	case "LOAD":
		if st.word(1, "DATA") {
			if u := st.planLoadData(); u != nil {
				return u
			}
		}
	case "SELECT":
		return st.planSelect(whole)
	case "FROM":
		return st.planFromFirst()
	case "ALTER", "DROP":
		obj := upperWord(st, 1)
		if head == "ALTER" && obj == "TABLE" {
			if u := st.planAppend(); u != nil {
				return u
			}
		}
		if obj == "TABLE" || obj == "VIEW" || obj == "MATERIALIZED" {
			if head == "ALTER" && st.findTop(2, len(st.toks), func(i int) bool { return st.word(i, "RENAME") }) < 0 {
				// ALTER TABLE other than RENAME: parsed when TiDB can, else utility
				st.lenient = true
				if obj == "TABLE" {
					st.planExchange()
				}
			}
			if head == "DROP" {
				st.stripTrailing("CASCADE", "PURGE", "RESTRICT")
				if obj == "MATERIALIZED" {
					st.drop(1, 2)
				}
			}
			return whole
		}
		s.Kind = KindUtility
		return nil
	case "TRUNCATE":
		return whole
	}
	if utilityStarts[head] {
		s.Kind = KindUtility
		if head == "DECLARE" {
			for i := 1; st.isName(i); i += 2 {
				s.Declared = append(s.Declared, st.identAt(i))
				if !st.op(i+1, ",") {
					break
				}
			}
		}
		return nil
	}
	return whole
}

func (st *stmt) stripTrailing(ws ...string) {
	n := len(st.toks)
	if st.anyWord(n-1, ws...) {
		st.drop(n-1, n)
	}
}

// planUse handles USE x, USE DATABASE x, USE SCHEMA x, USE db.sch.
func (st *stmt) planUse() [][]piece {
	s := st.out
	i := 1
	obj := upperWord(st, 1)
	switch obj {
	case "WAREHOUSE", "ROLE", "SECONDARY", "CATALOG":
		s.Kind = KindUtility
		return nil
	case "DATABASE", "SCHEMA":
		i = 2
	}
	if !st.isName(i) {
		s.Kind = KindUtility
		return nil
	}
	end := st.nameEnd(i)
	var parts []Ident
	for j := i; j < end; j += 2 {
		parts = append(parts, st.identAt(j))
	}
	sc := &SessionChange{}
	switch {
	case len(parts) >= 2:
		sc.Database, sc.Schema = &parts[0], &parts[1]
	case obj == "SCHEMA":
		sc.Schema = &parts[0]
	default:
		sc.Database = &parts[0]
	}
	s.Kind = KindUse
	s.Session = sc
	return nil
}

// planSet handles SET search_path and SET SCHEMA; other SETs are utility.
func (st *stmt) planSet() [][]piece {
	s := st.out
	i := 1
	if st.anyWord(i, "SESSION", "LOCAL") {
		i++
	}
	switch {
	case st.word(i, "SEARCH_PATH"):
		i++
		if st.word(i, "TO") || st.op(i, "=") {
			i++
		}
		sc := &SessionChange{}
		for ; i < len(st.toks); i++ {
			if st.op(i, ",") {
				continue
			}
			if st.isName(i) || st.kind(i) == tkString {
				sc.SearchPath = append(sc.SearchPath, st.identAt(i))
			}
		}
		s.Kind = KindUse
		s.Session = sc
		return nil
	case st.word(i, "SCHEMA") && i+1 < len(st.toks):
		id := st.identAt(i + 1)
		if st.op(i+1, "=") && i+2 < len(st.toks) {
			id = st.identAt(i + 2)
		}
		s.Kind = KindUse
		s.Session = &SessionChange{Schema: &id}
		return nil
	}
	if st.spec.name == "mysql" {
		return [][]piece{{span(0, len(st.toks))}}
	}
	s.Kind = KindUtility
	st.setVars(i)
	return nil
}

// setVars records SET v = 'text' and SET (v, w) = ('text', 'text') from
// token i: session variables holding a string, which TABLE($v) and
// IDENTIFIER($v) may later use as a table's name.
func (st *stmt) setVars(i int) {
	s := st.out
	if st.isName(i) && st.op(i+1, "=") && st.kind(i+2) == tkString && i+3 == len(st.toks) {
		s.SetVars = append(s.SetVars, SetVar{Name: st.identAt(i), Value: stringValue(st.text(i + 2))})
		return
	}
	if !st.op(i, "(") {
		return
	}
	var names []Ident
	j := i + 1
	for ; st.isName(j); j += 2 {
		names = append(names, st.identAt(j))
		if !st.op(j+1, ",") {
			j++
			break
		}
	}
	if len(names) == 0 || !st.op(j, ")") || !st.op(j+1, "=") || !st.op(j+2, "(") {
		return
	}
	j += 3
	for k := range names {
		if k > 0 {
			if !st.op(j, ",") {
				return
			}
			j++
		}
		if st.kind(j) == tkString {
			s.SetVars = append(s.SetVars, SetVar{Name: names[k], Value: stringValue(st.text(j))})
		}
		j++
	}
}

// planWith handles WITH .. INSERT (Spark's order) by moving the WITH clause
// after the INSERT head, where TiDB takes it.
func (st *stmt) planWith() [][]piece {
	n := len(st.toks)
	// one pass at depth 0 finds the first INSERT and the first UPDATE,
	// DELETE or MERGE (not an argument)
	ins, sel := -1, -1
	for i := 1; i < n; i = st.skip(i) {
		if t := st.toks[i]; t.kind != tkWord || (t.end-t.start != 6 && t.end-t.start != 5) {
			continue
		}
		if st.word(i, "INSERT") {
			ins = i
			break
		}
		if sel < 0 && st.anyWord(i, "UPDATE", "DELETE", "MERGE") && !st.op(i-1, "(") {
			sel = i
		}
	}
	if ins < 0 {
		if sel < 0 || st.word(sel-1, "FOR") {
			// WITH w AS (INSERT .. RETURNING ..) SELECT ..
			main := st.findTop(1, n, func(i int) bool { return st.word(i, "SELECT") })
			if writes, with := st.cteInserts(main); len(writes) > 0 && main > 0 {
				return append(writes, append(with, span(main, n)))
			}
		}
		if sel >= 0 && !st.word(sel-1, "FOR") {
			switch upperWord(st, sel) {
			case "UPDATE":
				return st.planUpdate(sel)
			case "DELETE":
				return st.planDelete(sel)
			case "MERGE":
				return st.planMerge(sel)
			}
			st.fail(sel, "WITH before %s is not supported", strings.ToUpper(st.text(sel)))
			return nil
		}
		return st.planSelect(st.whole[:])
	}
	if sel >= 0 && sel < ins && st.word(sel, "MERGE") {
		// WITH .. MERGE: the INSERT found is the MERGE's own
		return st.planMerge(sel)
	}
	// the INSERT head ends where its query starts
	q := st.insertQueryStart(ins)
	if q < 0 {
		st.fail(ins, "INSERT without a query")
		return nil
	}
	writes, with := st.cteInserts(ins)
	if len(writes) == 0 {
		with = []piece{span(0, ins)}
	}
	units := st.planInsert(ins, [][]piece{append(append([]piece{span(ins, q)}, with...), span(q, n))})
	return append(writes, units...)
}

// cteInserts reads the data-modifying CTEs of Postgres, WITH w AS (INSERT
// INTO t [(cols)] SELECT .. RETURNING r), before the statement's own query
// (at token main): each INSERT is a unit of its
// own, INSERT INTO t [(cols)] [WITH <the CTEs before it>] SELECT .., and
// the statement reads w as the rows it inserted, SELECT r FROM t. It
// returns those units and the WITH clause to put before the statement's
// query, or nothing when no CTE inserts (or one does in a form not read).
func (st *stmt) cteInserts(main int) (units [][]piece, with []piece) {
	if !st.spec.dollarQuotes || st.word(1, "RECURSIVE") || main < 0 {
		return nil, nil // Postgres and its kin only
	}
	first, from := 1, 0
	for i := 1; i < main && st.isName(i); {
		j := i + 1
		if st.op(j, "(") {
			j = st.skip(j)
		}
		if !st.word(j, "AS") {
			return nil, nil
		}
		j++
		if st.word(j, "NOT") {
			j++
		}
		if st.word(j, "MATERIALIZED") {
			j++
		}
		open := j
		close := st.closeOf(open)
		if !st.op(open, "(") || close < 0 {
			return nil, nil
		}
		if ins := open + 1; st.word(ins, "INSERT") {
			u, ok := st.cteInsert(ins, close, first, i)
			if !ok {
				return nil, nil
			}
			units = append(units, u)
			ret := st.findTop(ins, close, func(k int) bool { return st.word(k, "RETURNING") })
			tbl := ins + 2
			with = append(with, span(from, open+1), lit("SELECT "), span(ret+1, close), lit(" FROM "), span(tbl, st.nameEnd(tbl)))
			from = close
		} else if upd := open + 1; st.word(upd, "UPDATE") {
			// WITH u AS (UPDATE t SET .. RETURNING ..): the CTE reads as
			// the query of the returned rows (rewriteUpdateReturning);
			// the UPDATE writes t all the same, a unit of its own
			if u, ok := st.cteUpdate(upd, close, with, from, i); ok {
				units = append(units, u)
			}
		}
		if !st.op(close+1, ",") {
			break
		}
		i = close + 2
	}
	if len(units) == 0 {
		return nil, nil
	}
	return units, append(with, span(from, main))
}

// cteInsert is the unit of the INSERT at token ins of a CTE whose bracket
// closes at token close; the CTEs before it are tokens [first, cte-1).
func (st *stmt) cteInsert(ins, close, first, cte int) ([]piece, bool) {
	if !st.word(ins+1, "INTO") || !st.isName(ins+2) {
		return nil, false
	}
	q := st.findTop(ins+2, close, func(k int) bool { return st.word(k, "SELECT") })
	ret := st.findTop(ins+2, close, func(k int) bool { return st.word(k, "RETURNING") })
	if q < 0 || ret < q || ret+1 >= close ||
		st.findTop(q, ret, func(k int) bool { return st.word(k, "ON") && st.word(k+1, "CONFLICT") }) >= 0 {
		return nil, false
	}
	u := []piece{span(ins, q)}
	if cte-1 > first {
		u = append(u, lit(" WITH "), span(first, cte-1), lit(" "))
	}
	return append(u, span(q, ret)), true
}

// cteUpdate is the unit of the UPDATE at token upd of a CTE whose bracket
// closes at token close (UPDATE t [AS x] SET .. [FROM s] [WHERE w]
// RETURNING ..), in TiDB's form UPDATE t [AS x], s SET .. [WHERE w]; the
// CTEs before it (that of token cte) are with, the CTEs cteInserts read
// so far, then tokens [rest, cte-1).
func (st *stmt) cteUpdate(upd, close int, with []piece, rest, cte int) ([]piece, bool) {
	set := st.findTop(upd+1, close, func(k int) bool { return st.word(k, "SET") })
	ret := st.findTop(upd+1, close, func(k int) bool { return st.word(k, "RETURNING") })
	if set < 0 || ret < set {
		return nil, false
	}
	from := st.findTop(set, ret, func(k int) bool { return st.word(k, "FROM") })
	where := st.findTop(set, ret, func(k int) bool { return st.word(k, "WHERE") })
	var u []piece
	if cte > 1 {
		u = append(append(u, with...), span(rest, cte-1), lit(" "))
	}
	u = append(u, lit("UPDATE "), copySpan(upd+1, set))
	setEnd := ret
	if where >= 0 {
		setEnd = where
	}
	if from >= 0 {
		u = append(u, lit(", "), copySpan(from+1, setEnd), lit(" "))
		setEnd = from
	}
	u = append(u, copySpan(set, setEnd))
	if where >= 0 {
		u = append(u, lit(" "), copySpan(where, ret))
	}
	return u, true
}

// insertQueryStart returns the index of the query of the INSERT at ins.
func (st *stmt) insertQueryStart(ins int) int {
	return st.findTop(ins+1, len(st.toks), func(i int) bool {
		return st.anyWord(i, "SELECT", "VALUES", "WITH", "FROM") ||
			(st.op(i, "(") && st.word(i+1, "SELECT")) || (st.op(i, "(") && st.word(i+1, "WITH"))
	})
}

// planInsert handles INSERT OVERWRITE / INTO TABLE / PARTITION / ON CONFLICT.
func (st *stmt) planInsert(ins int, units [][]piece) [][]piece {
	s := st.out
	s.Kind = KindInsert
	i := ins + 1
	if st.word(i, "OR") && st.anyWord(i+1, "REPLACE", "IGNORE") && st.word(i+2, "INTO") {
		// DuckDB, SQLite: INSERT OR REPLACE|IGNORE INTO, an upsert
		st.drop(i, i+2)
		i += 2
	}
	if st.word(i, "OVERWRITE") {
		s.Overwrite = true
		if st.word(i+1, "DIRECTORY") || st.word(i+1, "LOCAL") {
			return st.planInsertDirectory(ins, i)
		}
		st.replace(i, "INTO")
		if st.word(i+1, "INTO") {
			// Snowflake's INSERT OVERWRITE INTO t
			st.drop(i+1, i+2)
			i++
		}
	} else if !st.word(i, "INTO") && !st.word(i, "IGNORE") {
		// INSERT t SELECT (no INTO) in some dialects
		if st.isName(i) && !st.anyWord(i, "INTO", "OVERWRITE") {
			st.before(i, lit("INTO "))
			i--
		}
	}
	i++
	if st.word(i, "TABLE") {
		st.drop(i, i+1)
		i++
	}
	i = st.nameEnd(i)
	if st.word(i, "AS") && st.isName(i+1) && !st.spec.isMySQL() && !st.anyWord(i+1, "SELECT", "WITH", "VALUES") {
		// Postgres INSERT INTO t AS a: a names the target row in ON
		// CONFLICT; it becomes t's own name there
		alias, last := st.text(i+1), st.text(i-1)
		st.drop(i, i+2)
		for j := i + 2; j < len(st.toks); j++ {
			if st.isName(j) && st.op(j+1, ".") && !st.op(j-1, ".") && strings.EqualFold(st.text(j), alias) {
				st.replace(j, last)
			}
		}
		i += 2
	}
	// Hive PARTITION (dt='x', hr)
	if st.word(i, "PARTITION") && st.op(i+1, "(") {
		close := st.closeOf(i + 1)
		if close > 0 {
			st.partitionSpec(i+1, close)
			st.drop(i, close+1)
			i = close + 1
		}
	}
	if st.word(i, "IF") && st.word(i+1, "NOT") && st.word(i+2, "EXISTS") {
		st.drop(i, i+3)
	}
	if st.word(i, "REPLACE") && (st.word(i+1, "WHERE") || st.word(i+1, "USING")) {
		// Databricks INSERT INTO t REPLACE WHERE c query: the rows of t
		// matching c are replaced by the query's (a predicate on t's
		// rows, as INSERT OVERWRITE's partition is)
		if q := st.insertQueryStart(i); q > i {
			st.drop(i, q)
		}
	}
	// ON CONFLICT (cols) DO UPDATE SET ... / DO NOTHING
	// one pass finds both ON CONFLICT and (without it) RETURNING
	n := len(st.toks)
	oc, r := -1, -1
	toks, match := st.toks, st.match[:n]
	for j := ins; j < n; j++ {
		if m := int(match[j]); m > j {
			j = m // over a bracket group
			continue
		}
		// (words of other lengths cannot be either)
		if l := toks[j].end - toks[j].start; (l != 2 && l != 9) || toks[j].kind != tkWord {
			continue
		}
		if st.word(j, "ON") && st.word(j+1, "CONFLICT") {
			oc = j
			break
		}
		if r < 0 && st.word(j, "RETURNING") {
			r = j
		}
	}
	if oc >= 0 {
		j := oc + 2
		if st.op(j, "(") {
			j = st.skip(j)
		} else if st.word(j, "ON") && st.word(j+1, "CONSTRAINT") {
			j += 3
		}
		if st.word(j, "WHERE") {
			j = st.findTop(j, n, func(k int) bool { return st.word(k, "DO") })
		}
		switch {
		case j >= 0 && st.word(j, "DO") && st.word(j+1, "NOTHING"):
			st.drop(oc, n)
		case j >= 0 && st.word(j, "DO") && st.word(j+1, "UPDATE") && st.word(j+2, "SET"):
			st.drop(oc, j+3)
			st.before(oc, lit("ON DUPLICATE KEY UPDATE "))
			// EXCLUDED.col -> VALUES(col); a WHERE is dropped (and its
			// EXCLUDED left alone: an edit on a dropped token is still
			// emitted)
			end := n
			w := st.findTop(j+3, n, func(k int) bool { return st.word(k, "WHERE") || st.word(k, "RETURNING") })
			if w >= 0 {
				st.drop(w, n)
				end = w
			}
			for k := j + 3; k+2 < end; k++ {
				if st.word(k, "EXCLUDED") && st.op(k+1, ".") && st.isName(k+2) {
					st.replace(k, "VALUES(")
					st.drop(k+1, k+2)
					st.after(k+2, lit(")"))
				}
			}
			if st.op(j+3, "(") {
				// SET (a, b) = (EXCLUDED.a, ..): one assignment per column
				// (the SET token itself is dropped above)
				st.rewriteRowAssignment(j + 2)
			}
		default:
			st.fail(oc, "unsupported ON CONFLICT clause")
		}
	}
	if r >= 0 && oc < 0 {
		st.drop(r, n)
	}
	if oc < 0 {
		st.rowAlias(ins)
	}
	return units
}

// partitionSpec records the columns of the partition spec in brackets
// open..close: (dt='x', hr), where a column given a value is static.
func (st *stmt) partitionSpec(open, close int) {
	for j := open + 1; j < close; j++ {
		if st.isName(j) && (st.op(j-1, "(") || st.op(j-1, ",")) {
			static := st.op(j+1, "=")
			if st.parts == nil && st.first != nil {
				st.parts = st.first.parts[:0]
			}
			st.parts = append(st.parts, PartitionColumn{Name: st.identAt(j), Static: static})
		}
	}
}

// ExchangeAll is the partition name of the EXCHANGE PARTITION that carries
// a move of rows TiDB has no syntax for: Hive's EXCHANGE PARTITION (spec)
// (the spec's columns are in Statement.Partition) and Snowflake's SWAP WITH
// (Statement.Swap). Real partitions are not named so.
const ExchangeAll = "*"

// planExchange carries ALTER TABLE t EXCHANGE PARTITION (spec) WITH TABLE s
// (Hive: s's partition moves into t) and ALTER TABLE t SWAP WITH s
// (Snowflake) as TiDB's ALTER TABLE t EXCHANGE PARTITION `*` WITH TABLE s.
// planAppend handles Redshift's ALTER TABLE t APPEND FROM s [IGNOREEXTRA |
// FILLTARGET]: s's rows move into t, column by name, as INSERT INTO t
// SELECT * FROM s by name would put them; nil when it is not that form.
func (st *stmt) planAppend() [][]piece {
	j := st.nameEnd(2)
	if j == 2 || !st.word(j, "APPEND") || !st.word(j+1, "FROM") || !st.isName(j+2) {
		return nil
	}
	end := st.nameEnd(j + 2)
	if end < len(st.toks) && !(end+1 == len(st.toks) && st.anyWord(end, "IGNOREEXTRA", "FILLTARGET")) {
		return nil
	}
	st.out.Kind = KindInsert
	return [][]piece{{lit("INSERT INTO "), span(2, j), lit(" SELECT /*+ QB_NAME(" + byNameHint + ") */ * FROM "), span(j+2, end)}}
}

func (st *stmt) planExchange() {
	i := 2
	ifExists := st.word(i, "IF") && st.word(i+1, "EXISTS")
	if ifExists {
		i += 2
	}
	j := st.nameEnd(i)
	if j == i {
		return
	}
	switch {
	case st.word(j, "SWAP") && st.word(j+1, "WITH") && st.isName(j+2) && st.nameEnd(j+2) == len(st.toks):
		st.out.Swap = true
		st.replace(j, "EXCHANGE PARTITION `"+ExchangeAll+"`")
		st.after(j+1, lit(" TABLE"))
	case st.word(j, "EXCHANGE") && st.word(j+1, "PARTITION") && st.op(j+2, "("):
		close := st.closeOf(j + 2)
		if close < 0 || !st.word(close+1, "WITH") || !st.word(close+2, "TABLE") {
			return
		}
		st.partitionSpec(j+2, close)
		st.drop(j+2, close+1)
		st.after(j+1, lit(" `"+ExchangeAll+"`"))
	default:
		return
	}
	if ifExists {
		// TiDB has no ALTER TABLE IF EXISTS; it changes nothing a
		// lineage reads
		st.drop(2, 4)
	}
}

// planInsertDirectory handles INSERT OVERWRITE [LOCAL] DIRECTORY 'path' .. query.
func (st *stmt) planInsertDirectory(ins, i int) [][]piece {
	s := st.out
	s.Kind = KindUnload
	j := i + 1
	if st.word(j, "LOCAL") {
		j++
	}
	j++ // DIRECTORY
	if st.kind(j) == tkString {
		s.Location = stringValue(st.text(j))
	}
	q := st.findTop(j, len(st.toks), func(k int) bool {
		return st.anyWord(k, "SELECT", "WITH", "FROM") || (st.op(k, "(") && st.word(k+1, "SELECT"))
	})
	if q < 0 {
		st.fail(ins, "INSERT OVERWRITE DIRECTORY without a query")
		return nil
	}
	return [][]piece{{span(q, len(st.toks))}}
}

// planSelect handles SELECT .. INTO t FROM (Postgres family: a new table).
func (st *stmt) planSelect(whole [][]piece) [][]piece {
	if !st.spec.selectInto {
		return whole
	}
	n := len(st.toks)
	sel := 0
	if st.word(0, "WITH") {
		sel = st.findTop(1, n, func(i int) bool { return st.word(i, "SELECT") })
		if sel < 0 {
			return whole
		}
	}
	// the first of INTO, FROM, UNION, ... at the top level: all of these
	// words are reserved, so the hint skips names at once
	into := -1
	toks, match := st.toks, st.match[:n]
	for i := sel + 1; i < n; i++ {
		if m := int(match[i]); m > i {
			i = m // over a bracket group
			continue
		}
		if t := toks[i]; t.hint&hintReserved != 0 && st.endsFields(i, t) {
			into = i
			break
		}
	}
	if into < 0 || !st.word(into, "INTO") {
		return whole
	}
	s := st.out
	if (into == sel+1 || st.inBody) && !st.anyWord(into+1, "TEMP", "TEMPORARY", "UNLOGGED", "TABLE", "LOCAL", "GLOBAL") {
		// PL/pgSQL SELECT INTO [STRICT] v expr ..: the select list
		// comes after the variable, so INTO names a variable, not a
		// new table (a table's SELECT lists its columns before INTO);
		// inside a procedure body SELECT expr INTO v assigns v too
		s.Kind = KindUtility
		return nil
	}
	j := into + 1
	for st.anyWord(j, "TEMP", "TEMPORARY", "UNLOGGED", "TABLE", "LOCAL", "GLOBAL") {
		if st.anyWord(j, "TEMP", "TEMPORARY") {
			s.Temporary = true
		}
		j++
	}
	end := st.nameEnd(j)
	if end == j {
		return whole
	}
	if st.hashTempName(end - 1) {
		s.Temporary = true
	}
	s.Kind = KindCreateTableAs
	head := "CREATE TABLE "
	if s.Temporary {
		head = "CREATE TEMPORARY TABLE "
	}
	return [][]piece{{lit(head), span(j, end), lit(" AS "), span(0, into), span(end, n)}}
}

// opaqueInsert reads INSERT [INTO] t [(cols)] EXEC[UTE] [@rc =] proc ..:
// the table written and what writes it (nil when t is no name).
func (st *stmt) opaqueInsert() *OpaqueWrite {
	j := 1
	if st.word(j, "INTO") {
		j++
	}
	end := st.nameEnd(j)
	if end == j {
		return nil
	}
	ow := &OpaqueWrite{Table: Name{Span: st.tokSpan(j, end)}}
	for k := j; k < end; k += 2 {
		ow.Table.Parts = append(ow.Table.Parts, st.identAt(k))
	}
	k := end
	if st.op(k, "(") {
		close := st.closeOf(k)
		if close < 0 {
			return ow
		}
		for c := k + 1; c < close; c++ {
			if st.isName(c) && (st.op(c+1, ",") || c+1 == close) {
				ow.Columns = append(ow.Columns, st.identAt(c))
			}
		}
		k = close + 1
	}
	if !st.anyWord(k, "EXEC", "EXECUTE") {
		return ow
	}
	k++
	if st.kind(k) == tkParam && st.op(k+1, "=") {
		k += 2 // @rc = proc: the return code
	}
	if e := st.nameEnd(k); e > k && !st.op(e, "(") {
		ow.By = Name{Span: st.tokSpan(k, e)}
		for x := k; x < e; x += 2 {
			ow.By.Parts = append(ow.By.Parts, st.identAt(x))
		}
	}
	return ow
}

// hashTempName reports whether token i, the last part of a table's name,
// is a T-SQL or Redshift temporary table name (#t, ##t): a table of the
// session, as CREATE TEMP TABLE makes.
func (st *stmt) hashTempName(i int) bool {
	return i >= 0 && st.kind(i) == tkWord && (st.spec.bracketIdents || st.spec.hashNames) && strings.HasPrefix(st.text(i), "#")
}

// endsFields reports whether token i (t) is INTO, FROM, UNION, EXCEPT,
// INTERSECT or WHERE, testing its length first.
func (st *stmt) endsFields(i int, t token) bool {
	switch t.end - t.start {
	case 4:
		return st.word(i, "INTO") || st.word(i, "FROM")
	case 5:
		return st.word(i, "UNION") || st.word(i, "WHERE")
	case 6:
		return st.word(i, "EXCEPT")
	case 9:
		return st.word(i, "INTERSECT")
	}
	return false
}

// planUpdate handles UPDATE t SET .. FROM s WHERE -> UPDATE t, s SET .. WHERE.
func (st *stmt) planUpdate(b int) [][]piece {
	s := st.out
	s.Kind = KindUpdate
	n := len(st.toks)
	set := st.findTop(b+1, n, func(i int) bool { return st.word(i, "SET") })
	if set < 0 {
		return [][]piece{{span(0, n)}}
	}
	from := st.findTop(set+1, n, func(i int) bool { return st.word(i, "FROM") })
	if from < 0 {
		return [][]piece{{span(0, n)}}
	}
	end := st.findTop(from+1, n, func(i int) bool { return st.anyWord(i, "WHERE", "RETURNING") })
	if end < 0 {
		end = n
	}
	if r := st.findTop(from, n, func(i int) bool { return st.word(i, "RETURNING") }); r >= 0 {
		st.drop(r, n)
	}
	// T-SQL: UPDATE a SET .. FROM t AS a: the target is an alias of the
	// FROM list, which alone names the tables
	if t := b + 1; st.isName(t) && t+1 == set {
		target := st.identAt(t).Name
		alias := st.findTop(from+1, end, func(i int) bool {
			return st.isName(i) && strings.EqualFold(st.identAt(i).Name, target) && !st.op(i+1, ".") &&
				(st.word(i-1, "AS") || (st.isName(i-1) && !st.isClauseWord(i-1)))
		})
		if alias >= 0 {
			return [][]piece{{span(0, t), span(from+1, end), lit(" "), span(set, from), span(end, n)}}
		}
	}
	return [][]piece{{span(0, set), lit(", "), span(from+1, end), lit(" "), span(set, from), span(end, n)}}
}

// planDelete handles DELETE FROM t USING s WHERE.
func (st *stmt) planDelete(b int) [][]piece {
	s := st.out
	s.Kind = KindDelete
	n := len(st.toks)
	if !st.word(b+1, "FROM") {
		if st.isName(b+1) && !st.spec.isMySQL() {
			st.before(b+1, lit("FROM "))
		}
		return [][]piece{{span(0, n)}}
	}
	tEnd := st.nameEnd(b + 2)
	using := st.findTop(tEnd, n, func(i int) bool { return st.word(i, "USING") })
	if r := st.findTop(b+2, n, func(i int) bool { return st.word(i, "RETURNING") }); r >= 0 {
		st.drop(r, n)
	}
	if using < 0 {
		return [][]piece{{span(0, n)}}
	}
	// DELETE FROM t [AS] a USING s -> DELETE FROM a USING t AS a, s
	aliasEnd := using
	alias := tEnd
	if st.word(alias, "AS") {
		alias++
	}
	var name piece
	if alias < using {
		name = span(alias, alias+1)
	} else {
		name = span(tEnd-1, tEnd)
	}
	return [][]piece{{span(0, b+2), name, lit(" USING "), span(b+2, aliasEnd), lit(", "), span(using+1, n)}}
}

func (d *dialectSpec) isMySQL() bool { return d.name == "mysql" }

// planMerge turns MERGE into its UPDATE part and its INSERT part; token m
// is MERGE, after a WITH clause that each part then starts with (TiDB takes
// WITH before UPDATE, and before an INSERT's query). Databricks' UPDATE SET
// * and INSERT * assign each target column from the source column of its
// name: an INSERT of the source's columns marked BY NAME.
func (st *stmt) planMerge(m int) [][]piece {
	s := st.out
	s.Kind = KindMerge
	n := len(st.toks)
	i := m + 1
	var with piece
	if m > 0 {
		with = span(0, m)
	}
	if st.word(i, "WITH") && st.word(i+1, "SCHEMA") && st.word(i+2, "EVOLUTION") && st.spec.name == "hive" {
		// Databricks MERGE WITH SCHEMA EVOLUTION INTO: the target may gain
		// the source's columns; the clauses' assignments are the lineage
		st.drop(i, i+3)
		i += 3
	}
	if st.word(i, "INTO") {
		i++
	}
	using := st.findTop(i, n, func(j int) bool { return st.word(j, "USING") })
	if using < 0 {
		st.fail(0, "MERGE without USING")
		return nil
	}
	on := st.findTop(using+1, n, func(j int) bool { return st.word(j, "ON") })
	if on < 0 {
		st.fail(using, "MERGE without ON")
		return nil
	}
	// a clause's WHEN [NOT] MATCHED, not a CASE's WHEN in a condition or
	// a SET value
	clause := func(j int) bool {
		return st.word(j, "WHEN") && (st.word(j+1, "MATCHED") || st.word(j+1, "NOT") && st.word(j+2, "MATCHED"))
	}
	when := st.findTop(on+1, n, clause)
	if when < 0 && st.spec.name == "redshift" && st.word(n-2, "REMOVE") && st.word(n-1, "DUPLICATES") {
		// Redshift's simplified MERGE .. ON c REMOVE DUPLICATES: matched
		// rows are replaced by the source's, the others inserted; the
		// source has the target's columns, in order (as INSERT ROW)
		u := []piece{lit("INSERT INTO "), span(i, st.nameEnd(i))}
		if m > 0 {
			u = append(u, lit(" "), with)
		}
		return [][]piece{append(u, lit(" SELECT * FROM "), span(using+1, on))}
	}
	if when < 0 {
		st.fail(on, "MERGE without WHEN")
		return nil
	}
	nameEnd := st.nameEnd(i)
	var upd, ins, star []piece
	for w := when; w >= 0 && w < n; {
		next := st.findTop(w+1, n, clause)
		end := next
		if end < 0 {
			end = n
		}
		then := st.findTop(w+1, end, func(j int) bool {
			return st.word(j, "THEN") && st.anyWord(j+1, "UPDATE", "DELETE", "INSERT", "DO")
		})
		if then < 0 {
			st.fail(w, "WHEN without THEN")
			return nil
		}
		notMatched := st.word(w+1, "NOT")
		act := then + 1
		switch {
		case st.word(act, "UPDATE") && (st.word(act+1, "SET") && st.op(act+2, "*") ||
			st.word(act+1, "ALL") && st.word(act+2, "BY") && st.word(act+3, "NAME")):
			// UPDATE SET * (Databricks), UPDATE ALL BY NAME (Snowflake):
			// every target column from the source column of its name
			star = append(star, lit("INSERT INTO "), span(i, nameEnd), lit(" "))
			if m > 0 {
				star = append(star, with, lit(" "))
			}
			star = append(star, lit("SELECT /*+ QB_NAME("+byNameHint+") */ * FROM "), span(using+1, on))
		case st.word(act, "UPDATE") && st.word(act+1, "SET"):
			if len(upd) > 0 {
				upd = append(upd, lit(", "))
			}
			upd = append(upd, span(act+2, end))
		case st.word(act, "DELETE"):
			// deletes move no data
		case st.word(act, "INSERT") && !notMatched:
			st.fail(act, "INSERT in WHEN MATCHED")
			return nil
		case st.word(act, "INSERT"):
			j := act + 1
			var cols piece
			if st.op(j, "(") {
				cols = span(j, st.skip(j))
				j = st.skip(j)
			}
			ins = append(ins, lit("INSERT INTO "), span(i, nameEnd))
			if cols.isRange() {
				ins = append(ins, cols)
			}
			if m > 0 {
				ins = append(ins, lit(" "), with)
			}
			switch {
			case st.op(j, "*") || st.word(j, "ALL") && st.word(j+1, "BY") && st.word(j+2, "NAME"):
				// INSERT * (Databricks), INSERT ALL BY NAME (Snowflake)
				ins = append(ins, lit(" SELECT /*+ QB_NAME("+byNameHint+") */ * FROM "), span(using+1, on))
			case st.word(j, "VALUES") && st.op(j+1, "("):
				c := st.skip(j + 1)
				ins = append(ins, lit(" SELECT "), span(j+2, c-1), lit(" FROM "), span(using+1, on))
			case st.word(j, "ROW"):
				ins = append(ins, lit(" SELECT * FROM "), span(using+1, on))
			default:
				st.fail(j, "unsupported MERGE INSERT")
				return nil
			}
		default:
			st.fail(act, "unsupported MERGE action")
			return nil
		}
		w = next
	}
	var units [][]piece
	if len(upd) > 0 {
		var u []piece
		if m > 0 {
			u = append(u, with, lit(" "))
		}
		u = append(u, lit("UPDATE "), span(i, using), lit(" JOIN "), span(using+1, on), lit(" ON "), span(on+1, when), lit(" SET "))
		units = append(units, append(u, upd...))
	}
	if len(star) > 0 {
		units = append(units, star)
	}
	if len(ins) > 0 {
		units = append(units, ins)
	}
	if len(units) == 0 {
		// only deletes: a DELETE with the join
		var d []piece
		if m > 0 {
			d = append(d, with, lit(" "))
		}
		units = append(units, append(d, lit("DELETE "), span(i, nameEnd), lit(" FROM "), span(i, using), lit(" JOIN "), span(using+1, on), lit(" ON "), span(on+1, when)))
	}
	return units
}

// constraintWords start a table element that is not a column.
var constraintWords = []string{"PRIMARY", "UNIQUE", "CONSTRAINT", "FOREIGN", "KEY", "INDEX", "CHECK", "LIKE", "PERIOD", "EXCLUDE"}

// planCreate handles CREATE [OR REPLACE] [TEMP|TRANSIENT|..] TABLE/VIEW.
func (st *stmt) planCreate() [][]piece {
	s := st.out
	n := len(st.toks)
	i := 1
	if st.word(0, "REPLACE") {
		s.Replace = true
		i = 1
	}
	if st.word(i, "OR") && st.anyWord(i+1, "REPLACE", "REFRESH") {
		// OR REFRESH: Databricks' pipelines (CREATE OR REFRESH STREAMING
		// TABLE / MATERIALIZED VIEW) replace the dataset's contents
		s.Replace = true
		i += 2
	}
	materialized := false
	for {
		switch upperWord(st, i) {
		case "TEMP", "TEMPORARY", "VOLATILE":
			s.Temporary = true
		case "GLOBAL", "LOCAL", "TRANSIENT", "EXTERNAL", "SECURE", "MULTISET", "SET", "UNLOGGED", "RECURSIVE", "FORCE", "NOFORCE",
			"DYNAMIC", "ICEBERG", "HYBRID", "SNAPSHOT", "STREAMING", "LIVE":
		case "MATERIALIZED":
			materialized = true
		default:
			goto done
		}
		i++
	}
done:
	obj := upperWord(st, i)
	if obj == "TABLE" && st.word(i+1, "FUNCTION") && st.spec.name == "bigquery" {
		return st.planTableFunction(i + 1)
	}
	if obj == "STREAM" && st.spec.colonPaths {
		if u := st.planStream(i); u != nil {
			return u
		}
	}
	if obj != "TABLE" && obj != "VIEW" {
		if utilityObjects[obj] || obj == "" || obj == "OR" {
			s.Kind = KindUtility
			return nil
		}
		return [][]piece{{span(0, n)}}
	}
	j := i + 1
	if st.word(j, "IF") && st.word(j+1, "NOT") && st.word(j+2, "EXISTS") {
		j += 3
	}
	name := j
	k := st.nameEnd(name)
	if k == name {
		st.fail(name, "expected a name")
		return nil
	}
	if obj == "TABLE" && st.hashTempName(k-1) {
		s.Temporary = true
	}
	headText := "CREATE TABLE "
	if s.Temporary {
		headText = "CREATE TEMPORARY TABLE "
	}
	if obj == "VIEW" {
		headText = "CREATE VIEW "
		if s.Replace && !materialized {
			headText = "CREATE OR REPLACE VIEW "
		}
		s.Kind = KindCreateView
	}
	unit := []piece{lit(headText), span(name, k)}
	q := st.findTop(k, n, func(x int) bool {
		return st.word(x, "AS") && (st.isQueryStart(x+1) || st.word(x+1, "FROM"))
	})
	if st.op(k, "(") && st.closeOf(k) > k && (q < 0 || q > st.closeOf(k)) {
		close := st.closeOf(k)
		if obj == "VIEW" || st.columnNamesOnly(k+1, close) {
			if obj == "TABLE" && q >= 0 {
				// CREATE TABLE t (a, b) AS query: name the query's columns
				s.Kind = KindCreateTableAs
				return [][]piece{append(unit, lit(" AS SELECT * FROM LATERAL ("), span(q+1, n), lit(") AS _ctas"), span(k, close+1))}
			}
			unit = append(unit, span(k, close+1))
		} else {
			unit = append(unit, st.columnDefs(k, close)...)
		}
		k = close + 1
	}
	if q < 0 && obj == "TABLE" && (st.spec.name == "mysql" || st.spec.name == "hive") {
		// CREATE TABLE t [options] SELECT ... (MySQL, Spark): a query
		// without AS is still the table's contents, never dropped; but
		// not a query of a statement after it in a script without
		// semicolons (CREATE TABLE t (id int) INSERT INTO u SELECT ...).
		if x := st.findTop(k, n, st.isBareQueryStart); x >= 0 && st.findTop(k, x, st.startsStatement) < 0 {
			s.Kind = KindCreateTableAs
			return [][]piece{append(unit, lit(" AS "), span(x, n))}
		}
	}
	if q < 0 && obj == "TABLE" && st.anyWord(k, "DEEP", "SHALLOW") && st.word(k+1, "CLONE") {
		// Databricks DEEP|SHALLOW CLONE: a copy of the source, as CLONE is
		k++
	}
	if q < 0 && obj == "TABLE" {
		st.cutAt = k // the options are dropped: a statement after them is not
	}
	switch {
	case q >= 0:
		if obj == "TABLE" {
			s.Kind = KindCreateTableAs
		}
		unit = append(unit, lit(" AS "), span(q+1, st.ctasEnd(q+1, n)))
	case st.anyWord(k, "CLONE", "COPY") && obj == "TABLE" && st.isName(k+1) && !st.word(k+1, "GRANTS"):
		// Snowflake, BigQuery CLONE and BigQuery COPY: the new table
		// holds the source's rows as well as its columns
		s.Kind = KindCreateTableAs
		unit = append(unit, lit(" AS SELECT * FROM "), span(k+1, st.nameEnd(k+1)))
	case st.word(k, "LIKE") && obj == "TABLE":
		unit = append(unit, lit(" LIKE "), span(k+1, st.nameEnd(k+1)))
	case obj == "VIEW":
		st.fail(k, "CREATE VIEW without AS query")
		return nil
	case st.word(k, "AS") && st.word(k+1, "TABLE") && st.isName(k+2) && obj == "TABLE":
		// Postgres CREATE TABLE t AS TABLE s: a copy of s
		s.Kind = KindCreateTableAs
		unit = append(unit, lit(" AS SELECT * FROM "), span(k+2, st.nameEnd(k+2)))
	case st.word(k, "AS") && obj == "TABLE":
		st.fail(k+1, "unsupported CREATE TABLE AS")
		return nil
	}
	return [][]piece{unit}
}

// planTableFunction reads BigQuery's CREATE TABLE FUNCTION f(params)
// [RETURNS TABLE<..>] AS query (token i is FUNCTION): a parameterised
// query, no table of its own. It becomes a temporary view of its query, so
// a statement that reads f(..) later in the script reads the query's
// tables (rewriteTVFCalls drops the call's arguments); the parameters, not
// being columns, are left unresolved. Without AS query it is utility.
func (st *stmt) planTableFunction(i int) [][]piece {
	n := len(st.toks)
	name := i + 1
	if st.word(name, "IF") && st.word(name+1, "NOT") && st.word(name+2, "EXISTS") {
		name += 3
	}
	k := st.nameEnd(name)
	if k == name || !st.op(k, "(") || st.closeOf(k) < k {
		st.out.Kind = KindUtility
		return nil
	}
	q := st.findTop(st.closeOf(k)+1, n, func(x int) bool { return st.word(x, "AS") && st.isQueryStart(x+1) })
	if q < 0 {
		st.out.Kind = KindUtility
		return nil
	}
	st.out.Kind = KindCreateView
	st.out.Temporary = true
	return [][]piece{{lit("CREATE VIEW "), span(name, k), lit(" AS "), span(q+1, n)}}
}

// planStream reads Snowflake's CREATE STREAM s ON TABLE|VIEW t (token i
// is STREAM): the stream's rows are t's changed rows, with t's columns (and
// METADATA$ ones), so reading it reads t. It becomes a temporary view of t,
// collapsed as one, not a written dataset. Other forms (ON STAGE) stay
// utility (nil).
func (st *stmt) planStream(i int) [][]piece {
	name := i + 1
	if st.word(name, "IF") && st.word(name+1, "NOT") && st.word(name+2, "EXISTS") {
		name += 3
	}
	k := st.nameEnd(name)
	if k == name {
		return nil
	}
	on := st.topLevel(k, func(x int) bool { return st.word(x, "ON") })
	if on < 0 {
		return nil
	}
	t := on + 1
	if st.word(t, "EXTERNAL") {
		t++
	}
	if !st.anyWord(t, "TABLE", "VIEW") || !st.isName(t+1) {
		return nil
	}
	st.out.Kind = KindCreateView
	st.out.Temporary = true
	return [][]piece{{lit("CREATE VIEW "), span(name, k), lit(" AS SELECT * FROM "), span(t+1, st.nameEnd(t+1))}}
}

// ctasEnd returns where the query of CREATE TABLE .. AS that starts at
// from ends: before the table options that may follow it, WITH [NO] DATA
// [AND [NO] STATISTICS] (Teradata, Postgres) and Teradata's [UNIQUE]
// PRIMARY INDEX (..), NO PRIMARY INDEX, ON COMMIT .. ROWS. They hold no
// lineage.
func (st *stmt) ctasEnd(from, n int) int {
	end := st.findTop(from, n, func(x int) bool {
		switch {
		case st.word(x, "WITH"):
			return st.word(x+1, "DATA") || st.word(x+1, "NO") && st.word(x+2, "DATA")
		case st.word(x, "PRIMARY"):
			return st.word(x+1, "INDEX")
		case st.word(x, "ON"):
			return st.word(x+1, "COMMIT") && st.anyWord(x+2, "PRESERVE", "DELETE", "DROP")
		}
		return false
	})
	if end < 0 {
		return n
	}
	if st.anyWord(end-1, "UNIQUE", "NO") && st.word(end, "PRIMARY") {
		end--
	}
	return end
}

// isBareQueryStart reports whether token i starts a query: SELECT, or WITH
// followed by a common table expression (not WITH SERDEPROPERTIES (..)).
func (st *stmt) isBareQueryStart(i int) bool {
	if st.word(i, "SELECT") {
		return true
	}
	if !st.word(i, "WITH") {
		return false
	}
	if st.word(i+1, "RECURSIVE") {
		return true
	}
	if !st.isName(i + 1) {
		return false
	}
	if st.op(i+2, "(") {
		return st.word(st.closeOf(i+2)+1, "AS")
	}
	return st.word(i+2, "AS")
}

// columnNamesOnly reports whether (from..to) lists bare names.
func (st *stmt) columnNamesOnly(from, to int) bool {
	for x := from; x < to; x++ {
		if !(st.isName(x) || st.op(x, ",")) {
			return false
		}
		if st.isName(x) && st.isName(x+1) {
			return false
		}
	}
	return true
}

// columnDefs rewrites a column definition list (open..close) to names and
// TiDB types; constraints and column options are dropped (they carry no
// lineage).
func (st *stmt) columnDefs(open, close int) []piece {
	if st.word(open+1, "LIKE") && st.isName(open+2) && st.elementEnd(open+1, close) >= close {
		// (LIKE t [INCLUDING ..]) alone (Postgres, Redshift): t's columns
		return []piece{lit(" LIKE "), span(open+2, st.nameEnd(open+2))}
	}
	out := []piece{lit(" (")}
	first := true
	for x := open + 1; x < close; {
		end := st.elementEnd(x, close)
		if st.isName(x) && !st.anyWord(x, constraintWords...) {
			typ, _, ok := st.mapType(x+1, true)
			if !ok {
				typ = "TEXT"
			}
			if !first {
				out = append(out, lit(", "))
			}
			first = false
			out = append(out, span(x, x+1), lit(" "+typ))
		}
		x = end + 1
	}
	if first {
		st.fail(open, "table without columns")
	}
	return append(out, lit(")"))
}

// planUnload handles Redshift UNLOAD ('query') TO 'location'.
func (st *stmt) planUnload() [][]piece {
	s := st.out
	s.Kind = KindUnload
	if !st.op(1, "(") || st.kind(2) != tkString || !st.op(3, ")") {
		st.fail(1, "UNLOAD expects ('query')")
		return nil
	}
	if st.word(4, "TO") && st.kind(5) == tkString {
		s.Location = stringValue(st.text(5))
	}
	return st.planInner(2)
}

// planInner replaces the statement's tokens with those of the query inside
// string token q ('...'), keeping original offsets: escaped quotes (” and,
// where backslashes escape, \') are turned into a quote and a space, so
// every byte keeps its place.
func (st *stmt) planInner(q int) [][]piece {
	t := st.toks[q]
	body := st.src[t.start+1 : t.end-1]
	src := st.src
	if st.src[t.start] != '\'' {
		st.fail(q, "unsupported string form")
		return nil
	}
	if strings.Contains(body, "''") {
		b := []byte(src)
		in := false
		for x := int(t.start) + 1; x < int(t.end)-2; x++ {
			if b[x] == '\'' && b[x+1] == '\'' {
				if in && x+3 < int(t.end)-1 && b[x+2] == '\'' && b[x+3] == '\'' {
					b[x+2], b[x+3] = ' ', ' '
					x += 3
					continue
				}
				if in {
					b[x+1] = ' '
				} else {
					b[x] = ' '
				}
				in = !in
				x++
			}
		}
		src = string(b)
	}
	if st.spec.backslashEscapes && strings.Contains(body, `\'`) {
		// Redshift: the query's own quotes escaped with a backslash
		// ('.. WHERE d >= \'2024-01-01\''): the backslash becomes a space
		b := []byte(src)
		for x := int(t.start) + 1; x < int(t.end)-2; x++ {
			if b[x] == '\\' {
				if b[x+1] == '\'' {
					b[x] = ' '
				}
				x++
			}
		}
		src = string(b)
	}
	lx := lexer{src: src, spec: st.spec}
	toks, lerr := lx.tokenize(nil, int(t.start)+1, int(t.end)-1)
	if lerr != nil {
		st.fail(q, "%s in the quoted query", lerr.reason)
		return nil
	}
	for len(toks) > 0 && toks[len(toks)-1].kind == tkSemi {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		st.fail(q, "empty quoted query")
		return nil
	}
	st.src = src
	st.toks = toks
	st.inner = true
	st.ed, st.edIdx, st.edIdxBuf = nil, nil, nil
	st.match = nil
	st.matchBrackets()
	return [][]piece{{span(0, len(toks))}}
}

// planCopy handles COPY t FROM 'loc', COPY INTO t FROM @stage, COPY INTO
// @stage FROM (query), COPY (query) TO 'loc'.
func (st *stmt) planCopy() [][]piece {
	s := st.out
	n := len(st.toks)
	i := 1
	if st.word(i, "INTO") {
		i++
	}
	// a location target: unload
	if st.kind(i) == tkString || st.kind(i) == tkParam || st.op(i, "(") {
		s.Kind = KindUnload
		var query []piece
		from := st.findTop(i, n, func(j int) bool { return st.anyWord(j, "FROM", "TO") })
		switch {
		case st.op(i, "("):
			query = []piece{span(i+1, st.skip(i)-1)}
			if to := st.skip(i); st.word(to, "TO") && to+1 < n {
				s.Location = st.locationAt(to + 1)
			}
		case from >= 0 && st.op(from+1, "("):
			s.Location = st.locationAt(i)
			query = []piece{span(from+2, st.skip(from+1)-1)}
		case from >= 0 && st.isName(from+1):
			s.Location = st.locationAt(i)
			query = []piece{lit("SELECT * FROM "), span(from+1, st.nameEnd(from+1))}
		default:
			st.fail(i, "unsupported COPY")
			return nil
		}
		return [][]piece{query}
	}
	if !st.isName(i) {
		st.fail(i, "unsupported COPY")
		return nil
	}
	nameEnd := st.nameEnd(i)
	j := nameEnd
	var cols []piece
	if st.op(j, "(") {
		cols = []piece{span(j, st.skip(j))}
		j = st.skip(j)
	}
	switch {
	case st.word(j, "FROM"):
		s.Kind = KindCopy
		if st.op(j+1, "(") {
			// COPY INTO t FROM (SELECT .. FROM @stage): the load's source
			sub := st.findTop(j+2, st.skip(j+1), func(k int) bool { return st.word(k, "FROM") })
			if sub >= 0 {
				s.Location = st.locationAt(sub + 1)
			}
		} else {
			s.Location = st.locationAt(j + 1)
		}
	case st.word(j, "TO"):
		s.Kind = KindUnload
		s.Location = st.locationAt(j + 1)
		return [][]piece{{lit("SELECT * FROM "), span(i, nameEnd)}}
	default:
		st.fail(j, "unsupported COPY")
		return nil
	}
	u := []piece{lit("LOAD DATA INFILE '"), lit(strings.ReplaceAll(s.Location, "'", "''")), lit("' INTO TABLE "), span(i, nameEnd)}
	return [][]piece{append(u, cols...)}
}

// locationAt reads a location: a string, a @stage path, or STDIN.
func (st *stmt) locationAt(i int) string {
	if i >= len(st.toks) {
		return ""
	}
	t := st.toks[i]
	if t.kind == tkString {
		return stringValue(t.text(st.src))
	}
	// @stage/path/file: the tokens up to the next gap
	end := i + 1
	for end < len(st.toks) && st.toks[end].start == st.toks[end-1].end && !st.op(end, "(") && !st.op(end, ")") {
		end++
	}
	return st.src[t.start:st.toks[end-1].end]
}

// planFromFirst handles Hive's FROM src INSERT .. SELECT .. [INSERT ..].
func (st *stmt) planFromFirst() [][]piece {
	n := len(st.toks)
	ins := st.findTop(1, n, func(j int) bool { return st.word(j, "INSERT") })
	if ins < 0 {
		sel := st.findTop(1, n, func(j int) bool { return st.word(j, "SELECT") })
		if sel < 0 {
			st.fail(0, "FROM without SELECT")
			return nil
		}
		// FROM t SELECT a WHERE .. -> SELECT a FROM t WHERE ..
		rest := st.findTop(sel+1, n, func(j int) bool {
			return st.anyWord(j, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "CLUSTER", "DISTRIBUTE", "SORT")
		})
		if rest < 0 {
			rest = n
		}
		return [][]piece{{span(sel, rest), lit(" "), span(0, sel), lit(" "), span(rest, n)}}
	}
	var units [][]piece
	first := ins
	for ins >= 0 {
		next := st.findTop(ins+1, n, func(j int) bool { return st.word(j, "INSERT") })
		end := next
		if end < 0 {
			end = n
		}
		sel := st.findTop(ins+1, end, func(j int) bool { return st.word(j, "SELECT") })
		if sel < 0 {
			st.fail(ins, "INSERT without SELECT")
			return nil
		}
		rest := st.findTop(sel+1, end, func(j int) bool {
			return st.anyWord(j, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "CLUSTER", "DISTRIBUTE", "SORT")
		})
		if rest < 0 {
			rest = end
		}
		u := st.planInsert(ins, [][]piece{{span(ins, sel), span(sel, rest), lit(" "), span(0, first), lit(" "), span(rest, end)}})
		units = append(units, u...)
		ins = next
	}
	st.out.Kind = KindInsert
	return units
}

// stringValue returns the value of a string literal token.
func stringValue(s string) string {
	switch {
	case len(s) >= 2 && (s[0] == 'E' || s[0] == 'e' || s[0] == 'r' || s[0] == 'R' || s[0] == 'b' || s[0] == 'B') && (s[1] == '\'' || s[1] == '"'):
		s = s[1:]
	case strings.HasPrefix(s, "$"):
		k := strings.IndexByte(s[1:], '$')
		if k >= 0 && len(s) >= 2*(k+2) {
			return s[k+2 : len(s)-(k+2)]
		}
		return s
	}
	if len(s) >= 6 && (strings.HasPrefix(s, "'''") || strings.HasPrefix(s, `"""`)) {
		return s[3 : len(s)-3]
	}
	if len(s) < 2 {
		return s
	}
	q := s[0]
	in := s[1 : len(s)-1]
	return strings.ReplaceAll(in, string([]byte{q, q}), string(q))
}

// elementEnd returns the index of the comma ending the list element at x
// (brackets and <..> generics skipped), or close.
func (st *stmt) elementEnd(x, close int) int {
	angle := 0
	for y := x; y < close; y = st.skip(y) {
		switch {
		case st.op(y, "<"):
			angle++
		case st.op(y, ">"):
			angle--
		case st.op(y, ">>"):
			angle -= 2
		case st.op(y, ",") && angle <= 0:
			return y
		}
	}
	return close
}

// stripProcedural drops the procedural prefix of a statement inside a
// stored procedure or script block (CREATE PROCEDURE .. BEGIN, IF .. THEN,
// ELSE, LOOP, WHILE .. DO, EXCEPTION WHEN .. THEN, T-SQL IF cond) so that
// the SQL statement it introduces is parsed on its own. It reports whether
// what remains is procedural only (an assignment, a lone block keyword),
// which makes the statement KindUtility.
func (st *stmt) stripProcedural() bool {
	stripped := false
	for len(st.toks) > 0 {
		k := st.proceduralPrefix()
		if k <= 0 {
			break
		}
		stripped = true
		if k >= len(st.toks) {
			return true
		}
		st.toks = st.toks[k:]
		if len(st.match) >= k {
			st.match = st.match[k:]
		}
		if len(st.edIdxBuf) >= k {
			st.edIdxBuf = st.edIdxBuf[k:]
		}
	}
	if len(st.toks) == 1 && st.op(0, "/") {
		return true // SQL*Plus terminator
	}
	// x := expr (PL/SQL assignment)
	if stripped && st.op(1, ":=") {
		return true
	}
	if st.word(0, "LET") && st.spec.colonPaths {
		return true // Snowflake Scripting LET x [type] := ..: a variable
	}
	if st.declaration() {
		return true
	}
	if st.word(0, "LANGUAGE") && len(st.toks) == 2 {
		return true // the tail of a procedure after its $$ body read as SQL: $$ LANGUAGE plpgsql
	}
	return st.op(1, ":=") && st.isName(0)
}

// declTypes are the words after a variable's name in a block's DECLARE
// section (PL/pgSQL, Snowflake Scripting): a type, or the kind of object.
var declTypes = sync.OnceValue(func() *wordSet {
	return wordSetOf(`CURSOR RECORD REFCURSOR RESULTSET EXCEPTION CONSTANT ALIAS INT INTEGER BIGINT SMALLINT
NUMBER NUMERIC DECIMAL FLOAT REAL DOUBLE VARCHAR CHAR TEXT STRING DATE TIME TIMESTAMP TIMESTAMP_NTZ TIMESTAMP_LTZ
TIMESTAMP_TZ TIMESTAMPTZ DATETIME BOOLEAN BOOL VARIANT OBJECT ARRAY SUPER INT4 INT8 FLOAT8 BINARY GEOGRAPHY GEOMETRY`)
})

// declaration reports whether the statement is one declaration of a
// block's DECLARE section after its first (v integer := 0; c CURSOR FOR
// SELECT ..): a name and a type, which no SQL statement starts with.
func (st *stmt) declaration() bool {
	if st.kind(0) != tkWord || st.kind(1) != tkWord || isReserved(st.text(0)) {
		return false
	}
	if h := upperWord(st, 0); utilityStarts[h] || st.startsStatement(0) || sqlStartWords[h] {
		return false
	}
	return declTypes().has(st.text(1))
}

// sqlStartWords are other words a statement starts with (not declarations).
var sqlStartWords = map[string]bool{"SET": true, "USE": true, "COPY": true, "UNLOAD": true, "WITH": true,
	"SELECT": true, "VALUES": true, "TABLE": true, "LET": true, "REPLACE": true, "UPSERT": true, "FROM": true}

// topLevel returns the first index >= from at bracket depth 0 (relative to
// from) for which pred holds, or -1; it does not need matched brackets.
func (st *stmt) topLevel(from int, pred func(i int) bool) int {
	depth := 0
	for i := from; i < len(st.toks); i++ {
		switch {
		case st.op(i, "("):
			depth++
		case st.op(i, ")"):
			depth--
		case depth == 0 && pred(i):
			return i
		}
	}
	return -1
}

// sqlStarts are words that start a statement inside a T-SQL block.
var sqlStarts = []string{"INSERT", "UPDATE", "DELETE", "MERGE", "SELECT", "SET", "BEGIN", "EXEC", "EXECUTE",
	"RETURN", "PRINT", "RAISERROR", "THROW", "BREAK", "CONTINUE", "DECLARE", "WITH", "CREATE", "DROP", "TRUNCATE"}

// proceduralPrefix returns the length of the procedural prefix at the start
// of the statement, or 0.
func (st *stmt) proceduralPrefix() int {
	n := len(st.toks)
	st.head = upperWord(st, 0) // plan reads it too
	switch st.head {
	case "CREATE", "ALTER":
		if task := st.topLevel(1, func(i int) bool { return i < 6 && st.word(i, "TASK") }); task > 0 && st.head == "CREATE" {
			// Snowflake CREATE TASK .. AS stmt: the body is the statement
			// the task runs
			as := st.topLevel(task+1, func(i int) bool {
				return st.word(i, "AS") && st.anyWord(i+1, "INSERT", "MERGE", "UPDATE", "DELETE", "COPY", "CREATE", "SELECT", "WITH", "CALL", "EXECUTE", "BEGIN")
			})
			if as > 0 {
				return as + 1
			}
		}
		obj := st.topLevel(1, func(i int) bool { return i < 8 && st.anyWord(i, "PROCEDURE", "FUNCTION", "PROC") })
		if obj < 0 {
			return 0
		}
		b := st.topLevel(obj+1, func(i int) bool { return st.word(i, "BEGIN") })
		if b < 0 {
			return 0
		}
		if st.anyWord(b+1, "TRY") {
			return b + 2
		}
		return b + 1
	case "BEGIN":
		if n == 1 || st.anyWord(1, "TRANSACTION", "WORK", "TRAN", "DISTRIBUTED", "ISOLATION", "READ") {
			return 0
		}
		if st.anyWord(1, "TRY", "CATCH") {
			return 2
		}
		return 1
	case "IF", "ELSEIF", "ELSIF", "WHILE":
		t := st.topLevel(1, func(i int) bool { return st.anyWord(i, "THEN", "DO", "LOOP") })
		if t >= 0 {
			return t + 1
		}
		if s := st.topLevel(2, func(i int) bool { return st.anyWord(i, sqlStarts...) && !st.op(i-1, "(") }); s > 0 {
			return s
		}
		return n
	case "ELSE", "LOOP", "REPEAT":
		return 1
	case "FOR":
		// FOR r IN query|cursor|range LOOP|DO stmt (PL/pgSQL, Snowflake
		// Scripting): the loop's body statements follow its head
		if t := st.topLevel(1, func(i int) bool { return st.anyWord(i, "LOOP", "DO") }); t >= 0 && st.isName(1) && st.word(2, "IN") {
			return t + 1
		}
	case "EXECUTE":
		// Snowflake EXECUTE IMMEDIATE $$ BEGIN .. END $$: the block's
		// statements (the tokenizer reads the quoted block as SQL)
		if st.word(1, "IMMEDIATE") && st.anyWord(2, "BEGIN", "DECLARE") {
			return 2
		}
	case "EXCEPTION":
		if t := st.topLevel(1, func(i int) bool { return st.word(i, "THEN") }); t >= 0 {
			return t + 1
		}
	case "END":
		// END; END IF; END LOOP; END TRY BEGIN CATCH ...: block ends
		if st.anyWord(1, "TRY") && st.word(2, "BEGIN") {
			return 2
		}
	}
	return 0
}

// startsStatement reports whether token x is a word that starts another
// statement (not an option of a CREATE TABLE).
func (st *stmt) startsStatement(x int) bool {
	return st.anyWord(x, "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE",
		"EXEC", "EXECUTE", "DECLARE", "USE", "GO", "PRINT", "BEGIN", "COMMIT", "GRANT")
}

// planMultiInsert handles Snowflake's (and Oracle's) multi-table insert,
// INSERT ALL|FIRST [WHEN c THEN] INTO t [(cols)] [VALUES (exprs)] ..
// [ELSE INTO ..] query: one INSERT per INTO, of the VALUES expressions over
// the query (or of the query's columns, in order, without VALUES). The WHEN
// conditions choose rows, not values: each becomes its INSERTs' WHERE.
func (st *stmt) planMultiInsert() [][]piece {
	n := len(st.toks)
	q := st.findTop(2, n, func(j int) bool {
		return st.anyWord(j, "SELECT", "WITH") || st.op(j, "(") && st.anyWord(j+1, "SELECT", "WITH")
	})
	if q < 0 {
		st.fail(0, "INSERT %s without a query", strings.ToUpper(st.text(1)))
		return nil
	}
	var units [][]piece
	for into := st.findTop(2, q, func(j int) bool { return st.word(j, "INTO") }); into >= 0; {
		next := st.findTop(into+1, q, func(j int) bool { return st.word(j, "INTO") })
		end := next
		if end < 0 {
			end = q
		}
		nameEnd := st.nameEnd(into + 1)
		if nameEnd <= into+1 {
			st.fail(into, "INTO without a table")
			return nil
		}
		var cond piece // the WHEN .. THEN this INTO is under, if any
		for k := into - 1; k >= 2; k-- {
			if st.word(k, "ELSE") {
				break
			}
			if st.word(k, "THEN") {
				if w := st.findTop(2, k, func(j int) bool {
					return st.word(j, "WHEN") && st.findTop(j+1, k, func(x int) bool { return st.word(x, "WHEN") }) < 0
				}); w >= 0 {
					cond = span(w+1, k)
				}
				break
			}
		}
		u := []piece{lit("INSERT INTO "), span(into+1, nameEnd)}
		j := nameEnd
		if st.op(j, "(") {
			u = append(u, lit(" "), span(j, st.skip(j)))
			j = st.skip(j)
		}
		if st.word(j, "VALUES") && st.op(j+1, "(") {
			c := st.skip(j + 1)
			u = append(u, lit(" SELECT "), span(j+2, c-1), lit(" FROM ("), span(q, n), lit(") AS colineage_multi_insert"))
			if cond.isRange() {
				u = append(u, lit(" WHERE "), cond)
			}
		} else if cond.isRange() {
			u = append(u, lit(" SELECT * FROM ("), span(q, n), lit(") AS colineage_multi_insert WHERE "), cond)
		} else {
			u = append(u, lit(" "), span(q, n))
		}
		units = append(units, u)
		into = next
	}
	if len(units) == 0 {
		st.fail(0, "INSERT %s without INTO", strings.ToUpper(st.text(1)))
		return nil
	}
	st.out.Kind = KindInsert
	return units
}
