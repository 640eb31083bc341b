package picture

import (
	"fmt"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// Fill colours of nodes by PII state, shared by DOT and the built-in SVG.
var fills = map[string]string{PIIRaw: "#f8c4c4", PIIMasked: "#c8ebc8", PIINone: "#e8eef7"}

const startFill = "#fff1b8"

// edgeStyle is the DOT style of an edge kind.
func edgeStyle(kind string) string {
	switch kind {
	case lineage.EdgeMasked:
		return "dashed"
	case lineage.EdgeIndirect:
		return "dotted"
	}
	return "solid"
}

// DOT renders a trace in the Graphviz DOT language, left to right, with
// transform labels on the edges and nodes coloured by PII state (see
// PII); the start nodes have a bold border.
func DOT(tr lineage.Trace, opts ...Option) string {
	pii := PII(tr, opts...)
	start := map[string]bool{}
	for _, id := range tr.Start {
		start[id] = true
	}
	var b strings.Builder
	b.WriteString("digraph lineage {\n\trankdir=LR;\n\tnode [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range sortedNodes(tr) {
		fill := fills[pii[n.ID]]
		extra := ""
		if start[n.ID] {
			extra = ", penwidth=2.5"
			if pii[n.ID] == PIINone {
				fill = startFill
			}
		}
		fmt.Fprintf(&b, "\t%s [label=%s, tooltip=%s, fillcolor=%s%s];\n", quote(n.ID), quote(label(n)), quote(n.ID), quote(fill), extra)
	}
	for _, e := range tr.Edges {
		fmt.Fprintf(&b, "\t%s -> %s [label=%s, style=%s];\n", quote(e.From), quote(e.To), quote(edgeLabel(e)), edgeStyle(e.Kind))
	}
	b.WriteString("}\n")
	return b.String()
}

// quote makes a DOT string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
