package lineage

import (
	"strings"

	"github.com/colineage/colineage/sqlparse"
)

// Platform names a warehouse. It decides how names are case-folded and how
// many levels a table name has, so that every reader of the same warehouse
// (query logs, dbt models, schema dumps) makes the same Dataset and Column
// identities.
type Platform string

// Known platforms. Any other value folds like Generic.
const (
	Generic   Platform = "sql" // ANSI: unquoted names lower-cased
	Snowflake Platform = "snowflake"
	Postgres  Platform = "postgres"
	Redshift  Platform = "redshift"
	BigQuery  Platform = "bigquery"
	MySQL     Platform = "mysql"
	Hive      Platform = "hive"
	Trino     Platform = "trino"
	MSSQL     Platform = "mssql" // SQL Server, Azure Synapse, Fabric
	DuckDB    Platform = "duckdb"
)

// PlatformOf returns the platform whose SQL a dialect speaks: Snowflake for
// sqlparse.Snowflake, Hive for sqlparse.Hive (Spark, Databricks), Generic
// for ANSI.
func PlatformOf(d sqlparse.Dialect) Platform {
	switch d.String() {
	case "snowflake":
		return Snowflake
	case "postgres":
		return Postgres
	case "redshift":
		return Redshift
	case "bigquery":
		return BigQuery
	case "mysql":
		return MySQL
	case "hive":
		return Hive
	case "trino":
		return Trino
	case "tsql":
		return MSSQL
	case "duckdb":
		return DuckDB
	}
	return Generic
}

// Platforms lists the known platforms, Generic first.
func Platforms() []Platform {
	return []Platform{Generic, Snowflake, Postgres, Redshift, BigQuery, MySQL, Hive, Trino, MSSQL, DuckDB}
}

// Dialect returns the SQL dialect a platform speaks: the inverse of
// PlatformOf. Generic and any unknown platform speak ANSI. Every reader
// that picks a dialect from a platform goes through here.
func (p Platform) Dialect() sqlparse.Dialect {
	switch p {
	case Snowflake:
		return sqlparse.Snowflake
	case Postgres:
		return sqlparse.Postgres
	case Redshift:
		return sqlparse.Redshift
	case BigQuery:
		return sqlparse.BigQuery
	case MySQL:
		return sqlparse.MySQL
	case Hive:
		return sqlparse.Hive
	case Trino:
		return sqlparse.Trino
	case MSSQL:
		return sqlparse.TSQL
	case DuckDB:
		return sqlparse.DuckDB
	}
	return sqlparse.ANSI
}

// LateralAliases reports whether a select list may refer to an alias
// defined earlier in the same list (Snowflake, Redshift, Spark/Databricks;
// Generic SQL too, as lenient readers of ANSI text do).
func (p Platform) LateralAliases() bool {
	switch p {
	case Postgres, MySQL, BigQuery, Trino, MSSQL:
		return false
	}
	return true
}

// WhereAliases reports whether WHERE may refer to an output column by its
// alias where no table has the name (Snowflake, Redshift: SELECT a + 1 AS b
// FROM t WHERE b > 2); elsewhere WHERE sees only the tables' columns.
func (p Platform) WhereAliases() bool {
	return p == Snowflake || p == Redshift
}

// NamePart says which part of a name an identifier is; BigQuery folds
// table names and column names differently.
type NamePart uint8

// Name parts.
const (
	PartDatabase NamePart = iota // database, catalog, BigQuery project
	PartSchema                   // schema, BigQuery dataset, MySQL/Hive database
	PartTable                    // table, view
	PartColumn                   // column
)

// sparkSessionCatalog is Spark's built-in catalog, the default one.
const sparkSessionCatalog = "spark_catalog"

// TwoLevel reports whether the platform names tables database.table, with
// no schema level (MySQL, Hive/Spark). Such a database is kept in
// Dataset.Schema; a catalog before it (Spark 3 catalogs, Databricks Unity
// Catalog: catalog.schema.table) is kept in Dataset.Database.
func (p Platform) TwoLevel() bool { return p == MySQL || p == Hive }

