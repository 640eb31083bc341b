package dbt

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
)

// macroDef is a macro of the project or of a package, as Jinja source.
type macroDef struct {
	name, pkg, sql string
}

// renderer renders models' raw SQL with a project's refs, sources, vars
// and macros.
type renderer struct {
	p                 *Project
	vars              map[string]any
	macros            map[string]macroDef
	byName            map[string][]*Node
	src               map[[2]string]*Node
	env               *exec.Environment
	cfg               *config.Config
	dbtNS, dbtUtilsNS namespace
	// lenient makes unknown refs and sources render as placeholders: the
	// first pass over a raw project, which only collects config() calls.
	lenient bool
}

// renderResult is what rendering one model yields.
type renderResult struct {
	sql string
	// config holds the keyword arguments of the model's config() calls.
	config map[string]any
	// deps are the unique ids that ref() and source() resolved to, in call
	// order, without repeats.
	deps []string
	// usesIncremental is set when the model called is_incremental().
	usesIncremental bool
	// unknown are the refs and sources that name nothing in the project,
	// rendered in the target's schema under WithUnknownRefs.
	unknown []string
	// lookup is the error of a ref() or source() that named nothing.
	lookup error
}

func newRenderer(p *Project, vars map[string]any, macros []macroDef) *renderer {
	r := &renderer{
		p: p, vars: vars, macros: map[string]macroDef{},
		byName: map[string][]*Node{}, src: map[[2]string]*Node{},
	}
	for _, m := range macros {
		// The root project's macros override those of packages.
		if old, ok := r.macros[m.name]; ok && old.pkg == p.Name {
			continue
		}
		r.macros[m.name] = m
	}
	for _, n := range p.Nodes {
		r.byName[n.Name] = append(r.byName[n.Name], n)
	}
	for _, s := range p.Sources {
		src, table := sourceParts(s)
		r.src[[2]string{src, table}] = s
	}
	r.env = &exec.Environment{
		Context:           exec.EmptyContext().Update(builtins.GlobalFunctions).Update(builtins.GlobalVariables),
		Filters:           dbtFilters(),
		Tests:             builtins.Tests,
		ControlStructures: builtins.ControlStructures,
		Methods:           builtins.Methods,
	}
	r.dbtNS, r.dbtUtilsNS = dbtNamespace(), dbtUtilsNamespace()
	r.cfg = config.New()
	r.cfg.StrictUndefined = true
	return r
}

// sourceParts returns a source node's source name and table name, from its
// unique id "source.<package>.<source>.<table>".
func sourceParts(n *Node) (string, string) {
	parts := strings.SplitN(n.UniqueID, ".", 4)
	if len(parts) == 4 {
		return parts[2], parts[3]
	}
	return "", n.Name
}

// relValue is a relation inside a template: it renders as the relation's
// name and has dbt's Relation attributes (database, schema, identifier,
// name, table).
type relValue struct {
	r    Relation
	text string
}

// String renders the relation as SQL.
func (v relValue) String() string { return v.text }

// GetAttribute gives dbt's Relation attributes.
func (v relValue) GetAttribute(name string) (*exec.Value, bool) {
	switch name {
	case "database":
		return exec.AsValue(v.r.Database), true
	case "schema":
		return exec.AsValue(v.r.Schema), true
	case "identifier", "name", "table":
		return exec.AsValue(v.r.Name), true
	}
	return exec.AsValue(nil), false
}

func (r *renderer) relValue(rel Relation) relValue {
	return relValue{r: rel, text: r.p.relationSQL(rel)}
}

// relationSQL spells a relation in the project's SQL.
func (p *Project) relationSQL(r Relation) string {
	if r.text != "" {
		return r.text
	}
	return r.render(quoteChar(p.AdapterType))
}

// lookupRef finds the node ref() names: ref(name), ref(package, name),
// with an optional version. Without a version, an unversioned node wins,
// then the highest version.
func (r *renderer) lookupRef(pkg, name, version string) *Node {
	var best *Node
	for _, n := range r.byName[name] {
		if pkg != "" && n.Package != pkg {
			continue
		}
		if version != "" {
			if n.Version == version {
				return n
			}
			continue
		}
		if best == nil || (best.Version != "" && (n.Version == "" || versionLess(best.Version, n.Version))) {
			best = n
		}
	}
	return best
}

