package dbt

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/colineage/colineage/sqlparse"
)

// Resource types of dbt nodes that this package reads.
const (
	ResourceModel    = "model"
	ResourceSnapshot = "snapshot"
	ResourceSeed     = "seed"
	ResourceSource   = "source"
)

// Node is a model, snapshot, seed or source of a dbt project.
type Node struct {
	// UniqueID is dbt's id: "model.<package>.<name>" (versioned models add
	// ".v<version>"), "source.<package>.<source>.<table>".
	UniqueID string
	// ResourceType is ResourceModel, ResourceSnapshot, ResourceSeed or
	// ResourceSource.
	ResourceType string
	Name         string
	Package      string
	// Path is the node's file within the project.
	Path string
	// Version is a versioned model's version, "" otherwise.
	Version string
	// Relation is the table or view the node builds (or, for a source,
	// reads).
	Relation Relation
	// Materialized is the model's materialization: view, table,
	// incremental, ephemeral, snapshot, seed, ... ("" for sources).
	Materialized string
	// Language is "sql" or "python" ("" when unknown).
	Language string
	// RawCode is the model's Jinja SQL as written.
	RawCode string
	// CompiledCode is the SQL dbt compiled, when the manifest has it.
	CompiledCode string
	// SQL is the SELECT this package analyses: CompiledCode, or RawCode
	// rendered (the full-refresh branch of is_incremental()).
	SQL string
	// DependsOn lists the unique ids of the nodes it reads.
	DependsOn   []string
	Description string
	Tags        []string
	Meta        map[string]any
	// Columns are the columns documented in the project's yml files.
	Columns []ColumnInfo

	// deltaSQL is the incremental branch, with IncrementalBoth.
	deltaSQL string
}

// ColumnInfo is a column as a project's yml files document it.
type ColumnInfo struct {
	Name        string
	Description string
	DataType    string
	Tags        []string
	Meta        map[string]any
}

// Owner is who owns an exposure.
type Owner struct {
	Name  string
	Email string
}

// Exposure is a dbt exposure: a dashboard, report, notebook or application
// that reads models and sources. It becomes a dashboard dataset in the
// lineage graph.
type Exposure struct {
	UniqueID string
	Name     string
	Label    string
	// Type is dbt's exposure type: dashboard, notebook, analysis, ml,
	// application.
	Type        string
	URL         string
	Maturity    string
	Description string
	Owner       Owner
	Tags        []string
	// DependsOn lists the unique ids of the nodes it reads.
	DependsOn []string
	// Reads are the relations of DependsOn that are known to the project,
	// in DependsOn's order.
	Reads []Relation
}

// CatalogTable is a relation's columns as dbt's catalog.json records them,
// in the table's column order.
type CatalogTable struct {
	// UniqueID is the node or source the table belongs to.
	UniqueID string
	Relation Relation
	// Type is the warehouse's table type ("BASE TABLE", "VIEW", ...).
	Type    string
	Columns []CatalogColumn
}

// CatalogColumn is one column of a CatalogTable.
type CatalogColumn struct {
	Name    string
	Type    string
	Index   int
	Comment string
}

// ColumnTags are the tags a project puts on one column: its dbt tags, plus
// "pii" when the column's meta or tags mark it as personal data (see
// WithPIIMetaKeys and WithPIITags).
type ColumnTags struct {
	// UniqueID is the node or source the column belongs to.
	UniqueID string
	Relation Relation
	Column   string
	Tags     []string
	// PII is set when the PII rules matched.
	PII bool
	// Meta is the column's meta block.
	Meta map[string]any
}

// PIITag is the tag added to columns the PII rules mark.
const PIITag = "pii"

// Project is a loaded dbt project: its nodes in build order, its sources,
// exposures, catalog columns, column tags, and the problems met on the way.
type Project struct {
	// Name is the root project's name.
	Name string
	// AdapterType is the manifest's metadata.adapter_type ("postgres",
	// "snowflake", ...), or the target type of a raw project.
	AdapterType string
	// Dialect is the SQL dialect the adapter type maps to.
	Dialect sqlparse.Dialect
	// SchemaVersion is the manifest's schema version (10, 11, 12), 0 for a
	// project loaded from its files.
	SchemaVersion int
	// Nodes are the models, snapshots and seeds, parents before children.
	Nodes []*Node
	// Sources are the project's sources, by unique id.
	Sources []*Node
	// Exposures are the project's exposures, by unique id.
	Exposures []Exposure
	// Columns are catalog.json's tables (or, for a project loaded from its
	// files, the columns of its seeds' headers).
	Columns []CatalogTable
	// Tags are the column tags of models, seeds, snapshots and sources.
	Tags []ColumnTags
	// Problems are the nodes that could not be read or rendered, each with
	// its reason. A model listed here has no statement, unless its error
	// is ErrUnknownRef (see WithUnknownRefs).
	Problems []*NodeError
	// Disabled lists the unique ids of models that config(enabled=false)
	// or dbt_project.yml turn off; they are not loaded.
	Disabled []string

	opts  options
	items []item
	index map[string]*Node
	// namer runs the project's generate_*_name macros (projects read from
	// their files).
	namer *renderer
}

// IncrementalMode says which branch of is_incremental() a raw model is
// rendered with.
type IncrementalMode uint8

// Incremental modes.
const (
	// IncrementalFullRefresh renders is_incremental() as false: the model's
	// full build (the default).
	IncrementalFullRefresh IncrementalMode = iota
	// IncrementalDelta renders is_incremental() as true: the incremental
	// run, which usually reads {{ this }}.
	IncrementalDelta
	// IncrementalBoth analyses both: the full build as CREATE TABLE .. AS,
	// and, for models that call is_incremental(), the incremental run as
	// INSERT INTO the model's relation.
	IncrementalBoth
)

