package lineage

import (
	"slices"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
)

// The graph the Engine writes. Node kinds:
const (
	// NodeDataset is a table, view, external location or dashboard. Props:
	// platform, database, schema, name, kind.
	NodeDataset = "Dataset"
	// NodeColumn is a column of a dataset. Props: dataset (the dataset's
	// node id), name.
	NodeColumn = "Column"
	// NodeQuery is one statement shape (one digest). Props: digest,
	// normalized (literals replaced: never the raw text), kind, dialect.
	NodeQuery = "Query"
	// NodeUser is a warehouse user. Props: name.
	NodeUser = "User"
	// NodeRead aggregates one user's reads of one column on one day: its
	// User reaches it by a READ edge, and it reaches the Column by an OF
	// edge. Props: day (YYYY-MM-DD, UTC). Its id is
	// "read:<user>|<day>|<column node id>".
	NodeRead = "Read"
)

// Edge kinds:
const (
	// EdgeDirect: the raw value of From flows into To (OpenLineage DIRECT,
	// not masked). Props: subtype. The statement shapes that write a
	// dataset are the Query nodes with a WRITES edge to it.
	EdgeDirect = "DIRECT"
	// EdgeMasked: From flows into To through a hashing or masking function.
	// Props: subtype, masking=true.
	EdgeMasked = "MASKED"
	// EdgeIndirect: From influences To (join, filter, grouping, sort,
	// window, condition). Props: subtype. To may be a dataset node
	// when the influence concerns all of its columns.
	EdgeIndirect = "INDIRECT"
	// EdgeHasColumn links a dataset to each of its columns.
	EdgeHasColumn = "HAS_COLUMN"
	// EdgeFlowsTo links a dataset read to the dataset written (table-level
	// lineage, for impact analysis).
	EdgeFlowsTo = "FLOWS_TO"
	// EdgeReadBy links a dataset to a query shape that reads it.
	EdgeReadBy = "READ_BY"
	// EdgeWrites links a query shape to the dataset it writes.
	EdgeWrites = "WRITES"
	// EdgeRead links a user to a Read aggregate; its count is the number of
	// statements that read the column that day.
	EdgeRead = "READ"
	// EdgeOf links a Read aggregate to the column read. Like READ, its
	// count is the number of statements that read the column that day,
	// with their first and last time: counts add up across batches and
	// ingests, so they do not depend on how a log is cut.
	EdgeOf = "OF"
	// EdgeRenamedTo links a dataset to the dataset it became: ALTER
	// TABLE/VIEW .. RENAME TO and RENAME TABLE, and each way of a swap
	// (Snowflake ALTER TABLE a SWAP WITH b; props swap=true). The old
	// node and its edges stay: they were true while the old name held;
	// later statements write and read the new one. Follow RENAMED_TO to
	// join a dataset's history across names.
	EdgeRenamedTo = "RENAMED_TO"
)

// DatasetNodeID is the graph node id of a dataset: "dataset:" and its ID.
func DatasetNodeID(d Dataset) string { return "dataset:" + d.ID() }

// ColumnNodeID is the graph node id of a column: its ID. A column with an
// empty name stands for its whole dataset and maps to the dataset's node.
func ColumnNodeID(c Column) string {
	if c.Name == "" {
		return DatasetNodeID(c.Dataset)
	}
	return c.ID()
}

// QueryNodeID is the graph node id of a statement shape.
func QueryNodeID(digest string) string { return "query:" + digest }

// UserNodeID is the graph node id of a warehouse user.
func UserNodeID(user string) string { return "user:" + user }

// fragment is the part of the graph one analysed statement contributes,
// computed once per statement shape and reused for every occurrence.
type fragment struct {
	nodes []graphstore.Node
	edges []fragEdge
	// reads are the column node ids read (for the per-user audit).
	reads []string
	// columnEdges counts the DIRECT, MASKED and INDIRECT edges.
	columnEdges int
}

type fragEdge struct {
	from, to, kind string
	props          map[string]any
}

// persistent reports whether a dataset belongs in the graph: temporary
// tables are collapsed by the analyzer and bare SELECT results are not
// stored.
func persistent(d Dataset) bool {
	return d.Kind != KindTemporary && d.Kind != KindQueryResult
}

func datasetNode(d Dataset) graphstore.Node { return datasetNodeWithID(d, DatasetNodeID(d)) }

func datasetNodeWithID(d Dataset, id string) graphstore.Node {
	return graphstore.Node{ID: id, Kind: NodeDataset, Props: map[string]any{
		"platform": string(d.Platform), "database": d.Database, "schema": d.Schema,
		"name": d.Name, "kind": d.Kind.String(),
	}}
}

