package memory

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/colineage/colineage/graphstore"
)

// propsTable shares equal small property maps between nodes and edges: a
// lineage graph repeats a few of them on most of its edges (an edge's
// subtype, a read's day). Stored maps are never changed in place: a merge
// that changes something makes a new map, so sharing is safe.
type propsTable struct {
	shared map[string]map[string]any
}

// maxSharedKey bounds the encoded size of a map worth sharing: larger maps
// (a column's dataset and name) are mostly unique.
const maxSharedKey = 64

// merge returns stored with update applied (nil values delete keys),
// without changing stored. update holds valid values (see
// graphstore.ValidateBatch), not necessarily normalised ones.
func (t *propsTable) merge(stored, update map[string]any) map[string]any {
	if unchanged(stored, update) {
		return stored
	}
	out := make(map[string]any, len(stored)+len(update))
	for k, v := range stored {
		out[k] = v
	}
	for k, v := range update {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = normal(v)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return t.share(out)
}

// unchanged reports whether applying update to stored changes nothing.
func unchanged(stored, update map[string]any) bool {
	for k, v := range update {
		sv, ok := stored[k]
		if v == nil {
			if ok {
				return false
			}
			continue
		}
		if !ok || !sameValue(sv, normal(v)) {
			return false
		}
	}
	return true
}

// normal returns the stored form of a valid property value: normalised
// values are returned as they are (no new interface value), lists are
// copied, other numbers converted.
func normal(v any) any {
	switch v.(type) {
	case string, bool, int64, float64:
		return v
	}
	nv, _ := graphstore.NormalizeValue(v)
	return nv
}

// sameValue compares two normalised property values exactly (type too).
func sameValue(a, b any) bool {
	if la, ok := a.([]string); ok {
		lb, ok := b.([]string)
		return ok && slices.Equal(la, lb)
	}
	if _, ok := b.([]string); ok {
		return false
	}
	return a == b
}

// share returns the table's copy of m when m is small enough to be worth
// sharing, else m.
func (t *propsTable) share(m map[string]any) map[string]any {
	key, ok := sharedKey(m)
	if !ok {
		return m
	}
	if t.shared == nil {
		t.shared = map[string]map[string]any{}
	}
	if s, ok := t.shared[key]; ok {
		return s
	}
	t.shared[key] = m
	return m
}

// sharedKey encodes a map of scalar values canonically, or reports that it
// is not worth sharing.
func sharedKey(m map[string]any) (string, bool) {
	if len(m) > 4 {
		return "", false
	}
	// Most maps too long to share (a column's dataset id and name) are
	// told by their strings alone, before a key is built.
	n := 0
	for k, v := range m {
		n += len(k) + 3
		if s, ok := v.(string); ok {
			n += len(s)
		}
	}
	if n > maxSharedKey {
		return "", false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		switch v := m[k].(type) {
		case string:
			b.WriteByte('s')
			b.WriteString(v)
		case bool:
			b.WriteByte('b')
			b.WriteString(strconv.FormatBool(v))
		case int64:
			b.WriteByte('i')
			b.WriteString(strconv.FormatInt(v, 10))
		case float64:
			b.WriteByte('f')
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		default:
			return "", false
		}
		b.WriteByte(0)
		if b.Len() > maxSharedKey {
			return "", false
		}
	}
	return b.String(), true
}
