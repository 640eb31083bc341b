package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/colineage/colineage/graphstore"
)

// Upsert applies a batch: nodes first, then edges (see graphstore.Batch).
//
// A batch of at most Config.BatchSize rows (nodes plus edges, after folding
// repeats of the same node or edge) is one transaction: it applies
// atomically or not at all, and its Key is recorded in that transaction.
//
// A larger batch is split into sub-batches of BatchSize rows, each its own
// transaction (nodes before edges). The rows are sorted first (nodes by id,
// edges by from, to and kind), so the same rows make the same sub-batches
// whatever order the caller gave them in, and each sub-batch is keyed by
// Key and a hash of its rows: a key recorded names exactly the rows that
// committed with it. Before writing, Upsert
// checks that every edge endpoint exists or is in the batch, so a batch that
// names a missing node fails with ErrMissingEndpoint having written nothing.
// If the write itself breaks off (a crash, a lost connection), the
// sub-batches already committed stay; repeating the same batch skips them by
// their keys and applies the rest, so the end state is exactly that of one
// application, and the batch's own Key is recorded with the last sub-batch.
// A large batch without a Key is split the same way but, like any unkeyed
// batch, adds its counts again when repeated.
func (s *Store) Upsert(ctx context.Context, b graphstore.Batch) error {
	if err := s.begin(ctx, "upsert"); err != nil {
		return err
	}
	nb, err := graphstore.NormalizeBatch(b)
	if err != nil {
		return fmt.Errorf("neo4j: upsert: %w", err)
	}
	nodes, edges := foldNodes(nb.Nodes), foldEdges(nb.Edges)
	if len(nodes)+len(edges) <= s.batchSize {
		// One transaction: the order of its rows does not matter.
		return s.apply(ctx, part{key: nb.Key, nodes: nodes, edges: edges})
	}

	if nb.Key != "" {
		done, err := s.batchDone(ctx, nb.Key)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
	if err := s.checkEndpoints(ctx, nodes, edges); err != nil {
		return err
	}
	sortRows(nodes, edges)
	parts := split(nodes, edges, s.batchSize)
	for i := range parts {
		if nb.Key != "" {
			parts[i].key = nb.Key + "\x00" + parts[i].digest()
		}
	}
	// Endpoints were checked above; a node deleted since then is still
	// caught, as a missing endpoint of its sub-batch. Sub-batches holding
	// nodes go first, one after another; the edge-only ones after them, by
	// Config.Writers at once. The batch's own key goes with the last one,
	// written alone once all others have committed.
	firstEdges := len(parts)
	for i, p := range parts {
		if len(p.nodes) == 0 {
			firstEdges = i
			break
		}
	}
	last := len(parts) - 1
	parts[last].alsoKey = nb.Key
	apply := func(i int) error {
		if err := s.apply(ctx, parts[i]); err != nil {
			return fmt.Errorf("%w (sub-batch %d of %d; repeat the batch to finish it)", err, i+1, len(parts))
		}
		if s.committed != nil {
			s.committed()
		}
		return nil
	}
	for i := 0; i < min(firstEdges, last); i++ {
		if err := apply(i); err != nil {
			return err
		}
	}
	if err := s.applyConcurrently(ctx, min(firstEdges, last), last, apply); err != nil {
		return err
	}
	return apply(last)
}

// applyConcurrently runs apply(i) for i in [from, to) by s.writers at once
// and returns the first error; after an error no new index is started.
func (s *Store) applyConcurrently(ctx context.Context, from, to int, apply func(int) error) error {
	if s.writers == 1 || to-from < 2 {
		for i := from; i < to; i++ {
			if err := apply(i); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errs := make(chan error, s.writers)
	var wg sync.WaitGroup
	for range min(s.writers, to-from) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := apply(i); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
feed:
	for i := from; i < to; i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("neo4j: upsert: %w", err)
	}
	return nil
}

// nodeRow and edgeRow are folded writes: one per node id and per edge key.
type nodeRow struct {
	id, kind string
	tags     []string
	props    map[string]any // user keys; nil values delete
}

type edgeRow struct {
	from, to, kind string
	props          map[string]any
	first, last    time.Time
	count          int64
}

// foldNodes merges writes of the same id in batch order: the last kind
// wins, tags union, later property values (nil too) overwrite earlier ones.
// Applying the folded row equals applying the writes one by one.
func foldNodes(ns []graphstore.Node) []nodeRow {
	idx := make(map[string]int, len(ns))
	var out []nodeRow
	for _, n := range ns {
		i, ok := idx[n.ID]
		if !ok {
			idx[n.ID] = len(out)
			out = append(out, nodeRow{id: n.ID, kind: n.Kind, tags: n.Tags, props: n.Props})
			continue
		}
		r := &out[i]
		r.kind = n.Kind
		r.tags = graphstore.MergeTags(r.tags, n.Tags)
		r.props = overlay(r.props, n.Props)
	}
	return out
}

// foldEdges merges writes of the same (from, to, kind) in batch order:
// counts add, the earliest FirstSeen and latest LastSeen win, properties
// overlay unless the write is an older observation than those folded
// before it (graphstore.OlderObservation; the server applies the same rule
// to the folded row against the stored edge).
func foldEdges(es []graphstore.Edge) []edgeRow {
	type key struct{ from, to, kind string }
	idx := make(map[key]int, len(es))
	var out []edgeRow
	for _, e := range es {
		k := key{e.From, e.To, e.Kind}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(out)
			out = append(out, edgeRow{from: e.From, to: e.To, kind: e.Kind, props: e.Props,
				first: e.FirstSeen, last: e.LastSeen, count: e.Count})
			continue
		}
		r := &out[i]
		r.count += e.Count
		if !e.FirstSeen.IsZero() && (r.first.IsZero() || e.FirstSeen.Before(r.first)) {
			r.first = e.FirstSeen
		}
		if !graphstore.OlderObservation(e.LastSeen, r.last) {
			r.props = overlay(r.props, e.Props)
		}
		if e.LastSeen.After(r.last) {
			r.last = e.LastSeen
		}
	}
	return out
}

// overlay returns a copy of a with the entries of b written over it (nil
// values kept: they are deletions to send).
func overlay(a, b map[string]any) map[string]any {
	if len(b) == 0 {
		return a
	}
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// part is one transaction's share of a batch.
type part struct {
	key     string // recorded in the transaction; empty: none
	alsoKey string // a second key to record (the whole batch's)
	nodes   []nodeRow
	edges   []edgeRow
}

// split cuts folded rows into parts of at most size rows, nodes first.
func split(nodes []nodeRow, edges []edgeRow, size int) []part {
	var parts []part
	for len(nodes) > 0 {
		n := min(size, len(nodes))
		parts = append(parts, part{nodes: nodes[:n]})
		nodes = nodes[n:]
	}
	// The last node part may take edges to fill up.
	if len(parts) > 0 {
		last := &parts[len(parts)-1]
		n := min(size-len(last.nodes), len(edges))
		last.edges, edges = edges[:n], edges[n:]
	}
	for len(edges) > 0 {
		n := min(size, len(edges))
		parts = append(parts, part{edges: edges[:n]})
		edges = edges[n:]
	}
	return parts
}

// batchDone reports whether a batch key has been recorded.
func (s *Store) batchDone(ctx context.Context, key string) (bool, error) {
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "OPTIONAL MATCH (b:"+batchLabel+" {key: $key}) RETURN b IS NOT NULL",
			map[string]any{"key": key})
		if err != nil {
			return nil, err
		}
		return len(recs) == 1 && recs[0].Values[0] == true, nil
	})
	if err != nil {
		return false, fail(ctx, "upsert: batch key", err)
	}
	return res.(bool), nil
}

