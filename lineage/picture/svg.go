package picture

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// Renderers SVG reports.
const (
	RendererGraphviz = "graphviz"
	RendererBuiltin  = "builtin"
)

// SVG renders a trace as SVG: through Graphviz when WithGraphviz names a
// dot program that runs, else with LayoutOf and WriteLayoutSVG. It returns
// the SVG and the renderer used (RendererGraphviz or RendererBuiltin).
// ctx bounds the Graphviz run.
func SVG(ctx context.Context, tr lineage.Trace, opts ...Option) ([]byte, string, error) {
	c := configOf(opts)
	if c.graphviz != "" {
		if path, err := exec.LookPath(c.graphviz); err == nil {
			out, err := Graphviz(ctx, path, DOT(tr, opts...))
			if err == nil {
				return out, RendererGraphviz, nil
			}
			if ctx.Err() != nil {
				return nil, "", ctx.Err()
			}
		}
	}
	var b bytes.Buffer
	if err := WriteLayoutSVG(&b, LayoutOf(tr, opts...)); err != nil {
		return nil, "", err
	}
	return b.Bytes(), RendererBuiltin, nil
}

// Graphviz runs the dot program at path on a DOT text and returns its SVG.
func Graphviz(ctx context.Context, path, dot string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("picture: %s -Tsvg: %w: %s", path, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// edgeColours are the stroke colours of edge kinds.
var edgeColours = map[string]string{
	lineage.EdgeDirect: "#34495e", lineage.EdgeMasked: "#2e8b57", lineage.EdgeIndirect: "#95a5a6", lineage.EdgeFlowsTo: "#34495e",
}

var dashes = map[string]string{lineage.EdgeMasked: "6 4", lineage.EdgeIndirect: "2 3"}

// WriteLayoutSVG writes a Layout as a standalone SVG document. Each node is
// a <g class="node"> with data-id, data-pii ("raw", "masked" or "") and a
// <title> holding its id; each edge a <g class="edge"> with data-from,
// data-to and data-kind, and its label in a <text>.
func WriteLayoutSVG(w io.Writer, l Layout) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="lineage" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif">`+"\n",
		l.Width, l.Height, l.Width, l.Height)
	b.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#34495e"/></marker></defs>` + "\n")
	for _, e := range l.Edges {
		dx := (e.X2 - e.X1) / 2
		if dx < 0 {
			dx = -dx
		}
		colour := edgeColours[e.Kind]
		if colour == "" {
			colour = "#34495e"
		}
		fmt.Fprintf(&b, `<g class="edge" data-from="%s" data-to="%s" data-kind="%s">`, esc(e.From), esc(e.To), esc(e.Kind))
		fmt.Fprintf(&b, `<path d="M %.1f %.1f C %.1f %.1f, %.1f %.1f, %.1f %.1f" fill="none" stroke="%s" stroke-width="1.4"`,
			e.X1, e.Y1, e.X1+dx, e.Y1, e.X2-dx, e.Y2, e.X2, e.Y2, colour)
		if d := dashes[e.Kind]; d != "" {
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, d)
		}
		b.WriteString(` marker-end="url(#arrow)"/>`)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="9" text-anchor="middle" fill="#555">%s</text></g>`+"\n",
			(e.X1+e.X2)/2, (e.Y1+e.Y2)/2-4, esc(edgeLabel(e.TraceEdge)))
	}
	for _, n := range l.Nodes {
		fill := fills[n.PII]
		stroke, width := "#7f8c8d", 1.0
		if n.Start {
			stroke, width = "#2c3e50", 2.5
			if n.PII == PIINone {
				fill = startFill
			}
		}
		fmt.Fprintf(&b, `<g class="node" data-id="%s" data-pii="%s" data-depth="%d"><title>%s</title>`, esc(n.ID), n.PII, n.Depth, esc(n.ID))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="6" fill="%s" stroke="%s" stroke-width="%.1f"/>`,
			n.X, n.Y, n.W, n.H, fill, stroke, width)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="middle" dominant-baseline="central">%s</text></g>`+"\n",
			n.X+n.W/2, n.Y+n.H/2, esc(label(n.TraceNode)))
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
