// Package picture draws the subgraph of a lineage trace: as Graphviz DOT,
// and as SVG, laid out by Graphviz's dot program where it is installed and
// otherwise by a layered layout computed here, so that SVG works without
// Graphviz.
//
//	tr, _ := eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream})
//	dot := picture.DOT(tr)
//	svg, layout, err := picture.SVG(ctx, tr, picture.WithGraphviz("dot"))
//
// Nodes are coloured by what they hold of personal data: a column tagged
// PII, or reached from one through DIRECT edges only, holds it raw (red);
// one reached only through a MASKED edge holds it masked (green). Edges
// carry their transform subtype as a label; MASKED edges are dashed and
// INDIRECT edges dotted.
package picture

import (
	"sort"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// PII states of a node.
const (
	PIINone   = ""       // no personal data reaches the node
	PIIRaw    = "raw"    // the raw value of a PII column reaches it
	PIIMasked = "masked" // only a masked (hashed) value reaches it
)

// Option configures a picture.
type Option func(*config)

type config struct {
	piiTag   string
	graphviz string
}

// WithPIITag names the tag that marks personal-data columns (default
// "pii", as the dbt adapter tags them; "pii:<class>", as lineage/compliance
// tags them, counts too).
func WithPIITag(tag string) Option {
	return func(c *config) { c.piiTag = tag }
}

// WithGraphviz names the Graphviz dot program SVG runs (a path or a
// name looked up in PATH). Without it, or when it cannot run, SVG
// uses the built-in layout.
func WithGraphviz(path string) Option {
	return func(c *config) { c.graphviz = path }
}

func configOf(opts []Option) config {
	c := config{piiTag: "pii"}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// PII says, for every node of a trace, whether personal data reaches it
// raw or masked (PIIRaw, PIIMasked), following DIRECT and MASKED edges
// from the columns tagged with the PII tag. Nodes no personal data reaches
// are absent.
func PII(tr lineage.Trace, opts ...Option) map[string]string {
	c := configOf(opts)
	out := map[string]string{}
	var queue []string
	for _, n := range tr.Nodes {
		for _, t := range n.Tags {
			if strings.EqualFold(t, c.piiTag) || hasPrefixFold(t, c.piiTag+":") {
				out[n.ID] = PIIRaw
				queue = append(queue, n.ID)
				break
			}
		}
	}
	next := map[string][]lineage.TraceEdge{}
	for _, e := range tr.Edges {
		if e.Kind == lineage.EdgeDirect || e.Kind == lineage.EdgeMasked {
			next[e.From] = append(next[e.From], e)
		}
	}
	// States only rise (none, masked, raw), and a node is queued again
	// when its state rises, so the walk ends.
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, e := range next[id] {
			state := out[id]
			if e.Kind == lineage.EdgeMasked {
				state = PIIMasked
			}
			if rank(state) > rank(out[e.To]) {
				out[e.To] = state
				queue = append(queue, e.To)
			}
		}
	}
	return out
}

func rank(state string) int {
	switch state {
	case PIIRaw:
		return 2
	case PIIMasked:
		return 1
	}
	return 0
}

// label is a node's text: its readable name.
func label(n lineage.TraceNode) string {
	if n.Name != "" {
		return n.Name
	}
	return n.ID
}

// edgeLabel is an edge's text: its subtype, or its kind.
func edgeLabel(e lineage.TraceEdge) string {
	if e.Subtype != "" {
		return e.Subtype
	}
	return e.Kind
}

// sortedNodes returns the trace's nodes by (Depth, ID), as stores return
// them, so pictures are stable.
func sortedNodes(tr lineage.Trace) []lineage.TraceNode {
	ns := append([]lineage.TraceNode(nil), tr.Nodes...)
	sort.SliceStable(ns, func(i, j int) bool {
		if ns[i].Depth != ns[j].Depth {
			return ns[i].Depth < ns[j].Depth
		}
		return ns[i].ID < ns[j].ID
	})
	return ns
}

// hasPrefixFold reports whether s begins with prefix, ignoring case: a
// tag "pii:email" (a class of personal data, as lineage/compliance tags)
// counts as the PII tag.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
