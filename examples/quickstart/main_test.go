package main

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/neo4j"
	"github.com/colineage/colineage/graphstore/neo4j/neo4jtest"
	"github.com/colineage/colineage/lineage"
)

// story is what testdata/warehouse/README.md says a lineage tool must find,
// written down by hand from the story (not from a run of this program).
type story struct {
	format string
	// upstream: the base columns daily revenue derives from.
	upstream []string
	// raw and masked: where e-mail flows.
	raw, masked []string
	// readers: user -> statements that read e-mail, and on how many days.
	readers map[string][2]int
	// dbtModels: the models of the sample's dbt project (0: no dbt).
	dbtModels int
	// impact: the datasets downstream of daily revenue.
	impact []string
}

var stories = []story{
	{
		format:   "redshift",
		upstream: []string{"elearn.raw.enrollments.price", "elearn.raw.refunds.amount"},
		raw: []string{
			"elearn.crm.newsletter_audience.email",
			"elearn.dbt_staging.stg_users.email", // the dbt project's staging view
			"s3://learnly-marketing-exports/newsletter/dach_audience_#email",
		},
		masked: []string{
			"elearn.analytics.users_pseudonymised.user_key",
			"elearn.dbt_marts.dim_learners.user_key", // dbt's pseudonymise macro: SHA-256
		},
		dbtModels: 11, // 5 staging views, 6 marts
		impact: []string{
			"elearn.analytics.instructor_payouts", // October's revenue pays instructors
			"elearn.dbt_marts.revenue_reconciliation",
			"learnly.revenue_dashboard", // the dbt exposure
		},
		readers: map[string][2]int{
			"bi_service":       {26, 7}, // support lookups, every day
			"analyst_tom":      {5, 5},  // every weekday, Tuesday's typo never logged
			"growth_marketing": {1, 1},  // the CRM load
			"etl_loader":       {7, 7},  // hashing it nightly
		},
	},
	{
		format:   "snowflake",
		upstream: []string{"ELEARN.RAW.ENROLLMENTS.PRICE", "ELEARN.RAW.REFUNDS.AMOUNT"},
		raw: []string{
			"@crm.marketing_export_stage/newsletter/dach_audience_#EMAIL",
			"ELEARN.CRM.NEWSLETTER_AUDIENCE.EMAIL",
		},
		masked: []string{"ELEARN.ANALYTICS.USERS_PSEUDONYMISED.USER_KEY"},
		impact: []string{"ELEARN.ANALYTICS.INSTRUCTOR_PAYOUTS"},
		readers: map[string][2]int{
			"BI_SERVICE":       {26, 7},
			"ANALYST_TOM":      {5, 5}, // Tuesday's typo failed: skipped
			"GROWTH_MARKETING": {1, 1},
			"ETL_LOADER":       {7, 7},
		},
	},
}

func checkStory(t *testing.T, want story, a answers) {
	t.Helper()
	assert.Zero(t, a.summary.FailedTotal(), "%v", a.summary.Errors)
	if want.dbtModels > 0 {
		require.NotNil(t, a.dbt)
		assert.Equal(t, want.dbtModels, a.dbt.models)
		assert.Zero(t, a.dbt.failed, a.dbt.firstProblem)
		assert.Equal(t, 1, a.dbt.dashboards)
		// Every tagged column is followed; raw e-mail reaches the export.
		require.Len(t, a.tagged, a.dbt.pii)
		found := false
		for _, r := range a.tagged {
			if r.column.ID == lineage.ColumnNodeID(a.pii) {
				found = true
				raw := append([]string(nil), r.raw...)
				sort.Strings(raw)
				assert.Equal(t, want.raw, raw, "the raw reach of the tagged e-mail column")
			}
		}
		assert.True(t, found, "dbt tags raw e-mail as personal data")
	}
	assert.Positive(t, a.summary.Cached, "dashboard queries repeat: most come from the shape cache")

	// 1. Upstream of revenue: the leaves of the tree are the base columns;
	// the temporary stage table is no node.
	var leaves []string
	hasIn := map[string]bool{}
	for _, e := range a.upstream.Edges {
		hasIn[e.To] = true
	}
	for _, n := range a.upstream.Nodes {
		if n.Depth > 0 && !hasIn[n.ID] {
			leaves = append(leaves, n.Name)
		}
		assert.NotContains(t, strings.ToLower(n.Name), "stage_refunds")
	}
	sort.Strings(leaves)
	assert.Equal(t, want.upstream, leaves)

	var impact []string
	for _, n := range a.impact.Nodes {
		if n.Depth > 0 {
			impact = append(impact, n.Name)
		}
	}
	sort.Strings(impact)
	assert.Equal(t, want.impact, impact)

	// 2. E-mail: raw versus masked.
	var raw, masked []string
	for _, n := range a.flows.Nodes {
		switch {
		case n.Depth == 0:
		case n.Raw:
			raw = append(raw, n.Name)
		default:
			masked = append(masked, n.Name)
		}
	}
	sort.Strings(raw)
	sort.Strings(masked)
	assert.Equal(t, want.raw, raw)
	assert.Equal(t, want.masked, masked)

	// 3. Who read e-mail, how often, on how many days.
	got := map[string][2]int{}
	for _, r := range a.readers {
		g := got[r.User]
		g[0] += int(r.Count)
		g[1]++
		got[r.User] = g
	}
	assert.Equal(t, want.readers, got)
}

func TestQuickstartAnswersOnMemory(t *testing.T) {
	for _, want := range stories {
		t.Run(want.format, func(t *testing.T) {
			c := config{format: want.format, depth: 10}
			require.NoError(t, c.defaults())
			a, err := analyse(context.Background(), c, memory.New())
			require.NoError(t, err)
			checkStory(t, want, a)

			var out bytes.Buffer
			report(&out, c, a, time.Second)
			text := out.String()
			for _, r := range want.raw {
				assert.Contains(t, text, "RAW     "+r)
			}
			for _, m := range want.masked {
				assert.Contains(t, text, "masked  "+m)
			}
		})
	}
}

