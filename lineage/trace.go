package lineage

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
)

// TraceOptions bound a Trace.
type TraceOptions struct {
	// Direction is graphstore.Upstream (where a column comes from) or
	// graphstore.Downstream (where it goes).
	Direction graphstore.Direction
	// Depth bounds the hops; 0 means 10.
	Depth int
	// Indirect also follows INDIRECT edges (joins, filters, ...). By
	// default only DIRECT and MASKED edges are followed.
	Indirect bool
	// StopAtMasking does not follow MASKED edges: what is reached then
	// holds the raw value.
	StopAtMasking bool
	// MaxNodes caps the answer (0: no cap).
	MaxNodes int
}

// TraceNode is a column or dataset reached by a Trace.
type TraceNode struct {
	// ID is the graph node id (ColumnNodeID, DatasetNodeID).
	ID   string
	Kind string
	// Name is readable: "db.schema.table.column" for a column.
	Name  string
	Depth int
	// Raw is set when the node is reached from the start through DIRECT
	// edges only (the raw value flows there); false when every path
	// passes a MASKED or INDIRECT edge.
	Raw  bool
	Tags []string
}

// TraceEdge is an edge of a Trace.
type TraceEdge struct {
	From, To string
	// Kind is EdgeDirect, EdgeMasked, EdgeIndirect or EdgeFlowsTo.
	Kind string
	// Subtype is the OpenLineage subtype (IDENTITY, AGGREGATION, JOIN...).
	Subtype             string
	Count               int64
	FirstSeen, LastSeen time.Time
}

// Trace is the answer of Engine.Trace and Engine.Impact.
type Trace struct {
	Start     []string
	Nodes     []TraceNode
	Edges     []TraceEdge
	Truncated bool
}

// Node returns the node with the given id.
func (t Trace) Node(id string) (TraceNode, bool) {
	for _, n := range t.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return TraceNode{}, false
}

// Trace walks column lineage from the start columns, in one Store call.
func (e *Engine) Trace(ctx context.Context, start []Column, opts TraceOptions) (Trace, error) {
	ids := make([]string, len(start))
	for i, c := range start {
		ids[i] = ColumnNodeID(c)
	}
	return e.TraceNodes(ctx, ids, opts)
}

// TraceNodes is Trace from graph node ids (as TraceNode.ID and Tagged
// give them).
func (e *Engine) TraceNodes(ctx context.Context, ids []string, opts TraceOptions) (Trace, error) {
	kinds := []string{EdgeDirect}
	if !opts.StopAtMasking {
		kinds = append(kinds, EdgeMasked)
	}
	if opts.Indirect {
		kinds = append(kinds, EdgeIndirect)
	}
	return e.walk(ctx, ids, kinds, opts)
}

// Impact walks table-level lineage downstream (opts.Direction ignored) from
// a dataset: every dataset that its data flows into, in one Store call.
func (e *Engine) Impact(ctx context.Context, ds Dataset, opts TraceOptions) (Trace, error) {
	opts.Direction = graphstore.Downstream
	return e.walk(ctx, []string{DatasetNodeID(ds)}, []string{EdgeFlowsTo}, opts)
}

func (e *Engine) walk(ctx context.Context, ids, kinds []string, opts TraceOptions) (Trace, error) {
	depth := opts.Depth
	if depth <= 0 {
		depth = 10
	}
	sub, err := e.store.Traverse(ctx, ids, graphstore.TraverseOptions{
		Direction: opts.Direction, EdgeKinds: kinds, MaxDepth: depth, MaxNodes: opts.MaxNodes,
	})
	if err != nil {
		return Trace{}, fmt.Errorf("lineage: trace %s: %w", strings.Join(ids, ", "), err)
	}
	tr := Trace{Start: ids, Truncated: sub.Truncated}
	for _, n := range sub.Nodes {
		tr.Nodes = append(tr.Nodes, TraceNode{ID: n.ID, Kind: n.Kind, Name: displayName(n.Node), Depth: n.Depth, Tags: n.Tags})
	}
	for _, ge := range sub.Edges {
		tr.Edges = append(tr.Edges, traceEdge(ge))
	}
	markRaw(&tr, opts.Direction)
	return tr, nil
}

