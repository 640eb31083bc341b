package graphstore

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// This file holds the pure-Go rules both backends share: validation and
// normalisation of writes and options, filter evaluation, and the orderings
// of results. A backend that uses them answers exactly like the other.

// DefaultPathDepth and DefaultMaxPaths are the PathOptions defaults.
const (
	DefaultPathDepth = 10
	DefaultMaxPaths  = 100
)

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// NormalizeValue returns the stored form of a property value: strings,
// int64, float64 and bool as they are; other integer types as int64;
// float32 as float64; []string (or a []any holding only strings) as a new
// []string. Anything else, including nil, an unsigned value above
// math.MaxInt64 and a NaN, is an error wrapping ErrInvalid.
func NormalizeValue(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return x, nil
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		if uint64(x) > math.MaxInt64 {
			return nil, invalidf("integer %d overflows int64", x)
		}
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return nil, invalidf("integer %d overflows int64", x)
		}
		return int64(x), nil
	case float64:
		if math.IsNaN(x) {
			return nil, invalidf("NaN property value")
		}
		return x, nil
	case float32:
		if math.IsNaN(float64(x)) {
			return nil, invalidf("NaN property value")
		}
		return float64(x), nil
	case []string:
		return slices.Clone(x), nil
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, invalidf("list element %d is %T, want string", i, e)
			}
			out[i] = s
		}
		return out, nil
	case nil:
		return nil, invalidf("nil property value")
	}
	return nil, invalidf("unsupported property value type %T", v)
}

// normalizeProps validates keys and normalises values. A nil value is kept
// as nil when keepNil is set (it deletes the key on write).
func normalizeProps(props map[string]any, keepNil bool) (map[string]any, error) {
	if len(props) == 0 {
		return nil, nil
	}
	out := make(map[string]any, len(props))
	for k, v := range props {
		if !ValidName(k) {
			return nil, invalidf("property key %q", k)
		}
		if v == nil && keepNil {
			out[k] = nil
			continue
		}
		nv, err := NormalizeValue(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", k, err)
		}
		out[k] = nv
	}
	return out, nil
}

