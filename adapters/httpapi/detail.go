package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// DatasetJSON is the answer of /api/v1/dataset.
type DatasetJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Platform string `json:"platform"`
	// Owner and URL are set for dashboards.
	Owner   string      `json:"owner,omitempty"`
	URL     string      `json:"url,omitempty"`
	Columns []ColumnRef `json:"columns"`
	// Upstream are the datasets that flow into this one, Downstream those
	// it flows into (one hop; /api/v1/impact walks further).
	Upstream   []string        `json:"upstream"`
	Downstream []string        `json:"downstream"`
	Dashboards []DashboardJSON `json:"dashboards"`
	// Writers and Readers count the statement shapes that write and read
	// the dataset.
	Writers   int        `json:"writers"`
	Readers   int        `json:"readers"`
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
}

// ColumnRef is a column named in an answer.
type ColumnRef struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

// DashboardJSON is a dashboard a dataset's data reaches.
type DashboardJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Owner string `json:"owner,omitempty"`
	URL   string `json:"url,omitempty"`
}

// ColumnJSON is the answer of /api/v1/column.
type ColumnJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Dataset string   `json:"dataset"`
	Tags    []string `json:"tags"`
	// Upstream are the edges into the column, Downstream those out of it.
	Upstream   []EdgeJSON      `json:"upstream"`
	Downstream []EdgeJSON      `json:"downstream"`
	Readers    []AccessJSON    `json:"readers"`
	Dashboards []DashboardJSON `json:"dashboards"`
	FirstSeen  *time.Time      `json:"first_seen,omitempty"`
	LastSeen   *time.Time      `json:"last_seen,omitempty"`
}

