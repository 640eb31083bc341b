package dbt

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// projectFile is the part of dbt_project.yml this package reads.
type projectFile struct {
	Name          string          `yaml:"name"`
	Profile       string          `yaml:"profile"`
	ModelPaths    []string        `yaml:"model-paths"`
	SeedPaths     []string        `yaml:"seed-paths"`
	SnapshotPaths []string        `yaml:"snapshot-paths"`
	MacroPaths    []string        `yaml:"macro-paths"`
	Vars          map[string]any  `yaml:"vars"`
	Models        map[string]any  `yaml:"models"`
	Seeds         map[string]any  `yaml:"seeds"`
	Snapshots     map[string]any  `yaml:"snapshots"`
	Quoting       quotingOverride `yaml:"quoting"`
}

func readProjectFile(p string) (*projectFile, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var pf projectFile
	if err := yaml.Unmarshal(b, &pf); err != nil {
		return nil, fmt.Errorf("dbt: %s: %w", p, err)
	}
	// Variables may be scoped to a package: vars: {my_project: {x: 1}}.
	flat := map[string]any{}
	for k, v := range pf.Vars {
		if m, ok := v.(map[string]any); ok && k == pf.Name {
			for k2, v2 := range m {
				flat[k2] = v2
			}
			continue
		}
		flat[k] = v
	}
	pf.Vars = flat
	return &pf, nil
}

// schemaFile is a properties yml file (models/*.yml).
type schemaFile struct {
	Models    []yamlNode     `yaml:"models"`
	Seeds     []yamlNode     `yaml:"seeds"`
	Snapshots []yamlNode     `yaml:"snapshots"`
	Sources   []yamlSource   `yaml:"sources"`
	Exposures []yamlExposure `yaml:"exposures"`
}

type yamlNode struct {
	Name        string         `yaml:"name"`
	Description string         `yaml:"description"`
	Config      map[string]any `yaml:"config"`
	Meta        map[string]any `yaml:"meta"`
	Tags        any            `yaml:"tags"`
	Columns     []yamlColumn   `yaml:"columns"`
}

type yamlColumn struct {
	Name        string         `yaml:"name"`
	Description string         `yaml:"description"`
	DataType    string         `yaml:"data_type"`
	Meta        map[string]any `yaml:"meta"`
	Tags        any            `yaml:"tags"`
	Config      struct {
		Meta map[string]any `yaml:"meta"`
		Tags any            `yaml:"tags"`
	} `yaml:"config"`
}

type yamlSource struct {
	Name       string          `yaml:"name"`
	Database   string          `yaml:"database"`
	Schema     string          `yaml:"schema"`
	Identifier string          `yaml:"identifier"`
	Quoting    quotingOverride `yaml:"quoting"`
	Tables     []struct {
		yamlNode   `yaml:",inline"`
		Identifier string `yaml:"identifier"`
	} `yaml:"tables"`
}

type yamlExposure struct {
	Name        string   `yaml:"name"`
	Label       string   `yaml:"label"`
	Type        string   `yaml:"type"`
	URL         string   `yaml:"url"`
	Maturity    string   `yaml:"maturity"`
	Description string   `yaml:"description"`
	Tags        any      `yaml:"tags"`
	DependsOn   []string `yaml:"depends_on"`
	Owner       struct {
		Name  string `yaml:"name"`
		Email string `yaml:"email"`
	} `yaml:"owner"`
}

// stringList reads a yml tags value: a string or a list of strings.
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			switch s := e.(type) {
			case string:
				out = append(out, s)
			case fmt.Stringer:
				out = append(out, s.String())
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}

// rawFile is a model or snapshot read from disk.
type rawFile struct {
	node *Node
	raw  string
	cfg  map[string]any
}

