package openlineage

import (
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// namespaceRule maps a producer's dataset namespace to the library's
// identities, and a platform to the namespace this package writes.
type namespaceRule struct {
	namespace string
	platform  lineage.Platform
	defaults  lineage.Defaults
}

// naming holds the namespace rules of an Emitter or a Consumer.
type naming struct {
	rules []namespaceRule
}

// locationNamespace is the namespace of an external location that is not
// a URI (a Snowflake stage): its whole text is the dataset's name.
const locationNamespace = "location"

// defaultNamespaces are written for a platform no WithNamespace names:
// the OpenLineage naming scheme of each platform with a placeholder host,
// so that a reader still knows the platform.
var defaultNamespaces = map[lineage.Platform]string{
	lineage.Redshift:  "redshift://default:5439",
	lineage.Snowflake: "snowflake://default",
	lineage.BigQuery:  "bigquery",
	lineage.Postgres:  "postgres://default:5432",
	lineage.MySQL:     "mysql://default:3306",
	lineage.Hive:      "hive://default:10000",
	lineage.Trino:     "trino://default:8080",
	lineage.Generic:   "sql://default",
}

// schemePlatforms maps a namespace's scheme to a platform.
var schemePlatforms = map[string]lineage.Platform{
	"redshift": lineage.Redshift, "snowflake": lineage.Snowflake, "bigquery": lineage.BigQuery,
	"postgres": lineage.Postgres, "postgresql": lineage.Postgres, "mysql": lineage.MySQL,
	"hive": lineage.Hive, "spark": lineage.Hive, "databricks": lineage.Hive, "trino": lineage.Trino,
	"presto": lineage.Trino, "awsathena": lineage.Trino, "sql": lineage.Generic,
}

// objectSchemes are namespaces of files and object stores: their datasets
// are external locations.
var objectSchemes = map[string]bool{
	"s3": true, "s3a": true, "s3n": true, "gs": true, "gcs": true, "abfss": true, "abfs": true,
	"wasbs": true, "hdfs": true, "file": true, "dbfs": true, "azure": true,
}

// namespaceOf returns the namespace written for a platform.
func (n naming) namespaceOf(p lineage.Platform) string {
	for _, r := range n.rules {
		if r.platform == p {
			return r.namespace
		}
	}
	if ns, ok := defaultNamespaces[p]; ok {
		return ns
	}
	return string(p) + "://default"
}

// datasetName returns the namespace and name of a dataset: a table's
// parts joined by dots (database.schema.table; database.table on two-level
// platforms), a location's URI split after its authority.
func (n naming) datasetName(d lineage.Dataset) (namespace, name string) {
	if d.Kind == lineage.KindLocation {
		return splitLocation(d.Name)
	}
	var parts []string
	if d.Database != "" {
		parts = append(parts, d.Database)
	}
	if d.Schema != "" || d.Database != "" {
		parts = append(parts, d.Schema)
	}
	parts = append(parts, d.Name)
	for i, p := range parts {
		if strings.ContainsAny(p, `."`) || p == "" {
			parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
		}
	}
	return n.namespaceOf(d.Platform), strings.Join(parts, ".")
}

// splitLocation splits "s3://bucket/key" into "s3://bucket" and "key".
func splitLocation(uri string) (namespace, name string) {
	i := strings.Index(uri, "://")
	if i < 0 {
		return locationNamespace, uri
	}
	rest := uri[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 || j == len(rest)-1 {
		return strings.TrimSuffix(uri, "/"), "/"
	}
	return uri[:i+3+j], rest[j+1:]
}

// dataset maps an OpenLineage dataset to the library's identity. exact says
// the name's parts are stored names (this package wrote them); otherwise
// unquoted parts fold by the platform's rules, as a name in SQL would.
func (n naming) dataset(namespace, name string, exact bool) (lineage.Dataset, bool) {
	scheme, _, hasScheme := strings.Cut(namespace, "://")
	if namespace == locationNamespace {
		return lineage.Location(name), true
	}
	if hasScheme && objectSchemes[strings.ToLower(scheme)] {
		if name == "/" || name == "" {
			return lineage.Location(namespace), true
		}
		return lineage.Location(strings.TrimSuffix(namespace, "/") + "/" + strings.TrimPrefix(name, "/")), true
	}
	p, def, ok := n.platformOf(namespace)
	if !ok {
		return lineage.Dataset{}, false
	}
	parts := lineage.SplitName(name)
	if exact {
		for i := range parts {
			parts[i].Quoted = true
		}
	}
	if len(parts) == 0 {
		return lineage.Dataset{}, false
	}
	return p.Dataset(parts, def), true
}

// platformOf finds the platform of a namespace: a WithNamespace rule, else
// its scheme.
func (n naming) platformOf(namespace string) (lineage.Platform, lineage.Defaults, bool) {
	for _, r := range n.rules {
		if r.namespace == namespace {
			return r.platform, r.defaults, true
		}
	}
	scheme, _, _ := strings.Cut(namespace, "://")
	if p, ok := schemePlatforms[strings.ToLower(scheme)]; ok {
		return p, lineage.Defaults{}, true
	}
	return "", lineage.Defaults{}, false
}

// column folds a field name of a dataset as the platform folds a column.
func column(d lineage.Dataset, field string, exact bool) lineage.Column {
	if d.Kind == lineage.KindLocation {
		return lineage.Column{Dataset: d, Name: field}
	}
	return d.Platform.Column(d, sqlparse.Ident{Name: field, Quoted: exact})
}
