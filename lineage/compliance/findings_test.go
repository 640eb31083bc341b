package compliance_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/neo4j"
	"github.com/colineage/colineage/graphstore/neo4j/neo4jtest"
	"github.com/colineage/colineage/lineage/compliance"
)

// backends runs a test on the memory store and, when NEO4J_URI names a
// server, on Neo4j: the compliance queries go through graphstore.Store
// only, so both must give the same answers.
func backends(t *testing.T, run func(t *testing.T, store graphstore.Store)) {
	t.Run("memory", func(t *testing.T) { run(t, memory.New()) })
	t.Run("neo4j", func(t *testing.T) {
		srv := neo4jtest.Lock(t) // skips, naming NEO4J_URI, without a server
		neo4jtest.Wipe(t)
		ctx := context.Background()
		store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, User: srv.User, Password: srv.Password, Database: srv.Database})
		require.NoError(t, err)
		t.Cleanup(func() { _ = store.Close(ctx) })
		run(t, store)
	})
}

func findState(p *compliance.Propagation, column, class string) (compliance.ColumnState, bool) {
	for _, cs := range append(append([]compliance.ColumnState{}, p.Columns...), p.Derived...) {
		if cs.Column == column && cs.Class == class {
			return cs, true
		}
	}
	return compliance.ColumnState{}, false
}

func findViolation(vs []compliance.Violation, rule compliance.Rule, column string) (compliance.Violation, bool) {
	for _, v := range vs {
		if v.Rule == rule && v.Column == column {
			return v, true
		}
	}
	return compliance.Violation{}, false
}

func sampleReport(t *testing.T, chk *compliance.Checker) *compliance.Report {
	t.Helper()
	rep, err := chk.Report(context.Background(), compliance.ReportOptions{
		Subjects: []string{"raw.users.user_id"}, AuditDays: 30, UnusedDays: 3,
	})
	require.NoError(t, err)
	return rep
}

