package lineagecheck

import (
	"strings"
)

// Reported is the lineage another tool (a peer: sqlglot, SQLLineage,
// DataHub, OpenLineage) states for a case, in the corpus's own terms:
// dotted table names as the tool qualifies them, and per output column
// its dotted target (`table.column`, or the column alone for a bare
// SELECT) with the dotted source columns.
type Reported struct {
	TargetTables []string  `json:"target_tables"`
	SourceTables []string  `json:"source_tables"`
	Columns      []Lineage `json:"columns"`
}

// Score compares what a peer reported for c with what c expects, by the
// rule Run applies to colineage (FORMAT.md: same name matching, same
// treatment of unlisted targets without sources).
func Score(c Case, rep Reported) Result {
	r := Result{ID: c.ID, File: c.File, Dialect: c.Dialect, TableLevel: c.TableLevel(), Supported: true, RanAs: c.Dialect}
	r.Targets = cleanTables(rep.TargetTables)
	r.Sources = cleanTables(rep.SourceTables)
	g := &gotLineage{byID: map[string]*target{}}
	for _, l := range rep.Columns {
		id := strings.ToLower(trimDefault(l.Target))
		t := g.byID[id]
		if t == nil {
			names := dottedNames(id)
			t = &target{names: names, display: id, sources: map[string]srcRef{}}
			g.byID[id] = t
			g.order = append(g.order, t)
		}
		for _, s := range l.Sources {
			sid := strings.ToLower(trimDefault(s))
			t.sources[sid] = srcRef{names: dottedNames(sid), display: sid}
		}
	}
	r.Got = map[string][]string{}
	for _, t := range g.order {
		r.Got[t.display] = t.sourceNames()
	}
	if c.Coverage() {
		// A case that asserts no lineage (the real-world statements)
		// passes for a peer that answered without an error, as it does
		// for colineage when the statement parses and analyses.
		r.Pass = true
		return r
	}
	if c.TableLevel() {
		compareTables(c, &r)
	} else {
		compareColumns(c, g, &r)
	}
	return r
}

// dottedNames lists the names a dotted column may be written as: every
// suffix that keeps its table (or the column alone when it has none), as
// columnNames does for colineage's columns.
func dottedNames(id string) []string {
	parts := strings.Split(id, ".")
	if len(parts) == 1 {
		return parts
	}
	var out []string
	for i := len(parts) - 2; i >= 0; i-- {
		out = append(out, strings.Join(parts[i:], "."))
	}
	return out
}

// trimDefault drops SQLLineage's `<default>.` schema placeholder.
func trimDefault(s string) string {
	return strings.TrimPrefix(strings.TrimSpace(s), "<default>.")
}

func cleanTables(ts []string) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, trimDefault(t))
	}
	return out
}