// NormalizeTags returns tags sorted without duplicates, or nil when there
// are none. An empty tag is an error wrapping ErrInvalid.
func NormalizeTags(tags []string) ([]string, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	out := slices.Clone(tags)
	for _, t := range out {
		if t == "" || !utf8.ValidString(t) {
			return nil, invalidf("tag %q", t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func validID(id string) bool { return id != "" && utf8.ValidString(id) }

// NormalizeBatch validates a batch and returns a normalised deep copy:
// names checked with ValidName, ids non-empty UTF-8, tags sorted and
// deduplicated, property values normalised (nil values kept: they delete),
// edge counts of 0 set to 1, a lone FirstSeen or LastSeen copied to the
// other, and times in UTC. Errors wrap ErrInvalid and name the offending
// node or edge by its index in the batch. It does not check that edge
// endpoints exist: that needs the store.
func NormalizeBatch(b Batch) (Batch, error) {
	if err := ValidateBatch(b); err != nil {
		return Batch{}, err
	}
	out := Batch{Key: b.Key}
	if len(b.Nodes) > 0 {
		out.Nodes = make([]Node, len(b.Nodes))
	}
	for i, n := range b.Nodes {
		out.Nodes[i], _ = NormalizeNode(n)
	}
	if len(b.Edges) > 0 {
		out.Edges = make([]Edge, len(b.Edges))
	}
	for i, e := range b.Edges {
		out.Edges[i], _ = NormalizeEdge(e)
	}
	return out, nil
}

// ValidateBatch reports the error NormalizeBatch would, without building
// the copy: a store that normalises a large batch item by item as it
// applies it (NormalizeNode, NormalizeEdge) checks the whole batch first,
// so that nothing is applied when an item is malformed, and never holds a
// second copy of the batch.
func ValidateBatch(b Batch) error {
	for i, n := range b.Nodes {
		if err := checkNode(n); err != nil {
			if !validID(n.ID) {
				return fmt.Errorf("graphstore: node %d: %w", i, err)
			}
			return fmt.Errorf("graphstore: node %d %q: %w", i, n.ID, err)
		}
	}
	for i, e := range b.Edges {
		if err := checkEdge(e); err != nil {
			return fmt.Errorf("graphstore: edge %d %q->%q %s: %w", i, e.From, e.To, e.Kind, err)
		}
	}
	return nil
}

// NormalizeNode validates one node and returns its normalised deep copy
// (see NormalizeBatch).
func NormalizeNode(n Node) (Node, error) {
	if err := checkNode(n); err != nil {
		return Node{}, err
	}
	tags, _ := NormalizeTags(n.Tags)
	props, _ := normalizeProps(n.Props, true)
	return Node{ID: n.ID, Kind: n.Kind, Tags: tags, Props: props}, nil
}

// NormalizeEdge validates one edge and returns its normalised deep copy
// (see NormalizeBatch).
func NormalizeEdge(e Edge) (Edge, error) {
	if err := checkEdge(e); err != nil {
		return Edge{}, err
	}
	props, _ := normalizeProps(e.Props, true)
	first, last := edgeTimes(e)
	count := e.Count
	if count == 0 {
		count = 1
	}
	return Edge{From: e.From, To: e.To, Kind: e.Kind, Props: props,
		FirstSeen: utc(first), LastSeen: utc(last), Count: count}, nil
}

func checkNode(n Node) error {
	if !validID(n.ID) {
		return invalidf("id %q", n.ID)
	}
	if !ValidName(n.Kind) {
		return invalidf("kind %q", n.Kind)
	}
	for _, t := range n.Tags {
		if t == "" || !utf8.ValidString(t) {
			return invalidf("tag %q", t)
		}
	}
	return checkProps(n.Props)
}

func checkEdge(e Edge) error {
	if !validID(e.From) || !validID(e.To) {
		return invalidf("empty or non-UTF-8 endpoint id")
	}
	if !ValidName(e.Kind) {
		return invalidf("kind %q", e.Kind)
	}
	if e.Count < 0 {
		return invalidf("negative count %d", e.Count)
	}
	if err := checkProps(e.Props); err != nil {
		return err
	}
	if first, last := edgeTimes(e); first.After(last) {
		return invalidf("FirstSeen %s after LastSeen %s", first, last)
	}
	return nil
}

// edgeTimes returns an edge's observation bounds, a lone one standing for
// both.
func edgeTimes(e Edge) (first, last time.Time) {
	first, last = e.FirstSeen, e.LastSeen
	switch {
	case first.IsZero() && !last.IsZero():
		first = last
	case last.IsZero() && !first.IsZero():
		last = first
	}
	return first, last
}

// checkProps reports the error normalizeProps(props, true) would, without
// copying anything.
func checkProps(props map[string]any) error {
	for k, v := range props {
		if !ValidName(k) {
			return invalidf("property key %q", k)
		}
		if v == nil {
			continue
		}
		if err := checkValue(v); err != nil {
			return fmt.Errorf("property %q: %w", k, err)
		}
	}
	return nil
}

// checkValue reports the error NormalizeValue would, without its copy of
// a list.
func checkValue(v any) error {
	switch x := v.(type) {
	case []string:
		return nil
	case []any:
		for i, e := range x {
			if _, ok := e.(string); !ok {
				return invalidf("list element %d is %T, want string", i, e)
			}
		}
		return nil
	}
	_, err := NormalizeValue(v)
	return err
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// MergeProps applies a normalised update to stored properties and returns
// the result (nil when empty): keys of update overwrite, nil values delete.
// stored is modified in place when non-nil.
func MergeProps(stored, update map[string]any) map[string]any {
	for k, v := range update {
		if v == nil {
			delete(stored, k)
			continue
		}
		if stored == nil {
			stored = make(map[string]any, len(update))
		}
		stored[k] = v
	}
	if len(stored) == 0 {
		return nil
	}
	return stored
}

// MergeTags returns the sorted union of two sorted, deduplicated tag lists
// (nil when empty).
func MergeTags(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	out = slices.Compact(out)
	return out
}

// OlderObservation reports whether a write observed at last (its LastSeen)
// is older than an edge last seen at stored, and so may not change the
// edge's properties: last is before stored, or zero while stored is not.
// Equal times are not older: of two writes at one time the later applied
// wins.
func OlderObservation(last, stored time.Time) bool {
	if last.IsZero() {
		return !stored.IsZero()
	}
	return last.Before(stored)
}

// MergeEdge folds a normalised write w into the stored edge s: properties
// merge unless w is an older observation (OlderObservation), FirstSeen
// keeps the earliest and LastSeen the latest non-zero time, and counts add.
// s.Props is modified in place.
func MergeEdge(s, w Edge) Edge {
	if !OlderObservation(w.LastSeen, s.LastSeen) {
		s.Props = MergeProps(s.Props, w.Props)
	}
	if !w.FirstSeen.IsZero() && (s.FirstSeen.IsZero() || w.FirstSeen.Before(s.FirstSeen)) {
		s.FirstSeen = w.FirstSeen
	}
	if w.LastSeen.After(s.LastSeen) {
		s.LastSeen = w.LastSeen
	}
	s.Count += w.Count
	return s
}

func normalizeFilters(fs []Filter) ([]Filter, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	out := make([]Filter, len(fs))
	for i, f := range fs {
		if !ValidName(f.Key) {
			return nil, invalidf("filter %d: key %q", i, f.Key)
		}
		if f.Op != Eq && f.Op != Ne {
			return nil, invalidf("filter %d: unknown op %d", i, int(f.Op))
		}
		v, err := NormalizeValue(f.Value)
		if err != nil {
			return nil, fmt.Errorf("filter %d on %q: %w", i, f.Key, err)
		}
		out[i] = Filter{Key: f.Key, Op: f.Op, Value: v}
	}
	return out, nil
}

func checkKinds(kinds []string) error {
	for _, k := range kinds {
		if !ValidName(k) {
			return invalidf("edge kind %q", k)
		}
	}
	return nil
}

// Normalize validates traversal options and returns them with defaults
// applied (MaxDepth 0 becomes 1) and filter values normalised. Errors wrap
// ErrInvalid.
func (o TraverseOptions) Normalize() (TraverseOptions, error) {
	if o.Direction != Downstream && o.Direction != Upstream && o.Direction != Both {
		return o, fmt.Errorf("graphstore: traverse: %w", invalidf("direction %d", int(o.Direction)))
	}
	if o.MaxDepth < 0 || o.MaxNodes < 0 {
		return o, fmt.Errorf("graphstore: traverse: %w", invalidf("negative MaxDepth or MaxNodes"))
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = 1
	}
	if err := checkKinds(o.EdgeKinds); err != nil {
		return o, fmt.Errorf("graphstore: traverse: %w", err)
	}
	var err error
	if o.EdgeFilters, err = normalizeFilters(o.EdgeFilters); err != nil {
		return o, fmt.Errorf("graphstore: traverse: edge %w", err)
	}
	if o.NodeFilters, err = normalizeFilters(o.NodeFilters); err != nil {
		return o, fmt.Errorf("graphstore: traverse: node %w", err)
	}
	return o, nil
}

// Normalize validates path options and returns them with defaults applied
// (DefaultPathDepth, DefaultMaxPaths). Errors wrap ErrInvalid.
func (o PathOptions) Normalize() (PathOptions, error) {
	if o.MaxDepth < 0 || o.MaxPaths < 0 {
		return o, fmt.Errorf("graphstore: paths: %w", invalidf("negative MaxDepth or MaxPaths"))
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = DefaultPathDepth
	}
	if o.MaxPaths == 0 {
		o.MaxPaths = DefaultMaxPaths
	}
	if err := checkKinds(o.EdgeKinds); err != nil {
		return o, fmt.Errorf("graphstore: paths: %w", err)
	}
	var err error
	if o.EdgeFilters, err = normalizeFilters(o.EdgeFilters); err != nil {
		return o, fmt.Errorf("graphstore: paths: edge %w", err)
	}
	return o, nil
}

// Normalize validates a query and returns it with property values
// normalised. Errors wrap ErrInvalid.
func (q Query) Normalize() (Query, error) {
	if q.Kind != "" && !ValidName(q.Kind) {
		return q, fmt.Errorf("graphstore: find: %w", invalidf("kind %q", q.Kind))
	}
	if q.Limit < 0 {
		return q, fmt.Errorf("graphstore: find: %w", invalidf("negative limit"))
	}
	props, err := normalizeProps(q.Props, false)
	if err != nil {
		return q, fmt.Errorf("graphstore: find: %w", err)
	}
	q.Props = props
	return q, nil
}

// ValuesEqual compares two normalised property values the way Cypher does:
// numbers by numeric value (int64 1 equals float64 1.0), lists element by
// element, everything else by type and value.
func ValuesEqual(a, b any) bool {
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return x == y
		case float64:
			return float64(x) == y
		}
		return false
	case float64:
		switch y := b.(type) {
		case int64:
			return x == float64(y)
		case float64:
			return x == y
		}
		return false
	case []string:
		y, ok := b.([]string)
		return ok && slices.Equal(x, y)
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	return false
}

// Match reports whether a normalised filter holds for stored properties:
// Eq needs the key present and equal (ValuesEqual); Ne holds when the key
// is absent or differs.
func (f Filter) Match(props map[string]any) bool {
	v, ok := props[f.Key]
	eq := ok && ValuesEqual(v, f.Value)
	if f.Op == Ne {
		return !eq
	}
	return eq
}

// MatchAll reports whether every filter holds.
func MatchAll(props map[string]any, filters []Filter) bool {
	for _, f := range filters {
		if !f.Match(props) {
			return false
		}
	}
	return true
}

// CompareEdges orders edges by (From, To, Kind), the order of
// Subgraph.Edges.
func CompareEdges(a, b Edge) int {
	return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To), strings.Compare(a.Kind, b.Kind))
}

// CompareNodesAt orders traversal nodes by (Depth, ID), the order of
// Subgraph.Nodes.
func CompareNodesAt(a, b NodeAt) int {
	return cmp.Or(cmp.Compare(a.Depth, b.Depth), strings.Compare(a.ID, b.ID))
}

// ComparePaths orders paths as Paths returns them: fewer edges first, then
// by the sequence of node ids, then by the sequence of edge kinds.
func ComparePaths(a, b []Edge) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	for i := range a {
		if c := strings.Compare(a[i].To, b[i].To); c != 0 {
			return c
		}
	}
	for i := range a {
		if c := strings.Compare(a[i].Kind, b[i].Kind); c != 0 {
			return c
		}
	}
	return 0
}
