package dbt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
)

const warehouseProject = "../../testdata/warehouse/dbt"

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestSampleWarehouseManifestMatchesFiles loads the sample warehouse's
// project twice, from the manifest `dbt parse` wrote and from its own
// files, and expects the same models, relations, dependencies and SQL.
func TestSampleWarehouseManifestMatchesFiles(t *testing.T) {
	ctx := context.Background()
	fromManifest, err := Load(ctx, warehouseProject)
	require.NoError(t, err)
	fromFiles, err := Load(ctx, warehouseProject, WithProjectFiles())
	require.NoError(t, err)
	assert.Empty(t, fromManifest.Problems)
	assert.Empty(t, fromFiles.Problems)

	assert.Equal(t, 12, fromManifest.SchemaVersion)
	assert.Equal(t, 0, fromFiles.SchemaVersion)
	assert.Equal(t, "redshift", fromManifest.AdapterType)
	assert.Equal(t, "redshift", fromFiles.AdapterType, "the target comes from profiles.yml")
	require.Len(t, fromFiles.Nodes, len(fromManifest.Nodes))
	require.Len(t, fromFiles.Sources, len(fromManifest.Sources))
	assert.Equal(t, nodeIDs(fromManifest.Nodes), nodeIDs(fromFiles.Nodes), "same build order")

	for _, m := range fromManifest.Nodes {
		t.Run(m.UniqueID, func(t *testing.T) {
			f := fromFiles.Node(m.UniqueID)
			require.NotNil(t, f)
			assert.Equal(t, fromManifest.relationSQL(m.Relation), fromFiles.relationSQL(f.Relation))
			assert.Equal(t, m.Materialized, f.Materialized)
			assert.Equal(t, sortedCopy(m.DependsOn), sortedCopy(f.DependsOn))
			assert.Equal(t, m.SQL, f.SQL)
			// The manifest is up to date with the files.
			b, err := os.ReadFile(filepath.Join(warehouseProject, filepath.FromSlash(m.Path)))
			require.NoError(t, err)
			// (dbt drops the file's trailing whitespace.)
			assert.Equal(t, strings.TrimSpace(string(b)), strings.TrimSpace(m.RawCode), "run dbt parse again (see testdata/warehouse/dbt/README.md)")
		})
	}
	a, _ := drain(t, fromManifest.Statements())
	b, _ := drain(t, fromFiles.Statements())
	assert.Equal(t, a, b)
	tagKey := func(p *Project) []string {
		var out []string
		for _, tg := range p.Tags {
			out = append(out, fmt.Sprint(tg.UniqueID, p.relationSQL(tg.Relation), tg.Column, tg.Tags, tg.PII, len(tg.Meta)))
		}
		return out
	}
	assert.Equal(t, tagKey(fromManifest), tagKey(fromFiles))
	require.Len(t, fromFiles.Exposures, 1)
	assert.Equal(t, fromManifest.Exposures[0].UniqueID, fromFiles.Exposures[0].UniqueID)
	assert.Equal(t, sortedCopy(fromManifest.Exposures[0].DependsOn), sortedCopy(fromFiles.Exposures[0].DependsOn))
}

func TestSampleWarehouseProject(t *testing.T) {
	ctx := context.Background()
	p, err := Load(ctx, warehouseProject)
	require.NoError(t, err)
	pl := p.Platform()
	require.Equal(t, lineage.Redshift, pl)

	// Sources are the raw tables the query logs read: one node each.
	users := p.Dataset(p.Node("source.learnly.raw.users"))
	assert.True(t, users.SameAs(pl.DatasetFromString("raw.users", lineage.Defaults{Database: "elearn"})))
	assert.True(t, users.SameAs(pl.DatasetFromString("ELEARN.RAW.USERS", lineage.Defaults{})))

	// PII: meta contains_pii and tag pii, on sources and models.
	var pii []string
	for _, tg := range p.Tags {
		if tg.PII {
			pii = append(pii, p.TagColumn(tg).ID())
		}
	}
	assert.ElementsMatch(t, []string{
		"redshift://elearn.raw.users.email", "redshift://elearn.raw.users.first_name",
		"redshift://elearn.raw.users.last_name", "redshift://elearn.raw.users.ip_address",
		"redshift://elearn.raw.instructors.display_name",
		"redshift://elearn.dbt_staging.stg_users.email", "redshift://elearn.dbt_staging.stg_users.first_name",
		"redshift://elearn.dbt_staging.stg_users.last_name", "redshift://elearn.dbt_staging.stg_users.ip_address",
		"redshift://elearn.dbt_staging.stg_instructors.display_name",
		"redshift://elearn.dbt_marts.revenue_by_course.instructor_name",
	}, pii)

	// The revenue dashboard reads the marts and the legacy ETL's table.
	require.Len(t, p.Exposures, 1)
	e := p.Exposures[0]
	assert.Equal(t, "Finance analytics", e.Owner.Name)
	var reads []string
	for _, ds := range p.ExposureReads(e) {
		reads = append(reads, ds.ID())
	}
	assert.ElementsMatch(t, []string{
		"redshift://elearn.analytics.daily_revenue", "redshift://elearn.dbt_marts.revenue_daily",
		"redshift://elearn.dbt_marts.revenue_by_course", "redshift://elearn.dbt_marts.revenue_by_country",
	}, reads)

	// Rendering: is_incremental() false by default, vars, a macro, a loop.
	fct := p.Node("model.learnly.fct_enrollments")
	assert.Equal(t, "incremental", fct.Materialized)
	assert.NotContains(t, fct.SQL, "max(enrolled_at)")
	assert.Contains(t, fct.SQL, "dateadd(day, 30, e.enrolled_at)")
	assert.Contains(t, fct.SQL, "(e.price - coalesce(r.refund_amount, 0)) as net_amount")
	assert.Contains(t, p.Node("model.learnly.revenue_by_country").SQL, "as revenue_jp,")

	// The analyzer, over the warehouse's schema.json, finds the revenue
	// lineage and the masking of e-mail.
	edges := analyseWarehouse(t, p)
	assert.Contains(t, edges, "redshift://elearn.raw.users.email -> redshift://elearn.dbt_staging.stg_users.email DIRECT/TRANSFORMATION")
	assert.Contains(t, edges, "redshift://elearn.dbt_staging.stg_users.email -> redshift://elearn.dbt_marts.dim_learners.user_key DIRECT/TRANSFORMATION/MASKED")
	assert.Contains(t, edges, "redshift://elearn.dbt_staging.stg_enrollments.price -> redshift://elearn.dbt_marts.fct_enrollments.net_amount DIRECT/TRANSFORMATION")
	assert.Contains(t, edges, "redshift://elearn.dbt_staging.stg_refunds.amount -> redshift://elearn.dbt_marts.fct_enrollments.net_amount DIRECT/AGGREGATION")
	assert.Contains(t, edges, "redshift://elearn.dbt_marts.fct_enrollments.net_amount -> redshift://elearn.dbt_marts.revenue_daily.net_revenue DIRECT/AGGREGATION")
	assert.Contains(t, edges, "redshift://elearn.analytics.daily_revenue.revenue -> redshift://elearn.dbt_marts.revenue_reconciliation.etl_revenue DIRECT/IDENTITY")
}

