package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// DefaultMaxHeavy is how many heavy reports a Handler computes at once
// unless WithMaxHeavy says otherwise.
const DefaultMaxHeavy = 2

// WithMaxHeavy bounds how many compliance reports (each walks the whole
// graph) are computed at once (default DefaultMaxHeavy). Whatever the
// bound, requests in flight that need the same report share its
// computation (propagation through different columns, violations of
// different rules, or different pages, filter one report), and identical requests share one
// encoded answer, so two hundred clients asking for the violations cost
// one report and one encoding, not two hundred. A request waits for a
// free slot within its own deadline; a computation whose clients have all
// gone away is cancelled.
func WithMaxHeavy(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxHeavy = n
		}
	}
}

// WithReportTTL keeps each compliance report, once computed, for d: the
// pages a client asks one after the other, and any request for the same
// report within d, share one computation instead of walking the graph
// again, and answers may then be up to d older than the graph, except
// for the writes made through the Handler (ingests, log uploads,
// OpenLineage events), which drop every kept report. At most
// MaxKeptReports reports are kept (the oldest goes first). The default, 0,
// keeps none: requests share a report only while it is being computed.
func WithReportTTL(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.reportTTL = d
		}
	}
}

// MaxKeptReports bounds the reports WithReportTTL keeps.
const MaxKeptReports = 4

// flights shares computations: one per distinct key in flight, whatever
// the number of callers that ask for it while it runs. With slots, at most
// cap(slots) computations run at once. With keep, a computation that
// succeeded answers the callers of its key for keep after it ended.
type flights struct {
	slots chan struct{} // nil: no bound
	keep  time.Duration
	now   func() time.Time
	mu    sync.Mutex
	m     map[string]*flight
	kept  map[string]*flight // finished, within keep of their end
	// gen counts the writes begun or ended (forget): a computation that
	// saw one is not kept.
	gen uint64
}

func newFlights(slots int, keep time.Duration) *flights {
	fs := &flights{m: map[string]*flight{}, kept: map[string]*flight{}, keep: keep, now: time.Now}
	if slots > 0 {
		fs.slots = make(chan struct{}, slots)
	}
	return fs
}

// flight is one computation and the callers waiting for it.
type flight struct {
	done    chan struct{}
	waiters int
	cancel  context.CancelFunc
	// val and err are set before done is closed, then only read.
	val any
	err error
	end time.Time // when it ended, for keep
	gen uint64    // fs.gen when it began
}

// forget drops the kept results, and keeps none of the computations in
// flight: the graph is being written.
func (fs *flights) forget() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.gen++
	clear(fs.kept)
}

// keptLocked returns the kept result of key if it is still fresh; fs.mu
// is held.
func (fs *flights) keptLocked(key string) (*flight, bool) {
	fl, ok := fs.kept[key]
	if !ok {
		return nil, false
	}
	if fs.now().Sub(fl.end) >= fs.keep {
		delete(fs.kept, key)
		return nil, false
	}
	return fl, true
}

// keepLocked keeps a finished flight, dropping the oldest beyond
// MaxKeptReports; fs.mu is held.
func (fs *flights) keepLocked(key string, fl *flight) {
	fl.end = fs.now()
	fs.kept[key] = fl
	for len(fs.kept) > MaxKeptReports {
		oldest := ""
		for k, f := range fs.kept {
			if oldest == "" || f.end.Before(fs.kept[oldest].end) {
				oldest = k
			}
		}
		delete(fs.kept, oldest)
	}
}

// do returns the result of fn for key, computing it once for every caller
// that asks while it is in flight; callers must treat the result as read
// only. The computation runs under a context of its own that keeps the
// values and the deadline of the first caller's, and that is cancelled
// when every caller's context has ended.
func (fs *flights) do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, error) {
	fs.mu.Lock()
	if fl, ok := fs.keptLocked(key); ok {
		fs.mu.Unlock()
		return fl.val, nil
	}
	fl, ok := fs.m[key]
	if !ok {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		if d, ok := ctx.Deadline(); ok {
			cctx, cancel = context.WithDeadline(context.WithoutCancel(ctx), d)
		}
		fl = &flight{done: make(chan struct{}), cancel: cancel, gen: fs.gen}
		fs.m[key] = fl
		go fs.run(cctx, key, fl, fn)
	}
	fl.waiters++
	fs.mu.Unlock()
	select {
	case <-fl.done:
		return fl.val, fl.err
	case <-ctx.Done():
		fs.mu.Lock()
		fl.waiters--
		if fl.waiters == 0 {
			fl.cancel()
			if fs.m[key] == fl {
				delete(fs.m, key)
			}
		}
		fs.mu.Unlock()
		return nil, ctx.Err()
	}
}

