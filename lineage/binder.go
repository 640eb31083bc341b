package lineage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// binder analyses one statement: it builds scopes over the statement's
// query blocks, binds column references to the base columns they come
// from, and records what it learns beside the (read-only) tree.
type binder struct {
	binderState
	// What follows is scratch space kept between statements.

	// reads are the columns read, in order (see readRef).
	reads []colRef
	// edgeIdx indexes the edges by a hash of their key once there are
	// many (see edgeIndexed and index.go); its slots are reused.
	edgeIdx   slotIndex
	walkers   []*childWalker
	freeOuts  []*exprOut
	walkerBuf [8]childWalker
}

// binderState is the binder's state for one statement, cleared as a whole
// when the binder is released.
type binderState struct {
	ctx  context.Context
	s    *Session
	st   *sqlparse.Statement
	sql  string
	p    Platform
	defs Defaults

	// tables caches the relation of each base table per statement (few
	// per statement: a slice scanned linearly, indexed in tableIdx once
	// there are many; see index.go).
	tables   []tableEntry
	tableBuf [2]tableEntry
	tableIdx *slotIndex
	// sourceIdx, columnIdx and originIdx index res.Sources, res.Columns
	// and long origin lists once they grow (see index.go).
	sourceIdx *slotIndex
	columnIdx *slotIndex
	originIdx map[*[]origin]*originIndex
	// steps counts the list elements the binder's lookups examined (see
	// index.go): a test holds it linear in the statement's size.
	steps int

	res StatementResult
	// stop is why the walk stopped early: a limit or ctx (see limits.go).
	stop   error
	walked int // select items walked, for stopped
	// hashedName is the dataset name the binder hashed last, and
	// hashedHash its hash (see binder.hashColumn).
	hashedName string
	hashedHash uint64
	hashedOK   bool
	// structs says a select item built a struct of named fields (see
	// structFields): only then do column references look for fields.
	structs bool
	// readIdx indexes reads once there are many (see index.go).
	readIdx  *slotIndex
	warnSeen map[warnKey]struct{}
	// edgeIndexed says the edges are indexed in edgeHead and edgeNext
	// (once there are many).
	edgeIndexed bool
	// originChunk backs short origin lists (see originSlice).
	originChunk []origin
	// unresChunk backs short unresolved lists (see unresSlice).
	unresChunk []unresolved
	// lastRef is the column reference bindColumn bound last, and lastCol
	// its folded column name (columnLast asks again for a select field).
	lastRef *ast.ColumnName
	lastCol string
	// fieldOffset is the parsed offset of the select field being bound
	// (0 outside one): where a warning about a column reference points
	// when the reference itself carries no position.
	fieldOffset int
	depth       int // nesting of children walks
	qdepth      int // nesting of query blocks
}

// tableEntry is a cached table's relation; its key is its base's.
type tableEntry struct {
	rel *relation
}

func (e tableEntry) key() datasetKey { return e.rel.base.key() }

func (b *binder) cachedTable(k datasetKey) *relation {
	if i := b.tableAt(k); i >= 0 {
		return b.tables[i].rel
	}
	return nil
}

// forgetTable drops a table's cached relation after DDL changed it.
func (b *binder) forgetTable(k datasetKey) {
	if i := b.tableAt(k); i >= 0 {
		b.tables = append(b.tables[:i], b.tables[i+1:]...)
		b.tableIdx = nil
	}
}

type resultEdgeKey struct {
	from     Column
	to       Column
	indirect bool
	sub      TransformSubtype
}

func (e *ColumnEdge) key() resultEdgeKey {
	k := resultEdgeKey{from: e.From, to: e.To, indirect: e.Transform.Type == Indirect}
	if k.indirect {
		k.sub = e.Transform.Subtype
	}
	return k
}

func (e *ColumnEdge) sameKey(k resultEdgeKey) bool {
	return sameColumn(&e.From, &k.from) && sameColumn(&e.To, &k.to) && (e.Transform.Type == Indirect) == k.indirect && (!k.indirect || e.Transform.Subtype == k.sub)
}

