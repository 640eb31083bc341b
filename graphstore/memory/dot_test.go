package memory_test

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
)

// dotStatements returns the sorted vertex and edge statements of a DOT
// document with the weight attribute dropped.
func dotStatements(t *testing.T, doc string) (vertices, edges []string) {
	t.Helper()
	require.True(t, strings.HasPrefix(doc, "strict digraph {"), doc)
	edgeRE := regexp.MustCompile(`^"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[ label="((?:[^"\\]|\\.)*)",\s+weight=0 \];$`)
	vertexRE := regexp.MustCompile(`^"((?:[^"\\]|\\.)*)" \[ label="((?:[^"\\]|\\.)*)",\s+weight=0 \];$`)
	for _, line := range strings.Split(doc, "\n") {
		line = strings.TrimSpace(line)
		if m := edgeRE.FindStringSubmatch(line); m != nil {
			edges = append(edges, m[1]+" -> "+m[2]+" "+m[3])
		} else if m := vertexRE.FindStringSubmatch(line); m != nil {
			vertices = append(vertices, m[1]+" "+m[2])
		} else if line != "" && line != "}" && !strings.HasPrefix(line, "strict digraph") {
			t.Errorf("unexpected DOT line %q", line)
		}
	}
	slices.Sort(vertices)
	slices.Sort(edges)
	return vertices, edges
}

func TestWriteDOT(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, s.Upsert(ctx, graphstore.Batch{
		Nodes: []graphstore.Node{
			{ID: "db.t.a", Kind: "Column"}, {ID: `say "hi"\now`, Kind: "Column"}, {ID: "dash", Kind: "Dashboard"},
		},
		Edges: []graphstore.Edge{
			{From: "db.t.a", To: `say "hi"\now`, Kind: "DERIVES"},
			{From: "db.t.a", To: `say "hi"\now`, Kind: "FILTERS"},
			{From: `say "hi"\now`, To: "dash", Kind: "DERIVES"},
		},
	}))
	var buf bytes.Buffer
	require.NoError(t, s.WriteDOT(ctx, &buf))
	vertices, edges := dotStatements(t, buf.String())
	assert.Equal(t, []string{
		`dash dash\nDashboard`,
		`db.t.a db.t.a\nColumn`,
		`say \"hi\"\\now say \"hi\"\\now\nColumn`,
	}, vertices)
	assert.Equal(t, []string{
		`db.t.a -> say \"hi\"\\now DERIVES,FILTERS`,
		`say \"hi\"\\now -> dash DERIVES`,
	}, edges)

	sub, err := s.Traverse(ctx, []string{"dash"}, graphstore.TraverseOptions{Direction: graphstore.Upstream})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, memory.WriteSubgraphDOT(&buf, sub))
	vertices, edges = dotStatements(t, buf.String())
	assert.Equal(t, []string{`dash dash\nDashboard @0`, `say \"hi\"\\now say \"hi\"\\now\nColumn @1`}, vertices)
	assert.Equal(t, []string{`say \"hi\"\\now -> dash DERIVES`}, edges)

	require.NoError(t, s.Close(ctx))
	assert.ErrorIs(t, s.WriteDOT(ctx, &buf), graphstore.ErrClosed)
}
