// Package graphstore is a property-graph store for lineage-shaped graphs.
//
// It knows nothing of SQL: nodes and edges carry a kind, tags and
// properties. An edge is keyed by (From, To, Kind) and keeps the time it was
// first and last seen and how many times it was observed. Two backends
// implement Store: graphstore/memory (in process, built on
// github.com/dominikbraun/graph) and graphstore/neo4j (a Neo4j server over
// Bolt). graphstore/storetest holds the conformance suite both pass.
//
// A typical write and read:
//
//	err := store.Upsert(ctx, graphstore.Batch{
//		Key:   "log-2026-11-01#0",
//		Nodes: []graphstore.Node{{ID: "a", Kind: "Column"}, {ID: "b", Kind: "Column"}},
//		Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", Count: 1, LastSeen: now}},
//	})
//	sub, err := store.Traverse(ctx, []string{"b"}, graphstore.TraverseOptions{
//		Direction: graphstore.Upstream, MaxDepth: 10,
//	})
package graphstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors callers branch on with errors.Is.
var (
	// ErrNotFound reports that a node or edge does not exist.
	ErrNotFound = errors.New("graphstore: not found")
	// ErrMissingEndpoint reports an edge whose From or To node exists
	// neither in the store nor in the same batch.
	ErrMissingEndpoint = errors.New("graphstore: edge endpoint does not exist")
	// ErrInvalid reports a malformed node, edge, name or option.
	ErrInvalid = errors.New("graphstore: invalid argument")
	// ErrClosed reports use of a store after Close.
	ErrClosed = errors.New("graphstore: store is closed")
)

// Node is a vertex. ID is unique in the store.
//
// Property values are strings, int64, float64, bool or []string; other
// integer types are normalised to int64 on write (float32 to float64), so
// both backends return the same values (see NormalizeValue).
//
// ID and tags are non-empty UTF-8 strings. Kind and property keys must be
// ValidNames; no key is reserved ("id" or "count" are user data like any
// other). A write sets the node's kind (the last write wins). Nodes read
// back have Tags sorted without duplicates, and nil Tags and Props when
// there are none.
type Node struct {
	ID    string
	Kind  string
	Tags  []string
	Props map[string]any
}

// Edge is a directed relationship keyed by (From, To, Kind).
type Edge struct {
	From, To string
	Kind     string
	Props    map[string]any
	// FirstSeen and LastSeen bound the observations of this edge. On
	// upsert the store keeps the earliest FirstSeen and the latest LastSeen
	// (a zero time is ignored). A write that sets only one of them is an
	// observation at that time and stands for both. Times read back are in
	// UTC.
	FirstSeen, LastSeen time.Time
	// Count is how many observations this write adds (0 counts as 1); on
	// read it is the total.
	Count int64
}

// Batch is one idempotent write.
//
// Nodes are applied before edges: an edge may name nodes created in the same
// batch. Node properties are merged key by key (a nil value removes the
// key) and tags are unioned. Edge properties merge the same way, except
// that they describe the edge's latest observation: a write whose LastSeen
// is before the stored LastSeen (a zero LastSeen counts as earliest, when
// the edge has a time) leaves them as they are, so the order in which
// observations arrive does not decide them. The edge's count grows by
// Edge.Count either way.
//
// Key makes the batch idempotent: a store remembers the keys it has
// applied and ignores a batch whose key it has seen, so re-running an ingest
// leaves counts unchanged. A batch is applied atomically or not at all,
// except that a backend with a transaction size (Neo4j) may apply a larger
// keyed batch in keyed parts: if the write breaks off, repeating the same
// batch completes it exactly (see that backend's Upsert). With an empty
// Key everything but counts is still idempotent. Items are
// applied in order: an edge listed twice in one batch counts twice.
//
// Malformed items fail with ErrInvalid and edges whose endpoints are missing
// with ErrMissingEndpoint; in both cases nothing of the batch is applied and
// its Key is not remembered. NormalizeBatch holds the shared validation.
type Batch struct {
	Key   string
	Nodes []Node
	Edges []Edge
}

// Direction says which way a traversal follows edges.
type Direction int

const (
	// Downstream follows edges from From to To.
	Downstream Direction = iota
	// Upstream follows edges from To to From.
	Upstream
	// Both follows edges either way.
	Both
)

