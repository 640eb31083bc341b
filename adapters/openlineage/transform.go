package openlineage

import (
	"slices"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// subtypeOf returns the library's subtype of an OpenLineage name.
func subtypeOf(name string) (lineage.TransformSubtype, bool) {
	for s := lineage.Identity; s <= lineage.Conditional; s++ {
		if s.String() == name {
			return s, true
		}
	}
	return 0, false
}

// parseTransform reads a transformation: DIRECT or INDIRECT with a known
// subtype. A missing subtype is TRANSFORMATION for DIRECT and FILTER for
// INDIRECT, the broadest of each (producers that state no subtype know
// only the type).
func parseTransform(t Transformation) (lineage.Transform, bool) {
	var tr lineage.Transform
	switch strings.ToUpper(t.Type) {
	case transformDirect:
		tr.Type, tr.Subtype = lineage.Direct, lineage.Transformation
	case transformIndirect:
		tr.Type, tr.Subtype = lineage.Indirect, lineage.Filter
	default:
		return tr, false
	}
	if t.Subtype != "" {
		s, ok := subtypeOf(strings.ToUpper(t.Subtype))
		if !ok {
			return tr, false
		}
		tr.Subtype = s
	}
	tr.Masking = t.Masking
	return tr, true
}

// legacyTransform reads the facet's 1.0 transformationType of a field
// whose input fields state no transformations: IDENTITY, MASKED or
// unknown (a computed value). Dataset-level input fields are INDIRECT.
func legacyTransform(typ string, dataset bool) lineage.Transform {
	if dataset {
		return lineage.Transform{Type: lineage.Indirect, Subtype: lineage.Filter}
	}
	switch strings.ToUpper(typ) {
	case legacyIdentity:
		return lineage.Transform{Type: lineage.Direct, Subtype: lineage.Identity}
	case legacyMasked:
		return lineage.Transform{Type: lineage.Direct, Subtype: lineage.Transformation, Masking: true}
	}
	return lineage.Transform{Type: lineage.Direct, Subtype: lineage.Transformation}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