// hashEdge hashes the parts of an edge key that tell edges of one
// statement apart (the target's dataset rarely differs, and the source's
// database and schema seldom do); equal keys hash alike.
func (b *binder) hashEdge(k *resultEdgeKey) uint64 {
	h := b.hashColumn(&k.from.Dataset, k.from.Name) + hashString(k.to.Name)*0xbf58476d1ce4e5b9
	if k.indirect {
		h += 0x632be59bd9b4e019 * (1 + uint64(k.sub))
	}
	return h
}

func newBinder(ctx context.Context, s *Session, st *sqlparse.Statement, sql string) *binder {
	b, _ := s.a.binders.Get().(*binder)
	if b == nil {
		b = &binder{}
	}
	b.ctx, b.s, b.st, b.sql = ctx, s, st, sql
	b.p = PlatformOf(st.Dialect)
	b.defs = s.defaults
	b.res = StatementResult{Kind: st.Kind, Span: st.Span, Confidence: 1, stmt: st.Detached()}
	return b
}

// release gives the binder back to its analyzer for the next statement,
// keeping only its scratch space (child walkers, free exprOuts, the edge
// chain): what the result, the session or the catalog may still refer to
// (origin chunks, relations, result slices) is dropped, not reused.
func (b *binder) release() {
	a := b.s.a
	// The child walkers are back in their idle state ({b: b}): each walk
	// restores the walker it used.
	if b.edgeIndexed && len(b.edgeIdx.slots) > maxKeptIndex {
		b.edgeIdx = slotIndex{}
	}
	b.binderState = binderState{}
	clear(b.reads)
	b.reads = b.reads[:0]
	a.binders.Put(b)
}

// maxKeptIndex is the size up to which a released binder keeps its edge
// index's slots for the next statement.
const maxKeptIndex = 4096

// warningFactor is how much each kind of warning lowers confidence.
func warningFactor(c WarningCode) float64 {
	switch c {
	case WarnAmbiguousColumn:
		return 0.6
	case WarnUnknownColumn:
		return 0.7
	case WarnStarUnexpanded:
		return 0.85
	case WarnColumnCount:
		return 0.8
	case WarnUnknownTable:
		return 0.8
	case WarnUnsupported, WarnUnseenSource:
		return 0.5
	case WarnAssumedColumns:
		return 0.9
	}
	return 0.9
}

func (b *binder) warn(code WarningCode, pos sqlparse.Pos, format string, args ...any) {
	b.warnMsg(code, pos, fmt.Sprintf(format, args...))
}

// warnMsg records a warning once per code, position and message.
func (b *binder) warnMsg(code WarningCode, pos sqlparse.Pos, msg string) {
	key := warnKey{code: code, offset: pos.Offset, msg: msg}
	if b.warnSeen == nil && len(b.res.Warnings) < smallSet {
		for _, w := range b.res.Warnings {
			if w.Code == code && w.Pos.Offset == pos.Offset && w.Message == msg {
				return
			}
		}
	} else {
		if b.warnSeen == nil {
			b.warnSeen = make(map[warnKey]struct{}, 2*smallSet)
			for _, w := range b.res.Warnings {
				b.warnSeen[warnKey{code: w.Code, offset: w.Pos.Offset, msg: w.Message}] = struct{}{}
			}
		}
		if _, ok := b.warnSeen[key]; ok {
			return
		}
		b.warnSeen[key] = struct{}{}
	}
	b.res.Warnings = append(b.res.Warnings, Warning{Code: code, Pos: pos, Message: msg})
	b.res.Confidence *= warningFactor(code)
}

type warnKey struct {
	code   WarningCode
	offset int
	msg    string
}

func (b *binder) pos(parsedOffset int) sqlparse.Pos {
	if parsedOffset <= 0 {
		return b.st.Span.Start
	}
	return b.st.Position(parsedOffset)
}

// smallSet is the size up to which the binder dedupes by scanning its
// result slices instead of indexing them in a map.
const smallSet = 16

