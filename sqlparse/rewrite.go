package sqlparse

import (
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/mysql"
)

// rewriteTokens applies the token-level rewrites of the dialect. Each
// rewrite recognises a construct TiDB does not accept and records edits
// that carry its meaning; names are encoded last, on untouched tokens.
func (st *stmt) rewriteTokens() {
	sp := st.spec
	mysql := sp.isMySQL()
	toks := st.toks // the rewrites edit tokens, never the slice
	for i := 0; i < len(toks); i++ {
		if toks[i].hint&hintRewrite == 0 {
			// most tokens: names and keywords no rewrite acts on, and
			// brackets and commas (the tokenizer's filter, see token.hint)
			continue
		}
		if st.unsupported != nil {
			break
		}
		t := toks[i]
		if t.kind == tkWord && !rewriteWords().mayHave(st.src[t.start:t.end]) {
			// a word may also be a number with letters after it (1.5x)
			if t.end-t.start >= minOverlongDecimal && isDigit(st.src[t.start]) {
				st.rewriteOverlongDecimal(i)
			} else if n := numberSuffix(st.text(i)); n > 0 && sp.name == "hive" {
				// Spark typed literals: 0D, 10L, 1.5BD are numbers
				st.replace(i, st.text(i)[:len(st.text(i))-n])
			}
			continue
		}
		switch t.kind {
		case tkString:
			if sp.name == "duckdb" && st.anyWord(i-1, "FROM", "JOIN") {
				// FROM 'file.parquet': the file, read as a table
				st.rewriteFileName(i)
				continue
			}
			st.rewriteString(i)
			continue
		case tkOp:
			st.rewriteOp(i) // the tokenizer checked opMayRewrite
			continue
		case tkNumber:
			st.rewriteOverlongDecimal(i) // the tokenizer marks only long ones
			continue
		case tkParam:
			// @stage/path in FROM (Snowflake): a location read as a table
			if sp.colonPaths && st.text(i)[0] == '@' && st.fromItem(i) {
				st.rewriteStage(i)
			}
			continue
		case tkWord:
		default:
			continue
		}
		if st.dropped(i) {
			continue
		}
		var buf [24]byte
		switch string(st.upperInto(i, buf[:0])) {
		case "CAST", "TRY_CAST", "SAFE_CAST", "TRY_CONVERT", "CONVERT":
			if st.op(i+1, "(") && (!st.word(i, "CONVERT") || sp.tsql || sp.name == "redshift") {
				st.rewriteCast(i)
			}
		case "COMMENT":
			// a view's column list with comments (Snowflake, BigQuery
			// OPTIONS aside): v (a COMMENT 'x', b) names a and b
			if st.kind(i+1) == tkString && st.isName(i-1) && (st.op(i-2, "(") || st.op(i-2, ",")) &&
				(st.op(i+2, ",") || st.op(i+2, ")")) {
				st.drop(i, i+2)
			}
		case "COUNT_BIG":
			if sp.tsql && st.op(i+1, "(") {
				st.replace(i, "COUNT")
			}
		case "INTERVAL":
			st.rewriteInterval(i)
		case "TOP":
			if !mysql && st.anyWord(i-1, "SELECT", "DISTINCT", "ALL") && (st.kind(i+1) == tkNumber || st.op(i+1, "(")) {
				st.rewriteTop(i)
			} else if sp.tsql && st.anyWord(i-1, "UPDATE", "DELETE", "INSERT") && st.op(i+1, "(") {
				// UPDATE TOP (n) t: which rows, not which columns
				end := st.skip(i + 1)
				if st.word(end, "PERCENT") {
					end++
				}
				st.drop(i, end)
			}
		case "NULLS":
			if st.anyWord(i+1, "FIRST", "LAST") && !st.op(i-1, ",") && !st.word(i-1, "IGNORE") && !st.word(i-1, "RESPECT") {
				st.drop(i, i+2)
			}
		case "IS":
			st.rewriteDistinctFrom(i)
		case "ISNULL", "NOTNULL":
			// Postgres' postfix x ISNULL, x NOTNULL (ISNULL(x) is a call)
			p := st.kind(i - 1)
			if !st.op(i+1, "(") && (p == tkWord && !isReserved(st.text(i-1)) || p == tkQIdent || p == tkNumber || p == tkString || st.op(i-1, ")")) {
				if st.word(i, "ISNULL") {
					st.replace(i, "IS NULL")
				} else {
					st.replace(i, "IS NOT NULL")
				}
			}
		case "EXTRACT":
			st.rewriteExtract(i)
		case "WITHIN":
			if st.word(i+1, "GROUP") && st.op(i+2, "(") && st.op(i-1, ")") {
				st.rewriteWithinGroup(i)
			}
		case "QUALIFY":
			st.rewriteQualify(i)
		case "FULL":
			if st.word(i+1, "OUTER") && st.word(i+2, "JOIN") {
				st.replace(i, "LEFT")
			} else if st.word(i+1, "JOIN") {
				st.replace(i, "LEFT")
			}
		case "SEMI", "ANTI":
			if st.word(i+1, "JOIN") {
				if st.word(i-1, "LEFT") || st.word(i-1, "RIGHT") {
					st.drop(i-1, i)
				}
				if upperWord(st, i) == "SEMI" {
					st.drop(i, i+1)
				} else {
					st.replace(i, "LEFT")
				}
			}
		case "ROLLUP", "CUBE":
			if st.op(i+1, "(") && (st.word(i-1, "BY") || st.op(i-1, ",")) {
				st.drop(i, i+2)
				st.drop(st.skip(i+1)-1, st.skip(i+1))
			}
		case "GROUPING":
			if st.word(i+1, "SETS") && st.op(i+2, "(") {
				st.rewriteGroupingSets(i)
			}
		case "FILTER":
			if st.op(i+1, "(") && st.word(i+2, "WHERE") && st.op(i-1, ")") {
				st.rewriteFilter(i)
			}
		case "ARRAY":
			if st.op(i+1, "<") {
				st.rewriteTypedCtor(i)
			} else if st.op(i+1, "[") {
				st.replace(i, "JSON_ARRAY")
				st.replace(i+1, "(")
				st.replace(st.closeOf(i+1), ")")
			} else if st.op(i+1, "(") && st.anyWord(i+2, "SELECT", "WITH") {
				st.drop(i, i+1)
			} else if st.op(i+1, "(") && !(st.op(i+2, "(") && st.anyWord(i+3, "SELECT", "WITH")) {
				// Spark/Hive array(a, b): the array of its arguments
				st.replace(i, "JSON_ARRAY")
			}
		case "APPROXIMATE":
			if st.isName(i+1) && st.op(i+2, "(") {
				st.drop(i, i+1)
			}
		case "RATIO_TO_REPORT":
			st.rewriteRatioToReport(i)
		case "TRIM":
			st.rewriteTrim(i)
		case "SIMILAR":
			if st.word(i+1, "TO") {
				st.replace(i, "REGEXP")
				st.drop(i+1, i+2)
			}
		case "IFF":
			if st.op(i+1, "(") {
				st.replace(i, "IF")
			}
		case "DISTINCT":
			if st.word(i+1, "ON") && st.op(i+2, "(") && !mysql {
				st.drop(i+1, st.skip(i+2))
			} else if !mysql {
				st.rewriteAggDistinct(i)
			}
		case "SELECT":
			if sp.tsql {
				st.rewriteAssignAliases(i)
			}
			if sp.trailingComma && st.op(i-1, "(") {
				// (SELECT AS STRUCT a, b,): a subquery's select list ends
				// with a comma where it has no FROM
				if c := st.closeOf(i - 1); c > i && st.op(c-1, ",") && !st.dropped(c-1) &&
					st.findTop(i+1, c, func(j int) bool { return st.word(j, "FROM") }) < 0 {
					st.drop(c-1, c)
				}
			}
		case "COUNT", "MAX", "MIN":
			st.rewriteAggArity(i)
		case "BEFORE":
			st.rewriteTimeTravel(i)
		case "CHANGES":
			// Snowflake CHANGES(INFORMATION => ..): a table's change rows,
			// the table's columns
			if sp.colonPaths && st.op(i+1, "(") && st.word(i+2, "INFORMATION") {
				st.drop(i, st.skip(i+1))
			}
		case "IGNORE", "RESPECT":
			st.rewriteNullTreatment(i)
		case "OVER":
			if !mysql {
				st.rewriteOver(i)
			}
		case "FETCH":
			st.rewriteFetch(i)
		case "LIMIT":
			if st.word(i+1, "ALL") {
				st.drop(i, i+2)
			} else if st.kind(i+1) == tkParam && st.text(i + 1)[0] == '@' && !mysql {
				// LIMIT @n (a BigQuery query parameter): how many rows
				// moves no column; TiDB takes a number
				st.replace(i+1, "1")
			}
		case "ONLY":
			// Postgres FROM ONLY t, UPDATE ONLY t, DELETE FROM ONLY t:
			// t without its inheritance children, still t's columns
			if sp.eStrings && (st.anyWord(i-1, "FROM", "JOIN", "UPDATE", "TABLE") || st.op(i-1, ",")) && (st.isName(i+1) || st.op(i+1, "(")) {
				st.drop(i, i+1)
			}
		case "OFFSET":
			end := i + 2
			if st.anyWord(i+2, "ROWS", "ROW") {
				st.drop(i+2, i+3)
				end++
			}
			if k := st.kind(i + 1); (k == tkNumber || k == tkParam) && !mysql && !st.word(i-1, "WITH") &&
				!(st.word(i-2, "LIMIT") && (st.kind(i-1) == tkNumber || st.kind(i-1) == tkParam)) {
				// OFFSET m [ROWS] without a LIMIT before it (standard SQL,
				// before FETCH or LIMIT, or alone): TiDB takes an offset
				// only after LIMIT; which rows are skipped moves no column
				st.drop(i, end)
			} else if st.kind(i+1) == tkParam && st.text(i + 1)[0] == '@' && !mysql && !st.word(i-1, "WITH") {
				st.replace(i+1, "0") // LIMIT n OFFSET @m, as LIMIT @n
			}
		case "DISTRIBUTE", "SORT", "CLUSTER":
			if st.word(i+1, "BY") && !mysql {
				st.rewriteHiveSort(i)
			}
		case "UNNEST", "FLATTEN", "TABLE", "LATERAL", "EXPLODE", "POSEXPLODE", "INLINE", "JSON_TUPLE", "STACK", "GENERATE_SERIES", "EXTERNAL_QUERY",
			"JSON_TABLE":
			st.rewriteTableFunc(i)
		case "VALUES":
			st.rewriteValues(i)
		case "NOLOCK", "READUNCOMMITTED", "ROWLOCK", "NOWAIT", "HOLDLOCK", "UPDLOCK", "TABLOCK", "READPAST":
			// T-SQL table hints: t (NOLOCK), t WITH (NOLOCK)
			if sp.bracketIdents && st.op(i-1, "(") && st.op(i+1, ")") {
				from := i - 1
				if st.word(i-2, "WITH") {
					from = i - 2
				}
				st.drop(from, i+2)
			}
		case "TITLE", "FORMAT":
			// Teradata column attributes: c (TITLE 'x'), c (FORMAT 'x')
			if sp.bracketIdents && st.op(i-1, "(") && st.kind(i+1) == tkString && st.op(i+2, ")") && (st.isName(i-2) || st.op(i-2, ")")) {
				st.drop(i-1, i+3)
			}
		case "SAMPLE", "TABLESAMPLE":
			st.rewriteSample(i)
		case "ANY", "SOME":
			if !st.rewriteLikeAny(i) {
				st.rewriteAnyArray(i)
			}
		case "AT":
			st.rewriteTimeTravel(i)
			if st.word(i+1, "TIME") && st.word(i+2, "ZONE") && !mysql {
				// the value keeps its source: drop the zone
				st.drop(i, i+3)
				end := i + 4
				if st.op(i+3, "(") {
					end = st.skip(i + 3)
				}
				st.drop(i+3, end)
			}
		case "STRING_AGG", "ARRAY_AGG", "LISTAGG", "JSON_AGG", "JSONB_AGG", "GROUP_CONCAT", "LIST", "ARRAY_CONCAT_AGG":
			st.rewriteOrderedAgg(i)
		case "STRUCT":
			if st.word(i-1, "AS") && st.word(i-2, "SELECT") && !mysql {
				// BigQuery SELECT AS STRUCT: the fields are the items
				st.drop(i-1, i+1)
			} else if st.op(i+1, "(") && !mysql {
				if sp.name != "hive" || !st.rewriteSparkStruct(i) {
					st.dropStructNames(i + 1)
				}
			} else if st.op(i+1, "<") && !mysql {
				st.rewriteTypedCtor(i)
			}
		case "VERSION", "TIMESTAMP", "SYSTEM_TIME":
			// time travel picks a version of a table, not columns:
			// Databricks VERSION AS OF n, Trino FOR TIMESTAMP AS OF x,
			// BigQuery and T-SQL FOR SYSTEM_TIME AS OF x
			if st.word(i+1, "AS") && st.word(i+2, "OF") && !mysql {
				from := i
				if st.word(i-1, "FOR") {
					from = i - 1
				}
				st.drop(from, st.exprEnd(i+3))
			} else if st.word(i, "SYSTEM_TIME") && st.word(i-1, "FOR") && st.word(i+1, "ALL") {
				st.drop(i-1, i+2)
			}
		case "DATE_ADD", "DATE_SUB", "ADD_MONTHS":
			st.rewriteDateAdd(i)
		case "WITH":
			if st.word(i+1, "NO") && st.word(i+2, "SCHEMA") && st.word(i+3, "BINDING") {
				// Redshift late-binding view: no lineage in the option
				st.drop(i, i+4)
			} else {
				st.rewriteCTEs(i)
			}
		case "JOIN":
			st.rewriteOuterJoin(i)
		case "FROM":
			st.rewriteFrom(i)
		case "STREAM":
			// Databricks pipelines: FROM STREAM(t) reads t's new rows
			if sp.name == "hive" && st.op(i+1, "(") && st.isName(i+2) && st.nameEnd(i+2) == st.closeOf(i+1) && st.fromItem(i) {
				st.drop(i, i+2)
				st.drop(st.closeOf(i+1), st.closeOf(i+1)+1)
			}
		case "TRANSFORM":
			if sp.name == "hive" && st.op(i+1, "(") && st.word(st.closeOf(i+1)+1, "USING") {
				st.rewriteScriptTransform(i)
			}
		case "WINDOW":
			// Spark's window(ts, '10 minutes') time bucket, a function
			// (the WINDOW clause names a window: WINDOW w AS (..))
			if sp.name == "hive" && st.op(i+1, "(") {
				st.replace(i, "TIME_WINDOW")
			}
		case "IDENTIFIER":
			st.rewriteIdentifier(i)
		case "SEMANTIC_VIEW":
			st.rewriteSemanticView(i)
		case "DAYS", "MONTHS", "YEARS", "WEEKS", "HOURS", "MINUTES", "SECONDS":
			// Hive: d + 30 days, an interval without INTERVAL
			if sp.name == "hive" && st.kind(i-1) == tkNumber && (st.op(i-2, "+") || st.op(i-2, "-")) {
				st.before(i-1, lit("INTERVAL "))
				st.replace(i, intervalUnit(upperWord(st, i)))
			}
		case "PIVOT", "UNPIVOT":
			st.rewritePivot(i)
		case "READ_PARQUET", "READ_CSV", "READ_CSV_AUTO", "READ_JSON", "READ_JSON_AUTO", "READ_NDJSON", "PARQUET_SCAN":
			if sp.name == "duckdb" {
				st.rewriteFileScan(i)
			}
		case "DELETE":
			st.rewriteDeleteReturning(i)
		case "UPDATE":
			if sp.dollarQuotes && st.op(i-1, "(") && st.word(i-2, "AS") {
				st.rewriteUpdateReturning(i)
			}
		case "SET":
			if st.op(i+1, "(") && i > 0 {
				st.rewriteRowAssignment(i)
			}
		case "OPTION":
			// T-SQL query hints at the end: OPTION (RECOMPILE, MAXDOP 1)
			if sp.tsql && st.op(i+1, "(") && st.skip(i+1) >= len(st.toks) {
				st.drop(i, len(st.toks))
			}
		case "VALUE":
			if st.word(i-1, "AS") && st.word(i-2, "SELECT") && !mysql {
				// BigQuery SELECT AS VALUE x: a value table of x
				st.drop(i-1, i+1)
			}
		case "APPLY":
			st.rewriteApply(i)
		case "JSON_VALUE", "JSON_QUERY", "JSON_EXISTS":
			if st.op(i+1, "(") && !mysql {
				st.rewriteJSONClauses(i + 1)
			}
		case "HAVING":
			// BigQuery ANY_VALUE(x HAVING MAX y): the row with the largest
			// y, like MAX_BY(x, y) (not a HAVING clause: HAVING MAX(y) > 1)
			if st.anyWord(i+1, "MAX", "MIN") && !st.op(i+2, "(") && sp.name == "bigquery" && st.inCall(i) {
				st.replace(i, ",")
				st.drop(i+1, i+2)
			}
		case "COLLATE":
			if mysql {
				break
			}
			if st.op(i+1, "(") {
				// COLLATE(x, 'und:ci') (Snowflake, BigQuery): x, compared
				// differently
				c := st.closeOf(i + 1)
				if comma := st.findTop(i+2, c, func(j int) bool { return st.op(j, ",") }); comma > i+2 {
					st.drop(i, i+1)
					st.drop(comma, c)
				}
			} else if st.kind(i+1) == tkString || st.kind(i+1) == tkQIdent {
				st.drop(i, i+2) // x COLLATE 'en-ci' (Snowflake), x COLLATE "C" (Postgres)
			}
		case "EXISTS":
			// Spark/Databricks exists(xs, x -> p): the higher-order
			// function (is p true of some element), not the EXISTS
			// predicate over a subquery; read as any_match, its twin
			if sp.name == "hive" && st.op(i+1, "(") && !st.anyWord(i+2, "SELECT", "WITH", "VALUES") && !st.op(i+2, "(") {
				st.renameCall(i, "ANY_MATCH")
			}
		case "OVERRIDING":
			// Postgres INSERT .. OVERRIDING SYSTEM | USER VALUE: who may
			// write an identity column, not which value flows
			if sp.dollarQuotes && st.anyWord(i+1, "SYSTEM", "USER") && st.word(i+2, "VALUE") {
				st.drop(i, i+3)
			}
		case "EXCLUDE":
			// a window frame's exclusion (Postgres, DuckDB, SQLite): ROWS
			// BETWEEN .. AND .. EXCLUDE CURRENT ROW | GROUP | TIES | NO
			// OTHERS leaves rows out of the frame, no column in or out
			if st.anyWord(i-1, "PRECEDING", "FOLLOWING", "ROW") {
				n := 0
				switch {
				case st.word(i+1, "CURRENT") && st.word(i+2, "ROW"), st.word(i+1, "NO") && st.word(i+2, "OTHERS"):
					n = 3
				case st.anyWord(i+1, "GROUP", "TIES"):
					n = 2
				}
				if n > 0 && st.op(i+n, ")") {
					st.drop(i, i+n)
				}
			}
		case "SYMMETRIC", "ASYMMETRIC":
			if st.word(i-1, "BETWEEN") {
				st.drop(i, i+1) // which bound is lower picks rows only
			}
		case "MINUS":
			// Snowflake, Redshift, Oracle, Spark: q1 MINUS q2 is q1 EXCEPT q2
			if !mysql && !st.word(i-1, "AS") && !st.op(i-1, ".") && !st.op(i-1, ",") &&
				(st.isQueryStart(i+1) || st.anyWord(i+1, "ALL", "DISTINCT") && st.isQueryStart(i+2)) {
				st.replace(i, "EXCEPT")
			}
		case "NAME":
			st.rewriteByName(i)
		case "ASOF":
			st.rewriteAsof(i)
		case "MATCH_CONDITION":
			st.rewriteMatchCondition(i)
		case "ALL":
			if !st.rewriteLikeAny(i) {
				st.rewriteByAll(i)
			}
		case "NUMERIC", "BIGNUMERIC", "BIGDECIMAL", "JSON", "DATETIME":
			// typed literals (BigQuery, Postgres): NUMERIC '1.5', JSON '{..}'
			// are constants, the string's value typed; a type after AS or
			// '::' is a cast's, and MySQL reads a string after a column
			// as its alias
			if st.kind(i+1) == tkString && !mysql && !st.word(i-1, "AS") && !st.op(i-1, "::") && !st.op(i-1, ".") {
				st.drop(i, i+1)
			}
		case "CURRENT_DATE", "CURRENT_TIME":
			// BigQuery CURRENT_DATE('America/Los_Angeles'): today in a time
			// zone, named by a constant; TiDB takes no argument
			if st.op(i+1, "(") && (st.kind(i+2) == tkString || st.kind(i+2) == tkParam) && st.op(i+3, ")") && !mysql {
				st.drop(i+2, i+3)
			}
		case "CONNECT":
			if sp.colonPaths && st.word(i+1, "BY") && st.blockSelect(i) >= 0 {
				st.rewriteConnectBy(i)
			}
		case "CONNECT_BY_ROOT":
			// CONNECT_BY_ROOT x (Snowflake, Oracle hierarchies): x of the
			// hierarchy's root row, a value of x
			if st.isName(i+1) || st.op(i+1, "(") {
				st.drop(i, i+1)
			}
		case "DATEADD", "DATEDIFF", "DATE_PART", "DATE_TRUNC", "TIMEADD", "TIMEDIFF", "TIMESTAMPADD", "TIMESTAMPDIFF", "DATEPART", "DATENAME", "TIMESTAMP_DIFF", "DATE_DIFF", "DATETIME_DIFF", "DATETIME_TRUNC", "TIMESTAMP_TRUNC", "TIME_TRUNC", "LAST_DAY", "TIME_DIFF":
			st.rewriteDatePart(i)
		}
	}
	if st.unsupported != nil {
		return
	}
	if n := len(toks); sp.trailingComma && n > 1 && st.op(n-1, ",") && !st.dropped(n-1) {
		// a select list's trailing comma at the end of a query without
		// FROM (BigQuery SELECT (..) AS a, (..) AS b,)
		st.drop(n-1, n)
	}
	for _, p := range st.arrayPaths {
		st.rewriteArrayPath(p[0], p[1])
	}
	if st.nStars > 0 {
		st.rewriteStars()
	}
	if st.parenAfterName {
		st.rewriteDerivedColumns()
	}
	if !mysql {
		st.encodeNames()
	}
	st.rewriteExprTail()
}