// run computes one flight, once a slot is free.
func (fs *flights) run(ctx context.Context, key string, fl *flight, fn func(context.Context) (any, error)) {
	defer close(fl.done)
	defer fl.cancel()
	defer func() {
		fs.mu.Lock()
		if fs.m[key] == fl {
			delete(fs.m, key)
			if fs.keep > 0 && fl.err == nil && fl.gen == fs.gen {
				fs.keepLocked(key, fl)
			}
		}
		fs.mu.Unlock()
	}()
	if fs.slots != nil {
		select {
		case fs.slots <- struct{}{}:
			defer func() { <-fs.slots }()
		case <-ctx.Done():
			fl.err = ctx.Err()
			return
		}
	}
	fl.err = safely(func() error {
		var err error
		fl.val, err = fn(ctx)
		return err
	})
}

// shareReport returns the compliance report that key names, computing it
// once for every request that asks for it while it is in flight (the
// variants of one endpoint that filter the same report share it), at most
// WithMaxHeavy reports at once.
func shareReport[T any](ctx context.Context, h *Handler, key string, fn func(context.Context) (T, error)) (T, error) {
	v, err := h.reports.do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// sharePaged is shareReport for a report served in pages: it returns the
// report and the fingerprint of its items (what items returns: the lists
// paged, never the report's clock-dependent fields such as a plan's due
// date), computed once per report, so that every page of a report in
// flight shares one computation (the key names the report, never the
// page).
func sharePaged[T any](ctx context.Context, h *Handler, key string, fn func(context.Context) (T, error), items func(T) any) (T, uint64, error) {
	type paged struct {
		report T
		fp     uint64
	}
	v, err := shareReport(ctx, h, "paged "+key, func(ctx context.Context) (paged, error) {
		report, err := fn(ctx)
		if err != nil {
			return paged{}, err
		}
		fp, err := fingerprint(items(report))
		return paged{report: report, fp: fp}, err
	})
	return v.report, v.fp, err
}

// recorder keeps an answer to replay to every client of a flight.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// replay writes the recorded answer to w.
func (r *recorder) replay(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes()) // the client may be gone; nothing to do then
}

// heavy reports whether r is one of the compliance reports, which walk
// the whole graph: identical requests in flight share one answer, and
// WithMaxHeavy bounds how many reports are computed at once.
func (r route) heavy() bool { return strings.HasPrefix(r.Path, "/api/v1/compliance/") }

// flightKey identifies a request whose answer another identical request
// may share: its method, path and parameters (sorted by name).
func flightKey(r *http.Request) string {
	return r.Method + " " + r.URL.Path + "?" + r.URL.Query().Encode()
}

// shared serves a heavy route: identical requests in flight share one
// answer, encoded once.
func (h *Handler) shared(w http.ResponseWriter, req *http.Request, r route) error {
	v, err := h.responses.do(req.Context(), flightKey(req), func(ctx context.Context) (any, error) {
		rec := &recorder{header: http.Header{}}
		return rec, r.Handle(h, rec, req.WithContext(ctx))
	})
	if rec, ok := v.(*recorder); ok && rec.status != 0 {
		rec.replay(w)
	}
	return err
}

// panicError is a handler's panic, turned into an error so that the
// client gets a 500 in the one error shape and the server goes on.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string {
	return fmt.Sprintf("panic: %v\n%s", p.value, p.stack)
}

// safely calls fn and returns its panic as a *panicError.
func safely(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: debug.Stack()}
		}
	}()
	return fn()
}
