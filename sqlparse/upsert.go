package sqlparse

import "strings"

// rowAlias carries MySQL 8.0's row alias of an upsert,
//
//	INSERT INTO t (a, b) VALUES (..) AS new [(x, y)] ON DUPLICATE KEY UPDATE b = new.b
//
// which the TiDB parser does not take: the alias names the proposed row,
// as VALUES(b) does, so the alias goes and every alias.col of the update
// list becomes VALUES(col). With a column list the alias's columns name
// the INSERT's columns by position (x is a, y is b), which needs the
// INSERT's own column list. ins is the INSERT token.
func (st *stmt) rowAlias(ins int) {
	n := len(st.toks)
	od := st.findTop(ins+1, n, func(i int) bool {
		return st.word(i, "ON") && st.word(i+1, "DUPLICATE") && st.word(i+2, "KEY") && st.word(i+3, "UPDATE")
	})
	if od < 0 {
		return
	}
	q := st.insertQueryStart(ins)
	if q < 0 || q > od {
		// INSERT INTO t SET c = .., .. AS new: the SET form's row
		q = st.findTop(ins+1, od, func(i int) bool { return st.word(i, "SET") })
	}
	if q < 0 || !st.anyWord(q, "VALUES", "VALUE", "SET") {
		return // a SELECT's alias names a derived table, not the row
	}
	as := st.findTop(q, od, func(i int) bool {
		if !st.word(i, "AS") || !st.isName(i+1) {
			return false
		}
		return i+2 == od || (st.op(i+2, "(") && st.closeOf(i+2)+1 == od)
	})
	if as < 0 {
		return
	}
	alias := st.identAt(as + 1).Name
	var aliasCols, insertCols []string
	if st.op(as+2, "(") {
		aliasCols = st.namesIn(as+3, st.closeOf(as+2))
		if open := st.nameEnd(st.insertTargetStart(ins)); st.op(open, "(") && open < q {
			insertCols = st.namesIn(open+1, st.closeOf(open))
		}
		if len(insertCols) != len(aliasCols) {
			st.fail(as, "row alias with a column list needs the INSERT's column list of the same length")
			return
		}
	}
	st.drop(as, od)
	for k := od + 4; k+2 < n; k++ {
		if !st.isName(k) || !st.op(k+1, ".") || !st.isName(k+2) || !strings.EqualFold(st.identAt(k).Name, alias) {
			continue
		}
		if k > 0 && st.op(k-1, ".") {
			continue // db.new.c: a qualified table, not the alias
		}
		st.replace(k, "VALUES(")
		st.drop(k+1, k+2)
		if aliasCols != nil {
			col := st.identAt(k + 2).Name
			for i, a := range aliasCols {
				if strings.EqualFold(a, col) {
					st.replace(k+2, quoteIdent(insertCols[i]))
				}
			}
		}
		st.after(k+2, lit(")"))
		k += 2
	}
}

// insertTargetStart is the first token of an INSERT's target name.
func (st *stmt) insertTargetStart(ins int) int {
	i := ins + 1
	for st.anyWord(i, "INTO", "IGNORE", "LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED", "TABLE") {
		i++
	}
	return i
}

// namesIn decodes the comma-separated single names in [from, to).
func (st *stmt) namesIn(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		if st.isName(i) {
			out = append(out, st.identAt(i).Name)
		}
	}
	return out
}

// quoteIdent backquotes a name for the TiDB parser.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
