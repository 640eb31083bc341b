package compliance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// chainChecker ingests a chain raw.customers -> crm.b -> crm.c with a
// shortcut raw.customers -> crm.c: by shortest path crm.b and crm.c are
// both one hop from the source, but crm.c is built from crm.b.
func chainChecker(t *testing.T, policy string, now time.Time) *compliance.Checker {
	t.Helper()
	ctx := context.Background()
	store := memory.New()
	cat := lineage.NewMemoryCatalog()
	_, err := cat.LoadSchemaJSON(ctx, strings.NewReader(`{
		"shop.raw.customers": {"customer_id": "int", "email": "text"},
		"shop.crm.b": {"customer_id": "int", "email": "text"},
		"shop.crm.c": {"customer_id": "int", "email": "text"}}`),
		lineage.PlatformOf(sqlparse.Postgres), lineage.Defaults{})
	require.NoError(t, err)
	var stmts []lineage.Statement
	for i, sql := range []string{
		"INSERT INTO crm.b (customer_id, email) SELECT customer_id, email FROM raw.customers",
		"INSERT INTO crm.c (customer_id, email) SELECT customer_id, email FROM crm.b",
		"INSERT INTO crm.c (customer_id, email) SELECT customer_id, email FROM raw.customers",
	} {
		stmts = append(stmts, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres, Context: lineage.Context{
			Database: "shop", Schema: "public", User: "etl", At: now.Add(time.Duration(i) * time.Minute)}})
	}
	sum, err := lineage.NewEngine(store, cat).Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	pol, err := compliance.LoadPolicy(strings.NewReader(policy), "chain.yaml")
	require.NoError(t, err)
	chk, err := compliance.New(store, pol, compliance.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	_, err = chk.ApplyRules(ctx)
	require.NoError(t, err)
	return chk
}

const chainPolicy = `
classes:
  email: {columns: [email], identifier: true}
zones:
  - {name: all, allow: raw, datasets: ['shop.*.*']}
`

func datasetsOf(p *compliance.Plan) []string {
	var out []string
	for _, st := range p.Steps {
		out = append(out, st.Dataset)
	}
	return out
}

// Erasure acts on each copy before the copy it was built from, even when a
// shortcut makes both one hop from the source; access goes the other way.
func TestPlanOrdersCopiesByTheirSources(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	chk := chainChecker(t, chainPolicy, now)
	ctx := context.Background()
	erase, err := chk.Plan(ctx, compliance.Erasure, "raw.customers.customer_id")
	require.NoError(t, err)
	assert.Equal(t, []string{"shop.crm.c", "shop.crm.b", "shop.raw.customers"}, datasetsOf(erase))
	assert.Equal(t, []int{2, 1, 0}, []int{erase.Steps[0].Hops, erase.Steps[1].Hops, erase.Steps[2].Hops})
	for i, st := range erase.Steps {
		assert.Equal(t, i+1, st.Order)
	}
	// A fully qualified subject names the same column.
	access, err := chk.Plan(ctx, compliance.Access, "shop.raw.customers.customer_id")
	require.NoError(t, err)
	assert.Equal(t, "shop.raw.customers.customer_id", access.Subject)
	assert.Equal(t, []string{"shop.raw.customers", "shop.crm.b", "shop.crm.c"}, datasetsOf(access))
}

// A plan is due request_days (default 30) after the clock's day.
func TestPlanIsDueAfterRequestDays(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	plan, err := chainChecker(t, chainPolicy, now).Plan(ctx, compliance.Erasure, "raw.customers.email")
	require.NoError(t, err)
	assert.Equal(t, now, plan.Received)
	assert.Equal(t, time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC), plan.Due)
	assert.Contains(t, plan.Notes, "answer the subject by 2026-12-20 (30 days)")

	plan, err = chainChecker(t, chainPolicy+"request_days: 10\n", now).Plan(ctx, compliance.Access, "raw.customers.email")
	require.NoError(t, err)
	assert.Equal(t, now.AddDate(0, 0, 10), plan.Due)
}
