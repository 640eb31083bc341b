package httpapi

import (
	_ "embed"
	"net/http"

	"github.com/colineage/colineage/lineage/picture"
)

// picture is GET /api/v1/picture: a trace (the parameters of
// /api/v1/trace) drawn as DOT or SVG.
func (h *Handler) picture(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "svg"
	}
	if format != "svg" && format != "dot" {
		return badRequest("format must be svg or dot, not %q", format)
	}
	layout := r.URL.Query().Get("layout")
	if layout != "" && layout != "auto" && layout != "builtin" {
		return badRequest("layout must be auto or builtin, not %q", layout)
	}
	q, err := h.traceParams(r)
	if err != nil {
		return err
	}
	tr, err := h.eng.TraceNodes(r.Context(), q.ids, q.opts)
	if err != nil {
		return err
	}
	if format == "dot" {
		w.Header().Set("Content-Type", "text/vnd.graphviz; charset=utf-8")
		_, err := w.Write([]byte(picture.DOT(tr)))
		return err
	}
	var opts []picture.Option
	if layout != "builtin" && h.cfg.dot != "" {
		opts = append(opts, picture.WithGraphviz(h.cfg.dot))
	}
	svg, renderer, err := picture.SVG(r.Context(), tr, opts...)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("X-Lineage-Renderer", renderer)
	_, err = w.Write(svg)
	return err
}

//go:embed view.html
var viewPage []byte

// view is GET /view: an HTML page that draws the lineage around a column
// (the column parameter) and expands a node when it is clicked.
func (h *Handler) view(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
	_, err := w.Write(viewPage)
	return err
}

//go:embed openapi.json
var openAPIDoc []byte

// openAPI is GET /openapi.json: the OpenAPI 3.1 document of this API.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(openAPIDoc)
	return err
}

// OpenAPI returns the OpenAPI 3.1 document of the API (the body of
// /openapi.json).
func OpenAPI() []byte { return append([]byte(nil), openAPIDoc...) }
