package compliance_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/colineage/colineage/adapters/dbt"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/require"
)

var warehouse = filepath.Join("..", "..", "testdata", "warehouse")

// sampleNow is the Monday after the sample week.
var sampleNow = time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)

// loadWarehouse ingests the sample warehouse's Redshift log and dbt
// project into store, as the quickstart does, and tags the dbt columns.
func loadWarehouse(t testing.TB, store graphstore.Store) *compliance.Checker {
	t.Helper()
	ctx := context.Background()
	p := lineage.PlatformOf(sqlparse.Redshift)
	cat := lineage.NewMemoryCatalog()
	f, err := os.Open(filepath.Join(warehouse, "schema.json"))
	require.NoError(t, err)
	_, err = cat.LoadSchemaJSON(ctx, f, p, lineage.Defaults{})
	f.Close()
	require.NoError(t, err)
	eng := lineage.NewEngine(store, cat)

	proj, err := dbt.Load(ctx, filepath.Join(warehouse, "dbt"))
	require.NoError(t, err)
	_, err = proj.DefineColumns(ctx, cat)
	require.NoError(t, err)
	_, err = eng.Ingest(ctx, proj.Statements(), lineage.IngestKey("dbt"))
	require.NoError(t, err)

	uf, err := os.Open(filepath.Join(warehouse, "redshift", "pg_user.csv"))
	require.NoError(t, err)
	users, err := querylog.ReadPGUsers(uf)
	uf.Close()
	require.NoError(t, err)
	lf, err := os.Open(filepath.Join(warehouse, "redshift", "stl_querytext.csv"))
	require.NoError(t, err)
	defer lf.Close()
	_, err = eng.Ingest(ctx, querylog.NewRedshift(lf, querylog.WithUsers(users)), lineage.IngestKey("redshift"))
	require.NoError(t, err)

	return tagWarehouse(t, store, proj)
}

// loadSnowflake ingests the Snowflake log of the same week.
func loadSnowflake(t testing.TB, store graphstore.Store) *compliance.Checker {
	t.Helper()
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	f, err := os.Open(filepath.Join(warehouse, "schema.json"))
	require.NoError(t, err)
	_, err = cat.LoadSchemaJSON(ctx, f, lineage.PlatformOf(sqlparse.Snowflake), lineage.Defaults{})
	f.Close()
	require.NoError(t, err)
	eng := lineage.NewEngine(store, cat)
	lf, err := os.Open(filepath.Join(warehouse, "snowflake", "query_history.csv"))
	require.NoError(t, err)
	defer lf.Close()
	_, err = eng.Ingest(ctx, querylog.NewSnowflake(lf), lineage.IngestKey("snowflake"))
	require.NoError(t, err)
	return tagWarehouse(t, store, nil)
}

// tagWarehouse loads the sample's policy, tags the dbt project's personal
// columns (source dbt) and applies the name rules.
func tagWarehouse(t testing.TB, store graphstore.Store, proj *dbt.Project) *compliance.Checker {
	t.Helper()
	ctx := context.Background()
	pf, err := os.Open(filepath.Join(warehouse, "policy.yaml"))
	require.NoError(t, err)
	defer pf.Close()
	pol, err := compliance.LoadPolicy(pf, "policy.yaml")
	require.NoError(t, err)
	chk, err := compliance.New(store, pol, compliance.WithClock(func() time.Time { return sampleNow }))
	require.NoError(t, err)

	if proj == nil {
		_, err = chk.ApplyRules(ctx)
		require.NoError(t, err)
		return chk
	}
	var dbtCols []lineage.Column
	for _, tg := range proj.Tags {
		if tg.PII {
			dbtCols = append(dbtCols, proj.TagColumn(tg))
		}
	}
	for _, c := range dbtCols {
		require.NoError(t, chk.Tag(ctx, "", compliance.SourceDBT, c))
	}
	var dashboards []lineage.Dashboard
	for _, e := range proj.Exposures {
		dashboards = append(dashboards, lineage.Dashboard{Dataset: proj.ExposureDataset(e), Owner: e.Owner.Email, URL: e.URL, Reads: proj.ExposureReads(e)})
	}
	require.NoError(t, lineage.NewEngine(store, lineage.NewMemoryCatalog()).AddDashboards(ctx, dashboards...))
	_, err = chk.ApplyRules(ctx)
	require.NoError(t, err)
	return chk
}