// fragmentOf turns a Result into its graph fragment.
//
// Each dataset and column is named many times (every edge names two
// columns): their ids are built once per fragment, a node only when first
// seen, and edges of one kind and subtype share one property map (maps a
// fragment hands out are never changed). A CPU profile of cold ingest had
// fragmentOf at 17% of the time, most of it rebuilding ids and dataset
// nodes already seen.
func fragmentOf(res Result, dialect string) *fragment {
	f := &fragment{}
	seen := map[string]bool{}
	addNode := func(n graphstore.Node) {
		if !seen[n.ID] {
			seen[n.ID] = true
			f.nodes = append(f.nodes, n)
		}
	}
	dsIDs := map[Dataset]string{}
	addDataset := func(d Dataset) string {
		id, ok := dsIDs[d]
		if !ok {
			id = DatasetNodeID(d)
			dsIDs[d] = id
		}
		if !seen[id] {
			seen[id] = true
			f.nodes = append(f.nodes, datasetNodeWithID(d, id))
		}
		return id
	}
	colIDs := map[Column]string{}
	addColumn := func(c Column) string {
		if c.Name == "" {
			return addDataset(c.Dataset)
		}
		ds := addDataset(c.Dataset)
		id, ok := colIDs[c]
		if !ok {
			id = ColumnNodeID(c)
			colIDs[c] = id
		}
		if !seen[id] {
			addNode(graphstore.Node{ID: id, Kind: NodeColumn, Props: map[string]any{"dataset": ds, "name": c.Name}})
			f.edges = append(f.edges, fragEdge{from: ds, to: id, kind: EdgeHasColumn})
		}
		return id
	}
	type propsKey struct {
		kind    string
		subtype TransformSubtype
	}
	shared := map[propsKey]map[string]any{}
	edgeSeen := map[[3]string]bool{}
	addEdge := func(e fragEdge) {
		k := [3]string{e.from, e.to, e.kind}
		if !edgeSeen[k] {
			edgeSeen[k] = true
			f.edges = append(f.edges, e)
		}
	}
	readSeen := map[string]bool{}
	for _, sr := range res.Statements {
		var qid string
		if sr.Digest() != "" {
			qid = QueryNodeID(sr.Digest())
			addNode(queryNode(sr.Digest(), sr.Normalized(), sr.Kind.String(), dialect))
		}
		target := sr.Target != nil && persistent(*sr.Target)
		var tid string
		if target {
			tid = addDataset(*sr.Target)
			for _, c := range sr.Columns {
				addColumn(Column{Dataset: *sr.Target, Name: c})
			}
			if qid != "" {
				addEdge(fragEdge{from: qid, to: tid, kind: EdgeWrites})
			}
		}
		for _, rn := range sr.Renames {
			if persistent(rn.From) && persistent(rn.To) {
				addEdge(fragEdge{from: addDataset(rn.From), to: addDataset(rn.To), kind: EdgeRenamedTo})
			}
		}
		if target {
			if sr.stmt != nil && sr.stmt.Swap {
				for _, src := range sr.Sources {
					if persistent(src) && DatasetNodeID(src) != tid {
						sid := addDataset(src)
						props := map[string]any{"swap": true}
						addEdge(fragEdge{from: tid, to: sid, kind: EdgeRenamedTo, props: props})
						addEdge(fragEdge{from: sid, to: tid, kind: EdgeRenamedTo, props: props})
					}
				}
			}
		}
		for _, src := range sr.Sources {
			if !persistent(src) {
				continue
			}
			sid := addDataset(src)
			if qid != "" {
				addEdge(fragEdge{from: sid, to: qid, kind: EdgeReadBy})
			}
			if target && sid != tid {
				addEdge(fragEdge{from: sid, to: tid, kind: EdgeFlowsTo})
			}
		}
		for _, e := range sr.Edges {
			if !persistent(e.From.Dataset) || !persistent(e.To.Dataset) {
				continue
			}
			kind := EdgeIndirect
			if e.Transform.Type == Direct {
				kind = EdgeDirect
				if e.Transform.Masking {
					kind = EdgeMasked
				}
			}
			props := shared[propsKey{kind, e.Transform.Subtype}]
			if props == nil {
				props = map[string]any{"subtype": e.Transform.Subtype.String()}
				if kind == EdgeMasked {
					props["masking"] = true
				}
				shared[propsKey{kind, e.Transform.Subtype}] = props
			}
			from, to := addColumn(e.From), addColumn(e.To)
			k := [3]string{from, to, kind}
			if !edgeSeen[k] {
				f.columnEdges++
			}
			addEdge(fragEdge{from: from, to: to, kind: kind, props: props})
		}
		for _, c := range sr.Reads {
			if !persistent(c.Dataset) {
				continue
			}
			id := addColumn(c)
			if !readSeen[id] {
				readSeen[id] = true
				f.reads = append(f.reads, id)
			}
		}
	}
	return f
}

