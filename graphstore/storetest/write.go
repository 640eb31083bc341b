package storetest

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

func testNodeUpsertMerge(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{
		{ID: "db.t.email", Kind: "Column", Tags: []string{"pii", "email", "pii"},
			Props: map[string]any{"type": "varchar", "nullable": true, "pos": int64(3)}},
		{ID: "db.t", Kind: "Table"},
	}})
	assert.Equal(t, graphstore.Node{ID: "db.t.email", Kind: "Column", Tags: []string{"email", "pii"},
		Props: map[string]any{"type": "varchar", "nullable": true, "pos": int64(3)}},
		getNode(t, s, "db.t.email"), "tags sorted and deduplicated")
	assert.Equal(t, graphstore.Node{ID: "db.t", Kind: "Table"}, getNode(t, s, "db.t"),
		"no tags and no props read back as nil")

	// Merge: a key overwritten, a key deleted with nil, a key added, tags
	// unioned, kind replaced.
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{
		{ID: "db.t.email", Kind: "Field", Tags: []string{"contact", "pii"},
			Props: map[string]any{"type": "text", "nullable": nil, "comment": "user email"}},
	}})
	assert.Equal(t, graphstore.Node{ID: "db.t.email", Kind: "Field", Tags: []string{"contact", "email", "pii"},
		Props: map[string]any{"type": "text", "pos": int64(3), "comment": "user email"}},
		getNode(t, s, "db.t.email"))

	// A write without tags or props keeps them.
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{{ID: "db.t.email", Kind: "Field"}}})
	assert.Equal(t, graphstore.Node{ID: "db.t.email", Kind: "Field", Tags: []string{"contact", "email", "pii"},
		Props: map[string]any{"type": "text", "pos": int64(3), "comment": "user email"}},
		getNode(t, s, "db.t.email"))

	// Deleting every property leaves nil Props.
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{{ID: "db.t.email", Kind: "Field",
		Props: map[string]any{"type": nil, "pos": nil, "comment": nil, "absent": nil}}}})
	assert.Nil(t, getNode(t, s, "db.t.email").Props)

	// The same node twice in one batch: applied in order.
	upsert(t, s, graphstore.Batch{Nodes: []graphstore.Node{
		{ID: "n", Kind: "Column", Props: map[string]any{"v": int64(1), "w": "x"}},
		{ID: "n", Kind: "Column", Tags: []string{"t"}, Props: map[string]any{"v": int64(2)}},
	}})
	assert.Equal(t, graphstore.Node{ID: "n", Kind: "Column", Tags: []string{"t"},
		Props: map[string]any{"v": int64(2), "w": "x"}}, getNode(t, s, "n"))
	assert.Equal(t, graphstore.Counts{Nodes: 3}, counts(t, s))
}

