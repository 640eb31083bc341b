package lineage

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// structFields returns the named fields of the struct that expression e
// builds, where the expression names them, else nil:
//   - named_struct('a', x, 'b', y) (Spark, Databricks): field a derives from
//     x alone, b from y;
//   - from_json(s, 'a INT, b STRING') and from_json(s, 'STRUCT<a: INT, ..>')
//     (Spark, Databricks): each field of the schema derives from s (whole,
//     the origins of the call).
//
// A later x.* expands the fields (structStar) and x.a reads field a alone
// (fromField).
func (b *binder) structFields(e ast.ExprNode, sc *scope, whole []origin) []relField {
	if c, ok := e.(*ast.ColumnNameExpr); ok && b.structs {
		// a column that is such a struct: the same fields
		if c.Name.Table.O == "" {
			if rc := b.structColumn(b.p.Fold(b.st.Name(c.Name.Name.O).Parts[0], PartColumn), sc); rc != nil {
				return rc.fields
			}
		}
		return nil
	}
	fc, ok := e.(*ast.FuncCallExpr)
	if !ok || !dottedFields(b.p) {
		return nil
	}
	switch fc.FnName.L {
	case "named_struct":
		if len(fc.Args) == 0 || len(fc.Args)%2 != 0 {
			return nil
		}
		fields := make([]relField, 0, len(fc.Args)/2)
		for i := 0; i < len(fc.Args); i += 2 {
			name, ok := stringValue(fc.Args[i])
			if !ok || name == "" {
				return nil
			}
			eo := b.newOut()
			b.expr(fc.Args[i+1], sc, exprCtx{}, eo)
			fields = append(fields, relField{name: strings.ToLower(name), origins: eo.origins})
			b.freeOut(eo)
		}
		b.structs = true
		return fields
	case "from_json":
		if len(fc.Args) < 2 {
			return nil
		}
		schema, ok := stringValue(fc.Args[1])
		if !ok {
			return nil
		}
		names := schemaFieldNames(schema)
		if len(names) == 0 {
			return nil
		}
		fields := make([]relField, len(names))
		for i, n := range names {
			fields[i] = relField{name: n, origins: whole}
		}
		b.structs = true
		return fields
	}
	return nil
}

// stringValue is the text of a string literal.
func stringValue(e ast.ExprNode) (string, bool) {
	v, ok := e.(ast.ValueExpr)
	if !ok {
		return "", false
	}
	s, ok := v.GetValue().(string)
	return s, ok
}

// schemaFieldNames reads the top-level field names of a Spark DDL schema
// string: 'a INT, b STRUCT<c: INT>' or 'STRUCT<a: INT, b: STRING>'
// (names lower-cased, backquotes removed). It returns nil for a form it
// does not read (a JSON schema, an ARRAY or MAP type).
func schemaFieldNames(s string) []string {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "struct<") && strings.HasSuffix(s, ">") {
		s = s[7 : len(s)-1]
	}
	if s == "" || s[0] == '{' || s[0] == '[' {
		return nil
	}
	var names []string
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '<', '(':
				depth++
				continue
			case '>', ')':
				depth--
				continue
			case ',':
				if depth != 0 {
					continue
				}
			default:
				continue
			}
		}
		item := strings.TrimSpace(s[start:i])
		start = i + 1
		var name string
		if strings.HasPrefix(item, "`") {
			// `a name`: a quoted name, spaces and all
			end := strings.IndexByte(item[1:], '`')
			if end < 0 {
				return nil
			}
			name = item[1 : end+1]
			item = item[end+2:]
		} else {
			end := strings.IndexAny(item, " \t\n:")
			if end < 0 {
				return nil // a name without a type (ARRAY<..>)
			}
			name, item = item[:end], item[end:]
		}
		if name == "" || strings.TrimLeft(item, " \t\n:") == "" {
			return nil
		}
		names = append(names, strings.ToLower(name))
	}
	return names
}

// structColumn finds the relation column named col among the sources in
// scope (innermost first) when exactly one source of its scope has it.
func (b *binder) structColumn(col string, sc *scope) *relCol {
	for s := sc; s != nil; s = s.parent {
		var found *relCol
		for _, src := range s.sources {
			if i, ok := src.rel.lookup(col); ok {
				if found != nil {
					return nil
				}
				found = &src.rel.cols[i]
			}
		}
		if found != nil {
			return found
		}
	}
	return nil
}

// structStar expands x.* (or t.x.*) where x is no source but a struct
// column whose fields are known (structFields): one output column per
// field. qual is the folded qualifier. It reports whether it did.
func (b *binder) structStar(qual []string, f *ast.SelectField, sc *scope, out *relation) bool {
	if !b.structs || len(qual) == 0 || len(qual) > 2 {
		return false
	}
	var rc *relCol
	if len(qual) == 1 {
		rc = b.structColumn(qual[0], sc)
	} else if src := sc.qualified(qual[:1], &b.steps); src != nil {
		if i, ok := src.rel.lookup(qual[1]); ok {
			rc = &src.rel.cols[i]
		}
	}
	if rc == nil || len(rc.fields) == 0 {
		return false
	}
	span := b.fieldSpan(f)
	for _, fd := range rc.fields {
		out.cols = append(out.cols, relCol{name: fd.name, origins: fd.origins, span: span})
	}
	return true
}

// fromField adds the origins of field field of struct column col of src,
// when its fields are known, and reports whether it did.
func (b *binder) fromField(src *source, col, field string, ctx exprCtx, out *exprOut) bool {
	i, ok := src.rel.lookup(col)
	if !ok {
		return false
	}
	for _, fd := range src.rel.cols[i].fields {
		if fd.name == field {
			for _, o := range fd.origins {
				out.add(o, ctx)
			}
			return true
		}
	}
	return false
}
