package lineage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

var day1 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func pg(sql, user, session string, at time.Time) lineage.Statement {
	return lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres, Context: lineage.Context{
		Database: "shop", Schema: "public", User: user, Session: session, At: at,
	}}
}

func pgColumn(t *testing.T, table, col string) lineage.Column {
	t.Helper()
	p := lineage.PlatformOf(sqlparse.Postgres)
	ds := p.DatasetFromString(table, lineage.Defaults{Database: "shop", Schema: "public"})
	return lineage.Column{Dataset: ds, Name: col}
}

// errSource yields statements and, where a statement is nil, a record that
// could not be read.
type errSource struct {
	items []*lineage.Statement
	i     int
}

func (s *errSource) Next(ctx context.Context) (lineage.Statement, error) {
	if s.i >= len(s.items) {
		return lineage.Statement{}, io.EOF
	}
	s.i++
	if it := s.items[s.i-1]; it != nil {
		return *it, nil
	}
	return lineage.Statement{}, &lineage.InputError{Origin: "test", Record: int64(s.i), Reason: "truncated row"}
}

func ddl() []lineage.Statement {
	return []lineage.Statement{
		pg("CREATE TABLE orders (id int, customer_id int, amount numeric, created_at timestamp)", "etl", "s0", day1),
		pg("CREATE TABLE customers (id int, email varchar(200), country text)", "etl", "s0", day1),
	}
}

func edgeIDs(t *testing.T, s graphstore.Store, from lineage.Column, kinds ...string) []string {
	t.Helper()
	sub, err := s.Traverse(context.Background(), []string{lineage.ColumnNodeID(from)}, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, EdgeKinds: kinds, MaxDepth: 1,
	})
	require.NoError(t, err)
	var out []string
	for _, e := range sub.Edges {
		out = append(out, e.Kind+" "+e.To)
	}
	sort.Strings(out)
	return out
}

func TestEngineIngestWritesColumnLineage(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithWorkers(3))
	stmts := append(ddl(),
		pg("CREATE TABLE revenue AS SELECT c.country, SUM(o.amount) AS total FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country", "etl", "s1", day1),
		pg("CREATE TABLE hashed AS SELECT md5(email) AS email_key FROM customers", "etl", "s1", day1),
		pg("SELECT email FROM customers WHERE id = 42", "alice", "s2", day1.Add(time.Hour)),
		pg("SELECT email FROM customers WHERE id = 43", "alice", "s2", day1.Add(2*time.Hour)),
	)
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	assert.EqualValues(t, 6, sum.Read)
	assert.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)
	assert.EqualValues(t, 6, sum.Analyzed+sum.Cached)

	amount := pgColumn(t, "orders", "amount")
	assert.Equal(t, []string{"DIRECT " + pgColumn(t, "revenue", "total").ID()}, edgeIDs(t, store, amount, lineage.EdgeDirect, lineage.EdgeMasked))
	email := pgColumn(t, "customers", "email")
	assert.Equal(t, []string{"MASKED " + pgColumn(t, "hashed", "email_key").ID()}, edgeIDs(t, store, email, lineage.EdgeDirect, lineage.EdgeMasked))
	// The join key influences the whole target (INDIRECT JOIN).
	assert.Contains(t, edgeIDs(t, store, pgColumn(t, "orders", "customer_id"), lineage.EdgeIndirect),
		"INDIRECT "+lineage.DatasetNodeID(pgColumn(t, "revenue", "total").Dataset))

	// Tracing upstream from the metric reaches the base column in one call.
	tr, err := eng.Trace(ctx, []lineage.Column{pgColumn(t, "revenue", "total")}, lineage.TraceOptions{Direction: graphstore.Upstream})
	require.NoError(t, err)
	n, ok := tr.Node(amount.ID())
	require.True(t, ok)
	assert.Equal(t, 1, n.Depth)
	assert.Equal(t, "shop.public.orders.amount", n.Name)

	// Downstream of e-mail: masked, not raw.
	tr, err = eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream})
	require.NoError(t, err)
	n, ok = tr.Node(pgColumn(t, "hashed", "email_key").ID())
	require.True(t, ok)
	assert.False(t, n.Raw)
	tr, err = eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream, StopAtMasking: true})
	require.NoError(t, err)
	assert.Len(t, tr.Nodes, 1, "only the start: the masked edge is not followed")

	// Who read e-mail: alice twice on one day, etl once (hashing it).
	acc, err := eng.Readers(ctx, email)
	require.NoError(t, err)
	require.Len(t, acc, 2)
	assert.Equal(t, lineage.Access{User: "alice", Day: "2026-11-02", Count: 2, FirstSeen: day1.Add(time.Hour), LastSeen: day1.Add(2 * time.Hour)}, acc[0])
	assert.Equal(t, "etl", acc[1].User)
	assert.EqualValues(t, 1, acc[1].Count)

	// Impact of orders: revenue (table level).
	imp, err := eng.Impact(ctx, amount.Dataset, lineage.TraceOptions{})
	require.NoError(t, err)
	_, ok = imp.Node(lineage.DatasetNodeID(pgColumn(t, "revenue", "total").Dataset))
	assert.True(t, ok)

	// Only normalized text is stored: no literal of the queries.
	q, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeQuery})
	require.NoError(t, err)
	for _, n := range q {
		assert.NotContains(t, n.Props["normalized"], "42")
	}
}

