package openlineage

import "encoding/json"

// The OpenLineage object model, as much of it as this package writes and
// reads. Field names and nesting follow the specification (2-0-2) and its
// facets; a field this package does not know is kept in Extra where the
// specification allows additional properties, so nothing a producer sent is
// dropped when an event is read and written again.

// Schema URLs of the specification and of the facets written.
const (
	RunEventSchemaURL     = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
	SchemaFacetURL        = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
	ColumnLineageFacetURL = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
	SQLFacetURL           = "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet"
	JobTypeFacetURL       = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
	DatasetTypeFacetURL   = "https://openlineage.io/spec/facets/1-0-1/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet"
	NominalTimeFacetURL   = "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet"
	QueryFacetURL         = "https://github.com/colineage/colineage/blob/main/adapters/openlineage/spec/QueryJobFacet.json#/$defs/QueryJobFacet"
	OccurrencesFacetURL   = "https://github.com/colineage/colineage/blob/main/adapters/openlineage/spec/OccurrencesRunFacet.json#/$defs/OccurrencesRunFacet"
	defaultProducer       = "https://github.com/colineage/colineage/tree/main/adapters/openlineage"
	defaultJobNamespace   = "colineage"
	queryFacetName        = "colineage_query"
	occurrencesFacetName  = "colineage_occurrences"
	facetSchema           = "schema"
	facetColumnLineage    = "columnLineage"
	facetSQL              = "sql"
	facetJobType          = "jobType"
	facetDatasetType      = "datasetType"
	facetNominalTime      = "nominalTime"
	eventComplete         = "COMPLETE"
	transformDirect       = "DIRECT"
	transformIndirect     = "INDIRECT"
	processingBatch       = "BATCH"
	integrationName       = "COLINEAGE"
	jobTypeQuery          = "QUERY"
	jobTypeModel          = "MODEL"
	datasetTypeTable      = "TABLE"
	datasetTypeView       = "VIEW"
	datasetTypeFile       = "FILE"
	datasetTypeDashboard  = "DASHBOARD"
	legacyIdentity        = "IDENTITY"
	legacyMasked          = "MASKED"
)

// RunEvent is an OpenLineage run event.
type RunEvent struct {
	EventType string    `json:"eventType"`
	EventTime string    `json:"eventTime"`
	Run       Run       `json:"run"`
	Job       Job       `json:"job"`
	Inputs    []Dataset `json:"inputs"`
	Outputs   []Dataset `json:"outputs"`
	Producer  string    `json:"producer"`
	SchemaURL string    `json:"schemaURL"`
}

// Run identifies one run of a job.
type Run struct {
	RunID  string                     `json:"runId"`
	Facets map[string]json.RawMessage `json:"facets,omitempty"`
}

// Job names a job.
type Job struct {
	Namespace string                     `json:"namespace"`
	Name      string                     `json:"name"`
	Facets    map[string]json.RawMessage `json:"facets,omitempty"`
}

// Dataset is an input or output dataset of a run. Facets are kept raw:
// Schema, ColumnLineage and the other accessors decode the ones this
// package understands, so an unknown or malformed facet of another
// producer costs nothing until it is asked for.
type Dataset struct {
	Namespace    string                     `json:"namespace"`
	Name         string                     `json:"name"`
	Facets       map[string]json.RawMessage `json:"facets,omitempty"`
	InputFacets  map[string]json.RawMessage `json:"inputFacets,omitempty"`
	OutputFacets map[string]json.RawMessage `json:"outputFacets,omitempty"`
}

// BaseFacet holds the two fields every facet carries.
type BaseFacet struct {
	Producer  string `json:"_producer"`
	SchemaURL string `json:"_schemaURL"`
}

// SchemaFacet is the schema dataset facet: the dataset's fields.
type SchemaFacet struct {
	BaseFacet
	Fields []SchemaField `json:"fields"`
}

// SchemaField is one field of a SchemaFacet.
type SchemaField struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// ColumnLineageFacet is the column-lineage dataset facet of an output:
// for each output field the input fields it is computed from, and in
// Dataset the input fields that influence the whole dataset (joins,
// filters, grouping, sorting).
type ColumnLineageFacet struct {
	BaseFacet
	Fields  map[string]FieldLineage `json:"fields"`
	Dataset []InputField            `json:"dataset,omitempty"`
}

// FieldLineage is the lineage of one output field.
type FieldLineage struct {
	InputFields []InputField `json:"inputFields"`
	// TransformationType and TransformationDescription are the facet's
	// version 1.0 way of stating a transformation (IDENTITY or MASKED),
	// read when input fields carry no transformations.
	TransformationDescription string `json:"transformationDescription,omitempty"`
	TransformationType        string `json:"transformationType,omitempty"`
}

// InputField is an input dataset's field and how it reaches the output.
type InputField struct {
	Namespace       string           `json:"namespace"`
	Name            string           `json:"name"`
	Field           string           `json:"field"`
	Transformations []Transformation `json:"transformations,omitempty"`
}

// Transformation is how an input field reaches an output field: Type
// DIRECT or INDIRECT, Subtype IDENTITY, TRANSFORMATION, AGGREGATION, JOIN,
// GROUP_BY, FILTER, SORT, WINDOW or CONDITIONAL, Masking true when the
// value passes through a hash or a mask.
type Transformation struct {
	Type        string `json:"type"`
	Subtype     string `json:"subtype,omitempty"`
	Description string `json:"description,omitempty"`
	Masking     bool   `json:"masking,omitempty"`
}

// SQLFacet is the SQL job facet. This package writes the statement's
// normalized text (literals replaced by '?'), never the raw text.
type SQLFacet struct {
	BaseFacet
	Query   string `json:"query"`
	Dialect string `json:"dialect,omitempty"`
}

// JobTypeFacet says what kind of job it is.
type JobTypeFacet struct {
	BaseFacet
	ProcessingType string `json:"processingType"`
	Integration    string `json:"integration"`
	JobType        string `json:"jobType,omitempty"`
}

// DatasetTypeFacet says what kind of dataset it is (TABLE, VIEW, FILE...).
type DatasetTypeFacet struct {
	BaseFacet
	DatasetType string `json:"datasetType"`
}

// NominalTimeFacet is the time window a run covers.
type NominalTimeFacet struct {
	BaseFacet
	NominalStartTime string `json:"nominalStartTime"`
	NominalEndTime   string `json:"nominalEndTime,omitempty"`
}

// QueryFacet is colineage's job facet "colineage_query": the statement
// shape's digest and kind, so that a consumer of these events rebuilds
// the same Query node.
type QueryFacet struct {
	BaseFacet
	Digest string `json:"digest"`
	Kind   string `json:"kind"`
}

// OccurrencesFacet is colineage's run facet "colineage_occurrences": how
// many times each user ran the job's statement shape in the run's window,
// and when first and last.
type OccurrencesFacet struct {
	BaseFacet
	Occurrences []OccurrenceEntry `json:"occurrences"`
}

// OccurrenceEntry is one user's runs in a window.
type OccurrenceEntry struct {
	User string `json:"user,omitempty"`
	// Role is the role the user last ran it under, Dashboard the
	// dashboard a BI tool named in the statement's leading comment.
	Role      string `json:"role,omitempty"`
	Dashboard string `json:"dashboard,omitempty"`
	Count     int64  `json:"count"`
	FirstSeen string `json:"firstSeen,omitempty"`
	LastSeen  string `json:"lastSeen,omitempty"`
}