// Target is the dbt target a raw project is rendered for: it fixes the
// database and schema of models without their own, and `target.*`.
type Target struct {
	Name     string
	Type     string
	Database string
	Schema   string
}

type options struct {
	incremental IncrementalMode
	piiMetaKeys []string
	piiTags     []string
	vars        map[string]any
	target      Target
	targetSet   bool
	dialect     *sqlparse.Dialect
	unknownRefs bool
	filesOnly   bool
}

func defaultOptions() options {
	return options{
		piiMetaKeys: []string{"contains_pii", "pii"},
		piiTags:     []string{"pii", "sensitive"},
		target:      Target{Name: "dev", Type: "postgres", Database: "analytics", Schema: "public"},
	}
}

// Option configures Load.
type Option func(*options)

// WithIncremental chooses the branch of is_incremental() for models that
// are rendered from raw SQL. The default is IncrementalFullRefresh.
func WithIncremental(m IncrementalMode) Option { return func(o *options) { o.incremental = m } }

// WithPIIMetaKeys replaces the meta keys that mark a column as PII when
// their value is true (default: contains_pii, pii).
func WithPIIMetaKeys(keys ...string) Option {
	return func(o *options) { o.piiMetaKeys = append([]string(nil), keys...) }
}

// WithPIITags replaces the column tags that mark a column as PII (default:
// pii, sensitive). Tags compare case-insensitively.
func WithPIITags(tags ...string) Option {
	return func(o *options) { o.piiTags = append([]string(nil), tags...) }
}

// WithVars sets project variables for rendering, over those of
// dbt_project.yml, as `dbt --vars` does.
func WithVars(vars map[string]any) Option {
	return func(o *options) {
		if o.vars == nil {
			o.vars = map[string]any{}
		}
		for k, v := range vars {
			o.vars[k] = v
		}
	}
}

// WithTarget sets the target a raw project is rendered for. Without it,
// the default target of the project's profile in a profiles.yml beside
// dbt_project.yml is used, else name dev, type postgres, database
// analytics, schema public. Its Type also fixes the dialect of a raw
// project.
func WithTarget(t Target) Option {
	return func(o *options) { o.target = t; o.targetSet = true }
}

// WithUnknownRefs renders refs and sources the project does not define
// (models of packages that were not installed, a part of a project) as
// relations in the target's database and schema (a source in a schema of
// its source's name), instead of failing the model. Each such model is
// still listed in Problems, with ErrUnknownRef.
func WithUnknownRefs() Option { return func(o *options) { o.unknownRefs = true } }

// WithProjectFiles makes Load read a project directory's own files (models,
// yml, macros, seeds) even when it has a target/manifest.json.
func WithProjectFiles() Option { return func(o *options) { o.filesOnly = true } }

// WithDialect overrides the dialect the adapter type maps to.
func WithDialect(d sqlparse.Dialect) Option { return func(o *options) { o.dialect = &d } }

// Load reads the dbt project at path. path may be a project directory (its
// target/manifest.json is read when present, else the project's own files
// are read and rendered), a target directory holding manifest.json, or a
// manifest.json file. catalog.json beside the manifest is read when
// present. Problems with single nodes are recorded in Project.Problems;
// the error is for a project that cannot be read at all.
func Load(ctx context.Context, path string, opts ...Option) (*Project, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("dbt: %w", err)
	}
	var manifest, projectDir string
	switch {
	case st.IsDir() && o.filesOnly && fileExists(filepath.Join(path, "dbt_project.yml")):
		return loadProjectDir(ctx, path, o)
	case !st.IsDir():
		manifest = path
		projectDir = projectDirOf(filepath.Dir(path))
	case fileExists(filepath.Join(path, "target", "manifest.json")):
		manifest = filepath.Join(path, "target", "manifest.json")
		projectDir = path
	case fileExists(filepath.Join(path, "manifest.json")):
		manifest = filepath.Join(path, "manifest.json")
		projectDir = projectDirOf(path)
	case fileExists(filepath.Join(path, "dbt_project.yml")):
		return loadProjectDir(ctx, path, o)
	default:
		return nil, fmt.Errorf("dbt: %s: %w", path, ErrNotProject)
	}
	p, err := loadManifestFile(ctx, manifest, projectDir, o)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// projectDirOf returns dir's parent when it holds dbt_project.yml (dir is
// a target directory), else "".
func projectDirOf(dir string) string {
	parent := filepath.Dir(dir)
	if fileExists(filepath.Join(parent, "dbt_project.yml")) {
		return parent
	}
	if fileExists(filepath.Join(dir, "dbt_project.yml")) {
		return dir
	}
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// nodeByID finds a node or source. The index is rebuilt when nodes were
// added or removed since it was built.
func (p *Project) nodeByID(id string) *Node {
	if len(p.index) != len(p.Nodes)+len(p.Sources) {
		p.index = make(map[string]*Node, len(p.Nodes)+len(p.Sources))
		for _, n := range p.Sources {
			p.index[n.UniqueID] = n
		}
		for _, n := range p.Nodes {
			p.index[n.UniqueID] = n
		}
	}
	return p.index[id]
}

// Node returns the model, snapshot, seed or source with the unique id, or
// nil.
func (p *Project) Node(uniqueID string) *Node { return p.nodeByID(uniqueID) }

// dialectFor maps a dbt adapter type to a dialect.
func dialectFor(adapter string) (sqlparse.Dialect, bool) {
	switch strings.ToLower(adapter) {
	case "materialize", "alloydb", "cockroachdb":
		return sqlparse.Postgres, true
	case "oracle", "sqlite", "":
		return sqlparse.ANSI, adapter == ""
	}
	return sqlparse.DialectByName(adapter)
}
