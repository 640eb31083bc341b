package httpapi

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// orderSQL is a warehouse with many ties: statements at the same time,
// several users and readers of one column, columns of the same name in
// several tables, several paths between two columns.
func orderSQL() []string {
	sqls := []string{
		"INSERT INTO mart.user_keys (id, email_hash) SELECT id, md5(email) FROM raw.users",
		"INSERT INTO crm.contacts (id, email, name) SELECT id, email, name FROM raw.users",
		"INSERT INTO mart.daily_revenue (day, revenue) SELECT o.day, SUM(o.amount) FROM raw.orders o JOIN raw.users u ON u.id = o.user_id GROUP BY o.day",
		"SELECT email FROM crm.contacts WHERE id = 7",
		"INSERT INTO mart.user_flags (id, tier) SELECT id, CASE WHEN name = 'x' THEN 'a' ELSE 'b' END FROM raw.users",
		"INSERT INTO crm.leads (id, email, name) SELECT id, lower(email), name FROM raw.users",
	}
	for i := range 8 {
		sqls = append(sqls,
			fmt.Sprintf("INSERT INTO mart.copy%d (id, email, name) SELECT id, email, name FROM crm.contacts", i),
			fmt.Sprintf("INSERT INTO mart.both (id, email) SELECT id, email FROM mart.copy%d", i),
			fmt.Sprintf("SELECT email, name FROM mart.copy%d WHERE id = %d", i, i))
	}
	return sqls
}

// orderedEngine ingests orderSQL in the order perm gives; each statement
// keeps its own user, session and time (many share a time).
func orderedEngine(t *testing.T, store graphstore.Store, perm []int) *lineage.Engine {
	t.Helper()
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	_, err := cat.LoadSchemaJSON(ctx, strings.NewReader(`{
		"shop.raw.users": {"id": "int", "email": "text", "name": "text"},
		"shop.raw.orders": {"id": "int", "user_id": "int", "day": "date", "amount": "numeric"}}`), lineage.Postgres, lineage.Defaults{})
	require.NoError(t, err)
	eng := lineage.NewEngine(store, cat)
	sqls := orderSQL()
	users := []string{"etl", "analyst", "bi", "zed"}
	for _, i := range perm {
		st := lineage.Statement{SQL: sqls[i], Dialect: sqlparse.Postgres, Context: lineage.Context{
			Database: "shop", User: users[i%len(users)], At: fixtureAt.Add(time.Duration(i%3) * time.Hour),
			QueryID: fmt.Sprint("q", i), Session: fmt.Sprint("s", i%2)}}
		// one statement at a time: the order of ingestion is the test's
		sum, err := eng.Ingest(ctx, lineage.Statements(st))
		require.NoError(t, err)
		require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	}
	p := lineage.Postgres
	users0 := p.DatasetFromString("shop.raw.users", lineage.Defaults{})
	require.NoError(t, eng.TagColumns(ctx, map[lineage.Column][]string{{Dataset: users0, Name: "email"}: {"pii"}}))
	return eng
}

// orderTargets are the read endpoints compared.
var orderTargets = []string{
	"/api/v1/trace?column=shop.raw.users.email&direction=downstream",
	"/api/v1/trace?column=shop.mart.both.email",
	"/api/v1/trace?column=shop.mart.daily_revenue.revenue",
	"/api/v1/paths?from=shop.raw.users.email&to=shop.mart.both.email",
	"/api/v1/impact?dataset=shop.raw.users",
	"/api/v1/dataset?name=shop.crm.contacts",
	"/api/v1/dataset?name=shop.raw.users",
	"/api/v1/column?name=shop.crm.contacts.email",
	"/api/v1/column?name=shop.mart.both.email",
	"/api/v1/search?prefix=shop.",
	"/api/v1/search?prefix=shop.mart.&kind=column",
	"/api/v1/picture?column=shop.raw.users.email&direction=downstream&format=dot",
	"/api/v1/compliance/propagation",
	"/api/v1/compliance/violations",
	"/api/v1/compliance/plan?subject=shop.raw.users.id&kind=erasure",
	"/api/v1/compliance/plan?subject=shop.raw.users.id&kind=access",
	"/api/v1/compliance/audit",
	"/api/v1/compliance/unneeded?days=1",
	"/api/v1/compliance/report",
	"/api/v1/compliance/report?format=csv",
	"/api/v1/compliance/report?format=markdown",
	// pages, whose next cursors must not depend on the order either
	"/api/v1/search?prefix=shop.&limit=3",
	"/api/v1/compliance/violations?limit=2",
	"/api/v1/compliance/propagation?limit=3",
	"/api/v1/compliance/audit?limit=2",
}

// orderAnswers ingests orderSQL into store in the order perm gives and
// returns the body of every orderTargets answer.
func orderAnswers(t *testing.T, store graphstore.Store, perm []int) map[string]string {
	eng := orderedEngine(t, store, perm)
	pol, err := compliance.LoadPolicy(strings.NewReader(fixturePolicy), "policy.yaml")
	require.NoError(t, err)
	chk, err := compliance.New(eng.Store(), pol, compliance.WithClock(func() time.Time { return fixtureAt.AddDate(0, 0, 3) }))
	require.NoError(t, err)
	_, err = chk.ApplyRules(context.Background())
	require.NoError(t, err)
	c := &client{t: t, v: openAPIValidator(t), h: New(eng, WithPlatform(lineage.Postgres), WithLogger(discardLogger()), WithCompliance(chk))}
	out := map[string]string{}
	for _, target := range orderTargets {
		r := c.get(target)
		require.Less(t, r.StatusCode, 300, "%s: %s", target, r.body)
		out[target] = string(r.body)
	}
	return out
}

// ingestOrders are the orders the statements are ingested in: forward,
// reverse and shuffled.
func ingestOrders() map[string][]int {
	n := len(orderSQL())
	forward, reverse := make([]int, n), make([]int, n)
	for i := range forward {
		forward[i], reverse[i] = i, n-1-i
	}
	shuffled := append([]int(nil), forward...)
	rand.New(rand.NewPCG(7, 11)).Shuffle(n, func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	return map[string][]int{"forward": forward, "reverse": reverse, "shuffled": shuffled}
}

// TestOutputDoesNotDependOnIngestOrder: the same statements ingested in
// three orders give byte-identical answers on every read endpoint, on the
// memory store and, when NEO4J_URI names a server, on Neo4j, which gives
// the memory store's answers too.
func TestOutputDoesNotDependOnIngestOrder(t *testing.T) {
	orders := ingestOrders()
	want := orderAnswers(t, memory.New(), orders["forward"])
	compare := func(t *testing.T, what string, got map[string]string) {
		for _, target := range orderTargets {
			assert.Equal(t, want[target], got[target], "%s: %s", what, target)
		}
	}
	t.Run("memory", func(t *testing.T) {
		for name, perm := range orders {
			compare(t, name+" order", orderAnswers(t, memory.New(), perm))
		}
	})
	t.Run("neo4j", func(t *testing.T) {
		srv := neo4jtest.Lock(t) // skips, naming NEO4J_URI, without a server
		ctx := context.Background()
		for name, perm := range orders {
			neo4jtest.Wipe(t)
			store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, User: srv.User, Password: srv.Password, Database: srv.Database})
			require.NoError(t, err)
			got := orderAnswers(t, store, perm)
			require.NoError(t, store.Close(ctx))
			compare(t, name+" order on Neo4j", got)
		}
	})
}