// String names the direction.
func (d Direction) String() string {
	switch d {
	case Downstream:
		return "downstream"
	case Upstream:
		return "upstream"
	case Both:
		return "both"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// Op is a comparison in a Filter.
type Op int

const (
	// Eq holds when the property equals the value.
	Eq Op = iota
	// Ne holds when the property is absent or differs from the value.
	Ne
)

// Filter is a condition on one property of a node or an edge. Value must be
// a property value (not nil); numbers compare by value, so int64 1 equals
// float64 1.0 (see ValuesEqual and Filter.Match).
type Filter struct {
	Key   string
	Op    Op
	Value any
}

// TraverseOptions bound a traversal.
type TraverseOptions struct {
	Direction Direction
	// EdgeKinds limits the edges followed; empty means all kinds.
	EdgeKinds []string
	// MaxDepth is the number of hops from the start set; 0 means 1.
	MaxDepth int
	// EdgeFilters must all hold for an edge to be followed.
	EdgeFilters []Filter
	// NodeFilters must all hold for a reached node to be included (and
	// expanded further). Start nodes are always included.
	NodeFilters []Filter
	// MaxNodes caps the nodes returned (0: no cap); the traversal stops
	// once it is reached and sets Subgraph.Truncated. A truncated result
	// keeps the first MaxNodes nodes in (Depth, ID) order, and Truncated is
	// set only when more nodes would have been returned.
	MaxNodes int
}

// NodeAt is a node of a traversal result with its distance from the start set.
type NodeAt struct {
	Node
	Depth int
}

// Subgraph is the result of a traversal.
//
// Depth is the length of a shortest path from the start set over followed
// edges and included nodes. Nodes are sorted by (Depth, ID). Edges are
// every edge that passes the kind and edge filters, joins two included
// nodes, and leaves (in the traversal's direction) a node whose depth is
// below MaxDepth; they are sorted by (From, To, Kind).
type Subgraph struct {
	Nodes     []NodeAt
	Edges     []Edge
	Truncated bool
}

// PathOptions bound a path search.
type PathOptions struct {
	// EdgeKinds limits the edges followed; empty means all kinds.
	EdgeKinds []string
	// MaxDepth bounds the path length in edges; 0 means 10.
	MaxDepth int
	// MaxPaths caps the number of paths returned; 0 means 100.
	MaxPaths int
	// EdgeFilters must all hold for every edge of a path.
	EdgeFilters []Filter
}

// Query selects nodes for Find. Empty fields do not constrain; every entry
// of Props must equal the node's property (as an Eq Filter).
type Query struct {
	Kind  string
	Tag   string
	Props map[string]any
	// Limit caps the result (0: no cap). Results are sorted by ID.
	Limit int
}

// Counts sizes a store.
type Counts struct {
	Nodes int64
	Edges int64
}

// Store is a lineage graph backend. Implementations are safe for concurrent
// use. A method called with a context that is already done fails with an
// error wrapping ctx.Err(); malformed options fail with ErrInvalid.
type Store interface {
	// Upsert applies a batch atomically and idempotently.
	Upsert(ctx context.Context, b Batch) error
	// Node returns one node or ErrNotFound.
	Node(ctx context.Context, id string) (Node, error)
	// Edge returns one edge or ErrNotFound.
	Edge(ctx context.Context, from, to, kind string) (Edge, error)
	// Traverse walks from the start nodes breadth first. Unknown start
	// ids are ignored.
	Traverse(ctx context.Context, start []string, opts TraverseOptions) (Subgraph, error)
	// Paths returns the simple paths (each a list of edges, no node
	// repeated) from one node to another following edges downstream,
	// shortest first, ties broken by the sequence of node ids, then of edge
	// kinds (ComparePaths). It returns ErrNotFound when either node does
	// not exist, and no paths when from equals to.
	Paths(ctx context.Context, from, to string, opts PathOptions) ([][]Edge, error)
	// Find returns the nodes that match a query, sorted by ID.
	Find(ctx context.Context, q Query) ([]Node, error)
	// DeleteNode removes a node and every edge touching it. Deleting an
	// absent node is not an error.
	DeleteNode(ctx context.Context, id string) error
	// Counts sizes the store.
	Counts(ctx context.Context) (Counts, error)
	// Close releases the store. Later calls fail with ErrClosed; closing
	// twice is not an error.
	Close(ctx context.Context) error
}

// ValidName reports whether s may be used as a node kind, edge kind or
// property key: a letter followed by letters, digits or underscores, at most
// 63 characters. Backends that must name things in a query language (Neo4j
// labels and relationship types) accept nothing else.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return true
}