func versionLess(a, b string) bool {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	if ea == nil && eb == nil {
		return fa < fb
	}
	return a < b
}

// goValue converts a template value to plain Go values: lists become
// []any, dicts map[string]any.
func goValue(v *exec.Value) any {
	if v == nil || v.IsNil() {
		return nil
	}
	return v.ToGoSimpleType(false)
}

func argString(v *exec.Value) string {
	if v == nil || v.IsNil() {
		return ""
	}
	return v.String()
}

// render renders one node's raw code. A panic inside the template engine
// (a third-party library) becomes a *RenderError.
func (r *renderer) render(n *Node, raw string, incremental bool) (res *renderResult, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, &RenderError{Err: fmt.Errorf("template engine failed: %v", v)}
		}
	}()
	return r.renderTemplate(n, raw, incremental, nil)
}

// renderWith renders raw with extra names in its context, recovering from
// engine panics as render does.
func (r *renderer) renderWith(n *Node, raw string, extra map[string]any) (res *renderResult, err error) {
	defer func() {
		if v := recover(); v != nil {
			res, err = nil, &RenderError{Err: fmt.Errorf("template engine failed: %v", v)}
		}
	}()
	return r.renderTemplate(n, raw, false, extra)
}

func (r *renderer) renderTemplate(n *Node, raw string, incremental bool, extra map[string]any) (*renderResult, error) {
	res := &renderResult{config: map[string]any{}}
	seen := map[string]bool{}
	addDep := func(id string) {
		if !seen[id] {
			seen[id] = true
			res.deps = append(res.deps, id)
		}
	}
	ref := func(va *exec.VarArgs) (any, error) {
		var pkg, name string
		switch len(va.Args) {
		case 1:
			name = argString(va.Args[0])
		case 2:
			pkg, name = argString(va.Args[0]), argString(va.Args[1])
		default:
			return nil, fmt.Errorf("ref() takes one or two arguments, got %d", len(va.Args))
		}
		version := ""
		for _, k := range []string{"v", "version"} {
			if v, ok := kwargs(va)[k]; ok {
				version = argString(v)
			}
		}
		target := r.lookupRef(pkg, name, version)
		if target == nil {
			if r.lenient {
				return relValue{r: Relation{Name: name}, text: name}, nil
			}
			if r.p.opts.unknownRefs {
				res.unknown = append(res.unknown, "ref('"+name+"')")
				return r.relValue(r.outside("", name)), nil
			}
			desc := name
			if pkg != "" {
				desc = pkg + "." + name
			}
			if version != "" {
				desc += " v" + version
			}
			res.lookup = fmt.Errorf("ref(%q): no such model, seed or snapshot: %w", desc, ErrUnknownRef)
			return nil, res.lookup
		}
		addDep(target.UniqueID)
		return r.relValue(target.Relation), nil
	}
	source := func(va *exec.VarArgs) (any, error) {
		if len(va.Args) != 2 {
			return nil, fmt.Errorf("source() takes two arguments, got %d", len(va.Args))
		}
		s, t := argString(va.Args[0]), argString(va.Args[1])
		target := r.src[[2]string{s, t}]
		if target == nil {
			if r.lenient {
				return relValue{r: Relation{Schema: s, Name: t}, text: s + "." + t}, nil
			}
			if r.p.opts.unknownRefs {
				res.unknown = append(res.unknown, "source('"+s+"', '"+t+"')")
				return r.relValue(r.outside(s, t)), nil
			}
			res.lookup = fmt.Errorf("source(%q, %q): no such source: %w", s, t, ErrUnknownRef)
			return nil, res.lookup
		}
		addDep(target.UniqueID)
		return r.relValue(target.Relation), nil
	}
	cfgFn := func(va *exec.VarArgs) (any, error) {
		for k, v := range kwargs(va) {
			res.config[k] = goValue(v)
		}
		for _, a := range va.Args {
			if a.IsDict() {
				if m, ok := a.Interface().(map[string]any); ok {
					for k, v := range m {
						res.config[k] = v
					}
				}
			}
		}
		return "", nil
	}
	varFn := func(va *exec.VarArgs) (any, error) {
		if len(va.Args) == 0 {
			return nil, fmt.Errorf("var() needs a name")
		}
		name := argString(va.Args[0])
		if v, ok := r.vars[name]; ok {
			return v, nil
		}
		if len(va.Args) > 1 {
			return va.Args[1].Interface(), nil
		}
		return nil, fmt.Errorf("var(%q): required variable is not set", name)
	}
	isInc := func() bool {
		res.usesIncremental = true
		return incremental
	}
	envVar := func(va *exec.VarArgs) (any, error) {
		if len(va.Args) > 1 {
			return va.Args[1].Interface(), nil
		}
		return nil, fmt.Errorf("env_var(%q): not set and no default", argString(va.First()))
	}
	noop := func(va *exec.VarArgs) (any, error) { return "", nil }
	t := r.p.opts.target
	data := map[string]any{
		"ref": ref, "source": source, "config": cfgFn, "var": varFn,
		"is_incremental": isInc, "env_var": envVar, "log": noop, "print": noop,
		"this":         r.relValue(n.Relation),
		"target":       map[string]any{"name": t.Name, "type": r.targetType(), "database": t.Database, "schema": t.Schema, "profile_name": r.p.Name, "threads": 1},
		"model":        map[string]any{"name": n.Name, "unique_id": n.UniqueID, "resource_type": n.ResourceType, "package_name": n.Package},
		"project_name": r.p.Name,
		"execute":      true,
		"flags":        map[string]any{"FULL_REFRESH": !incremental, "WHICH": "run"},
		"return":       returnValue,
		"adapter":      adapterObject{adapter: r.targetType()},
		"dbt":          r.dbtNS,
		"dbt_utils":    r.dbtUtilsNS,
	}
	for k, v := range extra {
		data[k] = v
	}
	src := r.withMacros(raw)
	ld, err := loaders.NewShiftedLoader(n.UniqueID, strings.NewReader(src), nil)
	if err != nil {
		return nil, err
	}
	tpl, err := exec.NewTemplate(n.UniqueID, r.cfg, ld, r.env)
	if err != nil {
		return nil, r.explain(raw, err)
	}
	out, err := tpl.ExecuteToString(exec.NewContext(data))
	if err != nil {
		// The template engine keeps a failed call's text but not its
		// error: the lookup that failed is carried beside it.
		if res.lookup != nil {
			err = &engineError{msg: err.Error(), cause: res.lookup}
		}
		return nil, r.explain(raw, err)
	}
	res.sql = out
	return res, nil
}

