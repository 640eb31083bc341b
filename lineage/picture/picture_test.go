package picture

import (
	"context"
	"encoding/xml"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
)

// sample: email (pii) -> contacts.email (DIRECT) -> export.email (DIRECT);
// email -> keys.hash (MASKED) -> report.hash (DIRECT); orders.amount ->
// revenue (DIRECT), and a cycle a <-> b.
func sample() lineage.Trace {
	n := func(id string, depth int, tags ...string) lineage.TraceNode {
		return lineage.TraceNode{ID: id, Kind: lineage.NodeColumn, Name: id, Depth: depth, Tags: tags}
	}
	e := func(from, to, kind, sub string) lineage.TraceEdge {
		return lineage.TraceEdge{From: from, To: to, Kind: kind, Subtype: sub, Count: 1}
	}
	return lineage.Trace{
		Start: []string{"users.email"},
		Nodes: []lineage.TraceNode{n("users.email", 0, "pii"), n("contacts.email", 1), n("export.email", 2), n("keys.hash", 1), n("report.hash", 2),
			n("orders.amount", 0), n("rev.revenue", 1), n("a", 1), n("b", 2)},
		Edges: []lineage.TraceEdge{
			e("users.email", "contacts.email", lineage.EdgeDirect, "IDENTITY"),
			e("contacts.email", "export.email", lineage.EdgeDirect, "TRANSFORMATION"),
			e("users.email", "keys.hash", lineage.EdgeMasked, "TRANSFORMATION"),
			e("keys.hash", "report.hash", lineage.EdgeDirect, "IDENTITY"),
			e("orders.amount", "rev.revenue", lineage.EdgeDirect, "AGGREGATION"),
			e("a", "b", lineage.EdgeDirect, "IDENTITY"),
			e("b", "a", lineage.EdgeIndirect, "FILTER"),
		},
	}
}

func TestPII(t *testing.T) {
	got := PII(sample())
	assert.Equal(t, map[string]string{
		"users.email": PIIRaw, "contacts.email": PIIRaw, "export.email": PIIRaw,
		"keys.hash": PIIMasked, "report.hash": PIIMasked,
	}, got)
}

// A class tag written by lineage/compliance ("pii:email") marks personal
// data as the plain tag does; a tag that only begins with the letters does
// not.
func TestPIIClassTags(t *testing.T) {
	tr := sample()
	tr.Nodes[0].Tags = []string{"PII:email"}
	assert.Equal(t, PII(sample()), PII(tr))
	tr.Nodes[0].Tags = []string{"piiish"}
	assert.Empty(t, PII(tr))
}

func TestPIIRawWinsOverMasked(t *testing.T) {
	tr := sample()
	// A raw path into the hash too makes it raw.
	tr.Edges = append(tr.Edges, lineage.TraceEdge{From: "contacts.email", To: "keys.hash", Kind: lineage.EdgeDirect})
	got := PII(tr)
	assert.Equal(t, PIIRaw, got["keys.hash"])
	assert.Equal(t, PIIRaw, got["report.hash"])
}

func TestLayoutLayersFollowEdges(t *testing.T) {
	l := LayoutOf(sample())
	at := map[string]PlacedNode{}
	for _, n := range l.Nodes {
		at[n.ID] = n
	}
	require.Len(t, at, 9)
	for _, e := range sample().Edges {
		if e.From == "b" && e.To == "a" {
			continue // the edge that closes the cycle
		}
		assert.Less(t, at[e.From].Layer, at[e.To].Layer, "%s -> %s", e.From, e.To)
		assert.Less(t, at[e.From].X+at[e.From].W, at[e.To].X, "%s -> %s: boxes overlap", e.From, e.To)
	}
	// No two boxes of a layer overlap.
	for _, a := range l.Nodes {
		for _, b := range l.Nodes {
			if a.ID != b.ID && a.Layer == b.Layer {
				assert.False(t, a.Y < b.Y+b.H && b.Y < a.Y+a.H, "%s and %s overlap", a.ID, b.ID)
			}
		}
	}
	assert.Len(t, l.Edges, 7)
	assert.Greater(t, l.Width, 0.0)
}

func TestBuiltinSVG(t *testing.T) {
	svg, renderer, err := SVG(context.Background(), sample())
	require.NoError(t, err)
	assert.Equal(t, RendererBuiltin, renderer)
	// Well-formed XML with one group per node and per edge.
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	nodes, edges := 0, 0
	pii := map[string]string{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
			attrs := map[string]string{}
			for _, a := range se.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch attrs["class"] {
			case "node":
				nodes++
				pii[attrs["id"]+attrs["data-id"]] = attrs["data-pii"]
			case "edge":
				edges++
			}
		}
	}
	assert.Equal(t, 9, nodes)
	assert.Equal(t, 7, edges)
	assert.Equal(t, PIIRaw, pii["export.email"])
	assert.Equal(t, PIIMasked, pii["report.hash"])
	assert.Contains(t, string(svg), ">AGGREGATION</text>")
}

func TestSVGEscapes(t *testing.T) {
	tr := lineage.Trace{Nodes: []lineage.TraceNode{{ID: `x"<&>`, Name: `<script>alert(1)</script>`}}}
	svg, _, err := SVG(context.Background(), tr)
	require.NoError(t, err)
	assert.NotContains(t, string(svg), "<script>")
	require.NoError(t, xml.Unmarshal(svg, new(struct{})))
}

func TestDOT(t *testing.T) {
	dot := DOT(sample())
	assert.Contains(t, dot, `"users.email" -> "keys.hash" [label="TRANSFORMATION", style=dashed];`)
	assert.Contains(t, dot, `"b" -> "a" [label="FILTER", style=dotted];`)
	assert.Contains(t, dot, `"export.email" [label="export.email", tooltip="export.email", fillcolor="#f8c4c4"];`)
	assert.Equal(t, `"a\"b\\c"`, quote(`a"b\c`))
}

func TestGraphvizSVG(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("Graphviz dot is not installed (Debian package graphviz); the built-in layout is tested without it")
	}
	svg, renderer, err := SVG(context.Background(), sample(), WithGraphviz("dot"))
	require.NoError(t, err)
	assert.Equal(t, RendererGraphviz, renderer)
	assert.Contains(t, string(svg), "<svg")
	assert.Equal(t, 9, strings.Count(string(svg), `class="node"`))
	assert.Equal(t, 7, strings.Count(string(svg), `class="edge"`))
}

func TestGraphvizMissingFallsBack(t *testing.T) {
	_, renderer, err := SVG(context.Background(), sample(), WithGraphviz("/nonexistent/dot"))
	require.NoError(t, err)
	assert.Equal(t, RendererBuiltin, renderer)
}
