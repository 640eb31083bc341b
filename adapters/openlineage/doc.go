// Package openlineage writes the library's lineage as OpenLineage
// RunEvents, for catalogs that speak the protocol (Marquez, DataHub), and
// reads the events other tools emit (Spark, Airflow, dbt, or this package)
// into the same graph.
//
// Emitting, from a query log or a dbt project:
//
//	e := openlineage.NewEmitter(openlineage.NewHTTP(marquezURL+openlineage.MarquezPath, openlineage.WithAPIKey(key)),
//		openlineage.WithNamespace("redshift://examplecluster.us-west-2:5439", lineage.Redshift, lineage.Defaults{}))
//	sum, err := openlineage.EmitSource(ctx, e, querylog.NewRedshift(f), lineage.NewAnalyzer(cat))
//
// Consuming, from a file of JSON lines or an HTTP body:
//
//	c := openlineage.NewConsumer(eng)
//	sum, err := c.ReadJSONL(ctx, f) // or c.Receive(ctx, req.Body)
//
// # What is emitted, and from what
//
// Events are made from analysed statements (lineage.Result values), not
// from the graph. The graph aggregates: a column edge there is the union
// of every statement that made it, with no link to the statement shapes
// that did, so a job's own column lineage cannot be read back from it.
// A Result states exactly what one statement reads, writes and how, which
// is what an OpenLineage job run is. EmitSource analyses a Source the way
// Engine.Ingest does (one Session per log session, so temporary tables
// collapse into the persistent datasets they came from); Emitter.Add takes
// results a caller already has.
//
// Each statement that touches a persistent dataset is a job: a dbt model
// (a statement of the dbt adapter, Context.Session "dbt:<project>") is
// named by its unique id, any other statement by its shape,
// "<dialect>.<kind>.<target>.<hash>" where the hash covers the query
// digest and the session defaults. Every occurrence of a job within one
// window (WithWindow, default an hour) is one run whose id is a name-based
// UUID of the job and the window: emitting the same log again repeats the
// same run ids, so a catalog does not count runs twice. Each run is one
// COMPLETE event whose time is the last occurrence's (for statements
// without a time, WithRunTime). EmitSource sends a window's events once
// the log has moved a window past it (Emitter.FlushBefore), so a long log
// streams out with memory bounded by its open windows; a statement that
// comes later still for a sent window makes another event of the same run.
//
// An event carries: the job's SQL facet with the normalized text only
// (literals replaced by '?': the library never keeps literals, which can
// hold personal data), a jobType facet, and colineage_query (the digest
// and kind, so a reader rebuilds the same Query node); the run's
// nominalTime (the window) and colineage_occurrences (per user, how many
// runs and when first and last); per input its datasetType and a schema
// facet listing the columns the job reads; per output its datasetType,
// the columns written as its schema facet, and the columnLineage facet:
// per output field the input fields with their transformations (type
// DIRECT or INDIRECT, subtype IDENTITY, TRANSFORMATION, AGGREGATION, JOIN,
// GROUP_BY, FILTER, SORT, WINDOW or CONDITIONAL, masking true through a
// hash or mask), and under "dataset" the input fields that decide the
// output's rows as a whole (joins, filters, grouping, sorting).
//
// Dataset namespaces follow OpenLineage's naming: redshift://cluster.region:port,
// snowflake://org-account, bigquery, postgres://host:port,
// mysql://host:port, hive://host:port, trino://host:port, and for
// external locations the URI's scheme and authority (s3://bucket) with the
// object key as the name. Hosts and accounts come from WithNamespace.
// Names are the stored (case-folded) names joined by dots.
//
// # Transports
//
// NewJSONLines writes one event per line to an io.Writer. NewHTTP posts
// each event to an endpoint (Marquez's MarquezPath, DataHub's
// DataHubPath), several at a time, with a per-attempt timeout, an optional
// bearer API key, and retries with exponential backoff and jitter on 5xx,
// 408, 429 (honouring Retry-After) and network errors; an event that
// cannot be delivered is a *SendError (errors.Is ErrRejected or
// ErrUnavailable) and the others are still sent. The retry loop is written
// here rather than taken from a retry library: it is a few lines, and
// the rules it needs (which statuses, Retry-After, one event per request)
// are OpenLineage's, not generic.
//
// # Consuming
//
// A Consumer maps each event's datasets to the library's identities
// (WithNamespace maps a producer's host or account to a platform and
// default database; otherwise the namespace's scheme names the platform,
// and an unknown scheme makes an external location), then writes through
// lineage.Engine.Record: FLOWS_TO from every input to every output,
// columns from schema facets, and column edges from the columnLineage
// facet (its transformations, or the older per-field transformationType).
// An event with an SQL facet and no column lineage is analysed by the
// Engine's Analyzer in the facet's dialect (or its namespace's platform's).
// Another producer's SQL is kept only as normalized text, and only when it
// parses. Names from another producer are folded as unquoted SQL names of
// the platform would be; names from this package's producer are taken as
// stored.
//
// Each event is one keyed batch (its run id and a hash of its bytes),
// so the same event twice leaves the graph as it was, counts included, in
// this process or another. Edge counts grow by one per event that states
// the edge (or, for this package's events, by the runs their
// colineage_occurrences facet counts): a producer that repeats a run's
// lineage in its START and COMPLETE events counts it twice. FAIL and ABORT
// events are counted and skipped.
// A bad event (no run id, an unknown eventType, a malformed facet) is an
// *EventError with its line and the JSON path of the field; the rest of
// the batch goes on.
//
// Reading back what an Emitter wrote gives the graph Engine.Ingest writes
// for the same statements (see the round-trip test on testdata/warehouse),
// except the Query nodes of statements that touch no dataset (USE, SET),
// which make no job.
package openlineage