// readRef records that the statement reads column name of *ds (which no
// one changes). Reads are kept as references and become the result's
// Reads in result: a Column is a large value.
func (b *binder) readRef(ds *Dataset, name string) {
	if b.readIdx == nil {
		if len(b.reads) < smallSet {
			for i := range b.reads {
				r := &b.reads[i]
				if r.name == name && (r.ds == ds || sameDataset(r.ds, ds)) {
					return
				}
			}
			b.reads = append(b.reads, colRef{ds: ds, name: name})
			return
		}
		b.readIdx = newSlotIndex(2 * len(b.reads))
		for i := range b.reads {
			b.readIdx.insert(b.hashColumn(b.reads[i].ds, b.reads[i].name), i)
		}
	}
	h := b.hashColumn(ds, name)
	if b.readIdx.find(h, func(i int) bool {
		r := &b.reads[i]
		return r.name == name && (r.ds == ds || sameDataset(r.ds, ds))
	}) >= 0 {
		return
	}
	b.readIdx.insert(h, len(b.reads))
	b.reads = append(b.reads, colRef{ds: ds, name: name})
}

// colRef is a column by reference to its dataset.
type colRef struct {
	ds   *Dataset
	name string
}

func (b *binder) source(ds Dataset) {
	k := ds.key()
	if b.sourceSeen(k) {
		return
	}
	if b.sourceIdx != nil {
		b.sourceIdx.insert(hashDatasetKey(k), len(b.res.Sources))
	}
	b.res.Sources = append(b.res.Sources, ds)
}

// foldParts folds a decoded name's parts as table-name parts.
func (b *binder) foldParts(n sqlparse.Name, part NamePart) []string {
	out := make([]string, len(n.Parts))
	for i, id := range n.Parts {
		out[i] = b.p.Fold(id, part)
	}
	return out
}

// ident decodes one raw identifier of the tree (an alias) to one Ident.
func (b *binder) ident(raw string) sqlparse.Ident {
	var buf [4]sqlparse.Ident
	parts, _ := b.st.AppendName(buf[:0], raw)
	if len(parts) == 0 {
		return sqlparse.Ident{Name: raw}
	}
	return parts[len(parts)-1]
}

func (b *binder) colName(raw string) string {
	return b.p.Fold(b.ident(raw), PartColumn)
}

// dataset resolves a table name to a dataset, trying the session's temp
// tables, then the search path.
func (b *binder) dataset(n sqlparse.Name) Dataset {
	parts := n.Parts
	if len(parts) == 1 && parts[0].Quoted && len(parts[0].Name) > 1 && parts[0].Name[0] == '@' && b.p.Dialect() == sqlparse.Snowflake {
		// a Snowflake stage read in FROM (@stage/path): files at a
		// location, as COPY reads them, not a table
		return Location(parts[0].Name)
	}
	if len(parts) == 1 && !parts[0].Quoted && len(parts[0].Name) > 1 && parts[0].Name[0] == '$' {
		parts = b.variableName(parts, n.Span.Start)
	}
	if len(parts) == 1 && len(b.s.searchPath) > 0 {
		for _, sch := range b.s.searchPath {
			ds := b.p.Dataset(parts, Defaults{Database: b.defs.Database, Schema: sch})
			if _, ok := b.s.temps[ds.key()]; ok {
				return ds
			}
			if _, ok := b.columns(ds); ok {
				return ds
			}
		}
		ds := b.p.Dataset(parts, Defaults{Database: b.defs.Database, Schema: b.s.searchPath[0]})
		if len(b.s.searchPath) > 1 {
			b.warn(WarnUnknownTable, n.Span.Start, "%s is in no schema of the search path the catalog knows: taken as %s", ds.Name, ds.QualifiedName())
		}
		return ds
	}
	ds := b.p.Dataset(parts, b.defs)
	if len(parts) == 1 {
		// A temporary table shadows a table of the default schema.
		for k, t := range b.s.temps {
			if k.name == ds.Name && k.platform == ds.Platform {
				return t.ds
			}
		}
	}
	return ds
}

