package memory_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graphstore.Store {
		s := memory.New()
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		return s
	})
}

// Equal small property maps are shared between edges, and a merge into
// one of them never shows through the others.
func TestSharedPropsAreCopiedOnWrite(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	nodes := []graphstore.Node{{ID: "a", Kind: "C"}, {ID: "b", Kind: "C"}, {ID: "c", Kind: "C"}}
	edges := []graphstore.Edge{
		{From: "a", To: "b", Kind: "D", Props: map[string]any{"subtype": "IDENTITY"}},
		{From: "a", To: "c", Kind: "D", Props: map[string]any{"subtype": "IDENTITY"}},
	}
	require.NoError(t, s.Upsert(ctx, graphstore.Batch{Nodes: nodes, Edges: edges}))
	require.NoError(t, s.Upsert(ctx, graphstore.Batch{Edges: []graphstore.Edge{
		{From: "a", To: "b", Kind: "D", Props: map[string]any{"masking": true}},
	}}))
	ab, err := s.Edge(ctx, "a", "b", "D")
	require.NoError(t, err)
	ac, err := s.Edge(ctx, "a", "c", "D")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"subtype": "IDENTITY", "masking": true}, ab.Props)
	assert.Equal(t, map[string]any{"subtype": "IDENTITY"}, ac.Props)
	assert.EqualValues(t, 2, ab.Count)
	ac.Props["subtype"] = "changed by a caller"
	again, err := s.Edge(ctx, "a", "c", "D")
	require.NoError(t, err)
	assert.Equal(t, "IDENTITY", again.Props["subtype"])
}
