package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// TraceJSON is the answer of /api/v1/trace and /api/v1/impact: the
// subgraph reached from the start nodes.
type TraceJSON struct {
	Start     []string   `json:"start"`
	Nodes     []NodeJSON `json:"nodes"`
	Edges     []EdgeJSON `json:"edges"`
	Truncated bool       `json:"truncated"`
}

// NodeJSON is a column or dataset of a trace.
type NodeJSON struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Depth int    `json:"depth"`
	// Raw: the start's raw value reaches this node (DIRECT edges only).
	Raw  bool     `json:"raw"`
	Tags []string `json:"tags"`
}

// EdgeJSON is an edge of the lineage graph.
type EdgeJSON struct {
	From      string     `json:"from"`
	To        string     `json:"to"`
	Kind      string     `json:"kind"`
	Subtype   string     `json:"subtype,omitempty"`
	Count     int64      `json:"count"`
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func edgeJSON(e lineage.TraceEdge) EdgeJSON {
	return EdgeJSON{From: e.From, To: e.To, Kind: e.Kind, Subtype: e.Subtype, Count: e.Count,
		FirstSeen: timePtr(e.FirstSeen), LastSeen: timePtr(e.LastSeen)}
}

func traceJSON(tr lineage.Trace) TraceJSON {
	out := TraceJSON{Start: tr.Start, Nodes: make([]NodeJSON, len(tr.Nodes)), Edges: make([]EdgeJSON, len(tr.Edges)), Truncated: tr.Truncated}
	if out.Start == nil {
		out.Start = []string{}
	}
	for i, n := range tr.Nodes {
		tags := n.Tags
		if tags == nil {
			tags = []string{}
		}
		out.Nodes[i] = NodeJSON{ID: n.ID, Kind: n.Kind, Name: n.Name, Depth: n.Depth, Raw: n.Raw, Tags: tags}
	}
	for i, e := range tr.Edges {
		out.Edges[i] = edgeJSON(e)
	}
	return out
}

// traceQuery is what /api/v1/trace and /api/v1/picture read from the
// query: the start columns and the walk's bounds.
type traceQuery struct {
	ids  []string
	opts lineage.TraceOptions
}

// traceParams reads column (repeatable), direction, depth, kinds and
// max_nodes.
func (h *Handler) traceParams(r *http.Request) (traceQuery, error) {
	var q traceQuery
	names := r.URL.Query()["column"]
	if len(names) == 0 {
		return q, badRequest("query parameter %q is required", "column")
	}
	for _, s := range names {
		c, err := h.columnNamed(r, s)
		if err != nil {
			return q, err
		}
		id := lineage.ColumnNodeID(c)
		if _, err := h.existing(r.Context(), id, "column", s); err != nil {
			return q, err
		}
		q.ids = append(q.ids, id)
	}
	switch dir := r.URL.Query().Get("direction"); dir {
	case "", "upstream":
		q.opts.Direction = graphstore.Upstream
	case "downstream":
		q.opts.Direction = graphstore.Downstream
	case "both":
		q.opts.Direction = graphstore.Both
	default:
		return q, badRequest("direction must be upstream, downstream or both, not %q", dir)
	}
	var err error
	if q.opts.Depth, err = intParam(r, "depth", 10, 1, 100); err != nil {
		return q, err
	}
	if q.opts.MaxNodes, err = intParam(r, "max_nodes", h.cfg.maxNodes, 1, h.cfg.maxNodes); err != nil {
		return q, err
	}
	if kinds := r.URL.Query().Get("kinds"); kinds != "" {
		has := map[string]bool{}
		for _, k := range strings.Split(kinds, ",") {
			k = strings.ToUpper(strings.TrimSpace(k))
			switch k {
			case lineage.EdgeDirect, lineage.EdgeMasked, lineage.EdgeIndirect:
				has[k] = true
			default:
				return q, badRequest("kinds: unknown edge kind %q (want DIRECT, MASKED, INDIRECT)", k)
			}
		}
		if !has[lineage.EdgeDirect] {
			return q, badRequest("kinds must include DIRECT: column lineage always follows the raw value")
		}
		q.opts.Indirect = has[lineage.EdgeIndirect]
		q.opts.StopAtMasking = !has[lineage.EdgeMasked]
	}
	return q, nil
}

// trace is GET /api/v1/trace: column lineage upstream, downstream or both.
func (h *Handler) trace(w http.ResponseWriter, r *http.Request) error {
	q, err := h.traceParams(r)
	if err != nil {
		return err
	}
	tr, err := h.eng.TraceNodes(r.Context(), q.ids, q.opts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, traceJSON(tr))
	return nil
}

// PathsJSON is the answer of /api/v1/paths.
type PathsJSON struct {
	From  string       `json:"from"`
	To    string       `json:"to"`
	Paths [][]EdgeJSON `json:"paths"`
}

// paths is GET /api/v1/paths: the lineage paths from one column to
// another, shortest first.
func (h *Handler) paths(w http.ResponseWriter, r *http.Request) error {
	from, _, err := h.columnParam(r, "from")
	if err != nil {
		return err
	}
	to, _, err := h.columnParam(r, "to")
	if err != nil {
		return err
	}
	depth, err := intParam(r, "depth", 10, 1, 100)
	if err != nil {
		return err
	}
	indirect, err := boolParam(r, "indirect")
	if err != nil {
		return err
	}
	ps, err := h.eng.Paths(r.Context(), from, to, depth, indirect)
	if err != nil {
		return err
	}
	out := PathsJSON{From: lineage.ColumnNodeID(from), To: lineage.ColumnNodeID(to), Paths: make([][]EdgeJSON, len(ps))}
	for i, p := range ps {
		out.Paths[i] = make([]EdgeJSON, len(p))
		for j, e := range p {
			out.Paths[i][j] = edgeJSON(e)
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// impact is GET /api/v1/impact: every dataset (and dashboard) a dataset's
// data flows into.
func (h *Handler) impact(w http.ResponseWriter, r *http.Request) error {
	ds, _, err := h.datasetParam(r, "dataset")
	if err != nil {
		return err
	}
	depth, err := intParam(r, "depth", 10, 1, 100)
	if err != nil {
		return err
	}
	tr, err := h.eng.Impact(r.Context(), ds, lineage.TraceOptions{Depth: depth, MaxNodes: h.cfg.maxNodes})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, traceJSON(tr))
	return nil
}
