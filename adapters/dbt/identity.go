package dbt

import (
	"context"
	"fmt"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// ExposurePlatform is the platform of the dashboard datasets exposures
// become: dbt://<project>.<exposure name>.
const ExposurePlatform lineage.Platform = "dbt"

// Platform returns the lineage platform of the project's warehouse, from
// its dialect: the same platform a query-log reader of that warehouse uses,
// so a model and the table a logged query reads are one node.
func (p *Project) Platform() lineage.Platform { return lineage.PlatformOf(p.Dialect) }

// Dataset returns the lineage dataset of a relation on platform pl, folded
// by pl's rules (quoted parts keep their case).
func (r Relation) Dataset(pl lineage.Platform) lineage.Dataset {
	var parts []sqlparse.Ident
	if r.Database != "" {
		parts = append(parts, sqlparse.Ident{Name: r.Database, Quoted: r.Quote.Database})
	}
	if r.Schema != "" || len(parts) > 0 {
		parts = append(parts, sqlparse.Ident{Name: r.Schema, Quoted: r.Quote.Schema})
	}
	parts = append(parts, sqlparse.Ident{Name: r.Name, Quoted: r.Quote.Identifier})
	return pl.Dataset(parts, lineage.Defaults{})
}

// Dataset returns the lineage dataset a node builds or reads: a view for
// views and ephemeral models, a table otherwise.
func (p *Project) Dataset(n *Node) lineage.Dataset {
	ds := n.Relation.Dataset(p.Platform())
	if n.Materialized == "view" || n.Materialized == "ephemeral" {
		ds.Kind = lineage.KindView
	}
	return ds
}

// ExposureDataset returns the dashboard dataset of an exposure.
func (p *Project) ExposureDataset(e Exposure) lineage.Dataset {
	return lineage.Dataset{Platform: ExposurePlatform, Schema: p.Name, Name: e.Name, Kind: lineage.KindDashboard}
}

// ExposureReads returns the datasets an exposure reads (its depends_on
// that are models, seeds, snapshots or sources).
func (p *Project) ExposureReads(e Exposure) []lineage.Dataset {
	var out []lineage.Dataset
	for _, id := range e.DependsOn {
		if n := p.nodeByID(id); n != nil {
			out = append(out, p.Dataset(n))
		}
	}
	return out
}

// TagColumn returns the lineage column a ColumnTags entry is about.
func (p *Project) TagColumn(t ColumnTags) lineage.Column {
	pl := p.Platform()
	return lineage.Column{Dataset: t.Relation.Dataset(pl), Name: pl.FoldName(t.Column, lineage.PartColumn)}
}

// DefineColumns records the catalog's columns (catalog.json, or seed
// headers) in w, so `select *` over models, seeds and sources expands. It
// returns the number of datasets defined.
func (p *Project) DefineColumns(ctx context.Context, w lineage.CatalogWriter) (int, error) {
	pl := p.Platform()
	n := 0
	for _, t := range p.Columns {
		if len(t.Columns) == 0 {
			continue
		}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = pl.FoldName(c.Name, lineage.PartColumn)
		}
		if err := w.Define(ctx, t.Relation.Dataset(pl), cols); err != nil {
			return n, fmt.Errorf("dbt: define %s: %w", t.UniqueID, err)
		}
		n++
	}
	return n, nil
}
