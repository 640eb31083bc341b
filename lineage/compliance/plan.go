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

// RequestKind is a data subject's request under GDPR.
type RequestKind string

// Request kinds.
const (
	// Erasure (article 17): delete the subject's rows everywhere, the
	// copies downstream first so that no rebuild brings them back.
	Erasure RequestKind = "erasure"
	// Access (article 15): collect what is held about the subject,
	// sources first.
	Access RequestKind = "access"
	// Portability (article 20): export what the subject provided, in a
	// machine-readable form, sources first.
	Portability RequestKind = "portability"
)

// PlanColumn is a column of a plan step that holds the subject's data.
type PlanColumn struct {
	Column string `json:"column"`
	Class  string `json:"class"`
	State  State  `json:"state"`
	Weak   bool   `json:"weak,omitempty"`
	// Note says why a masked copy is still personal data.
	Note string `json:"note,omitempty"`
}

// PlanStep is one dataset to act on.
type PlanStep struct {
	Order       int    `json:"order"`
	Dataset     string `json:"dataset"`
	DatasetKind string `json:"dataset_kind,omitempty"`
	External    bool   `json:"external,omitempty"`
	// Action says what to do there.
	Action  string       `json:"action"`
	Columns []PlanColumn `json:"columns"`
	// Key is the column that finds the subject's rows, and KeyHow how
	// (a raw copy of the subject key, the subject's e-mail, a hash of it);
	// empty when lineage shows none.
	Key    string `json:"key,omitempty"`
	KeyHow string `json:"key_how,omitempty"`
	// Hops is the longest chain of lineage edges from the subject's
	// dataset to this one through the plan's datasets; steps are ordered
	// by it (deepest first for erasure, shallowest first otherwise).
	Hops int `json:"hops"`
}

// Plan is what to do for one data-subject request.
type Plan struct {
	Kind    RequestKind `json:"kind"`
	Subject string      `json:"subject"`
	// Received is when the plan was made (the checker's clock), taken as
	// the day the request arrived; Due is the answer's deadline, the
	// policy's request_days later.
	Received time.Time  `json:"received"`
	Due      time.Time  `json:"due"`
	Steps    []PlanStep `json:"steps"`
	Notes    []string   `json:"notes"`
}

// Plan lists every dataset and column that holds a raw or re-identifiable
// copy of the personal data kept with subject (a key column such as
// "raw.users.user_id", or a tagged column, by readable name or node id), in
// the order to act on them, with the column that finds the subject's rows.
func (c *Checker) Plan(ctx context.Context, kind RequestKind, subject string) (*Plan, error) {
	switch kind {
	case Erasure, Access, Portability:
	default:
		return nil, fmt.Errorf("compliance: unknown request kind %q", kind)
	}
	nc := newNodeCache(c.store)
	subj, err := c.findColumn(ctx, nc, subject)
	if err != nil {
		return nil, err
	}
	// The subject's rows: the key column and every tagged column of its
	// dataset.
	dsID, _ := subj.Props["dataset"].(string)
	sub, err := c.store.Traverse(ctx, []string{dsID}, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeHasColumn},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: plan: %w", err)
	}
	cols := map[string]graphstore.Node{}
	for _, n := range sub.Nodes {
		if n.Kind == lineage.NodeColumn {
			cols[n.ID] = n.Node
		}
	}
	seeds, err := c.seedsOf(ctx, nc, cols)
	if err != nil {
		return nil, err
	}
	haveSubj := false
	for _, sd := range seeds {
		haveSubj = haveSubj || sd.node.ID == subj.ID
	}
	subjName, err := c.columnName(ctx, nc, subj)
	if err != nil {
		return nil, err
	}
	if !haveSubj {
		seeds = append(seeds, seed{node: subj, tags: []Tag{{Column: subjName, ID: subj.ID, Class: subjectClass}}})
	}
	ids := make([]string, len(seeds))
	for i, sd := range seeds {
		ids[i] = sd.node.ID
	}
	s, err := c.loadFrom(ctx, seeds, ids)
	if err != nil {
		return nil, err
	}
	p := s.plan(kind, subj.ID, subjName)
	p.Received = c.now().UTC()
	p.Due = p.Received.AddDate(0, 0, c.policy.RequestDays)
	p.Notes = append(p.Notes, fmt.Sprintf("answer the subject by %s (%d days)", p.Due.Format(time.DateOnly), c.policy.RequestDays))
	return p, nil
}

// platforms are the platforms whose column ids findColumn tries.
func platforms() []lineage.Platform {
	return []lineage.Platform{lineage.Postgres, lineage.Snowflake, lineage.Redshift, lineage.BigQuery, lineage.MySQL,
		lineage.Hive, lineage.Trino, lineage.MSSQL, lineage.DuckDB, lineage.Generic}
}

// subjectClass is the class of an untagged subject key in a plan.
const subjectClass = "subject_key"

