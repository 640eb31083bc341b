package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

func testFind(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{
		{ID: "db.users.email", Kind: "Column", Tags: []string{"pii"}, Props: map[string]any{"type": "text", "pos": int64(2)}},
		{ID: "db.users.id", Kind: "Column", Props: map[string]any{"type": "int", "pos": int64(1)}},
		{ID: "db.users", Kind: "Table", Tags: []string{"pii", "core"}, Props: map[string]any{"owners": []string{"ann", "bob"}}},
		{ID: "db.orders.amount", Kind: "Column", Props: map[string]any{"type": "decimal", "pos": int64(2), "ratio": 0.5}},
		{ID: "db.orders", Kind: "Table", Tags: []string{"core"}},
		{ID: "dash.revenue", Kind: "Dashboard"},
	}})
	cases := []struct {
		name string
		q    graphstore.Query
		want []string
	}{
		{"everything sorted", graphstore.Query{},
			[]string{"dash.revenue", "db.orders", "db.orders.amount", "db.users", "db.users.email", "db.users.id"}},
		{"kind", graphstore.Query{Kind: "Table"}, []string{"db.orders", "db.users"}},
		{"tag", graphstore.Query{Tag: "pii"}, []string{"db.users", "db.users.email"}},
		{"kind and tag", graphstore.Query{Kind: "Column", Tag: "pii"}, []string{"db.users.email"}},
		{"string property", graphstore.Query{Props: map[string]any{"type": "text"}}, []string{"db.users.email"}},
		{"int property given as int", graphstore.Query{Props: map[string]any{"pos": 2}}, []string{"db.orders.amount", "db.users.email"}},
		{"int property given as float", graphstore.Query{Props: map[string]any{"pos": 2.0}}, []string{"db.orders.amount", "db.users.email"}},
		{"float property", graphstore.Query{Props: map[string]any{"ratio": 0.5}}, []string{"db.orders.amount"}},
		{"several properties", graphstore.Query{Props: map[string]any{"pos": 2, "type": "decimal"}}, []string{"db.orders.amount"}},
		{"list property", graphstore.Query{Props: map[string]any{"owners": []string{"ann", "bob"}}}, []string{"db.users"}},
		{"list in another order", graphstore.Query{Props: map[string]any{"owners": []string{"bob", "ann"}}}, []string{}},
		{"wrong type", graphstore.Query{Props: map[string]any{"type": 1}}, []string{}},
		{"limit", graphstore.Query{Kind: "Column", Limit: 2}, []string{"db.orders.amount", "db.users.email"}},
		{"limit above the result", graphstore.Query{Kind: "Table", Limit: 10}, []string{"db.orders", "db.users"}},
		{"unknown kind", graphstore.Query{Kind: "Model"}, []string{}},
		{"unknown tag", graphstore.Query{Tag: "secret"}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Find(context.Background(), tc.q)
			require.NoError(t, err)
			assert.Equal(t, tc.want, nodeIDs(got))
		})
	}
	t.Run("full records", func(t *testing.T) {
		got, err := s.Find(context.Background(), graphstore.Query{Kind: "Table"})
		require.NoError(t, err)
		assert.Equal(t, []graphstore.Node{
			{ID: "db.orders", Kind: "Table", Tags: []string{"core"}},
			{ID: "db.users", Kind: "Table", Tags: []string{"core", "pii"}, Props: map[string]any{"owners": []string{"ann", "bob"}}},
		}, got)
	})
	t.Run("kind follows the last write", func(t *testing.T) {
		upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{{ID: "db.orders", Kind: "View"}}})
		got, err := s.Find(context.Background(), graphstore.Query{Kind: "Table"})
		require.NoError(t, err)
		assert.Equal(t, []string{"db.users"}, nodeIDs(got))
		got, err = s.Find(context.Background(), graphstore.Query{Kind: "View"})
		require.NoError(t, err)
		assert.Equal(t, []string{"db.orders"}, nodeIDs(got))
	})
}

func testDeleteNode(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{
		Nodes: cols("a", "b", "c"),
		Edges: []graphstore.Edge{
			{From: "a", To: "b", Kind: "DERIVES", Count: 5}, edge("b", "c", "DERIVES"), edge("a", "c", "DERIVES"),
			edge("b", "b", "DERIVES"), edge("c", "b", "FILTERS"),
		},
	})
	require.Equal(t, graphstore.Counts{Nodes: 3, Edges: 5}, counts(t, s))
	require.NoError(t, s.DeleteNode(ctx, "b"))

	_, err := s.Node(ctx, "b")
	assert.ErrorIs(t, err, graphstore.ErrNotFound)
	for _, e := range [][3]string{{"a", "b", "DERIVES"}, {"b", "c", "DERIVES"}, {"b", "b", "DERIVES"}, {"c", "b", "FILTERS"}} {
		_, err := s.Edge(ctx, e[0], e[1], e[2])
		assert.ErrorIs(t, err, graphstore.ErrNotFound, "%v", e)
	}
	assert.Equal(t, int64(1), getEdge(t, s, "a", "c", "DERIVES").Count)
	assert.Equal(t, graphstore.Counts{Nodes: 2, Edges: 1}, counts(t, s))

	sub, err := s.Traverse(ctx, []string{"a"}, graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 5})
	require.NoError(t, err)
	assert.Equal(t, []string{"a@0", "c@1"}, nodeKeys(sub.Nodes))
	assert.Equal(t, []string{"a->c:DERIVES"}, edgeKeys(sub.Edges))

	require.NoError(t, s.DeleteNode(ctx, "b"), "deleting an absent node")
	require.NoError(t, s.DeleteNode(ctx, "never"), "deleting a node that never was")

	// A node added again starts fresh.
	upsert(t, s, graphstore.Batch{Nodes: cols("b"), Edges: []graphstore.Edge{edge("a", "b", "DERIVES")}})
	assert.Equal(t, graphstore.Edge{From: "a", To: "b", Kind: "DERIVES", Count: 1}, getEdge(t, s, "a", "b", "DERIVES"))
	assert.Equal(t, graphstore.Counts{Nodes: 3, Edges: 2}, counts(t, s))
}