// AccessJSON is one user's reads of a column on one day.
type AccessJSON struct {
	User      string     `json:"user"`
	Day       string     `json:"day"`
	Count     int64      `json:"count"`
	FirstSeen *time.Time `json:"first_seen,omitempty"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
}

// seen folds first and last seen times over edges.
type seen struct{ first, last time.Time }

func (s *seen) add(first, last time.Time) {
	if !first.IsZero() && (s.first.IsZero() || first.Before(s.first)) {
		s.first = first
	}
	if !last.IsZero() && (s.last.IsZero() || last.After(s.last)) {
		s.last = last
	}
}

func strProp(n graphstore.Node, key string) string {
	s, _ := n.Props[key].(string)
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// neighbours is one hop from id over kinds.
func (h *Handler) neighbours(ctx context.Context, id string, dir graphstore.Direction, kinds ...string) (graphstore.Subgraph, error) {
	return h.eng.Store().Traverse(ctx, []string{id}, graphstore.TraverseOptions{Direction: dir, EdgeKinds: kinds, MaxDepth: 1})
}

// dataset is GET /api/v1/dataset.
func (h *Handler) dataset(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	_, n, err := h.datasetParam(r, "name")
	if err != nil {
		return err
	}
	out := DatasetJSON{ID: n.ID, Name: nodeName(n), Kind: strProp(n, "kind"), Platform: strProp(n, "platform"),
		Owner: strProp(n, "owner"), URL: strProp(n, "url"),
		Columns: []ColumnRef{}, Upstream: []string{}, Downstream: []string{}}
	cols, err := h.neighbours(ctx, n.ID, graphstore.Downstream, lineage.EdgeHasColumn)
	if err != nil {
		return err
	}
	for _, c := range cols.Nodes {
		if c.Depth == 1 && c.Kind == lineage.NodeColumn {
			out.Columns = append(out.Columns, ColumnRef{ID: c.ID, Name: strProp(c.Node, "name"), Tags: nonNil(c.Tags)})
		}
	}
	var when seen
	flows, err := h.neighbours(ctx, n.ID, graphstore.Both, lineage.EdgeFlowsTo, lineage.EdgeReadBy, lineage.EdgeWrites)
	if err != nil {
		return err
	}
	for _, e := range flows.Edges {
		switch {
		case e.Kind == lineage.EdgeFlowsTo && e.To == n.ID:
			out.Upstream = append(out.Upstream, e.From)
		case e.Kind == lineage.EdgeFlowsTo && e.From == n.ID:
			out.Downstream = append(out.Downstream, e.To)
		case e.Kind == lineage.EdgeWrites && e.To == n.ID:
			out.Writers++
		case e.Kind == lineage.EdgeReadBy && e.From == n.ID:
			out.Readers++
		default:
			continue
		}
		when.add(e.FirstSeen, e.LastSeen)
	}
	out.FirstSeen, out.LastSeen = timePtr(when.first), timePtr(when.last)
	if out.Dashboards, err = h.dashboards(ctx, n.ID); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// dashboards are the dashboards a dataset's data reaches.
func (h *Handler) dashboards(ctx context.Context, datasetID string) ([]DashboardJSON, error) {
	sub, err := h.eng.Store().Traverse(ctx, []string{datasetID}, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, EdgeKinds: []string{lineage.EdgeFlowsTo}, MaxDepth: 10, MaxNodes: h.cfg.maxNodes,
	})
	if err != nil {
		return nil, err
	}
	out := []DashboardJSON{}
	for _, n := range sub.Nodes {
		if n.Depth > 0 && strProp(n.Node, "kind") == lineage.KindDashboard.String() {
			out = append(out, DashboardJSON{ID: n.ID, Name: nodeName(n.Node), Owner: strProp(n.Node, "owner"), URL: strProp(n.Node, "url")})
		}
	}
	return out, nil
}

// column is GET /api/v1/column.
func (h *Handler) column(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, n, err := h.columnParam(r, "name")
	if err != nil {
		return err
	}
	out := ColumnJSON{ID: n.ID, Name: strProp(n, "name"), Dataset: strProp(n, "dataset"), Tags: nonNil(n.Tags),
		Upstream: []EdgeJSON{}, Downstream: []EdgeJSON{}, Readers: []AccessJSON{}}
	var when seen
	sub, err := h.neighbours(ctx, n.ID, graphstore.Both, lineage.EdgeDirect, lineage.EdgeMasked, lineage.EdgeIndirect)
	if err != nil {
		return err
	}
	for _, e := range sub.Edges {
		te := storeEdgeJSON(e)
		if e.To == n.ID {
			out.Upstream = append(out.Upstream, te)
		} else {
			out.Downstream = append(out.Downstream, te)
		}
		when.add(e.FirstSeen, e.LastSeen)
	}
	readers, err := h.eng.Readers(ctx, c)
	if err != nil {
		return err
	}
	for _, a := range readers {
		out.Readers = append(out.Readers, AccessJSON{User: a.User, Day: a.Day, Count: a.Count, FirstSeen: timePtr(a.FirstSeen), LastSeen: timePtr(a.LastSeen)})
		when.add(a.FirstSeen, a.LastSeen)
	}
	out.FirstSeen, out.LastSeen = timePtr(when.first), timePtr(when.last)
	if out.Dashboards, err = h.dashboards(ctx, out.Dataset); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// nodeName is a node's readable name: its id without "dataset:" and
// without the platform ("elearn.raw.users.email"); a location keeps its
// URI.
func nodeName(n graphstore.Node) string {
	id := strings.TrimPrefix(n.ID, "dataset:")
	if _, rest, ok := splitPlatform(id); ok {
		return rest
	}
	return id
}

func storeEdgeJSON(e graphstore.Edge) EdgeJSON {
	sub, _ := e.Props["subtype"].(string)
	return EdgeJSON{From: e.From, To: e.To, Kind: e.Kind, Subtype: sub, Count: e.Count,
		FirstSeen: timePtr(e.FirstSeen), LastSeen: timePtr(e.LastSeen)}
}
