package lineage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/sqlparse"
)

// Engine ties an Analyzer and a graphstore.Store: Ingest reads statements
// from a Source, analyses them and writes the lineage graph; Trace and its
// siblings answer questions from the graph.
//
//	eng := lineage.NewEngine(memory.New(), nil)
//	sum, err := eng.Ingest(ctx, reader)
//	tr, err := eng.Trace(ctx, col, lineage.TraceOptions{Direction: graphstore.Upstream})
//
// An Engine is safe for concurrent use, but two Ingests into one store
// interleave their writes.
type Engine struct {
	analyzer *Analyzer
	store    graphstore.Store
	cfg      engineConfig
	fp       *sqlparse.Fingerprinter
	seed     maphash.Seed
	// cache maps a statement shape in its context to its graph fragment;
	// cached counts its entries and cachedBytes estimates their memory
	// (see shapecache.go).
	cache       sync.Map // cacheKey -> *cached
	cached      atomic.Int64
	cachedBytes atomic.Int64
	// flights maps a shape being analysed for the cache to its *flight.
	flights sync.Map
}

type engineConfig struct {
	workers     int
	batchSize   int
	maxErrors   int
	maxSessions int
	progress    func(Progress)
	every       time.Duration
	analyzer    []Option
	rawErrors   bool
	// shapeCache and shapeBytes bound the shape cache when set
	// (shapecache.go).
	shapeCache    int
	shapeCacheSet bool
	shapeBytes    int64
	shapeBytesSet bool
}

// EngineOption configures an Engine.
type EngineOption func(*engineConfig)

// WithWorkers sets how many statements are analysed in parallel (default:
// the number of CPUs). Statements of one session always run in order.
func WithWorkers(n int) EngineOption {
	return func(c *engineConfig) {
		if n > 0 {
			c.workers = n
		}
	}
}

// WithBatchSize sets how many statements make one write to the store
// (default 20,000). Statements are aggregated: a batch holds each node and
// edge once, so larger batches write less; a store splits a large batch
// into transactions of its own size.
func WithBatchSize(n int) EngineOption {
	return func(c *engineConfig) {
		if n > 0 {
			c.batchSize = n
		}
	}
}

// WithMaxErrors sets how many errors a Summary keeps (default 100); all are
// counted.
func WithMaxErrors(n int) EngineOption {
	return func(c *engineConfig) { c.maxErrors = n }
}

// WithProgress calls fn about every interval during an Ingest, and once at
// the end.
func WithProgress(interval time.Duration, fn func(Progress)) EngineOption {
	return func(c *engineConfig) {
		c.progress = fn
		c.every = interval
	}
}

// WithRawErrorText makes the Summary's errors quote the statements as
// written. By default an error shows the statement's text normalized, each
// literal as '?': logged queries hold personal data in their literals, and
// errors get logged. Use it only where the reader may see that data.
func WithRawErrorText() EngineOption {
	return func(c *engineConfig) { c.rawErrors = true }
}

// WithAnalyzerOptions passes options (masking functions, ...) to the
// Engine's Analyzer.
func WithAnalyzerOptions(opts ...Option) EngineOption {
	return func(c *engineConfig) { c.analyzer = append(c.analyzer, opts...) }
}

// NewEngine returns an Engine writing to store and resolving names against
// cat (nil: a fresh MemoryCatalog that learns from the DDL it sees).
func NewEngine(store graphstore.Store, cat Catalog, opts ...EngineOption) *Engine {
	cfg := engineConfig{workers: runtime.NumCPU(), batchSize: 20000, maxErrors: 100, maxSessions: 10000}
	for _, o := range opts {
		o(&cfg)
	}
	return &Engine{
		analyzer: NewAnalyzer(cat, cfg.analyzer...),
		store:    store,
		cfg:      cfg,
		fp:       sqlparse.NewFingerprinter(),
		seed:     maphash.MakeSeed(),
	}
}