func TestEngineCachesStatementShapes(t *testing.T) {
	ctx := context.Background()
	eng := lineage.NewEngine(memory.New(), nil, lineage.WithWorkers(2))
	stmts := ddl()
	for i := range 50 {
		stmts = append(stmts, pg(fmt.Sprintf("SELECT amount FROM orders WHERE id = %d", i), "bi", fmt.Sprint("c", i%3), day1))
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	assert.EqualValues(t, 52, sum.Read)
	// The shape is analysed once, whichever worker meets it first; the
	// others wait for it and use the cache.
	assert.EqualValues(t, 3, sum.Analyzed)
	assert.EqualValues(t, 49, sum.Cached)
	acc, err := eng.Readers(ctx, pgColumn(t, "orders", "amount"))
	require.NoError(t, err)
	require.Len(t, acc, 1)
	assert.EqualValues(t, 50, acc[0].Count, "cached statements are counted like analysed ones")
}

func TestEngineSessionsKeepOrderAndCollapseTemporaryTables(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithWorkers(4), lineage.WithBatchSize(2))
	stmts := ddl()
	stmts = append(stmts, pg("CREATE TABLE daily (day date, amount numeric)", "etl", "s0", day1))
	for i := range 20 {
		s := fmt.Sprint("etl-", i)
		stmts = append(stmts,
			pg("CREATE TEMP TABLE stage AS SELECT created_at::date AS day, amount FROM orders", "etl", s, day1),
			pg("INSERT INTO daily SELECT day, SUM(amount) FROM stage GROUP BY day", "etl", s, day1),
		)
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	require.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)
	assert.Equal(t, []string{"DIRECT " + pgColumn(t, "daily", "amount").ID()},
		edgeIDs(t, store, pgColumn(t, "orders", "amount"), lineage.EdgeDirect))
	e, err := store.Edge(ctx, pgColumn(t, "orders", "amount").ID(), pgColumn(t, "daily", "amount").ID(), lineage.EdgeDirect)
	require.NoError(t, err)
	assert.EqualValues(t, 20, e.Count)
	found, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeDataset, Props: map[string]any{"name": "stage"}})
	require.NoError(t, err)
	assert.Empty(t, found, "the temporary table is not a node")
}

func TestEngineBadInputIsCountedNotFatal(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithWorkers(2), lineage.WithBatchSize(1))
	good := ddl()
	bad := pg("SELEC amount FROM orders", "bi", "", day1)
	after := pg("CREATE TABLE copy1 AS SELECT amount FROM orders", "etl", "", day1)
	src := &errSource{items: []*lineage.Statement{&good[0], nil, &bad, &good[1], &after}}
	sum, err := eng.Ingest(ctx, src)
	require.NoError(t, err)
	assert.EqualValues(t, 5, sum.Read)
	assert.EqualValues(t, 1, sum.Failed[lineage.FailInput])
	assert.EqualValues(t, 1, sum.Failed[lineage.FailParse], "%+v", sum)
	require.Len(t, sum.Errors, 2)
	var ie *lineage.InputError
	assert.True(t, errors.As(sum.Errors[0], &ie))
	var pe *sqlparse.ParseError
	require.True(t, errors.As(sum.Errors[1], &pe))
	assert.Equal(t, 1, pe.Pos.Line)
	var ing *lineage.IngestError
	require.True(t, errors.As(sum.Errors[1], &ing))
	assert.EqualValues(t, 3, ing.Seq)
	_, err = store.Edge(ctx, pgColumn(t, "orders", "amount").ID(), pgColumn(t, "copy1", "amount").ID(), lineage.EdgeDirect)
	assert.NoError(t, err, "statements after the bad ones are still written")
}

