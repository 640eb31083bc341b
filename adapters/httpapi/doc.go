// Package httpapi is a thin JSON HTTP shim over a *lineage.Engine, for
// notebooks and compliance tools that do not speak Go. New returns an
// http.Handler any Go service can mount:
//
//	eng := lineage.NewEngine(memory.New(), cat)
//	h := httpapi.New(eng, httpapi.WithToken(os.Getenv("LINEAGE_TOKEN")), httpapi.WithPlatform(lineage.Redshift))
//	http.ListenAndServe("127.0.0.1:8080", h)
//
// Every endpoint is listed in one table (routes.go) and described by the
// OpenAPI 3.1 document served at /openapi.json (openapi.json beside this
// file); a test fails when the two disagree or a response does not match
// its schema. Adding an endpoint is one step in three places: a row in the
// route table, its method on *Handler, and its path in openapi.json.
//
// Errors have one shape everywhere:
//
//	{"error": {"code": "sql_parse", "message": "...", "position": {"line": 1, "column": 8, "offset": 7}}}
//
// with the codes listed at the Code constants. Request bodies are capped
// (WithMaxBodyBytes, WithMaxUploadBytes), every request runs under a
// deadline that cancels the engine's work (WithTimeout, WithIngestTimeout),
// and a bearer token (WithToken) guards the API when set. No endpoint runs
// a query language or reads a file named in the request. A handler's
// panic is a 500 in the same shape, never a crashed server. The compliance
// reports walk the whole graph: identical ones in flight share one
// computation, and WithMaxHeavy bounds how many run at once.
//
// With WithCompliance the compliance reports of lineage/compliance are
// served under /api/v1/compliance/ (propagation, violations, plan, audit,
// unneeded, report); POST /api/v1/lineage (Marquez's path) takes
// OpenLineage RunEvents from Spark, Airflow or dbt through
// adapters/openlineage's Consumer, WithOpenLineage configuring it.
//
// The list-shaped answers (search and the compliance reports but the
// combined one) come in pages: limit items (default DefaultPageLimit, 50
// for search, at most MaxPageLimit) in the answer's total order, with
//
//	"page": {"limit": 100, "total": 1234, "next": "<cursor>"}
//
// where next, passed back as the cursor parameter with the same other
// parameters, asks for the following page, and is null on the last. A
// cursor of a report that changed since, or given with other filters, is
// refused with 409 and code stale_cursor rather than skipping items.
// Pages of one report in flight share its computation; WithReportTTL
// keeps a computed report a while, so that the pages a client asks one
// after the other share it too.
//
// Columns and datasets are named in query parameters either by their id
// ("redshift://elearn.raw.users.email", as every answer gives them) or by
// a dotted name ("elearn.raw.users.email") folded by the platform named in
// the platform parameter, or WithPlatform's.
package httpapi