// batchBuilder aggregates fragments of many statement occurrences into one
// graphstore.Batch: one entry per node and per edge, with counts summed and
// first/last seen folded.
type batchBuilder struct {
	nodes map[string]graphstore.Node
	// edges are the batch's edges, in the order first added; edgeAt
	// indexes them by key. A slice of values, not a map of pointers:
	// batch sorts it in place instead of copying every edge again.
	edges  []graphstore.Edge
	edgeAt map[edgeKey]int
	reads  map[readKey]*occurrences
	// byRef aggregates occurrences per fragment edge (a pointer hashes
	// faster than three strings); batch folds them into edges.
	byRef map[*fragEdge]*occurrences
	// refs are byRef's keys in the order first added, so that when two
	// statements give one edge different properties the earlier one's
	// win on every run.
	refs []*fragEdge
	// columnEdges counts DIRECT, MASKED and INDIRECT edges added.
	columnEdges int64
	// written are nodes an earlier batch of the same ingest wrote.
	written map[string]struct{}
	// runs aggregates who ran which statement shape (RAN edges).
	runs map[runKey]*runs
}

type edgeKey struct{ from, to, kind string }

type readKey struct{ user, column, day string }

// occurrences counts observations and their first and last time.
type occurrences struct {
	count       int64
	first, last time.Time
}

func newBatchBuilder(written map[string]struct{}) *batchBuilder {
	return &batchBuilder{
		nodes:   map[string]graphstore.Node{},
		edgeAt:  map[edgeKey]int{},
		reads:   map[readKey]*occurrences{},
		byRef:   map[*fragEdge]*occurrences{},
		written: written,
	}
}

// sizedLike sizes b's maps of occurrences for a batch like prev, so that
// a run of batches does not grow them from empty again. Its node map
// starts empty: new nodes become rare as an ingest goes on.
func (b *batchBuilder) sizedLike(prev *batchBuilder) *batchBuilder {
	b.reads = make(map[readKey]*occurrences, len(prev.reads))
	b.byRef = make(map[*fragEdge]*occurrences, len(prev.byRef))
	return b
}

func (b *batchBuilder) empty() bool {
	return len(b.nodes) == 0 && len(b.edges) == 0 && len(b.reads) == 0 && len(b.byRef) == 0 && len(b.runs) == 0
}

// add records one occurrence of a statement shape, run by user at at.
func (b *batchBuilder) add(f *fragment, user string, at time.Time) {
	for _, n := range f.nodes {
		if _, ok := b.written[n.ID]; ok {
			continue
		}
		if _, ok := b.nodes[n.ID]; !ok {
			b.nodes[n.ID] = n
		}
	}
	for i := range f.edges {
		o := b.byRef[&f.edges[i]]
		if o == nil {
			o = &occurrences{}
			b.byRef[&f.edges[i]] = o
			b.refs = append(b.refs, &f.edges[i])
		}
		o.count++
		o.first, o.last = foldTimes(o.first, o.last, at)
	}
	b.columnEdges += int64(f.columnEdges)
	if user == "" || len(f.reads) == 0 {
		return
	}
	day := ""
	if !at.IsZero() {
		day = at.UTC().Format(time.DateOnly)
	}
	for _, c := range f.reads {
		k := readKey{user: user, column: c, day: day}
		r := b.reads[k]
		if r == nil {
			r = &occurrences{}
			b.reads[k] = r
		}
		r.count++
		r.first, r.last = foldTimes(r.first, r.last, at)
	}
}

func (b *batchBuilder) edge(from, to, kind string, props map[string]any, at time.Time, n int64) {
	k := edgeKey{from, to, kind}
	i, ok := b.edgeAt[k]
	if !ok {
		i = len(b.edges)
		b.edges = append(b.edges, graphstore.Edge{From: from, To: to, Kind: kind, Props: props})
		b.edgeAt[k] = i
	}
	e := &b.edges[i]
	if ok && prefers(props, at, e.Props, e.LastSeen) {
		e.Props = props
	}
	e.Count += n
	e.FirstSeen, e.LastSeen = foldTimes(e.FirstSeen, e.LastSeen, at)
}