// checkEndpoints fails with ErrMissingEndpoint when an edge names a node
// that is neither stored nor among nodes.
func (s *Store) checkEndpoints(ctx context.Context, nodes []nodeRow, edges []edgeRow) error {
	inBatch := make(map[string]bool, len(nodes))
	for _, n := range nodes {
		inBatch[n.id] = true
	}
	var ids []string
	seen := map[string]bool{}
	for _, e := range edges {
		for _, id := range []string{e.from, e.to} {
			if !inBatch[id] && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return missingNode(ctx, tx, ids)
	})
	if err != nil {
		return fail(ctx, "upsert: check endpoints", err)
	}
	if id := res.(string); id != "" {
		return missingEndpointError(edges, id)
	}
	return nil
}

// missingNode returns the smallest id of ids that is not a stored node, or
// "" when all are.
func missingNode(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) (string, error) {
	recs, err := run(ctx, tx, `UNWIND $ids AS id
OPTIONAL MATCH (n:`+nodeLabel+` {id: id})
WITH id, n WHERE n IS NULL
RETURN id ORDER BY id LIMIT 1`, map[string]any{"ids": ids})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	id, _ := recs[0].Values[0].(string)
	return id, nil
}

func missingEndpointError(edges []edgeRow, id string) error {
	for _, e := range edges {
		if e.from == id || e.to == id {
			return &opError{fmt.Errorf("neo4j: upsert: edge %q->%q %s: node %q: %w",
				e.from, e.to, e.kind, id, graphstore.ErrMissingEndpoint)}
		}
	}
	return &opError{fmt.Errorf("neo4j: upsert: node %q: %w", id, graphstore.ErrMissingEndpoint)}
}

