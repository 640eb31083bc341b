package graphstore_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

func TestNormalizeValue(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want any
		bad  bool
	}{
		{"string", "x", "x", false},
		{"int", 3, int64(3), false},
		{"int8", int8(-3), int64(-3), false},
		{"uint32", uint32(7), int64(7), false},
		{"uint64 in range", uint64(math.MaxInt64), int64(math.MaxInt64), false},
		{"uint64 over", uint64(math.MaxInt64) + 1, nil, true},
		{"float32", float32(0.25), 0.25, false},
		{"NaN", math.NaN(), nil, true},
		{"bool", false, false, false},
		{"strings", []string{"a"}, []string{"a"}, false},
		{"any strings", []any{"a", "b"}, []string{"a", "b"}, false},
		{"any mixed", []any{"a", 1}, nil, true},
		{"nil", nil, nil, true},
		{"time", time.Time{}, nil, true},
		{"ints", []int{1}, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := graphstore.NormalizeValue(tc.in)
			if tc.bad {
				assert.ErrorIs(t, err, graphstore.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestFilterMatch(t *testing.T) {
	props := map[string]any{"n": int64(1), "f": 1.5, "s": "x", "b": true, "l": []string{"a", "b"}}
	cases := []struct {
		f    graphstore.Filter
		want bool
	}{
		{graphstore.Filter{Key: "n", Op: graphstore.Eq, Value: int64(1)}, true},
		{graphstore.Filter{Key: "n", Op: graphstore.Eq, Value: 1.0}, true},
		{graphstore.Filter{Key: "f", Op: graphstore.Eq, Value: 1.5}, true},
		{graphstore.Filter{Key: "f", Op: graphstore.Eq, Value: int64(1)}, false},
		{graphstore.Filter{Key: "s", Op: graphstore.Eq, Value: "x"}, true},
		{graphstore.Filter{Key: "s", Op: graphstore.Ne, Value: "x"}, false},
		{graphstore.Filter{Key: "s", Op: graphstore.Eq, Value: int64(1)}, false},
		{graphstore.Filter{Key: "b", Op: graphstore.Ne, Value: true}, false},
		{graphstore.Filter{Key: "l", Op: graphstore.Eq, Value: []string{"a", "b"}}, true},
		{graphstore.Filter{Key: "l", Op: graphstore.Eq, Value: []string{"b", "a"}}, false},
		{graphstore.Filter{Key: "missing", Op: graphstore.Eq, Value: true}, false},
		{graphstore.Filter{Key: "missing", Op: graphstore.Ne, Value: true}, true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.f.Match(props), "%+v", tc.f)
	}
}

func TestNormalizeBatch(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))
	in := graphstore.Batch{
		Key: "k",
		Nodes: []graphstore.Node{{ID: "a", Kind: "Column", Tags: []string{"z", "a", "z"},
			Props: map[string]any{"n": 1, "gone": nil}}},
		Edges: []graphstore.Edge{{From: "a", To: "a", Kind: "DERIVES", LastSeen: at}},
	}
	got, err := graphstore.NormalizeBatch(in)
	require.NoError(t, err)
	assert.Equal(t, graphstore.Batch{
		Key: "k",
		Nodes: []graphstore.Node{{ID: "a", Kind: "Column", Tags: []string{"a", "z"},
			Props: map[string]any{"n": int64(1), "gone": nil}}},
		Edges: []graphstore.Edge{{From: "a", To: "a", Kind: "DERIVES", FirstSeen: at.UTC(), LastSeen: at.UTC(), Count: 1}},
	}, got)
	assert.Equal(t, []string{"z", "a", "z"}, in.Nodes[0].Tags, "the input is not changed")

	_, err = graphstore.NormalizeBatch(graphstore.Batch{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "bad kind"}}})
	require.ErrorIs(t, err, graphstore.ErrInvalid)
	assert.Contains(t, err.Error(), "edge 0")
}

func TestMergeEdge(t *testing.T) {
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	stored := graphstore.Edge{Props: map[string]any{"a": "x", "b": "y"}, FirstSeen: t2, LastSeen: t2, Count: 2}
	got := graphstore.MergeEdge(stored, graphstore.Edge{Props: map[string]any{"a": nil, "c": "z"},
		FirstSeen: t1, LastSeen: t1, Count: 3})
	assert.Equal(t, graphstore.Edge{Props: map[string]any{"a": "x", "b": "y"}, FirstSeen: t1, LastSeen: t2, Count: 5}, got,
		"an older observation counts and moves FirstSeen but leaves the properties")
	got = graphstore.MergeEdge(got, graphstore.Edge{Props: map[string]any{"a": nil, "c": "z"}, LastSeen: t2, Count: 1})
	assert.Equal(t, graphstore.Edge{Props: map[string]any{"b": "y", "c": "z"}, FirstSeen: t1, LastSeen: t2, Count: 6}, got,
		"one at the same time merges them")
	got = graphstore.MergeEdge(graphstore.Edge{}, graphstore.Edge{Count: 1})
	assert.Equal(t, graphstore.Edge{Count: 1}, got, "zero times stay zero")
}