// The findings the issue names on the sample warehouse (Redshift log and
// dbt project).
func TestSampleWarehouseFindings(t *testing.T) {
	var reports []string
	backends(t, func(t *testing.T, store graphstore.Store) {
		rep := sampleReport(t, loadWarehouse(t, store))
		b, err := json.Marshal(rep)
		require.NoError(t, err)
		reports = append(reports, string(b))
		p := rep.Propagation

		// The S3 unload of e-mail and first name is a violation, proved by
		// the path raw.users -> crm.newsletter_audience -> s3.
		const s3 = "s3://learnly-marketing-exports/newsletter/dach_audience_"
		for col, class := range map[string]string{"email": "email", "first_name": "name"} {
			v, ok := findViolation(rep.Violations, compliance.RuleRawOutsideZone, s3+"#"+col)
			require.True(t, ok, "the unload of %s to S3 is a violation", col)
			assert.True(t, v.External)
			assert.Equal(t, class, v.Class)
			assert.Equal(t, []string{"growth_marketing"}, v.Users)
			require.Len(t, v.Path, 2)
			assert.Equal(t, "elearn.raw.users."+col, v.Path[0].From)
			assert.Equal(t, "elearn.crm.newsletter_audience."+col, v.Path[0].To)
			require.NotEmpty(t, v.Statements)
			assert.Contains(t, v.Statements[0].Normalized, "from `crm` . `newsletter_audience`")
			assert.NotContains(t, v.Statements[0].Normalized, "'DE'", "literals are never stored")
			require.NotNil(t, v.FirstSeen)
			assert.Equal(t, "2026-10-30", v.FirstSeen.Format("2006-01-02"))
		}
		_, ok := findViolation(rep.Violations, compliance.RuleRawOutsideZone, "elearn.crm.newsletter_audience.email")
		assert.True(t, ok, "the CRM table with raw e-mail is in no zone")

		// users_pseudonymised.user_key is masked by sha2, an unsalted hash.
		cs, ok := findState(p, "elearn.analytics.users_pseudonymised.user_key", "email")
		require.True(t, ok)
		assert.Equal(t, compliance.Masked, cs.State)
		require.Len(t, cs.Path, 1)
		assert.Equal(t, "sha2", cs.Path[0].Function)
		assert.Equal(t, "MASKED", cs.Path[0].Kind)
		assert.True(t, cs.Weak)
		require.NotEmpty(t, cs.Path[0].Statements)
		assert.Equal(t, []string{"etl_loader"}, cs.Path[0].Statements[0].Users)
		_, ok = findViolation(rep.Violations, compliance.RuleWeakMask, "elearn.analytics.users_pseudonymised.user_key")
		assert.True(t, ok)
		_, ok = findViolation(rep.Violations, compliance.RuleMaskedOutsideZone, "elearn.analytics.users_pseudonymised.user_key")
		assert.False(t, ok, "masked values may live in analytics")

		// COUNT(DISTINCT user_id) is not personal.
		cs, ok = findState(p, "elearn.analytics.active_students.active_students", "user_id")
		require.True(t, ok)
		assert.Equal(t, compliance.Aggregated, cs.State)
		assert.False(t, cs.State.Personal())
		assert.Equal(t, "count", cs.Path[len(cs.Path)-1].Function)

		// The support dashboard's reads of raw e-mail are in the audit.
		var support *compliance.AuditEntry
		for i, e := range rep.Audit.Entries {
			if e.Column == "elearn.raw.users.email" && e.User == "bi_service" {
				support = &rep.Audit.Entries[i]
			}
		}
		require.NotNil(t, support, "bi_service's reads of raw e-mail")
		assert.Equal(t, compliance.Raw, support.State)
		assert.Contains(t, support.Dashboards, "Customer support")
		assert.Len(t, support.Days, 7)
		assert.False(t, support.Allowed)
		assert.Contains(t, rep.Audit.OutsideAllowed, "bi_service")
		for _, e := range rep.Audit.Entries {
			if e.Column == "elearn.raw.users.email" {
				assert.NotEqual(t, "analyst_maria", e.User, "maria never reads e-mail")
			}
		}

		// The erasure plan for raw.users.user_id lists every raw copy,
		// downstream first, and the source last.
		require.Len(t, rep.Plans, 1)
		plan := rep.Plans[0]
		assert.Equal(t, compliance.Erasure, plan.Kind)
		var order []string
		for _, st := range plan.Steps {
			order = append(order, st.Dataset)
		}
		for _, ds := range []string{s3, "elearn.crm.newsletter_audience", "elearn.dbt_staging.stg_users",
			"elearn.analytics.users_pseudonymised", "elearn.dbt_marts.dim_learners", "elearn.raw.users"} {
			assert.Contains(t, order, ds)
		}
		assert.Equal(t, "elearn.raw.users", order[len(order)-1], "the source is erased last")
		assert.Less(t, slices.Index(order, s3), slices.Index(order, "elearn.crm.newsletter_audience"), "the export before the table it came from")
		assert.Less(t, slices.Index(order, "elearn.dbt_marts.dim_learners"), slices.Index(order, "elearn.dbt_staging.stg_users"))
		for _, st := range plan.Steps {
			switch st.Dataset {
			case "elearn.raw.users":
				assert.Equal(t, "elearn.raw.users.user_id", st.Key)
			case "elearn.dbt_staging.stg_users":
				assert.Equal(t, "elearn.dbt_staging.stg_users.user_id", st.Key)
			case "elearn.analytics.users_pseudonymised":
				assert.Equal(t, "elearn.analytics.users_pseudonymised.user_key", st.Key)
				require.Len(t, st.Columns, 1)
				assert.Equal(t, compliance.Masked, st.Columns[0].State)
				assert.NotEmpty(t, st.Columns[0].Note, "a hash of an e-mail is still personal data")
			case s3:
				assert.True(t, st.External)
			}
		}
	})
	if len(reports) == 2 {
		assert.JSONEq(t, reports[0], reports[1], "memory and Neo4j give the same report")
	}
}

// Snowflake's COPY INTO @stage of raw e-mail is outside every zone too.
func TestSnowflakeStageExportIsAViolation(t *testing.T) {
	chk := loadSnowflake(t, memory.New())
	vs, err := chk.Violations(context.Background())
	require.NoError(t, err)
	v, ok := findViolation(vs, compliance.RuleRawOutsideZone, "@crm.marketing_export_stage/newsletter/dach_audience_#EMAIL")
	require.True(t, ok, "the export to the stage is a violation")
	assert.True(t, v.External)
	assert.Equal(t, []string{"GROWTH_MARKETING"}, v.Users)
}

func memoryStore() graphstore.Store { return memory.New() }
