package neo4j

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/colineage/colineage/graphstore"
)

// Labels, property names and their prefixes. A graphstore.ValidName starts
// with a letter, so it never equals batchLabel, and user properties live
// under propPrefix.
const (
	nodeLabel  = "Node"
	batchLabel = "GraphstoreBatch"
	propPrefix = "p_"
)

// propKey is the stored name of user property k.
func propKey(k string) string { return propPrefix + k }

// storedProps renders normalised user properties for SET +=: keys
// prefixed, nil values kept (they remove the key).
func storedProps(props map[string]any) map[string]any {
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[propKey(k)] = v
	}
	return out
}

// userProps extracts the user properties from a stored property map; nil
// when there are none.
func userProps(stored map[string]any) (map[string]any, error) {
	var out map[string]any
	for k, v := range stored {
		key, ok := strings.CutPrefix(k, propPrefix)
		if !ok {
			continue
		}
		val, err := userValue(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", key, err)
		}
		if out == nil {
			out = make(map[string]any, len(stored))
		}
		out[key] = val
	}
	return out, nil
}

// userValue maps a value read from Neo4j back to the graphstore form. A
// list comes back from the driver as []any (also when empty).
func userValue(v any) (any, error) {
	switch x := v.(type) {
	case string, int64, float64, bool:
		return x, nil
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("list element %d is %T, not a string", i, e)
			}
			out[i] = s
		}
		return out, nil
	case []string:
		return slices.Clone(x), nil
	}
	return nil, fmt.Errorf("unsupported stored value of type %T", v)
}

// timeParam renders an edge time as a parameter: nil for the zero time,
// else the time in UTC (a Neo4j datetime).
func timeParam(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// timeValue reads a stored datetime back in UTC; absent is the zero time.
func timeValue(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x.UTC(), nil
	case dbtype.LocalDateTime:
		return time.Time(x).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("unexpected time value of type %T", v)
}

// tagsValue reads stored tags: sorted, without duplicates, nil when none.
func tagsValue(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("unexpected tags value of type %T", v)
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("unexpected tag of type %T", e)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, nil
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// nodeFrom decodes the [id, kind, tags, properties] a query returns for a
// node.
func nodeFrom(vals []any) (graphstore.Node, error) {
	if len(vals) < 4 {
		return graphstore.Node{}, fmt.Errorf("node record has %d values", len(vals))
	}
	id, _ := vals[0].(string)
	kind, _ := vals[1].(string)
	tags, err := tagsValue(vals[2])
	if err != nil {
		return graphstore.Node{}, fmt.Errorf("node %q: %w", id, err)
	}
	stored, _ := vals[3].(map[string]any)
	props, err := userProps(stored)
	if err != nil {
		return graphstore.Node{}, fmt.Errorf("node %q: %w", id, err)
	}
	return graphstore.Node{ID: id, Kind: kind, Tags: tags, Props: props}, nil
}

// edgeProjection is the Cypher list an edge is returned as, for a
// relationship r from a to b.
const edgeProjection = "[a.id, b.id, type(r), properties(r)]"

// edgeFrom decodes an edgeProjection.
func edgeFrom(v any) (graphstore.Edge, error) {
	vals, ok := v.([]any)
	if !ok || len(vals) < 4 {
		return graphstore.Edge{}, fmt.Errorf("unexpected edge value %T", v)
	}
	e := graphstore.Edge{}
	e.From, _ = vals[0].(string)
	e.To, _ = vals[1].(string)
	e.Kind, _ = vals[2].(string)
	stored, _ := vals[3].(map[string]any)
	where := func(err error) error { return fmt.Errorf("edge %q->%q %s: %w", e.From, e.To, e.Kind, err) }
	var err error
	if e.Props, err = userProps(stored); err != nil {
		return e, where(err)
	}
	if e.FirstSeen, err = timeValue(stored["firstSeen"]); err != nil {
		return e, where(err)
	}
	if e.LastSeen, err = timeValue(stored["lastSeen"]); err != nil {
		return e, where(err)
	}
	e.Count, _ = stored["count"].(int64)
	return e, nil
}

// filterExpr renders filters on variable v as Cypher, every value and key
// a parameter named with prefix; the empty string when there are none.
func filterExpr(v, prefix string, fs []graphstore.Filter, params map[string]any) string {
	if len(fs) == 0 {
		return ""
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		k, val := fmt.Sprintf("%sk%d", prefix, i), fmt.Sprintf("%sv%d", prefix, i)
		params[k], params[val] = propKey(f.Key), f.Value
		eq := fmt.Sprintf("coalesce(%s[$%s] = $%s, false)", v, k, val)
		if f.Op == graphstore.Ne {
			eq = "NOT " + eq
		}
		parts[i] = eq
	}
	return strings.Join(parts, " AND ")
}

// relTypes renders edge kinds as a relationship type expression (":A|B"),
// or "" for every type. The kinds are graphstore.ValidName (checked by the
// options' Normalize), so they are safe in query text.
func relTypes(kinds []string) string {
	if len(kinds) == 0 {
		return ""
	}
	return ":" + strings.Join(kinds, "|")
}