// Analyzer returns the Engine's analyzer (and through it its catalog).
func (e *Engine) Analyzer() *Analyzer { return e.analyzer }

// Store returns the Engine's store.
func (e *Engine) Store() graphstore.Store { return e.store }

// Failure reasons counted in Summary.Failed.
const (
	FailInput       = "input"       // a record of the source could not be read
	FailParse       = "parse"       // a statement did not parse
	FailUnsupported = "unsupported" // a construct recognised but not carried
	FailAnalysis    = "analysis"    // a statement parsed but could not be analysed
	FailLimit       = "limit"       // a statement exceeded a resource limit (WithLimits)
)

// Progress is a snapshot of a running Ingest.
type Progress struct {
	Read, Analyzed, Cached, Failed int64
	// Edges counts the column edges of the batches committed so far
	// (DIRECT, MASKED and INDIRECT occurrences, before aggregation).
	Edges   int64
	Elapsed time.Duration
	// Rate is statements read per second.
	Rate float64
}

// Summary is the account of a finished Ingest.
type Summary struct {
	// Read counts statements read from the source; Analyzed those analysed
	// (parsed and resolved, fully or in part); Cached those answered from the
	// cache of statement shapes instead.
	Read, Analyzed, Cached int64
	// Failed counts failures by reason (FailInput, FailParse, ...). A
	// statement of a script may fail while others of it are analysed.
	Failed map[string]int64
	// Warnings counts analysis warnings (unresolved names and the like).
	Warnings int64
	// Edges counts the column-edge occurrences of the batches the store
	// committed; Batches counts those batches. A batch whose write failed
	// counts in neither, though its statements count in Read and Analyzed.
	Edges, Batches int64
	// Errors keeps the first errors (see WithMaxErrors), each positioned:
	// *IngestError wrapping a *sqlparse.ParseError, *AnalysisError or
	// *InputError.
	Errors   []error
	Duration time.Duration
}

// FailedTotal sums Failed.
func (s Summary) FailedTotal() int64 {
	var n int64
	for _, v := range s.Failed {
		n += v
	}
	return n
}

// IngestError is a statement (or a record) of an Ingest that failed.
type IngestError struct {
	// Seq is the 1-based position of the statement in the source.
	Seq int64
	// QueryID and Origin come from the statement's Context.
	QueryID, Origin string
	Err             error
	// Raw: Error quotes the statement as written (WithRawErrorText).
	Raw bool
}

// Error names the statement and the cause. A bad record is named by its
// own origin and record number (an *InputError), not by Seq, which counts
// statements and bad records together.
func (e *IngestError) Error() string {
	var ie *InputError
	if errors.As(e.Err, &ie) && e.QueryID == "" && e.Origin == "" {
		return e.Err.Error()
	}
	id := "statement " + strconv.FormatInt(e.Seq, 10)
	if e.QueryID != "" {
		id += " (query " + e.QueryID + ")"
	}
	if e.Origin != "" {
		id += " from " + e.Origin
	}
	var pe *sqlparse.ParseError
	if e.Raw && errors.As(e.Err, &pe) {
		return id + ": " + pe.RawText()
	}
	return id + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *IngestError) Unwrap() error { return e.Err }

// IngestOption configures one Ingest.
type IngestOption func(*ingestConfig)

type ingestConfig struct{ key string }

// IngestKey names the input (e.g. the log file). Every batch an Ingest
// writes has a key made of this name and a hash of the statements it
// covers (their text, context and time), and a store ignores a batch whose
// key it has applied: ingesting the same input again leaves the graph as it
// was, with or without a name. A name keeps identical stretches of two
// different inputs apart. An Ingest stopped by its context writes no
// partial batch, so running it again counts nothing twice. A statement
// that failed by a panic (a *PanicError, ErrInternal) leaves its batch's
// key as it would be without the fault: a re-run once the fault is
// fixed skips that batch, so its statement's lineage stays missing
// rather than the other statements' counted twice.
func IngestKey(key string) IngestOption {
	return func(c *ingestConfig) { c.key = key }
}