func testEdgeUpsertMerge(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{
		Nodes: cols("a", "b"),
		Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES",
			Props:     map[string]any{"transform": "IDENTITY", "masking": false},
			FirstSeen: at(1), LastSeen: at(2)}},
	})
	assert.Equal(t, graphstore.Edge{From: "a", To: "b", Kind: "DERIVES",
		Props:     map[string]any{"transform": "IDENTITY", "masking": false},
		FirstSeen: at(1), LastSeen: at(2), Count: 1}, getEdge(t, s, "a", "b", "DERIVES"),
		"Count 0 counts as 1")

	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES",
		Props: map[string]any{"masking": nil, "query": "q1"}, Count: 3, LastSeen: at(5)}}})
	assert.Equal(t, graphstore.Edge{From: "a", To: "b", Kind: "DERIVES",
		Props:     map[string]any{"transform": "IDENTITY", "query": "q1"},
		FirstSeen: at(1), LastSeen: at(5), Count: 4}, getEdge(t, s, "a", "b", "DERIVES"))

	// Another kind between the same nodes is another edge.
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{edge("a", "b", "FILTERS")}})
	assert.Equal(t, graphstore.Edge{From: "a", To: "b", Kind: "FILTERS", Count: 1},
		getEdge(t, s, "a", "b", "FILTERS"), "no props and no times read back as nil and zero")
	assert.Equal(t, int64(4), getEdge(t, s, "a", "b", "DERIVES").Count)

	// The same edge twice in one batch counts twice; a self loop is an edge.
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{
		{From: "b", To: "a", Kind: "DERIVES", Count: 2},
		{From: "b", To: "a", Kind: "DERIVES", Count: 5, Props: map[string]any{"k": "v"}},
		{From: "b", To: "b", Kind: "DERIVES"},
	}})
	assert.Equal(t, graphstore.Edge{From: "b", To: "a", Kind: "DERIVES", Count: 7,
		Props: map[string]any{"k": "v"}}, getEdge(t, s, "b", "a", "DERIVES"))
	assert.Equal(t, int64(1), getEdge(t, s, "b", "b", "DERIVES").Count)
	assert.Equal(t, graphstore.Counts{Nodes: 2, Edges: 4}, counts(t, s))
}

// testEdgePropsFollowLatest: an edge's properties are those of its latest
// observation, whatever order the observations are written in.
func testEdgePropsFollowLatest(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b", "c", "d")})
	write := func(from, to, subtype string, last time.Time) {
		upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{{From: from, To: to, Kind: "DERIVES",
			Props: map[string]any{"subtype": subtype}, LastSeen: last}}})
	}
	subtype := func(from, to string) any { return getEdge(t, s, from, to, "DERIVES").Props["subtype"] }

	// Newest last and newest first give the same edge.
	write("a", "b", "IDENTITY", at(1))
	write("a", "b", "TRANSFORMATION", at(2))
	write("c", "d", "TRANSFORMATION", at(2))
	write("c", "d", "IDENTITY", at(1))
	assert.Equal(t, "TRANSFORMATION", subtype("a", "b"))
	assert.Equal(t, "TRANSFORMATION", subtype("c", "d"), "an older write leaves the properties")
	e := getEdge(t, s, "c", "d", "DERIVES")
	assert.Equal(t, int64(2), e.Count, "an older write still counts")
	assert.Equal(t, at(1), e.FirstSeen)

	write("c", "d", "AGGREGATION", time.Time{})
	assert.Equal(t, "TRANSFORMATION", subtype("c", "d"), "a write without a time is older than any time")
	write("c", "d", "AGGREGATION", at(2))
	assert.Equal(t, "AGGREGATION", subtype("c", "d"), "at the same time the later write wins")

	// In one batch, the same rule.
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{
		{From: "b", To: "c", Kind: "DERIVES", Props: map[string]any{"subtype": "JOIN"}, LastSeen: at(7)},
		{From: "b", To: "c", Kind: "DERIVES", Props: map[string]any{"subtype": "FILTER"}, LastSeen: at(3)},
	}})
	assert.Equal(t, "JOIN", subtype("b", "c"))
}

