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
	// mode is the TiDB SQL mode the rewritten text is parsed in.
	mode mysql.SQLMode

	// Lexical rules.
	ansiQuotes       bool // "x" is an identifier (else a string)
	backslashEscapes bool // \ escapes in '...' strings
	hashComment      bool // # starts a comment
	dollarQuotes     bool // $$...$$ and $tag$...$tag$ strings
	eStrings         bool // E'...' strings with backslash escapes
	rawStrings       bool // r'...', b'...', triple-quoted strings
	bracketIdents    bool // [x] identifiers

	// Case rule for unquoted names, for callers that fold: 'l' lower
	// (Postgres, Redshift), 'u' upper (Snowflake), 0 case-preserving.
	fold byte
	// colonPaths: x:field.sub is a semi-structured path (Snowflake).
	colonPaths bool
	// selectInto: SELECT .. INTO t FROM creates a table (Postgres family);
	// otherwise INTO is MySQL's variable/outfile form.
	selectInto bool
	// dashedNames: a table name may hold dashes (BigQuery project ids).
	dashedNames bool
	// trailingComma: a select list may end with a comma before FROM
	// (BigQuery, Snowflake, DuckDB).
	trailingComma bool
	// tsql: SQL Server's forms (SELECT alias = expr, #temp tables, [x]).
	tsql bool
	// pivots: PIVOT and UNPIVOT in FROM.
	pivots bool
	// hashNames: #name is a temporary table (T-SQL, Redshift).
	hashNames bool
	// psqlVars: :'v', :"v" and :v in an operand's place are psql client
	// variables (scripts run with psql against Postgres and Redshift).
	psqlVars bool
	// jsonbOps: ? ?| ?& @> <@ are the jsonb key-existence and containment
	// operators (Postgres), not parameters and variables.
	jsonbOps bool
	// defaultSchema names the schema that db..t leaves out (T-SQL: dbo,
	// Snowflake: PUBLIC); empty where db..t is not a name.
	defaultSchema string
}

// ansiMode is the TiDB mode of dialects where "x" is a name and || concatenates.
const ansiMode = mysql.ModeANSIQuotes | mysql.ModePipesAsConcat | mysql.ModeNoBackslashEscapes

var ansiSpec = &dialectSpec{name: "ansi", mode: ansiMode, ansiQuotes: true, fold: 'u', selectInto: true, bracketIdents: true,
	pivots: true}

// The supported dialects.
var (
	ANSI  = Dialect{ansiSpec}
	MySQL = Dialect{&dialectSpec{name: "mysql", aliases: []string{"mariadb", "tidb"},
		backslashEscapes: true, hashComment: true}}
	Postgres = Dialect{&dialectSpec{name: "postgres", aliases: []string{"postgresql", "greenplum", "materialize", "vertica"},
		mode: ansiMode, ansiQuotes: true, dollarQuotes: true, eStrings: true, fold: 'l', selectInto: true, psqlVars: true,
		jsonbOps: true}}
	// Redshift escapes a quote in a string with a backslash too ('it\'s').
	Redshift = Dialect{&dialectSpec{name: "redshift", mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat, ansiQuotes: true,
		dollarQuotes: true, eStrings: true, backslashEscapes: true, fold: 'l', selectInto: true, hashNames: true, psqlVars: true,
		pivots: true}}
	Snowflake = Dialect{&dialectSpec{name: "snowflake", mode: mysql.ModeANSIQuotes | mysql.ModePipesAsConcat,
		ansiQuotes: true, dollarQuotes: true, backslashEscapes: true, fold: 'u', colonPaths: true,
		trailingComma: true, pivots: true, defaultSchema: "PUBLIC"}}
	BigQuery = Dialect{&dialectSpec{name: "bigquery", mode: mysql.ModePipesAsConcat, backslashEscapes: true,
		hashComment: true, rawStrings: true, dashedNames: true, trailingComma: true, pivots: true}}
	Hive = Dialect{&dialectSpec{name: "hive", aliases: []string{"sparksql", "spark", "databricks"},
		mode: mysql.ModePipesAsConcat, backslashEscapes: true, pivots: true}}
	Trino = Dialect{&dialectSpec{name: "trino", aliases: []string{"presto", "athena"}, mode: ansiMode,
		ansiQuotes: true, fold: 'l'}}
	// TSQL is SQL Server's dialect (also Azure Synapse and Fabric):
	// [bracketed] names, #temp tables, TOP n, SELECT alias = expr.
	TSQL = Dialect{&dialectSpec{name: "tsql", aliases: []string{"mssql", "sqlserver", "synapse", "fabric", "azuresql"},
		mode: ansiMode, ansiQuotes: true, fold: 'l', selectInto: true, bracketIdents: true, tsql: true, pivots: true,
		defaultSchema: "dbo"}}
	// DuckDB speaks Postgres with BigQuery's and Snowflake's conveniences
	// (trailing commas, GROUP BY ALL, * EXCLUDE, PIVOT).
	DuckDB = Dialect{&dialectSpec{name: "duckdb", mode: ansiMode, ansiQuotes: true, dollarQuotes: true,
		eStrings: true, fold: 'l', trailingComma: true, pivots: true}}
)

// Dialects lists the supported dialects.
func Dialects() []Dialect {
	return []Dialect{ANSI, MySQL, Postgres, Redshift, Snowflake, BigQuery, Hive, Trino, TSQL, DuckDB}
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
