// Package sample loads the sample warehouse of testdata/warehouse into an
// Engine, for the example commands that serve or measure it.
package sample

import (
	"context"
	"os"
	"path/filepath"

	"github.com/colineage/colineage/adapters/dbt"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/lineage"
)

// Dir finds testdata/warehouse from the working directory or above.
func Dir() string {
	dir, _ := os.Getwd()
	for range 6 {
		p := filepath.Join(dir, "testdata", "warehouse")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return filepath.Join("testdata", "warehouse")
}

// Load loads the sample warehouse as the quickstart does: the schema,
// the dbt project (models, PII tags, exposures), then the Redshift log.
func Load(ctx context.Context, eng *lineage.Engine, cat *lineage.MemoryCatalog, dir string) error {
	_, err := LoadProject(ctx, eng, cat, dir)
	return err
}

// LoadProject loads the sample warehouse as Load does and returns its dbt
// project, for a caller that does more with its tags (a compliance
// checker's dbt-sourced tags).
func LoadProject(ctx context.Context, eng *lineage.Engine, cat *lineage.MemoryCatalog, dir string) (*dbt.Project, error) {
	f, err := os.Open(filepath.Join(dir, "schema.json"))
	if err != nil {
		return nil, err
	}
	_, err = cat.LoadSchemaJSON(ctx, f, lineage.Redshift, lineage.Defaults{})
	f.Close()
	if err != nil {
		return nil, err
	}
	p, err := dbt.Load(ctx, filepath.Join(dir, "dbt"))
	if err != nil {
		return nil, err
	}
	if _, err := p.DefineColumns(ctx, cat); err != nil {
		return nil, err
	}
	if _, err := eng.Ingest(ctx, p.Statements(), lineage.IngestKey("dbt:sample")); err != nil {
		return nil, err
	}
	tags := map[lineage.Column][]string{}
	for _, t := range p.Tags {
		c := p.TagColumn(t)
		tags[c] = append(tags[c], t.Tags...)
	}
	if err := eng.TagColumns(ctx, tags); err != nil {
		return nil, err
	}
	var boards []lineage.Dashboard
	for _, e := range p.Exposures {
		boards = append(boards, lineage.Dashboard{Dataset: p.ExposureDataset(e), Owner: e.Owner.Email, URL: e.URL, Reads: p.ExposureReads(e)})
	}
	if err := eng.AddDashboards(ctx, boards...); err != nil {
		return nil, err
	}
	uf, err := os.Open(filepath.Join(dir, "redshift", "pg_user.csv"))
	if err != nil {
		return nil, err
	}
	users, err := querylog.ReadPGUsers(uf)
	uf.Close()
	if err != nil {
		return nil, err
	}
	lf, err := os.Open(filepath.Join(dir, "redshift", "stl_querytext.csv"))
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	_, err = eng.Ingest(ctx, querylog.NewRedshift(lf, querylog.WithUsers(users), querylog.WithOrigin("stl_querytext.csv")), lineage.IngestKey("sample:stl_querytext.csv"))
	return p, err
}
