package compliance

import (
	"context"

	"fmt"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"sort"
	"strings"
	"time"
)

// UnusedCopy is a copy of personal data nobody read in the period.
type UnusedCopy struct {
	Column  string `json:"column"`
	Dataset string `json:"dataset"`
	Class   string `json:"class"`
	State   State  `json:"state"`
	Origin  string `json:"origin"`
	// LastRead is the last day anyone read the column; null when the logs
	// show no read at all.
	LastRead *string `json:"last_read"`
	// LastWritten is when a statement last wrote the copy.
	LastWritten *time.Time `json:"last_written"`
}

// UnusedDataset is a dataset holding personal data that no statement read
// in the period.
type UnusedDataset struct {
	Dataset string `json:"dataset"`
	// LastRead is when a statement last read it; null when never.
	LastRead *time.Time `json:"last_read"`
	Columns  []string   `json:"columns"`
}

// Duplicate is a set of datasets written by the same query shape (the
// same statement but for its target): candidates to merge or remove.
type Duplicate struct {
	Shape    string   `json:"shape"`
	Datasets []string `json:"datasets"`
}

// Unneeded lists what may be removed.
type Unneeded struct {
	Days       int             `json:"days"`
	Since      time.Time       `json:"since"`
	Copies     []UnusedCopy    `json:"copies"`
	Datasets   []UnusedDataset `json:"datasets"`
	Duplicates []Duplicate     `json:"duplicates"`
	// Undetermined are datasets with personal data that statements of
	// unknown time and user read (dbt models, logs without times): whether
	// they are needed cannot be told from the logs.
	Undetermined []string `json:"undetermined"`
}

// Unneeded finds personal-data copies (columns downstream of a tagged one)
// nobody read within days before the checker's clock, datasets holding
// personal data that no statement read in that time, and datasets built by
// the same query shape.
func (c *Checker) Unneeded(ctx context.Context, days int) (*Unneeded, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return c.unneeded(ctx, s, s.propagation(), days)
}

func (c *Checker) unneeded(ctx context.Context, s *snapshot, p *Propagation, days int) (*Unneeded, error) {
	if days <= 0 {
		return nil, fmt.Errorf("compliance: unneeded: days must be positive, got %d", days)
	}
	since := c.now().UTC().AddDate(0, 0, -days)
	sinceDay := since.Format(time.DateOnly)
	u := &Unneeded{Days: days, Since: since, Copies: []UnusedCopy{}, Datasets: []UnusedDataset{}, Duplicates: []Duplicate{}, Undetermined: []string{}}
	var cols []string
	best := map[string]ColumnState{}
	for _, cs := range p.Columns {
		if !cs.State.Personal() {
			continue
		}
		if prev, ok := best[cs.ID]; !ok || cs.State.rank() < prev.State.rank() {
			if !ok {
				cols = append(cols, cs.ID)
			}
			best[cs.ID] = cs
		}
	}
	recs, err := c.reads(ctx, cols)
	if err != nil {
		return nil, err
	}
	lastRead := map[string]string{}
	for _, r := range recs {
		if r.day > lastRead[r.column] {
			lastRead[r.column] = r.day
		}
	}
	// lastUse is when a statement last read a dataset; unknown is set when
	// a statement with no time or user reads it.
	lastUse := map[string]time.Time{}
	unknown := map[string]bool{}
	for _, id := range cols {
		ds := s.datasetOf(id).ID
		if _, ok := lastUse[ds]; ok || unknown[ds] {
			continue
		}
		var last time.Time
		for q := range s.readsBy[ds] {
			if len(s.runs[q]) == 0 {
				unknown[ds] = true
			}
			for _, r := range s.runs[q] {
				if r.LastSeen.After(last) {
					last = r.LastSeen
				}
			}
		}
		lastUse[ds] = last
	}
	personal := map[string][]string{} // dataset id -> personal columns
	for _, id := range cols {
		cs := best[id]
		ds := s.datasetOf(id).ID
		personal[ds] = append(personal[ds], lastPart(cs.Column))
		if len(cs.Path) == 0 || lastRead[id] >= sinceDay || unknown[ds] {
			continue
		}
		uc := UnusedCopy{Column: cs.Column, Dataset: cs.Dataset, Class: cs.Class, State: cs.State, Origin: cs.Origin,
			LastWritten: cs.Path[len(cs.Path)-1].LastSeen}
		if d := lastRead[id]; d != "" {
			uc.LastRead = &d
		}
		u.Copies = append(u.Copies, uc)
	}
	for ds, names := range personal {
		if unknown[ds] {
			u.Undetermined = append(u.Undetermined, datasetName(s.datasetOf(ds)))
			continue
		}
		last := lastUse[ds]
		if !last.IsZero() && !last.Before(since) {
			continue
		}
		sort.Strings(names)
		u.Datasets = append(u.Datasets, UnusedDataset{Dataset: datasetName(s.datasetOf(ds)), LastRead: timePtr(last), Columns: names})
	}
	sort.Slice(u.Copies, func(i, j int) bool { return u.Copies[i].Column < u.Copies[j].Column })
	sort.Slice(u.Datasets, func(i, j int) bool { return u.Datasets[i].Dataset < u.Datasets[j].Dataset })
	sort.Strings(u.Undetermined)
	if u.Duplicates, err = c.duplicates(ctx); err != nil {
		return nil, err
	}
	return u, nil
}

// duplicates groups the datasets of the graph by the statement shapes that
// write them, with the target left out.
func (c *Checker) duplicates(ctx context.Context) ([]Duplicate, error) {
	queries, err := c.store.Find(ctx, graphstore.Query{Kind: lineage.NodeQuery})
	if err != nil {
		return nil, fmt.Errorf("compliance: duplicates: %w", err)
	}
	ids := make([]string, len(queries))
	text := map[string]string{}
	for i, q := range queries {
		ids[i] = q.ID
		text[q.ID], _ = q.Props["normalized"].(string)
	}
	if len(ids) == 0 {
		return []Duplicate{}, nil
	}
	sub, err := c.store.Traverse(ctx, ids, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeWrites},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: duplicates: %w", err)
	}
	names := map[string]string{}
	for _, n := range sub.Nodes {
		if n.Kind == lineage.NodeDataset {
			names[n.ID] = datasetName(n.Node)
		}
	}
	byShape := map[string][]string{}
	seen := map[[2]string]bool{}
	for _, e := range sub.Edges {
		shape := withoutTarget(text[e.From])
		k := [2]string{shape, e.To}
		if shape == "" || seen[k] {
			continue
		}
		seen[k] = true
		byShape[shape] = append(byShape[shape], names[e.To])
	}
	out := []Duplicate{}
	for shape, dss := range byShape {
		if len(dss) < 2 {
			continue
		}
		sort.Strings(dss)
		out = append(out, Duplicate{Shape: shape, Datasets: dss})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Datasets[0] < out[j].Datasets[0] })
	return out, nil
}

// withoutTarget drops what names a statement's target (INSERT INTO t
// (cols), CREATE TABLE t AS) from its normalized text: what is left is the
// query that computes the rows.
func withoutTarget(text string) string {
	at := -1
	for _, kw := range []string{"select ", "with "} {
		if i := strings.Index(text, kw); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	if at < 0 {
		return ""
	}
	return text[at:]
}