// Fold returns an identifier as the platform stores it. On Snowflake,
// Postgres, Redshift and Generic SQL quoted identifiers keep their case and
// unquoted ones are upper-cased (Snowflake) or lower-cased (the others).
// BigQuery project, dataset and table names are case-sensitive, its column
// names are not. MySQL, Hive/Spark, Trino, SQL Server (its default
// collation) and DuckDB names are case-insensitive, quoted or not, and are
// lower-cased.
func (p Platform) Fold(id sqlparse.Ident, part NamePart) string {
	switch p {
	case Snowflake:
		if id.Quoted {
			return id.Name
		}
		return strings.ToUpper(id.Name)
	case BigQuery:
		if part != PartColumn {
			return id.Name
		}
		return strings.ToLower(id.Name)
	case MySQL, Hive, Trino, MSSQL, DuckDB:
		return strings.ToLower(id.Name)
	}
	if id.Quoted {
		return id.Name
	}
	return strings.ToLower(id.Name)
}

// FoldName folds an unquoted name given as a plain string (a session
// default, a schema file key part).
func (p Platform) FoldName(name string, part NamePart) string {
	return p.Fold(sqlparse.Ident{Name: name}, part)
}

// Defaults are the session's defaults for unqualified table names, as
// written (they are folded as unquoted names). On two-level platforms the
// default database is Schema (a MySQL `USE db`); Database is ignored there.
type Defaults struct {
	Database string
	Schema   string
}

// Dataset makes the Dataset a table name stands for: 1 to 3 parts
// (table; schema.table; database.schema.table; on two-level platforms
// database.table), with missing leading parts taken from def. Parts before
// database.schema.table (a T-SQL linked server) join the database part
// with a dot ("srv.db"), so that a remote table does not take a local
// one's identity (only a local database itself named "srv.db" shares
// it). Kind is KindTable; the caller sets another kind.
func (p Platform) Dataset(parts []sqlparse.Ident, def Defaults) Dataset {
	ds := Dataset{Platform: p}
	n := len(parts)
	if n == 0 {
		return ds
	}
	ds.Name = p.Fold(parts[n-1], PartTable)
	if p.TwoLevel() {
		if n >= 2 {
			ds.Schema = p.Fold(parts[n-2], PartSchema)
			if n >= 3 {
				// A Spark 3 / Databricks Unity Catalog catalog
				// (catalog.schema.table): kept, so that two catalogs'
				// same-named tables stay apart. Spark's built-in session
				// catalog, spark_catalog, is the one a name without a
				// catalog means: spark_catalog.db.t is db.t.
				lead := make([]string, n-2)
				for i, id := range parts[:n-2] {
					lead[i] = p.Fold(id, PartDatabase)
				}
				if ds.Database = strings.Join(lead, "."); ds.Database == sparkSessionCatalog {
					ds.Database = ""
				}
			}
		} else {
			ds.Schema = p.FoldName(firstNonEmpty(def.Schema, def.Database), PartSchema)
		}
		return ds
	}
	switch {
	case n > 3:
		lead := make([]string, n-2)
		for i, id := range parts[:n-2] {
			lead[i] = p.Fold(id, PartDatabase)
		}
		ds.Database = strings.Join(lead, ".")
		ds.Schema = p.Fold(parts[n-2], PartSchema)
	case n == 3:
		ds.Database = p.Fold(parts[n-3], PartDatabase)
		ds.Schema = p.Fold(parts[n-2], PartSchema)
	case n == 2:
		ds.Schema = p.Fold(parts[0], PartSchema)
		ds.Database = p.FoldName(def.Database, PartDatabase)
	default:
		ds.Schema = p.FoldName(def.Schema, PartSchema)
		ds.Database = p.FoldName(def.Database, PartDatabase)
	}
	return ds
}

// DatasetFromString makes a Dataset from a dotted name as schema files and
// catalogs write it ("db.schema.table", "schema.table", "table"). Parts in
// double quotes or backquotes keep their case.
func (p Platform) DatasetFromString(name string, def Defaults) Dataset {
	return p.Dataset(SplitName(name), def)
}

// Column makes a Column of ds from an identifier.
func (p Platform) Column(ds Dataset, id sqlparse.Ident) Column {
	return Column{Dataset: ds, Name: p.Fold(id, PartColumn)}
}

