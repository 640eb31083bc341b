package compliance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// ErrNoPolicy is returned by New without a policy.
var ErrNoPolicy = errors.New("compliance: no policy")

// ErrUnknownSubject is returned by Plan when the subject names no column
// of the graph.
var ErrUnknownSubject = errors.New("compliance: unknown subject column")

// Checker answers compliance questions over a lineage graph with a
// policy. It reads the graph through graphstore.Store only, so it gives the
// same answers on every backend. A Checker is safe for concurrent use; it
// reads the graph again on every call.
type Checker struct {
	store  graphstore.Store
	policy *Policy
	now    func() time.Time
}

// Option configures a Checker.
type Option func(*Checker)

// WithClock sets the clock that Unneeded and Audit measure windows from
// (default time.Now), so reports over an old log are reproducible.
func WithClock(now func() time.Time) Option {
	return func(c *Checker) { c.now = now }
}

// New returns a Checker over store with policy.
func New(store graphstore.Store, policy *Policy, opts ...Option) (*Checker, error) {
	if policy == nil {
		return nil, ErrNoPolicy
	}
	c := &Checker{store: store, policy: policy, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Policy returns the checker's policy.
func (c *Checker) Policy() *Policy { return c.policy }

// datasetName is the qualified name of a dataset node: "db.schema.table",
// or the URI of an external location.
func datasetName(n graphstore.Node) string {
	id := strings.TrimPrefix(n.ID, "dataset:")
	if k, _ := n.Props["kind"].(string); k == lineage.KindLocation.String() {
		return id
	}
	if p, _ := n.Props["platform"].(string); p != "" && strings.HasPrefix(id, p+"://") {
		return id[len(p)+3:]
	}
	if i := strings.Index(id, "://"); i > 0 && !external(id) {
		return id[i+3:]
	}
	return id
}

// columnName is the readable name of a column of a dataset:
// "db.schema.table.column", or "s3://bucket/path#column" for a location,
// as lineage names them.
func columnName(dataset graphstore.Node, column string) string {
	name := datasetName(dataset)
	if k, _ := dataset.Props["kind"].(string); k == lineage.KindLocation.String() || external(name) {
		return name + "#" + column
	}
	return name + "." + column
}

// nodeCache reads nodes once per call.
type nodeCache struct {
	store graphstore.Store
	nodes map[string]graphstore.Node
}

func newNodeCache(s graphstore.Store) *nodeCache {
	return &nodeCache{store: s, nodes: map[string]graphstore.Node{}}
}

func (nc *nodeCache) put(n graphstore.Node) { nc.nodes[n.ID] = n }

func (nc *nodeCache) get(ctx context.Context, id string) (graphstore.Node, error) {
	if n, ok := nc.nodes[id]; ok {
		return n, nil
	}
	n, err := nc.store.Node(ctx, id)
	if errors.Is(err, graphstore.ErrNotFound) {
		n, err = graphstore.Node{ID: id}, nil
	}
	if err != nil {
		return n, fmt.Errorf("compliance: node %s: %w", id, err)
	}
	nc.nodes[id] = n
	return n, nil
}

// fetch reads the nodes of ids that are not cached yet in one Store call
// per fetchChunk ids (a point read each would be a round trip each on a
// remote store). The walk goes upstream over HAS_COLUMN: it returns the
// start nodes at depth 0 and, for columns, their datasets, which it
// caches too. Ids the graph lacks are cached as bare nodes, as get does.
func (nc *nodeCache) fetch(ctx context.Context, ids []string) error {
	var want []string
	for _, id := range ids {
		if _, ok := nc.nodes[id]; !ok && id != "" {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	for len(want) > 0 {
		chunk := want[:min(len(want), fetchChunk)]
		want = want[len(chunk):]
		sub, err := nc.store.Traverse(ctx, chunk, graphstore.TraverseOptions{
			Direction: graphstore.Upstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeHasColumn},
		})
		if err != nil {
			return fmt.Errorf("compliance: read nodes: %w", err)
		}
		for _, n := range sub.Nodes {
			nc.nodes[n.ID] = n.Node
		}
		for _, id := range chunk {
			if _, ok := nc.nodes[id]; !ok {
				nc.nodes[id] = graphstore.Node{ID: id}
			}
		}
	}
	return nil
}

// fetchChunk bounds the start set of one fetch walk.
const fetchChunk = 10000

// timePtr returns nil for a zero time, so JSON says null, never year 1.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
