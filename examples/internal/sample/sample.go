// Package sample loads the sample warehouse of testdata/warehouse into an
// Engine, for the example commands that serve or measure it.
package sample

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/colineage/colineage/adapters/dbt"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/lineage"
)

// ErrNotFound is returned by Find when no testdata/warehouse is in the
// working directory or above it.
var ErrNotFound = errors.New("no sample warehouse (testdata/warehouse)")

// Find returns testdata/warehouse in the working directory or the nearest
// one above it (relative to the working directory when it can), so the
// examples run from anywhere in the repository.
func Find() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "testdata", "warehouse")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if rel, err := filepath.Rel(wd, p); err == nil {
				return rel, nil
			}
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%w in %s or above", ErrNotFound, wd)
		}
	}
}

// Dir is Find's folder, or "testdata/warehouse" when there is none (the
// loader's error then names that path).
func Dir() string {
	dir, err := Find()
	if err != nil {
		return filepath.Join("testdata", "warehouse")
	}
	return dir
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
