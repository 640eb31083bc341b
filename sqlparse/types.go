package sqlparse

import "strings"

// typeClass is what a warehouse type becomes in TiDB.
type typeClass struct {
	cast, ddl string
	args      bool // keeps its (p, s) arguments
}

// typeClasses maps warehouse type names (lower case) to TiDB types.
var typeClasses = map[string]typeClass{
	"char": {"CHAR", "TEXT", false}, "character": {"CHAR", "TEXT", false}, "varchar": {"CHAR", "TEXT", false},
	"nvarchar": {"CHAR", "TEXT", false}, "nchar": {"CHAR", "TEXT", false}, "text": {"CHAR", "TEXT", false},
	"string": {"CHAR", "TEXT", false}, "varchar2": {"CHAR", "TEXT", false}, "nvarchar2": {"CHAR", "TEXT", false},
	"bpchar": {"CHAR", "TEXT", false}, "citext": {"CHAR", "TEXT", false}, "clob": {"CHAR", "TEXT", false},
	"uuid": {"CHAR", "TEXT", false}, "name": {"CHAR", "TEXT", false}, "ntext": {"CHAR", "TEXT", false},
	"int": {"SIGNED", "BIGINT", false}, "integer": {"SIGNED", "BIGINT", false}, "int2": {"SIGNED", "BIGINT", false},
	"int4": {"SIGNED", "BIGINT", false}, "int8": {"SIGNED", "BIGINT", false}, "bigint": {"SIGNED", "BIGINT", false},
	"smallint": {"SIGNED", "BIGINT", false}, "tinyint": {"SIGNED", "BIGINT", false}, "byteint": {"SIGNED", "BIGINT", false},
	"int64": {"SIGNED", "BIGINT", false}, "long": {"SIGNED", "BIGINT", false}, "short": {"SIGNED", "BIGINT", false},
	"serial": {"SIGNED", "BIGINT", false}, "bigserial": {"SIGNED", "BIGINT", false}, "mediumint": {"SIGNED", "BIGINT", false},
	"signed": {"SIGNED", "BIGINT", false}, "unsigned": {"UNSIGNED", "BIGINT", false}, "hugeint": {"SIGNED", "BIGINT", false},
	"decimal": {"DECIMAL", "DECIMAL", true}, "numeric": {"DECIMAL", "DECIMAL", true}, "number": {"DECIMAL", "DECIMAL", true},
	"dec": {"DECIMAL", "DECIMAL", true}, "bignumeric": {"DECIMAL", "DECIMAL", true}, "bigdecimal": {"DECIMAL", "DECIMAL", true},
	"money": {"DECIMAL", "DECIMAL", false},
	"float": {"DOUBLE", "DOUBLE", false}, "float4": {"DOUBLE", "DOUBLE", false}, "float8": {"DOUBLE", "DOUBLE", false},
	"double": {"DOUBLE", "DOUBLE", false}, "real": {"DOUBLE", "DOUBLE", false}, "float64": {"DOUBLE", "DOUBLE", false},
	"bool": {"SIGNED", "BOOLEAN", false}, "boolean": {"SIGNED", "BOOLEAN", false},
	"date":      {"DATE", "DATE", false},
	"timestamp": {"DATETIME", "DATETIME", false}, "timestamp_ntz": {"DATETIME", "DATETIME", false},
	"timestamp_ltz": {"DATETIME", "DATETIME", false}, "timestamp_tz": {"DATETIME", "DATETIME", false},
	"timestamptz": {"DATETIME", "DATETIME", false}, "datetime": {"DATETIME", "DATETIME", false},
	"datetime2": {"DATETIME", "DATETIME", false}, "smalldatetime": {"DATETIME", "DATETIME", false},
	"timestampntz": {"DATETIME", "DATETIME", false},
	"time":         {"TIME", "TIME", false}, "timetz": {"TIME", "TIME", false},
	"json": {"JSON", "JSON", false}, "jsonb": {"JSON", "JSON", false}, "variant": {"JSON", "JSON", false},
	"object": {"JSON", "JSON", false}, "array": {"JSON", "JSON", false}, "struct": {"JSON", "JSON", false},
	"map": {"JSON", "JSON", false}, "super": {"JSON", "JSON", false}, "geography": {"JSON", "JSON", false},
	"geometry": {"JSON", "JSON", false}, "record": {"JSON", "JSON", false}, "row": {"JSON", "JSON", false},
	"hllsketch": {"JSON", "JSON", false},
	"binary":    {"BINARY", "BLOB", false}, "varbinary": {"BINARY", "BLOB", false}, "bytes": {"BINARY", "BLOB", false},
	"bytea": {"BINARY", "BLOB", false}, "blob": {"BINARY", "BLOB", false}, "image": {"BINARY", "BLOB", false},
	"interval": {"CHAR", "TEXT", false}, "regclass": {"CHAR", "TEXT", false}, "regproc": {"CHAR", "TEXT", false},
	"regprocedure": {"CHAR", "TEXT", false}, "aclitem": {"CHAR", "TEXT", false}, "regtype": {"CHAR", "TEXT", false}, "regnamespace": {"CHAR", "TEXT", false}, "oid": {"SIGNED", "BIGINT", false},
	"year": {"YEAR", "YEAR", false},
}

