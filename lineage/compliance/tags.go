package compliance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// TagSource says where a tag came from.
type TagSource string

// Tag sources.
const (
	// SourceRule: a policy's column-name rule or dataset glob.
	SourceRule TagSource = "rule"
	// SourceDBT: a dbt column's meta or tags.
	SourceDBT TagSource = "dbt"
	// SourceAPI: a caller of Checker.Tag.
	SourceAPI TagSource = "api"
)

// PIITag is the tag dbt (and lineage.Engine.TagColumns) puts on a
// personal-data column; a column this package classifies as class C
// carries "pii:C" (without changing the tags dbt set).
const PIITag = "pii"

// Unclassified is the class of a column tagged as personal data (by dbt)
// that no class rule names.
const Unclassified = "unclassified"

// ErrUnknownClass is returned when a tag names a class the policy lacks.
var ErrUnknownClass = errors.New("compliance: unknown class")

// Tag is one column's classification, with where and when it was made.
type Tag struct {
	// Column is the readable column name ("elearn.raw.users.email"), ID
	// its graph node id.
	Column string    `json:"column"`
	ID     string    `json:"id"`
	Class  string    `json:"class"`
	Source TagSource `json:"source"`
	// At is when the tag was written; null when the graph does not say
	// (tags written by lineage.Engine.TagColumns).
	At *time.Time `json:"at"`
}

func classTag(class string) string   { return PIITag + ":" + class }
func sourceProp(class string) string { return "pii_" + class + "_source" }
func atProp(class string) string     { return "pii_" + class + "_at" }

// Tag classifies columns as personal data of a class, recording the source
// and the checker's clock time in the graph. class "" picks the class the
// policy's rules give the column's name (Unclassified if none). An unknown
// class fails with ErrUnknownClass and writes nothing.
func (c *Checker) Tag(ctx context.Context, class string, source TagSource, cols ...lineage.Column) error {
	if class != "" && class != Unclassified && c.policy.class(class) == nil {
		return fmt.Errorf("%w %q", ErrUnknownClass, class)
	}
	at := c.now().UTC()
	b := graphstore.Batch{}
	for _, col := range cols {
		ds := lineage.DatasetNodeID(col.Dataset)
		cl := class
		if cl == "" {
			if rc := c.policy.ruleClasses(col.Dataset.QualifiedName(), col.Name); len(rc) > 0 {
				cl = rc[0]
			} else {
				cl = Unclassified
			}
		}
		d := col.Dataset
		b.Nodes = append(b.Nodes, graphstore.Node{ID: ds, Kind: lineage.NodeDataset, Props: map[string]any{
			"platform": string(d.Platform), "database": d.Database, "schema": d.Schema, "name": d.Name}},
			graphstore.Node{ID: lineage.ColumnNodeID(col), Kind: lineage.NodeColumn, Tags: []string{classTag(cl)},
				Props: map[string]any{"dataset": ds, "name": col.Name, sourceProp(cl): string(source), atProp(cl): at.Format(time.RFC3339)}})
		b.Edges = append(b.Edges, graphstore.Edge{From: ds, To: lineage.ColumnNodeID(col), Kind: lineage.EdgeHasColumn})
	}
	if err := c.store.Upsert(ctx, b); err != nil {
		return fmt.Errorf("compliance: tag: %w", err)
	}
	return nil
}

// ApplyRules tags, at ingestion, every column of the graph that a class's
// name rule or glob names, with source rule. It returns the tags written.
// Run it after each ingest: propagation starts from the tags in the graph.
func (c *Checker) ApplyRules(ctx context.Context) ([]Tag, error) {
	cols, err := c.store.Find(ctx, graphstore.Query{Kind: lineage.NodeColumn})
	if err != nil {
		return nil, fmt.Errorf("compliance: apply rules: %w", err)
	}
	nc := newNodeCache(c.store)
	datasets := make([]string, 0, len(cols))
	for _, n := range cols {
		ds, _ := n.Props["dataset"].(string)
		datasets = append(datasets, ds)
	}
	if err := nc.fetch(ctx, datasets); err != nil {
		return nil, fmt.Errorf("compliance: apply rules: %w", err)
	}
	at := c.now().UTC()
	var out []Tag
	b := graphstore.Batch{}
	memo := map[string][]string{}
	for _, n := range cols {
		name, _ := n.Props["name"].(string)
		dsID, _ := n.Props["dataset"].(string)
		ds, err := nc.get(ctx, dsID)
		if err != nil {
			return nil, err
		}
		qual := datasetName(ds)
		var classes []string
		if c.policy.hasGlobs() {
			classes = c.policy.ruleClasses(qual, name)
		} else {
			k := strings.ToLower(name)
			cl, ok := memo[k]
			if !ok {
				cl = c.policy.ruleClasses(qual, name)
				memo[k] = cl
			}
			classes = cl
		}
		if len(classes) == 0 {
			continue
		}
		node := graphstore.Node{ID: n.ID, Kind: lineage.NodeColumn, Props: map[string]any{}}
		for _, cl := range classes {
			if slices.Contains(n.Tags, classTag(cl)) {
				continue
			}
			node.Tags = append(node.Tags, classTag(cl))
			node.Props[sourceProp(cl)] = string(SourceRule)
			node.Props[atProp(cl)] = at.Format(time.RFC3339)
			out = append(out, Tag{Column: columnName(ds, name), ID: n.ID, Class: cl, Source: SourceRule, At: timePtr(at)})
		}
		if len(node.Tags) > 0 {
			b.Nodes = append(b.Nodes, node)
		}
	}
	if len(b.Nodes) > 0 {
		if err := c.store.Upsert(ctx, b); err != nil {
			return nil, fmt.Errorf("compliance: apply rules: %w", err)
		}
	}
	return out, nil
}

