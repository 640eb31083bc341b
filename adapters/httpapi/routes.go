package httpapi

import "net/http"

// route is one endpoint. The OpenAPI test walks this table: every route
// must be in openapi.json with the same method and path, and every path
// there must be a route.
type route struct {
	Method, Path string
	// Auth: the route needs the bearer token when one is set.
	Auth bool
	// Upload: the body is a log upload (WithMaxUploadBytes) rather than a
	// JSON request; an upload is an ingest too.
	Upload bool
	// Ingest: the route writes the graph and runs under WithIngestTimeout
	// instead of the queries' WithTimeout.
	Ingest bool
	Handle func(h *Handler, w http.ResponseWriter, r *http.Request) error
}

// routes is every endpoint the Handler serves. To add one: a row here, a
// method on *Handler, and its path in openapi.json (the test tells what is
// missing).
var routes = []route{
	{Method: "GET", Path: "/openapi.json", Handle: (*Handler).openAPI},
	{Method: "GET", Path: "/healthz", Handle: (*Handler).health},
	{Method: "GET", Path: "/view", Handle: (*Handler).view},
	{Method: "POST", Path: "/api/v1/analyze", Auth: true, Handle: (*Handler).analyze},
	{Method: "POST", Path: "/api/v1/ingest", Auth: true, Ingest: true, Handle: (*Handler).ingestStatements},
	{Method: "POST", Path: "/api/v1/ingest/log/{format}", Auth: true, Upload: true, Ingest: true, Handle: (*Handler).ingestLog},
	{Method: "GET", Path: "/api/v1/trace", Auth: true, Handle: (*Handler).trace},
	{Method: "GET", Path: "/api/v1/paths", Auth: true, Handle: (*Handler).paths},
	{Method: "GET", Path: "/api/v1/impact", Auth: true, Handle: (*Handler).impact},
	{Method: "GET", Path: "/api/v1/dataset", Auth: true, Handle: (*Handler).dataset},
	{Method: "GET", Path: "/api/v1/column", Auth: true, Handle: (*Handler).column},
	{Method: "GET", Path: "/api/v1/search", Auth: true, Handle: (*Handler).search},
	{Method: "GET", Path: "/api/v1/picture", Auth: true, Handle: (*Handler).picture},
	{Method: "POST", Path: "/api/v1/lineage", Auth: true, Ingest: true, Handle: (*Handler).receiveLineage},
	{Method: "GET", Path: "/api/v1/compliance/propagation", Auth: true, Handle: (*Handler).propagation},
	{Method: "GET", Path: "/api/v1/compliance/violations", Auth: true, Handle: (*Handler).violations},
	{Method: "GET", Path: "/api/v1/compliance/plan", Auth: true, Handle: (*Handler).plan},
	{Method: "GET", Path: "/api/v1/compliance/audit", Auth: true, Handle: (*Handler).audit},
	{Method: "GET", Path: "/api/v1/compliance/unneeded", Auth: true, Handle: (*Handler).unneeded},
	{Method: "GET", Path: "/api/v1/compliance/report", Auth: true, Handle: (*Handler).complianceReport},
}

func (h *Handler) health(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}