func (s *snapshot) plan(kind RequestKind, subjID, subjName string) *Plan {
	p := &Plan{Kind: kind, Subject: subjName, Steps: []PlanStep{}, Notes: []string{}}
	reached := s.propagate()
	subjClasses := map[string]bool{}
	for _, sd := range s.seeds {
		if sd.node.ID == subjID {
			for _, t := range sd.tags {
				subjClasses[t.Class] = true
			}
		}
	}
	steps := map[string]*PlanStep{}
	keyRank := map[string]int{}
	for class, best := range reached {
		cl := s.policy.class(class)
		for id, r := range best {
			if !r.state.Personal() {
				continue
			}
			ds := s.datasetOf(id)
			st := steps[ds.ID]
			if st == nil {
				kindProp, _ := ds.Props["kind"].(string)
				name := datasetName(ds)
				st = &PlanStep{Dataset: name, DatasetKind: kindProp, External: external(name) || kindProp == "location", Columns: []PlanColumn{}}
				steps[ds.ID] = st
				keyRank[ds.ID] = 99
			}
			pc := PlanColumn{Column: s.name(id), Class: class, State: r.state, Weak: r.weak}
			if r.state == Masked {
				pc.Note = "a hash is still personal data while the mapping can be rebuilt from the source values"
				if r.weak {
					pc.Note = "an unsalted hash: anyone with the subject's value can find the row"
				}
			}
			st.Columns = append(st.Columns, pc)
			// The best key: a raw copy of the subject key, then a raw
			// identifier, then a hash of one.
			rank := 99
			how := ""
			switch {
			case id == subjID:
				rank, how = 0, "the subject key"
			case subjClasses[class] && r.state == Raw:
				rank, how = 0, "a copy of "+subjName
			case cl != nil && cl.Identifier && r.state == Raw:
				rank, how = 1, "the subject's "+class
			case (subjClasses[class] || cl != nil && cl.Identifier) && r.state == Masked:
				rank, how = 2, fmt.Sprintf("%s of the subject's %s: compute it from the source value", s.maskFunction(best, id, class), class)
			}
			if rank < keyRank[ds.ID] || rank == keyRank[ds.ID] && rank < 99 && pc.Column < st.Key {
				keyRank[ds.ID] = rank
				st.Key, st.KeyHow = pc.Column, how
			}
		}
	}
	depths := s.datasetDepths(steps)
	for id, st := range steps {
		st.Hops = depths[id]
		sort.Slice(st.Columns, func(i, j int) bool {
			if st.Columns[i].Column != st.Columns[j].Column {
				return st.Columns[i].Column < st.Columns[j].Column
			}
			return st.Columns[i].Class < st.Columns[j].Class
		})
		st.Action = action(kind, st)
		p.Steps = append(p.Steps, *st)
	}
	sort.Slice(p.Steps, func(i, j int) bool {
		a, b := p.Steps[i], p.Steps[j]
		if a.Hops != b.Hops {
			if kind == Erasure {
				return a.Hops > b.Hops // downstream first
			}
			return a.Hops < b.Hops
		}
		return a.Dataset < b.Dataset
	})
	for i := range p.Steps {
		p.Steps[i].Order = i + 1
		if p.Steps[i].Key == "" {
			p.Notes = append(p.Notes, fmt.Sprintf("%s: lineage shows no key column; find the subject's rows by its personal columns or the load that wrote them", p.Steps[i].Dataset))
		}
	}
	if s.truncated {
		p.Notes = append(p.Notes, "the lineage walk was truncated: the plan may miss copies further downstream")
	}
	return p
}

// action says what to do with a step.
func action(kind RequestKind, st *PlanStep) string {
	masked := false
	for _, c := range st.Columns {
		if c.State != Raw {
			masked = true
		}
	}
	switch kind {
	case Erasure:
		switch {
		case st.External:
			return "delete the subject's records from the exported files (outside the warehouse) and ask recipients to do the same"
		case masked:
			return "delete the subject's rows (masked values are still personal data)"
		}
		return "delete the subject's rows"
	case Access:
		return "include the subject's rows in the access report"
	}
	if st.External {
		return "no export needed: a copy of data exported from the warehouse"
	}
	return "export the subject's rows in a machine-readable format"
}