func testFirstLastSeen(t *testing.T, s graphstore.Store) {
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b", "c", "d")})
	steps := []struct {
		name        string
		first, last time.Time
		count       int64
		wantFirst   time.Time
		wantLast    time.Time
		wantCount   int64
	}{
		{"first observation", at(10), at(20), 1, at(10), at(20), 1},
		{"inside the range changes nothing but the count", at(12), at(18), 2, at(10), at(20), 3},
		{"earlier first", at(5), at(6), 1, at(5), at(20), 4},
		{"later last", at(30), at(40), 1, at(5), at(40), 5},
		{"zero times are ignored", time.Time{}, time.Time{}, 1, at(5), at(40), 6},
		{"a lone LastSeen stands for both", time.Time{}, at(1), 1, at(1), at(40), 7},
		{"a lone FirstSeen stands for both", at(50), time.Time{}, 1, at(1), at(50), 8},
	}
	for _, st := range steps {
		upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES",
			FirstSeen: st.first, LastSeen: st.last, Count: st.count}}})
		e := getEdge(t, s, "a", "b", "DERIVES")
		assert.Equal(t, st.wantFirst, e.FirstSeen, st.name)
		assert.Equal(t, st.wantLast, e.LastSeen, st.name)
		assert.Equal(t, st.wantCount, e.Count, st.name)
	}

	// An edge first written without times gets them from a later write.
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{edge("c", "d", "DERIVES")}})
	e := getEdge(t, s, "c", "d", "DERIVES")
	assert.True(t, e.FirstSeen.IsZero())
	assert.True(t, e.LastSeen.IsZero())
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{{From: "c", To: "d", Kind: "DERIVES", LastSeen: at(3)}}})
	e = getEdge(t, s, "c", "d", "DERIVES")
	assert.Equal(t, at(3), e.FirstSeen)
	assert.Equal(t, at(3), e.LastSeen)

	// Times in another zone are the same instants, read back in UTC.
	zone := time.FixedZone("UTC+5", 5*3600)
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{{From: "c", To: "d", Kind: "DERIVES",
		FirstSeen: at(-10).In(zone), LastSeen: at(100).In(zone)}}})
	e = getEdge(t, s, "c", "d", "DERIVES")
	assert.Equal(t, at(-10), e.FirstSeen)
	assert.Equal(t, at(100), e.LastSeen)
	assert.Equal(t, time.UTC, e.LastSeen.Location())
}

func lineageBatch(key string) graphstore.Batch {
	return graphstore.Batch{
		Key: key,
		Nodes: []graphstore.Node{
			{ID: "src.id", Kind: "Column", Tags: []string{"key"}},
			{ID: "src.email", Kind: "Column", Tags: []string{"pii"}, Props: map[string]any{"type": "text"}},
			{ID: "dst.id", Kind: "Column"},
			{ID: "dst.email_hash", Kind: "Column"},
		},
		Edges: []graphstore.Edge{
			{From: "src.id", To: "dst.id", Kind: "DERIVES", LastSeen: at(1), Count: 1},
			{From: "src.email", To: "dst.email_hash", Kind: "DERIVES", Props: map[string]any{"masking": true},
				FirstSeen: at(1), LastSeen: at(2), Count: 2},
		},
	}
}

func snapshot(t *testing.T, s graphstore.Store, b graphstore.Batch) ([]graphstore.Node, []graphstore.Edge) {
	t.Helper()
	nodes, err := s.Find(context.Background(), graphstore.Query{})
	require.NoError(t, err)
	var edges []graphstore.Edge
	for _, e := range b.Edges {
		edges = append(edges, getEdge(t, s, e.From, e.To, e.Kind))
	}
	return nodes, edges
}

func testKeyedBatchIdempotent(t *testing.T, s graphstore.Store) {
	upsert(t, s, lineageBatch("log#1"))
	nodes1, edges1 := snapshot(t, s, lineageBatch(""))
	c1 := counts(t, s)
	require.Equal(t, graphstore.Counts{Nodes: 4, Edges: 2}, c1)
	assert.Equal(t, []int64{1, 2}, []int64{edges1[0].Count, edges1[1].Count})

	upsert(t, s, lineageBatch("log#1"))
	nodes2, edges2 := snapshot(t, s, lineageBatch(""))
	assert.Equal(t, nodes1, nodes2)
	assert.Equal(t, edges1, edges2, "a batch with a seen key is ignored")
	assert.Equal(t, c1, counts(t, s))

	// A seen key ignores the whole batch, even with new content.
	b := lineageBatch("log#1")
	b.Nodes = append(b.Nodes, col("new"))
	upsert(t, s, b)
	_, err := s.Node(context.Background(), "new")
	assert.ErrorIs(t, err, graphstore.ErrNotFound)

	// Another key applies again: counts grow, the rest stays.
	upsert(t, s, lineageBatch("log#2"))
	nodes3, edges3 := snapshot(t, s, lineageBatch(""))
	assert.Equal(t, nodes1, nodes3)
	assert.Equal(t, []int64{2, 4}, []int64{edges3[0].Count, edges3[1].Count})
	assert.Equal(t, c1, counts(t, s))
}

