package lineage

import (
	"fmt"

	"github.com/colineage/colineage/sqlparse"
)

// Result is the lineage of one Statement. A Statement's SQL may be a
// script: Statements then holds one entry per SQL statement, in order.
type Result struct {
	Statements []StatementResult
	// Warnings gathers the statements' warnings.
	Warnings []Warning
	// Confidence is the lowest confidence of the statements (1 when there
	// are none), halved when part of the script did not parse, 0 when none
	// of it did.
	Confidence float64
}

// Edges returns the column edges of every statement, in order, but those
// into a session's temporary table: the script's lineage is stated between
// the datasets that outlive it (a read of a temporary table is stated from
// what the table was made of). Each StatementResult's Edges keeps them.
func (r Result) Edges() []ColumnEdge {
	var out []ColumnEdge
	for _, s := range r.Statements {
		for _, e := range s.Edges {
			if e.To.Dataset.Kind != KindTemporary {
				out = append(out, e)
			}
		}
	}
	return out
}

// Rename is one dataset renamed by a statement.
type Rename struct {
	From, To Dataset
}

// StatementResult is the lineage of one SQL statement.
type StatementResult struct {
	Kind sqlparse.Kind
	Span sqlparse.Span
	// Target is the dataset written: a table, a view, an external location,
	// or for a bare SELECT a KindQueryResult dataset named
	// "query@<line>:<column>" after the statement's start.
	// For DDL, DELETE and TRUNCATE it is the dataset created, altered,
	// dropped or emptied (with no column edges). Nil for USE and statements
	// that touch no dataset.
	Target *Dataset
	// RenamedTo is the new name of Target for ALTER TABLE .. RENAME and
	// RENAME TABLE.
	RenamedTo *Dataset
	// Renames are every pair the statement renames, in order: RENAME
	// TABLE a TO b, c TO d has two (Target and RenamedTo are the first).
	Renames []Rename
	// Columns are the target's columns the statement writes, in order.
	Columns []string
	// Sources are the persistent datasets read, in order of first use.
	Sources []Dataset
	// Edges are the DIRECT and INDIRECT column edges into Target, stated
	// between persistent datasets: temporary tables of the session are
	// replaced by what they were made from.
	Edges []ColumnEdge
	// Reads are the persistent columns the statement reads, whatever for.
	Reads []Column
	// Unresolved are column references that flow into a target column but
	// could not be bound to one dataset with certainty (an unqualified
	// column over several tables of unknown columns). They make no edge;
	// each also has a Warning.
	Unresolved []UnresolvedColumn
	// Warnings say what could not be resolved with certainty.
	Warnings []Warning
	// Confidence is 1 when every name was resolved with certainty and drops
	// towards 0 with each guess (see Warning).
	Confidence float64

	// stmt is the parsed statement, for Digest and Normalized: the
	// normaliser costs a third of a parse, so only callers that need them
	// pay for it.
	stmt *sqlparse.Statement
}

// Digest identifies the statement's shape: the TiDB normaliser's digest
// (hex), the same for statements that differ only in literals. It is
// computed on first use (by this or any copy of the result) and is empty
// for a StatementResult not made by an Analyzer.
func (r StatementResult) Digest() string {
	if r.stmt == nil {
		return ""
	}
	return r.stmt.Digest()
}

// Normalized is the statement's text with its literals replaced by '?':
// the only text of the statement that may be stored (literals in logged
// queries can hold personal data). It is computed on first use, like
// Digest.
func (r StatementResult) Normalized() string {
	if r.stmt == nil {
		return ""
	}
	return r.stmt.Normalized()
}

// UnresolvedColumn is a column reference that flows into Target but could
// not be bound with certainty.
type UnresolvedColumn struct {
	Target Column
	// Name is the column name as referenced (folded).
	Name string
	// Candidates are the datasets that may have it (empty when none).
	Candidates []Dataset
	Pos        sqlparse.Pos
}

// WarningCode classifies a Warning.
type WarningCode uint8

// Warning codes.
const (
	WarnUnknownTable    WarningCode = iota + 1 // a table the catalog does not know
	WarnUnknownColumn                          // a column no source in scope has
	WarnAmbiguousColumn                        // an unqualified column more than one source may have
	WarnStarUnexpanded                         // `*` over a table of unknown columns
	WarnColumnCount                            // INSERT columns and SELECT list differ in length
	WarnUnsupported                            // a construct the analyzer does not handle
	WarnParse                                  // a statement of the script did not parse
	WarnAssumedColumns                         // INSERT without a column list into a table of unknown columns: named as the query\'s
	WarnUserFunction                           // a user-defined function: which arguments its value derives from is assumed (all)
	WarnUnseenSource                           // a table written by code the statement does not show (INSERT INTO t EXEC proc)
)

var warningNames = [...]string{
	WarnUnknownTable: "unknown_table", WarnUnknownColumn: "unknown_column",
	WarnAmbiguousColumn: "ambiguous_column", WarnStarUnexpanded: "star_unexpanded",
	WarnColumnCount: "column_count", WarnUnsupported: "unsupported", WarnParse: "parse",
	WarnAssumedColumns: "assumed_columns", WarnUserFunction: "user_function", WarnUnseenSource: "unseen_source",
}

// String names the code.
func (c WarningCode) String() string {
	if int(c) < len(warningNames) && warningNames[c] != "" {
		return warningNames[c]
	}
	return "unknown"
}

// Warning is something the analyzer could not resolve with certainty, with
// the position in the original SQL it concerns.
type Warning struct {
	Code    WarningCode
	Pos     sqlparse.Pos
	Message string
}

// String formats the warning as "line:column: code: message".
func (w Warning) String() string {
	return fmt.Sprintf("%d:%d: %s: %s", w.Pos.Line, w.Pos.Column, w.Code, w.Message)
}