// rewriteWords are the words that rewriteTokens acts on (the cases of its
// switch): its quick filter skips the other words (names, mostly).
var rewriteWords = sync.OnceValue(func() *wordSet { return wordSetOf(rewriteWordList) })

// wordSetOf returns the set of the words of list (in any case).
func wordSetOf(list string) *wordSet {
	ws := &wordSet{words: make(map[string]struct{})}
	for _, w := range strings.Fields(list) {
		ws.put(strings.ToLower(w))
	}
	return ws
}

const rewriteWordList = `
CAST TRY_CAST SAFE_CAST TRY_CONVERT CONVERT COUNT_BIG COMMENT INTERVAL TOP NULLS IS EXTRACT WITHIN QUALIFY FULL SEMI ANTI ROLLUP
CUBE GROUPING FILTER ARRAY APPROXIMATE RATIO_TO_REPORT TRIM SIMILAR IFF DISTINCT FETCH LIMIT OFFSET
DISTRIBUTE SORT CLUSTER UNNEST FLATTEN TABLE LATERAL EXPLODE POSEXPLODE INLINE JSON_TUPLE
GENERATE_SERIES VALUES NOLOCK READUNCOMMITTED ROWLOCK NOWAIT HOLDLOCK UPDLOCK TABLOCK READPAST TITLE
FORMAT SAMPLE TABLESAMPLE ANY SOME AT STRING_AGG ARRAY_AGG LISTAGG JSON_AGG JSONB_AGG GROUP_CONCAT
STRUCT VERSION TIMESTAMP DATE_ADD DATE_SUB ADD_MONTHS WITH JOIN DATEADD DATEDIFF DATE_PART DATE_TRUNC
TIMEADD TIMEDIFF TIMESTAMPADD TIMESTAMPDIFF DATEPART DATENAME TIMESTAMP_DIFF DATE_DIFF DATETIME_DIFF
DATETIME_TRUNC TIMESTAMP_TRUNC TIME_TRUNC LAST_DAY TIME_DIFF FROM ALL
IDENTIFIER PIVOT UNPIVOT DAYS MONTHS YEARS WEEKS HOURS MINUTES SECONDS EXTERNAL_QUERY JSON_TABLE STREAM WINDOW
TRANSFORM UPDATE
IGNORE RESPECT OVER COUNT MAX MIN BEFORE SELECT SEMANTIC_VIEW SYSTEM_TIME NAME ASOF MATCH_CONDITION APPLY VALUE
ISNULL NOTNULL
READ_PARQUET READ_CSV READ_CSV_AUTO READ_JSON READ_JSON_AUTO READ_NDJSON PARQUET_SCAN DELETE SET OPTION LIST CHANGES
MINUS ARRAY_CONCAT_AGG JSON_VALUE JSON_QUERY JSON_EXISTS HAVING COLLATE SYMMETRIC ASYMMETRIC
ONLY STACK EXCLUDE EXISTS OVERRIDING
NUMERIC BIGNUMERIC BIGDECIMAL JSON CURRENT_DATE CURRENT_TIME DATETIME CONNECT_BY_ROOT CONNECT
`

