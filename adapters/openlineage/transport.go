package openlineage

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Transport delivers events. Send gets them in batches; an error names the
// events that were not delivered.
type Transport interface {
	Send(ctx context.Context, events []RunEvent) error
}

// JSONLines writes events to a writer, one JSON object per line, as
// OpenLineage's file transport and the Consumer's ReadJSONL expect.
type JSONLines struct {
	mu sync.Mutex
	w  io.Writer
}

// NewJSONLines returns a Transport writing JSON lines to w.
func NewJSONLines(w io.Writer) *JSONLines { return &JSONLines{w: w} }

// Send writes the events, one per line. It is safe for concurrent use.
func (j *JSONLines) Send(ctx context.Context, events []RunEvent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	bw := bufio.NewWriter(j.w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range events {
		if err := enc.Encode(&events[i]); err != nil {
			return fmt.Errorf("openlineage: writing event %s: %w", events[i].Run.RunID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("openlineage: writing events: %w", err)
	}
	return nil
}

// Endpoint paths of the catalogs that receive OpenLineage events over
// HTTP, one event per POST.
const (
	MarquezPath = "/api/v1/lineage"
	DataHubPath = "/openapi/openlineage/api/v1/lineage"
)

// Sentinel errors of the HTTP transport, matched with errors.Is through a
// *SendError.
var (
	// ErrRejected: the endpoint refused the event (a 4xx status other than
	// 408 and 429); sending it again would not help.
	ErrRejected = errors.New("openlineage: event rejected")
	// ErrUnavailable: the endpoint failed (5xx, 408, 429, a network error)
	// on every attempt.
	ErrUnavailable = errors.New("openlineage: endpoint unavailable")
)

// SendError is an event the HTTP transport could not deliver.
type SendError struct {
	RunID, Job string
	// Status is the last HTTP status (0 when there was no response).
	Status   int
	Attempts int
	// Err is ErrRejected or ErrUnavailable, joined with the last cause.
	Err error
}

// Error names the event, the status and the attempts.
func (e *SendError) Error() string {
	return fmt.Sprintf("openlineage: event of job %s, run %s: status %d after %d attempt(s): %v", e.Job, e.RunID, e.Status, e.Attempts, e.Err)
}

// Unwrap returns the cause.
func (e *SendError) Unwrap() error { return e.Err }

// HTTP posts events to an OpenLineage endpoint (Marquez, DataHub, or any
// other consumer of the protocol), one event per request as those
// endpoints take them, several requests at a time. A request that fails
// with a 5xx, 408 or 429 status or a network error is retried with
// exponential backoff and jitter (honouring Retry-After, in seconds or as
// an HTTP-date, up to the longest backoff), each attempt
// bounded by a timeout.
type HTTP struct {
	url         string
	client      *http.Client
	apiKey      string
	timeout     time.Duration
	retries     int
	base, max   time.Duration
	concurrency int
	headers     http.Header
}

// HTTPOption configures an HTTP transport.
type HTTPOption func(*HTTP)

// WithAPIKey sends "Authorization: Bearer <key>" with every request.
func WithAPIKey(key string) HTTPOption { return func(h *HTTP) { h.apiKey = key } }

// WithTimeout bounds each attempt (default 10s).
func WithTimeout(d time.Duration) HTTPOption { return func(h *HTTP) { h.timeout = d } }

// WithRetries sets how many times a failed request is retried (default 5).
func WithRetries(n int) HTTPOption {
	return func(h *HTTP) {
		if n >= 0 {
			h.retries = n
		}
	}
}

// WithBackoff sets the first retry's delay and the longest delay (default
// 200ms and 10s); each retry doubles the delay, with jitter.
func WithBackoff(base, max time.Duration) HTTPOption {
	return func(h *HTTP) { h.base, h.max = base, max }
}

// WithConcurrency sets how many requests are in flight at once (default 4).
func WithConcurrency(n int) HTTPOption {
	return func(h *HTTP) {
		if n > 0 {
			h.concurrency = n
		}
	}
}

// WithHTTPClient sets the client requests go through (default a new
// http.Client).
func WithHTTPClient(c *http.Client) HTTPOption { return func(h *HTTP) { h.client = c } }

// WithHeader adds a header to every request.
func WithHeader(key, value string) HTTPOption { return func(h *HTTP) { h.headers.Add(key, value) } }

// NewHTTP returns a transport posting to url, the endpoint's full URL
// (e.g. "http://marquez:5000" + MarquezPath).
func NewHTTP(url string, opts ...HTTPOption) *HTTP {
	h := &HTTP{url: url, client: &http.Client{}, timeout: 10 * time.Second, retries: 5,
		base: 200 * time.Millisecond, max: 10 * time.Second, concurrency: 4, headers: http.Header{}}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Send posts every event. Events that cannot be delivered are each a
// *SendError in the joined error; the others are delivered.
func (h *HTTP) Send(ctx context.Context, events []RunEvent) error {
	errs := make([]error, len(events))
	sem := make(chan struct{}, h.concurrency)
	var wg sync.WaitGroup
	for i := range events {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			errs[i] = &SendError{RunID: events[i].Run.RunID, Job: events[i].Job.Name, Err: errors.Join(ErrUnavailable, ctx.Err())}
			continue
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = h.post(ctx, &events[i])
		}(i)
	}
	wg.Wait()
	return errors.Join(errs...)
}

// post sends one event with retries.
func (h *HTTP) post(ctx context.Context, ev *RunEvent) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return &SendError{RunID: ev.Run.RunID, Job: ev.Job.Name, Err: errors.Join(ErrRejected, err)}
	}
	fail := &SendError{RunID: ev.Run.RunID, Job: ev.Job.Name}
	for attempt := 0; ; attempt++ {
		fail.Attempts = attempt + 1
		status, wait, err := h.attempt(ctx, body)
		fail.Status = status
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			fail.Err = errors.Join(ErrUnavailable, ctx.Err())
			return fail
		case !retryable(status):
			fail.Err = errors.Join(ErrRejected, err)
			return fail
		case attempt >= h.retries:
			fail.Err = errors.Join(ErrUnavailable, err)
			return fail
		}
		d := h.delay(attempt, wait)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			fail.Err = errors.Join(ErrUnavailable, ctx.Err())
			return fail
		}
	}
}

