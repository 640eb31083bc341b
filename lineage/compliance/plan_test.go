package compliance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
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

// hopGraph writes raw.u.email -> mart.m.h through one statement whose
// text hashes the value, on an edge of the given kind and properties.
func hopGraph(t *testing.T, kind string, props map[string]any) graphstore.Store {
	t.Helper()
	at := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	store := memory.New()
	b := graphstore.Batch{}
	for ds, col := range map[string]string{"raw.u": "email", "mart.m": "h"} {
		id := "dataset:postgres://shop." + ds
		schema, table, _ := strings.Cut(ds, ".")
		b.Nodes = append(b.Nodes, graphstore.Node{ID: id, Kind: lineage.NodeDataset, Props: map[string]any{
			"platform": "postgres", "database": "shop", "schema": schema, "name": table, "kind": "table"}},
			graphstore.Node{ID: "postgres://shop." + ds + "." + col, Kind: lineage.NodeColumn, Props: map[string]any{"dataset": id, "name": col}})
		b.Edges = append(b.Edges, graphstore.Edge{From: id, To: "postgres://shop." + ds + "." + col, Kind: lineage.EdgeHasColumn})
	}
	q := lineage.QueryNodeID("q1")
	b.Nodes = append(b.Nodes, graphstore.Node{ID: q, Kind: lineage.NodeQuery, Props: map[string]any{
		"digest": "q1", "normalized": "insert into `mart` . `m` ( `h` ) select `md5` ( `email` ) from `raw` . `u`", "kind": "insert"}})
	b.Edges = append(b.Edges,
		graphstore.Edge{From: "dataset:postgres://shop.raw.u", To: q, Kind: lineage.EdgeReadBy, LastSeen: at},
		graphstore.Edge{From: q, To: "dataset:postgres://shop.mart.m", Kind: lineage.EdgeWrites, LastSeen: at},
		graphstore.Edge{From: "postgres://shop.raw.u.email", To: "postgres://shop.mart.m.h", Kind: kind, Props: props, LastSeen: at})
	require.NoError(t, store.Upsert(context.Background(), b))
	return store
}

// What a hop does rests on the edge where the edge says it: an IDENTITY
// edge copies the value whatever the text shows; a TRANSFORMATION leaves
// the function to the text and the policy's lists; a MASKED edge masks.
func TestHopRestsOnTheEdge(t *testing.T) {
	cases := []struct {
		name     string
		kind     string
		props    map[string]any
		want     compliance.State
		function string
	}{
		{"identity", lineage.EdgeDirect, map[string]any{"subtype": "IDENTITY"}, compliance.Raw, ""},
		{"transformation", lineage.EdgeDirect, map[string]any{"subtype": "TRANSFORMATION"}, compliance.Masked, "md5"},
		{"masked", lineage.EdgeMasked, map[string]any{"subtype": "TRANSFORMATION", "masking": true}, compliance.Masked, "md5"},
		{"no subtype", lineage.EdgeDirect, nil, compliance.Masked, "md5"},
	}
	pol, err := compliance.LoadPolicy(strings.NewReader("classes:\n  email: {columns: [email], low_entropy: true}\n"), "hop.yaml")
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			chk, err := compliance.New(hopGraph(t, c.kind, c.props), pol)
			require.NoError(t, err)
			_, err = chk.ApplyRules(ctx)
			require.NoError(t, err)
			p, err := chk.Propagation(ctx)
			require.NoError(t, err)
			cs, ok := findState(p, "shop.mart.m.h", "email")
			require.True(t, ok)
			assert.Equal(t, c.want, cs.State)
			require.Len(t, cs.Path, 1)
			assert.Equal(t, c.function, cs.Path[0].Function)
		})
	}
}