type job struct {
	seq   int64
	st    Statement
	shape sqlparse.Shape
	ok    bool // shape is known
	done  func()
}

type outcome struct {
	seq    int64
	frag   *fragment
	st     Statement
	cached bool
	warns  int
	errs   []error
}

// Ingest reads src to its end, analyses every statement and writes the
// graph in batches. Bad records and statements are counted and kept in the
// Summary, never fatal. The error is for what stops the run: the source
// failing, the store refusing a write, or ctx ending. A panic in the
// source, the store or the Engine's batching stops the run too, as a
// *PanicError; one while a statement is analysed fails that statement
// only. Batches written before stay written.
func (e *Engine) Ingest(ctx context.Context, src Source, opts ...IngestOption) (Summary, error) {
	var ic ingestConfig
	for _, o := range opts {
		o(&ic)
	}
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	queues := make([]chan job, e.cfg.workers)
	for i := range queues {
		queues[i] = make(chan job, 256)
	}
	results := make(chan outcome, 1024)
	var wg sync.WaitGroup
	for i := range queues {
		wg.Add(1)
		go func(q chan job) {
			defer wg.Done()
			e.work(ctx, q, results)
		}(queues[i])
	}

	var read atomic.Int64
	var readErr error
	var inflight sync.WaitGroup
	go func() {
		defer func() {
			// A panic in the source (or in reading a statement's shape)
			// ends the stream as a source error would.
			if r := recover(); r != nil {
				readErr = newPanicError("reading the source", r)
			}
			for _, q := range queues {
				close(q)
			}
			wg.Wait()
			close(results)
		}()
		seed := maphash.MakeSeed()
		rr := 0
		for {
			st, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				return
			}
			seq := read.Add(1)
			if err != nil {
				var ie *InputError
				if errors.As(err, &ie) {
					// A bad record takes a sequence number, so batch
					// boundaries stay where they were on a re-run.
					select {
					case results <- outcome{seq: seq, errs: []error{err}}:
					case <-ctx.Done():
						return
					}
					continue
				}
				read.Add(-1)
				readErr = err
				return
			}
			if reason, ok := CheckContext(st.Context); !ok {
				// Validated here for any Source: a bad field is one bad
				// record, never a batch the store refuses.
				bad := &InputError{Origin: st.Context.Origin, Record: seq, Reason: reason}
				if bad.Origin == "" {
					bad.Origin = "statement"
				}
				select {
				case results <- outcome{seq: seq, errs: []error{bad}}:
				case <-ctx.Done():
					return
				}
				continue
			}
			// The size limit comes before any work on the text (the
			// fingerprint tokenizes all of it) and before the shape
			// cache, which would otherwise answer for an oversized
			// statement whose literals alone differ from a cached one.
			if err := e.analyzer.limits.checkText(st.SQL); err != nil {
				select {
				case results <- outcome{seq: seq, st: st, errs: []error{err}}:
				case <-ctx.Done():
					return
				}
				continue
			}
			// Statements that may change the catalog run alone: every
			// statement read before them is analysed first, and none read
			// after them starts before they are done, so that a table is
			// defined before another session reads it.
			j := job{seq: seq, st: st}
			j.shape, j.ok = e.fp.Of(st.SQL, st.Dialect)
			barrier := !j.ok || j.shape.Defines
			if barrier {
				inflight.Wait()
			}
			inflight.Add(1)
			j.done = inflight.Done
			w := rr % len(queues)
			if st.Context.Session != "" {
				w = int(maphash.String(seed, st.Context.Session) % uint64(len(queues)))
			} else {
				rr++
			}
			select {
			case queues[w] <- j:
			case <-ctx.Done():
				inflight.Done()
				return
			}
			if barrier {
				inflight.Wait()
			}
		}
	}()

	sum, err := e.collect(ctx, results, &read, ic.key, start)
	if err != nil {
		cancel()
		for range results {
		}
		return sum, err
	}
	if readErr != nil {
		return sum, fmt.Errorf("lineage: reading source: %w", readErr)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// collect gathers outcomes in sequence order, aggregates them in batches of
// batchSize statements and writes each batch.
func (e *Engine) collect(ctx context.Context, results <-chan outcome, read *atomic.Int64, key string, start time.Time) (sum Summary, err error) {
	sum.Failed = map[string]int64{}
	// The writer goroutine counts what the store committed.
	var committedEdges, committedBatches atomic.Int64
	// finish, once set, stops the writer and returns its error.
	var finish func() error
	defer func() {
		// A panic while batching (or in the progress callback) stops the
		// Ingest as a failed write does: the writer finishes the batch in
		// flight, and nothing committed is lost.
		if r := recover(); r != nil {
			err = newPanicError("batching", r)
			if finish != nil {
				finish()
			}
		}
		sum.Read = read.Load()
		sum.Edges, sum.Batches = committedEdges.Load(), committedBatches.Load()
		sum.Duration = time.Since(start)
	}()
	size := int64(e.cfg.batchSize)
	pending := map[int64]outcome{}
	next := int64(1)
	// written holds the nodes this Ingest has written: their properties
	// derive from their ids, so later batches need not write them again.
	written := map[string]struct{}{}
	b := newBatchBuilder(written)
	batchNo := int64(0)
	lastProgress := time.Now()
	report := func() {
		if e.cfg.progress == nil {
			return
		}
		el := time.Since(start)
		p := Progress{Read: read.Load(), Analyzed: sum.Analyzed, Cached: sum.Cached, Failed: sum.FailedTotal(), Edges: committedEdges.Load(), Elapsed: el}
		if el > 0 {
			p.Rate = float64(p.Read) / el.Seconds()
		}
		e.cfg.progress(p)
	}
	// A writer goroutine applies batch k while batch k+1 is built.
	type write struct {
		no    int64
		batch graphstore.Batch
		edges int64 // column-edge occurrences
	}
	writes := make(chan write, 1)
	writeErr := make(chan error, 1)
	// stopped is closed when a write has failed (failed says why), so that
	// the ingest stops at its next batch instead of reading on.
	stopped := make(chan struct{})
	var failed error
	go func() {
		var err error
		for w := range writes {
			if err != nil {
				continue
			}
			if err = e.upsert(ctx, w.batch); err != nil {
				err = fmt.Errorf("lineage: writing batch %d: %w", w.no, err)
				failed = err
				close(stopped)
				continue
			}
			committedEdges.Add(w.edges)
			committedBatches.Add(1)
		}
		writeErr <- err
	}()
	// pendingNodes are the ids of the nodes of the batch in flight; the
	// builder that made it is dropped at once, so two batches' maps never
	// live together.
	var pendingNodes []string
	content := sha256.New()
	var scratch []byte
	flush := func() error {
		if !b.empty() {
			k := key + "#" + hex.EncodeToString(content.Sum(nil)[:16])
			// Nodes of the batch in flight count as written once it is
			// applied; mark them now so the next batch skips them (a
			// failed write stops the ingest anyway).
			for _, id := range pendingNodes {
				written[id] = struct{}{}
			}
			batch := b.batch(k)
			select {
			case <-stopped:
				return failed
			default:
			}
			select {
			case writes <- write{no: batchNo, batch: batch, edges: b.columnEdges}:
			case <-stopped:
				return failed
			}
			pendingNodes = pendingNodes[:0]
			for _, n := range batch.Nodes {
				pendingNodes = append(pendingNodes, n.ID)
			}
		}
		b = newBatchBuilder(written).sizedLike(b)
		content.Reset()
		batchNo++
		return nil
	}
	finished := false
	finish = func() error {
		if finished {
			return nil
		}
		finished = true
		close(writes)
		return <-writeErr
	}
	for o := range results {
		pending[o.seq] = o
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			if scratch = hashOutcome(content, cur, scratch); cap(scratch) > 1<<20 {
				scratch = nil // a huge statement's copy is not kept
			}
			e.account(&sum, cur)
			if cur.frag != nil {
				b.add(cur.frag, cur.st.Context.User, cur.st.Context.At)
				b.addRuns(cur.frag, cur.st)
			}
			if next%size == 0 {
				if err := flush(); err != nil {
					finish()
					return sum, err
				}
			}
			next++
		}
		if e.cfg.progress != nil && time.Since(lastProgress) >= e.cfg.every {
			lastProgress = time.Now()
			report()
		}
	}
	if ctx.Err() == nil {
		err = flush()
	}
	if ferr := finish(); err == nil {
		err = ferr
	}
	if err != nil {
		return sum, err
	}
	sum.Read = read.Load()
	report()
	return sum, nil
}