// variableName resolves a table named by a session variable ($t, from
// TABLE($t) or IDENTIFIER($t)) to the name a SET of the session gave it.
// A variable the session has not set keeps its own name, with a warning:
// the table it stands for is not known.
func (b *binder) variableName(parts []sqlparse.Ident, pos sqlparse.Pos) []sqlparse.Ident {
	v := sqlparse.Ident{Name: parts[0].Name[1:]}
	if value, ok := b.s.nameVars[b.p.Fold(v, PartColumn)]; ok {
		if named := SplitName(value); len(named) > 0 && named[len(named)-1].Name != "" {
			return named
		}
	}
	if pos.Line == 0 {
		pos = b.st.Span.Start
	}
	b.warn(WarnUnseenSource, pos, "table named by session variable %s, whose value the session has not set", parts[0].Name)
	return parts
}

// columns asks the session's catalogs for a dataset's columns.
func (b *binder) columns(ds Dataset) ([]string, bool) {
	if b.s.learned != nil {
		if cols, ok, _ := b.s.learned.Columns(b.ctx, ds); ok {
			return cols, true
		}
	}
	cols, ok, err := b.s.a.catalog.Columns(b.ctx, ds)
	if err != nil {
		b.warn(WarnUnknownTable, b.st.Span.Start, "catalog: %v", err)
		return nil, false
	}
	return cols, ok
}

// kindLookup is a Catalog that also knows what kind each dataset is
// (MemoryCatalog does).
type kindLookup interface {
	Lookup(ds Dataset) (Dataset, []string, bool)
}

// kindOf asks the session's catalogs whether a dataset is a view, a table...
func (b *binder) kindOf(ds Dataset) (DatasetKind, bool) {
	if b.s.learned != nil {
		if d, _, ok := b.s.learned.Lookup(ds); ok {
			return d.Kind, true
		}
	}
	if kl, ok := b.s.a.catalog.(kindLookup); ok {
		if d, _, ok := kl.Lookup(ds); ok {
			return d.Kind, true
		}
	}
	return 0, false
}

// tableRelation is the relation of a base table or view, or of a session
// temp table (then its origins are the persistent columns it was made of).
func (b *binder) tableRelation(ds Dataset) *relation {
	if r, ok := b.existingRelation(ds); ok {
		return r
	}
	return b.newTableRelation(ds, &tableRel{})
}

// existingRelation is the relation of a session temp table (recording
// its sources) or of a table the statement already read; false for
// another.
func (b *binder) existingRelation(ds Dataset) (*relation, bool) {
	k := ds.key()
	if t, ok := b.s.temps[k]; ok {
		for _, src := range t.sources {
			b.source(src)
		}
		if t.unseen != "" {
			b.warn(WarnUnseenSource, b.st.Span.Start, "temporary table %s holds rows written by %s, whose query is not known: lineage through it is incomplete", t.ds.Name, t.unseen)
		}
		return t.rel, true
	}
	r := b.cachedTable(k)
	return r, r != nil
}

// newTableRelation makes the relation of a table new to the statement in
// t (zero) and caches it.
func (b *binder) newTableRelation(ds Dataset, t *tableRel) *relation {
	k, hasKind, cols, known := b.tableInfo(ds)
	if hasKind {
		ds.Kind = k
	}
	b.source(ds)
	t.ds = ds
	r := &t.rel
	r.base = &t.ds
	if known {
		r.known = true
		r.cols = make([]relCol, len(cols))
		// One array holds every column's single origin.
		origins := make([]origin, len(cols))
		for i, c := range cols {
			origins[i] = origin{ds: &t.ds, name: c}
			r.cols[i] = relCol{name: c, origins: origins[i : i+1 : i+1]}
		}
	}
	if b.tables == nil {
		b.tables = b.tableBuf[:0]
	}
	if b.tableIdx != nil {
		b.tableIdx.insert(hashDatasetKey(ds.key()), len(b.tables))
	}
	b.tables = append(b.tables, tableEntry{rel: r})
	return r
}

// tableInfo is kindOf and columns of a table in one look at each
// catalog where the catalog is a MemoryCatalog (whose Lookup answers
// both): every table new to a statement asks for both.
func (b *binder) tableInfo(ds Dataset) (kind DatasetKind, hasKind bool, cols []string, known bool) {
	if b.s.learned != nil {
		if d, cols, ok := b.s.learned.Lookup(ds); ok {
			return d.Kind, true, cols, true
		}
	}
	if mc, ok := b.s.a.catalog.(*MemoryCatalog); ok {
		d, cols, ok := mc.Lookup(ds)
		return d.Kind, ok, cols, ok
	}
	kind, hasKind = b.kindOf(ds)
	if hasKind {
		ds.Kind = kind
	}
	cols, known = b.columns(ds)
	return kind, hasKind, cols, known
}