func TestEngineReingestIsIdempotent(t *testing.T) {
	for _, opts := range [][]lineage.IngestOption{nil, {lineage.IngestKey("log-1")}} {
		t.Run(fmt.Sprint("options ", len(opts)), func(t *testing.T) {
			ctx := context.Background()
			store := memory.New()
			stmts := append(ddl(),
				pg("CREATE TABLE t1 AS SELECT amount FROM orders", "etl", "a", day1),
				pg("INSERT INTO t1 SELECT amount FROM orders WHERE id > 10", "etl", "a", day1.Add(time.Hour)),
				pg("SELECT amount FROM t1", "bob", "b", day1),
			)
			ingest := func(stmts []lineage.Statement) graphstore.Counts {
				eng := lineage.NewEngine(store, nil, lineage.WithBatchSize(2))
				_, err := eng.Ingest(ctx, lineage.Statements(stmts...), opts...)
				require.NoError(t, err)
				c, err := store.Counts(ctx)
				require.NoError(t, err)
				return c
			}
			edge := func() graphstore.Edge {
				e, err := store.Edge(ctx, pgColumn(t, "orders", "amount").ID(), pgColumn(t, "t1", "amount").ID(), lineage.EdgeDirect)
				require.NoError(t, err)
				return e
			}
			first := ingest(stmts)
			e1 := edge()
			assert.EqualValues(t, 2, e1.Count)
			assert.Equal(t, first, ingest(stmts))
			assert.Equal(t, e1, edge(), "the same log twice leaves the same graph")

			// A later log with the same statement run again (another
			// time) adds to the count.
			later := pg("INSERT INTO t1 SELECT amount FROM orders WHERE id > 10", "etl", "a", day1.Add(48*time.Hour))
			ingest([]lineage.Statement{later})
			e2 := edge()
			assert.EqualValues(t, 3, e2.Count)
			assert.Equal(t, day1.Add(48*time.Hour), e2.LastSeen)
			assert.Equal(t, e1.FirstSeen, e2.FirstSeen)
		})
	}
}

func TestEngineProgressAndCancel(t *testing.T) {
	var calls atomic.Int64
	var last lineage.Progress
	eng := lineage.NewEngine(memory.New(), nil, lineage.WithProgress(time.Nanosecond, func(p lineage.Progress) {
		calls.Add(1)
		last = p
	}))
	_, err := eng.Ingest(context.Background(), lineage.Statements(ddl()...))
	require.NoError(t, err)
	assert.Positive(t, calls.Load())
	assert.EqualValues(t, 2, last.Read)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = eng.Ingest(ctx, lineage.Statements(ddl()...))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEngineCacheFollowsTheCatalog(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithWorkers(2))
	stmts := append(ddl(),
		pg("CREATE TABLE wide AS SELECT * FROM orders WHERE id = 1", "etl", "", day1),
		pg("INSERT INTO wide SELECT * FROM orders WHERE id = 2", "etl", "", day1),
		pg("CREATE TABLE unrelated (x int)", "etl", "", day1),
		pg("INSERT INTO wide SELECT * FROM orders WHERE id = 3", "etl", "", day1),
		pg("ALTER TABLE orders ADD COLUMN discount numeric", "etl", "", day1),
		pg("ALTER TABLE wide ADD COLUMN discount numeric", "etl", "", day1),
		pg("INSERT INTO wide SELECT * FROM orders WHERE id = 4", "etl", "", day1),
	)
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	// The INSERT after an unrelated CREATE comes from the cache; the one
	// after orders changed is analysed again and sees the new column.
	assert.EqualValues(t, 1, sum.Cached)
	_, err = store.Edge(ctx, pgColumn(t, "orders", "discount").ID(), pgColumn(t, "wide", "discount").ID(), lineage.EdgeDirect)
	assert.NoError(t, err, "SELECT * after ALTER .. ADD COLUMN expands to the new column")
}

func TestEngineTagsAndDashboards(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil)
	_, err := eng.Ingest(ctx, lineage.Statements(append(ddl(),
		pg("CREATE TABLE audience AS SELECT email, country FROM customers", "crm", "", day1))...))
	require.NoError(t, err)
	email := pgColumn(t, "customers", "email")
	require.NoError(t, eng.TagColumns(ctx, map[lineage.Column][]string{email: {"pii"}}))
	require.NoError(t, eng.TagColumns(ctx, map[lineage.Column][]string{email: {"contact"}}))
	tagged, err := eng.Tagged(ctx, "pii")
	require.NoError(t, err)
	require.Len(t, tagged, 1)
	assert.Equal(t, email.ID(), tagged[0].ID)
	assert.ElementsMatch(t, []string{"pii", "contact"}, tagged[0].Tags, "tags accumulate")
	n, err := store.Node(ctx, lineage.DatasetNodeID(email.Dataset))
	require.NoError(t, err)
	assert.Equal(t, "table", n.Props["kind"], "tagging keeps the dataset's kind")

	audience := pgColumn(t, "audience", "email").Dataset
	dash := lineage.Dataset{Platform: "dbt", Schema: "shop", Name: "crm_report"}
	require.NoError(t, eng.AddDashboards(ctx, lineage.Dashboard{Dataset: dash, Owner: "crm@example.com", Reads: []lineage.Dataset{audience}}))
	imp, err := eng.Impact(ctx, email.Dataset, lineage.TraceOptions{})
	require.NoError(t, err)
	node, ok := imp.Node(lineage.DatasetNodeID(dash))
	require.True(t, ok, "the dashboard is downstream of customers")
	assert.Equal(t, 2, node.Depth)
}

