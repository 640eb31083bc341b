// Package neo4j is a graphstore.Store on a Neo4j server (5.x), spoken to
// over Bolt with github.com/neo4j/neo4j-go-driver/v5.
//
// Open connects, checks the server and creates the uniqueness constraints
// the store relies on:
//
//	s, err := neo4j.Open(ctx, neo4j.Config{URI: "neo4j+s://db.example.com", User: "neo4j", Password: pw})
//	if err != nil { ... }
//	defer s.Close(ctx)
//	err = s.Upsert(ctx, graphstore.Batch{Key: "log-2026-11-01#0", Nodes: nodes, Edges: edges})
//
// # Data model
//
// Every node carries the label Node and a label named by its kind (a
// graphstore.ValidName); its properties are id, kind and tags, and each
// user property k is stored as "p_k", so user keys can never collide with
// the store's own. An edge is a relationship whose type is the edge kind,
// with count, firstSeen and lastSeen (Neo4j datetimes in UTC) and the user
// properties prefixed the same way. A keyed batch leaves a node labelled
// GraphstoreBatch with a unique key. Labels and relationship types cannot be
// query parameters in Cypher: they are written into query text only after
// graphstore.ValidName accepted them (the allow-list), and every value
// travels as a parameter.
//
// # Writes
//
// Upsert sends UNWIND $rows batches with MERGE, one query per node kind and
// per edge kind, inside a managed write transaction, so the driver retries
// transient errors (deadlocks, leader changes, lost connections). A keyed
// batch records its key in the same transaction, so a retried or repeated
// batch is a no-op. A batch larger than Config.BatchSize rows is written as
// several transactions, see Store.Upsert for how atomicity holds then.
//
// # Reads
//
// Traverse is one Cypher query: a variable-length match bounded by MaxDepth
// that Neo4j plans as a pruning breadth-first expansion (each node is
// reached once, at its minimum depth), with the edges of the subgraph
// gathered by a pattern comprehension in the same query.
//
// Counts reads Neo4j's count store, which counts every relationship of the
// database: give the store a database of its own (Neo4j Community has one
// user database; Enterprise can create more).
//
// # Tests
//
// The tests run against a real server named by NEO4J_URI (and NEO4J_USER,
// NEO4J_PASSWORD) and skip without one; testserver/start.sh builds and
// starts an embedded Neo4j Community for them (see testserver/README.md).
//
// # TLS
//
// The URI scheme picks the transport, as the driver defines it: bolt:// and
// neo4j:// are plain, bolt+s:// and neo4j+s:// use TLS verified against the
// system roots (or Config.TLSConfig's RootCAs), bolt+ssc:// and neo4j+ssc://
// accept a self-signed certificate. neo4j:// schemes route in a cluster.
// TestTLS checks each against a test server that requires TLS.
package neo4j

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/colineage/colineage/graphstore"
)

// DefaultBatchSize is the number of rows (nodes plus edges) written in one
// transaction when Config.BatchSize is zero.
const DefaultBatchSize = 5000

// Config says where the server is and how to log in.
type Config struct {
	// URI is the server address, e.g. bolt://127.0.0.1:7687 or
	// neo4j+s://db.example.com (see the package doc on TLS).
	URI string
	// User and Password log in with basic auth; an empty User means no
	// auth (a server with auth disabled).
	User, Password string
	// Database names the database; empty means the server's default.
	Database string
	// BatchSize caps the rows written in one transaction
	// (DefaultBatchSize when zero).
	BatchSize int
	// Writers is how many sub-batches of one large batch are written at
	// once (1 when zero). Neo4j runs each query on one thread, so 2 can
	// nearly double the throughput of large batches on an otherwise idle
	// server; concurrent sub-batches that lock the same nodes may deadlock,
	// which Neo4j detects and the driver retries.
	Writers int
	// TLSConfig, when set, is used for +s and +ssc schemes, for instance
	// to trust a private CA through its RootCAs. The driver derives
	// ServerName and InsecureSkipVerify from the URI.
	TLSConfig *tls.Config
	// ConnectTimeout bounds opening one connection
	// (DefaultConnectTimeout when zero).
	ConnectTimeout time.Duration
	// AcquireTimeout bounds waiting for a connection from the pool or a
	// new one (DefaultAcquireTimeout when zero).
	AcquireTimeout time.Duration
	// RetryTime bounds how long a transaction is retried after transient
	// errors (deadlocks, lost connections) before the call fails
	// (DefaultRetryTime when zero). A server that died is reported after
	// about this long.
	RetryTime time.Duration
}

// Defaults of the Config timeouts: a server that is gone is reported
// within seconds (the driver's own defaults add up to about a minute),
// while a deadlock between concurrent writers still has time to clear.
const (
	DefaultConnectTimeout = 5 * time.Second
	DefaultAcquireTimeout = 10 * time.Second
	DefaultRetryTime      = 10 * time.Second
)