// tableRel is a base table's relation with the dataset it points to, in
// one allocation.
type tableRel struct {
	rel relation
	ds  Dataset
}

// result finishes the statement's result.
func (b *binder) result() StatementResult {
	if b.res.Confidence < 0 {
		b.res.Confidence = 0
	}
	if c := cap(b.res.Sources); c > smallSet && c > 2*len(b.res.Sources) {
		// presize made room for every table name.
		if len(b.res.Sources) == 0 {
			b.res.Sources = nil
		} else {
			b.res.Sources = slices.Clone(b.res.Sources)
		}
	}
	if len(b.reads) > 0 {
		b.res.Reads = make([]Column, len(b.reads))
		for i, r := range b.reads {
			b.res.Reads[i] = Column{Dataset: *r.ds, Name: r.name}
		}
	}
	return b.res
}

// edge adds a column edge, merging duplicates (the strongest direct
// subtype wins; masking holds only if every path masks).
func (b *binder) edge(from, to Column, t Transform, span sqlparse.Span) {
	k := resultEdgeKey{from: from, to: to, indirect: t.Type == Indirect}
	if t.Type == Indirect {
		k.sub = t.Subtype
	}
	i, ok := -1, false
	var h uint64
	if !b.edgeIndexed && len(b.res.Edges) < smallSet {
		for j := range b.res.Edges {
			if b.res.Edges[j].sameKey(k) {
				i, ok = j, true
				break
			}
		}
	} else {
		if !b.edgeIndexed {
			b.edgeIndexed = true
			// write sized the edge list for what it adds: so is the index.
			b.edgeIdx.reset(cap(b.res.Edges))
			for j := range b.res.Edges {
				ek := b.res.Edges[j].key()
				b.edgeIdx.insert(b.hashEdge(&ek), j)
			}
		}
		h = b.hashEdge(&k)
		i = b.edgeIdx.find(h, func(j int) bool { return b.res.Edges[j].sameKey(k) })
		ok = i >= 0
	}
	if ok {
		e := &b.res.Edges[i]
		if t.Type == Direct {
			if rank(t.Subtype) > rank(e.Transform.Subtype) {
				e.Transform.Subtype = t.Subtype
			}
			e.Transform.Masking = e.Transform.Masking && t.Masking
		}
		return
	}
	if b.edgeIndexed {
		b.edgeIdx.insert(h, len(b.res.Edges))
	}
	b.res.Edges = append(b.res.Edges, ColumnEdge{From: from, To: to, Transform: t, Span: span})
}

// write records that rel's columns are written to target's columns tcols
// (positionally), with the row influences of rel.
func (b *binder) write(target Dataset, tcols []string, rel *relation) {
	if b.res.Target == nil {
		t := target
		b.res.Target = &t
	}
	if len(tcols) != len(rel.cols) {
		b.warn(WarnColumnCount, b.st.Span.Start, "%d target columns for %d query columns", len(tcols), len(rel.cols))
	}
	n := min(len(tcols), len(rel.cols))
	if tt, ok := b.s.temps[target.key()]; ok || target.Kind == KindTemporary {
		// The session keeps what the temporary table is made of, so that
		// a later read is stated between persistent datasets; the edges
		// into it are still this statement's lineage (the graph keeps
		// none: a temporary table is no node of it).
		target.Kind = KindTemporary
		b.writeTemp(target, tt, tcols[:n], rel)
	}
	// Size the edge list once: edges are large values.
	need := len(b.res.Edges) + len(rel.rowInfluence)
	for i := 0; i < n; i++ {
		need += len(rel.cols[i].origins)
	}
	if need > cap(b.res.Edges) {
		grown := make([]ColumnEdge, len(b.res.Edges), need)
		copy(grown, b.res.Edges)
		b.res.Edges = grown
	}
	if b.res.Columns == nil {
		b.res.Columns = make([]string, 0, n)
	}
	for i := 0; i < n; i++ {
		rc := &rel.cols[i]
		to := Column{Dataset: target, Name: tcols[i]}
		b.addColumn(tcols[i])
		for _, o := range rc.origins {
			t := Transform{Type: Direct, Subtype: o.sub, Masking: o.masking}
			if o.indirect {
				t = Transform{Type: Indirect, Subtype: o.sub}
			}
			b.edge(o.column(), to, t, rc.span)
		}
		for _, u := range rc.unres {
			b.res.Unresolved = append(b.res.Unresolved, UnresolvedColumn{Target: to, Name: u.name, Candidates: u.candidates, Pos: u.pos})
		}
	}
	whole := Column{Dataset: target}
	for _, o := range rel.rowInfluence {
		b.edge(o.column(), whole, Transform{Type: Indirect, Subtype: o.sub}, b.st.Span)
	}
}

