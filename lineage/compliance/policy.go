package compliance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/colineage/colineage/lineage"
)

// ErrPolicy is matched (errors.Is) by every *PolicyError.
var ErrPolicy = errors.New("compliance: bad policy")

// PolicyError is a policy file that cannot be used: an unknown class, a bad
// glob or regular expression, a value of the wrong type, an unknown key. It
// names the file, the line and the column of the offending value. A policy
// with an error is never applied in part: LoadPolicy returns no Policy.
type PolicyError struct {
	File         string
	Line, Column int
	// Field is the path of the offending value ("classes.email.columns[1]").
	Field  string
	Reason string
	Err    error
}

// Error names the file, the position, the field and the reason.
func (e *PolicyError) Error() string {
	s := fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Field, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes errors.Is(err, ErrPolicy) hold.
func (e *PolicyError) Is(target error) bool { return target == ErrPolicy }

// Unwrap returns the cause, if any.
func (e *PolicyError) Unwrap() error { return e.Err }

// ZoneAccess is what a zone allows to live in it.
type ZoneAccess string

// Zone accesses.
const (
	// AllowRaw zones may hold raw personal data (and anything less).
	AllowRaw ZoneAccess = "raw"
	// AllowMasked zones may hold masked, generalised or aggregated values
	// only.
	AllowMasked ZoneAccess = "masked"
)

// Class is a kind of personal data (email, phone, name ...).
type Class struct {
	Name string `json:"name"`
	// Columns are regular expressions matched against a column's name
	// (case-insensitive, anchored): a match tags the column (source rule).
	Columns []string `json:"columns,omitempty"`
	// Datasets are globs of "dataset.column" names that tag explicitly.
	Datasets []string `json:"datasets,omitempty"`
	// LowEntropy marks values an attacker can enumerate (e-mail, phone,
	// birth date): an unsalted hash of them is weak.
	LowEntropy bool `json:"low_entropy,omitempty"`
	// Identifier marks a class whose values find a subject's rows (an
	// e-mail, a user id): data-subject plans use it as a key.
	Identifier bool `json:"identifier,omitempty"`
	// Generalising are functions that coarsen a value of this class on top
	// of the policy's Functions.Generalising: a prefix (left, substr) of a
	// zip code or a birth date is coarser, a prefix of an e-mail or a
	// phone number is not, so prefixes generalise only the classes that
	// list them.
	Generalising []string `json:"generalising,omitempty"`

	columnREs []*regexp.Regexp
	globs     []glob
}

// Zone is a set of datasets (or external locations) where personal data
// of some classes may live, raw or masked only.
type Zone struct {
	Name  string     `json:"name"`
	Allow ZoneAccess `json:"allow"`
	// Datasets are globs over qualified dataset names ("elearn.raw.*") or
	// locations ("s3://bucket/exports/**", "@db.schema.stage/**").
	Datasets []string `json:"datasets"`
	// Classes limits the zone to these classes; empty means all.
	Classes []string `json:"classes,omitempty"`

	globs []glob
}

// Functions name the SQL functions that change what a value is.
type Functions struct {
	// Masking are one-way hashes and masking UDFs: the result is masked.
	Masking []string `json:"masking"`
	// Generalising coarsen a value of any class (date_trunc of a birth
	// date): the result is generalised. Functions that coarsen only some
	// classes (a prefix) are listed by those classes (Class.Generalising).
	Generalising []string `json:"generalising"`
	// Aggregating end personal data (count, count distinct): the result is
	// aggregated, no longer personal.
	Aggregating []string `json:"aggregating"`
	// Transparent functions keep a value's entropy (lower, trim, cast):
	// a hash of lower(email) is as weak as a hash of email.
	Transparent []string `json:"transparent"`
}

// Readers are who may read raw personal data: warehouse users and roles.
type Readers struct {
	Users []string `json:"users,omitempty"`
	Roles []string `json:"roles,omitempty"`
}

// Policy is a parsed, validated compliance policy. Build it with
// LoadPolicy; its zero value has no classes and finds nothing.
type Policy struct {
	// Name says where the policy came from (a file name).
	Name    string    `json:"name"`
	Classes []*Class  `json:"classes"`
	Zones   []*Zone   `json:"zones"`
	Funcs   Functions `json:"functions"`
	Readers Readers   `json:"raw_readers"`
	// DBTTags are column tags (from dbt tags or meta) that mark personal
	// data; such a column gets a class from the name rules, else
	// "unclassified".
	DBTTags []string `json:"dbt_tags"`
	// FlagWeakHashes reports unsalted hashes of low-entropy classes.
	FlagWeakHashes bool `json:"flag_weak_hashes"`
	// TagsMustFollow reports raw copies of tagged columns that carry no
	// tag themselves.
	TagsMustFollow bool `json:"tags_must_follow"`
	// MaxDepth bounds how many hops propagation follows.
	MaxDepth int `json:"max_depth"`
	// RequestDays is how long the controller has to answer a data
	// subject's request (default 30; GDPR article 12(3) says one month,
	// extensible by two more for complex requests): each Plan says when
	// it is due.
	RequestDays int `json:"request_days"`
}

// Default function lists: the hashes the warehouses ship (the lineage
// analyzer's own list) with the usual masking UDF names, and the usual
// generalising and aggregating functions.
var (
	defaultMasking      = append(lineage.HashFunctions(), "mask", "redact")
	defaultGeneralising = []string{"date_trunc", "trunc", "year", "extract", "round", "floor", "width_bucket"}
	defaultAggregating  = []string{"count", "approx_count_distinct", "hll", "hll_count"}
	defaultTransparent  = []string{"lower", "upper", "trim", "ltrim", "rtrim", "btrim", "cast", "convert", "to_char", "to_varchar", "coalesce", "nvl", "ifnull", "concat_ws"}
)

// policyFile is the YAML shape, decoded from a yaml.Node so that every
// value keeps its line and column.
type policyFile struct {
	Classes        map[string]classFile `yaml:"classes"`
	Zones          []zoneFile           `yaml:"zones"`
	Functions      functionsFile        `yaml:"functions"`
	RawReaders     Readers              `yaml:"raw_readers"`
	DBTTags        []string             `yaml:"dbt_tags"`
	FlagWeakHashes bool                 `yaml:"flag_weak_hashes"`
	TagsMustFollow bool                 `yaml:"tags_must_follow"`
	MaxDepth       int                  `yaml:"max_depth"`
	RequestDays    int                  `yaml:"request_days"`
}

type classFile struct {
	Columns    []string `yaml:"columns"`
	Datasets   []string `yaml:"datasets"`
	LowEntropy bool     `yaml:"low_entropy"`
	Identifier bool     `yaml:"identifier"`
	// Generalising lists functions that coarsen this class's values.
	Generalising []string `yaml:"generalising"`
}

type zoneFile struct {
	Name     string   `yaml:"name"`
	Allow    string   `yaml:"allow"`
	Datasets []string `yaml:"datasets"`
	Classes  []string `yaml:"classes"`
}

type functionsFile struct {
	Masking      *[]string `yaml:"masking"`
	Generalising *[]string `yaml:"generalising"`
	Aggregating  *[]string `yaml:"aggregating"`
	Transparent  *[]string `yaml:"transparent"`
	// Extra lists add to the defaults instead of replacing them.
	ExtraMasking      []string `yaml:"extra_masking"`
	ExtraGeneralising []string `yaml:"extra_generalising"`
	ExtraAggregating  []string `yaml:"extra_aggregating"`
}

// LoadPolicy reads a policy file (YAML; JSON is YAML too). name is used in
// errors and in reports. Every problem is a *PolicyError naming the line
// and column; on error no Policy is returned, so nothing is half-applied.
// testdata/warehouse/policy.yaml is a documented example.
func LoadPolicy(r io.Reader, name string) (*Policy, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("compliance: read policy %s: %w", name, err)
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &PolicyError{File: name, Line: 1, Column: 1, Field: "policy", Reason: "the file is empty"}
		}
		return nil, yamlError(name, err)
	}
	l := &loader{file: name}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	if err := l.strict(doc, "policy", policyFile{}); err != nil {
		return nil, err
	}
	var pf policyFile
	if err := doc.Decode(&pf); err != nil {
		return nil, l.typeError(doc, "policy", err)
	}
	return l.build(doc, pf)
}