// upsert writes a batch, turning a panic of the store into an error.
func (e *Engine) upsert(ctx context.Context, b graphstore.Batch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = newPanicError("store write", r)
		}
	}()
	return e.store.Upsert(ctx, b)
}

// hashOutcome adds what identifies one statement of the input to the hash
// of its batch. buf is scratch space, returned for the next call: the
// hash takes bytes, and converting each string would allocate a copy of
// every statement's text.
func hashOutcome(h hash.Hash, o outcome, buf []byte) []byte {
	c := o.st.Context
	buf = buf[:0]
	for _, s := range [...]string{o.st.SQL, o.st.Dialect.String(), c.Database, c.Schema, c.User, c.Role, c.QueryID, c.Session, c.Origin} {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = binary.LittleEndian.AppendUint64(buf, uint64(c.At.UnixNano()))
	for _, err := range o.errs {
		if !errors.Is(err, ErrInternal) {
			buf = append(buf, err.Error()...)
			continue
		}
		// A fault of the program (a panic) is no part of the input: a
		// re-run without it must find the batch's key unchanged, or it
		// would write the batch's other statements twice.
		for _, one := range flattenErrors(err) {
			if !errors.Is(one, ErrInternal) {
				buf = append(buf, one.Error()...)
			}
		}
	}
	h.Write(buf)
	return buf
}

func (e *Engine) account(sum *Summary, o outcome) {
	switch {
	case o.cached:
		sum.Cached++
	case o.frag != nil:
		sum.Analyzed++
	}
	sum.Warnings += int64(o.warns)
	for _, err := range o.errs {
		for _, one := range flattenErrors(err) {
			sum.Failed[failReason(one)]++
			if len(sum.Errors) < e.cfg.maxErrors {
				sum.Errors = append(sum.Errors, &IngestError{Seq: o.seq, QueryID: o.st.Context.QueryID, Origin: o.st.Context.Origin, Err: one, Raw: e.cfg.rawErrors})
			}
		}
	}
}

func failReason(err error) string {
	var ie *InputError
	var pe *sqlparse.ParseError
	switch {
	case errors.As(err, &ie):
		return FailInput
	case errors.Is(err, ErrLimit):
		return FailLimit
	case errors.Is(err, sqlparse.ErrUnsupported):
		return FailUnsupported
	case errors.As(err, &pe):
		return FailParse
	}
	return FailAnalysis
}

// cacheKey is a statement shape in the context that decides its lineage.
type cacheKey struct {
	fp               sqlparse.Fingerprint
	database, schema string
}

// cached is the lineage of a statement shape and what it was computed
// from: the catalog's columns of each dataset the statement names. A
// cached entry is used only while those are unchanged, so a table created
// elsewhere does not evict the lineage of statements that never read it.
type cached struct {
	frag *fragment
	deps []dependency
	size int64 // estimated bytes (shapecache.go)
}

type dependency struct {
	ds    Dataset
	known bool
	sum   uint64
}

// dependencies records the catalog state a result was computed from.
func (e *Engine) dependencies(ctx context.Context, res Result) ([]dependency, bool) {
	var deps []dependency
	add := func(d Dataset) bool {
		if d.Kind == KindLocation || d.Kind == KindQueryResult {
			return true
		}
		dep, ok := e.dependency(ctx, d)
		deps = append(deps, dep)
		return ok
	}
	for _, sr := range res.Statements {
		if sr.Target != nil && !add(*sr.Target) {
			return nil, false
		}
		for _, d := range sr.Sources {
			if !add(d) {
				return nil, false
			}
		}
	}
	return deps, true
}

func (e *Engine) dependency(ctx context.Context, d Dataset) (dependency, bool) {
	cols, known, err := e.analyzer.catalog.Columns(ctx, d)
	if err != nil {
		return dependency{}, false
	}
	return dependency{ds: d, known: known, sum: columnsSum(e.seed, cols)}, true
}

func columnsSum(seed maphash.Seed, cols []string) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, c := range cols {
		h.WriteString(c)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// valid reports whether the catalog still says what it said when the
// entry was made.
func (e *Engine) valid(ctx context.Context, c *cached) bool {
	for _, d := range c.deps {
		now, ok := e.dependency(ctx, d.ds)
		if !ok || now.known != d.known || now.sum != d.sum {
			return false
		}
	}
	return true
}

// work analyses the jobs of one queue in order, keeping a Session per log
// session.
func (e *Engine) work(ctx context.Context, q <-chan job, out chan<- outcome) {
	sessions := map[string]*Session{}
	var order []string
	for j := range q {
		o := e.analyzeSafely(ctx, j, sessions, &order)
		j.done()
		select {
		case out <- o:
		case <-ctx.Done():
		}
	}
}

// analyzeSafely analyses a job, turning a panic outside the analyzer
// (which recovers on its own) into the statement's error. The statement's
// session is dropped: a panic may have left it half changed.
func (e *Engine) analyzeSafely(ctx context.Context, j job, sessions map[string]*Session, order *[]string) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{seq: j.seq, st: j.st, errs: []error{newPanicError("statement", r)}}
			if id := j.st.Context.Session; id != "" && sessions[id] != nil {
				delete(sessions, id)
				*order = slices.DeleteFunc(*order, func(s string) bool { return s == id })
			}
		}
	}()
	return e.analyze(ctx, j, sessions, order)
}

