// Package compliance answers the questions a data-protection review asks
// of a lineage graph: where personal data flows and in what state, which
// flows break the policy, what to do for a data subject's request, who
// read personal data, and what nobody needs any more.
//
// It reads the graph that lineage.Engine writes, through the
// graphstore.Store interface only, so the memory store and Neo4j give the
// same answers:
//
//	pol, err := compliance.LoadPolicy(f, "policy.yaml")  // *PolicyError names file:line:column
//	chk, err := compliance.New(store, pol)
//	_, err = chk.ApplyRules(ctx)                          // tag at ingestion: name rules and globs
//	err = chk.Tag(ctx, "email", compliance.SourceAPI, col) // or tag by hand
//	rep, err := chk.Report(ctx, compliance.ReportOptions{Subjects: []string{"raw.users.user_id"}})
//	rep.WriteMarkdown(os.Stdout)                          // or json.Marshal(rep), rep.WriteCSV(w)
//
// Each part has its own call: Propagation, Violations, Plan, Audit and
// Unneeded.
//
// # Policy
//
// A YAML (or JSON) file; testdata/warehouse/policy.yaml in the repository
// documents every key. Classes of personal data (email, phone, name ...)
// name columns by regular expressions and dataset.column globs; zones say
// which datasets may hold raw values and which only masked ones, and an
// external location (s3://, gs://, azure://, a Snowflake @stage, a BigQuery
// EXPORT DATA URI) is outside every zone unless one lists it; functions
// say which SQL functions mask, generalise or aggregate away personal data
// (defaults: the warehouses' hashes; date_trunc, round ...; count), and a
// class may add its own generalising functions (a prefix of a postcode is
// coarser, of an e-mail it is not: left(email, 320) stays raw); raw
// readers name the users and roles allowed to read raw values.
//
// # Tags and states
//
// A column is tagged "pii:<class>" with the source (rule, dbt, api) and
// time kept in its properties; columns tagged by dbt through
// lineage.Engine.TagColumns count too, classified by the name rules.
// Propagation follows DIRECT, MASKED and INDIRECT column edges from every
// tagged column and gives each column reached a State: raw, masked (a
// one-way hash: still personal data while the mapping can be rebuilt),
// generalised, aggregated (not personal) or derived (computed using
// personal data without carrying it: filters, joins, grouping, per-person
// features). What a hop does rests on the edge where the edge says it: an
// INDIRECT edge derives, a DIRECT IDENTITY edge copies the raw value, a
// MASKED edge masks. Where the edge leaves the function open (a
// TRANSFORMATION or AGGREGATION, or an edge without a subtype) the
// statement's normalized text and the policy's function lists decide
// (a masking UDF, date_trunc of a birth date, a count distinct); on a
// MASKED edge the text names the hash and whether it is unsalted. Each
// state comes with the path that proves it: per hop the
// edge kind and subtype, the function, the statements (digest, normalized
// text, users, roles, dashboards, first and last seen).
//
// # Report schema
//
// Report's JSON is the stable schema "colineage.compliance/v1" (Report.Schema):
//
//	schema, generated_at, policy
//	propagation: {tags: [Tag], columns: [ColumnState], derived: [ColumnState], truncated}
//	  Tag:          {column, id, class, source: rule|dbt|api, at}
//	  ColumnState:  {column, id, dataset, dataset_kind, class, state, weak, tagged, origin, path: [Hop]}
//	  Hop:          {from, to, kind, subtype, function, weak, state, count, first_seen, last_seen, statements: [StatementRef]}
//	  StatementRef: {digest, normalized, kind, users, roles, dashboards, count, first_seen, last_seen}
//	violations: [{rule, column, dataset, class, state, external, detail, path, statements, users,
//	              first_seen, last_seen, days, count}]
//	  rule: raw_outside_zone | masked_outside_zone | unallowed_raw_reader | untagged_copy | weak_mask
//	plans: [{kind: erasure|access|portability, subject, received, due, notes,
//	         steps: [{order, dataset, dataset_kind, external, action, key, key_how, hops,
//	                  columns: [{column, class, state, weak, note}]}]}]
//	audit: {window: {from, to}, new_readers, outside_allowed,
//	        entries: [{column, class, state, user, roles, days, count, time_unknown,
//	                   first_seen, last_seen, queries: [StatementRef], dashboards, new_reader, allowed}]}
//	unneeded: {days, since, copies: [{column, dataset, class, state, origin, last_read, last_written}],
//	           datasets: [{dataset, last_read, columns}], duplicates: [{shape, datasets}], undetermined}
//
// Times are RFC 3339 in UTC; a time the logs do not give is null, never a
// zero date (reads without a time are counted in time_unknown). Lists are
// never null. Days are "YYYY-MM-DD" (UTC).
package compliance
