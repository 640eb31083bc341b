package lineage_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// panickingStore panics on its nth Upsert (1-based) and passes the others
// through.
type panickingStore struct {
	*memory.Store
	n     int64
	calls atomic.Int64
}

func (p *panickingStore) Upsert(ctx context.Context, b graphstore.Batch) error {
	if p.calls.Add(1) == p.n {
		panic(fmt.Sprintf("store fault on write %d", p.n))
	}
	return p.Store.Upsert(ctx, b)
}

// settledGoroutines waits (up to a few seconds) for the number of
// goroutines to come back to at most base, and returns the last count.
func settledGoroutines(base int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > base && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}

// requirePanicError checks that err carries a *lineage.PanicError whose
// message names the panic but not its stack, and returns it.
func requirePanicError(t *testing.T, err error, value string) *lineage.PanicError {
	t.Helper()
	require.Error(t, err)
	var pe *lineage.PanicError
	require.True(t, errors.As(err, &pe), "want a *lineage.PanicError, got %T: %v", err, err)
	assert.ErrorIs(t, err, lineage.ErrInternal)
	assert.Contains(t, err.Error(), value)
	assert.NotContains(t, err.Error(), "goroutine", "the stack is kept out of the message")
	assert.NotContains(t, err.Error(), ".go:", "the stack is kept out of the message")
	assert.Contains(t, string(pe.Stack), "goroutine", "the stack is kept for logs")
	return pe
}

// TestEnginePanicInStoreIsAnError makes the store panic on each write in
// turn: the Ingest returns a typed error instead of crashing the process,
// counts only the batches committed before, leaves no goroutine behind,
// and a re-run with the same IngestKey completes the graph exactly as a
// clean run makes it.
func TestEnginePanicInStoreIsAnError(t *testing.T) {
	ctx := context.Background()
	log := resumeLog(120)
	const batch = 20
	key := lineage.IngestKey("panic.log")
	ingest := func(s graphstore.Store) (lineage.Summary, error) {
		eng := lineage.NewEngine(s, nil, lineage.WithBatchSize(batch), lineage.WithWorkers(3))
		return eng.Ingest(ctx, lineage.Statements(log...), key)
	}
	clean := memory.New()
	cleanSum, err := ingest(clean)
	require.NoError(t, err)
	wantN, wantE := storeDigest(t, clean)
	require.Greater(t, cleanSum.Batches, int64(4))

	base := runtime.NumGoroutine()
	for n := int64(1); n <= cleanSum.Batches; n++ {
		name := fmt.Sprintf("panic on write %d of %d", n, cleanSum.Batches)
		store := &panickingStore{Store: memory.New(), n: n}
		sum, err := ingest(store)
		pe := requirePanicError(t, err, fmt.Sprintf("store fault on write %d", n))
		assert.Contains(t, string(pe.Stack), "panickingStore", name)
		assert.EqualValues(t, n-1, sum.Batches, "%s: the Summary counts the committed batches only", name)
		assert.LessOrEqual(t, store.calls.Load(), n+1, "%s: the ingest stops writing after the fault", name)
		assert.LessOrEqual(t, settledGoroutines(base), base, "%s: no goroutine left running", name)

		_, err = ingest(store.Store)
		require.NoError(t, err, name)
		assertSameGraph(t, wantN, wantE, store.Store, name, "the clean run")
	}
}

// panickingSource yields its statements and panics after them.
type panickingSource struct{ lineage.Source }

func (p panickingSource) Next(ctx context.Context) (lineage.Statement, error) {
	st, err := p.Source.Next(ctx)
	if err != nil {
		panic("source fault")
	}
	return st, nil
}

func TestEnginePanicInSourceIsAnError(t *testing.T) {
	base := runtime.NumGoroutine()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithBatchSize(5), lineage.WithWorkers(2))
	stmts := resumeLog(20)
	sum, err := eng.Ingest(context.Background(), panickingSource{lineage.Statements(stmts...)})
	requirePanicError(t, err, "source fault")
	assert.EqualValues(t, len(stmts), sum.Read)
	assert.LessOrEqual(t, settledGoroutines(base), base, "no goroutine left running")
}

func TestEnginePanicInProgressIsAnError(t *testing.T) {
	base := runtime.NumGoroutine()
	calls := 0
	eng := lineage.NewEngine(memory.New(), nil, lineage.WithBatchSize(5), lineage.WithWorkers(2),
		lineage.WithProgress(0, func(lineage.Progress) {
			if calls++; calls == 3 {
				panic("progress fault")
			}
		}))
	_, err := eng.Ingest(context.Background(), lineage.Statements(resumeLog(200)...))
	requirePanicError(t, err, "progress fault")
	assert.LessOrEqual(t, settledGoroutines(base), base, "no goroutine left running")
}