// failingStore refuses every write after the first n.
type failingStore struct {
	*memory.Store
	n     int
	calls int
}

var errRefused = errors.New("store refused the write")

func (f *failingStore) Upsert(ctx context.Context, b graphstore.Batch) error {
	f.calls++
	if f.calls > f.n {
		return errRefused
	}
	return f.Store.Upsert(ctx, b)
}

func TestEngineStoreFailureStopsAndKeepsWhatWasWritten(t *testing.T) {
	ctx := context.Background()
	store := &failingStore{Store: memory.New(), n: 1}
	eng := lineage.NewEngine(store, nil, lineage.WithBatchSize(3))
	stmts := append(ddl(), pg("CREATE TABLE t1 AS SELECT amount FROM orders", "etl", "", day1))
	for i := range 10 {
		stmts = append(stmts, pg(fmt.Sprintf("INSERT INTO t1 SELECT amount FROM orders WHERE id = %d", i), "etl", "", day1))
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.ErrorIs(t, err, errRefused)
	assert.Positive(t, sum.Read)
	// The first batch (the two CREATE TABLEs and the CTAS) stays written.
	_, err = store.Edge(ctx, pgColumn(t, "orders", "amount").ID(), pgColumn(t, "t1", "amount").ID(), lineage.EdgeDirect)
	assert.NoError(t, err)
}

// TestEdgeSubtypeDoesNotDependOnOrder: two statement shapes write the same
// column edge, one copying e-mail and one transforming it. The edge's
// subtype is that of the latest occurrence whatever order the log holds
// them in and however it is cut into batches: compliance reads IDENTITY as
// a raw copy. Without times, occurrences in one batch keep the more direct
// subtype; across batches the later write wins, as the stores decide ties.
func TestEdgeSubtypeDoesNotDependOnOrder(t *testing.T) {
	ctx := context.Background()
	email := pgColumn(t, "customers", "email")
	contact := pgColumn(t, "contacts", "email")
	subtype := func(t *testing.T, stmts []lineage.Statement, batch int) any {
		t.Helper()
		store := memory.New()
		eng := lineage.NewEngine(store, nil, lineage.WithBatchSize(batch), lineage.WithWorkers(1))
		all := append(ddl(), pg("CREATE TABLE contacts (email text)", "etl", "s0", day1))
		sum, err := eng.Ingest(ctx, lineage.Statements(append(all, stmts...)...))
		require.NoError(t, err)
		require.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)
		sub, err := store.Traverse(ctx, []string{lineage.ColumnNodeID(email)}, graphstore.TraverseOptions{
			Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeDirect}})
		require.NoError(t, err)
		for _, e := range sub.Edges {
			if e.To == lineage.ColumnNodeID(contact) {
				return e.Props["subtype"]
			}
		}
		t.Fatalf("no DIRECT edge %s -> %s", email.ID(), contact.ID())
		return nil
	}
	for _, tc := range []struct {
		name       string
		copyAt, tx time.Time
		batches    []int
		want       string
	}{
		{"the transformation is the latest", day1.Add(time.Hour), day1.Add(2 * time.Hour), []int{1, 1000}, "TRANSFORMATION"},
		{"the copy is the latest", day1.Add(2 * time.Hour), day1.Add(time.Hour), []int{1, 1000}, "IDENTITY"},
		{"no times, one batch: the more direct", time.Time{}, time.Time{}, []int{1000}, "IDENTITY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cp := pg("INSERT INTO contacts SELECT email FROM customers", "etl", "s1", tc.copyAt)
			tx := pg("INSERT INTO contacts SELECT lower(email) FROM customers", "etl", "s1", tc.tx)
			for _, batch := range tc.batches {
				assert.Equal(t, tc.want, subtype(t, []lineage.Statement{cp, tx}, batch), "copy first, batch %d", batch)
				assert.Equal(t, tc.want, subtype(t, []lineage.Statement{tx, cp}, batch), "transformation first, batch %d", batch)
			}
		})
	}
}