func testUnkeyedBatchRepeated(t *testing.T, s graphstore.Store) {
	upsert(t, s, lineageBatch(""))
	nodes1, edges1 := snapshot(t, s, lineageBatch(""))
	c1 := counts(t, s)
	upsert(t, s, lineageBatch(""))
	nodes2, edges2 := snapshot(t, s, lineageBatch(""))
	assert.Equal(t, nodes1, nodes2)
	assert.Equal(t, c1, counts(t, s))
	require.Len(t, edges2, len(edges1))
	for i := range edges1 {
		want := edges1[i]
		want.Count *= 2
		assert.Equal(t, want, edges2[i], "only the count changes")
	}
}

func testCounts(t *testing.T, s graphstore.Store) {
	assert.Equal(t, graphstore.Counts{}, counts(t, s), "a new store is empty")
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b", "c")})
	assert.Equal(t, graphstore.Counts{Nodes: 3}, counts(t, s))
	upsert(t, s, graphstore.Batch{Edges: []graphstore.Edge{
		edge("a", "b", "DERIVES"), edge("a", "b", "FILTERS"), edge("b", "c", "DERIVES"), edge("a", "b", "DERIVES"),
	}})
	assert.Equal(t, graphstore.Counts{Nodes: 3, Edges: 3}, counts(t, s))
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "d")})
	assert.Equal(t, graphstore.Counts{Nodes: 4, Edges: 3}, counts(t, s))
}

func testMissingEndpoint(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{Nodes: cols("old")})
	bad := graphstore.Batch{
		Key:   "k1",
		Nodes: []graphstore.Node{col("new"), {ID: "old", Kind: "Column", Props: map[string]any{"touched": true}}},
		Edges: []graphstore.Edge{
			edge("old", "new", "DERIVES"),
			edge("new", "ghost", "DERIVES"),
		},
	}
	err := s.Upsert(ctx, bad)
	require.ErrorIs(t, err, graphstore.ErrMissingEndpoint)
	assert.Contains(t, err.Error(), "ghost", "the error names the missing node")

	// Nothing of the batch is applied.
	assert.Equal(t, graphstore.Counts{Nodes: 1}, counts(t, s))
	_, err = s.Node(ctx, "new")
	assert.ErrorIs(t, err, graphstore.ErrNotFound)
	assert.Equal(t, graphstore.Node{ID: "old", Kind: "Column"}, getNode(t, s, "old"))

	// A missing From is caught too.
	err = s.Upsert(ctx, graphstore.Batch{Edges: []graphstore.Edge{edge("ghost", "old", "DERIVES")}})
	require.ErrorIs(t, err, graphstore.ErrMissingEndpoint)

	// The failed key was not remembered: the fixed batch applies.
	good := bad
	good.Nodes = append(good.Nodes, col("ghost"))
	upsert(t, s, good)
	assert.Equal(t, graphstore.Counts{Nodes: 3, Edges: 2}, counts(t, s))
	assert.Equal(t, map[string]any{"touched": true}, getNode(t, s, "old").Props)
	assert.Equal(t, int64(1), getEdge(t, s, "new", "ghost", "DERIVES").Count)
}

