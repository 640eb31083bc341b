package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
)

// DefaultMaxHeavy is how many heavy reports a Handler computes at once
// unless WithMaxHeavy says otherwise.
const DefaultMaxHeavy = 2

// WithMaxHeavy bounds how many heavy reports (the compliance endpoints,
// each of which walks the whole graph) are computed at once (default
// DefaultMaxHeavy). Identical heavy requests in flight (same path and
// parameters) share one computation whatever the bound, so two hundred
// clients asking for the violations cost one report, not two hundred. A
// request waits for a free slot within its own deadline; a computation
// whose clients have all gone away is cancelled.
func WithMaxHeavy(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxHeavy = n
		}
	}
}

// flights runs heavy routes: one computation per distinct request in
// flight, at most cap(slots) of them at once.
type flights struct {
	slots chan struct{}
	mu    sync.Mutex
	m     map[string]*flight
}

func newFlights(n int) *flights {
	return &flights{slots: make(chan struct{}, n), m: map[string]*flight{}}
}

// flight is one computation and the requests waiting for it.
type flight struct {
	done    chan struct{}
	waiters int
	cancel  context.CancelFunc
	// rec and err are set before done is closed, then only read.
	rec *recorder
	err error
}

// do returns the answer of fn for key, computing it once for every caller
// that asks while it is in flight. The computation runs under a context of
// its own that keeps the values and the deadline of the first caller's,
// and that is cancelled when every caller's context has ended.
func (fs *flights) do(ctx context.Context, key string, fn func(context.Context, http.ResponseWriter) error) (*recorder, error) {
	fs.mu.Lock()
	fl, ok := fs.m[key]
	if !ok {
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		if d, ok := ctx.Deadline(); ok {
			cctx, cancel = context.WithDeadline(context.WithoutCancel(ctx), d)
		}
		fl = &flight{done: make(chan struct{}), cancel: cancel}
		fs.m[key] = fl
		go fs.run(cctx, key, fl, fn)
	}
	fl.waiters++
	fs.mu.Unlock()
	select {
	case <-fl.done:
		return fl.rec, fl.err
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

// run computes one flight once a slot is free.
func (fs *flights) run(ctx context.Context, key string, fl *flight, fn func(context.Context, http.ResponseWriter) error) {
	defer close(fl.done)
	defer fl.cancel()
	defer func() {
		fs.mu.Lock()
		if fs.m[key] == fl {
			delete(fs.m, key)
		}
		fs.mu.Unlock()
	}()
	select {
	case fs.slots <- struct{}{}:
		defer func() { <-fs.slots }()
	case <-ctx.Done():
		fl.err = ctx.Err()
		return
	}
	rec := &recorder{header: http.Header{}}
	fl.err = safely(func() error { return fn(ctx, rec) })
	fl.rec = rec
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

// flightKey identifies a request whose answer another identical request
// may share: its method, path and parameters (sorted by name).
func flightKey(r *http.Request) string {
	return r.Method + " " + r.URL.Path + "?" + r.URL.Query().Encode()
}

// shared serves a heavy route through the Handler's flights.
func (h *Handler) shared(w http.ResponseWriter, req *http.Request, r route) error {
	rec, err := h.flights.do(req.Context(), flightKey(req), func(ctx context.Context, w http.ResponseWriter) error {
		return r.Handle(h, w, req.WithContext(ctx))
	})
	if rec != nil && rec.status != 0 {
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
