package neo4j

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/neo4j/neo4jtest"
	"github.com/colineage/colineage/graphstore/storetest"
)

// serverConfig returns the configuration of the test server named by
// NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), or skips.
func serverConfig(tb testing.TB) Config {
	tb.Helper()
	c, ok := ConfigFromEnv()
	if !ok {
		tb.Skip("NEO4J_URI is not set: no Neo4j server to test against " +
			"(start one with graphstore/neo4j/testserver/start.sh and export NEO4J_URI)")
	}
	return c
}

// lockServer skips without a server, and otherwise holds the machine-wide
// lock on the shared test server (neo4jtest.Lock) until the test ends, so
// tests of other packages that wipe it (go test ./... runs packages in
// parallel) wait. Top-level tests and benchmarks take it once; subtests
// must not take it again.
func lockServer(tb testing.TB) Config {
	tb.Helper()
	c := serverConfig(tb)
	neo4jtest.Lock(tb)
	return c
}

// openEmpty opens a store on the test server and deletes everything in
// its database. The caller holds lockServer; the tests of this package
// share that database, so they never run in parallel.
func openEmpty(tb testing.TB) *Store {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, serverConfig(tb))
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close(context.Background()) })
	require.NoError(tb, wipe(ctx, s))
	return s
}

// wipe deletes every node and relationship, in transactions of 10k nodes
// so a large benchmark graph does not need one huge transaction.
func wipe(ctx context.Context, s *Store) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func TestConformance(t *testing.T) {
	lockServer(t)
	storetest.Run(t, func(t *testing.T) graphstore.Store { return openEmpty(t) })
}

// TestConformanceSplitBatches runs the suite with sub-batches of three
// rows written by two writers, so nearly every batch takes the split path
// (endpoint pre-check, derived keys, concurrent edge sub-batches).
func TestConformanceSplitBatches(t *testing.T) {
	cfg := lockServer(t)
	cfg.BatchSize, cfg.Writers = 3, 2
	storetest.Run(t, func(t *testing.T) graphstore.Store {
		openEmpty(t) // wipes the database
		split, err := Open(context.Background(), cfg)
		require.NoError(t, err)
		t.Cleanup(func() { _ = split.Close(context.Background()) })
		return split
	})
}