func TestComparePaths(t *testing.T) {
	e := func(from, to, kind string) graphstore.Edge { return graphstore.Edge{From: from, To: to, Kind: kind} }
	short := []graphstore.Edge{e("a", "z", "K")}
	viaB := []graphstore.Edge{e("a", "b", "Z"), e("b", "z", "Z")}
	viaC := []graphstore.Edge{e("a", "c", "A"), e("c", "z", "A")}
	viaBOtherKind := []graphstore.Edge{e("a", "b", "A"), e("b", "z", "Z")}
	assert.Negative(t, graphstore.ComparePaths(short, viaB), "shorter first")
	assert.Negative(t, graphstore.ComparePaths(viaB, viaC), "node ids before kinds")
	assert.Negative(t, graphstore.ComparePaths(viaBOtherKind, viaB), "then kinds")
	assert.Zero(t, graphstore.ComparePaths(viaC, viaC))
}

func TestOptionsNormalize(t *testing.T) {
	o, err := graphstore.TraverseOptions{NodeFilters: []graphstore.Filter{{Key: "p", Value: 2}}}.Normalize()
	require.NoError(t, err)
	assert.Equal(t, 1, o.MaxDepth)
	assert.Equal(t, int64(2), o.NodeFilters[0].Value)
	p, err := graphstore.PathOptions{}.Normalize()
	require.NoError(t, err)
	assert.Equal(t, graphstore.DefaultPathDepth, p.MaxDepth)
	assert.Equal(t, graphstore.DefaultMaxPaths, p.MaxPaths)
	_, err = graphstore.Query{Kind: "a b"}.Normalize()
	assert.ErrorIs(t, err, graphstore.ErrInvalid)
}

func TestValidName(t *testing.T) {
	cases := map[string]bool{
		"Column": true, "a": true, "DERIVES_FROM": true, "x9_": true,
		strings.Repeat("a", 63): true, strings.Repeat("a", 64): false,
		"": false, "9a": false, "_a": false, "a-b": false, "a b": false, "a.b": false,
		"é": false, "aé": false, "a\n": false, "a`": false,
	}
	for name, want := range cases {
		assert.Equal(t, want, graphstore.ValidName(name), "%q", name)
	}
}

// TestValidateBatchAgreesWithNormalize checks that the check-only pass
// finds the same first error as NormalizeBatch, and accepts what it
// accepts.
func TestValidateBatchAgreesWithNormalize(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	good := graphstore.Node{ID: "a", Kind: "Column"}
	batches := []graphstore.Batch{
		{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{{From: "a", To: "a", Kind: "K", Props: map[string]any{"l": []any{"x"}, "n": uint8(3)}}}},
		{Nodes: []graphstore.Node{good, {ID: "", Kind: "Column"}}},
		{Nodes: []graphstore.Node{{ID: "b", Kind: "bad kind"}}},
		{Nodes: []graphstore.Node{{ID: "b", Kind: "Column", Tags: []string{"ok", ""}}}},
		{Nodes: []graphstore.Node{{ID: "b", Kind: "Column", Props: map[string]any{"bad key": 1}}}},
		{Nodes: []graphstore.Node{{ID: "b", Kind: "Column", Props: map[string]any{"l": []any{"x", 2}}}}},
		{Nodes: []graphstore.Node{{ID: "b", Kind: "Column", Props: map[string]any{"u": uint64(1) << 63}}}},
		{Edges: []graphstore.Edge{{From: "a", To: "", Kind: "K"}}},
		{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "K", Count: -1}}},
		{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "K", Props: map[string]any{"s": struct{}{}}}}},
		{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "K", FirstSeen: at, LastSeen: at.Add(-time.Hour)}}},
	}
	for i, b := range batches {
		_, nerr := graphstore.NormalizeBatch(b)
		verr := graphstore.ValidateBatch(b)
		if nerr == nil {
			assert.NoError(t, verr, "batch %d", i)
			continue
		}
		require.Error(t, verr, "batch %d", i)
		assert.Equal(t, nerr.Error(), verr.Error(), "batch %d", i)
		assert.ErrorIs(t, verr, graphstore.ErrInvalid)
	}
}