func TestQuickstartAnswersOnNeo4j(t *testing.T) {
	srv := neo4jtest.Lock(t)
	for _, want := range stories {
		t.Run(want.format, func(t *testing.T) {
			neo4jtest.Wipe(t)
			ctx := context.Background()
			store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, User: srv.User, Password: srv.Password, Database: srv.Database})
			require.NoError(t, err)
			defer store.Close(ctx)
			c := config{format: want.format, depth: 10}
			require.NoError(t, c.defaults())
			a, err := analyse(ctx, c, store)
			require.NoError(t, err)
			checkStory(t, want, a)
		})
	}
}

func TestQuickstartRunPrints(t *testing.T) {
	c := config{format: "redshift", depth: 10}
	require.NoError(t, c.defaults())
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), c, &out))
	text := out.String()
	assert.Contains(t, text, "1. Where does elearn.analytics.daily_revenue.revenue come from?")
	assert.Contains(t, text, "! raw personal data leaves the warehouse: s3://learnly-marketing-exports/newsletter/dach_audience_#email")
	assert.NotContains(t, text, "analyst_maria")
	assert.Contains(t, text, "1 dashboard.")
	assert.Contains(t, text, "Policy check: ", "the PII section runs lineage/compliance")
}

func TestQuickstartFlags(t *testing.T) {
	c := config{format: "bigquery", depth: 10}
	assert.ErrorContains(t, c.defaults(), "no bigquery log", "no sample log for bigquery")
	c = config{format: "bigquery", log: "x.json", depth: 10}
	assert.ErrorContains(t, c.defaults(), "give -metric and -pii", "an own log of a format the sample lacks needs columns")
	c = config{format: "snowflake", log: "x.csv", depth: 10}
	require.NoError(t, c.defaults(), "an own log of a sample format takes the sample's columns")
	assert.Equal(t, "ELEARN.RAW.USERS.EMAIL", c.pii)
	_, err := columnOf(lineage.Platform("redshift"), "email", lineage.Defaults{})
	assert.Error(t, err)
	_, err = columnOf(lineage.Platform("redshift"), `"unterminated.x`, lineage.Defaults{})
	assert.ErrorIs(t, err, lineage.ErrBadName)

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-format", "nosuch"}, "want one of redshift, snowflake, snowflake-json, bigquery, postgres, sql"},
		{[]string{"-depth", "0"}, "-depth 0"},
		{[]string{"-depth", "-1"}, "-depth -1"},
		{[]string{"stray"}, `unexpected argument "stray"`},
		{[]string{"-sample", "/nonexistent"}, "not a folder"},
	} {
		var stderr bytes.Buffer
		_, err := parseFlags(tc.args, &stderr)
		assert.ErrorContains(t, err, tc.want, tc.args)
	}
	var stderr bytes.Buffer
	c, err = parseFlags([]string{"-format", "snowflake-json"}, &stderr)
	require.NoError(t, err)
	assert.Contains(t, c.log, "query_history.jsonl", "the sample has the JSON export")
	_, err = parseFlags([]string{"-h"}, &stderr)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, stderr.String(), "(default 10)")
	assert.Contains(t, stderr.String(), "The sample warehouse has logs for: redshift snowflake snowflake-json")
}

// TestQuickstartOutsideTheRepository: run from elsewhere, it says how to
// point it at the data, and -sample does.
func TestQuickstartOutsideTheRepository(t *testing.T) {
	sample, err := findSample("")
	require.NoError(t, err)
	sample, err = filepath.Abs(sample)
	require.NoError(t, err)
	t.Chdir(t.TempDir())
	var stderr bytes.Buffer
	_, err = parseFlags(nil, &stderr)
	assert.ErrorContains(t, err, "point -sample at it")
	c, err := parseFlags([]string{"-sample", sample}, &stderr)
	require.NoError(t, err)
	assert.FileExists(t, c.log)
}

var _ graphstore.Store = (*neo4j.Store)(nil)

func TestQuickstartReadsLikeEnglish(t *testing.T) {
	c := config{format: "redshift", depth: 10}
	require.NoError(t, c.defaults())
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), c, &out))
	text := out.String()
	for _, bad := range []string{"1 statements", "1 days", "1 times", "1 dashboards", "1 models"} {
		assert.NotRegexp(t, `(^|[^0-9])`+bad, text)
	}
	assert.Contains(t, text, "growth_marketing  1 statement on 1 day, 2026-10-30 15:38\n")
	assert.Contains(t, text, "days: 2026-10-27, 2026-10-28, 2026-10-29, 2026-10-30, 2026-11-02")
	// the tagged columns' list is aligned: every reach starts in one column
	_, section, ok := strings.Cut(text, "where its raw value reaches:\n")
	require.True(t, ok)
	section, _, _ = strings.Cut(section, "\n\n")
	var starts []int
	for _, line := range strings.Split(section, "\n") {
		name := strings.Fields(line)[0]
		rest := line[strings.Index(line, name)+len(name):]
		starts = append(starts, len(line)-len(strings.TrimLeft(rest, " ")))
	}
	require.Greater(t, len(starts), 3)
	for _, s := range starts {
		assert.Equal(t, starts[0], s)
	}
	assert.Equal(t, "time unknown", when(time.Time{}))

	c.metric = "elearn.analytics.daily_revenue.revenu"
	err := run(context.Background(), c, &out)
	assert.ErrorContains(t, err, "no such column in this log; nearest: elearn.analytics.daily_revenue.revenue")
}
