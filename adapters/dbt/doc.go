// Package dbt reads a dbt project (its target/manifest.json and
// catalog.json, or its own files) and turns it into what the lineage engine
// ingests: one lineage.Statement per model, whose SQL states the model's
// relation as its target, the catalog's columns, the columns' tags (the seed
// of PII tracking) and the exposures (dashboards) with what they read.
//
// The main call:
//
//	p, err := dbt.Load(ctx, "path/to/project")
//	src := p.Statements() // a lineage.Source, parents before children
//	for {
//		st, err := src.Next(ctx)
//		...
//	}
//
// # Manifests
//
// Manifest schema versions v10 to v12 (dbt 1.6 to 1.10+) are read; the
// version comes from metadata.dbt_schema_version, the dialect from
// metadata.adapter_type (postgres, redshift, snowflake, bigquery,
// databricks/spark, trino, duckdb, sqlserver/synapse/fabric, ...). The manifest is
// decoded as a stream, node by node: a node that cannot be decoded is a
// *NodeError carrying its unique_id in Project.Problems, and the rest is
// read. Relations are spelled as the manifest's relation_name spells them,
// so the quoting dbt applied (Postgres and Redshift quote, Snowflake does
// not) decides the case folding, by the platform's rules of package
// lineage: a model and the table a logged query names are one dataset.
//
// # Projects without a manifest
//
// A directory with dbt_project.yml and no target/manifest.json (or any
// directory, with WithProjectFiles) is read from its files: models (.sql;
// .py models are reported), snapshots ({% snapshot %} blocks), seeds (their
// CSV header gives their columns), macros, and the properties yml files
// (columns with meta and tags, sources, exposures). Configs come from
// dbt_project.yml (per folder, +materialized, +schema, +tags, +enabled),
// the yml files and config() calls, in dbt's order of precedence; schemas
// follow dbt's default naming (<target schema>_<custom>) unless the project
// defines its own generate_schema_name (or generate_database_name,
// generate_alias_name) macro, which is then run for each node. The
// target comes from WithTarget, else from a profiles.yml beside the project.
// Models that config(enabled=false) turns off are listed in
// Project.Disabled. Loading the sample warehouse's project from its files
// and from the manifest `dbt parse` wrote gives the same statements.
//
// # Statements
//
// A table, incremental model or snapshot becomes `CREATE TABLE <relation>
// AS <select>`, a view `CREATE VIEW <relation> AS <select>`. Ephemeral
// models are analysed as views under the relation dbt would give them had
// they been views: their lineage stays visible as a node of its own, and a
// raw model that refs one reads that view. (Compiled code from a manifest
// already inlines ephemeral models as __dbt__cte__ CTEs, and there the view
// node only carries the ephemeral model's own lineage.) Seeds have no SQL:
// they are relations whose columns come from catalog.json or, for a project
// read from its files, from the CSV header.
//
// # Rendering raw SQL
//
// A model without compiled code (a manifest from `dbt parse`, or a project
// read from its files) is rendered with Jinja: ref (one or two arguments,
// v= or version= for versioned models), source, config (whose keyword
// arguments set the materialization, schema and alias of a raw project),
// var (project vars, WithVars, then the call's default), is_incremental
// (false by default; see WithIncremental, which can also analyse both
// branches), this (with .database, .schema, .identifier), target, env_var
// with a default, execute (true, as when dbt compiles), return,
// adapter.dispatch (to the <adapter>__name or default__name macro), the
// text-only cross-database macros of the dbt namespace (date_trunc,
// dateadd, datediff, type_string, safe_cast, hash, ...), dbt_utils'
// generate_surrogate_key, dbt's as_bool and as_text filters, and the
// project's own macros, which are prepended to the model when it calls
// them. Macros that need dbt's Python runtime or the warehouse (run_query,
// dbt_utils.star, packages' macros called by namespace) are not run: such a
// model is a *RenderError in Problems that names them, never dropped
// silently. A ref or source that names nothing in the project fails the
// model too, unless WithUnknownRefs renders it in the target's schema.
//
// The Jinja engine is github.com/nikolalohinski/gonja/v2 (v2.9.1). It was
// chosen over the alternatives because it is a port of Python's Jinja2, the
// engine dbt itself runs: the constructs dbt models use ({% call %} blocks,
// {% set %} blocks, macros with keyword arguments, filters, whitespace
// control) behave as in dbt; Go functions receive positional and keyword
// arguments (ref('pkg', 'm', v=2)); Go values can expose attributes and a
// string form at once (this, this.schema), as dbt's Relation does; its
// StrictUndefined mode turns an unknown name into an error instead of an
// empty string, so nothing is rendered silently wrong; and it is
// maintained (releases through 2026) and builds with this module's Go.
// github.com/ardanlabs/jinja is maintained and dependency-free but is built
// for LLM chat templates (no {% call %}, values cannot carry both
// attributes and a string form) and only its v1.8.0 builds with Go 1.26;
// github.com/flosch/pongo2 implements Django's template language rather
// than Jinja2 and has had no release since 2022.
//
// # Limits
//
// A manifest holds no project variables: a manifest read away from its
// project's dbt_project.yml needs WithVars for models whose var() calls
// have no default. Rendering runs templates
// without a time limit: a template that loops for ever (range over a huge
// number) holds its caller.
//
// # Tags
//
// Column tags and meta come from the manifest (or the yml files). A column
// is PII when a meta key of WithPIIMetaKeys is true (default contains_pii,
// pii) or it has a tag of WithPIITags (default pii, sensitive); it then
// carries the tag "pii" in Project.Tags.
package dbt