// writeTemp records what a temporary table is made of instead of edges.
func (b *binder) writeTemp(target Dataset, tt *tempTable, tcols []string, rel *relation) {
	if b.stop != nil {
		return // a statement that fails changes no temporary table
	}
	if tt == nil {
		tt = &tempTable{ds: target, rel: &relation{known: true, base: &target}}
		b.s.setTemp(target.key(), tt)
	}
	for i, name := range tcols {
		b.addColumn(name)
		j, ok := tt.rel.lookup(name)
		if !ok {
			tt.rel.cols = append(tt.rel.cols, relCol{name: name})
			j = len(tt.rel.cols) - 1
		}
		c := &tt.rel.cols[j]
		for _, o := range rel.cols[i].origins {
			b.addOriginTo(&c.origins, o)
		}
		c.unres = append(c.unres, rel.cols[i].unres...)
	}
	for _, o := range rel.rowInfluence {
		b.addOriginTo(&tt.rel.rowInfluence, o)
	}
	tt.rel.open = append(tt.rel.open, rel.open...)
	for _, src := range b.res.Sources {
		dup := false
		for _, s := range tt.sources {
			if s.SameAs(src) {
				dup = true
			}
		}
		if !dup {
			tt.sources = append(tt.sources, src)
		}
	}
}

// outputNames returns the names of rel's columns.
func outputNames(rel *relation) []string {
	out := make([]string, len(rel.cols))
	for i, c := range rel.cols {
		out[i] = c.name
	}
	return out
}

// fieldText is the original text of a select field without its alias and
// trailing comments.
func (b *binder) fieldText(f *ast.SelectField) string {
	t := f.Text()
	if t == "" {
		return ""
	}
	start := b.st.Position(f.Offset).Offset
	end := b.st.Position(f.Offset + len(t)).Offset
	if start < 0 || end > len(b.sql) || start >= end {
		return strings.TrimSpace(t)
	}
	return trimTrailingComments(b.sql[start:end])
}

// trimTrailingComments drops `-- ...` and `/* ... */` comments and spaces
// at the end of an expression's text.
func trimTrailingComments(s string) string {
	for {
		s = strings.TrimSpace(s)
		if strings.HasSuffix(s, "*/") {
			if i := strings.LastIndex(s, "/*"); i >= 0 {
				s = s[:i]
				continue
			}
		}
		// A line comment runs to the end of its line: drop lines that are
		// comments from the end.
		if i := strings.LastIndexByte(s, '\n'); i >= 0 {
			last := strings.TrimSpace(s[i+1:])
			if strings.HasPrefix(last, "--") || strings.HasPrefix(last, "#") {
				s = s[:i]
				continue
			}
		}
		// A comment after the expression on its last line.
		if i := strings.Index(s, "--"); i >= 0 && !strings.ContainsAny(s[i:], "\n'\"") {
			s = s[:i]
			continue
		}
		return s
	}
}

// addColumn records a written column once (MERGE writes a column from both
// of its branches).
func (b *binder) addColumn(name string) {
	if b.columnWritten(name) {
		return
	}
	if b.columnIdx != nil {
		b.columnIdx.insert(hashString(name), len(b.res.Columns))
	}
	b.res.Columns = append(b.res.Columns, name)
}
