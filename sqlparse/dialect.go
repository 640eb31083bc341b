package sqlparse

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// Dialect is the SQL dialect of a warehouse. The zero value is ANSI.
type Dialect struct {
	spec *dialectSpec
}

// dialectSpec is the declarative description of a dialect.
type dialectSpec struct {
	name    string
	aliases []string
	mode    mysql.SQLMode
}

var ansiSpec = &dialectSpec{name: "ansi", mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat}

// The supported dialects.
var (
	ANSI      = Dialect{ansiSpec}
	MySQL     = Dialect{&dialectSpec{name: "mysql", aliases: []string{"mariadb", "tidb"}}}
	Postgres  = Dialect{&dialectSpec{name: "postgres", aliases: []string{"postgresql", "greenplum"}, mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat}}
	Redshift  = Dialect{&dialectSpec{name: "redshift", mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat}}
	Snowflake = Dialect{&dialectSpec{name: "snowflake", mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat}}
	BigQuery  = Dialect{&dialectSpec{name: "bigquery", mode: mysql.ModePipesAsConcat}}
	Hive      = Dialect{&dialectSpec{name: "hive", aliases: []string{"sparksql", "spark", "databricks"}, mode: mysql.ModePipesAsConcat}}
	Trino     = Dialect{&dialectSpec{name: "trino", aliases: []string{"presto", "athena"}, mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat}}
)

// Dialects lists the supported dialects.
func Dialects() []Dialect {
	return []Dialect{ANSI, MySQL, Postgres, Redshift, Snowflake, BigQuery, Hive, Trino}
}

// DialectByName finds a dialect by its name or an alias (case-insensitive):
// "sparksql" and "databricks" are Hive, "postgresql" is Postgres.
func DialectByName(name string) (Dialect, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, d := range Dialects() {
		if d.spec.name == name {
			return d, true
		}
		for _, a := range d.spec.aliases {
			if a == name {
				return d, true
			}
		}
	}
	return Dialect{}, false
}

func (d Dialect) s() *dialectSpec {
	if d.spec == nil {
		return ansiSpec
	}
	return d.spec
}

// String returns the dialect's name.
func (d Dialect) String() string { return d.s().name }
