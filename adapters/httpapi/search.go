package httpapi

import (
	"hash/fnv"
	"net/http"
	"strings"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// SearchJSON is the answer of /api/v1/search: a page of the matches.
type SearchJSON struct {
	Results []SearchHit `json:"results"`
	// Truncated is set when further pages follow (Page.Next).
	Truncated bool `json:"truncated"`
	Page      Page `json:"page"`
}

// SearchHit is a dataset or column whose name starts with the prefix.
type SearchHit struct {
	ID   string   `json:"id"`
	Kind string   `json:"kind"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

// search is GET /api/v1/search: datasets and columns by name prefix
// (case-insensitive), on their readable name or their id, datasets first,
// each kind sorted by id.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	prefix, err := required(r, "prefix")
	if err != nil {
		return err
	}
	pg, err := readPager(r, defaultSearchLimit)
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
	var matches []graphstore.Node
	fp := fnv.New64a()
	for _, kind := range kinds {
		nodes, err := h.eng.Store().Find(r.Context(), graphstore.Query{Kind: kind})
		if err != nil {
			return err
		}
		for _, n := range nodes {
			if !strings.HasPrefix(strings.ToLower(nodeName(n)), want) && !strings.HasPrefix(strings.ToLower(n.ID), want) {
				continue
			}
			matches = append(matches, n)
			fp.Write([]byte(n.ID))
			fp.Write([]byte{0})
		}
	}
	if err := pg.answer(r, fp.Sum64()); err != nil {
		return err
	}
	out := SearchJSON{Results: []SearchHit{}}
	for _, n := range cut(pg, matches) {
		out.Results = append(out.Results, SearchHit{ID: n.ID, Kind: n.Kind, Name: nodeName(n), Tags: nonNil(n.Tags)})
	}
	out.Page = pg.page()
	out.Truncated = out.Page.Next != nil
	writeJSON(w, http.StatusOK, out)
	return nil
}
