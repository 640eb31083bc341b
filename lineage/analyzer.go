package lineage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/colineage/colineage/sqlparse"
)

// Analyzer derives column-level lineage from SQL against a Catalog. It is
// safe for concurrent use; statements whose order matters (temporary
// tables, USE, search_path) go through one Session.
type Analyzer struct {
	catalog Catalog
	writer  CatalogWriter
	masking map[string]bool
	// limits bound what one statement may cost (WithLimits).
	limits Limits
	// binders keeps binders' scratch space between statements.
	binders sync.Pool
}

// Option configures an Analyzer.
type Option func(*Analyzer)

// WithMaskingFunctions adds functions (masking UDFs, by name, any case)
// whose result no longer holds the raw value of their arguments, besides
// the one-way hashes every warehouse has built in (HashFunctions).
func WithMaskingFunctions(names ...string) Option {
	return func(a *Analyzer) {
		for _, n := range names {
			a.masking[strings.ToLower(n)] = true
		}
	}
}

// HashFunctions returns the one-way hash functions (lower case) that mark
// a DIRECT edge as masking in every analyzer, whatever its options: md5,
// sha2, farm_fingerprint, hashbytes and the rest of the warehouses' hashes.
func HashFunctions() []string { return sqlparse.HashFunctions() }

// NewAnalyzer returns an analyzer over cat. A nil cat is a fresh
// MemoryCatalog. When cat is a CatalogWriter, what DDL, CTAS and CREATE
// VIEW statements do is recorded in it (temporary tables stay in their
// session).
func NewAnalyzer(cat Catalog, opts ...Option) *Analyzer {
	if cat == nil {
		cat = NewMemoryCatalog()
	}
	a := &Analyzer{catalog: cat, masking: map[string]bool{}, limits: DefaultLimits()}
	if w, ok := cat.(CatalogWriter); ok {
		a.writer = w
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Catalog returns the analyzer's catalog.
func (a *Analyzer) Catalog() Catalog { return a.catalog }

// Analyze analyses a statement (or a script) in a fresh session.
func (a *Analyzer) Analyze(ctx context.Context, st Statement) (Result, error) {
	return a.NewSession().Analyze(ctx, st)
}

// Session is the state that statements of one script or one log session
// share: default database and schema, the search path, and temporary
// tables (with what they were made from, so that lineage through them is
// stated between persistent datasets). A Session is not safe for
// concurrent use.
type Session struct {
	a          *Analyzer
	defaults   Defaults
	searchPath []string
	// learned holds DDL effects when the analyzer's catalog cannot learn.
	learned *MemoryCatalog
	temps   map[datasetKey]*tempTable
	// vars are the script variables DECLAREd so far (folded names).
	vars map[string]bool
	// nameVars are session variables SET to a string (folded name ->
	// value), for tables named by a variable: TABLE($t), IDENTIFIER($t).
	nameVars map[string]string
}

type tempTable struct {
	ds      Dataset
	rel     *relation
	sources []Dataset
	// unseen names what wrote rows of the table that no query shows
	// (INSERT INTO #t EXEC proc); a read of the table warns of it.
	unseen string
}

// NewSession starts a session.
func (a *Analyzer) NewSession() *Session {
	s := &Session{a: a}
	if a.writer == nil {
		s.learned = NewMemoryCatalog()
	}
	return s
}

// Defaults returns the session's current defaults for unqualified names.
func (s *Session) Defaults() Defaults { return s.defaults }

// ErrInternal is matched (errors.Is) by an *AnalysisError that reports a
// fault of the analyzer itself rather than of the input.
var ErrInternal = errors.New("internal analyzer error")

// AnalysisError is a statement that could not be analysed.
type AnalysisError struct {
	Pos    sqlparse.Pos
	Reason string
	Err    error
}

// Error formats the error with its position.
func (e *AnalysisError) Error() string {
	return fmt.Sprintf("lineage: line %d, column %d: %s", e.Pos.Line, e.Pos.Column, e.Reason)
}

// Unwrap returns the cause.
func (e *AnalysisError) Unwrap() error { return e.Err }

// Analyze parses st.SQL in st.Dialect and analyses its statements in order.
// The Result holds every statement that could be analysed, even when err
// is not nil; err joins one *sqlparse.ParseError per statement that did not
// parse and one *AnalysisError per statement that could not be analysed.
// Statement.Context.Database and Schema, each when set, become the
// session's defaults before the statements run (a log row knows them
// better than an earlier USE).
func (s *Session) Analyze(ctx context.Context, st Statement) (Result, error) {
	if st.Context.Database != "" {
		s.defaults.Database = st.Context.Database
	}
	if st.Context.Schema != "" {
		s.defaults.Schema = st.Context.Schema
	}
	if err := s.a.limits.checkText(st.SQL); err != nil {
		return Result{}, err
	}
	res := Result{Confidence: 1}
	stmts, perr := sqlparse.Parse(st.SQL, st.Dialect)
	var errs []error
	if perr != nil {
		errs = append(errs, perr)
		var pe *sqlparse.ParseError
		for _, e := range flattenErrors(perr) {
			if errors.As(e, &pe) {
				res.Warnings = append(res.Warnings, Warning{Code: WarnParse, Pos: pe.Pos, Message: pe.Reason})
			}
		}
	}
	for _, ps := range stmts {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		sr, err := s.analyzeParsed(ctx, ps, st.SQL)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if res.Statements == nil {
			res.Statements = make([]StatementResult, 0, len(stmts))
		}
		res.Statements = append(res.Statements, sr)
		if res.Warnings == nil {
			// Share the first statement's warnings; clipped, so that
			// appending to either copies.
			res.Warnings = slices.Clip(sr.Warnings)
		} else {
			res.Warnings = append(res.Warnings, sr.Warnings...)
		}
		if sr.Confidence < res.Confidence {
			res.Confidence = sr.Confidence
		}
	}
	switch {
	case perr != nil && len(res.Statements) == 0:
		res.Confidence = 0
	case perr != nil:
		// Part of the script is missing from the lineage.
		res.Confidence *= 0.5
	}
	return res, errors.Join(errs...)
}

func flattenErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// analyzeParsed analyses one parsed statement; sql is the whole text given
// to the parser (positions index into it).
func (s *Session) analyzeParsed(ctx context.Context, ps *sqlparse.Statement, sql string) (sr StatementResult, err error) {
	counts, err := s.a.limits.checkTree(ctx, ps)
	if err != nil {
		return StatementResult{}, err
	}
	b := newBinder(ctx, s, ps, sql)
	b.presize(counts)
	defer func() {
		if r := recover(); r != nil {
			err = &AnalysisError{Pos: ps.Span.Start, Reason: fmt.Sprint("analyzer fault: ", r), Err: ErrInternal}
		}
	}()
	if err := b.statement(); err != nil || b.stop != nil {
		if err == nil {
			err = b.stop
		}
		b.release()
		return StatementResult{}, err
	}
	sr = b.result()
	// A binder that panicked is not reused (the deferred recover skips this).
	b.release()
	return sr, nil
}

func (s *Session) setTemp(k datasetKey, t *tempTable) {
	if s.temps == nil {
		s.temps = map[datasetKey]*tempTable{}
	}
	s.temps[k] = t
}
