package openlineage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
)

// sampleEvents are the first n events emitted for the sample warehouse.
func sampleEvents(t *testing.T, n int) []RunEvent {
	t.Helper()
	var out []RunEvent
	for _, line := range bytes.SplitN(emitWarehouse(t), []byte("\n"), n+1)[:n] {
		var ev RunEvent
		require.NoError(t, json.Unmarshal(line, &ev))
		out = append(out, ev)
	}
	return out
}

// lineageServer is an OpenLineage endpoint whose answers a test scripts:
// fail(runID, attempt) returns the status for that attempt (0: hang up).
type lineageServer struct {
	mu       sync.Mutex
	attempts map[string]int
	received map[string]int
	auth     []string
	fail     func(runID string, attempt int) int
}

func (s *lineageServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var ev RunEvent
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || r.URL.Path != MarquezPath || json.Unmarshal(body, &ev) != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.attempts[ev.Run.RunID]++
	n := s.attempts[ev.Run.RunID]
	s.auth = append(s.auth, r.Header.Get("Authorization"))
	status := http.StatusCreated
	if s.fail != nil {
		status = s.fail(ev.Run.RunID, n)
	}
	if status/100 == 2 {
		s.received[ev.Run.RunID]++
	}
	s.mu.Unlock()
	switch {
	case status == 0:
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
	case status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(status)
	default:
		w.WriteHeader(status)
	}
}

func newLineageServer(t *testing.T, fail func(string, int) int) (*lineageServer, string) {
	s := &lineageServer{attempts: map[string]int{}, received: map[string]int{}, fail: fail}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + MarquezPath
}

func fastRetries() []HTTPOption {
	return []HTTPOption{WithBackoff(time.Millisecond, 5*time.Millisecond), WithRetries(4), WithTimeout(2 * time.Second)}
}

func TestHTTPTransportDelivers(t *testing.T) {
	events := sampleEvents(t, 10)
	s, url := newLineageServer(t, nil)
	tr := NewHTTP(url, append(fastRetries(), WithAPIKey("k3y"), WithConcurrency(3))...)
	require.NoError(t, tr.Send(context.Background(), events))
	assert.Len(t, s.received, 10)
	for _, a := range s.auth {
		assert.Equal(t, "Bearer k3y", a)
	}
}

// TestHTTPTransportRetries injects failures: 503s, 429 with Retry-After,
// dropped connections, then success; a 400 is not retried; an endpoint
// that keeps failing gives up after the retries.
func TestHTTPTransportRetries(t *testing.T) {
	events := sampleEvents(t, 4)
	rejected, down := events[2].Run.RunID, events[3].Run.RunID
	s, url := newLineageServer(t, func(run string, attempt int) int {
		switch run {
		case rejected:
			return http.StatusBadRequest
		case down:
			return http.StatusBadGateway
		case events[0].Run.RunID:
			if attempt == 1 {
				return 0 // connection dropped
			}
			if attempt == 2 {
				return http.StatusServiceUnavailable
			}
		case events[1].Run.RunID:
			if attempt == 1 {
				return http.StatusTooManyRequests
			}
		}
		return http.StatusOK
	})
	tr := NewHTTP(url, append(fastRetries(), WithBackoff(time.Millisecond, 1500*time.Millisecond))...)
	start := time.Now()
	err := tr.Send(context.Background(), events)
	require.Error(t, err)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "Retry-After: 1 was honoured")

	assert.Equal(t, 1, s.received[events[0].Run.RunID])
	assert.Equal(t, 3, s.attempts[events[0].Run.RunID])
	assert.Equal(t, 1, s.received[events[1].Run.RunID])
	assert.Equal(t, 1, s.attempts[rejected], "a 400 is not retried")
	assert.Equal(t, 5, s.attempts[down], "1 attempt and 4 retries")

	var failed []*SendError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *SendError
		require.True(t, errors.As(e, &se))
		failed = append(failed, se)
	}
	require.Len(t, failed, 2)
	assert.Equal(t, rejected, failed[0].RunID)
	assert.ErrorIs(t, failed[0], ErrRejected)
	assert.Equal(t, http.StatusBadRequest, failed[0].Status)
	assert.Equal(t, down, failed[1].RunID)
	assert.ErrorIs(t, failed[1], ErrUnavailable)
	assert.Equal(t, 5, failed[1].Attempts)
}