func testInvalidBatch(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b")})
	good := col("fresh")
	cases := []struct {
		name string
		b    graphstore.Batch
	}{
		{"empty node id", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "", Kind: "Column"}}}},
		{"empty node kind", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x"}}}},
		{"node kind with a space", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "My Column"}}}},
		{"node kind starting with a digit", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "1Column"}}}},
		{"node kind with a backtick", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "C`) DETACH DELETE n //"}}}},
		{"empty tag", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Tags: []string{"pii", ""}}}}},
		{"property key with a dash", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Props: map[string]any{"a-b": 1}}}}},
		{"unsupported property value", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Props: map[string]any{"at": time.Now()}}}}},
		{"map property value", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Props: map[string]any{"m": map[string]any{"a": 1}}}}}},
		{"uint64 over int64", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Props: map[string]any{"n": uint64(math.MaxUint64)}}}}},
		{"list of mixed values", graphstore.Batch{Nodes: []graphstore.Node{good, {ID: "x", Kind: "Column", Props: map[string]any{"l": []any{"a", 1}}}}}},
		{"empty edge kind", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{edge("a", "b", "")}}},
		{"edge kind with a colon", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{edge("a", "b", "A:B")}}},
		{"empty edge endpoint", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{edge("a", "", "DERIVES")}}},
		{"negative count", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", Count: -1}}}},
		{"first seen after last seen", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", FirstSeen: at(2), LastSeen: at(1)}}}},
		{"edge property key", graphstore.Batch{Nodes: []graphstore.Node{good}, Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", Props: map[string]any{"": true}}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.b.Key = "invalid:" + tc.name
			err := s.Upsert(ctx, tc.b)
			require.ErrorIs(t, err, graphstore.ErrInvalid)
			assert.Equal(t, graphstore.Counts{Nodes: 2}, counts(t, s), "nothing applied")
			_, err = s.Node(ctx, "fresh")
			assert.ErrorIs(t, err, graphstore.ErrNotFound)
		})
	}
}

func testInvalidOptions(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b"), Edges: []graphstore.Edge{edge("a", "b", "DERIVES")}})
	traverse := []struct {
		name string
		opts graphstore.TraverseOptions
	}{
		{"unknown direction", graphstore.TraverseOptions{Direction: graphstore.Direction(7)}},
		{"negative depth", graphstore.TraverseOptions{MaxDepth: -1}},
		{"negative max nodes", graphstore.TraverseOptions{MaxNodes: -1}},
		{"bad edge kind", graphstore.TraverseOptions{EdgeKinds: []string{"DERIVES", "x y"}}},
		{"bad filter key", graphstore.TraverseOptions{EdgeFilters: []graphstore.Filter{{Key: "a.b", Value: true}}}},
		{"nil filter value", graphstore.TraverseOptions{NodeFilters: []graphstore.Filter{{Key: "a", Value: nil}}}},
		{"unknown op", graphstore.TraverseOptions{NodeFilters: []graphstore.Filter{{Key: "a", Op: graphstore.Op(9), Value: 1}}}},
	}
	for _, tc := range traverse {
		t.Run("traverse "+tc.name, func(t *testing.T) {
			_, err := s.Traverse(ctx, []string{"a"}, tc.opts)
			assert.ErrorIs(t, err, graphstore.ErrInvalid)
		})
	}
	paths := []struct {
		name string
		opts graphstore.PathOptions
	}{
		{"negative depth", graphstore.PathOptions{MaxDepth: -1}},
		{"negative max paths", graphstore.PathOptions{MaxPaths: -2}},
		{"bad edge kind", graphstore.PathOptions{EdgeKinds: []string{"-"}}},
		{"bad filter", graphstore.PathOptions{EdgeFilters: []graphstore.Filter{{Key: "ok", Value: struct{}{}}}}},
	}
	for _, tc := range paths {
		t.Run("paths "+tc.name, func(t *testing.T) {
			_, err := s.Paths(ctx, "a", "b", tc.opts)
			assert.ErrorIs(t, err, graphstore.ErrInvalid)
		})
	}
	finds := []struct {
		name string
		q    graphstore.Query
	}{
		{"bad kind", graphstore.Query{Kind: "Col umn"}},
		{"bad prop key", graphstore.Query{Props: map[string]any{"$x": 1}}},
		{"nil prop value", graphstore.Query{Props: map[string]any{"x": nil}}},
		{"negative limit", graphstore.Query{Limit: -1}},
	}
	for _, tc := range finds {
		t.Run("find "+tc.name, func(t *testing.T) {
			_, err := s.Find(ctx, tc.q)
			assert.ErrorIs(t, err, graphstore.ErrInvalid)
		})
	}
}