func (e *Engine) analyze(ctx context.Context, j job, sessions map[string]*Session, order *[]string) outcome {
	o := outcome{seq: j.seq, st: j.st}
	var s *Session
	if id := j.st.Context.Session; id != "" {
		s = sessions[id]
		if s == nil {
			if len(*order) >= e.cfg.maxSessions {
				delete(sessions, (*order)[0])
				*order = (*order)[1:]
			}
			s = e.analyzer.NewSession()
			sessions[id] = s
			*order = append(*order, id)
		}
	} else {
		s = e.analyzer.NewSession()
	}

	// A statement shape whose lineage depends only on the catalog and the
	// defaults is cached; session state (temporary tables, search_path)
	// makes it depend on more, so such sessions are not cached.
	var key cacheKey
	cacheable := len(s.temps) == 0 && len(s.searchPath) == 0
	if cacheable {
		cacheable = j.ok
		def := s.defaults
		if j.st.Context.Database != "" || j.st.Context.Schema != "" {
			def = Defaults{Database: j.st.Context.Database, Schema: j.st.Context.Schema}
		}
		key = cacheKey{fp: j.shape.Fingerprint, database: def.Database, schema: def.Schema}
	}
	var fl *flight
	if cacheable {
		var c *cached
		if c, fl = e.lookupShape(ctx, key); c != nil {
			o.frag = c.frag
			o.cached = true
			return o
		}
		if fl != nil {
			defer e.land(key, fl)
		}
	}
	res, err := s.Analyze(ctx, j.st)
	if err != nil {
		o.errs = append(o.errs, err)
	}
	o.warns = len(res.Warnings)
	if len(res.Statements) == 0 {
		return o
	}
	o.frag = fragmentOf(res, j.st.Dialect.String())
	if cacheable && err == nil && pureStatements(res) {
		if deps, ok := e.dependencies(ctx, res); ok {
			c := &cached{frag: o.frag, deps: deps}
			e.cacheShape(key, c)
			if fl != nil {
				now, _ := e.cache.Load(key)
				fl.cached = now == c
			}
		}
	}
	return o
}

