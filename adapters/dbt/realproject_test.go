package dbt

import (
	"context"
	"errors"
	"io"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
)

// projectFigures is what ingesting a project gives.
type projectFigures struct {
	models, rendered, failed int
	analysed, analysisFailed int
	edges                    int
	reasons                  []string
}

// ingest loads a project, analyses its statements with the lineage
// analyzer in one session, and counts.
func ingest(t *testing.T, p *Project) projectFigures {
	t.Helper()
	var f projectFigures
	for _, n := range p.Nodes {
		if n.ResourceType != ResourceSeed {
			f.models++
		}
	}
	cat := lineage.NewMemoryCatalog()
	_, err := p.DefineColumns(context.Background(), cat)
	require.NoError(t, err)
	sess := lineage.NewAnalyzer(cat).NewSession()
	src := p.Statements()
	for {
		st, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		var ie *lineage.InputError
		if errors.As(err, &ie) {
			f.failed++
			f.reasons = append(f.reasons, oneLine(ie.Err.Error()))
			continue
		}
		require.NoError(t, err)
		f.rendered++
		res, err := sess.Analyze(context.Background(), st)
		if err != nil || len(res.Statements) == 0 {
			f.analysisFailed++
			msg := "no statement"
			if err != nil {
				msg = err.Error()
			}
			msg = oneLine(msg)
			f.reasons = append(f.reasons, st.Context.Origin+": analysis: "+msg)
			continue
		}
		f.analysed++
		f.edges += len(res.Edges())
	}
	for _, e := range p.Problems {
		if errors.Is(e, ErrUnknownRef) {
			f.reasons = append(f.reasons, e.Error())
		}
	}
	sort.Strings(f.reasons)
	return f
}

// oneLine shortens a message to its first line, at most 200 bytes.
func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " ..."
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

func logFigures(t *testing.T, name string, f projectFigures) {
	t.Logf("%s: %d models, %d rendered, %d failed to render; analyser: %d analysed, %d failed, %d column edges",
		name, f.models, f.rendered, f.failed, f.analysed, f.analysisFailed, f.edges)
	for _, r := range f.reasons {
		t.Logf("  %s", r)
	}
}

func TestRealProjectJaffleShop(t *testing.T) {
	p, err := Load(context.Background(), "../../testdata/dbt/jaffle-shop",
		WithTarget(Target{Name: "dev", Type: "snowflake", Database: "ANALYTICS", Schema: "JAFFLE"}))
	require.NoError(t, err)
	f := ingest(t, p)
	logFigures(t, "jaffle-shop", f)

	assert.Equal(t, 13, f.models)
	assert.Equal(t, 10, f.rendered)
	// The analyzer reads what the loader wrote: all but orders.sql, whose
	// select list ends with a comma before FROM.
	assert.GreaterOrEqual(t, f.analysed, 9)
	assert.GreaterOrEqual(t, f.edges, 50)
	// The two files with an unclosed ref( and the dbt_date macro.
	failed := map[string]error{}
	for _, e := range p.Problems {
		failed[e.UniqueID] = e
	}
	assert.ErrorIs(t, failed["model.jaffle_shop.products"], ErrRender)
	assert.ErrorIs(t, failed["model.jaffle_shop.supplies"], ErrRender)
	var re *RenderError
	require.ErrorAs(t, failed["model.jaffle_shop.metricflow_time_spine"], &re)
	assert.Equal(t, []string{"dbt_date.get_base_dates"}, re.Macros)

	// The project macro dispatches to its default variant on Snowflake;
	// dbt.date_trunc and dbt_utils.generate_surrogate_key render.
	orders := p.Node("model.jaffle_shop.stg_orders")
	require.NotNil(t, orders)
	assert.Contains(t, orders.SQL, "(subtotal / 100)::numeric(16, 2) as subtotal")
	assert.Contains(t, orders.SQL, "date_trunc('day', ordered_at) as ordered_at")
	assert.Contains(t, orders.SQL, "from ANALYTICS.dbt_azaha_jaffle_shop.raw_orders")
	assert.Equal(t, "view", orders.Materialized)
	assert.Equal(t, "table", p.Node("model.jaffle_shop.customers").Materialized)
	assert.Contains(t, p.Node("model.jaffle_shop.stg_supplies").SQL, "md5(concat(coalesce(cast(id as varchar)")
	// depends_on comes from the refs the rendering resolved.
	assert.Equal(t, []string{"model.jaffle_shop.stg_customers", "model.jaffle_shop.orders"}, p.Node("model.jaffle_shop.customers").DependsOn)
	assert.Equal(t, "snowflake://ANALYTICS.JAFFLE.CUSTOMERS", p.Dataset(p.Node("model.jaffle_shop.customers")).ID())
}

func TestRealProjectTuvaReadmissions(t *testing.T) {
	ctx := context.Background()
	dir := "../../testdata/dbt/tuva-readmissions"

	// Without the package's enabling variables, the models whose enabled
	// config defaults to False are disabled; those defaulting to True stay.
	off, err := Load(ctx, dir)
	require.NoError(t, err)
	assert.Len(t, off.Nodes, 7)
	assert.Len(t, off.Disabled, 15)
	assert.Contains(t, off.Disabled, "model.the_tuva_project.readmissions__encounter")
	assert.NotContains(t, off.Disabled, "model.the_tuva_project.readmissions__diagnosis")

	p, err := Load(ctx, dir, WithVars(map[string]any{"readmissions_enabled": true}), WithUnknownRefs(),
		WithTarget(Target{Name: "dev", Type: "snowflake", Database: "TUVA", Schema: "DEV"}))
	require.NoError(t, err)
	f := ingest(t, p)
	logFigures(t, "tuva readmissions", f)
	assert.Equal(t, 22, f.models)
	assert.GreaterOrEqual(t, f.rendered, 19)
	assert.GreaterOrEqual(t, f.analysed, 19)
	assert.GreaterOrEqual(t, f.edges, 200)

	// quote_column is a Tuva macro that is not included.
	var re *RenderError
	for _, e := range p.Problems {
		if e.UniqueID == "model.the_tuva_project.readmissions__procedure_ccs" && errors.As(e, &re) {
			break
		}
	}
	require.NotNil(t, re)
	assert.Equal(t, []string{"quote_column"}, re.Macros)

	enc := p.Node("model.the_tuva_project.readmissions__encounter")
	require.NotNil(t, enc)
	assert.Equal(t, "table", enc.Materialized)
	assert.Equal(t, "DEV_readmissions", enc.Relation.Schema)
	assert.Contains(t, enc.SQL, "cast(encounter_id as varchar) as encounter_id")
	assert.Contains(t, enc.SQL, "'1970-01-01 00:00:00' as tuva_last_run")
	assert.Equal(t, "view", p.Node("model.the_tuva_project.readmissions__stg_core__encounter").Materialized)
	tr := p.Node("model.the_tuva_project.readmissions__index_time_requirement")
	assert.Contains(t, tr.SQL, "dateadd(day, -30, cte.max_discharge)")
	// Refs outside the project are rendered in the target schema and
	// reported.
	var unknown int
	for _, e := range p.Problems {
		if errors.Is(e, ErrUnknownRef) {
			unknown++
			assert.True(t, strings.Contains(e.Reason, "ref('"), e.Reason)
		}
	}
	assert.Positive(t, unknown)
}
