package lineage_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// TestEngineRenameMovesIdentity: a rename links the old dataset node to
// the new one by RENAMED_TO; the edges written under the old name stay
// (they were true then), and later statements of the session read the
// table under its new name.
func TestEngineRenameMovesIdentity(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithWorkers(2))
	stmts := append(ddl(),
		pg("CREATE TABLE stage_orders AS SELECT id, amount FROM orders", "etl", "s0", day1),
		pg("ALTER TABLE stage_orders RENAME TO orders_v2", "etl", "s0", day1),
		pg("CREATE TABLE report AS SELECT id, amount FROM orders_v2", "etl", "s0", day1),
	)
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(t, err)
	require.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)

	old, renamed := pgColumn(t, "stage_orders", "amount"), pgColumn(t, "orders_v2", "amount")
	_, err = store.Edge(ctx, lineage.DatasetNodeID(old.Dataset), lineage.DatasetNodeID(renamed.Dataset), lineage.EdgeRenamedTo)
	require.NoError(t, err, "RENAMED_TO from the old name to the new")
	_, err = store.Edge(ctx, lineage.DatasetNodeID(renamed.Dataset), lineage.DatasetNodeID(old.Dataset), lineage.EdgeRenamedTo)
	assert.Error(t, err, "a rename goes one way")

	assert.Equal(t, []string{"DIRECT " + old.ID()}, edgeIDs(t, store, pgColumn(t, "orders", "amount"), lineage.EdgeDirect),
		"the edge written before the rename stays")
	assert.Equal(t, []string{"DIRECT " + pgColumn(t, "report", "amount").ID()}, edgeIDs(t, store, renamed, lineage.EdgeDirect),
		"later statements read the new name, with the columns it took from the old")
}

// TestEngineSwapLinksBothWays: Snowflake's SWAP WITH trades two tables'
// identities: RENAMED_TO each way, marked swap.
func TestEngineSwapLinksBothWays(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil)
	sf := func(sql string) lineage.Statement {
		return lineage.Statement{SQL: sql, Dialect: sqlparse.Snowflake, Context: lineage.Context{Database: "DB", Schema: "PUBLIC", Session: "s", At: day1}}
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(
		sf("CREATE TABLE prod (id INT)"),
		sf("CREATE TABLE prod_next (id INT)"),
		sf("ALTER TABLE prod SWAP WITH prod_next"),
	))
	require.NoError(t, err)
	require.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)
	p := lineage.PlatformOf(sqlparse.Snowflake)
	def := lineage.Defaults{Database: "DB", Schema: "PUBLIC"}
	a := lineage.DatasetNodeID(p.DatasetFromString("prod", def))
	b := lineage.DatasetNodeID(p.DatasetFromString("prod_next", def))
	for _, pair := range [][2]string{{a, b}, {b, a}} {
		e, err := store.Edge(ctx, pair[0], pair[1], lineage.EdgeRenamedTo)
		require.NoError(t, err, "%s -> %s", pair[0], pair[1])
		assert.Equal(t, true, e.Props["swap"])
	}
}

// TestEngineRenameEveryPair: each pair of RENAME TABLE a TO b, c TO d
// becomes a RENAMED_TO edge.
func TestEngineRenameEveryPair(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	eng := lineage.NewEngine(store, nil)
	my := func(sql string) lineage.Statement {
		return lineage.Statement{SQL: sql, Dialect: sqlparse.MySQL, Context: lineage.Context{Database: "shop", Session: "s", At: day1}}
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(
		my("CREATE TABLE a (x INT)"), my("CREATE TABLE c (y INT)"), my("RENAME TABLE a TO b, c TO d"),
	))
	require.NoError(t, err)
	require.EqualValues(t, 0, sum.FailedTotal(), "%v", sum.Errors)
	p := lineage.PlatformOf(sqlparse.MySQL)
	def := lineage.Defaults{Database: "shop"}
	for _, pair := range [][2]string{{"a", "b"}, {"c", "d"}} {
		from := lineage.DatasetNodeID(p.DatasetFromString(pair[0], def))
		to := lineage.DatasetNodeID(p.DatasetFromString(pair[1], def))
		_, err := store.Edge(ctx, from, to, lineage.EdgeRenamedTo)
		assert.NoError(t, err, "%s -> %s", from, to)
	}
}