// analyseWarehouse runs the project's statements through the analyzer with
// the warehouse's schema.json as catalog and returns its DIRECT edges as
// "from -> to transform".
func analyseWarehouse(t *testing.T, p *Project) map[string]bool {
	t.Helper()
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	f, err := os.Open("../../testdata/warehouse/schema.json")
	require.NoError(t, err)
	defer f.Close()
	_, err = cat.LoadSchemaJSON(ctx, f, p.Platform(), lineage.Defaults{})
	require.NoError(t, err)
	sess := lineage.NewAnalyzer(cat).NewSession()
	edges := map[string]bool{}
	src := p.Statements()
	for {
		st, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		res, err := sess.Analyze(ctx, st)
		require.NoError(t, err, st.Context.Origin)
		for _, e := range res.Edges() {
			if e.Transform.Type == lineage.Direct {
				edges[e.From.ID()+" -> "+e.To.ID()+" "+e.Transform.String()] = true
			}
		}
	}
	t.Logf("sample warehouse: %d DIRECT column edges", len(edges))
	return edges
}

// TestDbtParseManifests loads manifests that dbt 1.6 (v10), 1.7 (v11) and
// 1.10 (v12) wrote for the sample warehouse's project and expects the
// statements the project's files give.
func TestDbtParseManifests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		path    string
		version int
		adapter string
	}{
		{"testdata/dbtparse/v10/manifest.json", 10, "postgres"},
		{"testdata/dbtparse/v11/manifest.json", 11, "postgres"},
		{warehouseProject + "/target/manifest.json", 12, "redshift"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint("v", tc.version), func(t *testing.T) {
			// A manifest holds no project vars: away from its project's
			// dbt_project.yml, models that need a var without a default
			// fail, naming it, until WithVars gives it.
			p, err := Load(ctx, tc.path)
			require.NoError(t, err)
			if tc.version < 12 {
				prob := problemFor(p, "model.learnly.fct_enrollments")
				require.NotNil(t, prob)
				assert.ErrorIs(t, prob, ErrRender)
				assert.Contains(t, prob.Error(), `var("refund_window_days"): required variable is not set`)
				p, err = Load(ctx, tc.path, WithVars(map[string]any{"refund_window_days": 30, "reporting_currency": "USD"}))
				require.NoError(t, err)
			}
			assert.Equal(t, tc.version, p.SchemaVersion)
			assert.Equal(t, tc.adapter, p.AdapterType)
			assert.Empty(t, p.Problems)
			files, err := Load(ctx, warehouseProject, WithProjectFiles(),
				WithTarget(Target{Name: "prod", Type: tc.adapter, Database: "elearn", Schema: "dbt"}))
			require.NoError(t, err)
			got, _ := drain(t, p.Statements())
			want, _ := drain(t, files.Statements())
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i].Context.Origin, got[i].Context.Origin)
				assert.Equal(t, want[i].SQL, got[i].SQL)
				assert.Equal(t, want[i].Dialect.String(), got[i].Dialect.String())
			}
			var pii int
			for _, tg := range p.Tags {
				if tg.PII {
					pii++
				}
			}
			assert.Equal(t, 11, pii)
			require.Len(t, p.Exposures, 1)
			assert.Len(t, p.Exposures[0].Reads, 4)
		})
	}
}