// mapType reads the type starting at token i and returns the TiDB type
// for a CAST target (ddl false) or a column definition (ddl true), and the
// index after the type.
func (st *stmt) mapType(i int, ddl bool) (string, int, bool) {
	if st.kind(i) != tkWord && st.kind(i) != tkQIdent {
		return "", i, false
	}
	var lb [24]byte
	id := st.identAt(i).Name
	var name string
	switch {
	case !isASCII(id):
		name = strings.ToLower(id)
	case len(id) > len(lb):
		return "", i, false // no type name is this long
	default:
		name = string(lowerInto(lb[:], id)) // stays on the stack
	}
	j := i + 1
	// multi-word names
	switch name {
	case "double":
		if st.word(j, "PRECISION") {
			j++
		}
	case "character", "char", "national", "long":
		if st.anyWord(j, "VARYING", "VARCHAR", "CHAR", "CHARACTER") {
			j++
		}
	case "timestamp", "time":
		if st.anyWord(j, "WITH", "WITHOUT") && st.word(j+1, "TIME") && st.word(j+2, "ZONE") {
			j += 3
		}
	case "signed", "unsigned":
		if st.anyWord(j, "INTEGER", "INT") {
			j++
		}
	}
	tc, ok := typeClasses[name]
	if !ok {
		return "", i, false
	}
	args := ""
	if st.op(j, "(") {
		close := st.closeOf(j)
		if close < 0 {
			return "", i, false
		}
		if tc.args {
			var b strings.Builder
			b.WriteByte('(')
			for k := j + 1; k < close; k++ {
				if st.kind(k) == tkNumber || st.op(k, ",") {
					b.WriteString(st.text(k))
				} else {
					b.Reset()
					break
				}
			}
			if b.Len() > 1 {
				b.WriteByte(')')
				args = b.String()
			}
		}
		j = close + 1
	}
	if (name == "timestamp" || name == "time") && st.anyWord(j, "WITH", "WITHOUT") && st.word(j+1, "TIME") && st.word(j+2, "ZONE") {
		// timestamp(3) with time zone: the zone after the precision
		j += 3
	}
	// generics: ARRAY<STRING>, STRUCT<a INT, b ARRAY<INT>>
	if st.op(j, "<") {
		depth := 0
	scan:
		for k := j; k < len(st.toks); k++ {
			switch st.text(k) {
			case "<":
				depth++
			case ">":
				depth--
			case ">>":
				depth -= 2
			case "<>":
			}
			if depth <= 0 {
				j = k + 1
				break scan
			}
		}
		if depth > 0 {
			return "", i, false
		}
	}
	// name[] arrays
	for st.op(j, "[") && st.op(j+1, "]") {
		j += 2
		tc = typeClasses["array"]
		args = ""
	}
	if ddl {
		return tc.ddl + args, j, true
	}
	return tc.cast + args, j, true
}

// rewriteTypedCtor drops the element type of a BigQuery typed constructor,
// ARRAY<STRUCT<k STRING, v INT64>>[..] -> JSON_ARRAY(..) and STRUCT<a INT64,
// b STRING>(..) -> STRUCT(..): the type names no column, the values carry
// the lineage. ARRAY or STRUCT is at token i, '<' after it.
func (st *stmt) rewriteTypedCtor(i int) {
	c := st.typeArgsEnd(i + 1)
	if c < 0 {
		return
	}
	switch {
	case st.word(i, "ARRAY") && st.op(c+1, "[") && st.closeOf(c+1) > c:
		st.replace(i, "JSON_ARRAY")
		st.drop(i+1, c+1)
		st.replace(c+1, "(")
		st.replace(st.closeOf(c+1), ")")
	case st.word(i, "STRUCT") && st.op(c+1, "(") && st.closeOf(c+1) > c:
		st.drop(i+1, c+1)
		st.dropStructNames(c + 1)
	}
}

// typeArgsEnd returns the index of the '>' that closes the type arguments
// opening with '<' at token o (nested <..> and '>>' counted), or -1.
func (st *stmt) typeArgsEnd(o int) int {
	depth := 0
	for j := o; j < len(st.toks); j = st.skip(j) {
		t := st.toks[j]
		if t.kind != tkOp {
			continue
		}
		s := st.src[t.start:t.end]
		switch {
		case s == "<":
			depth++
		case strings.Trim(s, ">") == "":
			depth -= len(s)
			if depth == 0 {
				return j
			}
			if depth < 0 {
				return -1
			}
		case s == ")" || s == "]" || s == ";":
			return -1
		}
	}
	return -1
}

// dropStructNames drops the field names of STRUCT(a AS x, ..) whose '(' is
// at open: field names carry no lineage.
func (st *stmt) dropStructNames(open int) {
	close := st.closeOf(open)
	for j := open + 1; j < close; j = st.skip(j) {
		if st.word(j, "AS") && st.isName(j+1) {
			st.drop(j, j+2)
		}
	}
}
