package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waiting reports how many requests wait on the flight of key.
func (fs *flights) waiting(key string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fl, ok := fs.m[key]; ok {
		return fl.waiters
	}
	return 0
}

func errorShape(t *testing.T, rec *httptest.ResponseRecorder) *Error {
	t.Helper()
	var body errorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "%s", rec.Body)
	require.NotNil(t, body.Error, "%s", rec.Body)
	return body.Error
}

func TestPanicIsAnInternalError(t *testing.T) {
	for _, path := range []string{"/boom", "/api/v1/compliance/boom"} { // a plain route, a heavy one
		h := New(fixtureEngine(t), WithLogger(discardLogger()))
		r := route{Method: "GET", Path: path, Handle: func(*Handler, http.ResponseWriter, *http.Request) error {
			var m map[string]int
			m["x"] = 1 // a nil map: a bug of the handler
			return nil
		}}
		rec := httptest.NewRecorder()
		h.wrap(r).ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		assert.Equal(t, http.StatusInternalServerError, rec.Code, path)
		e := errorShape(t, rec)
		assert.Equal(t, CodeInternal, e.Code)
		assert.NotContains(t, e.Message, "nil map", "the panic's details stay in the log")
	}
}

func TestIdenticalHeavyRequestsShareOneComputation(t *testing.T) {
	const clients = 20
	h := New(fixtureEngine(t), WithLogger(discardLogger()), WithMaxHeavy(1))
	var calls atomic.Int32
	release := make(chan struct{})
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(_ *Handler, w http.ResponseWriter, req *http.Request) error {
		calls.Add(1)
		<-release
		writeJSON(w, http.StatusOK, map[string]string{"q": req.URL.Query().Get("q")})
		return nil
	}}
	handler := h.wrap(r)
	targets := make([]string, clients)
	for i := range targets {
		// The same parameters in another order are the same request.
		targets[i] = "/api/v1/compliance/test?q=a&z=1"
		if i%2 == 1 {
			targets[i] = "/api/v1/compliance/test?z=1&q=a"
		}
	}
	recs, wait := serveConcurrently(handler, targets)
	require.Eventually(t, func() bool { return h.responses.waiting("GET /api/v1/compliance/test?q=a&z=1") == clients },
		10*time.Second, time.Millisecond, "every client joins the one flight")
	close(release)
	wait()
	assert.EqualValues(t, 1, calls.Load())
	for _, rec := range recs {
		assert.Equal(t, http.StatusOK, rec.Code)
		assert.JSONEq(t, `{"q":"a"}`, rec.Body.String())
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	}

	// Once answered, the next request computes afresh.
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test?q=b", nil))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.EqualValues(t, 2, calls.Load())
}

func TestMaxHeavyBoundsConcurrentReports(t *testing.T) {
	h := New(fixtureEngine(t), WithLogger(discardLogger()), WithMaxHeavy(2))
	var running, peak atomic.Int32
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(h *Handler, w http.ResponseWriter, req *http.Request) error {
		q := req.URL.Query().Get("q")
		v, err := shareReport(req.Context(), h, "report "+q, func(context.Context) (string, error) {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(2 * time.Millisecond) // long enough for others to try to start
			running.Add(-1)
			return q, nil
		})
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]string{"q": v})
		return nil
	}}
	handler := h.wrap(r)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := string(rune('a' + i))
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test?q="+q, nil))
			assert.Equal(t, http.StatusOK, rec.Code)
			assert.JSONEq(t, `{"q":"`+q+`"}`, rec.Body.String())
		}()
	}
	wg.Wait()
	assert.LessOrEqual(t, peak.Load(), int32(2))
	assert.Positive(t, peak.Load())
}