func traceEdge(ge graphstore.Edge) TraceEdge {
	te := TraceEdge{From: ge.From, To: ge.To, Kind: ge.Kind, Count: ge.Count, FirstSeen: ge.FirstSeen, LastSeen: ge.LastSeen}
	te.Subtype, _ = ge.Props["subtype"].(string)
	return te
}

// markRaw sets Raw on the nodes reached from the start through DIRECT
// edges only.
func markRaw(tr *Trace, dir graphstore.Direction) {
	next := map[string][]string{}
	for _, e := range tr.Edges {
		if e.Kind != EdgeDirect && e.Kind != EdgeFlowsTo {
			continue
		}
		if dir != graphstore.Upstream {
			next[e.From] = append(next[e.From], e.To)
		}
		if dir != graphstore.Downstream {
			next[e.To] = append(next[e.To], e.From)
		}
	}
	raw := map[string]bool{}
	queue := append([]string(nil), tr.Start...)
	for _, id := range queue {
		raw[id] = true
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, n := range next[id] {
			if !raw[n] {
				raw[n] = true
				queue = append(queue, n)
			}
		}
	}
	for i := range tr.Nodes {
		tr.Nodes[i].Raw = raw[tr.Nodes[i].ID]
	}
}

// displayName makes a node's readable name from its properties.
func displayName(n graphstore.Node) string {
	switch n.Kind {
	case NodeColumn, NodeDataset:
		return qualified(n.ID)
	}
	return n.ID
}

// qualified strips "dataset:" and the platform from a dataset node id.
func qualified(id string) string {
	id = strings.TrimPrefix(id, "dataset:")
	if i := strings.Index(id, "://"); i >= 0 && !strings.Contains(id[:i], "/") {
		if p := id[:i]; p != "s3" && p != "gs" && p != "gcs" && p != "azure" && p != "abfss" && p != "hdfs" && p != "file" {
			return id[i+3:]
		}
	}
	return id
}

// Paths returns the column-lineage paths (DIRECT and MASKED edges; INDIRECT
// too when indirect is set) from one column to another, shortest first.
func (e *Engine) Paths(ctx context.Context, from, to Column, maxDepth int, indirect bool) ([][]TraceEdge, error) {
	kinds := []string{EdgeDirect, EdgeMasked}
	if indirect {
		kinds = append(kinds, EdgeIndirect)
	}
	paths, err := e.store.Paths(ctx, ColumnNodeID(from), ColumnNodeID(to), graphstore.PathOptions{EdgeKinds: kinds, MaxDepth: maxDepth})
	if err != nil {
		return nil, fmt.Errorf("lineage: paths %s -> %s: %w", from.ID(), to.ID(), err)
	}
	out := make([][]TraceEdge, len(paths))
	for i, p := range paths {
		for _, ge := range p {
			out[i] = append(out[i], traceEdge(ge))
		}
	}
	return out, nil
}

// Access is one user's reads of a column on one day.
type Access struct {
	User string
	// Day is YYYY-MM-DD (UTC); empty when the log had no times.
	Day                 string
	Count               int64
	FirstSeen, LastSeen time.Time
}

// Readers says who read a column and when, from the query logs ingested:
// one Access per user and day, sorted by user then day.
func (e *Engine) Readers(ctx context.Context, c Column) ([]Access, error) {
	id := ColumnNodeID(c)
	sub, err := e.store.Traverse(ctx, []string{id}, graphstore.TraverseOptions{
		Direction: graphstore.Upstream, EdgeKinds: []string{EdgeOf, EdgeRead}, MaxDepth: 2,
	})
	if err != nil {
		return nil, fmt.Errorf("lineage: readers of %s: %w", c.ID(), err)
	}
	days := map[string]string{}
	for _, n := range sub.Nodes {
		if n.Kind == NodeRead {
			days[n.ID], _ = n.Props["day"].(string)
		}
	}
	var out []Access
	for _, ge := range sub.Edges {
		if ge.Kind != EdgeRead {
			continue
		}
		day, ok := days[ge.To]
		if !ok {
			continue
		}
		out = append(out, Access{User: strings.TrimPrefix(ge.From, "user:"), Day: day, Count: ge.Count, FirstSeen: ge.FirstSeen, LastSeen: ge.LastSeen})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].User != out[j].User {
			return out[i].User < out[j].User
		}
		return out[i].Day < out[j].Day
	})
	return out, nil
}
