package dbt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Supported manifest schema versions.
const (
	minManifestVersion = 10
	maxManifestVersion = 12
)

// manifestNode is the part of a manifest node (model, snapshot, seed,
// source) this package reads. The fields are the same in v10 to v12.
type manifestNode struct {
	UniqueID         string          `json:"unique_id"`
	ResourceType     string          `json:"resource_type"`
	Name             string          `json:"name"`
	PackageName      string          `json:"package_name"`
	Path             string          `json:"path"`
	OriginalFilePath string          `json:"original_file_path"`
	Database         *string         `json:"database"`
	Schema           string          `json:"schema"`
	Alias            string          `json:"alias"`
	Identifier       string          `json:"identifier"`
	RelationName     *string         `json:"relation_name"`
	Language         string          `json:"language"`
	RawCode          *string         `json:"raw_code"`
	RawSQL           *string         `json:"raw_sql"`
	CompiledCode     *string         `json:"compiled_code"`
	Description      string          `json:"description"`
	Tags             []string        `json:"tags"`
	Meta             map[string]any  `json:"meta"`
	Version          json.RawMessage `json:"version"`
	SourceName       string          `json:"source_name"`
	Columns          json.RawMessage `json:"columns"`
	DependsOn        struct {
		Nodes []string `json:"nodes"`
	} `json:"depends_on"`
	Config struct {
		Materialized string         `json:"materialized"`
		Meta         map[string]any `json:"meta"`
	} `json:"config"`
	Quoting quotingOverride `json:"quoting"`
}

type manifestColumn struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	DataType    *string        `json:"data_type"`
	Meta        map[string]any `json:"meta"`
	Tags        []string       `json:"tags"`
	Config      struct {
		Meta map[string]any `json:"meta"`
		Tags []string       `json:"tags"`
	} `json:"config"`
}