// loadProjectDir reads a project from its files: dbt_project.yml, models,
// snapshots, seeds, macros and the yml files beside them, and renders
// every model.
func loadProjectDir(ctx context.Context, dir string, o options) (*Project, error) {
	pf, err := readProjectFile(filepath.Join(dir, "dbt_project.yml"))
	if err != nil {
		return nil, err
	}
	if pf.Name == "" {
		return nil, fmt.Errorf("dbt: %s: dbt_project.yml has no name: %w", dir, ErrNotProject)
	}
	if !o.targetSet {
		if t, ok := readProfileTarget(filepath.Join(dir, "profiles.yml"), pf.Profile); ok {
			o.target = t
		}
	}
	p := &Project{opts: o, Name: pf.Name}
	p.AdapterType = o.target.Type
	p.setDialect()
	q := pf.Quoting.over(defaultQuoting(p.AdapterType))
	orDefault := func(v []string, d string) []string {
		if len(v) == 0 {
			return []string{d}
		}
		return v
	}

	// Properties files, anywhere under model, seed and snapshot paths.
	props := map[string]yamlNode{}
	var exposures []yamlExposure
	var sources []yamlSource
	var yamlDirs []string
	yamlDirs = append(yamlDirs, orDefault(pf.ModelPaths, "models")...)
	yamlDirs = append(yamlDirs, orDefault(pf.SeedPaths, "seeds")...)
	yamlDirs = append(yamlDirs, orDefault(pf.SnapshotPaths, "snapshots")...)
	for _, root := range yamlDirs {
		err := walkFiles(filepath.Join(dir, root), func(rel, full string) error {
			if ext := path.Ext(rel); ext != ".yml" && ext != ".yaml" {
				return nil
			}
			b, err := os.ReadFile(full)
			if err != nil {
				return err
			}
			var sf schemaFile
			if err := yaml.Unmarshal(b, &sf); err != nil {
				p.Problems = append(p.Problems, &NodeError{UniqueID: path.Join(root, rel), Path: path.Join(root, rel), Reason: "cannot read properties file", Err: fmt.Errorf("%w: %w", ErrMalformedNode, err)})
				return nil
			}
			for _, lists := range [][]yamlNode{sf.Models, sf.Seeds, sf.Snapshots} {
				for _, m := range lists {
					props[m.Name] = m
				}
			}
			sources = append(sources, sf.Sources...)
			exposures = append(exposures, sf.Exposures...)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	for _, s := range sources {
		for _, t := range s.Tables {
			ident := t.Identifier
			if ident == "" {
				ident = t.Name
			}
			schema := s.Schema
			if schema == "" {
				schema = s.Name
			}
			db := s.Database
			if db == "" {
				db = o.target.Database
			}
			sq := s.Quoting.over(q)
			n := &Node{
				UniqueID: "source." + pf.Name + "." + s.Name + "." + t.Name, ResourceType: ResourceSource,
				Name: t.Name, Package: pf.Name, Description: t.Description,
				Relation: Relation{Database: db, Schema: schema, Name: ident, Quote: sq},
				Tags:     stringList(t.Tags), Meta: t.Meta,
			}
			n.Columns = yamlColumns(t.Columns)
			p.Sources = append(p.Sources, n)
		}
	}

	var macros []macroDef
	for _, root := range orDefault(pf.MacroPaths, "macros") {
		err := walkFiles(filepath.Join(dir, root), func(rel, full string) error {
			if path.Ext(rel) != ".sql" {
				return nil
			}
			b, err := os.ReadFile(full)
			if err != nil {
				return err
			}
			macros = append(macros, splitMacros(string(b), pf.Name)...)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// The project's own naming macros, when it has them, decide schemas,
	// databases and aliases.
	for _, m := range macros {
		if m.pkg == pf.Name && (m.name == "generate_schema_name" || m.name == "generate_database_name" || m.name == "generate_alias_name") {
			p.namer = newRenderer(p, mergeVars(pf.Vars, o.vars), macros)
			break
		}
	}
	var files []rawFile
	seenIDs := map[string]string{}
	addNode := func(kind, root, rel string, raw string, cfgTree map[string]any) bool {
		name := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
		id := kind + "." + pf.Name + "." + name
		if first, dup := seenIDs[id]; dup {
			p.Problems = append(p.Problems, &NodeError{UniqueID: id, Path: path.Join(root, rel), Reason: "duplicate name: " + first + " has it too; this file is skipped", Err: ErrMalformedNode})
			return false
		}
		seenIDs[id] = path.Join(root, rel)
		n := &Node{
			UniqueID: kind + "." + pf.Name + "." + name, ResourceType: kind, Name: name,
			Package: pf.Name, Path: path.Join(root, rel), RawCode: raw, Language: "sql",
		}
		if path.Ext(rel) == ".py" {
			n.Language = "python"
		}
		cfg := projectConfig(cfgTree, pf.Name, path.Dir(rel))
		if pr, ok := props[name]; ok {
			for k, v := range pr.Config {
				cfg[k] = v
			}
			n.Description = pr.Description
			n.Columns = yamlColumns(pr.Columns)
			n.Meta = mergeMeta(pr.Meta, asMap(pr.Config["meta"]))
			n.Tags = mergeTags(stringList(pr.Tags), stringList(pr.Config["tags"]))
		}
		n.Tags = mergeTags(n.Tags, stringList(cfg["tags"]))
		p.applyConfig(n, cfg, kind, q)
		p.Nodes = append(p.Nodes, n)
		files = append(files, rawFile{node: n, raw: raw, cfg: cfg})
		return true
	}
	for _, root := range orDefault(pf.ModelPaths, "models") {
		err := walkFiles(filepath.Join(dir, root), func(rel, full string) error {
			ext := path.Ext(rel)
			if ext != ".sql" && ext != ".py" {
				return nil
			}
			b, err := os.ReadFile(full)
			if err != nil {
				return err
			}
			addNode(ResourceModel, root, rel, string(b), pf.Models)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, root := range orDefault(pf.SnapshotPaths, "snapshots") {
		err := walkFiles(filepath.Join(dir, root), func(rel, full string) error {
			if path.Ext(rel) != ".sql" {
				return nil
			}
			b, err := os.ReadFile(full)
			if err != nil {
				return err
			}
			src := string(b)
			rel2 := rel
			if m := snapshotNameRE.FindStringSubmatch(src); m != nil {
				rel2 = path.Join(path.Dir(rel), m[1]+".sql")
			}
			addNode(ResourceSnapshot, root, rel2, snapshotBody(src), pf.Snapshots)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, root := range orDefault(pf.SeedPaths, "seeds") {
		err := walkFiles(filepath.Join(dir, root), func(rel, full string) error {
			if path.Ext(rel) != ".csv" {
				return nil
			}
			if !addNode(ResourceSeed, root, rel, "", pf.Seeds) {
				return nil
			}
			n := p.Nodes[len(p.Nodes)-1]
			files = files[:len(files)-1]
			header, err := csvHeader(full)
			if err != nil {
				p.problem(n, "cannot read seed header", fmt.Errorf("%w: %w", ErrMalformedNode, err))
				return nil
			}
			t := CatalogTable{UniqueID: n.UniqueID, Relation: n.Relation, Type: "seed"}
			for i, h := range header {
				t.Columns = append(t.Columns, CatalogColumn{Name: h, Index: i + 1})
			}
			p.Columns = append(p.Columns, t)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	// First pass: collect config() calls, which may change a model's
	// relation and materialization.
	pre := newRenderer(p, mergeVars(pf.Vars, o.vars), macros)
	pre.lenient = true
	for i := range files {
		f := &files[i]
		if f.node.Language == "python" {
			continue
		}
		res, err := pre.render(f.node, f.raw, false)
		if err != nil {
			continue // reported by the second pass
		}
		if len(res.config) > 0 {
			cfg := map[string]any{}
			for k, v := range f.cfg {
				cfg[k] = v
			}
			for k, v := range res.config {
				cfg[k] = v
			}
			f.node.Tags = mergeTags(f.node.Tags, stringList(res.config["tags"]))
			p.applyConfig(f.node, cfg, f.node.ResourceType, q)
			f.cfg = cfg
		}
	}
	// Disabled models are not part of the project.
	kept := p.Nodes[:0]
	for _, n := range p.Nodes {
		if isDisabled(cfgOf(files, n)) {
			p.Disabled = append(p.Disabled, n.UniqueID)
			continue
		}
		kept = append(kept, n)
	}
	p.Nodes = kept
	// Second pass: render for real; ref() and source() give depends_on.
	if err := p.compile(ctx, pf.Vars, macros); err != nil {
		return nil, err
	}

	for _, e := range exposures {
		x := Exposure{
			UniqueID: "exposure." + pf.Name + "." + e.Name, Name: e.Name, Label: e.Label, Type: e.Type,
			URL: e.URL, Maturity: e.Maturity, Description: e.Description, Tags: stringList(e.Tags),
			Owner: Owner{Name: e.Owner.Name, Email: e.Owner.Email},
		}
		for _, d := range e.DependsOn {
			id, ok := p.resolveDependsOn(d)
			if !ok {
				p.Problems = append(p.Problems, &NodeError{UniqueID: x.UniqueID, Reason: fmt.Sprintf("depends_on %q names no model or source", d), Err: ErrMalformedNode})
				continue
			}
			x.DependsOn = append(x.DependsOn, id)
		}
		p.Exposures = append(p.Exposures, x)
	}
	p.finish()
	return p, nil
}

func cfgOf(files []rawFile, n *Node) map[string]any {
	for _, f := range files {
		if f.node == n {
			return f.cfg
		}
	}
	return nil
}

// isDisabled reads an enabled config: false, or a string that says false.
func isDisabled(cfg map[string]any) bool {
	switch v := cfg["enabled"].(type) {
	case bool:
		return !v
	case string:
		return strings.EqualFold(strings.TrimSpace(v), "false")
	}
	return false
}

// readProfileTarget reads the default target of a profile from a
// profiles.yml beside the project, as `dbt --profiles-dir .` would. Values
// that are Jinja (env_var) are not rendered; only type, database (dbname)
// and schema are read.
func readProfileTarget(p, profile string) (Target, bool) {
	b, err := os.ReadFile(p)
	if err != nil || profile == "" {
		return Target{}, false
	}
	var doc map[string]struct {
		Target  string `yaml:"target"`
		Outputs map[string]struct {
			Type     string `yaml:"type"`
			Database string `yaml:"database"`
			DBName   string `yaml:"dbname"`
			Schema   string `yaml:"schema"`
			Dataset  string `yaml:"dataset"`
			Project  string `yaml:"project"`
		} `yaml:"outputs"`
	}
	if yaml.Unmarshal(b, &doc) != nil {
		return Target{}, false
	}
	prof, ok := doc[profile]
	if !ok {
		return Target{}, false
	}
	out, ok := prof.Outputs[prof.Target]
	if !ok || out.Type == "" {
		return Target{}, false
	}
	t := Target{Name: prof.Target, Type: out.Type, Database: firstOf(out.Database, out.DBName, out.Project), Schema: firstOf(out.Schema, out.Dataset)}
	return t, true
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func mergeVars(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

var (
	snapshotNameRE = regexp.MustCompile(`\{%-?\s*snapshot\s+(\w+)\s*-?%\}`)
	dependsRefRE   = regexp.MustCompile(`^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$`)
	dependsSrcRE   = regexp.MustCompile(`^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$`)
	macroBlockRE   = regexp.MustCompile(`(?s)\{%-?\s*macro\s+([A-Za-z_]\w*)\s*\(.*?\{%-?\s*endmacro\s*-?%\}`)
)

// resolveDependsOn resolves an exposure's "ref('x')" or "source('a','b')".
func (p *Project) resolveDependsOn(s string) (string, bool) {
	if m := dependsRefRE.FindStringSubmatch(s); m != nil {
		pkg, name := "", m[1]
		if m[2] != "" {
			pkg, name = m[1], m[2]
		}
		r := &renderer{byName: map[string][]*Node{}}
		for _, n := range p.Nodes {
			r.byName[n.Name] = append(r.byName[n.Name], n)
		}
		if n := r.lookupRef(pkg, name, ""); n != nil {
			return n.UniqueID, true
		}
		return "", false
	}
	if m := dependsSrcRE.FindStringSubmatch(s); m != nil {
		for _, n := range p.Sources {
			if src, t := sourceParts(n); src == m[1] && t == m[2] {
				return n.UniqueID, true
			}
		}
	}
	return "", false
}

// splitMacros cuts a macros file into its macro definitions.
func splitMacros(src, pkg string) []macroDef {
	var out []macroDef
	for _, m := range macroBlockRE.FindAllStringSubmatch(src, -1) {
		out = append(out, macroDef{name: m[1], pkg: pkg, sql: m[0]})
	}
	return out
}

func yamlColumns(cols []yamlColumn) []ColumnInfo {
	var out []ColumnInfo
	for _, c := range cols {
		out = append(out, ColumnInfo{
			Name: c.Name, Description: c.Description, DataType: c.DataType,
			Meta: mergeMeta(c.Meta, c.Config.Meta), Tags: mergeTags(stringList(c.Tags), stringList(c.Config.Tags)),
		})
	}
	return out
}

// projectConfig collects the configs dbt_project.yml sets for a file in
// dir (relative to its model path), outer levels first:
// models: {project: {+materialized: view, marts: {+schema: marts}}}.
func projectConfig(tree map[string]any, project, dir string) map[string]any {
	cfg := map[string]any{}
	apply := func(level map[string]any) {
		for k, v := range level {
			key := strings.TrimPrefix(k, "+")
			if _, isMap := v.(map[string]any); isMap && !strings.HasPrefix(k, "+") && !isConfigKey(key) {
				continue
			}
			if key == "tags" {
				cfg[key] = mergeTags(stringList(cfg[key]), stringList(v))
				continue
			}
			cfg[key] = v
		}
	}
	apply(tree)
	level, ok := tree[project].(map[string]any)
	if !ok {
		return cfg
	}
	apply(level)
	if dir == "." || dir == "" {
		return cfg
	}
	for _, seg := range strings.Split(dir, "/") {
		next, ok := level[seg].(map[string]any)
		if !ok {
			break
		}
		apply(next)
		level = next
	}
	return cfg
}

func isConfigKey(k string) bool {
	switch k {
	case "materialized", "schema", "database", "alias", "tags", "enabled", "meta", "docs", "persist_docs", "quoting", "grants", "contract":
		return true
	}
	return false
}

// applyConfig sets a node's materialization and relation from its config:
// dbt's default generate_schema_name appends a custom schema to the
// target's.
func (p *Project) applyConfig(n *Node, cfg map[string]any, kind string, q Quoting) {
	t := p.opts.target
	mat, _ := cfg["materialized"].(string)
	switch {
	case mat != "":
	case kind == ResourceSeed:
		mat = "seed"
	case kind == ResourceSnapshot:
		mat = "snapshot"
	default:
		mat = "view"
	}
	n.Materialized = mat
	schema := t.Schema
	custom, _ := cfg["schema"].(string)
	if custom != "" {
		schema = t.Schema + "_" + custom
	}
	if s, ok := p.generateName(n, cfg, "generate_schema_name", custom); ok {
		schema = s
	}
	if s, ok := cfg["target_schema"].(string); ok && s != "" && kind == ResourceSnapshot {
		schema = s
	}
	db := t.Database
	customDB, _ := cfg["database"].(string)
	if customDB != "" {
		db = customDB
	}
	if d, ok := p.generateName(n, cfg, "generate_database_name", customDB); ok {
		db = d
	}
	alias := n.Name
	customAlias, _ := cfg["alias"].(string)
	if customAlias != "" {
		alias = customAlias
	}
	if a, ok := p.generateName(n, cfg, "generate_alias_name", customAlias); ok {
		alias = a
	}
	n.Relation = Relation{Database: db, Schema: schema, Name: alias, Quote: q}
}

// generateName runs the project's own generate_schema_name (or
// generate_database_name, generate_alias_name) macro for a node, as dbt
// does, when the project defines one. A macro that fails is reported and
// dbt's default naming is kept.
func (p *Project) generateName(n *Node, cfg map[string]any, macro, custom string) (string, bool) {
	if p.namer == nil {
		return "", false
	}
	if _, ok := p.namer.macros[macro]; !ok {
		return "", false
	}
	var customArg any
	if custom != "" {
		customArg = custom
	}
	node := map[string]any{
		"name": n.Name, "unique_id": n.UniqueID, "resource_type": n.ResourceType,
		"package_name": n.Package, "path": n.Path, "original_file_path": n.Path,
		"fqn": append(strings.Split(strings.TrimSuffix(n.Path, path.Ext(n.Path)), "/"), n.Name), "config": cfg,
	}
	res, err := p.namer.renderWith(n, "{{ "+macro+"(custom_name, node) }}", map[string]any{"custom_name": customArg, "node": node})
	if err != nil {
		p.problem(n, macro+" failed; dbt's default naming is used", err)
		return "", false
	}
	out := strings.TrimSpace(res.sql)
	if out == "" || out == "None" {
		return "", false
	}
	return out, true
}

// walkFiles calls fn for every regular file under root, in lexical order,
// with its slash-separated path relative to root. A missing root is no
// error.
func walkFiles(root string, fn func(rel, full string) error) error {
	err := filepath.WalkDir(root, func(full string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, full)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), full)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func csvHeader(p string) ([]string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	rec, err := r.Read()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rec))
	for i, h := range rec {
		out[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	return out, nil
}