// TestFilteredVariantsShareOneReport: requests that filter one report
// differently (their answers differ) compute the report once.
func TestFilteredVariantsShareOneReport(t *testing.T) {
	const clients = 10
	h := New(fixtureEngine(t), WithLogger(discardLogger()))
	var calls atomic.Int32
	release := make(chan struct{})
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(h *Handler, w http.ResponseWriter, req *http.Request) error {
		all, err := shareReport(req.Context(), h, "the report", func(context.Context) ([]string, error) {
			calls.Add(1)
			<-release
			return []string{"a", "b", "c"}, nil
		})
		if err != nil {
			return err
		}
		q := req.URL.Query().Get("q")
		writeJSON(w, http.StatusOK, map[string]bool{q: slices.Contains(all, q)})
		return nil
	}}
	handler := h.wrap(r)
	targets := make([]string, clients)
	for i := range targets {
		targets[i] = "/api/v1/compliance/test?q=" + string(rune('a'+i))
	}
	recs, wait := serveConcurrently(handler, targets)
	require.Eventually(t, func() bool { return h.reports.waiting("the report") == clients },
		10*time.Second, time.Millisecond, "every request waits on the one report")
	close(release)
	wait()
	assert.EqualValues(t, 1, calls.Load())
	for i, rec := range recs {
		q := string(rune('a' + i))
		assert.JSONEq(t, fmt.Sprintf(`{%q:%v}`, q, i < 3), rec.Body.String())
	}
}

func TestHeavyReportCancelledWhenItsClientsLeave(t *testing.T) {
	h := New(fixtureEngine(t), WithLogger(discardLogger()))
	started, stopped := make(chan struct{}), make(chan error, 1)
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(_ *Handler, w http.ResponseWriter, req *http.Request) error {
		close(started)
		<-req.Context().Done()
		stopped <- req.Context().Err()
		return req.Context().Err()
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		h.wrap(r).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test", nil).WithContext(ctx))
		done <- rec.Code
	}()
	<-started
	cancel() // the client disconnects
	assert.ErrorIs(t, <-stopped, context.Canceled, "the computation's context ends with its last client")
	assert.Equal(t, 499, <-done)
}

func TestHeavyReportOutlivesOneOfItsClients(t *testing.T) {
	h := New(fixtureEngine(t), WithLogger(discardLogger()))
	release := make(chan struct{})
	var calls atomic.Int32
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(_ *Handler, w http.ResponseWriter, req *http.Request) error {
		calls.Add(1)
		select {
		case <-release:
		case <-req.Context().Done():
			return req.Context().Err()
		}
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return nil
	}}
	handler := h.wrap(r)
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test", nil).WithContext(ctx))
		first <- rec.Code
	}()
	require.Eventually(t, func() bool { return h.responses.waiting("GET /api/v1/compliance/test?") == 1 }, 10*time.Second, time.Millisecond)
	second := make(chan *httptest.ResponseRecorder)
	go func() {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test", nil))
		second <- rec
	}()
	require.Eventually(t, func() bool { return h.responses.waiting("GET /api/v1/compliance/test?") == 2 }, 10*time.Second, time.Millisecond)
	cancel() // the first client leaves; the second still waits
	assert.Equal(t, 499, <-first)
	close(release)
	rec := <-second
	assert.Equal(t, http.StatusOK, rec.Code, "%s", rec.Body)
	assert.EqualValues(t, 1, calls.Load())
}

// TestConcurrentComplianceRequests: the real compliance endpoints answer
// many identical and different requests at once, each answer valid.
func TestConcurrentComplianceRequests(t *testing.T) {
	c := newComplianceClient(t)
	want := map[string][]byte{}
	paths := []string{"/api/v1/compliance/violations", "/api/v1/compliance/propagation", "/api/v1/compliance/audit", "/api/v1/compliance/report?format=csv"}
	for _, p := range paths {
		r := c.get(p)
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", p, r.body)
		want[p] = r.body
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string][][]byte{}
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := paths[i%len(paths)]
			rec := httptest.NewRecorder()
			c.h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
			body, _ := io.ReadAll(rec.Result().Body)
			if rec.Code != http.StatusOK {
				t.Errorf("%s: %d %s", p, rec.Code, body)
			}
			mu.Lock()
			got[p] = append(got[p], body)
			mu.Unlock()
		}()
	}
	wg.Wait()
	for p, bodies := range got {
		for _, b := range bodies {
			assert.Equal(t, string(want[p]), string(b), p)
		}
	}
}