// flight is the analysis of a statement shape that the cache lacks, by
// one worker: others that meet the shape meanwhile wait for it rather
// than analyse it too, so that a shape is analysed (and counted so) once
// whatever the timing, and no CPU is spent twice on it.
type flight struct {
	done chan struct{}
	// cached says the analysis left its lineage in the cache; set before
	// done is closed.
	cached bool
}

// lookupShape returns the valid cache entry of a shape, waiting for a
// worker that is analysing it. Otherwise it returns a flight the caller
// now owns (it analyses the shape and calls land), or neither when the
// shape's lineage could not be cached (the caller analyses it on its
// own). A cache hit costs what it did without flights.
func (e *Engine) lookupShape(ctx context.Context, key cacheKey) (hit *cached, owned *flight) {
	if c, ok := e.cache.Load(key); ok && e.valid(ctx, c.(*cached)) {
		return c.(*cached), nil
	}
	f := &flight{done: make(chan struct{})}
	claimed := false
	defer func() {
		// A flight claimed but not handed to the caller (a hit after
		// all, or a panic in the catalog) lands here, so that no worker
		// waits for it forever.
		if claimed && owned == nil {
			f.cached = hit != nil
			e.land(key, f)
		}
	}()
	for {
		other, loaded := e.flights.LoadOrStore(key, f)
		if !loaded {
			claimed = true
			// The owner of an earlier flight may have filled the cache
			// between the look above and the claim.
			if c, ok := e.cache.Load(key); ok && e.valid(ctx, c.(*cached)) {
				return c.(*cached), nil
			}
			return nil, f
		}
		o := other.(*flight)
		select {
		case <-o.done:
		case <-ctx.Done():
			return nil, nil
		}
		if !o.cached {
			return nil, nil
		}
		if c, ok := e.cache.Load(key); ok && e.valid(ctx, c.(*cached)) {
			return c.(*cached), nil
		}
	}
}