// Location makes the Dataset of an external location (an s3:// URI, a
// stage): its identity is the URI itself.
func Location(uri string) Dataset {
	return Dataset{Name: uri, Kind: KindLocation}
}

// ID returns the dataset's stable, readable identity:
//
//	platform://database.schema.name    e.g. snowflake://ANALYTICS.PUBLIC.ORDERS
//	platform://schema.name             when the database is unknown or the platform is two-level
//	platform://name                    when nothing qualifies it
//	platform://database..name          a database without a schema
//	s3://bucket/path                   a KindLocation: the URI itself
//
// A part that is empty, or contains a character other than letters, digits,
// '_' and '$', is written in double quotes with '"' doubled; a column named
// "*" (every column of a dataset whose columns are unknown) is written bare. Kind is not
// part of the identity.
func (d Dataset) ID() string {
	if d.Kind == KindLocation {
		return d.Name
	}
	var buf [96]byte
	return string(d.appendID(buf[:0]))
}

// appendID appends ID() to buf.
func (d Dataset) appendID(buf []byte) []byte {
	if d.Kind == KindLocation {
		return append(buf, d.Name...)
	}
	p := d.Platform
	if p == "" {
		p = Generic
	}
	buf = append(buf, p...)
	buf = append(buf, "://"...)
	switch {
	case d.Database != "" && d.Schema == "":
		buf = appendPart(buf, d.Database)
		buf = append(buf, ".."...)
	case d.Database != "":
		buf = appendPart(buf, d.Database)
		buf = append(buf, '.')
		buf = appendPart(buf, d.Schema)
		buf = append(buf, '.')
	case d.Schema != "":
		buf = appendPart(buf, d.Schema)
		buf = append(buf, '.')
	}
	return appendPart(buf, d.Name)
}

// QualifiedName returns the dataset's name without the platform:
// "database.schema.name", "schema.name" or "name" (parts quoted as in ID).
func (d Dataset) QualifiedName() string {
	if d.Kind == KindLocation {
		return d.Name
	}
	var buf [96]byte
	return string(d.appendQualifiedName(buf[:0]))
}

// appendQualifiedName appends QualifiedName() to buf.
func (d Dataset) appendQualifiedName(buf []byte) []byte {
	start := len(buf)
	buf = d.appendID(buf)
	if d.Kind == KindLocation {
		return buf
	}
	if i := strings.Index(string(buf[start:]), "://"); i >= 0 {
		buf = append(buf[:start], buf[start+i+3:]...)
	}
	return buf
}

// String returns ID().
func (d Dataset) String() string { return d.ID() }

// ID returns the column's identity: its dataset's ID, '.', and its name
// (quoted as in Dataset.ID), e.g. snowflake://ANALYTICS.PUBLIC.ORDERS.AMOUNT.
// A location's columns are written "s3://bucket/path#column". A Column
// with an empty Name stands for the whole dataset (the target of a
// dataset-level INDIRECT edge); its ID is the dataset's.
func (c Column) ID() string {
	if c.Name == "" {
		return c.Dataset.ID()
	}
	var buf [128]byte
	out := c.Dataset.appendID(buf[:0])
	if c.Dataset.Kind == KindLocation {
		out = append(out, '#')
	} else {
		out = append(out, '.')
	}
	return string(appendPart(out, c.Name))
}

// String returns ID().
func (c Column) String() string { return c.ID() }

// key is a Dataset's identity as a comparable value (Kind dropped).
type datasetKey struct {
	platform               Platform
	database, schema, name string
	location               bool
}

func (d Dataset) key() datasetKey {
	return datasetKey{d.Platform, d.Database, d.Schema, d.Name, d.Kind == KindLocation}
}

// SameAs reports whether two datasets have the same identity (ID), whatever
// their kinds.
func (d Dataset) SameAs(o Dataset) bool { return d.key() == o.key() }

func appendPart(buf []byte, s string) []byte {
	if plainPart(s) {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			buf = append(buf, '"')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '"')
}

func plainPart(s string) bool {
	if s == "" {
		return false
	}
	if s == "*" {
		return true
	}
	for _, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
