package lineage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// resumeLog is a log of many sessions, users and days whose statements
// share tables, so batches overlap in nodes and edges.
func resumeLog(n int) []lineage.Statement {
	stmts := ddl()
	for i := range 6 {
		stmts = append(stmts, pg(fmt.Sprintf("CREATE TABLE t%d (amount numeric, customer_id int, email text)", i), "etl", "s0", day1))
	}
	users := []string{"ann", "bob", "cid", "dee"}
	for i := range n {
		at := day1.Add(time.Duration(i*37) * time.Minute)
		user, session := users[i%len(users)], fmt.Sprintf("s%d", 1+i%5)
		switch i % 4 {
		case 0:
			stmts = append(stmts, pg(fmt.Sprintf("INSERT INTO t%d SELECT o.amount, o.customer_id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id > %d", i%6, i), user, session, at))
		case 1:
			stmts = append(stmts, pg(fmt.Sprintf("INSERT INTO t%d (amount, email) SELECT SUM(amount), md5(email) FROM t%d GROUP BY email", (i+1)%6, i%6), user, session, at))
		case 2:
			stmts = append(stmts, pg(fmt.Sprintf("SELECT email, amount FROM t%d WHERE customer_id = %d", i%6, i), user, session, at))
		default:
			stmts = append(stmts, pg(fmt.Sprintf("SELECT c.email, c.country FROM customers c WHERE c.id IN (SELECT customer_id FROM t%d)", i%6), user, session, at))
		}
	}
	return stmts
}

// storeDigest lists every node and every edge of a store, one line each
// with all they hold, keyed by identity.
func storeDigest(t *testing.T, s graphstore.Store) (nodes, edges map[string]string) {
	t.Helper()
	ctx := context.Background()
	nodes, edges = map[string]string{}, map[string]string{}
	var ids []string
	for _, kind := range []string{lineage.NodeDataset, lineage.NodeColumn, lineage.NodeQuery, lineage.NodeUser, lineage.NodeRead} {
		ns, err := s.Find(ctx, graphstore.Query{Kind: kind})
		require.NoError(t, err)
		for _, n := range ns {
			nodes[n.ID] = fmt.Sprintf("%s %v %v", n.Kind, n.Tags, n.Props)
			ids = append(ids, n.ID)
		}
	}
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	require.EqualValues(t, c.Nodes, len(nodes), "every node has a kind the digest lists")
	sub, err := s.Traverse(ctx, ids, graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 1})
	require.NoError(t, err)
	for _, e := range sub.Edges {
		edges[e.From+" -"+e.Kind+"-> "+e.To] = fmt.Sprintf("count=%d first=%s last=%s %v", e.Count, e.FirstSeen, e.LastSeen, e.Props)
	}
	require.EqualValues(t, c.Edges, len(edges))
	return nodes, edges
}

// diffDigests returns the entries that differ, sorted.
// assertSameGraph compares got's graph with the digests of a reference
// graph (storeDigest) and reports the differences, the first ten by name.
func assertSameGraph(t *testing.T, wantN, wantE map[string]string, got graphstore.Store, name, reference string) {
	t.Helper()
	gotN, gotE := storeDigest(t, got)
	if d := append(diffDigests(wantN, gotN), diffDigests(wantE, gotE)...); len(d) > 0 {
		t.Errorf("%s: %d differences from %s, first: %v", name, len(d), reference, d[:min(len(d), 10)])
	}
}

func diffDigests(want, got map[string]string) []string {
	var out []string
	for k, w := range want {
		if g, ok := got[k]; !ok {
			out = append(out, "missing "+k)
		} else if g != w {
			out = append(out, fmt.Sprintf("%s: got %s, want %s", k, g, w))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, "extra "+k)
		}
	}
	sort.Strings(out)
	return out
}

// TestEngineResumeAfterFailedWriteMatchesCleanRun stops an Ingest into the
// memory store at every batch boundary and at random ones (a store that
// refuses writes from some point on), then runs the same log again with
// the same IngestKey in a fresh Engine, and compares the whole graph with
// that of a clean run: node by node, edge by edge with counts and times.
func TestEngineResumeAfterFailedWriteMatchesCleanRun(t *testing.T) {
	ctx := context.Background()
	log := resumeLog(240)
	const batch = 20
	key := lineage.IngestKey("resume.log")
	ingest := func(s graphstore.Store, workers int) (lineage.Summary, error) {
		eng := lineage.NewEngine(s, nil, lineage.WithBatchSize(batch), lineage.WithWorkers(workers))
		return eng.Ingest(ctx, lineage.Statements(log...), key)
	}
	clean := memory.New()
	cleanSum, err := ingest(clean, 2)
	require.NoError(t, err)
	require.Zero(t, cleanSum.FailedTotal(), "%v", cleanSum.Errors)
	wantN, wantE := storeDigest(t, clean)
	batches := int(cleanSum.Batches)
	require.Greater(t, batches, 10)

	type trial struct{ committed, workers int }
	var plan []trial
	for k := range batches {
		plan = append(plan, trial{committed: k, workers: 2})
	}
	rng := rand.New(rand.NewPCG(19, 1))
	for range 20 {
		plan = append(plan, trial{committed: rng.IntN(batches), workers: 1 + rng.IntN(4)})
	}
	for _, tr := range plan {
		name := fmt.Sprintf("%d of %d batches committed, %d workers", tr.committed, batches, tr.workers)
		store := &failingStore{Store: memory.New(), n: tr.committed}
		sum, err := ingest(store, tr.workers)
		require.ErrorIs(t, err, errRefused, name)
		assert.EqualValues(t, tr.committed, sum.Batches, "%s: the Summary counts only committed batches", name)
		assert.LessOrEqual(t, sum.Edges, cleanSum.Edges, name)
		if tr.committed == 0 {
			assert.Zero(t, sum.Edges, name)
		}

		sum, err = ingest(store.Store, 3)
		require.NoError(t, err, name)
		assert.Equal(t, cleanSum.Edges, sum.Edges, name)
		assertSameGraph(t, wantN, wantE, store.Store, name, "the clean run")
	}
}

// recordingStore keeps every batch it is given.
type recordingStore struct {
	*memory.Store
	mu      sync.Mutex
	batches []graphstore.Batch
}

func (r *recordingStore) Upsert(ctx context.Context, b graphstore.Batch) error {
	r.mu.Lock()
	r.batches = append(r.batches, b)
	r.mu.Unlock()
	return r.Store.Upsert(ctx, b)
}

// TestEngineBatchesAreDeterministic checks that two runs over the same log
// send the same batches, row for row in the same order, so that a store
// splitting them sees the same parts.
func TestEngineBatchesAreDeterministic(t *testing.T) {
	ctx := context.Background()
	log := resumeLog(120)
	run := func(workers int) []graphstore.Batch {
		rec := &recordingStore{Store: memory.New()}
		eng := lineage.NewEngine(rec, nil, lineage.WithBatchSize(30), lineage.WithWorkers(workers))
		_, err := eng.Ingest(ctx, lineage.Statements(log...), lineage.IngestKey("same"))
		require.NoError(t, err)
		return rec.batches
	}
	first := run(1)
	require.Greater(t, len(first), 2)
	for i, workers := range []int{1, 2, 4, 3} {
		assert.Equal(t, first, run(workers), "run %d with %d workers", i+2, workers)
	}
}