// TestHTTPTransportTimeout: a server slower than the timeout is retried,
// and the context's end stops the retries.
func TestHTTPTransportTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	events := sampleEvents(t, 1)
	tr := NewHTTP(srv.URL, WithTimeout(50*time.Millisecond), WithRetries(100), WithBackoff(time.Millisecond, 10*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	err := tr.Send(ctx, events)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnavailable)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Greater(t, calls.Load(), int32(1), "timed-out attempts were retried")
}

// TestHTTPTransportNoServer: nothing listening is a network error, retried
// and then ErrUnavailable.
func TestHTTPTransportNoServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	tr := NewHTTP("http://"+addr+MarquezPath, fastRetries()...)
	err = tr.Send(context.Background(), sampleEvents(t, 1))
	var se *SendError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, 5, se.Attempts)
	assert.Zero(t, se.Status)
	assert.ErrorIs(t, err, ErrUnavailable)
}

// TestEmitterBatches: Flush hands the transport batches of WithBatchSize.
func TestEmitterBatches(t *testing.T) {
	events := sampleEvents(t, 7)
	rec := &recorder{}
	e := NewEmitter(rec, WithBatchSize(3))
	require.NoError(t, e.sendBatches(context.Background(), events))
	assert.Equal(t, []int{3, 3, 1}, rec.sizes)
	assert.EqualValues(t, 7, e.Sent())
}

type recorder struct{ sizes []int }

func (r *recorder) Send(_ context.Context, events []RunEvent) error {
	r.sizes = append(r.sizes, len(events))
	return nil
}

// TestEmitSourceStreams: a week's log is sent as its windows close, not
// all at the end, and sends the same events as one Flush would.
func TestEmitSourceStreams(t *testing.T) {
	cat, srcs := warehouseSources(t)
	rec := &recorder{}
	e := NewEmitter(rec, WithBatchSize(100000), WithNamespace(warehouseNamespace, lineage.Redshift, lineage.Defaults{}), WithRunTime(runTime))
	a := lineage.NewAnalyzer(cat)
	for _, src := range srcs {
		_, err := EmitSource(context.Background(), e, src, a)
		require.NoError(t, err)
	}
	assert.Greater(t, len(rec.sizes), 7, "about a send a window")
	total := 0
	for _, n := range rec.sizes {
		total += n
	}
	assert.Equal(t, bytes.Count(emitWarehouse(t), []byte("\n")), total)
}

// Retry-After is either delay-seconds or an HTTP-date (RFC 9110 10.2.3).
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"3", 3 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"0", 0},
		{"-5", 0},
		{"", 0},
		{"soon", 0},
		{"Sun, 06 Dec 2026 10:00:07 GMT", 7 * time.Second}, // IMF-fixdate
		{"Sunday, 06-Dec-26 10:01:00 GMT", time.Minute},    // obsolete RFC 850
		{"Sun Dec  6 10:00:30 2026", 30 * time.Second},     // obsolete asctime
		{"Sun, 06 Dec 2026 09:59:00 GMT", 0},               // in the past
		{"99999999999999999999", 0},                        // overflows
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, retryAfter(tc.header, now), "Retry-After: %q", tc.header)
	}
}

func TestRetryAfterIsCapped(t *testing.T) {
	h := NewHTTP("http://localhost", WithBackoff(time.Millisecond, 250*time.Millisecond))
	assert.Equal(t, 250*time.Millisecond, h.delay(0, time.Hour), "a server's long Retry-After waits at most the longest backoff")
	assert.Equal(t, 100*time.Millisecond, h.delay(0, 100*time.Millisecond))
}

// A 503 with an HTTP-date Retry-After is honoured end to end.
func TestHTTPTransportRetryAfterDate(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	tr := NewHTTP(srv.URL, WithBackoff(time.Millisecond, 5*time.Second), WithRetries(2))
	require.NoError(t, tr.Send(context.Background(), sampleEvents(t, 1)))
	require.Len(t, times, 2)
	// The date has a resolution of one second: 2s ahead waits at least 1s,
	// where the 1ms backoff alone would not.
	assert.GreaterOrEqual(t, times[1].Sub(times[0]), 900*time.Millisecond)
}