// dependencyPanicCatalog panics when the Engine asks it for the columns a
// cached statement shape depends on (outside the analyzer, which recovers
// on its own), for datasets named like its trigger.
type dependencyPanicCatalog struct {
	*lineage.MemoryCatalog
	trigger string
}

func (c dependencyPanicCatalog) Columns(ctx context.Context, ds lineage.Dataset) ([]string, bool, error) {
	if ds.Name == c.trigger {
		buf := make([]byte, 8<<10)
		if strings.Contains(string(buf[:runtime.Stack(buf, false)]), "(*Engine).dependency") {
			panic("catalog fault")
		}
	}
	return c.MemoryCatalog.Columns(ctx, ds)
}

// TestEnginePanicInWorkerFailsTheStatement: a panic in a worker outside
// the analyzer fails the statement it was working on, and the ingest goes
// on with the others. The panic comes after the analysis of a shape new
// to the cache, so the workers waiting for that analysis are released and
// analyse (and fail) on their own.
func TestEnginePanicInWorkerFailsTheStatement(t *testing.T) {
	ctx := context.Background()
	cat := dependencyPanicCatalog{MemoryCatalog: lineage.NewMemoryCatalog(), trigger: "customers"}
	store := memory.New()
	eng := lineage.NewEngine(store, cat, lineage.WithWorkers(8))
	stmts := ddl()
	for i := range 24 {
		stmts = append(stmts,
			pg(fmt.Sprintf("SELECT email FROM customers WHERE id = %d", i), "bi", "", day1),
			pg(fmt.Sprintf("INSERT INTO orders (amount) SELECT amount FROM orders WHERE id = %d", i), "etl", "", day1))
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	assert.EqualValues(t, 24, sum.Failed[lineage.FailAnalysis], "%v", sum.Errors)
	require.NotEmpty(t, sum.Errors)
	requirePanicError(t, sum.Errors[0], "catalog fault")
	var ie *lineage.IngestError
	require.ErrorAs(t, sum.Errors[0], &ie)
	assert.Contains(t, ie.Error(), "statement ")
	// The other statements are written.
	_, err = store.Edge(ctx, pgColumn(t, "orders", "amount").ID(), pgColumn(t, "orders", "amount").ID(), lineage.EdgeDirect)
	assert.NoError(t, err)
}

// TestRecordPanicInStoreIsAnError: Record turns a panicking store write
// into a *PanicError too, and the next Record writes as usual.
func TestRecordPanicInStoreIsAnError(t *testing.T) {
	ctx := context.Background()
	res, err := lineage.NewAnalyzer(nil).Analyze(ctx, pg("INSERT INTO t2 (a) SELECT amount FROM orders", "", "", time.Time{}))
	require.NoError(t, err)
	store := &panickingStore{Store: memory.New(), n: 1}
	eng := lineage.NewEngine(store, nil)
	ext := lineage.External{Statements: res.Statements, Dialect: "postgres"}
	_, err = eng.Record(ctx, "ext#1", ext)
	requirePanicError(t, err, "store fault on write 1")
	n, err := eng.Record(ctx, "ext#1", ext)
	require.NoError(t, err)
	assert.Positive(t, n)
	c, err := store.Counts(ctx)
	require.NoError(t, err)
	assert.Positive(t, c.Edges)
}

// TestEngineRerunAfterPanicCountsNothingTwice: a statement failed by a
// panic (a fault of the program, not of the input) does not change the
// key of its batch, so running the log again once the fault is gone
// skips the batch the first run committed instead of writing its other
// statements a second time.
func TestEngineRerunAfterPanicCountsNothingTwice(t *testing.T) {
	ctx := context.Background()
	stmts := ddl()
	for i := range 6 {
		stmts = append(stmts,
			pg(fmt.Sprintf("SELECT email FROM customers WHERE id = %d", i), "bi", "", day1),
			pg(fmt.Sprintf("INSERT INTO orders (amount) SELECT amount FROM orders WHERE id = %d", i), "etl", "", day1))
	}
	store := memory.New()
	faulty := dependencyPanicCatalog{MemoryCatalog: lineage.NewMemoryCatalog(), trigger: "customers"}
	sum, err := lineage.NewEngine(store, faulty).Ingest(ctx, lineage.Statements(stmts...), lineage.IngestKey("k"))
	require.NoError(t, err)
	require.EqualValues(t, 6, sum.Failed[lineage.FailAnalysis])
	from, to := pgColumn(t, "orders", "amount").ID(), pgColumn(t, "orders", "amount").ID()
	before, err := store.Edge(ctx, from, to, lineage.EdgeDirect)
	require.NoError(t, err)
	require.EqualValues(t, 6, before.Count)

	sum, err = lineage.NewEngine(store, nil).Ingest(ctx, lineage.Statements(stmts...), lineage.IngestKey("k"))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal())
	after, err := store.Edge(ctx, from, to, lineage.EdgeDirect)
	require.NoError(t, err)
	assert.Equal(t, before.Count, after.Count, "the committed batch is not written again")
}