// TestKeptReportsAnswerLaterRequests: with keep, a report computed once
// answers the requests of the next keep (the pages a client walks one
// after the other), then is computed again; a failed computation is not
// kept, and at most MaxKeptReports are.
func TestKeptReportsAnswerLaterRequests(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	fs := newFlights(1, time.Minute)
	fs.now = func() time.Time { return now }
	calls := map[string]int{}
	compute := func(key string, fail bool) (any, error) {
		return fs.do(ctx, key, func(context.Context) (any, error) {
			calls[key]++ // one computation at a time: the slot is one
			if fail {
				return nil, fmt.Errorf("no report")
			}
			return fmt.Sprint(key, calls[key]), nil
		})
	}
	v, err := compute("a", false)
	require.NoError(t, err)
	assert.Equal(t, "a1", v)
	now = now.Add(59 * time.Second)
	v, _ = compute("a", false)
	assert.Equal(t, "a1", v, "within keep: the same report")
	now = now.Add(time.Second)
	v, _ = compute("a", false)
	assert.Equal(t, "a2", v, "after keep: computed again")

	_, err = compute("b", true)
	require.Error(t, err)
	_, err = compute("b", false)
	require.NoError(t, err)
	assert.Equal(t, 2, calls["b"], "a failure is not kept")

	for i := range MaxKeptReports + 1 {
		now = now.Add(time.Millisecond)
		_, err := compute(fmt.Sprint("k", i), false)
		require.NoError(t, err)
	}
	fs.mu.Lock()
	assert.Len(t, fs.kept, MaxKeptReports)
	fs.mu.Unlock()
	_, _ = compute("k0", false)
	assert.Equal(t, 2, calls["k0"], "the oldest report was dropped")
	_, _ = compute(fmt.Sprint("k", MaxKeptReports), false)
	assert.Equal(t, 1, calls[fmt.Sprint("k", MaxKeptReports)], "the newest is kept")

	none := newFlights(1, 0)
	n := 0
	for range 2 {
		_, err := none.do(ctx, "a", func(context.Context) (any, error) { n++; return n, nil })
		require.NoError(t, err)
	}
	assert.Equal(t, 2, n, "without keep, a finished report is not kept")
}

// TestWritesDropKeptReports: an ingest through the Handler drops the kept
// reports, so that the next request sees what it wrote; a report computed
// while a write ran is not kept.
func TestWritesDropKeptReports(t *testing.T) {
	c := newComplianceClient(t, WithReportTTL(time.Hour))
	count := func() int {
		r := c.get("/api/v1/compliance/violations?rule=raw_outside_zone")
		require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
		return decode[ViolationsJSON](t, r).Page.Total
	}
	before := count()
	r := c.postJSON("/api/v1/ingest", `{"statements": [
		{"sql": "INSERT INTO crm.more (email) SELECT email FROM raw.users", "database": "shop", "user": "etl", "at": "2026-11-02T12:00:00Z"}]}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Greater(t, count(), before, "the copy the ingest wrote is a new violation")

	ctx := context.Background()
	fs := newFlights(1, time.Hour)
	release := make(chan struct{})
	n := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = fs.do(ctx, "a", func(context.Context) (any, error) { n++; <-release; return n, nil })
	}()
	require.Eventually(t, func() bool { return fs.waiting("a") == 1 }, 10*time.Second, time.Millisecond)
	fs.forget() // a write begins while the report is computed
	close(release)
	<-done
	v, err := fs.do(ctx, "a", func(context.Context) (any, error) { n++; return n, nil })
	require.NoError(t, err)
	assert.Equal(t, 2, v, "the report computed during the write was not kept")
}

// serveConcurrently sends handler one GET per target, each from a
// goroutine of its own, and returns the recorders of the answers and a
// wait that returns once every request is answered.
func serveConcurrently(handler http.Handler, targets []string) ([]*httptest.ResponseRecorder, func()) {
	var wg sync.WaitGroup
	recs := make([]*httptest.ResponseRecorder, len(targets))
	for i, target := range targets {
		recs[i] = httptest.NewRecorder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			handler.ServeHTTP(recs[i], httptest.NewRequest("GET", target, nil))
		}()
	}
	return recs, wg.Wait
}
