package lineage

import (
	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// origin is one base column a value derives from, and how.
type origin struct {
	// ds and name are the column: ds points at a Dataset that no one
	// changes (a table relation's, a base's), so that origins stay small
	// (they are copied at every step of the binding).
	ds       *Dataset
	name     string
	indirect bool             // a per-column INDIRECT influence (CONDITIONAL, WINDOW)
	sub      TransformSubtype // Identity/Transformation/Aggregation when direct
	masking  bool
}

// rank orders direct subtypes: composing keeps the strongest.
func rank(s TransformSubtype) int {
	switch s {
	case Identity:
		return 0
	case Transformation:
		return 1
	case Aggregation:
		return 2
	}
	return 3
}

// column is the origin's column.
func (o *origin) column() Column { return Column{Dataset: *o.ds, Name: o.name} }

// sameColumn reports whether o and p are origins in the same column.
func (o *origin) sameColumn(p origin) bool {
	return o.name == p.name && (o.ds == p.ds || sameDataset(o.ds, p.ds))
}

// sameDataset is *a == *b comparing the name first: the binder compares
// the datasets of columns of one name, which mostly differ in theirs
// and share the rest.
func sameDataset(a, b *Dataset) bool {
	return a.Name == b.Name && a.Schema == b.Schema && a.Database == b.Database && a.Platform == b.Platform && a.Kind == b.Kind
}

// sameColumn is *a == *b comparing the column's name first.
func sameColumn(a, b *Column) bool {
	return a.Name == b.Name && sameDataset(&a.Dataset, &b.Dataset)
}

// addOrigin appends o to list unless an origin for the same column and
// kind is there; then it merges: the strongest subtype wins and masking
// holds only if every path masks.
func addOrigin(list []origin, o origin) []origin {
	if mergeOrigin(list, o) {
		return list
	}
	return append(list, o)
}

// mergeOrigin merges o into the origin of list for the same column and
// kind, as addOrigin does, and reports whether there was one.
func mergeOrigin(list []origin, o origin) bool {
	for i := range list {
		e := &list[i]
		if !e.sameColumn(o) || e.indirect != o.indirect {
			continue
		}
		if e.indirect {
			if e.sub == o.sub {
				return true
			}
			continue
		}
		if rank(o.sub) > rank(e.sub) {
			e.sub = o.sub
		}
		e.masking = e.masking && o.masking
		return true
	}
	return false
}

// unresolved is a column reference that could not be bound with certainty.
type unresolved struct {
	name       string
	candidates []Dataset
	pos        sqlparse.Pos
}

// relCol is one output column of a relation (a query block, a CTE, a
// table) with what it derives from.
type relCol struct {
	name    string
	origins []origin
	unres   []unresolved
	// star marks the `*` placeholder of a table whose columns are unknown.
	star bool
	// span is where the column's expression is in the original text.
	span sqlparse.Span
	// fields are the named fields of a struct the column's expression
	// builds, when it names them (see structFields).
	fields []relField
}

// relField is one named field of a struct column and what it derives from.
type relField struct {
	name    string
	origins []origin
}

// relation is what a query block, CTE, derived table or table yields.
type relation struct {
	cols []relCol
	// open lists base datasets whose unknown columns may also be in this
	// relation (a `*` over a table the catalog does not know): a name not
	// among cols may be a column of one of them.
	open []Dataset
	// openAll says a name not among cols is in every dataset of open,
	// not in one of them: a set operation of branches that are each a
	// `*` over one table of unknown columns (columns match by position,
	// so the branches' columns of one name are all the output column).
	openAll bool
	// rowInfluence are dataset-level INDIRECT origins: joins, filters,
	// grouping and ordering that decide which rows the relation has.
	rowInfluence []origin
	// base is set when the relation is a persistent table or view.
	base *Dataset
	// known says whether cols is the complete column list.
	known bool
	// anyCol says any name not among cols is a column whose value is
	// cols[0]'s: a table function whose columns are not known, its one
	// column derived from its input.
	anyCol bool
	// colIdx finds columns by name once there are many (see index.go).
	colIdx *colIndex
}

// source is one FROM item visible in a scope.
type source struct {
	// alias is the folded name the source is referred to by (alias or the
	// table's last name part); names are the table name's folded parts
	// when it has no alias, for matching schema.table qualifiers.
	alias string
	names []string
	rel   *relation
	// explicit says the alias was written (AS alias).
	explicit bool
	// elements marks BigQuery's UNNEST of an array without an alias: its
	// elements' fields are columns of their own names (key, value ..),
	// each a field of the one column.
	elements bool
	// element marks BigQuery's UNNEST(xs) AS x: x names the element (its
	// first column), and x.* is the element's fields.
	element bool
}

// scope is one query block's name space.
type scope struct {
	parent  *scope
	sources []*source
	// srcBuf backs sources for the usual one or two FROM items.
	srcBuf [2]*source
	// using maps a merged column name to the sources that share it.
	using map[string][]*source
	// aliases are the select list's output columns (for lateral column
	// aliases, GROUP BY / ORDER BY aliases); only the first aliasLimit of
	// them are visible.
	aliases    *relation
	aliasLimit int
	// aliasesAlways: output names are visible on every platform (ORDER
	// BY, GROUP BY, HAVING), not only where lateral aliases are.
	aliasesAlways bool
	// windows are the block's named windows.
	windows []ast.WindowSpec
	// ctes are the CTE names visible in the block.
	ctes *cteFrame
	// openCands caches the candidate datasets of an unqualified column
	// that openCount sources of unknown columns may all have.
	openCands []Dataset
	openCount int
	// influence collects the block's row influences (joins, filters,
	// grouping, ordering, and those of subqueries).
	influence []origin
	// index finds sources by name once there are many (see index.go).
	index *scopeIndex
	// proposed is the row an upsert's INSERT proposes, by target column
	// name: what VALUES(c) (EXCLUDED.c) reads in its update list.
	proposed *relation
}

// addSource adds a FROM item to the scope.
func (sc *scope) addSource(src *source) {
	if sc.sources == nil {
		sc.sources = sc.srcBuf[:0]
	}
	sc.sources = append(sc.sources, src)
}

// cteFrame is one WITH clause's names.
type cteFrame struct {
	parent *cteFrame
	names  map[string]*relation
}

func (f *cteFrame) lookup(name string) *relation {
	for ; f != nil; f = f.parent {
		if r, ok := f.names[name]; ok {
			return r
		}
	}
	return nil
}

// matchesAlias reports whether a one-part qualifier is the source's alias.
func (s *source) matchesAlias(qual []string) bool {
	return len(qual) == 1 && s.alias != "" && s.alias == qual[0]
}

// matches reports whether a column qualifier (its folded parts) names the
// source's table (schema.table matches db.schema.table).
func (s *source) matches(qual []string) bool {
	if len(qual) == 0 {
		return false
	}
	if len(qual) == 1 && s.alias == qual[0] {
		return true
	}
	if len(s.names) == 0 || len(qual) > len(s.names) {
		return false
	}
	off := len(s.names) - len(qual)
	for i, q := range qual {
		if s.names[off+i] != q {
			return false
		}
	}
	return true
}

// qualified finds the source a qualifier names in this scope: an explicit
// alias first, then a table's own name (or its alias-less last part).
// steps counts the sources examined.
func (sc *scope) qualified(qual []string, steps *int) *source {
	if len(qual) == 0 {
		return nil
	}
	var buf [4]*source
	cands := sc.candidates(qual[len(qual)-1], buf[:0])
	*steps += len(cands)
	for _, src := range cands {
		if src.explicit && src.matchesAlias(qual) {
			return src
		}
	}
	for _, src := range cands {
		if src.matchesAlias(qual) || src.matches(qual) {
			return src
		}
	}
	return nil
}
