package lineage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/colineage/colineage/graphstore"
)

// ErrNoKey is returned by Engine.Record when it is given no batch key.
var ErrNoKey = errors.New("lineage: Record needs a non-empty key")

// QueryShape is a statement shape known from outside the Engine (an
// OpenLineage job's SQL facet): what a Query node of the graph holds.
// Normalized must be the statement's text with its literals replaced, never
// the raw text.
type QueryShape struct {
	Digest     string
	Normalized string
	// Kind is the statement kind's name ("insert", "create_table_as", ...).
	Kind string
}

// Occurrence says how often a statement shape ran for one user (empty:
// unknown) between First and Last.
type Occurrence struct {
	User string
	// Role is the role the user ran it under, and Dashboard the dashboard
	// that ran it (see DashboardOf): both optional, kept on the RAN edge.
	Role, Dashboard string
	First, Last     time.Time
	// Count is the number of runs; 0 counts as 1.
	Count int64
}

// External is lineage the Engine did not derive from SQL it read itself:
// an OpenLineage event's column-lineage facet, or SQL analysed elsewhere.
// Record writes it with the same nodes and edges Ingest writes for a
// statement of the same lineage.
type External struct {
	// Statements state the lineage: Target, Columns, Sources, Edges and
	// Reads are used as Ingest uses an Analyzer's results. Results made by
	// an Analyzer also give their Query node; for others see Query.
	Statements []StatementResult
	// Query, when set, is the statement shape of every statement that has
	// no Digest of its own: its Query node is written with WRITES and
	// READ_BY edges as Ingest writes them.
	Query *QueryShape
	// Dialect is the Query nodes' dialect property.
	Dialect string
	// Occurrences say who ran the statements when; none means once, at an
	// unknown time. Users' column reads (Read nodes) are written per
	// occurrence, on the day of its First time.
	Occurrences []Occurrence
}

// Record writes external lineage to the Engine's store as one batch named
// key. The store ignores a batch whose key it has applied, so recording the
// same key twice (the same event received twice) changes nothing, counts
// included. It returns the number of column edges (DIRECT, MASKED and
// INDIRECT) the batch holds. A panic in the store's Upsert is returned as
// a *PanicError.
func (e *Engine) Record(ctx context.Context, key string, ext ...External) (int, error) {
	if key == "" {
		return 0, ErrNoKey
	}
	b := newBatchBuilder(map[string]struct{}{})
	edges := 0
	for _, x := range ext {
		f := fragmentOf(Result{Statements: x.Statements}, x.Dialect)
		if x.Query != nil && x.Query.Digest != "" {
			addQueryShape(f, x)
		}
		edges += f.columnEdges
		occ := x.Occurrences
		if len(occ) == 0 {
			occ = []Occurrence{{Count: 1}}
		}
		for _, o := range occ {
			b.addOccurrences(f, o)
		}
	}
	if b.empty() {
		return 0, nil
	}
	if err := e.upsert(ctx, b.batch(key)); err != nil {
		return 0, fmt.Errorf("lineage: recording %s: %w", key, err)
	}
	return edges, nil
}

// addQueryShape adds x.Query's node and its WRITES and READ_BY edges for
// the statements that have no digest of their own.
func addQueryShape(f *fragment, x External) {
	q := x.Query
	qid := QueryNodeID(q.Digest)
	seen := map[[3]string]bool{}
	for _, e := range f.edges {
		seen[[3]string{e.from, e.to, e.kind}] = true
	}
	add := func(from, to, kind string) {
		k := [3]string{from, to, kind}
		if !seen[k] {
			seen[k] = true
			f.edges = append(f.edges, fragEdge{from: from, to: to, kind: kind})
		}
	}
	hasNode := false
	for _, n := range f.nodes {
		if n.ID == qid {
			hasNode = true
			break
		}
	}
	for _, sr := range x.Statements {
		if sr.Digest() != "" {
			continue
		}
		if !hasNode {
			hasNode = true
			f.nodes = append(f.nodes, queryNode(q.Digest, q.Normalized, q.Kind, x.Dialect))
		}
		if sr.Target != nil && persistent(*sr.Target) {
			add(qid, DatasetNodeID(*sr.Target), EdgeWrites)
		}
		for _, src := range sr.Sources {
			if persistent(src) {
				add(DatasetNodeID(src), qid, EdgeReadBy)
			}
		}
	}
}

// addOccurrences records o.Count occurrences of a fragment between o.First
// and o.Last, as that many calls of add would.
func (b *batchBuilder) addOccurrences(f *fragment, o Occurrence) {
	n := o.Count
	if n <= 0 {
		n = 1
	}
	for _, n := range f.nodes {
		if _, ok := b.nodes[n.ID]; !ok {
			b.nodes[n.ID] = n
		}
	}
	fold := func(oc *occurrences) {
		oc.count += n
		oc.first, oc.last = foldTimes(oc.first, oc.last, o.First)
		oc.first, oc.last = foldTimes(oc.first, oc.last, o.Last)
	}
	for i := range f.edges {
		oc := b.byRef[&f.edges[i]]
		if oc == nil {
			oc = &occurrences{}
			b.byRef[&f.edges[i]] = oc
			b.refs = append(b.refs, &f.edges[i])
		}
		fold(oc)
	}
	b.columnEdges += int64(f.columnEdges) * n
	if o.User == "" {
		return
	}
	b.addRunsOf(f, o.User, o.Role, o.Dashboard, n, o.First, o.Last)
	day := ""
	if !o.First.IsZero() {
		day = o.First.UTC().Format(time.DateOnly)
	}
	for _, c := range f.reads {
		k := readKey{user: o.User, column: c, day: day}
		r := b.reads[k]
		if r == nil {
			r = &occurrences{}
			b.reads[k] = r
		}
		fold(r)
	}
}

// queryNode is the Query node of a statement shape.
func queryNode(digest, normalized, kind, dialect string) graphstore.Node {
	return graphstore.Node{ID: QueryNodeID(digest), Kind: NodeQuery, Props: map[string]any{
		"digest": digest, "normalized": normalized, "kind": kind, "dialect": dialect,
	}}
}
