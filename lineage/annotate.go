package lineage

import (
	"context"
	"fmt"
	"sort"

	"github.com/colineage/colineage/graphstore"
)

// Dashboard is a report or dashboard that reads datasets: a dbt exposure,
// a BI tool's report.
type Dashboard struct {
	// Dataset names the dashboard; its Kind is set to KindDashboard.
	Dataset Dataset
	Owner   string
	URL     string
	// Reads are the datasets it reads; each gets a FLOWS_TO edge to it.
	Reads []Dataset
}

// TagColumns adds tags to columns (PII seeds from dbt meta and tags, a
// policy file, name rules). Tags accumulate: a column keeps the tags it
// had. Columns not yet in the graph are created with their dataset.
func (e *Engine) TagColumns(ctx context.Context, tags map[Column][]string) error {
	b := graphstore.Batch{}
	seen := map[string]bool{}
	cols := make([]Column, 0, len(tags))
	for c := range tags {
		cols = append(cols, c)
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].ID() < cols[j].ID() })
	for _, c := range cols {
		ds := DatasetNodeID(c.Dataset)
		if !seen[ds] {
			seen[ds] = true
			n := datasetNode(c.Dataset)
			delete(n.Props, "kind") // a tag says nothing of the kind: keep what the graph knows
			b.Nodes = append(b.Nodes, n)
		}
		id := ColumnNodeID(c)
		b.Nodes = append(b.Nodes, graphstore.Node{ID: id, Kind: NodeColumn, Tags: tags[c],
			Props: map[string]any{"dataset": ds, "name": c.Name}})
		b.Edges = append(b.Edges, graphstore.Edge{From: ds, To: id, Kind: EdgeHasColumn})
	}
	if err := e.store.Upsert(ctx, b); err != nil {
		return fmt.Errorf("lineage: tag columns: %w", err)
	}
	return nil
}

// AddDashboards writes dashboards as datasets of kind dashboard, with a
// FLOWS_TO edge from every dataset they read, so Impact reaches them.
func (e *Engine) AddDashboards(ctx context.Context, dashboards ...Dashboard) error {
	b := graphstore.Batch{}
	seen := map[string]bool{}
	for _, d := range dashboards {
		d.Dataset.Kind = KindDashboard
		n := datasetNode(d.Dataset)
		if d.Owner != "" {
			n.Props["owner"] = d.Owner
		}
		if d.URL != "" {
			n.Props["url"] = d.URL
		}
		b.Nodes = append(b.Nodes, n)
		for _, r := range d.Reads {
			if id := DatasetNodeID(r); !seen[id] {
				seen[id] = true
				b.Nodes = append(b.Nodes, datasetNode(r))
			}
			b.Edges = append(b.Edges, graphstore.Edge{From: DatasetNodeID(r), To: n.ID, Kind: EdgeFlowsTo})
		}
	}
	if err := e.store.Upsert(ctx, b); err != nil {
		return fmt.Errorf("lineage: add dashboards: %w", err)
	}
	return nil
}

// Tagged returns the columns that carry a tag (e.g. "pii"), by node id.
func (e *Engine) Tagged(ctx context.Context, tag string) ([]TraceNode, error) {
	nodes, err := e.store.Find(ctx, graphstore.Query{Kind: NodeColumn, Tag: tag})
	if err != nil {
		return nil, fmt.Errorf("lineage: columns tagged %q: %w", tag, err)
	}
	out := make([]TraceNode, len(nodes))
	for i, n := range nodes {
		out[i] = TraceNode{ID: n.ID, Kind: n.Kind, Name: displayName(n), Raw: true, Tags: n.Tags}
	}
	return out, nil
}
