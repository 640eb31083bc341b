package lineage

import (
	"github.com/colineage/colineage/sqlparse"
)

// DatasetKind says what a Dataset is.
type DatasetKind uint8

// Dataset kinds.
const (
	KindTable       DatasetKind = iota // a persistent table (the default)
	KindView                           // a view
	KindTemporary                      // a session's temporary table
	KindLocation                       // an external location (s3://..., gs://..., a stage)
	KindQueryResult                    // the rows a bare SELECT returns
	KindDashboard                      // a dashboard or report (dbt exposure)
)

var datasetKindNames = [...]string{
	KindTable: "table", KindView: "view", KindTemporary: "temporary",
	KindLocation: "location", KindQueryResult: "query_result", KindDashboard: "dashboard",
}

// String names the kind ("table", "view", ...).
func (k DatasetKind) String() string {
	if int(k) < len(datasetKindNames) {
		return datasetKindNames[k]
	}
	return "unknown"
}

// Dataset is a table, view, temporary table, external location, query result
// or dashboard. Its identity is ID(): Kind describes the dataset but is not
// part of its identity (a table later replaced by a view is the same node).
//
// Names are stored folded by the platform's rules (see Platform.Dataset), so
// two spellings of one table give equal Datasets. Two-level platforms
// (MySQL, Hive/Spark) keep their database in Schema and leave Database empty.
// For KindLocation, Name holds the location's URI and the other name fields
// are empty.
type Dataset struct {
	Platform Platform
	Database string
	Schema   string
	Name     string
	Kind     DatasetKind
}

// Column is a column of a dataset. Name is folded by the platform's rules.
type Column struct {
	Dataset Dataset
	Name    string
}

// TransformType is OpenLineage's transformation type: DIRECT when the
// target's value is computed from the source's value, INDIRECT when the
// source only influences which rows or how they are arranged.
type TransformType uint8

// Transformation types.
const (
	Direct TransformType = iota
	Indirect
)

// String returns "DIRECT" or "INDIRECT".
func (t TransformType) String() string {
	if t == Indirect {
		return "INDIRECT"
	}
	return "DIRECT"
}

// TransformSubtype is OpenLineage's transformation subtype.
type TransformSubtype uint8

// Subtypes. Identity, Transformation and Aggregation go with Direct; the
// others go with Indirect.
const (
	Identity       TransformSubtype = iota // the value is copied unchanged
	Transformation                         // the value is computed (a function, an expression, a cast)
	Aggregation                            // the value is aggregated (SUM, COUNT, ...)
	Join                                   // a join condition
	GroupBy                                // a GROUP BY key
	Filter                                 // a WHERE / HAVING / QUALIFY condition
	Sort                                   // an ORDER BY key
	Window                                 // a window's PARTITION BY / ORDER BY
	Conditional                            // a CASE / IF condition
)

var subtypeNames = [...]string{
	Identity: "IDENTITY", Transformation: "TRANSFORMATION", Aggregation: "AGGREGATION",
	Join: "JOIN", GroupBy: "GROUP_BY", Filter: "FILTER", Sort: "SORT", Window: "WINDOW",
	Conditional: "CONDITIONAL",
}

// String returns OpenLineage's name of the subtype ("GROUP_BY", ...).
func (s TransformSubtype) String() string {
	if int(s) < len(subtypeNames) {
		return subtypeNames[s]
	}
	return "UNKNOWN"
}

// Transform says how a source column reaches a target column, in the terms
// of OpenLineage's column-lineage facet.
type Transform struct {
	Type    TransformType
	Subtype TransformSubtype
	// Masking is set when the value passes through a hashing or masking
	// function (md5, sha2, a masking UDF): the target no longer holds the
	// raw value.
	Masking bool
}

// String returns e.g. "DIRECT/IDENTITY", "INDIRECT/JOIN", or
// "DIRECT/TRANSFORMATION/MASKED" when Masking is set.
func (t Transform) String() string {
	s := t.Type.String() + "/" + t.Subtype.String()
	if t.Masking {
		s += "/MASKED"
	}
	return s
}

// ColumnEdge says that column From flows into (DIRECT) or influences
// (INDIRECT) column To. An INDIRECT edge whose To.Name is empty concerns the
// whole To.Dataset (every column of it), as OpenLineage's dataset-level
// input fields do: the joins, filters, GROUP BY and ORDER BY that decide
// which rows are written are stated once per source column, not once per
// output column. An INDIRECT edge to a named column concerns that column
// only: a CASE/IF condition (CONDITIONAL), a window's PARTITION BY / ORDER
// BY (WINDOW), or the join and filter inside a scalar subquery that computes
// the column. Span points at the expression in the original SQL that made
// the edge.
type ColumnEdge struct {
	From      Column
	To        Column
	Transform Transform
	Span      sqlparse.Span
}