// dateParts are the date/time part names some functions take as bare words.
var dateParts = map[string]bool{
	"year": true, "years": true, "yy": true, "yyyy": true, "quarter": true, "qtr": true, "q": true,
	"month": true, "months": true, "mon": true, "mm": true, "week": true, "weeks": true, "wk": true, "w": true,
	"day": true, "days": true, "d": true, "dd": true, "dayofweek": true, "dow": true, "dw": true,
	"dayofyear": true, "doy": true, "dy": true, "hour": true, "hours": true, "hh": true, "h": true,
	"minute": true, "minutes": true, "mi": true, "m": true, "second": true, "seconds": true, "s": true,
	"ss": true, "millisecond": true, "milliseconds": true, "ms": true, "microsecond": true,
	"microseconds": true, "us": true, "nanosecond": true, "ns": true, "epoch": true, "isoweek": true,
	"isoyear": true, "weekday": true, "isodow": true, "century": true, "decade": true, "millennium": true,
	"date": true, "datetime": true, "time": true, "timestamp": true, "yearofweek": true, "weekofyear": true,
}

// rewriteConnectBy reads a Snowflake hierarchical query (.. [START WITH c]
// CONNECT BY [NOCYCLE] PRIOR a = b): the clauses choose and order rows,
// as a join of the table with itself on its own columns does, so they are
// dropped; the pseudo-columns LEVEL, CONNECT_BY_ISLEAF and
// CONNECT_BY_ISCYCLE of the block are positions (0), not columns. Token i
// is CONNECT.
func (st *stmt) rewriteConnectBy(i int) {
	sel := st.blockSelect(i)
	end := st.blockEnd(i)
	clauseEnd := func(from int) int {
		for k := from; k < end; k = st.skip(k) {
			if st.anyWord(k, "GROUP", "ORDER", "HAVING", "QUALIFY", "LIMIT", "WINDOW", "START", "CONNECT") && k > from {
				return k
			}
		}
		return end
	}
	st.drop(i, clauseEnd(i+2))
	for k := sel + 1; k < end; k = st.skip(k) {
		switch {
		case st.word(k, "START") && st.word(k+1, "WITH"):
			st.drop(k, clauseEnd(k+2))
		case st.anyWord(k, "LEVEL", "CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE") && !st.op(k-1, ".") && !st.op(k+1, ".") && !st.dropped(k):
			st.replace(k, "0")
		}
	}
}

// rewriteDatePart quotes a bare date part argument (DATEADD(day, 1, x) ->
// DATEADD('day', 1, x)) so that it is not read as a column.
func (st *stmt) rewriteDatePart(i int) {
	if !st.op(i+1, "(") || st.spec.isMySQL() {
		return
	}
	close := st.closeOf(i + 1)
	if close < 0 {
		return
	}
	quote := func(k int) {
		if st.kind(k) == tkWord && dateParts[strings.ToLower(st.text(k))] {
			st.replace(k, "'"+strings.ToLower(st.text(k))+"'")
		}
	}
	// first argument; BigQuery's functions of this list (DATE_TRUNC,
	// DATE_DIFF, TIMESTAMP_TRUNC, ..) take the part last, so their first
	// argument is an expression even when it is named day or month
	if st.kind(i+2) == tkWord && st.op(i+3, ",") && st.spec.name != "bigquery" {
		if dateParts[strings.ToLower(st.text(i+2))] && st.anyWord(i, "TIMESTAMPDIFF", "TIMESTAMPADD") {
			// Snowflake's and Spark's TIMESTAMPDIFF / TIMESTAMPADD(part,
			// ..) are DATEDIFF / DATEADD (TiDB's own take only its unit
			// keywords, not a quoted part)
			if st.word(i, "TIMESTAMPDIFF") {
				st.replace(i, "DATEDIFF")
			} else {
				st.replace(i, "DATEADD")
			}
		}
		quote(i + 2)
	}
	// last argument (BigQuery: DATE_DIFF(a, b, DAY), DATE_TRUNC(x, MONTH))
	if st.spec.name == "bigquery" && st.kind(close-1) == tkWord && st.op(close-2, ",") {
		quote(close - 1)
	}
	// WEEK(MONDAY) forms in BigQuery: WEEK(x) is a function; leave it.
}

