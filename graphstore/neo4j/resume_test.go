package neo4j

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// cutter is a TCP proxy in front of the server that can cut every open
// connection at once and refuse new ones, which the driver sees as the
// server dying (a transaction in flight is lost, or committed with its
// answer lost), without the cost of restarting a JVM.
type cutter struct {
	l      net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]struct{}
}

func newCutter(t *testing.T, target string) *cutter {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &cutter{l: l, target: target, conns: map[net.Conn]struct{}{}}
	go c.serve()
	t.Cleanup(func() { l.Close(); c.cut() })
	return c
}

func (c *cutter) uri() string { return "bolt://" + c.l.Addr().String() }

func (c *cutter) serve() {
	for {
		in, err := c.l.Accept()
		if err != nil {
			return
		}
		c.mu.Lock()
		down := c.down
		c.mu.Unlock()
		if down {
			in.Close()
			continue
		}
		out, err := net.Dial("tcp", c.target)
		if err != nil {
			in.Close()
			continue
		}
		c.mu.Lock()
		c.conns[in], c.conns[out] = struct{}{}, struct{}{}
		c.mu.Unlock()
		go pipe(in, out)
		go pipe(out, in)
	}
}

func pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

// cut closes every connection and refuses new ones until up.
func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = true
	for conn := range c.conns {
		conn.Close()
	}
	clear(c.conns)
}

func (c *cutter) up() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.down = false
}

// graphDigest reads every node (id, kind, tags, properties) and every edge
// (endpoints, type, count, times, properties) of the database, one line
// each, keyed by identity.
func graphDigest(ctx context.Context, t *testing.T, s *Store) (nodes, edges map[string]string) {
	t.Helper()
	res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		ns, err := run(ctx, tx, "MATCH (n:"+nodeLabel+") RETURN n.id, labels(n), properties(n)", nil)
		if err != nil {
			return nil, err
		}
		es, err := run(ctx, tx, "MATCH (a:"+nodeLabel+")-[r]->(b:"+nodeLabel+") RETURN a.id, b.id, type(r), properties(r)", nil)
		return [2][]*neo4j.Record{ns, es}, err
	})
	require.NoError(t, err)
	recs := res.([2][]*neo4j.Record)
	nodes, edges = map[string]string{}, map[string]string{}
	for _, r := range recs[0] {
		labels := fmt.Sprint(r.Values[1])
		id := r.Values[0].(string)
		require.NotContains(t, nodes, id)
		nodes[id] = labels + " " + sortedProps(r.Values[2].(map[string]any))
	}
	for _, r := range recs[1] {
		k := fmt.Sprintf("%v -%v-> %v", r.Values[0], r.Values[2], r.Values[1])
		require.NotContains(t, edges, k, "one relationship per endpoints and type")
		edges[k] = sortedProps(r.Values[3].(map[string]any))
	}
	return nodes, edges
}

func sortedProps(p map[string]any) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for _, k := range keys {
		out += fmt.Sprintf("%s=%v;", k, p[k])
	}
	return out
}

