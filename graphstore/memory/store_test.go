package memory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

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

// Edge times are kept compactly (Unix seconds and nanoseconds) and come
// back as the same instants in UTC, nanoseconds, far dates and the zero
// time included.
func TestEdgeTimesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	zone := time.FixedZone("UTC+5", 5*3600)
	cases := []struct{ first, last time.Time }{
		{time.Date(2026, 12, 5, 13, 4, 5, 123456789, zone), time.Date(2026, 12, 6, 0, 0, 0, 1, time.UTC)},
		{time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
		{time.Time{}, time.Time{}},
	}
	for i, c := range cases {
		from, to := fmt.Sprint("a", i), fmt.Sprint("b", i)
		require.NoError(t, s.Upsert(ctx, graphstore.Batch{
			Nodes: []graphstore.Node{{ID: from, Kind: "C"}, {ID: to, Kind: "C"}},
			Edges: []graphstore.Edge{{From: from, To: to, Kind: "D", FirstSeen: c.first, LastSeen: c.last}},
		}))
		e, err := s.Edge(ctx, from, to, "D")
		require.NoError(t, err)
		assert.Equal(t, c.first.UTC(), e.FirstSeen, "case %d", i)
		assert.Equal(t, c.last.UTC(), e.LastSeen, "case %d", i)
		assert.Equal(t, c.first.IsZero(), e.FirstSeen.IsZero(), "case %d", i)
	}
}

// TestUpsertKeepsNoCallerData checks that the store, which normalises a
// batch item by item instead of copying it first, keeps none of the
// caller's maps and lists.
func TestUpsertKeepsNoCallerData(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	list := []string{"x", "y"}
	props := map[string]any{"l": list, "n": 7}
	tags := []string{"t"}
	eprops := map[string]any{"m": []any{"p"}}
	require.NoError(t, s.Upsert(ctx, graphstore.Batch{
		Nodes: []graphstore.Node{{ID: "a", Kind: "Column", Tags: tags, Props: props}},
		Edges: []graphstore.Edge{{From: "a", To: "a", Kind: "K", Props: eprops}},
	}))
	list[0], props["n"], tags[0], eprops["m"] = "changed", 8, "changed", "changed"
	n, err := s.Node(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"l": []string{"x", "y"}, "n": int64(7)}, n.Props)
	assert.Equal(t, []string{"t"}, n.Tags)
	e, err := s.Edge(ctx, "a", "a", "K")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"m": []string{"p"}}, e.Props)
}