// rewriteString turns dialect-only string forms (E'..', $$..$$, r'..',
// triple-quoted) into literals TiDB reads in the dialect's mode.
func (st *stmt) rewriteString(i int) {
	s := st.text(i)
	if (s[0] == '\'' || s[0] == '"') && !strings.HasPrefix(s, "'''") && !strings.HasPrefix(s, `"""`) {
		return
	}
	v := stringValue(s)
	if s[0] == 'E' || s[0] == 'e' || ((s[0] == 'b' || s[0] == 'B') && len(s) > 1) {
		v = unescapeBackslash(v)
	}
	if st.spec.mode&mysql.ModeNoBackslashEscapes == 0 {
		v = strings.ReplaceAll(v, `\`, `\\`)
	}
	st.replace(i, "'"+strings.ReplaceAll(v, "'", "''")+"'")
}

// minOverlongDecimal is the length of the shortest decimal literal that
// TiDB's literal driver cannot hold. It keeps nine words of nine digits,
// the integer and the fraction parts in words of their own: one integer
// digit (a word), a dot and 73 fraction digits (nine words) are too many.
const minOverlongDecimal = 1 + 1 + 73

// rewriteOverlongDecimal turns a decimal literal too long for TiDB's
// literal driver (which panics on it) into a string literal of the same
// digits: a literal's value never matters to lineage, and the normalized
// text replaces both by '?'. Token i is a number, or a word that starts with
// one (1.5x: TiDB reads a decimal and an alias).
func (st *stmt) rewriteOverlongDecimal(i int) {
	s := st.text(i)
	if len(s) > 1 && (s[1] == 'x' || s[1] == 'X') {
		return // hexadecimal
	}
	k := 0
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	intDigits, fracDigits := k, 0
	if k < len(s) && s[k] == '.' {
		k++
		for k < len(s) && isDigit(s[k]) {
			k++
			fracDigits++
		}
	} else if st.kind(i) == tkWord {
		return // digits and letters: a name
	}
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') && st.kind(i) == tkNumber {
		return // floating point
	}
	words := func(digits int) int { return (digits + 8) / 9 }
	if words(intDigits)+words(fracDigits) > 9 {
		st.replace(i, "'"+s[:k]+"'"+strings.Repeat(" ", min(len(s)-k, 1))+s[k:])
	}
}

func unescapeBackslash(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for k := 0; k < len(v); k++ {
		if v[k] == '\\' && k+1 < len(v) {
			k++
			switch v[k] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(v[k])
			}
			continue
		}
		b.WriteByte(v[k])
	}
	return b.String()
}

// opRewrites and arithOps are the first bytes of the operators rewriteOp
// acts on (arithOps only where names are bracketed: T-SQL).
var opRewrites, arithOps = func() (op, arith [256]bool) {
	for _, c := range []byte(":#~![{?@") {
		op[c] = true
	}
	for _, c := range []byte("+-*/%") {
		arith[c] = true
	}
	return
}()

// opMayRewrite is the quick filter of rewriteOp: false means that rewriteOp
// leaves operator op alone (comparisons, brackets, commas, dots). tsql: the
// dialect brackets names, and has compound assignments (+= ...).
func opMayRewrite(op string, tsql bool) bool {
	c := op[0]
	return opRewrites[c] || (c == '=' && len(op) > 1) || (tsql && arithOps[c]) || op == "->" || op == "->>" || op == "<@"
}

// rewriteOp handles operators: x::t, x:path, ==, ~, subscripts, [..] arrays.
func (st *stmt) rewriteOp(i int) {
	if st.dropped(i) {
		return
	}
	s := st.text(i)
	switch s {
	case "::":
		st.rewriteColonCast(i)
	case "==":
		st.replace(i, "=")
	case "->":
		st.rewriteLambda(i)
		if !st.dropped(i) {
			st.rewriteJSONChain(i)
		}
	case "->>", "#>", "#>>":
		st.rewriteJSONChain(i)
	case "=>", ":=":
		// f(name => x), DuckDB's f(name := x): a named argument passes
		// its value
		if st.isName(i-1) && (st.op(i-2, "(") || st.op(i-2, ",")) && !st.dropped(i-1) && (s == "=>" || !st.spec.isMySQL()) {
			st.drop(i-1, i+1)
		}
	case "+", "-", "*", "/", "%":
		// T-SQL compound assignment in SET: a += b -> a = a + b
		if st.spec.bracketIdents && st.op(i+1, "=") && st.toks[i+1].start == st.toks[i].end && i > 0 {
			start := st.operandStart(i - 1)
			if start >= 0 && start < i && st.isName(start) {
				st.replace(i, "= "+st.src[st.toks[start].start:st.toks[i-1].end]+" "+s)
				st.drop(i+1, i+2)
			}
		}
	case "?", "?|", "?&", "@>", "<@":
		// Postgres jsonb key existence and containment (the tokenizer
		// makes them operators only there): a test of both operands
		if st.spec.jsonbOps {
			st.replace(i, "=")
		}
	case "#":
		// an operator here (Postgres XOR); TiDB would read a comment
		st.fail(i, "operator # is not supported")
	case "~", "~*":
		if st.spec.dollarQuotes && i > 0 && !st.op(i-1, "(") && !st.op(i-1, ",") {
			st.replace(i, "REGEXP")
		}
	case "!~", "!~*":
		if st.spec.dollarQuotes {
			st.replace(i, "NOT REGEXP")
		}
	case ":":
		if st.spec.colonPaths && st.scriptVarAt(i) {
			// Snowflake Scripting's :v where an operand starts: a
			// variable of the block bound into the statement
			st.rewritePsqlVar(i)
		} else if st.colonPathAt(i) {
			st.rewriteColonPath(i)
		} else if st.spec.psqlVars {
			st.rewritePsqlVar(i)
		}

	case "[":
		st.rewriteBracket(i)
	case "{":
		st.rewriteStructLiteral(i)
	}
}

// rewritePsqlVar reads a psql variable at the ':' at token i, where an
// operand starts (not a slice bound a[1:n]): :'v' is psql's quoted literal
// of v's value, :"v" its quoted identifier, and :v its value spliced as
// written, taken as a literal here (a value, mostly; the rare spliced table
// name fails to parse rather than naming a wrong table). The variable's
// value is not known, so only its role is kept.
func (st *stmt) rewritePsqlVar(i int) {
	next := i + 1
	if next >= len(st.toks) || st.toks[next].start != st.toks[i].end || st.dropped(next) {
		return
	}
	if st.afterOperand(i) {
		return
	}
	switch {
	case st.kind(next) == tkString:
		st.drop(i, i+1)
	case st.src[st.toks[next].start] == '"':
		st.drop(i, i+1)
	case st.kind(next) == tkWord:
		st.drop(i, i+1)
		st.replace(next, "'"+st.text(next)+"'")
	}
}

// afterOperand reports whether token i follows one that ends an operand
// (a name, literal, parameter or closing bracket), where a ':' is a path or
// slice bound, not a variable.
func (st *stmt) afterOperand(i int) bool {
	p := i - 1
	return p >= 0 && (st.isName(p) && !(st.kind(p) == tkWord && isReserved(st.text(p))) || st.op(p, ")") || st.op(p, "]") ||
		st.kind(p) == tkNumber || st.kind(p) == tkString || st.kind(p) == tkParam)
}

// scriptVarAt reports whether the ':' at token i starts a Snowflake
// Scripting variable (:v) rather than a path (x:f): no operand ends before
// it. A reserved word is a column (f.key:a, key:a) when qualified or
// written against the ':'; after a space it is the keyword (THEN :v).
func (st *stmt) scriptVarAt(i int) bool {
	if !st.afterOperand(i) {
		p := i - 1
		if p >= 0 && st.kind(p) == tkWord && (st.op(p-1, ".") || st.toks[p].end == st.toks[i].start) {
			return false
		}
		return true
	}
	return false
}

// notFuncWords are words that can precede '(' without being a function.
var notFuncWords = map[string]bool{
	"SELECT": true, "WHERE": true, "AND": true, "OR": true, "NOT": true, "WHEN": true, "THEN": true,
	"ELSE": true, "IN": true, "ON": true, "BY": true, "AS": true, "FROM": true, "JOIN": true,
	"HAVING": true, "EXISTS": true, "ANY": true, "ALL": true, "SOME": true, "CASE": true, "IS": true,
	"LIKE": true, "ILIKE": true, "BETWEEN": true, "RETURN": true, "USING": true, "OVER": true,
	"DISTINCT": true, "INTO": true, "SET": true, "WITH": true, "UNION": true, "EXCEPT": true,
	"INTERSECT": true, "LATERAL": true, "VALUES": true, "TABLE": true, "QUALIFY": true, "LIMIT": true,
	"END": true, "ELSEIF": true, "REGEXP": true, "RLIKE": true, "ESCAPE": true, "INTERVAL": true,
	"PARTITION": true, "ORDER": true, "GROUP": true, "WINDOW": true, "FILTER": true, "WITHIN": true,
}

// operandStart returns the first token of the operand that ends at token i
// (a name, literal, call, bracket group, CASE .. END, x:path, x[i]).
func (st *stmt) operandStart(i int) int {
	for i >= 0 {
		switch {
		case st.op(i, ")") || st.op(i, "]"):
			o := st.closeOf(i)
			if o < 0 {
				return i
			}
			if o > 0 && st.word(o-1, "OVER") {
				// f(x) OVER (...)
				i = o - 2
				continue
			}
			if o > 0 && (st.op(i, "]") && (st.isName(o-1) || st.op(o-1, ")") || st.op(o-1, "]"))) {
				i = o - 1
				continue
			}
			if o > 0 && st.isName(o-1) && !notFuncWords[upperWord(st, o-1)] {
				if c := st.castColonBefore(o-1, i+1); c >= 0 {
					// x::varchar(10)::text, x::character varying(10)::text:
					// the operand is the inner cast
					return st.operandStart(c - 1)
				}
				i = o - 1
				// schema.func(
				for st.op(i-1, ".") && st.isName(i-2) {
					i -= 2
				}
				return i
			}
			return o
		case st.word(i, "END"):
			depth := 0
			for j := i; j >= 0; j-- {
				if st.word(j, "END") {
					depth++
				} else if st.word(j, "CASE") {
					depth--
					if depth == 0 {
						return j
					}
				}
			}
			return i
		case st.isName(i) || st.kind(i) == tkString || st.kind(i) == tkNumber || st.kind(i) == tkParam:
			j := i
			for {
				if st.op(j-1, ".") && (st.isName(j-2) || st.op(j-2, ")") || st.op(j-2, "]")) {
					j -= 2
					if st.op(j, ")") || st.op(j, "]") {
						return st.operandStart(j)
					}
					continue
				}
				if st.op(j-1, ":") && st.colonPathAt(j-1) && (st.isName(j-2) || st.kind(j-2) == tkParam || st.op(j-2, "]") || st.op(j-2, ")")) && st.toks[j-1].start == st.toks[j-2].end {
					j -= 2
					if st.op(j, ")") || st.op(j, "]") {
						return st.operandStart(j)
					}
					continue
				}
				break
			}
			if c := st.castColonBefore(j, j+1); c >= 0 {
				// x::int::text, x::character varying::text: the operand is
				// the inner cast
				return st.operandStart(c - 1)
			}
			// typed literals: DATE 'x', TIMESTAMP 'x'
			if st.kind(i) == tkString && st.anyWord(j-1, "DATE", "TIMESTAMP", "TIME", "INTERVAL") {
				j--
			}
			return j
		default:
			return i
		}
	}
	return 0
}

// castColonBefore returns the '::' of a cast whose type name ends with the
// word at token last, or -1: x::int, or a type of several words read by
// mapType up to token after at least (x::character varying, x::double
// precision, x::timestamp with time zone). A type name has at most four.
func (st *stmt) castColonBefore(last, after int) int {
	for p := last; p >= 0 && p > last-4; p-- {
		if st.kind(p) != tkWord && st.kind(p) != tkQIdent {
			return -1
		}
		if st.op(p-1, "::") {
			if p == last {
				return p - 1
			}
			if _, end, ok := st.mapType(p, false); ok && end >= after {
				return p - 1
			}
			return -1
		}
	}
	return -1
}

// rewriteColonCast turns x::type into CAST(x AS type').
func (st *stmt) rewriteColonCast(i int) {
	start := st.operandStart(i - 1)
	if start < 0 || start >= i {
		st.fail(i, "'::' without an operand")
		return
	}
	typ, end, ok := st.mapType(i+1, false)
	if !ok {
		st.fail(i+1, "unsupported type in cast")
		return
	}
	if st.word(i+1, "INTERVAL") && st.kind(i-1) == tkString && start == i-1 {
		// '1 day'::interval
		st.before(start, lit("INTERVAL "))
		st.drop(i, end)
		st.rewriteIntervalString(i-1, i)
		return
	}
	st.before(start, lit("CAST("))
	st.replace(i, castAs(typ))
	st.drop(i+1, end)
}

// rewriteConvert reads T-SQL's [TRY_]CONVERT(type, x [, style]) as CAST(x
// AS type); token i is the function's name, close its ')'.
func (st *stmt) rewriteConvert(i, close int) {
	typ, end, ok := st.mapType(i+2, false)
	if !ok || !st.op(end, ",") || end+1 >= close {
		return
	}
	st.replace(i, "CAST")
	st.drop(i+2, end+1)
	if style := st.findTop(end+1, close, func(j int) bool { return st.op(j, ",") }); style >= 0 {
		st.drop(style, close)
	}
	st.before(close, lit(" AS "+typ))
}

// castAsTexts holds " AS T)" for every cast type T of typeClasses.
var castAsTexts = func() map[string]string {
	m := map[string]string{}
	for _, tc := range typeClasses {
		m[tc.cast] = " AS " + tc.cast + ")"
	}
	return m
}()

// castAs returns " AS typ)", the end of a CAST.
func castAs(typ string) string {
	if s, ok := castAsTexts[typ]; ok {
		return s
	}
	return " AS " + typ + ")"
}

// rewriteCast maps the target type of CAST(x AS type) and its kin.
func (st *stmt) rewriteCast(i int) {
	close := st.closeOf(i + 1)
	if close < 0 {
		return
	}
	as := st.findTop(i+2, close, func(j int) bool { return st.word(j, "AS") })
	if as < 0 {
		if (st.spec.tsql || st.spec.name == "redshift") && st.anyWord(i, "TRY_CONVERT", "CONVERT") {
			// CONVERT(type, x [, style]): T-SQL, and Redshift's CONVERT(type, x)
			st.rewriteConvert(i, close)
		}
		return
	}
	switch upperWord(st, i) {
	case "TRY_CAST", "SAFE_CAST":
		st.replace(i, "CAST")
	}
	if f := st.findTop(as+1, close, func(j int) bool { return st.word(j, "FORMAT") }); f > as+1 && st.spec.name == "bigquery" {
		// CAST(x AS STRING FORMAT 'YYYY' [AT TIME ZONE z]): the format
		// shapes the text, the value is x's
		st.drop(f, close)
		close = f
	}
	if st.spec.name == "trino" && st.rewriteRowCast(i, as, close) {
		return
	}
	typ, end, ok := st.mapType(as+1, false)
	if ok && end < close && st.word(end, "FORMAT") {
		// BigQuery CAST(x AS STRING FORMAT 'YYYY' [AT TIME ZONE z]):
		// the format shapes the text, x is the value
		st.drop(end, close)
		end = close
	}
	if !ok || end != close {
		st.fail(as+1, "unsupported type in cast")
		return
	}
	if st.word(as+1, "INTERVAL") {
		st.fail(as+1, "cast to INTERVAL")
		return
	}
	st.replace(as+1, typ)
	st.drop(as+2, end)
}

// rewriteSparkStruct reads Spark's struct(a, t.b, e AS c) as
// NAMED_STRUCT('a', a, 'b', t.b, 'c', e): a column's field is named by the
// column, an aliased expression's by its alias (an unaliased expression
// gets a generated name: then the struct is left to dropStructNames).
// Token i is STRUCT. It reports whether it rewrote.
func (st *stmt) rewriteSparkStruct(i int) bool {
	open := i + 1
	close := st.closeOf(open)
	if close < 0 || close == open+1 {
		return false
	}
	type item struct {
		start  int
		name   string
		asFrom int // the AS of an alias, or -1
	}
	var items []item
	for a := open + 1; a < close; {
		b := st.findTop(a, close, func(j int) bool { return st.op(j, ",") })
		if b < 0 {
			b = close
		}
		it := item{start: a, asFrom: -1}
		switch {
		case b-a >= 3 && st.word(b-2, "AS") && st.isName(b-1):
			it.name, it.asFrom = st.text(b-1), b-2
		case st.isName(a) && st.nameEnd(a) == b && !st.op(a+1, "("):
			it.name = st.text(b - 1)
		default:
			return false
		}
		if st.kind(b-1) == tkQIdent {
			it.name = it.name[1 : len(it.name)-1]
		}
		if it.name == "" || strings.ContainsAny(it.name, "'\\") {
			return false
		}
		items = append(items, it)
		a = b + 1
	}
	st.renameCall(i, "NAMED_STRUCT")
	for _, it := range items {
		st.before(it.start, lit("'"+it.name+"', "))
		if it.asFrom >= 0 {
			st.drop(it.asFrom, it.asFrom+2)
		}
	}
	return true
}

// rewriteRowCast reads Trino's CAST(ROW(e1, e2) AS ROW(x t1, y t2)), a row
// whose fields the type names, as NAMED_STRUCT('x', e1, 'y', e2): field x
// is e1's value, which a later r.x reads alone. Token i is CAST, as its AS,
// close its closing bracket. It reports whether it rewrote.
func (st *stmt) rewriteRowCast(i, as, close int) bool {
	if !st.word(i+2, "ROW") || !st.op(i+3, "(") || st.closeOf(i+3) != as-1 ||
		!st.word(as+1, "ROW") || !st.op(as+2, "(") || st.closeOf(as+2) != close-1 {
		return false
	}
	// the fields' names: the first token of each item of the type's list
	var names []string
	for k := as + 3; k < close-1; {
		if !st.isName(k) || st.op(k+1, ",") || st.op(k+1, ")") {
			return false // a field without a name (ROW(bigint, varchar))
		}
		name := st.text(k)
		if st.kind(k) == tkQIdent {
			name = name[1 : len(name)-1]
		}
		if strings.ContainsAny(name, "'\\") {
			return false
		}
		names = append(names, name)
		e := st.findTop(k, close-1, func(j int) bool { return st.op(j, ",") })
		if e < 0 {
			break
		}
		k = e + 1
	}
	// the row's values, one per name
	starts := []int{i + 4}
	for k := i + 4; k < as-1; k = st.skip(k) {
		if st.op(k, ",") {
			starts = append(starts, k+1)
		}
	}
	if len(starts) != len(names) || i+4 == as-1 {
		return false
	}
	st.replace(i, "NAMED_STRUCT")
	st.drop(i+2, i+4)
	for n, k := range starts {
		st.before(k, lit("'"+names[n]+"', "))
	}
	st.drop(as-1, close)
	return true
}

// rewriteInterval turns INTERVAL '1 day' into INTERVAL '1' DAY. TiDB takes
// an interval only beside + and - and in DATE_ADD and its kin; elsewhere
// (a function argument, a select item) the interval's expression stands
// alone, so that what it reads is kept.
func (st *stmt) rewriteInterval(i int) {
	// a window frame bound (RANGE BETWEEN INTERVAL '1' HOUR PRECEDING ..)
	// keeps its interval: the grammar takes one there
	frame := st.anyWord(i+2, "PRECEDING", "FOLLOWING") || st.anyWord(i+3, "PRECEDING", "FOLLOWING")
	standalone := !(st.op(i-1, "+") || st.op(i-1, "-")) &&
		!(st.op(i-1, ",") && st.inDateAdd(i)) && !frame
	if standalone && !st.spec.isMySQL() {
		st.drop(i, i+1)
		end := i + 2
		if st.op(i+1, "(") {
			end = st.skip(i + 1)
		}
		if intervalUnit(upperWord(st, end)) == "" && (st.kind(i+1) != tkString || end != i+2) {
			// INTERVAL CAST(x AS INT64) SECOND, INTERVAL a * b DAY: an
			// expression of several tokens runs to its unit. A string
			// ('30 minutes') is the whole interval: a unit-like word
			// further on (a window named w) is not its unit
			end = st.intervalUnitAfter(i + 1)
		}
		if st.kind(i+1) == tkString {
			if f0, _, n := firstFields(stringValue(st.text(i + 1))); n > 0 {
				st.replace(i+1, "'"+strings.ReplaceAll(f0, "'", "")+"'")
			}
		}
		if intervalUnit(upperWord(st, end)) != "" {
			st.drop(end, end+1)
			if st.word(end+1, "TO") && intervalUnit(upperWord(st, end+2)) != "" {
				st.drop(end+1, end+3)
			}
		}
		return
	}
	if st.kind(i+1) == tkNumber {
		// INTERVAL 14 days: a plural or abbreviated unit
		if w := upperWord(st, i+2); w != "" && intervalUnit(w) != "" && intervalUnit(w) != w {
			st.replace(i+2, intervalUnit(w))
		}
		return
	}
	if st.kind(i+1) != tkString {
		return
	}
	if st.spec.isMySQL() && strings.IndexByte(st.text(i+2), '_') > 0 && compoundUnits[upperWord(st, i+2)] {
		// MySQL's INTERVAL '1-2' YEAR_MONTH: TiDB's own
		return
	}
	if w := upperWord(st, i+2); w != "" && intervalUnit(w) != "" {
		// INTERVAL '1' DAY: map plural/odd units
		st.replace(i+2, intervalUnit(w))
		if st.word(i+3, "TO") && intervalUnit(upperWord(st, i+4)) != "" {
			st.replace(i+2, intervalUnit(w)+"_"+intervalUnit(upperWord(st, i+4)))
			st.drop(i+3, i+5)
		}
		return
	}
	st.rewriteIntervalString(i+1, i+2)
}

// intervalUnitAfter returns the index of the unit that ends an interval's
// expression starting at token from: the first unit word at the
// expression's bracket depth, after its first token, that ends it (a ',',
// ')', ';', TO, a keyword or the statement's end follows it), or -1. It
// looks no further than the end of the argument or item (a ',' or ')').
func (st *stmt) intervalUnitAfter(from int) int {
	for k := from + 1; k < len(st.toks); {
		switch {
		case st.op(k, ",") || st.op(k, ")") || st.op(k, ";"):
			return -1
		case st.op(k, "(") || st.op(k, "["):
			k = st.skip(k)
			continue
		case intervalUnit(upperWord(st, k)) != "" && !st.op(k-1, ".") && !st.op(k+1, ".") && !st.op(k+1, "(") &&
			(k+1 >= len(st.toks) || st.op(k+1, ",") || st.op(k+1, ")") || st.op(k+1, ";") ||
				(st.kind(k+1) == tkWord && isReserved(st.text(k+1)))):
			return k
		}
		k++
	}
	return -1
}

// rewriteIntervalString rewrites string token s ('2 days') into '2' DAY,
// the INTERVAL keyword being emitted before it.
func (st *stmt) rewriteIntervalString(s, _ int) {
	v := strings.TrimSpace(stringValue(st.text(s)))
	f0, f1, n := firstFields(v)
	var unit1 string
	if n >= 2 {
		unit1 = intervalUnitOf(f1)
	}
	switch {
	case unit1 != "":
		st.replace(s, "'"+strings.ReplaceAll(f0, "'", "")+"' "+unit1)
	case n == 1:
		// '1' alone or '1day'
		num := strings.TrimRightFunc(f0, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' })
		unit := intervalUnitOf(f0[len(num):])
		if unit == "" {
			unit = "DAY"
			if strings.Contains(num, ":") {
				unit = "HOUR_SECOND"
			}
		}
		st.replace(s, "'"+strings.ReplaceAll(num, "'", "")+"' "+unit)
	default:
		st.fail(s, "unsupported interval (a literal of more than two parts)")
	}
}

// firstFields returns the first two fields of v as strings.Fields splits
// it, and how many fields it has (at most 2), without allocating for ASCII.
func firstFields(v string) (f0, f1 string, n int) {
	if !isASCII(v) {
		f := strings.Fields(v)
		if len(f) > 1 {
			return f[0], f[1], 2
		} else if len(f) == 1 {
			return f[0], "", 1
		}
		return "", "", 0
	}
	var f [2]string
	for i := 0; i < len(v) && n < 2; {
		for i < len(v) && byteClass[v[i]]&clSpace != 0 {
			i++
		}
		j := i
		for j < len(v) && byteClass[v[j]]&clSpace == 0 {
			j++
		}
		if j > i {
			f[n] = v[i:j]
			n++
		}
		i = j
	}
	return f[0], f[1], n
}

// intervalUnitOf is intervalUnit of w in upper case, without allocating
// for a short ASCII word.
func intervalUnitOf(w string) string {
	var b [16]byte
	if len(w) > len(b) || !isASCII(w) {
		return intervalUnit(strings.ToUpper(w))
	}
	return intervalUnit(string(upperASCII(b[:], w)))
}

// compoundUnits are MySQL's interval units of two parts.
var compoundUnits = map[string]bool{
	"YEAR_MONTH": true, "DAY_HOUR": true, "DAY_MINUTE": true, "DAY_SECOND": true, "DAY_MICROSECOND": true,
	"HOUR_MINUTE": true, "HOUR_SECOND": true, "HOUR_MICROSECOND": true, "MINUTE_SECOND": true,
	"MINUTE_MICROSECOND": true, "SECOND_MICROSECOND": true,
}

func intervalUnit(w string) string {
	switch strings.TrimSuffix(w, "S") {
	case "YEAR", "Y", "YR":
		return "YEAR"
	case "QUARTER":
		return "QUARTER"
	case "MONTH", "MON":
		return "MONTH"
	case "WEEK", "W":
		return "WEEK"
	case "DAY", "D":
		return "DAY"
	case "HOUR", "H", "HR":
		return "HOUR"
	case "MINUTE", "MIN", "M":
		return "MINUTE"
	case "SECOND", "SEC":
		return "SECOND"
	case "MILLISECOND", "MSEC", "MS":
		return "MICROSECOND"
	case "MICROSECOND", "U":
		return "MICROSECOND"
	}
	return ""
}

// rewriteTop moves SELECT TOP n to a LIMIT at the end of the query block.
func (st *stmt) rewriteTop(i int) {
	end := i + 2
	if st.op(i+1, "(") {
		if st.closeOf(i+1) <= i+2 {
			return // TOP( unclosed, or TOP (): TiDB reports the error
		}
		end = st.skip(i + 1)
	}
	if st.word(end, "PERCENT") {
		st.fail(i, "TOP n PERCENT")
		return
	}
	n := st.text(i + 1)
	if st.op(i+1, "(") {
		n = st.src[st.toks[i+2].start:st.toks[end-2].end]
	}
	if st.word(end, "WITH") && st.word(end+1, "TIES") {
		end += 2 // ties to the last row: more rows, the same columns
	}
	st.drop(i, end)
	st.after(st.blockEnd(i)-1, lit(" LIMIT "), lit(n))
}

// blockEnd returns the index after the last token of the query block that
// contains token i (the closing bracket or end of statement, or a set
// operator at the same depth).
func (st *stmt) blockEnd(i int) int {
	toks := st.toks
	for j := max(i, 0); j < len(toks); j++ {
		switch t := toks[j]; {
		case t.kind == tkOp && t.end-t.start == 1:
			switch st.src[t.start] {
			case '(', '[':
				// over the group; an unmatched bracket is never closed,
				// so the block runs to the end
				if j >= len(st.match) || st.match[j] < int32(j) {
					return len(toks)
				}
				j = int(st.match[j])
			case ')', ']':
				return j
			}
		case t.kind == tkWord:
			// a set operator (by its length first: most words are none)
			var set bool
			switch t.end - t.start {
			case 5:
				set = st.word(j, "UNION") || st.word(j, "MINUS")
			case 6:
				set = st.word(j, "EXCEPT")
			case 9:
				set = st.word(j, "INTERSECT")
			}
			if set {
				return j
			}
		}
	}
	return len(toks)
}

// rewriteDistinctFrom: a IS [NOT] DISTINCT FROM b -> a <=> b [IS FALSE].
func (st *stmt) rewriteDistinctFrom(i int) {
	not := st.word(i+1, "NOT")
	j := i + 1
	if not {
		j++
	}
	if !st.word(j, "DISTINCT") || !st.word(j+1, "FROM") {
		return
	}
	st.replace(i, "<=>")
	st.drop(i+1, j+2)
	if !not {
		// the right operand ends at the next boolean connective or clause
		end := st.exprEnd(j + 2)
		st.after(end-1, lit(" IS FALSE"))
	}
}

// exprEnd returns the index after the comparison operand starting at i.
func (st *stmt) exprEnd(i int) int {
	for j := i; j < len(st.toks); j = st.skip(j) {
		if st.op(j, ")") || st.op(j, ",") || st.op(j, ";") {
			return j
		}
		if st.anyWord(j, "AND", "OR", "THEN", "WHEN", "ELSE", "END", "WHERE", "GROUP", "ORDER", "HAVING",
			"LIMIT", "UNION", "EXCEPT", "INTERSECT", "AS", "FROM", "ON", "JOIN", "LEFT", "RIGHT", "INNER",
			"CROSS", "FULL", "QUALIFY", "WINDOW", "IS") {
			return j
		}
	}
	return len(st.toks)
}

// rewriteExtract maps EXTRACT(part FROM x) for parts TiDB lacks.
func (st *stmt) rewriteExtract(i int) {
	if st.op(i+1, "(") && st.word(i+2, "WEEK") && st.op(i+3, "(") && st.isName(i+4) && st.op(i+5, ")") && st.word(i+6, "FROM") {
		// BigQuery EXTRACT(WEEK(MONDAY) FROM d): weeks that start on
		// that day, still the week of d
		st.drop(i+3, i+6)
		return
	}
	if !st.op(i+1, "(") || !st.word(i+3, "FROM") {
		return
	}
	part := strings.ToUpper(st.text(i + 2))
	if st.kind(i+2) == tkString {
		part = strings.ToUpper(stringValue(part))
		st.replace(i+2, part)
	}
	fn := ""
	switch part {
	case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND":
		return
	case "EPOCH":
		fn = "UNIX_TIMESTAMP"
	case "DOW", "DAYOFWEEK", "WEEKDAY":
		fn = "DAYOFWEEK"
	case "ISODOW":
		fn = "WEEKDAY"
	case "DOY", "DAYOFYEAR":
		fn = "DAYOFYEAR"
	case "MILLISECOND", "MILLISECONDS", "MS":
		fn = "MICROSECOND"
	case "ISOWEEK", "WEEKOFYEAR", "WEEK_ISO":
		fn = "WEEKOFYEAR"
	case "DAYOFMONTH":
		fn = "DAYOFMONTH"
	default:
		if unit := intervalUnit(part); unit != "" {
			st.replace(i+2, unit)
			return
		}
		fn = "EXTRACT_" + part
	}
	st.replace(i, fn)
	st.drop(i+2, i+4)
}

// rewriteWithinGroup: f(args) WITHIN GROUP (ORDER BY k) -> for LISTAGG and
// its kin GROUP_CONCAT(x ORDER BY k SEPARATOR s); for others the ordering
// expressions become arguments (they are what the value derives from).
func (st *stmt) rewriteWithinGroup(i int) {
	closeArgs := i - 1
	openArgs := st.closeOf(closeArgs)
	open := i + 2
	close := st.closeOf(open)
	if openArgs < 1 || close < 0 || !st.word(open+1, "ORDER") || !st.word(open+2, "BY") {
		st.fail(i, "unsupported WITHIN GROUP")
		return
	}
	fn := upperWord(st, openArgs-1)
	st.drop(i, open+1)
	st.drop(close, close+1)
	// over a window (LISTAGG(x, ',') WITHIN GROUP (ORDER BY y) OVER (..),
	// PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER (..)), the
	// ordering becomes arguments of a call wrapped in MAX, which TiDB takes
	// OVER after (GROUP_CONCAT's own ORDER BY is lost over a window)
	over := st.word(close+1, "OVER")
	if over {
		st.before(openArgs-1, lit("MAX("))
		st.after(closeArgs, lit(")"))
		fn = ""
	}
	switch fn {
	case "LISTAGG", "STRING_AGG", "GROUP_CONCAT", "ARRAY_AGG":
		st.renameCall(openArgs-1, "GROUP_CONCAT")
		comma := st.findTop(openArgs+1, closeArgs, func(j int) bool { return st.op(j, ",") })
		var tail []piece
		tail = append(tail, lit(" "), span(open+1, close))
		if comma >= 0 {
			st.move(comma+1, closeArgs)
			st.drop(comma, comma+1)
			tail = append(tail, lit(" SEPARATOR "), span(comma+1, closeArgs))
		}
		st.move(open+1, close)
		st.before(closeArgs, tail...)
	default:
		st.drop(open+1, open+3)
		st.move(open+3, close)
		ps := []piece{lit(", "), span(open+3, close)}
		if closeArgs == openArgs+1 {
			ps = ps[1:]
		}
		st.before(closeArgs, ps...)
		// ASC/DESC inside the moved list are not expressions
		for j := open + 3; j < close; j++ {
			if st.anyWord(j, "ASC", "DESC") {
				st.drop(j, j+1)
			}
		}
	}
}

// rewriteQualify turns QUALIFY expr into HAVING expr (or AND expr after an
// existing HAVING): the filter keeps its column reads.
func (st *stmt) rewriteQualify(i int) {
	// the clauses of QUALIFY's own query before it, back to its SELECT
	// (not those of a query around it, or of an earlier UNION branch)
	depth := 0
	having, window := false, false
	for j := i - 1; j >= 0; j-- {
		if st.op(j, ")") {
			depth++
		} else if st.op(j, "(") {
			if depth == 0 {
				break
			}
			depth--
		} else if depth == 0 {
			if st.word(j, "SELECT") {
				break
			}
			having = having || st.word(j, "HAVING")
			window = window || st.word(j, "WINDOW")
		}
	}
	switch {
	case window:
		// TiDB takes HAVING before WINDOW only
		st.fail(i, "QUALIFY after WINDOW")
	case having:
		st.replace(i, "AND")
	default:
		st.replace(i, "HAVING")
	}
}

// rewriteGroupingSets flattens GROUPING SETS ((a, b), (a), ()) to a, b, a.
// After a grouping list (Hive and Spark: GROUP BY a, b GROUPING SETS ((a,
// b), (a), ())) the sets are subsets of the list and add no column: they
// are dropped.
func (st *stmt) rewriteGroupingSets(i int) {
	open := i + 2
	close := st.closeOf(open)
	if close < 0 {
		return
	}
	if !st.word(i-1, "BY") && !st.op(i-1, ",") {
		st.drop(i, close+1)
		return
	}
	st.drop(i, open+1)
	st.drop(close, close+1)
	first := true
	for j := open + 1; j < close; {
		end := st.findTop(j, close, func(k int) bool { return st.op(k, ",") })
		if end < 0 {
			end = close
		}
		if end < close {
			st.drop(end, end+1)
		}
		empty := st.op(j, "(") && st.closeOf(j) == j+1
		if st.op(j, "(") && st.closeOf(j) == end-1 {
			st.drop(j, j+1)
			st.drop(end-1, end)
		}
		if empty {
			st.drop(j, end)
		} else {
			if !first {
				st.before(j, lit(", "))
			}
			first = false
		}
		j = end + 1
	}
	if first {
		// only the grand total: GROUP BY () means no grouping
		st.before(i, lit("NULL"))
	}
}

// rewriteFilter: agg(x) FILTER (WHERE c) -> agg(CASE WHEN c THEN x END).
func (st *stmt) rewriteFilter(i int) {
	closeArgs := i - 1
	if o := st.closeOf(closeArgs); st.word(o-1, "GROUP") && st.word(o-2, "WITHIN") && st.op(o-3, ")") {
		// f(a) WITHIN GROUP (ORDER BY x) FILTER (WHERE c) (Postgres): the
		// filter is of f's rows; rewriteWithinGroup moved x into the call
		closeArgs = o - 3
	}
	openArgs := st.closeOf(closeArgs)
	open := i + 1
	close := st.closeOf(open)
	if openArgs < 0 || close < 0 {
		return
	}
	st.move(open+2, close)
	st.drop(i, open+2)
	st.drop(close, close+1)
	argStart := openArgs + 1
	if st.word(argStart, "DISTINCT") {
		argStart++
	}
	if st.op(argStart, "*") && argStart+1 == closeArgs {
		st.replace(argStart, "1")
	}
	if argStart == closeArgs {
		if closeArgs != i-1 {
			// mode() WITHIN GROUP (ORDER BY x): x is the argument now
			st.after(openArgs, lit("CASE WHEN "), span(open+2, close), lit(" THEN 1 END, "))
			return
		}
		st.before(closeArgs, lit("CASE WHEN "), span(open+2, close), lit(" THEN 1 END"))
		return
	}
	st.before(argStart, lit("CASE WHEN "), span(open+2, close), lit(" THEN "))
	end := st.findTop(argStart, closeArgs, func(j int) bool { return st.op(j, ",") || st.word(j, "ORDER") })
	if end < 0 {
		end = closeArgs
	}
	st.after(end-1, lit(" END"))
}

// rewriteRatioToReport: RATIO_TO_REPORT(x) OVER w -> (x) / SUM(x) OVER w.
func (st *stmt) rewriteRatioToReport(i int) {
	if !st.op(i+1, "(") {
		return
	}
	close := st.closeOf(i + 1)
	if close < 0 || !st.word(close+1, "OVER") {
		return
	}
	st.replace(i, "(")
	st.drop(i+1, i+2)
	st.replace(close, ") / SUM(")
	st.after(close, span(i+2, close), lit(")"))
}

// rewriteTrim: TRIM(s, chars), the two-argument form of Snowflake,
// BigQuery, DuckDB and Postgres, is TRIM(BOTH chars FROM s), the form the
// grammar has: chars are trimmed from both ends of s.
func (st *stmt) rewriteTrim(i int) {
	if !st.op(i+1, "(") {
		return
	}
	close := st.closeOf(i + 1)
	if close < 0 {
		return
	}
	comma := st.findTop(i+2, close, func(k int) bool { return st.op(k, ",") })
	if comma <= i+2 || comma+1 >= close || st.findTop(comma+1, close, func(k int) bool { return st.op(k, ",") }) >= 0 {
		return
	}
	st.replaceRange(i+2, close, lit("BOTH "), span(comma+1, close), lit(" FROM "), span(i+2, comma))
}

// rewriteFetch: FETCH FIRST n ROWS ONLY (or WITH TIES) -> LIMIT n.
func (st *stmt) rewriteFetch(i int) {
	if !st.anyWord(i+1, "FIRST", "NEXT") {
		return
	}
	j := i + 2
	n := "1"
	if st.kind(j) == tkNumber {
		n = st.text(j)
		j++
	}
	end := j + 2
	switch {
	case st.anyWord(j, "ROWS", "ROW") && st.word(j+1, "ONLY"):
	case st.anyWord(j, "ROWS", "ROW") && st.word(j+1, "WITH") && st.word(j+2, "TIES"):
		// the rows tied with the last one come too: the same columns
		end++
	default:
		return
	}
	st.drop(i, end)
	st.before(i, lit("LIMIT "), lit(n))
}

// rewriteHiveSort: SORT BY / CLUSTER BY -> ORDER BY; DISTRIBUTE BY dropped.
func (st *stmt) rewriteHiveSort(i int) {
	if st.word(i, "DISTRIBUTE") {
		end := st.findTop(i+2, len(st.toks), func(j int) bool {
			return st.anyWord(j, "SORT", "ORDER", "LIMIT", "CLUSTER", "UNION", "INSERT") || st.op(j, ")")
		})
		if end < 0 {
			end = len(st.toks)
		}
		st.drop(i, end)
		return
	}
	if st.word(i, "CLUSTER") && st.word(i-1, "WITHIN") {
		return
	}
	st.replace(i, "ORDER")
}

// rewriteColonPath: x:a.b[0] (Snowflake) -> JSON_EXTRACT(x, '$.a.b[0]').
func (st *stmt) rewriteColonPath(i int) {
	if i == 0 || st.toks[i].start != st.toks[i-1].end {
		return
	}
	if !(st.isName(i-1) || st.kind(i-1) == tkParam || st.op(i-1, "]") || st.op(i-1, ")")) {
		return
	}
	if !(st.isName(i+1) || st.kind(i+1) == tkString) {
		return
	}
	start := st.operandStart(i - 1)
	// path: name (. name | [ .. ])*, written as the string literal of a
	// JSON path (quotes doubled)
	var b [64]byte
	path := append(b[:0], ", '$"...)
	j := i + 1
	for {
		switch {
		case st.isName(j) && (j == i+1 || st.op(j-1, ".")):
			path = appendQuoted(append(path, '.'), st.identAt(j).Name)
			j++
		case st.op(j, ".") && st.isName(j+1):
			j++
		case st.op(j, "[") && st.closeOf(j) == j+2 && (st.kind(j+1) == tkNumber || st.kind(j+1) == tkString):
			if st.kind(j+1) == tkNumber {
				path = append(append(append(path, '['), st.text(j+1)...), ']')
			} else {
				path = appendQuoted(append(path, '.'), stringValue(st.text(j+1)))
			}
			j += 3
		default:
			goto done
		}
	}
done:
	st.before(start, lit("JSON_EXTRACT("))
	st.replace(i, string(append(path, "')"...)))
	st.drop(i+1, j)
}

// appendQuoted appends s to buf with its single quotes doubled.
func appendQuoted(buf []byte, s string) []byte {
	for k := 0; k < len(s); k++ {
		if s[k] == '\'' {
			buf = append(buf, '\'')
		}
		buf = append(buf, s[k])
	}
	return buf
}

// rewriteBracket handles [..] array literals and x[i] subscripts.
func (st *stmt) rewriteBracket(i int) {
	close := st.closeOf(i)
	if close < 0 || st.dropped(i) {
		return
	}
	if i > 0 && (st.isName(i-1) && !notFuncWords[upperWord(st, i-1)] || st.op(i-1, ")") || st.op(i-1, "]")) && !st.word(i-1, "ARRAY") {
		// subscript: x[i] -> ELEMENT_AT(x, i)
		start := st.operandStart(i - 1)
		st.before(start, lit("ELEMENT_AT("))
		st.replace(i, ",")
		st.replace(close, ")")
		return
	}
	st.replace(i, "JSON_ARRAY(")
	st.replace(close, ")")
}

// rewriteValues: (VALUES (1, 2), (3, 4)) AS v(a, b) in FROM -> a LATERAL
// derived table of ROW(..)s, reported as a table function.
func (st *stmt) rewriteValues(i int) {
	if st.anyWord(i-1, "FROM", "JOIN") && st.op(i+1, "(") {
		// FROM VALUES (1), (2) [AS v(a)] (Snowflake, Postgres): bracket it
		end := i + 1
		for st.op(end, "(") {
			end = st.skip(end)
			if !st.op(end, ",") || !st.op(end+1, "(") {
				break
			}
			end++
		}
		for j := i + 1; j < end; j = st.skip(j) {
			if st.op(j, "(") {
				st.before(j, lit("ROW"))
			}
		}
		st.before(i, lit("LATERAL ("))
		st.after(end-1, lit(")"))
		if st.aliasAfter(end) < 0 {
			st.after(end-1, lit(" AS `values`"))
			st.recordFunc("values", TableFunc{Func: "VALUES"})
		} else {
			st.recordFunc(st.aliasRaw(st.aliasAfter(end)), TableFunc{Func: "VALUES"})
		}
		return
	}
	if !st.op(i-1, "(") || !st.op(i+1, "(") {
		return
	}
	open := i - 1
	close := st.closeOf(open)
	if close < 0 {
		return
	}
	// is this a FROM item? (after APPLY or LATERAL: already lateral)
	lateral := st.anyWord(open-1, "APPLY", "LATERAL")
	if !(lateral || st.anyWord(open-1, "FROM", "JOIN") || st.op(open-1, ",") && st.inFrom(open)) {
		return
	}
	for j := i + 1; j < close; {
		if st.op(j, "(") {
			st.before(j, lit("ROW"))
			j = st.skip(j)
			continue
		}
		j++
	}
	if !lateral {
		st.before(open, lit("LATERAL "))
	}
	alias := st.aliasAfter(close + 1)
	if alias < 0 {
		st.after(close, lit(" AS `values`"))
		st.recordFunc("values", TableFunc{Func: "VALUES"})
		return
	}
	st.recordFunc(st.aliasRaw(alias), TableFunc{Func: "VALUES"})
}

// inFrom reports whether token i is inside a FROM clause of its block.
func (st *stmt) inFrom(i int) bool {
	if lv := st.levelsFor(); lv != nil {
		j := int(lv.clause[i])
		return j >= 0 && st.anyWord(j, "FROM", "JOIN", "USING")
	}
	return st.inFromWalk(i)
}

// inFromWalk is inFrom by walking back from i over bracket groups to the
// nearest clause word of i's block.
func (st *stmt) inFromWalk(i int) bool {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		if st.op(j, ")") {
			depth++
		} else if st.op(j, "(") {
			if depth == 0 {
				return false
			}
			depth--
		} else if depth == 0 {
			if st.anyWord(j, "FROM", "JOIN", "USING") {
				return true
			}
			if st.anyWord(j, "SELECT", "WHERE", "ON", "SET", "GROUP", "HAVING", "ORDER", "VALUES") {
				return false
			}
		}
	}
	return false
}

// aliasAfter returns the index of the alias name at i ([AS] name), or -1.
func (st *stmt) aliasAfter(i int) int {
	if st.word(i, "AS") {
		i++
		if st.word(i, "VALUES") && !st.op(i+1, "(") {
			// AS values: a name (BigQuery does not reserve it)
			return i
		}
	}
	if st.isName(i) && !st.isClauseWord(i) {
		return i
	}
	return -1
}

// isClauseWord reports whether token i is a word (in any case) that ends a
// FROM item, rather than naming it.
func (st *stmt) isClauseWord(i int) bool {
	return st.kind(i) == tkWord && clauseWords().has(st.text(i))
}

// clauseWords are the words that end a FROM item.
var clauseWords = sync.OnceValue(func() *wordSet { return wordSetOf(clauseWordList) })

const clauseWordList = `
WHERE GROUP HAVING ORDER LIMIT ON USING JOIN LEFT RIGHT INNER CROSS FULL OUTER NATURAL UNION EXCEPT
INTERSECT MINUS WINDOW QUALIFY LATERAL WITH SET WHEN THEN SELECT FROM AS OFFSET FETCH SEMI ANTI
DISTRIBUTE SORT CLUSTER INSERT PIVOT UNPIVOT TABLESAMPLE RETURNING FOR START CONNECT MATCH_RECOGNIZE
AT BEFORE CHANGES SAMPLE APPLY OUTPUT VALUES ELSE END AND OR NOT IS IN
`

// aliasRaw returns how the alias at token i appears in the tree.
func (st *stmt) aliasRaw(i int) string {
	id := st.identAt(i)
	if id.Quoted && !st.spec.isMySQL() {
		return encodeParts([]Ident{id})
	}
	return id.Name
}

func (st *stmt) recordFunc(raw string, f TableFunc) {
	if st.funcs == nil && st.ws != nil {
		st.funcs = st.ws.funcBuf[:0]
	}
	st.funcs = append(st.funcs, funcRec{alias: strings.ToLower(raw), f: f})
}

// rewriteDateAdd: DATE_ADD(d, n) (Hive, Spark: days) -> DATE_ADD(d,
// INTERVAL n DAY); a three-argument form (DATE_ADD(part, n, d)) becomes a
// plain call.
func (st *stmt) rewriteDateAdd(i int) {
	if !st.op(i+1, "(") || st.spec.isMySQL() {
		return
	}
	pos, _ := st.funcArgs(i+1, nil)
	switch {
	case len(pos) == 2 && !st.word(pos[1][0], "INTERVAL"):
		if st.word(i, "ADD_MONTHS") {
			st.replace(i, "DATE_ADD")
			st.before(pos[1][0], lit("INTERVAL "))
			st.after(pos[1][1]-1, lit(" MONTH"))
			return
		}
		st.before(pos[1][0], lit("INTERVAL "))
		st.after(pos[1][1]-1, lit(" DAY"))
	case len(pos) == 3:
		st.replace(i, "DATEADD")
		st.rewriteDatePart(i)
	}
}

// rewriteCTEs adds the AS that Spark lets a CTE omit: WITH a (SELECT ..).
func (st *stmt) rewriteCTEs(i int) {
	j := i + 1
	if st.word(j, "RECURSIVE") {
		j++
	}
	for st.isName(j) {
		k := j + 1
		if st.op(k, "(") && !st.isQueryStart(k) {
			k = st.skip(k)
		}
		if st.word(k, "AS") {
			k++
			if st.anyWord(k, "MATERIALIZED") {
				st.drop(k, k+1)
				k++
			} else if st.word(k, "NOT") && st.word(k+1, "MATERIALIZED") {
				st.drop(k, k+2)
				k += 2
			}
		} else if st.op(k, "(") && st.isQueryStart(k) {
			st.before(k, lit("AS "))
		} else {
			return
		}
		if !st.op(k, "(") {
			return
		}
		k = st.skip(k)
		if !st.op(k, ",") {
			return
		}
		j = k + 1
	}
}

// isQueryStart reports whether token i starts a query, possibly inside
// brackets: SELECT, WITH, VALUES, ((SELECT ..)).
func (st *stmt) isQueryStart(i int) bool {
	for st.op(i, "(") {
		i++
	}
	return st.anyWord(i, "SELECT", "WITH", "VALUES")
}

// rewriteOuterJoin adds ON TRUE to an outer join without a condition
// (TiDB requires one).
func (st *stmt) rewriteOuterJoin(i int) {
	k := i - 1
	if st.word(k, "OUTER") {
		k--
	}
	if !st.anyWord(k, "LEFT", "RIGHT", "FULL") || st.word(k-1, "NATURAL") {
		return
	}
	st.onTrue(i)
}

// onTrue adds ON TRUE after the item the join at token i joins, unless it
// has its ON or USING.
func (st *stmt) onTrue(i int) {
	end := st.blockEnd(i)
	next := st.findTop(i+1, end, func(j int) bool {
		return st.op(j, ",") || st.anyWord(j, "ON", "USING", "JOIN", "LEFT", "RIGHT", "INNER", "CROSS", "FULL",
			"NATURAL", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "QUALIFY", "WINDOW", "UNION", "EXCEPT",
			"INTERSECT", "SEMI", "ANTI") || (st.word(j, "LATERAL") && st.word(j+1, "VIEW"))
	})
	if next >= 0 && st.anyWord(next, "ON", "USING") {
		return
	}
	if next < 0 {
		st.after(end-1, lit(" ON TRUE"))
		return
	}
	st.before(next, lit("ON TRUE "))
}

// inDateAdd reports whether token i is an argument of DATE_ADD and its kin.
func (st *stmt) inDateAdd(i int) bool {
	if lv := st.levelsFor(); lv != nil {
		o := int(lv.open[i])
		return o >= 0 && st.anyWord(o-1, "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE")
	}
	return st.inDateAddWalk(i)
}

// inDateAddWalk is inDateAdd by walking back from i to the bracket that
// holds it.
func (st *stmt) inDateAddWalk(i int) bool {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		if st.op(j, ")") {
			depth++
		} else if st.op(j, "(") {
			if depth == 0 {
				return st.anyWord(j-1, "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE")
			}
			depth--
		}
	}
	return false
}

// upperInto appends the upper-cased text of word token i to buf (empty when
// the word is too long to be a keyword), without allocating.
func (st *stmt) upperInto(i int, buf []byte) []byte {
	t := st.toks[i]
	w := st.src[t.start:t.end]
	n := len(buf)
	if len(w) > cap(buf)-n {
		return buf
	}
	upperASCII(buf[n:n+len(w)], w)
	return buf[:n+len(w)]
}

// rewriteSample drops SAMPLE / TABLESAMPLE clauses (they pick rows, not
// columns).
func (st *stmt) rewriteSample(i int) {
	if st.spec.isMySQL() {
		return
	}
	if st.spec.name == "duckdb" && st.word(i-1, "USING") {
		// DuckDB: USING SAMPLE 10% [(method)] [REPEATABLE (n)]: rows,
		// not columns, up to the next clause
		end := st.findTop(i+1, len(st.toks), func(k int) bool {
			return st.anyWord(k, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "QUALIFY", "WINDOW", "UNION", "EXCEPT", "INTERSECT") || st.op(k, ")")
		})
		if end < 0 {
			end = len(st.toks)
		}
		st.drop(i-1, end)
		return
	}
	j := i + 1
	if st.anyWord(j, "BERNOULLI", "SYSTEM", "BLOCK", "ROW") {
		j++
	}
	if !st.op(j, "(") {
		return
	}
	end := st.skip(j)
	if st.anyWord(end, "REPEATABLE", "SEED") && st.op(end+1, "(") {
		end = st.skip(end + 1)
	}
	st.drop(i, end)
}

// rewriteAnyArray: x = ANY(ARRAY[..]) or x = ANY(arr) -> x IN (..).
func (st *stmt) rewriteAnyArray(i int) {
	if !st.op(i+1, "(") || st.isQueryStart(i+1) || !st.op(i-1, "=") || st.spec.isMySQL() {
		return
	}
	st.replace(i-1, "IN")
	st.drop(i, i+1)
	if st.word(i+2, "ARRAY") && st.op(i+3, "[") && st.closeOf(i+3) == st.closeOf(i+1)-1 {
		st.drop(i+2, i+4)
		st.drop(st.closeOf(i+3), st.closeOf(i+3)+1)
	}
}

// rewriteOrderedAgg: STRING_AGG(x, ',' ORDER BY y) and ARRAY_AGG(x ORDER
// BY y) -> GROUP_CONCAT(x ORDER BY y SEPARATOR ','), the form TiDB takes.
func (st *stmt) rewriteOrderedAgg(i int) {
	if !st.op(i+1, "(") || st.spec.isMySQL() {
		return
	}
	open, close := i+1, st.closeOf(i+1)
	if close < 0 {
		return
	}
	if limit := st.findTop(open+1, close, func(j int) bool { return st.word(j, "LIMIT") }); limit > open {
		// ARRAY_AGG(x ORDER BY y LIMIT 1): the limit picks elements
		st.drop(limit, close)
		close = limit
	}
	order := st.findTop(open+1, close, func(j int) bool { return st.word(j, "ORDER") && st.word(j+1, "BY") })
	if order < 0 {
		return
	}
	st.renameCall(i, "GROUP_CONCAT")
	comma := st.findTop(open+1, order, func(j int) bool { return st.op(j, ",") })
	if comma >= 0 {
		st.move(comma+1, order)
		st.drop(comma, comma+1)
		st.before(close, lit(" SEPARATOR "), span(comma+1, order))
	}
}

// renameCall replaces the function name at token i, followed by its '(',
// by name, written against the bracket: TiDB reads GROUP_CONCAT's own
// grammar (ORDER BY, SEPARATOR) only without a space before it, which
// Postgres, Redshift and Snowflake allow (LISTAGG (x, ',')).
func (st *stmt) renameCall(i int, name string) {
	if i+1 < len(st.toks) && st.toks[i].end != st.toks[i+1].start && st.op(i+1, "(") {
		st.drop(i, i+1)
		st.before(i+1, lit(name))
		return
	}
	st.replace(i, name)
}

// rewriteFileScan reads DuckDB's read_parquet('path' [, options]) in FROM
// as a table named by the path, as a stage is: the files are the source.
// Token i is the function's name.
func (st *stmt) rewriteFileScan(i int) {
	if !st.op(i+1, "(") || st.kind(i+2) != tkString || !st.fromItem(i) {
		return
	}
	close := st.closeOf(i + 1)
	if close < 0 || !(st.op(i+3, ")") || st.op(i+3, ",")) {
		return
	}
	id := Ident{Name: stringValue(st.text(i + 2)), Quoted: true}
	raw := encodeParts([]Ident{id})
	st.record(raw, Name{Parts: []Ident{id}, Span: st.tokSpan(i, close+1)})
	st.replace(i, backquote(raw))
	st.drop(i+1, close+1)
}

// rewriteFileName names a file read in FROM ('data/x.csv', DuckDB) as one
// quoted table name, the path as written; token i is the string.
func (st *stmt) rewriteFileName(i int) {
	id := Ident{Name: stringValue(st.text(i)), Quoted: true}
	raw := encodeParts([]Ident{id})
	st.record(raw, Name{Parts: []Ident{id}, Span: st.tokSpan(i, i+1)})
	st.replace(i, backquote(raw))
}

// rewriteStage names a stage location (@stage/path) read in FROM as one
// quoted table name, decoded by Statement.Name to the location as written.
func (st *stmt) rewriteStage(i int) {
	end := i + 1
	for end < len(st.toks) && st.toks[end].start == st.toks[end-1].end && !st.op(end, "(") && !st.op(end, ")") && !st.op(end, ",") {
		end++
	}
	loc := st.src[st.toks[i].start:st.toks[end-1].end]
	id := Ident{Name: loc, Quoted: true}
	raw := encodeParts([]Ident{id})
	st.record(raw, Name{Parts: []Ident{id}, Span: st.tokSpan(i, end)})
	st.replace(i, backquote(raw))
	st.drop(i+1, end)
	// (FILE_FORMAT => 'f', PATTERN => 'p'): how the files are read, not
	// what
	if st.op(end, "(") && st.isName(end+1) && st.op(end+2, "=>") {
		if close := st.closeOf(end); close > 0 {
			st.drop(end, close+1)
		}
	}
}

// levelTable holds, per token, what the backward walks of inFrom and
// inDateAdd find: the '(' that holds the token and the nearest clause word
// of its block before it (-1 for none, or where an unmatched ')' hides
// what precedes). A walk is short in a usual statement, but one per item of
// a long list (FROM a, (..) AS b(x), ... or INTERVAL items) makes a
// generated statement quadratic; after levelWalks walks, the statement
// builds the table once and answers from it.
type levelTable struct {
	open   []int32
	clause []int32
}

// levelWalks is the number of walks a statement makes before it builds its
// levelTable (tests lower it to compare the two ways).
var levelWalks = 16

// levelsFor counts a walk and returns the statement's levelTable, or nil
// while walking is cheaper.
func (st *stmt) levelsFor() *levelTable {
	if st.levels == nil {
		if st.walks++; st.walks <= levelWalks {
			return nil
		}
		st.levels = st.buildLevels()
	}
	return st.levels
}

// buildLevels computes the levelTable of the statement in one pass, as the
// walks count brackets: only '(' and ')' nest.
func (st *stmt) buildLevels() *levelTable {
	n := len(st.toks)
	lv := &levelTable{open: make([]int32, n), clause: make([]int32, n)}
	type level struct{ open, clause int32 }
	stack := []level{{-1, -1}}
	for j := range n {
		top := &stack[len(stack)-1]
		lv.open[j], lv.clause[j] = top.open, top.clause
		switch {
		case st.op(j, "("):
			stack = append(stack, level{int32(j), -1})
		case st.op(j, ")"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			} else {
				// unmatched: a walk from after it never gets back to
				// depth 0, so it finds no clause word before it
				top.clause = -1
			}
		case st.anyWord(j, "FROM", "JOIN", "USING", "SELECT", "WHERE", "ON", "SET", "GROUP", "HAVING", "ORDER", "VALUES"):
			top.clause = int32(j)
		}
	}
	return lv
}

// numberSuffix returns the length of the type suffix of a Spark numeric
// literal (10L, 2S, 1Y, 0D, 1.5F, 1.5BD), or 0 when w is not one.
func numberSuffix(w string) int {
	if len(w) < 2 || !isDigit(w[0]) {
		return 0
	}
	n := 1
	if len(w) > 2 && (w[len(w)-2]|0x20) == 'b' && (w[len(w)-1]|0x20) == 'd' {
		n = 2
	} else {
		switch w[len(w)-1] | 0x20 {
		case 'l', 's', 'y', 'd', 'f':
		default:
			return 0
		}
	}
	dot := false
	for k := 0; k < len(w)-n; k++ {
		switch {
		case isDigit(w[k]):
		case w[k] == '.' && !dot:
			dot = true
		default:
			return 0
		}
	}
	return n
}

// colonPathAt reports whether a ':' at token i may be a semi-structured
// path (x:a.b): in Snowflake, and in Databricks (the Hive dialect), which
// reads JSON strings the same way, outside a complex type's <..>.
func (st *stmt) colonPathAt(i int) bool {
	return st.spec.colonPaths || st.spec.name == "hive" && !st.inTypeAngle(i)
}

// inTypeAngle reports whether token i is inside the angle brackets of a
// complex type (STRUCT<a:INT>, MAP<..>, ARRAY<..>), where a colon names a
// field.
func (st *stmt) inTypeAngle(i int) bool {
	depth := 0
	for k := i - 1; k >= 0 && k > i-512; k-- {
		switch {
		case st.op(k, ">"):
			depth++
		case st.op(k, "<") && depth > 0:
			depth--
		case st.op(k, "<"):
			return st.anyWord(k-1, "STRUCT", "MAP", "ARRAY")
		case st.op(k, "(") || st.op(k, ")") || st.anyWord(k, "SELECT", "FROM", "WHERE"):
			return false
		}
	}
	return false
}

// rewriteJSONChain reads a chain of Postgres JSON arrows (x->'a'->>'b',
// f(x)->'a', x #>> '{a,b}'), which TiDB takes only as one -> or ->> after
// a column, as one JSON_EXTRACT(x, 'a', 'b'): the value derives from x.
// Token i is an arrow that starts the chain; a lone -> or ->> after a
// column is left to TiDB. A path operator (#>, #>>) elsewhere, or before a
// path that is no literal, is a *ParseError, not a misreading.
func (st *stmt) rewriteJSONChain(i int) {
	path := st.op(i, "#>") || st.op(i, "#>>")
	if st.spec.isMySQL() || !st.spec.eStrings && st.spec.name != "postgres" {
		if path {
			st.fail(i, "operator %s is not supported", st.text(i))
		}
		return
	}
	if st.kind(i+1) != tkString && st.kind(i+1) != tkNumber {
		if path {
			st.fail(i, "operator %s takes a literal path here", st.text(i))
		}
		return
	}
	if st.kind(i-1) == tkString && st.jsonArrow(i-2) {
		return // inside a chain: its first arrow rewrote it
	}
	last := i + 1
	for st.jsonArrow(last+1) && (st.kind(last+2) == tkString || st.kind(last+2) == tkNumber) {
		last += 2
	}
	if last == i+1 && st.isName(i-1) && !path {
		return // col->'a': TiDB's own
	}
	start := st.operandStart(i - 1)
	if start < 0 || start >= i {
		return
	}
	st.before(start, lit("JSON_EXTRACT("))
	for k := i; k < last; k += 2 {
		st.replace(k, ",")
	}
	st.after(last, lit(")"))
}

// jsonArrow reports whether token i is a Postgres JSON operator: ->, ->>,
// #> or #>>.
func (st *stmt) jsonArrow(i int) bool {
	return st.op(i, "->") || st.op(i, "->>") || st.op(i, "#>") || st.op(i, "#>>")
}

// rewriteJSONClauses drops the SQL/JSON clauses of JSON_VALUE / JSON_QUERY
// / JSON_EXISTS (Trino, Postgres 17, Oracle): FORMAT JSON after the input,
// and after the path RETURNING type, WITH|WITHOUT .. WRAPPER, KEEP|OMIT
// QUOTES, .. ON EMPTY / ON ERROR. They shape the result, not what it is
// read from; the value derives from the input (and the path). Token open
// is the call's '('.
func (st *stmt) rewriteJSONClauses(open int) {
	close := st.closeOf(open)
	if close < 0 {
		return
	}
	comma := st.findTop(open+1, close, func(j int) bool { return st.op(j, ",") })
	if comma < 0 {
		return
	}
	if st.word(comma-2, "FORMAT") && st.word(comma-1, "JSON") {
		st.drop(comma-2, comma)
	}
	// the path: one string, or an expression up to the first clause word
	end := st.findTop(comma+1, close, func(j int) bool {
		return j > comma+1 && st.anyWord(j, "RETURNING", "WITH", "WITHOUT", "KEEP", "OMIT", "NULL", "ERROR",
			"EMPTY", "DEFAULT", "TRUE", "FALSE", "UNKNOWN", "PASSING")
	})
	if end > comma+1 && st.findTop(comma+1, end, func(j int) bool { return st.op(j, ",") }) < 0 {
		st.drop(end, close)
	}
}

// inCall reports whether token i is inside the argument list of a call
// (its innermost enclosing bracket is the '(' after a function's name).
func (st *stmt) inCall(i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch {
		case st.op(j, ")") || st.op(j, "]"):
			if o := st.closeOf(j); o >= 0 && o < j {
				j = o
			}
		case st.op(j, "["):
			return false
		case st.op(j, "("):
			return j > 0 && st.isName(j-1) && !st.isClauseWord(j-1) && !st.anyWord(j+1, "SELECT", "WITH")
		}
	}
	return false
}