// loader turns the decoded file into a Policy, finding positions in the
// node tree for its errors.
type loader struct{ file string }

func (l *loader) fail(n *yaml.Node, field, reason string, err error) *PolicyError {
	e := &PolicyError{File: l.file, Field: field, Reason: reason, Err: err}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	return e
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a syntax error of the YAML library into a PolicyError.
func yamlError(file string, err error) error {
	e := &PolicyError{File: file, Field: "policy", Reason: "not valid YAML", Err: err}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		fmt.Sscan(m[1], &e.Line)
		e.Column = 1
	}
	return e
}

// typeError reports a value of the wrong type at the position the YAML
// library gives ("line 7: cannot unmarshal !!str `x` into int").
func (l *loader) typeError(doc *yaml.Node, field string, err error) error {
	e := l.fail(doc, field, "wrong type", err)
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		if n := nodeAtLine(doc, line); n != nil {
			e.Line, e.Column = n.Line, n.Column
			e.Field = pathTo(doc, n, "policy")
		}
	}
	return e
}

// strict rejects keys the policy does not know (a misspelt key must not be
// silently ignored), walking the mappings whose shape it knows.
func (l *loader) strict(n *yaml.Node, field string, _ policyFile) error {
	known := map[string][]string{
		"policy":    {"classes", "zones", "functions", "raw_readers", "dbt_tags", "flag_weak_hashes", "tags_must_follow", "max_depth", "request_days"},
		"class":     {"columns", "datasets", "low_entropy", "identifier", "generalising"},
		"zone":      {"name", "allow", "datasets", "classes"},
		"functions": {"masking", "generalising", "aggregating", "transparent", "extra_masking", "extra_generalising", "extra_aggregating"},
		"readers":   {"users", "roles"},
	}
	check := func(n *yaml.Node, shape, field string) error {
		if n.Kind != yaml.MappingNode {
			if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
				return nil
			}
			return l.fail(n, field, "want a mapping", nil)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if !slices.Contains(known[shape], k.Value) {
				return l.fail(k, field+"."+k.Value, fmt.Sprintf("unknown key (known: %s)", strings.Join(known[shape], ", ")), nil)
			}
		}
		return nil
	}
	if err := check(n, "policy", field); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		path := k
		switch k {
		case "classes":
			if v.Kind != yaml.MappingNode {
				return l.fail(v, path, "want a mapping of class name to rules", nil)
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				if err := check(v.Content[j+1], "class", path+"."+v.Content[j].Value); err != nil {
					return err
				}
			}
		case "zones":
			if v.Kind != yaml.SequenceNode {
				return l.fail(v, path, "want a list of zones", nil)
			}
			for j, z := range v.Content {
				if err := check(z, "zone", fmt.Sprintf("%s[%d]", path, j)); err != nil {
					return err
				}
			}
		case "functions":
			if err := check(v, "functions", path); err != nil {
				return err
			}
		case "raw_readers":
			if err := check(v, "readers", path); err != nil {
				return err
			}
		}
	}
	return nil
}