type manifestExposure struct {
	UniqueID    string   `json:"unique_id"`
	Name        string   `json:"name"`
	Label       *string  `json:"label"`
	Type        string   `json:"type"`
	URL         *string  `json:"url"`
	Maturity    *string  `json:"maturity"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Owner       struct {
		Name  *string `json:"name"`
		Email *string `json:"email"`
	} `json:"owner"`
	DependsOn struct {
		Nodes []string `json:"nodes"`
	} `json:"depends_on"`
}

type manifestMacro struct {
	UniqueID    string `json:"unique_id"`
	Name        string `json:"name"`
	PackageName string `json:"package_name"`
	MacroSQL    string `json:"macro_sql"`
}

type manifestMetadata struct {
	SchemaVersion string `json:"dbt_schema_version"`
	DbtVersion    string `json:"dbt_version"`
	AdapterType   string `json:"adapter_type"`
	ProjectName   string `json:"project_name"`
}

var schemaVersionRE = regexp.MustCompile(`/v(\d+)\.json$`)

// parseSchemaVersion reads the version number of a dbt_schema_version URL
// such as https://schemas.getdbt.com/dbt/manifest/v12.json.
func parseSchemaVersion(s string) int {
	m := schemaVersionRE.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return 0
	}
	return n
}

// manifest is what decodeManifest collects.
type manifest struct {
	meta      manifestMetadata
	nodes     []manifestNode
	sources   []manifestNode
	exposures []manifestExposure
	macros    []manifestMacro
	problems  []*NodeError
}

// decodeManifest reads a manifest as a stream: the top-level object's
// entries one by one, and each node of nodes, sources, exposures and
// macros on its own, so a malformed node is recorded and skipped.
func decodeManifest(ctx context.Context, r io.Reader) (*manifest, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("dbt: manifest: %w", err)
	}
	m := &manifest{}
	for dec.More() {
		key, err := readKey(dec)
		if err != nil {
			return nil, fmt.Errorf("dbt: manifest: %w", err)
		}
		switch key {
		case "metadata":
			if err := dec.Decode(&m.meta); err != nil {
				return nil, fmt.Errorf("dbt: manifest metadata: %w", err)
			}
		case "nodes", "sources":
			err = eachEntry(ctx, dec, func(id string, raw json.RawMessage) {
				var n manifestNode
				if err := json.Unmarshal(raw, &n); err != nil {
					m.problems = append(m.problems, &NodeError{UniqueID: id, Reason: "cannot decode node", Err: fmt.Errorf("%w: %w", ErrMalformedNode, err)})
					return
				}
				if n.UniqueID == "" {
					n.UniqueID = id
				}
				if key == "sources" {
					m.sources = append(m.sources, n)
				} else {
					m.nodes = append(m.nodes, n)
				}
			})
		case "exposures":
			err = eachEntry(ctx, dec, func(id string, raw json.RawMessage) {
				var e manifestExposure
				if err := json.Unmarshal(raw, &e); err != nil {
					m.problems = append(m.problems, &NodeError{UniqueID: id, Reason: "cannot decode exposure", Err: fmt.Errorf("%w: %w", ErrMalformedNode, err)})
					return
				}
				if e.UniqueID == "" {
					e.UniqueID = id
				}
				m.exposures = append(m.exposures, e)
			})
		case "macros":
			err = eachEntry(ctx, dec, func(id string, raw json.RawMessage) {
				var mc manifestMacro
				if json.Unmarshal(raw, &mc) == nil && mc.Name != "" {
					m.macros = append(m.macros, mc)
				}
			})
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return nil, fmt.Errorf("dbt: manifest %q: %w", key, err)
		}
	}
	return m, nil
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("expected %q, found %v", d, tok)
	}
	return nil
}

func readKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected an object key, found %v", tok)
	}
	return k, nil
}

// eachEntry calls fn for every entry of the object the decoder is at. A
// null value is skipped.
func eachEntry(ctx context.Context, dec *json.Decoder, fn func(key string, raw json.RawMessage)) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object, found %v", tok)
	}
	for i := 0; dec.More(); i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		k, err := readKey(dec)
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		fn(k, raw)
	}
	return expectDelim(dec, '}')
}

// orderedColumns decodes a columns object keeping the file's order.
func orderedColumns(raw json.RawMessage) ([]manifestColumn, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	var cols []manifestColumn
	var firstErr error
	err := eachEntry(context.Background(), dec, func(k string, v json.RawMessage) {
		var c manifestColumn
		if err := json.Unmarshal(v, &c); err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("column %q: %w", k, err)
			}
			return
		}
		if c.Name == "" {
			c.Name = k
		}
		cols = append(cols, c)
	})
	if err != nil {
		return cols, err
	}
	return cols, firstErr
}

// loadManifestFile reads a manifest file, and catalog.json beside it.
func loadManifestFile(ctx context.Context, path, projectDir string, o options) (*Project, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dbt: %w", err)
	}
	defer f.Close()
	var vars map[string]any
	var projName string
	if projectDir != "" {
		if pf, err := readProjectFile(filepath.Join(projectDir, "dbt_project.yml")); err == nil {
			vars = pf.Vars
			projName = pf.Name
		}
	}
	p, err := loadManifest(ctx, f, vars, o)
	if err != nil {
		return nil, err
	}
	if p.Name == "" {
		p.Name = projName
	}
	catPath := filepath.Join(filepath.Dir(path), "catalog.json")
	cf, err := os.Open(catPath)
	switch {
	case err == nil:
		defer cf.Close()
		if err := p.readCatalog(ctx, cf); err != nil {
			return nil, err
		}
	case !isNotExist(err):
		return nil, fmt.Errorf("dbt: %w", err)
	}
	p.finish()
	return p, nil
}

// loadManifest builds a project from a manifest stream. The caller calls
// finish after adding the catalog.
func loadManifest(ctx context.Context, r io.Reader, vars map[string]any, o options) (*Project, error) {
	m, err := decodeManifest(ctx, r)
	if err != nil {
		return nil, err
	}
	p := &Project{opts: o, Problems: m.problems}
	p.Name = m.meta.ProjectName
	p.AdapterType = m.meta.AdapterType
	p.SchemaVersion = parseSchemaVersion(m.meta.SchemaVersion)
	if p.SchemaVersion < minManifestVersion || p.SchemaVersion > maxManifestVersion {
		p.Problems = append(p.Problems, &NodeError{UniqueID: "manifest", Reason: fmt.Sprintf("schema version %q (read as v%d-v%d)", m.meta.SchemaVersion, minManifestVersion, maxManifestVersion), Err: ErrUnsupportedVersion})
	}
	p.setDialect()

	for i := range m.sources {
		if n, ok := p.nodeFromManifest(&m.sources[i]); ok {
			p.Sources = append(p.Sources, n)
		}
	}
	for i := range m.nodes {
		switch m.nodes[i].ResourceType {
		case ResourceModel, ResourceSnapshot, ResourceSeed:
		default:
			continue
		}
		if n, ok := p.nodeFromManifest(&m.nodes[i]); ok {
			p.Nodes = append(p.Nodes, n)
		}
	}
	for _, e := range m.exposures {
		p.Exposures = append(p.Exposures, Exposure{
			UniqueID: e.UniqueID, Name: e.Name, Label: deref(e.Label), Type: e.Type,
			URL: deref(e.URL), Maturity: deref(e.Maturity), Description: e.Description,
			Owner: Owner{Name: deref(e.Owner.Name), Email: deref(e.Owner.Email)},
			Tags:  e.Tags, DependsOn: e.DependsOn.Nodes,
		})
	}
	// Render the models the manifest has not compiled.
	var macros []macroDef
	for _, mc := range m.macros {
		if isBuiltinPackage(mc.PackageName) {
			continue
		}
		macros = append(macros, macroDef{name: mc.Name, pkg: mc.PackageName, sql: mc.MacroSQL})
	}
	if err := p.compile(ctx, vars, macros); err != nil {
		return nil, err
	}
	return p, nil
}

// isBuiltinPackage reports whether a macro package is dbt's own or an
// adapter's: their macros need dbt's Python runtime and are not rendered.
func isBuiltinPackage(pkg string) bool {
	return pkg == "dbt" || strings.HasPrefix(pkg, "dbt_") && !strings.HasPrefix(pkg, "dbt_utils") && !strings.HasPrefix(pkg, "dbt_date") && !strings.HasPrefix(pkg, "dbt_expectations")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// nodeFromManifest converts a decoded node, recording a problem and
// returning false when it is malformed.
func (p *Project) nodeFromManifest(mn *manifestNode) (*Node, bool) {
	bad := func(reason string, err error) (*Node, bool) {
		p.Problems = append(p.Problems, &NodeError{UniqueID: mn.UniqueID, Path: mn.OriginalFilePath, Reason: reason, Err: err})
		return nil, false
	}
	if mn.Name == "" {
		return bad("node has no name", ErrMalformedNode)
	}
	n := &Node{
		UniqueID: mn.UniqueID, ResourceType: mn.ResourceType, Name: mn.Name, Package: mn.PackageName,
		Path: mn.OriginalFilePath, Materialized: mn.Config.Materialized, Language: mn.Language,
		DependsOn: mn.DependsOn.Nodes, Description: mn.Description, Tags: mn.Tags, Meta: mergeMeta(mn.Meta, mn.Config.Meta),
		Version: versionString(mn.Version),
	}
	if n.ResourceType == "" {
		n.ResourceType = strings.SplitN(mn.UniqueID, ".", 2)[0]
	}
	if mn.RawCode != nil {
		n.RawCode = *mn.RawCode
	} else if mn.RawSQL != nil {
		n.RawCode = *mn.RawSQL
	}
	if mn.CompiledCode != nil {
		n.CompiledCode = *mn.CompiledCode
	}
	ident := mn.Alias
	if n.ResourceType == ResourceSource {
		ident = mn.Identifier
	}
	if ident == "" {
		ident = mn.Name
	}
	if mn.Schema == "" && n.Materialized != "ephemeral" {
		return bad("node has no schema", ErrMalformedNode)
	}
	q := mn.Quoting.over(defaultQuoting(p.AdapterType))
	n.Relation = Relation{Database: deref(mn.Database), Schema: mn.Schema, Name: ident, Quote: q}
	if mn.RelationName != nil && *mn.RelationName != "" {
		if r, ok := parseRelationName(*mn.RelationName); ok {
			n.Relation = r
		}
	}
	cols, err := orderedColumns(mn.Columns)
	if err != nil {
		p.Problems = append(p.Problems, &NodeError{UniqueID: mn.UniqueID, Path: mn.OriginalFilePath, Reason: "cannot decode columns", Err: fmt.Errorf("%w: %w", ErrMalformedNode, err)})
	}
	for _, c := range cols {
		n.Columns = append(n.Columns, ColumnInfo{
			Name: c.Name, Description: c.Description, DataType: deref(c.DataType),
			Tags: mergeTags(c.Tags, c.Config.Tags), Meta: mergeMeta(c.Meta, c.Config.Meta),
		})
	}
	return n, true
}

// versionString renders a model version (a JSON string or number).
func versionString(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return ""
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str
	}
	return s
}

func mergeMeta(a, b map[string]any) map[string]any {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func mergeTags(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, t := range b {
		dup := false
		for _, x := range out {
			if strings.EqualFold(x, t) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

func (p *Project) setDialect() {
	if p.opts.dialect != nil {
		p.Dialect = *p.opts.dialect
		return
	}
	d, ok := dialectFor(p.AdapterType)
	if !ok {
		p.Problems = append(p.Problems, &NodeError{UniqueID: "manifest", Reason: fmt.Sprintf("adapter type %q has no dialect; using %s", p.AdapterType, d), Err: errors.ErrUnsupported})
	}
	p.Dialect = d
}

// sortNodes orders nodes parents first (depends_on), ties by unique id;
// nodes in a cycle keep id order after the rest and are reported.
func (p *Project) sortNodes() {
	byID := make(map[string]*Node, len(p.Nodes))
	for _, n := range p.Nodes {
		byID[n.UniqueID] = n
	}
	indeg := make(map[string]int, len(p.Nodes))
	children := make(map[string][]string)
	for _, n := range p.Nodes {
		seen := map[string]bool{}
		for _, d := range n.DependsOn {
			if _, ok := byID[d]; ok && !seen[d] && d != n.UniqueID {
				seen[d] = true
				indeg[n.UniqueID]++
				children[d] = append(children[d], n.UniqueID)
			}
		}
	}
	var ready []string
	for _, n := range p.Nodes {
		if indeg[n.UniqueID] == 0 {
			ready = append(ready, n.UniqueID)
		}
	}
	sort.Strings(ready)
	out := make([]*Node, 0, len(p.Nodes))
	done := make(map[string]bool, len(p.Nodes))
	for len(ready) > 0 {
		id := ready[0]
		ready = ready[1:]
		out = append(out, byID[id])
		done[id] = true
		var next []string
		for _, c := range children[id] {
			indeg[c]--
			if indeg[c] == 0 {
				next = append(next, c)
			}
		}
		if len(next) > 0 {
			ready = append(ready, next...)
			sort.Strings(ready)
		}
	}
	if len(out) < len(p.Nodes) {
		var rest []*Node
		for _, n := range p.Nodes {
			if !done[n.UniqueID] {
				rest = append(rest, n)
				p.Problems = append(p.Problems, &NodeError{UniqueID: n.UniqueID, Path: n.Path, Reason: "node is in a dependency cycle", Err: ErrMalformedNode})
			}
		}
		sort.Slice(rest, func(i, j int) bool { return rest[i].UniqueID < rest[j].UniqueID })
		out = append(out, rest...)
	}
	p.Nodes = out
	sort.Slice(p.Sources, func(i, j int) bool { return p.Sources[i].UniqueID < p.Sources[j].UniqueID })
	sort.Slice(p.Exposures, func(i, j int) bool { return p.Exposures[i].UniqueID < p.Exposures[j].UniqueID })
}
