package sqlparse

import (
	"github.com/pingcap/tidb/pkg/parser"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Kind classifies a statement by what it does to data.
type Kind int

// Statement kinds.
const (
	KindOther         Kind = iota // parsed, moves no data (GRANT, SHOW, ...)
	KindSelect                    // a query returning rows
	KindInsert                    // INSERT, INSERT OVERWRITE, REPLACE
	KindUpdate                    // UPDATE, incl. multi-table and UPDATE .. FROM
	KindDelete                    // DELETE
	KindMerge                     // MERGE: Nodes holds its UPDATE then INSERT part
	KindCreateTable               // CREATE TABLE with columns
	KindCreateTableAs             // CREATE TABLE .. AS SELECT, SELECT .. INTO
	KindCreateView                // CREATE VIEW
	KindAlterTable                // ALTER TABLE, RENAME TABLE
	KindDropTable                 // DROP TABLE / VIEW
	KindTruncate                  // TRUNCATE
	KindUnload                    // UNLOAD / COPY INTO location: a query written to Location
	KindCopy                      // COPY / LOAD: a table loaded from Location
	KindUse                       // USE, SET search_path: see Statement.Session
	KindUtility                   // recognised and deliberately not parsed (BEGIN, VACUUM, ...): no Nodes
)

var kindNames = [...]string{
	KindOther: "other", KindSelect: "select", KindInsert: "insert", KindUpdate: "update",
	KindDelete: "delete", KindMerge: "merge", KindCreateTable: "create_table",
	KindCreateTableAs: "create_table_as", KindCreateView: "create_view",
	KindAlterTable: "alter_table", KindDropTable: "drop_table", KindTruncate: "truncate",
	KindUnload: "unload", KindCopy: "copy", KindUse: "use", KindUtility: "utility",
}

// String names the kind.
func (k Kind) String() string {
	if int(k) >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Pos is a position in the original SQL text. Line and Column are 1-based;
// Column counts characters (runes), Offset counts bytes from the start of
// the text given to Parse.
type Pos struct {
	Offset int
	Line   int
	Column int
}

// Span is a range [Start, End) of the original SQL text.
type Span struct {
	Start, End Pos
}

// Ident is one part of a name as the user wrote it.
type Ident struct {
	Name   string
	Quoted bool
}

// Name is a possibly qualified name: a table (catalog.schema.table,
// schema.table, table) or a column (... table.column). Span points at the
// whole name in the original text (zero when unknown).
type Name struct {
	Parts []Ident
	Span  Span
}

// StarModifier is what a dialect's star modifiers said about one `*` or
// `t.*` (Snowflake EXCLUDE/RENAME/REPLACE, BigQuery EXCEPT/REPLACE).
type StarModifier struct {
	Exclude []Ident
	Rename  map[string]Ident        // lower-cased column name -> new name
	Replace map[string]ast.ExprNode // lower-cased column name -> replacing expression
	// ILike is Snowflake's * ILIKE 'pattern' (the pattern's text): only
	// the columns whose names match it, in any case, are selected.
	ILike string
}

// TableFunc describes a derived table that sqlparse made out of a
// table-valued function (UNNEST, FLATTEN, LATERAL VIEW explode, VALUES):
// the derived table's select list says which input each output column comes
// from, and Lateral says that it may refer to sources to its left.
type TableFunc struct {
	Func    string // upper-case name as written: UNNEST, FLATTEN, EXPLODE, VALUES, ...
	Lateral bool
	// Opaque says the function's output columns are not known (a
	// user-defined or system table function called as TABLE(f(..)) with
	// no column list): the derived table's one column, derived from the
	// function's input, stands for any column of it.
	Opaque bool
}

// SessionChange is what a USE or SET search_path statement does to the
// session's defaults.
type SessionChange struct {
	Database   *Ident  // USE DATABASE x, USE x (MySQL, Hive)
	Schema     *Ident  // USE SCHEMA x, USE db.x
	SearchPath []Ident // SET search_path TO a, b
}

// SetVar is a session variable set to a string (SET name = 'value').
type SetVar struct {
	Name  Ident
	Value string
}

// OpaqueWrite is a table that a statement writes with rows from code the
// statement does not show (a procedure, dynamic SQL): which columns of
// which sources they come from cannot be known from the text.
type OpaqueWrite struct {
	// Table is the table written; Columns its column list, when given.
	Table   Name
	Columns []Ident
	// By names the procedure that makes the rows; no parts for dynamic
	// SQL (EXEC ('..')).
	By Name
}

// Statement is one parsed statement.
type Statement struct {
	// Nodes holds the TiDB trees that carry the statement's meaning:
	// one, except for MERGE (its UPDATE part, then its INSERT part) and
	// KindUtility (none).
	Nodes []ast.StmtNode
	Kind  Kind
	// Dialect is the dialect the statement was parsed in.
	Dialect Dialect
	// Span is the statement's extent in the original text.
	Span Span
	// Text is the statement's original text.
	Text string
	// norm computes Digest and Normalized on first use: the normaliser
	// costs a third of a parse, and not every caller needs it.
	norm *lazyNorm

	// Temporary: CREATE TEMP[ORARY] TABLE.
	Temporary bool
	// Replace: CREATE OR REPLACE.
	Replace bool
	// Overwrite: INSERT OVERWRITE.
	Overwrite bool
	// Swap: Snowflake's ALTER TABLE a SWAP WITH b, in Nodes as an ALTER
	// TABLE a EXCHANGE PARTITION whose partition is the whole table
	// (ExchangeAll): the two tables trade their rows and columns.
	Swap bool
	// Location is the external location of UNLOAD (target) or COPY (source).
	Location string
	// Session is set for KindUse.
	Session *SessionChange
	// Declared lists the script variables a DECLARE statement (a utility
	// statement) declares by name: BigQuery's and Snowflake's scripting
	// (DECLARE x, y DATE ..). A later statement's bare name x is the
	// variable where no table in scope has a column x.
	Declared []Ident
	// SetVars lists the session variables a SET statement (a utility
	// statement) gives a string value: Snowflake's SET t = 'db.s.t', which
	// a later TABLE($t) or IDENTIFIER($t) uses as a table's name.
	SetVars []SetVar
	// Opaque is set for a utility statement that writes a table with rows
	// from code its text does not show: T-SQL's INSERT INTO t EXEC proc.
	Opaque *OpaqueWrite
	// Partition lists the PARTITION (..) columns of a Hive/Spark INSERT
	// target, in order. The query's select list fills the target's other
	// columns, then the dynamic partition columns.
	Partition []PartitionColumn
	// Rewritten is the text the TiDB parser was given (statements joined by
	// ";\n" when there are several). Like Text it holds literals: do not store it.
	Rewritten string

	ann annotations
}

// annotations is what sqlparse records beside the tree.
type annotations struct {
	// names maps encoded identifiers (as they appear in the tree) to the
	// name they stand for, and encoded heads with their last part to the
	// end of the whole name, for spans.
	names nameTable
	stars []starAnn
	funcs []funcAnn
	// offsets maps offsets in the rewritten text to the original.
	offsets offsetMap
	// nodeOffsets has one map per tree of Nodes (MERGE, multi-insert).
	nodeOffsets []offsetMap
	// starIdx and funcIdx find the records of stars and funcs by node when
	// there are many (see index).
	starIdx map[*ast.WildCardField]int32
	funcIdx map[*ast.TableSource]int32
}

// index builds starIdx and funcIdx when there are many records, so that
// a caller looking up every star or table source of a generated statement
// does not scan the records each time.
func (a *annotations) index() {
	if len(a.stars) >= manyRecords {
		a.starIdx = make(map[*ast.WildCardField]int32, len(a.stars))
		for i := len(a.stars) - 1; i >= 0; i-- { // the first record wins
			if a.stars[i].w != nil {
				a.starIdx[a.stars[i].w] = int32(i)
			}
		}
	}
	if len(a.funcs) >= manyRecords {
		a.funcIdx = make(map[*ast.TableSource]int32, len(a.funcs))
		for i := len(a.funcs) - 1; i >= 0; i-- {
			a.funcIdx[a.funcs[i].ts] = int32(i)
		}
	}
}

// lazyNorm is a statement's digest and normalized text, computed once.
type lazyNorm struct {
	once         sync.Once
	src          string
	digest, text string
}

// init sets the text to normalise and returns n.
func (n *lazyNorm) init(src string) *lazyNorm {
	n.src = src
	return n
}

func (n *lazyNorm) get() *lazyNorm {
	n.once.Do(func() { n.text, n.digest = normalize(n.src) })
	return n
}

// Digest is the TiDB normaliser's digest of the statement (hex), the same
// for statements that differ only in literals. It is computed on first use.
func (s *Statement) Digest() string {
	if s.norm == nil {
		return ""
	}
	return s.norm.get().digest
}

// IsNormalized reports whether text is the normalized text (see
// Normalized) whose digest is digest: a text that carries its own digest
// was written by the normaliser, literals removed. A reader of another
// tool's "normalized" text checks it before storing it.
func IsNormalized(text, digest string) bool {
	d := parser.DigestNormalized(text)
	return d != nil && digest != "" && d.String() == digest
}

// Normalized is the statement's text as the TiDB normaliser writes it:
// literals replaced by '?'. Only this text may be stored: literals in
// logged queries can hold personal data. It is computed on first use.
func (s *Statement) Normalized() string {
	if s.norm == nil {
		return ""
	}
	return s.norm.get().text
}

// Detached returns a copy of the statement without its TiDB trees, its
// annotations, its partition list or its rewritten text; its other fields
// (kind, dialect, span, text, flags, location, session change) are kept
// and Digest and Normalized still work. A Statement shares one allocation
// with its trees, so whatever keeps a pointer to it keeps the whole parse;
// an analysis result keeps the detached copy instead, and the parse of a
// 10 MB statement can be collected once it is analysed.
func (s *Statement) Detached() *Statement {
	d := &detached{s: *s}
	d.s.Nodes, d.s.Partition, d.s.Rewritten, d.s.ann, d.s.norm = nil, nil, "", annotations{}, nil
	if s.norm != nil {
		d.s.norm = d.norm.init(s.norm.src)
	}
	return &d.s
}

// detached is the one allocation of a detached Statement and its digest.
type detached struct {
	s    Statement
	norm lazyNorm
}