// outside is the relation an unknown ref or source is rendered as: the
// target's database, the source's name or the target's schema.
func (r *renderer) outside(schema, name string) Relation {
	t := r.p.opts.target
	if schema == "" {
		schema = t.Schema
	}
	return Relation{Database: t.Database, Schema: schema, Name: name, Quote: defaultQuoting(r.targetType())}
}

func (r *renderer) targetType() string {
	if r.p.AdapterType != "" {
		return r.p.AdapterType
	}
	return r.p.opts.target.Type
}

var (
	macroCallRE  = regexp.MustCompile(`(?:^|[^\w.|])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(`)
	jinjaBlockRE = regexp.MustCompile(`(?s)\{\{.*?\}\}|\{%.*?%\}`)
	macroDefRE   = regexp.MustCompile(`\{%-?\s*macro\s+([A-Za-z_]\w*)\s*\(`)
	setRE        = regexp.MustCompile(`\{%-?\s*set\s+([A-Za-z_]\w*)`)
	dispatchRE   = regexp.MustCompile(`dispatch\(\s*['"](\w+)['"]`)
	filterRE     = regexp.MustCompile(`\|\s*[A-Za-z_]\w*`)
)

// calledNames lists the names called in Jinja blocks of src, in order,
// without repeats: "ref", "dbt_utils.star", "cents_to_dollars".
func calledNames(src string) []string {
	var out []string
	seen := map[string]bool{}
	for _, blk := range jinjaBlockRE.FindAllString(src, -1) {
		blk = filterRE.ReplaceAllString(blk, "|")
		for _, m := range macroCallRE.FindAllStringSubmatch(blk, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

// withMacros prepends the definitions of the macros raw calls (and those
// they call) to raw.
func (r *renderer) withMacros(raw string) string {
	if len(r.macros) == 0 {
		return raw
	}
	var defs []string
	included := map[string]bool{}
	queue := calledNames(raw)
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		m, ok := r.macros[name]
		if !ok || included[name] {
			continue
		}
		included[name] = true
		defs = append(defs, m.sql)
		queue = append(queue, calledNames(m.sql)...)
		// adapter.dispatch('x') picks <adapter>__x or default__x.
		for _, d := range dispatchRE.FindAllStringSubmatch(m.sql, -1) {
			queue = append(queue, r.targetType()+"__"+d[1], "default__"+d[1])
		}
	}
	if len(defs) == 0 {
		return raw
	}
	// Macro definitions render as nothing; keep them on no line of their
	// own by stripping with {%- -%} is not needed: they precede the model.
	return strings.Join(defs, "") + raw
}

// known names a template can call besides its own macros and sets.
var knownCalls = map[string]bool{
	"ref": true, "source": true, "config": true, "var": true, "is_incremental": true,
	"env_var": true, "log": true, "print": true, "range": true, "dict": true, "lipsum": true,
	"cycler": true, "joiner": true, "namespace": true, "loop.cycle": true, "caller": true,
	"return": true,
}

// explain wraps a render error with ErrRender, naming the macros the
// model calls that the renderer does not know, when there are any.
func (r *renderer) explain(raw string, err error) error {
	local := map[string]bool{}
	for _, m := range macroDefRE.FindAllStringSubmatch(raw, -1) {
		local[m[1]] = true
	}
	for _, m := range setRE.FindAllStringSubmatch(raw, -1) {
		local[m[1]] = true
	}
	var unknown []string
	for _, name := range calledNames(raw) {
		head := strings.SplitN(name, ".", 2)[0]
		if knownCalls[name] || local[head] || supportedNamespaced(name) || (!strings.Contains(name, ".") && r.macros[name].sql != "") {
			continue
		}
		if strings.Contains(name, ".") && (local[head] || knownCalls[head]) {
			continue
		}
		unknown = append(unknown, name)
	}
	sort.Strings(unknown)
	if len(unknown) > 0 {
		return &RenderError{Macros: unknown, Err: err}
	}
	return &RenderError{Err: err}
}

// RenderError is a model whose Jinja could not be rendered. It matches
// ErrRender.
type RenderError struct {
	// Macros are the macros the model calls that the renderer does not
	// know (package macros such as dbt_utils.star, adapter.dispatch, or
	// macros that run queries), when any were found.
	Macros []string
	// Err is the template engine's error.
	Err error
}

// Error names the unknown macros, or gives the engine's error (shortened:
// the engine quotes the whole template in some errors).
func (e *RenderError) Error() string {
	msg := shorten(fmt.Sprint(e.Err))
	if len(e.Macros) > 0 {
		return fmt.Sprintf("uses macros the renderer cannot run: %s (%s)", strings.Join(e.Macros, ", "), msg)
	}
	return "cannot render: " + msg
}

// shorten drops a quoted template from an engine error and caps its length.
func shorten(s string) string {
	if i := strings.Index(s, "failed to parse template '"); i >= 0 {
		if j := strings.LastIndex(s, "': "); j > i {
			s = s[:i] + "failed to parse template: " + s[j+3:]
		}
	}
	s = goFuncRE.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), " ")
	// The innermost cause comes last: keep the end.
	if len(s) > 300 {
		s = "..." + s[len(s)-300:]
	}
	return s
}

// goFuncRE matches the engine's naming of a Go function in call errors.
var goFuncRE = regexp.MustCompile(`invalid call to function '[^']*': `)

// Unwrap returns ErrRender and the engine's error.
func (e *RenderError) Unwrap() []error { return []error{ErrRender, e.Err} }

var (
	snapshotStartRE = regexp.MustCompile(`\{%-?\s*snapshot\s+\w+\s*-?%\}`)
	snapshotEndRE   = regexp.MustCompile(`\{%-?\s*endsnapshot\s*-?%\}`)
)

// engineError is the template engine's error for a failed ref() or
// source() call, unwrapping to that call's own error (ErrUnknownRef).
type engineError struct {
	msg   string
	cause error
}

func (e *engineError) Error() string { return e.msg }
func (e *engineError) Unwrap() error { return e.cause }
