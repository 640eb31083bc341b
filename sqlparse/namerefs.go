package sqlparse

import "strings"

// Names written as strings or session variables (Snowflake):
//
//	IDENTIFIER('db.s.t')   -> `db.s`.`t`   the name the string spells
//	IDENTIFIER($tbl)       -> `$tbl`       the variable, as written
//	TABLE('db.s.t')        -> `db.s`.`t`   in FROM
//	TABLE($tbl)            -> `$tbl`       in FROM
//
// A variable's value is not known to the parser: the table is named by the
// variable as written, so that lineage shows what the statement read
// through it rather than nothing.

// rewriteIdentifier handles IDENTIFIER(name) at token i.
func (st *stmt) rewriteIdentifier(i int) {
	if !st.op(i+1, "(") || !st.op(i+3, ")") {
		return
	}
	st.nameRef(i, i+2, i+4)
}

// rewriteTableName handles TABLE(name) in FROM at token i, where the
// brackets hold a string, a variable or IDENTIFIER(..) rather than a
// function call. It reports whether it did.
func (st *stmt) rewriteTableName(i int) bool {
	if !st.op(i+1, "(") || !st.fromItem(i) {
		return false
	}
	arg := i + 2
	if st.word(arg, "IDENTIFIER") && st.op(arg+1, "(") && st.op(arg+3, ")") && st.op(arg+4, ")") {
		st.drop(i, i+2)
		st.drop(arg+4, arg+5)
		st.nameRef(arg, arg+2, arg+4)
		return true
	}
	if !st.op(arg+1, ")") {
		return false
	}
	return st.nameRef(i, arg, arg+2)
}

// nameRef replaces tokens [from, end) by the name that token arg (a string
// or a $variable) stands for. It reports whether arg was one.
func (st *stmt) nameRef(from, arg, end int) bool {
	var parts []Ident
	switch t := st.toks[arg]; {
	case t.kind == tkString:
		for _, p := range splitNameString(stringValue(st.text(arg))) {
			parts = append(parts, p)
		}
	case t.kind == tkWord && st.text(arg)[0] == '$', t.kind == tkParam:
		parts = []Ident{{Name: st.text(arg)}}
	default:
		return false
	}
	if len(parts) == 0 {
		st.fail(arg, "empty name")
		return true
	}
	st.replace(from, st.encodeNameText(parts, from, end))
	st.drop(from+1, end)
	return true
}

// splitNameString splits a name written in a string ('db.s."My T"') into
// its parts, a double-quoted part keeping its case.
func splitNameString(s string) []Ident {
	var out []Ident
	for s != "" {
		if s[0] == '"' {
			k := 1
			var b strings.Builder
			for k < len(s) {
				if s[k] == '"' {
					if k+1 < len(s) && s[k+1] == '"' {
						b.WriteByte('"')
						k += 2
						continue
					}
					break
				}
				b.WriteByte(s[k])
				k++
			}
			out = append(out, Ident{Name: b.String(), Quoted: true})
			s = s[min(k+1, len(s)):]
		} else {
			k := strings.IndexByte(s, '.')
			if k < 0 {
				k = len(s)
			}
			out = append(out, Ident{Name: strings.TrimSpace(s[:k])})
			s = s[k:]
		}
		s = strings.TrimPrefix(s, ".")
	}
	return out
}

// encodeNameText returns the TiDB text of a table name made of parts
// (spanning tokens [from, to)), recording what its identifiers stand for
// as encodeChain does: `p` for one part, `head`.`last` for more.
func (st *stmt) encodeNameText(parts []Ident, from, to int) string {
	sp := st.tokSpan(from, to)
	one := func(id Ident) string {
		if !id.Quoted {
			return backquote(id.Name)
		}
		raw, quoted := encodeQuoted([]Ident{id})
		if !st.names.has(raw) {
			st.record(raw, Name{Parts: st.names.keepParts([]Ident{id}), Span: sp})
		}
		return quoted
	}
	last := len(parts) - 1
	if last == 0 {
		return one(parts[0])
	}
	if last == 1 {
		return one(parts[0]) + "." + one(parts[1])
	}
	raw, quoted := encodeQuoted(parts[:last])
	if !st.names.has(raw) {
		st.record(raw, Name{Parts: st.names.keepParts(parts[:last]), Span: sp})
	}
	st.recordTail(raw, parts[last], to-1)
	return quoted + "." + one(parts[last])
}

// rewriteSemanticView reads Snowflake's SEMANTIC_VIEW(v FACTS .. METRICS
// .. DIMENSIONS ..) in FROM as the semantic view v itself: the facts,
// metrics and dimensions it selects are v's columns, which the query's
// select list names. Token i is SEMANTIC_VIEW.
func (st *stmt) rewriteSemanticView(i int) {
	if !st.op(i+1, "(") || !st.isName(i+2) || !st.fromItem(i) {
		return
	}
	close := st.closeOf(i + 1)
	end := st.nameEnd(i + 2)
	if close < end {
		return
	}
	st.drop(i, i+2)
	st.drop(end, close+1)
}
