package neo4j

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// launcherDir returns the testserver directory with a built launcher, or
// skips: NEO4J_TESTSERVER_DIR names it, else ./testserver is used when its
// jar has been built (start.sh builds it).
func launcherDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NEO4J_TESTSERVER_DIR")
	if dir == "" {
		dir = "testserver"
	}
	if _, err := os.Stat(filepath.Join(dir, "target", "testserver.jar")); err != nil {
		t.Skipf("no built Neo4j test server launcher in %s (set NEO4J_TESTSERVER_DIR or run testserver/start.sh once): %v", dir, err)
	}
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	return abs
}

// server is a Neo4j started by this test with testserver/start.sh.
type server struct {
	dir, runDir string
	port        int
	extra       []string // more start.sh arguments
	uri         string
	pid         int
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func (s *server) start(t *testing.T) {
	t.Helper()
	args := append([]string{"--port", strconv.Itoa(s.port), "--run-dir", s.runDir}, s.extra...)
	cmd := exec.Command(filepath.Join(s.dir, "start.sh"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "start.sh: %s", stderr.String())
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "NEO4J_URI":
			s.uri = v
		case "NEO4J_TESTSERVER_PID":
			pid, err := strconv.Atoi(v)
			require.NoError(t, err)
			s.pid = pid
		}
	}
	require.NotEmpty(t, s.uri, "start.sh printed no NEO4J_URI: %s", stdout.String())
	require.NotZero(t, s.pid, "start.sh printed no pid: %s", stdout.String())
}

func (s *server) stop() {
	_ = exec.Command(filepath.Join(s.dir, "stop.sh"), "--run-dir", s.runDir).Run()
}

// faultBatch is a lineage-shaped batch: nodes columns, each deriving from
// the next five (mod nodes), one observation per edge.
func faultBatch(nodes, fanout int) graphstore.Batch {
	b := graphstore.Batch{Key: "fault-test-batch"}
	id := func(i int) string { return fmt.Sprintf("db.s.t%04d.c%d", i/10, i%10) }
	for i := range nodes {
		b.Nodes = append(b.Nodes, graphstore.Node{ID: id(i), Kind: "Column", Props: map[string]any{"pos": int64(i % 10)}})
	}
	seen := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range nodes {
		for k := 1; k <= fanout; k++ {
			b.Edges = append(b.Edges, graphstore.Edge{From: id((i + k) % nodes), To: id(i), Kind: "DERIVES",
				LastSeen: seen.Add(time.Duration(i%48) * time.Hour), Count: 1})
		}
	}
	return b
}

// TestFaultKillDuringBatchedUpsert kills the server (SIGKILL) in the middle
// of a large batched upsert, starts it again on the same data, repeats the
// upsert and checks that the graph is exactly the expected one: no edge lost,
// none doubled, every count 1.
func TestFaultKillDuringBatchedUpsert(t *testing.T) {
	serverConfig(t)
	if testing.Short() {
		t.Skip("starts and kills its own Neo4j server; skipped with -short")
	}
	srv := &server{dir: launcherDir(t), runDir: t.TempDir(), port: freePort(t)}
	srv.start(t)
	t.Cleanup(srv.stop)

	const nodes, fanout = 10000, 5
	b := faultBatch(nodes, fanout)
	wantEdges := int64(nodes * fanout)
	ctx := context.Background()
	st, err := Open(ctx, Config{URI: srv.uri, BatchSize: 1000, Writers: 2})
	require.NoError(t, err)
	defer st.Close(ctx)
	watcher, err := Open(ctx, Config{URI: srv.uri})
	require.NoError(t, err)
	defer watcher.Close(ctx)

	done := make(chan error, 1)
	began := time.Now()
	go func() { done <- st.Upsert(ctx, b) }()

	// Kill once some but not all edge sub-batches have committed.
	var atKill graphstore.Counts
	var killed atomic.Bool
	deadline := time.Now().Add(2 * time.Minute)
	for !killed.Load() && time.Now().Before(deadline) {
		c, err := watcher.Counts(ctx)
		require.NoError(t, err)
		if c.Edges >= wantEdges/5 {
			require.NoError(t, syscall.Kill(srv.pid, syscall.SIGKILL))
			killed.Store(true)
			atKill = c
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the upsert finished (err %v) before the server could be killed; counts %+v", err, c)
		case <-time.After(20 * time.Millisecond):
		}
	}
	require.True(t, killed.Load(), "the upsert made no progress in time")
	t.Logf("killed the server %s into the upsert, at %+v", time.Since(began).Round(time.Millisecond), atKill)
	require.Less(t, atKill.Edges, wantEdges, "killed in the middle")

	// Start it again on the same data directory (crash recovery runs). The
	// interrupted Upsert may finish through the driver's retries or fail;
	// either way repeating the batch must leave the expected graph.
	for i := 0; i < 200 && syscall.Kill(srv.pid, 0) == nil; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	restart := time.Now()
	srv.start(t)
	t.Logf("restarted in %s", time.Since(restart).Round(time.Millisecond))
	firstErr := <-done
	t.Logf("interrupted upsert returned: %v", firstErr)
	require.NoError(t, st.Upsert(ctx, b), "repeating the batch")
	require.NoError(t, st.Upsert(ctx, b), "repeating it once more is a no-op")

	c, err := st.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, graphstore.Counts{Nodes: nodes, Edges: wantEdges}, c)
	res, err := st.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, `MATCH (:Node)-[r:DERIVES]->(:Node)
RETURN count(r), sum(r.count), min(r.count), max(r.count)`, nil)
	})
	require.NoError(t, err)
	vals := res.([]*neo4j.Record)[0].Values
	assert.Equal(t, []any{wantEdges, wantEdges, int64(1), int64(1)}, vals, "count, sum, min and max of edge counts")
	for _, e := range []graphstore.Edge{b.Edges[0], b.Edges[len(b.Edges)/2], b.Edges[len(b.Edges)-1]} {
		got, err := st.Edge(ctx, e.From, e.To, e.Kind)
		require.NoError(t, err)
		assert.Equal(t, int64(1), got.Count)
		assert.Equal(t, e.LastSeen, got.LastSeen)
	}
}
