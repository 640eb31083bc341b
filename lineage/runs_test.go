package lineage_test

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
	"github.com/colineage/colineage/sqlparse"
)

// Who ran a statement shape is in the graph: a RAN edge from the user to
// the Query node, counted, with first and last time and the role.
func TestEngineRecordsWhoRanEachShape(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, lineage.NewMemoryCatalog())
	ins := "INSERT INTO mart.t (a) SELECT a FROM raw.s WHERE b = 1"
	s1 := pg(ins, "etl", "s1", day1)
	s1.Context.Role = "LOADER"
	s2 := pg("INSERT INTO mart.t (a) SELECT a FROM raw.s WHERE b = 2", "etl", "s2", day1.Add(2*time.Hour))
	s3 := pg(ins, "tom", "s3", day1.Add(time.Hour))
	_, err := eng.Ingest(ctx, lineage.Statements(s1, s2, s3))
	require.NoError(t, err)

	queries, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeQuery})
	require.NoError(t, err)
	require.Len(t, queries, 1, "one statement shape")
	q := queries[0].ID

	e, err := store.Edge(ctx, lineage.UserNodeID("etl"), q, lineage.EdgeRan)
	require.NoError(t, err)
	assert.EqualValues(t, 2, e.Count)
	assert.Equal(t, day1, e.FirstSeen)
	assert.Equal(t, day1.Add(2*time.Hour), e.LastSeen)
	assert.Equal(t, "LOADER", e.Props["role"])

	e, err = store.Edge(ctx, lineage.UserNodeID("tom"), q, lineage.EdgeRan)
	require.NoError(t, err)
	assert.EqualValues(t, 1, e.Count)
	assert.Nil(t, e.Props["role"], "no role in the log")
}

// A BI tool's leading comment names the dashboard on the RAN edge.
func TestEngineKeepsDashboardOfBIComments(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, lineage.NewMemoryCatalog())
	st := pg("/* dashboard: Customer support, chart: Learner lookup */\nSELECT email FROM raw.users WHERE user_id = 7", "bi", "s1", day1)
	plain := pg("-- ad hoc\nSELECT email FROM raw.users WHERE user_id = 8", "tom", "s2", day1)
	_, err := eng.Ingest(ctx, lineage.Statements(st, plain))
	require.NoError(t, err)
	queries, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeQuery})
	require.NoError(t, err)
	require.Len(t, queries, 1)
	e, err := store.Edge(ctx, lineage.UserNodeID("bi"), queries[0].ID, lineage.EdgeRan)
	require.NoError(t, err)
	assert.Equal(t, "Customer support", e.Props["dashboard"])
	e, err = store.Edge(ctx, lineage.UserNodeID("tom"), queries[0].ID, lineage.EdgeRan)
	require.NoError(t, err)
	assert.Nil(t, e.Props["dashboard"])
}

// DashboardOf reads only a well-formed leading comment, never faults on a
// malformed one, and keeps printable text of bounded length.
func TestDashboardOfMalformedComments(t *testing.T) {
	long := "/* dashboard: " + strings.Repeat("x", 1000) + " */ SELECT 1"
	for sql, want := range map[string]string{
		"/*/ note */ SELECT 1": "",
		"/*/":                  "",
		"/**/ SELECT 1":        "",
		"/* dashboard: a\x00b\x1b[31m */ SELECT 1": "ab[31m",
		"/* dashboard: \xff\xfeSales */ SELECT 1":  "Sales",
		"-- dashboard: Ops\nSELECT 1":              "Ops",
	} {
		assert.Equal(t, want, lineage.DashboardOf(sql), "%q", sql)
	}
	assert.Len(t, lineage.DashboardOf(long), 200)
}

// Runs alone make a batch: statements that add no node, edge or read of
// their own still count on the RAN edge.
func TestRunsAloneAreWritten(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	var stmts []lineage.Statement
	for i := range 3 {
		stmts = append(stmts, lineage.Statement{SQL: "SELECT 1", Dialect: sqlparse.Postgres,
			Context: lineage.Context{User: "alice", At: time.Date(2026, 11, 2, 10, i, 0, 0, time.UTC)}})
	}
	_, err := lineage.NewEngine(store, nil, lineage.WithBatchSize(1)).Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	res, err := lineage.NewAnalyzer(nil).Analyze(ctx, stmts[0])
	require.NoError(t, err)
	e, err := store.Edge(ctx, lineage.UserNodeID("alice"), lineage.QueryNodeID(res.Statements[0].Digest()), lineage.EdgeRan)
	require.NoError(t, err)
	assert.EqualValues(t, 3, e.Count)
}