// land ends a flight: its waiters look at the cache again.
func (e *Engine) land(key cacheKey, f *flight) {
	e.flights.Delete(key)
	close(f.done)
}

// pureStatements reports whether a result's statements leave the catalog
// and the session as they were, so that their lineage can be reused.
func pureStatements(res Result) bool {
	for _, sr := range res.Statements {
		switch sr.Kind {
		case sqlparse.KindSelect, sqlparse.KindInsert, sqlparse.KindUpdate, sqlparse.KindDelete,
			sqlparse.KindMerge, sqlparse.KindUnload, sqlparse.KindCopy:
		default:
			return false
		}
		if sr.Target != nil && sr.Target.Kind == KindTemporary {
			return false
		}
	}
	return true
}

// SliceSource is a Source over statements in memory.
type SliceSource struct {
	stmts []Statement
	i     int
}

// Statements returns a Source that yields stmts in order.
func Statements(stmts ...Statement) *SliceSource { return &SliceSource{stmts: stmts} }

// Next implements Source.
func (s *SliceSource) Next(ctx context.Context) (Statement, error) {
	if err := ctx.Err(); err != nil {
		return Statement{}, err
	}
	if s.i >= len(s.stmts) {
		return Statement{}, io.EOF
	}
	s.i++
	return s.stmts[s.i-1], nil
}