func (p *Policy) hasGlobs() bool {
	for _, c := range p.Classes {
		if len(c.globs) > 0 {
			return true
		}
	}
	return false
}

// ruleClasses returns the classes whose rules name a column.
func (p *Policy) ruleClasses(dataset, column string) []string {
	var out []string
	full := dataset + "." + column
	for _, c := range p.Classes {
		hit := matchAny(c.globs, full)
		for _, re := range c.columnREs {
			if hit {
				break
			}
			hit = re.MatchString(column)
		}
		if hit {
			out = append(out, c.Name)
		}
	}
	return out
}

// seed is a tagged column with its classes.
type seed struct {
	node graphstore.Node
	tags []Tag
}

// tagged reads the tagged columns of the graph: those tagged "pii" or
// "pii:<class>" and those carrying one of the policy's dbt tags.
func (c *Checker) tagged(ctx context.Context, nc *nodeCache) ([]seed, error) {
	byID := map[string]graphstore.Node{}
	for _, t := range c.policy.seedTags() {
		nodes, err := c.store.Find(ctx, graphstore.Query{Kind: lineage.NodeColumn, Tag: t})
		if err != nil {
			return nil, fmt.Errorf("compliance: columns tagged %s: %w", t, err)
		}
		for _, n := range nodes {
			byID[n.ID] = n
		}
	}
	return c.seedsOf(ctx, nc, byID)
}

// seedTags are the tags that mark a personal-data column: "pii", the dbt
// tags and "pii:<class>".
func (p *Policy) seedTags() []string {
	wanted := []string{PIITag, classTag(Unclassified)}
	for _, t := range p.DBTTags {
		if !slices.Contains(wanted, t) {
			wanted = append(wanted, t)
		}
	}
	for _, cl := range p.Classes {
		wanted = append(wanted, classTag(cl.Name))
	}
	return wanted
}

// seedsOf turns the tagged nodes among byID into seeds, sorted by id.
func (c *Checker) seedsOf(ctx context.Context, nc *nodeCache, byID map[string]graphstore.Node) ([]seed, error) {
	wanted := c.policy.seedTags()
	ids := make([]string, 0, len(byID))
	for id, n := range byID {
		if slices.ContainsFunc(n.Tags, func(t string) bool { return slices.Contains(wanted, t) }) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	datasets := make([]string, 0, len(ids))
	for _, id := range ids {
		ds, _ := byID[id].Props["dataset"].(string)
		datasets = append(datasets, ds)
	}
	if err := nc.fetch(ctx, datasets); err != nil {
		return nil, err
	}
	out := make([]seed, 0, len(ids))
	for _, id := range ids {
		n := byID[id]
		nc.put(n)
		col, err := c.columnName(ctx, nc, n)
		if err != nil {
			return nil, err
		}
		s := seed{node: n}
		for _, t := range n.Tags {
			cl, ok := strings.CutPrefix(t, PIITag+":")
			if !ok {
				continue
			}
			tag := Tag{Column: col, ID: id, Class: cl, Source: SourceAPI}
			if src, _ := n.Props[sourceProp(cl)].(string); src != "" {
				tag.Source = TagSource(src)
			}
			if at, _ := n.Props[atProp(cl)].(string); at != "" {
				if t, err := time.Parse(time.RFC3339, at); err == nil {
					tag.At = timePtr(t)
				}
			}
			s.tags = append(s.tags, tag)
		}
		if len(s.tags) == 0 {
			// Tagged by dbt (lineage.Engine.TagColumns) without a class:
			// the name rules classify it.
			name, _ := n.Props["name"].(string)
			classes := c.policy.ruleClasses(strings.TrimSuffix(strings.TrimSuffix(col, "."+name), "#"+name), name)
			if len(classes) == 0 {
				classes = []string{Unclassified}
			}
			for _, cl := range classes {
				s.tags = append(s.tags, Tag{Column: col, ID: id, Class: cl, Source: SourceDBT})
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// columnName is "dataset.column" for a column node.
func (c *Checker) columnName(ctx context.Context, nc *nodeCache, n graphstore.Node) (string, error) {
	name, _ := n.Props["name"].(string)
	dsID, _ := n.Props["dataset"].(string)
	if dsID == "" {
		return n.ID, nil
	}
	ds, err := nc.get(ctx, dsID)
	if err != nil {
		return "", err
	}
	return columnName(ds, name), nil
}
