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
)

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

// The policy's flag_weak_hashes switch decides whether an unsalted md5 of a
// low-entropy class is a violation; the state says weak either way.
func TestWeakHashSwitch(t *testing.T) {
	for _, flag := range []bool{false, true} {
		pol, err := compliance.LoadPolicy(strings.NewReader(
			"classes:\n  email: {columns: [email], low_entropy: true}\nflag_weak_hashes: "+map[bool]string{true: "true", false: "false"}[flag]+"\n"), "weak.yaml")
		require.NoError(t, err)
		ctx := context.Background()
		chk, err := compliance.New(hopGraph(t, lineage.EdgeMasked, map[string]any{"subtype": "TRANSFORMATION", "masking": true}), pol)
		require.NoError(t, err)
		_, err = chk.ApplyRules(ctx)
		require.NoError(t, err)
		p, err := chk.Propagation(ctx)
		require.NoError(t, err)
		cs, ok := findState(p, "shop.mart.m.h", "email")
		require.True(t, ok)
		assert.True(t, cs.Weak)
		vs, err := chk.Violations(ctx)
		require.NoError(t, err)
		_, found := findViolation(vs, compliance.RuleWeakMask, "shop.mart.m.h")
		assert.Equal(t, flag, found, "flag_weak_hashes: %v", flag)
	}
}
