// Package neo4jtest gives tests of several packages safe use of the one
// Neo4j test server that CI starts (graphstore/neo4j/testserver).
//
// Neo4j Community has one user database, and `go test ./...` runs packages
// in parallel: a test that wipes the database must not run while another
// package's test writes to it. Lock takes a machine-wide lock for the
// server named by NEO4J_URI for the rest of the test:
//
//	func TestOnNeo4j(t *testing.T) {
//		cfg := neo4jtest.Lock(t) // skips when NEO4J_URI is unset
//		neo4jtest.Wipe(t)
//		store, err := neo4j.Open(ctx, cfg)
//		...
//	}
package neo4jtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Server is where the test server is, from the environment: NEO4J_URI,
// NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
type Server struct {
	URI, User, Password, Database string
}

// FromEnv reads the server from the environment; ok is false when
// NEO4J_URI is unset.
func FromEnv() (s Server, ok bool) {
	s = Server{
		URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"),
	}
	return s, s.URI != ""
}

// SkipMessage is what tests say when they skip for want of a server.
const SkipMessage = "NEO4J_URI is not set: no Neo4j server to test against " +
	"(start one with graphstore/neo4j/testserver/start.sh and export NEO4J_URI)"

// Lock skips the test when NEO4J_URI is unset; otherwise it waits for
// exclusive use of that server among the processes of this machine and
// keeps it until the test ends.
func Lock(tb testing.TB) Server {
	tb.Helper()
	s, ok := FromEnv()
	if !ok {
		tb.Skip(SkipMessage)
	}
	h := fnv.New64a()
	h.Write([]byte(s.URI + "\x00" + s.Database))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("colineage-neo4j-%x.lock", h.Sum64()))
	unlock, err := lockFile(path)
	if err != nil {
		tb.Fatalf("neo4jtest: lock %s: %v", path, err)
	}
	tb.Cleanup(unlock)
	return s
}

// Wipe deletes everything in the server's database. Call it after Lock.
func Wipe(tb testing.TB) {
	tb.Helper()
	s, ok := FromEnv()
	if !ok {
		tb.Skip(SkipMessage)
	}
	ctx := context.Background()
	auth := neo4j.NoAuth()
	if s.User != "" {
		auth = neo4j.BasicAuth(s.User, s.Password, "")
	}
	drv, err := neo4j.NewDriverWithContext(s.URI, auth)
	if err != nil {
		tb.Fatalf("neo4jtest: %v", err)
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		tb.Fatalf("neo4jtest: wipe: %v", err)
	}
}