// apply writes one part in one managed transaction.
func (s *Store) apply(ctx context.Context, p part) error {
	token := ""
	if p.key != "" {
		var raw [16]byte
		if _, err := rand.Read(raw[:]); err != nil {
			return fmt.Errorf("neo4j: upsert: %w", err)
		}
		token = hex.EncodeToString(raw[:])
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if p.key != "" {
			// MERGE on the unique key locks it: a concurrent transaction
			// with the same key waits for this one and then finds the key.
			fresh, err := recordKey(ctx, tx, p.key, token)
			if err != nil || !fresh {
				return nil, err
			}
			if p.alsoKey != "" {
				if _, err := recordKey(ctx, tx, p.alsoKey, token); err != nil {
					return nil, err
				}
			}
		}
		if err := writeNodes(ctx, tx, p.nodes); err != nil {
			return nil, err
		}
		return nil, writeEdges(ctx, tx, p.edges)
	})
	if err != nil {
		return fail(ctx, "upsert", err)
	}
	return nil
}

// recordKey merges a batch key node and reports whether this transaction
// created it (its token is set only on creation).
func recordKey(ctx context.Context, tx neo4j.ManagedTransaction, key, token string) (bool, error) {
	recs, err := run(ctx, tx, "MERGE (b:"+batchLabel+` {key: $key})
ON CREATE SET b.token = $token, b.appliedAt = datetime.transaction()
RETURN b.token = $token`, map[string]any{"key": key, "token": token})
	if err != nil {
		return false, err
	}
	return len(recs) == 1 && recs[0].Values[0] == true, nil
}

