package sqlparse

// T-SQL's select items of the form alias = expr (SELECT total = a + b) name
// the value, as expr AS alias does; read as written, TiDB would compare
// them. A variable assignment (SELECT @v = x) is left alone.

// rewriteAssignAliases rewrites the select list of the SELECT at token i.
func (st *stmt) rewriteAssignAliases(i int) {
	j := i + 1
	for st.anyWord(j, "DISTINCT", "ALL") {
		j++
	}
	if st.word(j, "TOP") {
		j = st.skip(j + 1)
		for st.anyWord(j, "PERCENT", "WITH", "TIES") {
			j++
		}
	}
	end := st.selectListEnd(j)
	for item := j; item < end; {
		next := st.findTop(item, end, func(k int) bool { return st.op(k, ",") })
		if next < 0 {
			next = end
		}
		if next-item >= 3 && st.isName(item) && st.op(item+1, "=") && !st.dropped(item) {
			st.move(item, item+1)
			st.drop(item+1, item+2)
			st.after(next-1, lit(" AS "), span(item, item+1))
		}
		item = next + 1
	}
}

// selectListEnd returns the index after the select list starting at j: the
// first clause word or closing bracket at its depth.
func (st *stmt) selectListEnd(j int) int {
	for ; j < len(st.toks); j = st.skip(j) {
		if st.op(j, ")") || st.anyWord(j, "FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "UNION", "EXCEPT", "INTERSECT", "OPTION", "FOR") {
			return j
		}
	}
	return len(st.toks)
}
