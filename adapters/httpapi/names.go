package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// platformNamed finds a platform by its name or by a dialect's name or
// alias ("postgresql", "spark").
func platformNamed(name string) (lineage.Platform, bool) {
	for _, p := range lineage.Platforms() {
		if strings.EqualFold(string(p), name) {
			return p, true
		}
	}
	if d, ok := sqlparse.DialectByName(name); ok {
		return lineage.PlatformOf(d), true
	}
	return "", false
}

// platform is the request's platform parameter, or the Handler's.
func (h *Handler) platform(r *http.Request) (lineage.Platform, error) {
	name := r.URL.Query().Get("platform")
	if name == "" {
		return h.cfg.platform, nil
	}
	p, ok := platformNamed(name)
	if !ok {
		return "", badRequest("unknown platform %q", name)
	}
	return p, nil
}

// required returns a query parameter that must be there.
func required(r *http.Request, key string) (string, error) {
	v := strings.TrimSpace(r.URL.Query().Get(key))
	if v == "" {
		return "", badRequest("query parameter %q is required", key)
	}
	return v, nil
}

// intParam reads an optional integer parameter in [lo, hi].
func intParam(r *http.Request, key string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("query parameter %q must be an integer from %d to %d, not %q", key, lo, hi, v)
	}
	return n, nil
}

// boolParam reads an optional boolean parameter.
func boolParam(r *http.Request, key string) (bool, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("query parameter %q must be true or false, not %q", key, v)
	}
	return b, nil
}

// splitPlatform splits "platform://rest" when platform is known.
func splitPlatform(s string) (lineage.Platform, string, bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return "", s, false
	}
	p, ok := platformNamed(s[:i])
	if !ok || string(p) != strings.ToLower(s[:i]) {
		return "", s, false
	}
	return p, s[i+3:], true
}

// datasetNamed makes a Dataset from an id ("redshift://db.schema.t", an
// "s3://..." location) or a dotted name on the request's platform.
func (h *Handler) datasetNamed(r *http.Request, s string) (lineage.Dataset, error) {
	if p, rest, ok := splitPlatform(s); ok {
		return p.DatasetFromString(rest, lineage.Defaults{}), nil
	}
	if strings.Contains(s, "://") {
		return lineage.Location(s), nil
	}
	p, err := h.platform(r)
	if err != nil {
		return lineage.Dataset{}, err
	}
	return p.DatasetFromString(s, lineage.Defaults{}), nil
}

// columnNamed makes a Column from an id or a dotted name
// ("db.schema.table.column"; a location's column is "s3://...#column").
func (h *Handler) columnNamed(r *http.Request, s string) (lineage.Column, error) {
	p, rest, ok := splitPlatform(s)
	if !ok && strings.Contains(s, "://") {
		i := strings.LastIndexByte(s, '#')
		if i < 0 {
			return lineage.Column{}, badRequest("%q names no column: a location's column is location#column", s)
		}
		return lineage.Column{Dataset: lineage.Location(s[:i]), Name: s[i+1:]}, nil
	}
	if !ok {
		var err error
		if p, err = h.platform(r); err != nil {
			return lineage.Column{}, err
		}
	}
	parts := lineage.SplitName(rest)
	if len(parts) < 2 {
		return lineage.Column{}, badRequest("%q names no column: want table.column at least", s)
	}
	ds := p.Dataset(parts[:len(parts)-1], lineage.Defaults{})
	return p.Column(ds, parts[len(parts)-1]), nil
}

// existing returns the graph node id, or not_found when the graph does
// not hold it.
func (h *Handler) existing(ctx context.Context, id, what, asked string) (graphstore.Node, error) {
	n, err := h.eng.Store().Node(ctx, id)
	if errors.Is(err, graphstore.ErrNotFound) {
		return n, notFound("unknown %s %q (looked for %s)", what, asked, id).wrap(err)
	}
	return n, err
}

// columnParam reads a column parameter that must be in the graph.
func (h *Handler) columnParam(r *http.Request, key string) (lineage.Column, graphstore.Node, error) {
	s, err := required(r, key)
	if err != nil {
		return lineage.Column{}, graphstore.Node{}, err
	}
	c, err := h.columnNamed(r, s)
	if err != nil {
		return c, graphstore.Node{}, err
	}
	n, err := h.existing(r.Context(), lineage.ColumnNodeID(c), "column", s)
	return c, n, err
}

// datasetParam reads a dataset parameter that must be in the graph.
func (h *Handler) datasetParam(r *http.Request, key string) (lineage.Dataset, graphstore.Node, error) {
	s, err := required(r, key)
	if err != nil {
		return lineage.Dataset{}, graphstore.Node{}, err
	}
	d, err := h.datasetNamed(r, s)
	if err != nil {
		return d, graphstore.Node{}, err
	}
	n, err := h.existing(r.Context(), lineage.DatasetNodeID(d), "dataset", s)
	return d, n, err
}