// datasetDepths is, for each dataset of a plan, the longest chain of
// column edges between the plan's datasets that leads to it from the
// subject's: a dataset is always deeper than every dataset it is built
// from, so sorting by depth puts each copy before (erasure) or after
// (access) its sources, however many shortcuts the graph has. Datasets on
// a cycle (tables rebuilt from each other) are ordered by name among
// themselves after their acyclic predecessors.
func (s *snapshot) datasetDepths(steps map[string]*PlanStep) map[string]int {
	succ := map[string][]string{}
	indeg := map[string]int{}
	seen := map[[2]string]bool{}
	for _, e := range s.edges {
		a, b := s.datasetOf(e.From).ID, s.datasetOf(e.To).ID
		k := [2]string{a, b}
		if a == b || steps[a] == nil || steps[b] == nil || seen[k] {
			continue
		}
		seen[k] = true
		succ[a] = append(succ[a], b)
		indeg[b]++
	}
	ids := make([]string, 0, len(steps))
	for id := range steps {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	depth := make(map[string]int, len(ids))
	done := make(map[string]bool, len(ids))
	var queue []string
	for _, id := range ids {
		if indeg[id] == 0 {
			queue = append(queue, id)
		}
	}
	visit := func(id string) {
		done[id] = true
		for _, n := range succ[id] {
			if done[n] {
				continue
			}
			depth[n] = max(depth[n], depth[id]+1)
			if indeg[n]--; indeg[n] == 0 {
				queue = append(queue, n)
			}
		}
	}
	for len(done) < len(ids) {
		if len(queue) == 0 {
			// Only cycles are left: take the first of them by name.
			for _, id := range ids {
				if !done[id] {
					queue = append(queue, id)
					break
				}
			}
		}
		id := queue[0]
		queue = queue[1:]
		if !done[id] {
			visit(id)
		}
	}
	return depth
}

// maskFunction names the masking function on a reach's path.
func (s *snapshot) maskFunction(best map[string]*reach, id, class string) string {
	fn := "a hash"
	for r, n := best[id], 0; r != nil && r.via >= 0 && n <= len(s.edges); r, n = best[s.edges[r.via].From], n+1 {
		if h := s.hop(r.via, s.classGen(class)); h.finding.effect == mask && h.finding.function != "" {
			fn = h.finding.function
		}
	}
	return fn
}

// findColumn resolves a subject: a column node id, or a readable
// "db.schema.table.column" name (or a suffix of one: "raw.users.user_id").
// A fully qualified name is tried as the column's node id on each platform
// first; other names find the table by name, so the cost does not grow
// with the number of columns in the graph.
func (c *Checker) findColumn(ctx context.Context, nc *nodeCache, subject string) (graphstore.Node, error) {
	if n, err := c.store.Node(ctx, subject); err == nil && n.Kind == lineage.NodeColumn {
		return n, nil
	}
	parts := lineage.SplitName(subject)
	if len(parts) < 2 {
		return graphstore.Node{}, fmt.Errorf("%w %q: want table.column at least", ErrUnknownSubject, subject)
	}
	// A fully qualified name: the column's node id on each platform, folded
	// by its rules (a few point reads, where finding the table by name
	// scans the datasets on a store without a property index).
	if len(parts) >= 3 {
		var hits []graphstore.Node
		seen := map[string]bool{}
		for _, p := range platforms() {
			id := lineage.ColumnNodeID(p.Column(p.Dataset(parts[:len(parts)-1], lineage.Defaults{}), parts[len(parts)-1]))
			if seen[id] {
				continue
			}
			seen[id] = true
			n, err := c.store.Node(ctx, id)
			switch {
			case err == nil && n.Kind == lineage.NodeColumn:
				hits = append(hits, n)
			case err != nil && !errors.Is(err, graphstore.ErrNotFound):
				return graphstore.Node{}, fmt.Errorf("compliance: find %s: %w", subject, err)
			}
		}
		switch len(hits) {
		case 1:
			return hits[0], nil
		case 0:
		default:
			return graphstore.Node{}, fmt.Errorf("%w %q: it names %d columns; qualify it", ErrUnknownSubject, subject, len(hits))
		}
	}
	names := make([]string, len(parts))
	for i, id := range parts {
		names[i] = id.Name
	}
	table, col := names[len(names)-2], names[len(names)-1]
	wantTable := strings.ToLower(strings.Join(names[:len(names)-1], "."))
	var datasets []string
	seen := map[string]bool{}
	// The name as written first; the other cases only when it finds no
	// table (each lookup scans the datasets on a store without an index).
	variants := []string{table, strings.ToLower(table), strings.ToUpper(table)}
	for i, name := range variants {
		if slices.Contains(variants[:i], name) || len(datasets) > 0 {
			continue
		}
		nodes, err := c.store.Find(ctx, graphstore.Query{Kind: lineage.NodeDataset, Props: map[string]any{"name": name}})
		if err != nil {
			return graphstore.Node{}, fmt.Errorf("compliance: find %s: %w", subject, err)
		}
		for _, n := range nodes {
			full := strings.ToLower(datasetName(n))
			if !seen[n.ID] && (full == wantTable || strings.HasSuffix(full, "."+wantTable)) {
				seen[n.ID] = true
				nc.put(n)
				datasets = append(datasets, n.ID)
			}
		}
	}
	var hits []graphstore.Node
	if len(datasets) > 0 {
		sub, err := c.store.Traverse(ctx, datasets, graphstore.TraverseOptions{
			Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeHasColumn},
		})
		if err != nil {
			return graphstore.Node{}, fmt.Errorf("compliance: find %s: %w", subject, err)
		}
		for _, n := range sub.Nodes {
			if name, _ := n.Props["name"].(string); n.Kind == lineage.NodeColumn && strings.EqualFold(name, col) {
				hits = append(hits, n.Node)
			}
		}
	}
	switch len(hits) {
	case 0:
		return graphstore.Node{}, fmt.Errorf("%w %q", ErrUnknownSubject, subject)
	case 1:
		return hits[0], nil
	}
	return graphstore.Node{}, fmt.Errorf("%w %q: it names %d columns; qualify it", ErrUnknownSubject, subject, len(hits))
}
