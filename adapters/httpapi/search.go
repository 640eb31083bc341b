package httpapi

import (
	"net/http"
	"strings"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// SearchJSON is the answer of /api/v1/search.
type SearchJSON struct {
	Results   []SearchHit `json:"results"`
	Truncated bool        `json:"truncated"`
}

// SearchHit is a dataset or column whose name starts with the prefix.
type SearchHit struct {
	ID   string   `json:"id"`
	Kind string   `json:"kind"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

// search is GET /api/v1/search: datasets and columns by name prefix
// (case-insensitive), on their readable name or their id.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	prefix, err := required(r, "prefix")
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 50, 1, 1000)
	if err != nil {
		return err
	}
	var kinds []string
	switch k := r.URL.Query().Get("kind"); k {
	case "":
		kinds = []string{lineage.NodeDataset, lineage.NodeColumn}
	case "dataset":
		kinds = []string{lineage.NodeDataset}
	case "column":
		kinds = []string{lineage.NodeColumn}
	default:
		return badRequest("kind must be dataset or column, not %q", k)
	}
	want := strings.ToLower(prefix)
	out := SearchJSON{Results: []SearchHit{}}
	for _, kind := range kinds {
		nodes, err := h.eng.Store().Find(r.Context(), graphstore.Query{Kind: kind})
		if err != nil {
			return err
		}
		for _, n := range nodes {
			name := nodeName(n)
			if !strings.HasPrefix(strings.ToLower(name), want) && !strings.HasPrefix(strings.ToLower(n.ID), want) {
				continue
			}
			if len(out.Results) == limit {
				out.Truncated = true
				break
			}
			out.Results = append(out.Results, SearchHit{ID: n.ID, Kind: n.Kind, Name: name, Tags: nonNil(n.Tags)})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