func testLookups(t *testing.T, s graphstore.Store) {
	ctx := context.Background()
	upsert(t, s, graphstore.Batch{Nodes: cols("a", "b", "with \"quotes\" and 'ticks' and ünïcode"),
		Edges: []graphstore.Edge{edge("a", "b", "DERIVES"), edge("a", "with \"quotes\" and 'ticks' and ünïcode", "DERIVES")}})
	cases := []struct {
		name           string
		from, to, kind string
		found          bool
	}{
		{"present", "a", "b", "DERIVES", true},
		{"odd characters in ids", "a", "with \"quotes\" and 'ticks' and ünïcode", "DERIVES", true},
		{"reversed", "b", "a", "DERIVES", false},
		{"other kind", "a", "b", "FILTERS", false},
		{"missing node", "a", "zzz", "DERIVES", false},
	}
	for _, tc := range cases {
		t.Run("edge "+tc.name, func(t *testing.T) {
			e, err := s.Edge(ctx, tc.from, tc.to, tc.kind)
			if !tc.found {
				require.Error(t, err)
				assert.ErrorIs(t, err, graphstore.ErrNotFound)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, graphstore.Edge{From: tc.from, To: tc.to, Kind: tc.kind, Count: 1}, e)
		})
	}
	_, err := s.Node(ctx, "nope")
	assert.ErrorIs(t, err, graphstore.ErrNotFound)
	assert.True(t, errors.Is(err, graphstore.ErrNotFound) && !errors.Is(err, graphstore.ErrInvalid))
	assert.Equal(t, col("with \"quotes\" and 'ticks' and ünïcode"), getNode(t, s, "with \"quotes\" and 'ticks' and ünïcode"))
}

func testPropertyNormalisation(t *testing.T, s graphstore.Store) {
	in := map[string]any{
		"i": 7, "i8": int8(-8), "i16": int16(16), "i32": int32(-32), "i64": int64(1) << 40,
		"u8": uint8(8), "u16": uint16(16), "u32": uint32(32), "u": uint(9), "u64": uint64(64),
		"f32": float32(1.5), "f64": 2.25, "b": true, "s": "text", "empty": "",
		"list": []string{"x", "y"}, "anylist": []any{"p", "q"}, "nolist": []string{},
	}
	want := map[string]any{
		"i": int64(7), "i8": int64(-8), "i16": int64(16), "i32": int64(-32), "i64": int64(1) << 40,
		"u8": int64(8), "u16": int64(16), "u32": int64(32), "u": int64(9), "u64": int64(64),
		"f32": 1.5, "f64": 2.25, "b": true, "s": "text", "empty": "",
		"list": []string{"x", "y"}, "anylist": []string{"p", "q"}, "nolist": []string{},
	}
	upsert(t, s, graphstore.Batch{
		Nodes: []graphstore.Node{{ID: "a", Kind: "Column", Props: in}, col("b")},
		Edges: []graphstore.Edge{{From: "a", To: "b", Kind: "DERIVES", Props: in}},
	})
	assert.Equal(t, want, getNode(t, s, "a").Props)
	assert.Equal(t, want, getEdge(t, s, "a", "b", "DERIVES").Props)

	// The caller's maps and slices are not retained.
	in["list"].([]string)[0] = "changed"
	in["s"] = "changed"
	assert.Equal(t, want, getNode(t, s, "a").Props)
}