// retryable reports whether a failure with this status may pass on a retry
// (status 0: no response at all).
func retryable(status int) bool {
	return status == 0 || status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500
}

// delay is the wait before retry attempt+1: the server's Retry-After when
// it gave one, else base*2^attempt with full jitter, at most max.
func (h *HTTP) delay(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, h.max)
	}
	d := h.base << min(attempt, 30)
	if d <= 0 || d > h.max {
		d = h.max
	}
	return d/2 + rand.N(d/2+1)
}

// attempt makes one request and returns the status, the Retry-After delay
// and an error for anything but a 2xx.
func (h *HTTP) attempt(ctx context.Context, body []byte) (int, time.Duration, error) {
	if h.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return http.StatusBadRequest, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h.headers {
		req.Header[k] = v
	}
	if h.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+h.apiKey)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 == 2 {
		return resp.StatusCode, 0, nil
	}
	wait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
	return resp.StatusCode, wait, fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(msg))
}

// retryAfter is the wait a Retry-After header asks for at now: either
// delay-seconds or an HTTP-date (RFC 9110, section 10.2.3, in any of the
// three date formats http.ParseTime reads). A date in the past, a
// negative or unreadable value is no wait; the caller caps long ones.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		if s > int64(math.MaxInt64/time.Second) {
			return math.MaxInt64 // the caller caps it
		}
		return time.Duration(s) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0
	}
	if d := t.Sub(now); d > 0 {
		return d
	}
	return 0
}