// ConfigFromEnv reads a Config from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
// and NEO4J_DATABASE. It reports false when NEO4J_URI is unset or empty.
func ConfigFromEnv() (Config, bool) {
	c := Config{
		URI:      os.Getenv("NEO4J_URI"),
		User:     os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	return c, c.URI != ""
}

var schemes = map[string]bool{
	"bolt": true, "bolt+s": true, "bolt+ssc": true,
	"neo4j": true, "neo4j+s": true, "neo4j+ssc": true,
}

// check validates the configuration without connecting; errors wrap
// graphstore.ErrInvalid.
func (c Config) check() error {
	u, err := url.Parse(c.URI)
	if err != nil {
		return fmt.Errorf("neo4j: URI: %w: %v", graphstore.ErrInvalid, err)
	}
	if !schemes[u.Scheme] {
		return fmt.Errorf("neo4j: URI %q: %w: scheme %q (want bolt, neo4j, with +s or +ssc for TLS)",
			redact(u), graphstore.ErrInvalid, u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("neo4j: URI %q: %w: no host", redact(u), graphstore.ErrInvalid)
	}
	if u.User != nil {
		return fmt.Errorf("neo4j: URI %q: %w: credentials go in Config.User and Config.Password",
			redact(u), graphstore.ErrInvalid)
	}
	if c.Password != "" && c.User == "" {
		return fmt.Errorf("neo4j: %w: a password without a user", graphstore.ErrInvalid)
	}
	if c.BatchSize < 0 || c.Writers < 0 {
		return fmt.Errorf("neo4j: %w: negative BatchSize or Writers", graphstore.ErrInvalid)
	}
	if c.ConnectTimeout < 0 || c.AcquireTimeout < 0 || c.RetryTime < 0 {
		return fmt.Errorf("neo4j: %w: negative ConnectTimeout, AcquireTimeout or RetryTime", graphstore.ErrInvalid)
	}
	return nil
}

// encrypted reports whether the URI's scheme uses TLS.
func (c Config) encrypted() bool {
	u, err := url.Parse(c.URI)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc":
		return true
	}
	return false
}

func redact(u *url.URL) string {
	v := *u
	v.User = nil
	return v.String()
}

func (c Config) auth() neo4j.AuthToken {
	if c.User == "" {
		return neo4j.NoAuth()
	}
	return neo4j.BasicAuth(c.User, c.Password, "")
}

func (c Config) newDriver() (neo4j.DriverWithContext, error) {
	return neo4j.NewDriverWithContext(c.URI, c.auth(), func(dc *config.Config) {
		if c.TLSConfig != nil {
			dc.TlsConfig = c.TLSConfig
		}
		dc.UserAgent = "colineage-graphstore"
		dc.SocketConnectTimeout = orDefault(c.ConnectTimeout, DefaultConnectTimeout)
		dc.ConnectionAcquisitionTimeout = orDefault(c.AcquireTimeout, DefaultAcquireTimeout)
		dc.MaxTransactionRetryTime = orDefault(c.RetryTime, DefaultRetryTime)
	})
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// Store is a graphstore.Store on a Neo4j database. It is safe for
// concurrent use; each call runs in its own session.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	batchSize int
	writers   int
	closed    atomic.Bool
	// committed, when set (by tests), is called after each sub-batch of a
	// split Upsert commits.
	committed func()
}

var _ graphstore.Store = (*Store)(nil)

// Open connects to the server, verifies connectivity and creates the
// uniqueness constraints on Node.id and GraphstoreBatch.key when they are
// missing. Configuration errors wrap graphstore.ErrInvalid.
func Open(ctx context.Context, c Config) (*Store, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	d, err := c.newDriver()
	if err != nil {
		return nil, fmt.Errorf("neo4j: open: %w", err)
	}
	s := &Store{driver: d, database: c.Database, batchSize: c.BatchSize, writers: max(1, c.Writers)}
	if s.batchSize == 0 {
		s.batchSize = DefaultBatchSize
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("neo4j: connect: %w", err)
	}
	if err := s.createSchema(ctx); err != nil {
		_ = d.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return s, nil
}

// Close releases the driver's connections. Later calls fail with
// graphstore.ErrClosed; closing twice is not an error.
func (s *Store) Close(ctx context.Context) error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4j: close: %w", err)
	}
	return nil
}

// begin checks that the store is open and ctx is not done.
func (s *Store) begin(ctx context.Context, op string) error {
	if s.closed.Load() {
		return fmt.Errorf("neo4j: %s: %w", op, graphstore.ErrClosed)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("neo4j: %s: %w", op, err)
	}
	return nil
}

// fail wraps a driver error, adding ctx.Err() when the context ended so
// callers can test for context.Canceled.
func fail(ctx context.Context, op string, err error) error {
	var ours *opError
	if errors.As(err, &ours) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("neo4j: %s: %w (%w)", op, cerr, err)
	}
	return fmt.Errorf("neo4j: %s: %w", op, err)
}

// opError is an error the store made itself inside a transaction function;
// fail passes it through unwrapped again.
type opError struct{ err error }

func (e *opError) Error() string { return e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName:    s.database,
		AccessMode:      mode,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
}

// read runs fn in a managed read transaction.
func (s *Store) read(ctx context.Context, fn func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	return sess.ExecuteRead(ctx, fn)
}

// write runs fn in a managed write transaction; the driver retries it on
// transient errors, so fn must be safe to run again.
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	return sess.ExecuteWrite(ctx, fn)
}

// createSchema creates each constraint in its own transaction (schema and
// data changes cannot share one) and waits for the indexes to come online.
func (s *Store) createSchema(ctx context.Context) error {
	stmts := []string{
		"CREATE CONSTRAINT graphstore_node_id IF NOT EXISTS FOR (n:" + nodeLabel + ") REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT graphstore_batch_key IF NOT EXISTS FOR (b:" + batchLabel + ") REQUIRE b.key IS UNIQUE",
	}
	for _, q := range stmts {
		if _, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return run(ctx, tx, q, nil)
		}); err != nil {
			return fail(ctx, "create schema", err)
		}
	}
	if _, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return run(ctx, tx, "CALL db.awaitIndexes(300)", nil)
	}); err != nil {
		return fail(ctx, "await indexes", err)
	}
	return nil
}

// run executes a query and drains its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, q string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}