// prefers reports whether the properties of an occurrence at at replace
// those of an edge last seen at last: an edge's properties are those of its
// latest occurrence (as the stores keep them across batches), so that the
// order in which a log's statements arrive does not decide, for example,
// whether a column is a copy or a transformation of another. Occurrences in
// one batch at the same time (or without one, as dbt models and .sql files)
// keep the more direct subtype: IDENTITY before TRANSFORMATION before
// AGGREGATION, and so on in OpenLineage's order. Across batches the store
// decides a tie: the later write wins.
func prefers(props map[string]any, at time.Time, old map[string]any, last time.Time) bool {
	switch {
	case at.After(last):
		return true
	case at.Before(last) || at.IsZero() != last.IsZero():
		return false
	}
	return subtypeRank(props) < subtypeRank(old)
}

// subtypeRank orders an edge's subtype property by TransformSubtype; an
// edge without one ranks last.
func subtypeRank(props map[string]any) int {
	if name, ok := props["subtype"].(string); ok {
		for s := range len(subtypeNames) {
			if subtypeNames[s] == name {
				return s
			}
		}
	}
	return len(subtypeNames)
}

// appendEdge adds an edge whose key no other edge of the batch has,
// observed o.count times (at least once) between o.first and o.last.
func (b *batchBuilder) appendEdge(from, to, kind string, props map[string]any, o occurrences) {
	b.edges = append(b.edges, graphstore.Edge{From: from, To: to, Kind: kind, Props: props,
		FirstSeen: o.first, LastSeen: o.last, Count: max(o.count, 1)})
}

func foldTimes(first, last, at time.Time) (time.Time, time.Time) {
	if at.IsZero() {
		return first, last
	}
	if first.IsZero() || at.Before(first) {
		first = at
	}
	if last.IsZero() || at.After(last) {
		last = at
	}
	return first, last
}

// batch returns the aggregated write. It takes the builder's edges: the
// builder is spent afterwards.
//
// Fragment edges may share a key between fragments (two shapes reading one
// table), so they are folded through edgeAt; the READ and OF edges of a
// read and the RAN edge of a run have keys no other edge has (a Read node
// of their own, a user and a query shape), so they are appended as they
// are, into a slice sized once: on a million-statement ingest, growing
// the slice and the key map one edge at a time allocated 1.5 GB.
func (b *batchBuilder) batch(key string) graphstore.Batch {
	out := graphstore.Batch{Key: key}
	b.edges = slices.Grow(b.edges, len(b.refs)+2*len(b.reads)+len(b.runs))
	for _, e := range b.refs {
		o := b.byRef[e]
		b.edge(e.from, e.to, e.kind, e.props, o.first, o.count)
		if o.last != o.first {
			b.edge(e.from, e.to, e.kind, e.props, o.last, 0)
		}
	}
	b.runEdges()
	users := map[string]string{}
	for k, r := range b.reads {
		uid, ok := users[k.user]
		if !ok {
			uid = UserNodeID(k.user)
			users[k.user] = uid
			if _, ok := b.written[uid]; !ok {
				b.nodes[uid] = graphstore.Node{ID: uid, Kind: NodeUser, Props: map[string]any{"name": k.user}}
			}
		}
		rid := "read:" + k.user + "|" + k.day + "|" + k.column
		if _, ok := b.written[rid]; !ok {
			b.nodes[rid] = graphstore.Node{ID: rid, Kind: NodeRead, Props: map[string]any{"day": k.day}}
		}
		b.appendEdge(uid, rid, EdgeRead, nil, *r)
		b.appendEdge(rid, k.column, EdgeOf, nil, *r)
	}
	// Nodes and edges go out sorted: the maps above iterate in a different
	// order on every run, and a store that splits a large batch into parts
	// must see the same rows in the same places when the batch is repeated
	// after a crash.
	out.Nodes = make([]graphstore.Node, 0, len(b.nodes))
	for _, n := range b.nodes {
		out.Nodes = append(out.Nodes, n)
	}
	slices.SortFunc(out.Nodes, func(x, y graphstore.Node) int { return strings.Compare(x.ID, y.ID) })
	for i := range b.edges {
		if b.edges[i].Count == 0 {
			b.edges[i].Count = 1
		}
	}
	out.Edges = b.edges
	slices.SortFunc(out.Edges, compareEdges)
	b.edges, b.edgeAt = nil, nil
	return out
}

// compareEdges orders edges by their key: from, to, kind.
func compareEdges(x, y graphstore.Edge) int {
	if c := strings.Compare(x.From, y.From); c != 0 {
		return c
	}
	if c := strings.Compare(x.To, y.To); c != 0 {
		return c
	}
	return strings.Compare(x.Kind, y.Kind)
}
