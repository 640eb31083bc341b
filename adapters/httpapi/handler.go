package httpapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/colineage/colineage/adapters/openlineage"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

// Handler serves the lineage API. Make one with New; it is safe for
// concurrent use.
type Handler struct {
	eng *lineage.Engine
	cfg config
	// analyzer answers /api/v1/analyze from the engine's catalog without
	// writing to it.
	analyzer *lineage.Analyzer
	mux      *http.ServeMux
	// consumer applies the RunEvents POSTed to /api/v1/lineage; one per
	// Handler, so a repeated event is counted as a duplicate.
	consumer *openlineage.Consumer
	// responses shares the heavy routes' answers among identical requests;
	// reports the compliance reports they filter, WithMaxHeavy at once.
	responses, reports *flights
}

type config struct {
	token         []byte // sha256 of the token; nil: no auth
	maxBody       int64
	maxUpload     int64
	timeout       time.Duration
	ingestTimeout time.Duration
	platform      lineage.Platform
	logger        *slog.Logger
	maxNodes      int
	dot           string
	analyzerOpts  []lineage.Option
	progressEvery time.Duration
	checker       *compliance.Checker
	lineageOpts   []openlineage.Option
	maxHeavy      int
	reportTTL     time.Duration
}

// Option configures a Handler.
type Option func(*config)

// WithToken requires "Authorization: Bearer <token>" on every /api/ request
// (compared in constant time). An empty token turns auth off, the default.
func WithToken(token string) Option {
	return func(c *config) {
		if token == "" {
			c.token = nil
			return
		}
		sum := sha256.Sum256([]byte(token))
		c.token = sum[:]
	}
}

// WithMaxBodyBytes caps JSON request bodies (default 1 MiB); a larger body
// is refused with 413 and code body_too_large.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxBody = n
		}
	}
}

// WithMaxUploadBytes caps a query-log upload to /api/v1/ingest/log/{format}
// (default 1 GiB). The upload is streamed, never held in memory.
func WithMaxUploadBytes(n int64) Option {
	return func(c *config) {
		if n > 0 {
			c.maxUpload = n
		}
	}
}

// WithTimeout bounds each query (analyze, trace, detail, search,
// compliance; default 30 s; ingests have WithIngestTimeout). The engine's
// context is cancelled at the deadline and the answer is 504 with code
// timeout.
func WithTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithIngestTimeout bounds each ingest request: statements, log uploads
// and OpenLineage events (default 30 min). Batches written before the
// deadline stay written.
func WithIngestTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.ingestTimeout = d
		}
	}
}

// WithPlatform sets the platform whose rules fold dotted names given
// without one (default lineage.Generic); a request's platform parameter
// overrides it.
func WithPlatform(p lineage.Platform) Option {
	return func(c *config) {
		if p != "" {
			c.platform = p
		}
	}
}

// WithLogger logs each request (method, path, status, duration) and every
// internal error to l (default: slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}

// WithMaxNodes caps the nodes of one trace or picture (default 5,000); the
// answer says truncated when the cap cut it.
func WithMaxNodes(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxNodes = n
		}
	}
}

// WithGraphviz names the Graphviz dot program used for SVG pictures
// (default "dot", looked up in PATH). When it cannot run, SVG comes from
// the built-in layered layout. An empty name always uses the built-in one.
func WithGraphviz(path string) Option {
	return func(c *config) { c.dot = path }
}

// WithAnalyzerOptions passes options (masking functions, ...) to the
// analyzer of /api/v1/analyze; give it the ones the engine has.
func WithAnalyzerOptions(opts ...lineage.Option) Option {
	return func(c *config) { c.analyzerOpts = append(c.analyzerOpts, opts...) }
}

// WithProgressInterval sets how often a streamed ingest (Accept:
// application/x-ndjson) sends a progress line (default 1 s).
func WithProgressInterval(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.progressEvery = d
		}
	}
}

// New returns a Handler over eng.
func New(eng *lineage.Engine, opts ...Option) *Handler {
	cfg := config{
		maxBody:       1 << 20,
		maxUpload:     1 << 30,
		timeout:       30 * time.Second,
		ingestTimeout: 30 * time.Minute,
		platform:      lineage.Generic,
		logger:        slog.Default(),
		maxNodes:      5000,
		dot:           "dot",
		progressEvery: time.Second,
		maxHeavy:      DefaultMaxHeavy,
	}
	for _, o := range opts {
		o(&cfg)
	}
	h := &Handler{eng: eng, cfg: cfg, mux: http.NewServeMux(),
		analyzer: lineage.NewAnalyzer(readOnlyCatalog{base: eng.Analyzer().Catalog()}, cfg.analyzerOpts...),
		consumer: openlineage.NewConsumer(eng, cfg.lineageOpts...)}
	h.responses, h.reports = newFlights(0, 0), newFlights(cfg.maxHeavy, cfg.reportTTL)
	for _, r := range routes {
		h.mux.Handle(r.Method+" "+r.Path, h.wrap(r))
	}
	h.mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		writeError(w, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no endpoint " + req.Method + " " + req.URL.Path})
	})
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// statusWriter remembers the status written, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Flush lets streamed answers (ingest progress) reach the client.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// wrap applies auth, the body cap and the deadline of a route, and turns
// its error, or its panic, into the error shape.
func (h *Handler) wrap(r route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		err := safely(func() error { return h.serve(sw, req, r) })
		if pe, ok := err.(*panicError); ok && pe.value == http.ErrAbortHandler {
			panic(pe.value) // net/http's way to abort a response on purpose
		}
		if err != nil {
			e := h.asError(err)
			if e.Status >= 500 && e.Status != http.StatusGatewayTimeout {
				h.cfg.logger.Error("request failed", "method", req.Method, "path", req.URL.Path, "err", err)
			}
			if sw.status == 0 {
				writeError(sw, e)
			}
		}
		h.cfg.logger.Info("request", "method", req.Method, "path", req.URL.Path, "status", sw.status, "duration", time.Since(start))
	})
}

func (h *Handler) serve(w http.ResponseWriter, req *http.Request, r route) error {
	if r.Auth && !h.authorized(req) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="colineage"`)
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "missing or wrong bearer token"}
	}
	limit, timeout := h.cfg.maxBody, h.cfg.timeout
	if r.Upload {
		limit = h.cfg.maxUpload
	}
	if r.Ingest || r.Upload {
		timeout = h.cfg.ingestTimeout
	}
	if req.ContentLength > limit {
		return bodyTooLarge(limit)
	}
	req.Body = http.MaxBytesReader(w, req.Body, limit)
	ctx, cancel := context.WithTimeout(req.Context(), timeout)
	defer cancel()
	if r.Ingest || r.Upload {
		// kept reports do not outlive a write through the Handler
		h.reports.forget()
		defer h.reports.forget()
	}
	if r.heavy() {
		return h.shared(w, req.WithContext(ctx), r)
	}
	return r.Handle(h, w, req.WithContext(ctx))
}

// authorized compares the bearer token in constant time.
func (h *Handler) authorized(req *http.Request) bool {
	if h.cfg.token == nil {
		return true
	}
	auth := req.Header.Get("Authorization")
	const prefix = "bearer "
	if len(auth) < len(prefix) || !strings.EqualFold(auth[:len(prefix)], prefix) {
		return false
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(auth[len(prefix):])))
	return subtle.ConstantTimeCompare(sum[:], h.cfg.token) == 1
}