// build validates the decoded file and compiles its rules.
func (l *loader) build(doc *yaml.Node, pf policyFile) (*Policy, error) {
	p := &Policy{Name: l.file, Readers: pf.RawReaders, FlagWeakHashes: pf.FlagWeakHashes, TagsMustFollow: pf.TagsMustFollow, MaxDepth: pf.MaxDepth}
	if p.MaxDepth < 0 {
		return nil, l.fail(find(doc, "max_depth"), "max_depth", "must not be negative", nil)
	}
	if p.MaxDepth == 0 {
		p.MaxDepth = 20
	}
	p.RequestDays = pf.RequestDays
	if p.RequestDays < 0 || p.RequestDays > 90 {
		return nil, l.fail(find(doc, "request_days"), "request_days", "want 1 to 90 days (one month, extensible by two)", nil)
	}
	if p.RequestDays == 0 {
		p.RequestDays = 30
	}
	p.DBTTags = pf.DBTTags
	if p.DBTTags == nil {
		p.DBTTags = []string{"pii", "sensitive", "contains_pii"}
	}
	names := make([]string, 0, len(pf.Classes))
	for n := range pf.Classes {
		names = append(names, n)
	}
	slices.Sort(names)
	classes := map[string]bool{}
	for _, name := range names {
		cf := pf.Classes[name]
		path := "classes." + name
		keyNode := findKey(doc, "classes", name)
		if !validClass(name) {
			return nil, l.fail(keyNode, path, "a class name is lower-case letters, digits and underscores, starting with a letter", nil)
		}
		c := &Class{Name: name, Columns: cf.Columns, Datasets: cf.Datasets, LowEntropy: cf.LowEntropy, Identifier: cf.Identifier}
		if cf.Generalising != nil {
			c.Generalising = funcList(&cf.Generalising, nil, nil)
		}
		for i, expr := range cf.Columns {
			re, err := regexp.Compile("(?i)^(?:" + expr + ")$")
			if err != nil {
				return nil, l.fail(item(doc, i, "classes", name, "columns"), fmt.Sprintf("%s.columns[%d]", path, i), "bad regular expression", err)
			}
			c.columnREs = append(c.columnREs, re)
		}
		for i, g := range cf.Datasets {
			gl, err := compileGlob(g)
			if err != nil {
				return nil, l.fail(item(doc, i, "classes", name, "datasets"), fmt.Sprintf("%s.datasets[%d]", path, i), "bad glob", err)
			}
			c.globs = append(c.globs, gl)
		}
		classes[name] = true
		p.Classes = append(p.Classes, c)
	}
	for i, zf := range pf.Zones {
		path := fmt.Sprintf("zones[%d]", i)
		zn := seqItem(find(doc, "zones"), i)
		z := &Zone{Name: zf.Name, Allow: ZoneAccess(zf.Allow), Datasets: zf.Datasets, Classes: zf.Classes}
		if z.Name == "" {
			z.Name = path
		}
		if z.Allow != AllowRaw && z.Allow != AllowMasked {
			return nil, l.fail(orNode(findIn(zn, "allow"), zn), path+".allow", `want "raw" or "masked"`, nil)
		}
		if len(zf.Datasets) == 0 {
			return nil, l.fail(zn, path+".datasets", "a zone names at least one dataset glob", nil)
		}
		for j, g := range zf.Datasets {
			gl, err := compileGlob(g)
			if err != nil {
				return nil, l.fail(seqItem(findIn(zn, "datasets"), j), fmt.Sprintf("%s.datasets[%d]", path, j), "bad glob", err)
			}
			z.globs = append(z.globs, gl)
		}
		for j, c := range zf.Classes {
			if !classes[c] {
				return nil, l.fail(seqItem(findIn(zn, "classes"), j), fmt.Sprintf("%s.classes[%d]", path, j), fmt.Sprintf("unknown class %q (classes: %s)", c, strings.Join(names, ", ")), nil)
			}
		}
		p.Zones = append(p.Zones, z)
	}
	f := pf.Functions
	p.Funcs = Functions{
		Masking:      funcList(f.Masking, defaultMasking, f.ExtraMasking),
		Generalising: funcList(f.Generalising, defaultGeneralising, f.ExtraGeneralising),
		Aggregating:  funcList(f.Aggregating, defaultAggregating, f.ExtraAggregating),
		Transparent:  funcList(f.Transparent, defaultTransparent, nil),
	}
	return p, nil
}

