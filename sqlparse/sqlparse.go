// Package sqlparse turns warehouse SQL into TiDB parser trees that mean what
// the user wrote.
//
// The TiDB parser (github.com/pingcap/tidb/pkg/parser) speaks MySQL. Each
// Dialect is a set of rewrites over a dialect-aware tokenizer that carries
// its SQL into text the parser accepts, keeps a map back to the original
// text, and records beside the tree what the tree cannot hold (multi-part
// names, quoting, star modifiers, table-valued functions). A construct the
// rewrites cannot carry is a *ParseError, never a silently different tree.
//
//	stmts, err := sqlparse.Parse(sql, sqlparse.Snowflake)
//	for _, s := range stmts {
//		fmt.Println(s.Kind, s.Span.Start.Line, s.Normalized())
//	}
//	// err, if not nil, joins one *ParseError per statement that failed.
//
// Reading trees: names in the trees may be encoded (quoted parts, names of
// three or more parts); always decode them with Statement.TableName,
// ColumnName or Name (aliases, CTE names, SelectField.AsName too). Table
// functions (UNNEST, FLATTEN, LATERAL VIEW, VALUES) are LATERAL derived
// tables whose select list reads the function's input, reported by
// Statement.TableFunc; star modifiers are reported by StarModifier. What
// each statement kind holds in Nodes:
//
//	KindSelect, KindInsert, ...  one tree (several for a Hive multi-insert)
//	KindMerge                    *ast.UpdateStmt (WHEN MATCHED .. UPDATE, if any),
//	                             then *ast.InsertStmt (WHEN NOT MATCHED, if any)
//	KindCreateTableAs            *ast.CreateTableStmt (also SELECT .. INTO t)
//	KindUnload                   the query written to Location
//	KindCopy                     *ast.LoadDataStmt naming the loaded table
//	KindAlterTable               *ast.AlterTableStmt or *ast.RenameTableStmt; Hive
//	                             EXCHANGE PARTITION (spec) and Snowflake SWAP WITH
//	                             are an EXCHANGE PARTITION named ExchangeAll
//	KindUse                      nothing: see Session
//	KindUtility                  nothing
package sqlparse

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// TableName decodes a table reference of one of the statement's trees into
// the name the user wrote (1 to 4 parts).
func (s *Statement) TableName(tn *ast.TableName) Name {
	return s.joinNames(tn.Schema.O, tn.Name.O)
}

// ColumnName decodes a column reference into the name the user wrote
// (column alone, or qualified by table, schema, database).
func (s *Statement) ColumnName(cn *ast.ColumnName) Name {
	return s.joinNames(cn.Schema.O, cn.Table.O, cn.Name.O)
}

// joinNames decodes the parts of a dotted name as TiDB split it.
func (s *Statement) joinNames(raws ...string) Name {
	var out Name
	prev := ""
	for _, raw := range raws {
		if raw == "" {
			continue
		}
		n := s.Name(raw)
		switch {
		case len(out.Parts) == 0:
			out.Span = n.Span
		case n.Span.End.Offset != 0:
			if out.Span.End.Offset == 0 {
				out.Span.Start = n.Span.Start
			}
			out.Span.End = n.Span.End
		default:
			if end, ok := s.ann.names.tail(prev, n.Parts); ok && out.Span.End.Offset != 0 {
				out.Span.End = end
			}
		}
		out.Parts = append(out.Parts, n.Parts...)
		prev = raw
	}
	return out
}

// Name decodes one identifier as it appears in a tree (a table or column
// name, an alias, a function name) into the name it stands for. An
// identifier that sqlparse did not encode is returned as one unquoted part.
func (s *Statement) Name(raw string) Name {
	if n, ok := s.ann.names.name(raw); ok {
		return n
	}
	return Name{Parts: []Ident{{Name: raw}}}
}

// AppendName is Name that appends the parts to parts and returns them
// with the name's span: a caller that decodes every name of a tree keeps
// one buffer instead of allocating a Name per identifier.
func (s *Statement) AppendName(parts []Ident, raw string) ([]Ident, Span) {
	if n, ok := s.ann.names.name(raw); ok {
		return append(parts, n.Parts...), n.Span
	}
	return append(parts, Ident{Name: raw}), Span{}
}

// StarModifier returns the modifiers recorded for a `*` or `t.*` field.
func (s *Statement) StarModifier(w *ast.WildCardField) (StarModifier, bool) {
	if s.ann.starIdx != nil {
		if i, ok := s.ann.starIdx[w]; ok {
			return s.ann.stars[i].mod, true
		}
		return StarModifier{}, false
	}
	for i := range s.ann.stars {
		if s.ann.stars[i].w == w {
			return s.ann.stars[i].mod, true
		}
	}
	return StarModifier{}, false
}

// ValueStar reports whether select field f stands for every field of a
// computed value, f(x).* or arr[OFFSET(0)].* (BigQuery, Databricks), and
// returns its modifiers. The field's Expr is the value; which fields it has
// is the caller's to find (a table alias names a row, else they are
// unknown).
func (s *Statement) ValueStar(f *ast.SelectField) (StarModifier, bool) {
	if f == nil || f.WildCard != nil || f.AsName.O != valueStarAlias {
		return StarModifier{}, false
	}
	for i := range s.ann.stars {
		if s.ann.stars[i].f == f {
			return s.ann.stars[i].mod, true
		}
	}
	return StarModifier{}, false
}

// TableFunc reports whether a table source is a derived table sqlparse made
// out of a table-valued function, and which.
func (s *Statement) TableFunc(ts *ast.TableSource) (TableFunc, bool) {
	if s.ann.funcIdx != nil {
		if i, ok := s.ann.funcIdx[ts]; ok {
			return s.ann.funcs[i].f, true
		}
		return TableFunc{}, false
	}
	for i := range s.ann.funcs {
		if s.ann.funcs[i].ts == ts {
			return s.ann.funcs[i].f, true
		}
	}
	return TableFunc{}, false
}

// Position maps an offset in the text the parser saw for the first tree of
// Nodes (as found in the tree, e.g. ast.SelectField.Offset) to a position in
// the original text. Use NodePosition for the other trees of a MERGE or a
// multi-insert.
func (s *Statement) Position(parsedOffset int) Pos {
	if s.ann.offsets.src == nil {
		return Pos{Offset: parsedOffset, Line: 1, Column: parsedOffset + 1}
	}
	return s.ann.offsets.pos(parsedOffset)
}

// NodePosition is Position for the tree Nodes[node].
func (s *Statement) NodePosition(node, parsedOffset int) Pos {
	if node < 0 || node >= len(s.ann.nodeOffsets) {
		return s.Position(parsedOffset)
	}
	return s.ann.nodeOffsets[node].pos(parsedOffset)
}

// ByName reports whether sel matches its columns to the rest of its set
// operation, or to its INSERT's target, by name rather than by position:
// it is a branch after UNION [ALL] BY NAME (DuckDB, Spark), or the query of
// INSERT INTO t BY NAME (DuckDB, Databricks).
func ByName(sel *ast.SelectStmt) bool {
	if sel == nil {
		return false
	}
	for _, h := range sel.TableHints {
		if h.HintName.L == "qb_name" && h.QBName.L == byNameHint {
			return true
		}
	}
	return false
}