// writeNodes merges node rows, one query per kind. A node whose kind
// changes loses its old kind's label.
func writeNodes(ctx context.Context, tx neo4j.ManagedTransaction, nodes []nodeRow) error {
	if len(nodes) == 0 {
		return nil
	}
	byKind := map[string][]any{}
	var kinds []string
	for _, n := range nodes {
		if _, ok := byKind[n.kind]; !ok {
			kinds = append(kinds, n.kind)
		}
		tags := n.tags
		if tags == nil {
			tags = []string{}
		}
		byKind[n.kind] = append(byKind[n.kind], map[string]any{
			"id": n.id, "kind": n.kind, "tags": tags, "props": storedProps(n.props)})
	}
	// Nodes whose kind changes lose the old kind's label. Finding them
	// first keeps the MERGE below free of reads before writes of the same
	// property, which would make Neo4j buffer every row (Eager).
	var all []any
	for _, kind := range kinds {
		all = append(all, byKind[kind]...)
	}
	recs, err := run(ctx, tx, `UNWIND $rows AS row
MATCH (n:`+nodeLabel+` {id: row.id}) WHERE n.kind <> row.kind
RETURN n.kind, collect(n.id)`, map[string]any{"rows": all})
	if err != nil {
		return err
	}
	relabel := map[string][]string{} // old kind -> ids
	for _, r := range recs {
		old, _ := r.Values[0].(string)
		ids, _ := r.Values[1].([]any)
		for _, id := range ids {
			if s, ok := id.(string); ok {
				relabel[old] = append(relabel[old], s)
			}
		}
	}
	for _, kind := range kinds {
		// kind passed graphstore.ValidName in NormalizeBatch.
		if _, err := run(ctx, tx, `UNWIND $rows AS row
MERGE (n:`+nodeLabel+` {id: row.id})
ON CREATE SET n:`+kind+`, n.kind = row.kind, n += row.props,
    n.tags = CASE WHEN size(row.tags) = 0 THEN null ELSE row.tags END
ON MATCH SET n:`+kind+`, n.kind = row.kind, n += row.props,
    n.tags = CASE WHEN size(row.tags) = 0 THEN n.tags
             ELSE coalesce(n.tags, []) + [t IN row.tags WHERE NOT t IN coalesce(n.tags, [])] END`,
			map[string]any{"rows": byKind[kind]}); err != nil {
			return err
		}
	}
	olds := make([]string, 0, len(relabel))
	for old := range relabel {
		olds = append(olds, old)
	}
	slices.Sort(olds)
	for _, old := range olds {
		// Only labels this store wrote can be removed, and never the
		// common one.
		if old == nodeLabel || !graphstore.ValidName(old) {
			continue
		}
		if _, err := run(ctx, tx, `UNWIND $ids AS id
MATCH (n:`+nodeLabel+` {id: id}) REMOVE n:`+old, map[string]any{"ids": relabel[old]}); err != nil {
			return err
		}
	}
	return nil
}

// writeEdges merges edge rows, one query per kind, and fails with
// ErrMissingEndpoint (rolling the transaction back) when an endpoint does
// not exist.
func writeEdges(ctx context.Context, tx neo4j.ManagedTransaction, edges []edgeRow) error {
	byKind := map[string][]any{}
	var kinds []string
	for _, e := range edges {
		if _, ok := byKind[e.kind]; !ok {
			kinds = append(kinds, e.kind)
		}
		byKind[e.kind] = append(byKind[e.kind], map[string]any{
			"from": e.from, "to": e.to, "count": e.count,
			"first": timeParam(e.first), "last": timeParam(e.last), "props": storedProps(e.props)})
	}
	for _, kind := range kinds {
		rows := byKind[kind]
		// kind passed graphstore.ValidName in NormalizeBatch.
		recs, err := run(ctx, tx, `UNWIND $rows AS row
MATCH (a:`+nodeLabel+` {id: row.from})
MATCH (b:`+nodeLabel+` {id: row.to})
MERGE (a)-[r:`+kind+`]->(b)
ON CREATE SET r += row.props, r.count = row.count, r.firstSeen = row.first, r.lastSeen = row.last
ON MATCH SET r += CASE WHEN (row.last IS NULL AND r.lastSeen IS NOT NULL) OR row.last < r.lastSeen
                       THEN {} ELSE row.props END,
  r.count = r.count + row.count,
  r.firstSeen = CASE WHEN row.first IS NULL THEN r.firstSeen
                     WHEN r.firstSeen IS NULL OR row.first < r.firstSeen THEN row.first
                     ELSE r.firstSeen END,
  r.lastSeen = CASE WHEN row.last IS NULL THEN r.lastSeen
                    WHEN r.lastSeen IS NULL OR row.last > r.lastSeen THEN row.last
                    ELSE r.lastSeen END
RETURN count(*)`, map[string]any{"rows": rows})
		if err != nil {
			return err
		}
		if n, _ := recs[0].Values[0].(int64); n == int64(len(rows)) {
			continue
		}
		var ids []string
		for _, e := range edges {
			if e.kind == kind {
				ids = append(ids, e.from, e.to)
			}
		}
		id, err := missingNode(ctx, tx, ids)
		if err != nil {
			return err
		}
		return missingEndpointError(edges, id)
	}
	return nil
}