func funcList(set *[]string, def, extra []string) []string {
	var out []string
	if set != nil {
		out = append(out, *set...)
	} else {
		out = append(out, def...)
	}
	out = append(out, extra...)
	for i := range out {
		out[i] = strings.ToLower(out[i])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func validClass(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// generalisers are the functions that generalise a value of the class:
// the policy's, and the class's own.
func (p *Policy) generalisers(class string) []string {
	c := p.class(class)
	if c == nil || len(c.Generalising) == 0 {
		return p.Funcs.Generalising
	}
	out := append(slices.Clone(p.Funcs.Generalising), c.Generalising...)
	slices.Sort(out)
	return slices.Compact(out)
}

// class returns the class of that name.
func (p *Policy) class(name string) *Class {
	for _, c := range p.Classes {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// find returns the value of key in a mapping node.
func find(n *yaml.Node, key string) *yaml.Node { return findIn(n, key) }

func findIn(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// findKey returns the key node of path's last element.
func findKey(n *yaml.Node, path ...string) *yaml.Node {
	for i, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == k {
				if i == len(path)-1 {
					return n.Content[j]
				}
				next = n.Content[j+1]
			}
		}
		n = next
	}
	return n
}

// item returns the i-th element of the sequence at path.
func item(doc *yaml.Node, i int, path ...string) *yaml.Node {
	n := doc
	for _, k := range path {
		n = findIn(n, k)
	}
	return seqItem(n, i)
}

func seqItem(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return n
	}
	return n.Content[i]
}

func orNode(a, b *yaml.Node) *yaml.Node {
	if a != nil {
		return a
	}
	return b
}

// nodeAtLine returns the last scalar on a line: in "key: value", the
// value.
func nodeAtLine(n *yaml.Node, line int) *yaml.Node {
	var found *yaml.Node
	if n.Line == line && n.Kind == yaml.ScalarNode {
		found = n
	}
	for _, c := range n.Content {
		if m := nodeAtLine(c, line); m != nil {
			found = m
		}
	}
	return found
}

// pathTo names the position of target under n ("zones[0].allow").
func pathTo(n, target *yaml.Node, prefix string) string {
	if n == target {
		return prefix
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if prefix != "policy" {
				p = prefix + "." + p
			}
			if n.Content[i] == target {
				return p
			}
			if s := pathTo(n.Content[i+1], target, p); s != "" {
				return s
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if s := pathTo(c, target, fmt.Sprintf("%s[%d]", prefix, i)); s != "" {
				return s
			}
		}
	}
	return ""
}