// sameGraph compares two digests entry by entry and reports the first
// differences.
func sameGraph(t *testing.T, label string, wantN, wantE, gotN, gotE map[string]string) {
	t.Helper()
	var diffs []string
	for _, d := range []struct {
		what      string
		want, got map[string]string
	}{{"node", wantN, gotN}, {"edge", wantE, gotE}} {
		for k, w := range d.want {
			if g, ok := d.got[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s %s missing", d.what, k))
			} else if g != w {
				diffs = append(diffs, fmt.Sprintf("%s %s: got %s, want %s", d.what, k, g, w))
			}
		}
		for k := range d.got {
			if _, ok := d.want[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s %s extra", d.what, k))
			}
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Errorf("%s: %d differences from the clean run (nodes %d/%d, edges %d/%d), first: %v",
			label, len(diffs), len(gotN), len(wantN), len(gotE), len(wantE), diffs[:min(10, len(diffs))])
	}
}

// shuffled returns b with its nodes and edges in a random order, as a
// caller that builds batches from Go maps sends them.
func shuffled(b graphstore.Batch, r *rand.Rand) graphstore.Batch {
	out := graphstore.Batch{Key: b.Key, Nodes: append([]graphstore.Node(nil), b.Nodes...),
		Edges: append([]graphstore.Edge(nil), b.Edges...)}
	r.Shuffle(len(out.Nodes), func(i, j int) { out.Nodes[i], out.Nodes[j] = out.Nodes[j], out.Nodes[i] })
	r.Shuffle(len(out.Edges), func(i, j int) { out.Edges[i], out.Edges[j] = out.Edges[j], out.Edges[i] })
	return out
}

// resumeBatch is faultBatch with repeated edges (counts above 1, spread
// first and last seen times) so that a lost or doubled write shows in the
// counts.
func resumeBatch(nodes, fanout int) graphstore.Batch {
	b := faultBatch(nodes, fanout)
	b.Key = "resume-test-batch"
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	n := len(b.Edges)
	for i := 0; i < n; i += 3 {
		e := b.Edges[i]
		e.FirstSeen, e.LastSeen = at.Add(-time.Duration(i%7)*time.Hour), at.Add(time.Duration(i%11)*time.Hour)
		e.Count = int64(1 + i%4)
		b.Edges = append(b.Edges, e)
	}
	return b
}

// TestFaultResumeMatchesCleanRun interrupts a split Upsert at every
// sub-batch boundary and at random moments, repeats it (with its rows in
// another order each time, as a map-built batch comes) and compares the
// whole graph with that of a clean run, node by node and edge by edge.
// Most interruptions cut every connection through a proxy and refuse new
// ones for longer than the store retries; a few kill the server itself
// (SIGKILL) and restart it on the same data. COLINEAGE_FAULT_TRIALS sets
// the number of random moments (20).
func TestFaultResumeMatchesCleanRun(t *testing.T) {
	serverConfig(t)
	if testing.Short() {
		t.Skip("starts and kills its own Neo4j server; skipped with -short")
	}
	trials := 20
	if v := os.Getenv("COLINEAGE_FAULT_TRIALS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "COLINEAGE_FAULT_TRIALS")
		trials = n
	}
	srv := &server{dir: launcherDir(t), runDir: t.TempDir(), port: freePort(t)}
	srv.start(t)
	t.Cleanup(srv.stop)
	proxy := newCutter(t, "127.0.0.1:"+strconv.Itoa(srv.port))

	ctx := context.Background()
	const batchSize = 150
	b := resumeBatch(240, 3)
	// st writes the clean run and the repeats with one writer and the
	// default timeouts; fast makes the interrupted writes with two writers
	// (a deadlock between them is one more interruption) and gives up a
	// second after the cut.
	st, err := Open(ctx, Config{URI: proxy.uri(), BatchSize: batchSize})
	require.NoError(t, err)
	defer st.Close(ctx)
	fast, err := Open(ctx, Config{URI: proxy.uri(), BatchSize: batchSize, Writers: 2, RetryTime: time.Second,
		AcquireTimeout: 5 * time.Second, ConnectTimeout: time.Second})
	require.NoError(t, err)
	defer fast.Close(ctx)
	rng := rand.New(rand.NewPCG(19, 2026))

	began := time.Now()
	require.NoError(t, st.Upsert(ctx, shuffled(b, rng)))
	clean := time.Since(began)
	wantN, wantE := graphDigest(ctx, t, st)
	nodes, edges := foldNodes(b.Nodes), foldEdges(b.Edges)
	parts := len(split(nodes, edges, batchSize))
	require.Greater(t, parts, 5, "the batch is split")
	t.Logf("clean run: %d nodes, %d edges in %d sub-batches, %s", len(wantN), len(wantE), parts, clean.Round(time.Millisecond))

	type trial struct {
		name  string
		after int           // cut after this many sub-batches committed
		delay time.Duration // and this long after that (or after the start)
		kill  bool          // kill the server instead of cutting the proxy
	}
	var plan []trial
	for k := 1; k < parts; k++ {
		plan = append(plan, trial{name: fmt.Sprintf("after sub-batch %d of %d", k, parts), after: k})
	}
	// Random moments: some way into the sub-batch after a random number
	// of commits (all but the last), so that the cut lands inside a
	// transaction or its commit.
	// The moments are fractions of a sub-batch's time, measured here on a
	// warm server: on an idle machine the whole batch takes a tenth of a
	// second, under load many seconds.
	require.NoError(t, wipe(ctx, st))
	began = time.Now()
	require.NoError(t, fast.Upsert(ctx, shuffled(b, rng)))
	perPart := max(time.Since(began)/time.Duration(parts), time.Millisecond)
	t.Logf("warm run: %s a sub-batch", perPart.Round(time.Millisecond))
	for i := range trials {
		k, d := rng.IntN(parts-1), time.Duration(rng.Int64N(int64(perPart/2+1)))
		plan = append(plan, trial{name: fmt.Sprintf("random %d: %s after sub-batch %d", i+1, d.Round(time.Millisecond), k), after: k, delay: d})
	}
	plan = append(plan,
		trial{name: "kill after sub-batch 2", after: 2, kill: true},
		trial{name: "kill at a random moment", after: rng.IntN(parts), delay: time.Duration(rng.Int64N(int64(perPart))), kill: true})

	var interrupted, failed int
	for _, tr := range plan {
		require.NoError(t, wipe(ctx, st), tr.name)
		var commits atomic.Int64
		var fired atomic.Bool
		fire := func() {
			if fired.Swap(true) {
				return
			}
			if tr.kill {
				assert.NoError(t, syscall.Kill(srv.pid, syscall.SIGKILL)) // off the test goroutine: no FailNow
				return
			}
			proxy.cut()
		}
		var timers sync.WaitGroup
		arm := func() {
			if tr.delay == 0 {
				fire()
				return
			}
			timers.Add(1)
			time.AfterFunc(tr.delay, func() { fire(); timers.Done() })
		}
		fast.committed = func() {
			if commits.Add(1) == int64(tr.after) {
				arm()
			}
		}
		if tr.after == 0 {
			arm()
		}
		start := time.Now()
		err := fast.Upsert(ctx, shuffled(b, rng))
		took := time.Since(start)
		// interrupted: the fault came while the Upsert still ran (a late
		// timer fires after it returned, harming nothing)
		cutIn := fired.Load()
		timers.Wait()
		fast.committed = nil
		if cutIn {
			interrupted++
		}
		t.Logf("%s: interrupted %v, Upsert took %s, error: %v", tr.name, cutIn, took.Round(time.Millisecond), err)
		if err != nil {
			failed++
			require.Less(t, took, 30*time.Second, "%s: a dead server is reported within seconds: %v", tr.name, err)
		}
		if tr.kill && fired.Load() {
			for i := 0; i < 200 && syscall.Kill(srv.pid, 0) == nil; i++ {
				time.Sleep(50 * time.Millisecond)
			}
			srv.start(t)
		}
		proxy.up()
		require.NoError(t, st.Upsert(ctx, shuffled(b, rng)), "%s: repeating the batch", tr.name)
		gotN, gotE := graphDigest(ctx, t, st)
		sameGraph(t, tr.name, wantN, wantE, gotN, gotE)
		require.NoError(t, st.Upsert(ctx, shuffled(b, rng)), "%s: repeating it again", tr.name)
		gotN, gotE = graphDigest(ctx, t, st)
		sameGraph(t, tr.name+", repeated again", wantN, wantE, gotN, gotE)
	}
	t.Logf("%d trials: %d interrupted, %d Upserts failed and were resumed", len(plan), interrupted, failed)
	require.Greater(t, interrupted, len(plan)/2, "most trials interrupt the write")
	require.Greater(t, failed, len(plan)/4, "many interrupted writes fail (and are resumed)")
}
