package dbt

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// item is one entry of the statement stream: a statement, or the error of
// a model that has none.
type item struct {
	st  lineage.Statement
	err error
}

// compile fills each model's and snapshot's SQL: its compiled code, or its
// raw code rendered. Failures go to p.Problems.
func (p *Project) compile(ctx context.Context, vars map[string]any, macros []macroDef) error {
	merged := map[string]any{}
	for k, v := range vars {
		merged[k] = v
	}
	for k, v := range p.opts.vars {
		merged[k] = v
	}
	r := newRenderer(p, merged, macros)
	for i, n := range p.Nodes {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if n.ResourceType == ResourceSeed {
			continue
		}
		if strings.EqualFold(n.Language, "python") {
			p.problem(n, "Python model: no SQL to analyse", ErrNoSQL)
			continue
		}
		if strings.TrimSpace(n.CompiledCode) != "" {
			n.SQL = n.CompiledCode
			continue
		}
		raw := snapshotBody(n.RawCode)
		if strings.TrimSpace(raw) == "" {
			p.problem(n, "model has no SQL", ErrNoSQL)
			continue
		}
		res, err := r.render(n, raw, p.opts.incremental == IncrementalDelta)
		if err != nil {
			p.problem(n, "cannot render raw SQL", err)
			continue
		}
		n.SQL = res.sql
		if len(res.unknown) > 0 {
			p.problem(n, "reads names outside the project, rendered in the target schema: "+strings.Join(res.unknown, ", "), ErrUnknownRef)
		}
		if len(n.DependsOn) == 0 {
			n.DependsOn = res.deps
		}
		if res.usesIncremental && p.opts.incremental == IncrementalBoth {
			delta, err := r.render(n, raw, true)
			if err != nil {
				p.problem(n, "cannot render the incremental branch", err)
				continue
			}
			n.deltaSQL = delta.sql
		}
	}
	return nil
}

func (p *Project) problem(n *Node, reason string, err error) {
	p.Problems = append(p.Problems, &NodeError{UniqueID: n.UniqueID, Path: n.Path, Reason: reason, Err: err})
}

// snapshotBody returns the inside of a {% snapshot %} block, or src when
// it has none.
func snapshotBody(src string) string {
	loc := snapshotStartRE.FindStringIndex(src)
	if loc == nil {
		return src
	}
	end := snapshotEndRE.FindStringIndex(src[loc[1]:])
	if end == nil {
		return src[loc[1]:]
	}
	return src[loc[1] : loc[1]+end[0]]
}

// finish orders the nodes and derives tags, exposure reads and the
// statement stream.
func (p *Project) finish() {
	p.sortNodes()
	p.buildTags()
	p.resolveExposures()
	p.buildStatements()
}

func (p *Project) resolveExposures() {
	for i := range p.Exposures {
		e := &p.Exposures[i]
		e.Reads = nil
		for _, id := range e.DependsOn {
			if n := p.nodeByID(id); n != nil {
				e.Reads = append(e.Reads, n.Relation)
			}
		}
	}
}

// failed maps unique ids to their first problem.
func (p *Project) failed() map[string]*NodeError {
	out := map[string]*NodeError{}
	for _, e := range p.Problems {
		if _, ok := out[e.UniqueID]; !ok {
			out[e.UniqueID] = e
		}
	}
	return out
}

func (p *Project) buildStatements() {
	p.items = p.items[:0]
	failed := p.failed()
	for _, n := range p.Nodes {
		if n.ResourceType == ResourceSeed {
			continue
		}
		if e, ok := failed[n.UniqueID]; ok && n.SQL == "" {
			p.items = append(p.items, item{err: &lineage.InputError{
				Origin: n.UniqueID, Record: int64(len(p.items) + 1), Reason: e.Reason, Err: e,
			}})
			continue
		}
		body := cleanSQL(n.SQL)
		if body == "" {
			continue
		}
		ctx := lineage.Context{Database: n.Relation.Database, Schema: n.Relation.Schema, Origin: n.UniqueID, Session: "dbt:" + p.Name}
		rel := p.relationSQL(n.Relation)
		kw := "TABLE"
		if n.Materialized == "view" || n.Materialized == "ephemeral" {
			kw = "VIEW"
		}
		p.items = append(p.items, item{st: lineage.Statement{
			SQL: fmt.Sprintf("CREATE %s %s AS\n%s", kw, rel, body), Dialect: p.Dialect, Context: ctx,
		}})
		if delta := cleanSQL(n.deltaSQL); delta != "" {
			ctx.Origin = n.UniqueID + "#incremental"
			p.items = append(p.items, item{st: lineage.Statement{
				SQL: fmt.Sprintf("INSERT INTO %s\n%s", rel, delta), Dialect: p.Dialect, Context: ctx,
			}})
		}
	}
}

// cleanSQL trims whitespace and trailing semicolons.
func cleanSQL(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, ";") {
		s = strings.TrimSpace(strings.TrimSuffix(s, ";"))
	}
	return s
}

// Statements returns the project's models and snapshots as statements,
// parents before children: `CREATE TABLE <relation> AS <select>` for
// tables, incremental models and snapshots, `CREATE VIEW <relation> AS
// <select>` for views and ephemeral models, and with IncrementalBoth an
// `INSERT INTO <relation> <select>` for the incremental branch. Each
// statement's Context.Origin is the model's unique id, its Database and
// Schema the model's own. A model that could not be read or rendered comes
// as a *lineage.InputError (wrapping its *NodeError) in its place.
// Each call returns a new stream.
func (p *Project) Statements() lineage.Source {
	return &statementSource{items: p.items}
}

type statementSource struct {
	items []item
	next  int
}

// Next returns the next statement, an *lineage.InputError for a model that
// has none, or io.EOF.
func (s *statementSource) Next(ctx context.Context) (lineage.Statement, error) {
	if err := ctx.Err(); err != nil {
		return lineage.Statement{}, err
	}
	if s.next >= len(s.items) {
		return lineage.Statement{}, io.EOF
	}
	it := s.items[s.next]
	s.next++
	return it.st, it.err
}

// buildTags collects the column tags of nodes and sources.
func (p *Project) buildTags() {
	p.Tags = nil
	add := func(n *Node) {
		for _, c := range n.Columns {
			pii := p.isPII(c)
			if len(c.Tags) == 0 && !pii && len(c.Meta) == 0 {
				continue
			}
			tags := append([]string(nil), c.Tags...)
			if pii && !contains(tags, PIITag) {
				tags = append(tags, PIITag)
			}
			p.Tags = append(p.Tags, ColumnTags{UniqueID: n.UniqueID, Relation: n.Relation, Column: c.Name, Tags: tags, PII: pii, Meta: c.Meta})
		}
	}
	for _, n := range p.Sources {
		add(n)
	}
	for _, n := range p.Nodes {
		add(n)
	}
}

// isPII applies the PII rules: a configured meta key set to a true value,
// or a configured tag.
func (p *Project) isPII(c ColumnInfo) bool {
	for _, k := range p.opts.piiMetaKeys {
		if v, ok := c.Meta[k]; ok && truthy(v) {
			return true
		}
	}
	for _, t := range p.opts.piiTags {
		if containsFold(c.Tags, t) {
			return true
		}
	}
	return false
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "y", "1":
			return true
		}
	case fmt.Stringer:
		return x.String() != "0" && x.String() != ""
	case int:
		return x != 0
	case float64:
		return x != 0
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
