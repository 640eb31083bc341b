package dbt

import (
	"errors"
	"fmt"

	"github.com/colineage/colineage/lineage"
)

// Sentinel errors, matched with errors.Is on a *NodeError or on the error
// Load returns.
var (
	// ErrUnsupportedVersion is a manifest or catalog whose
	// metadata.dbt_schema_version is not one this package knows. Load goes
	// on with what it can read and records the problem.
	ErrUnsupportedVersion = errors.New("unsupported dbt schema version")
	// ErrMalformedNode is a manifest entry that cannot be decoded or lacks a
	// field every node has. It also matches lineage.ErrMalformedInput.
	ErrMalformedNode = fmt.Errorf("malformed dbt node: %w", lineage.ErrMalformedInput)
	// ErrRender is a model whose Jinja could not be rendered: a macro the
	// renderer does not know, an undefined variable, a syntax error.
	ErrRender = errors.New("cannot render dbt Jinja")
	// ErrNoSQL is a model with no SQL to analyse (a Python model, an empty
	// file).
	ErrNoSQL = errors.New("dbt node has no SQL")
	// ErrUnknownRef is a model that refs a model or source the project
	// does not have. By default the model is not rendered; with
	// WithUnknownRefs it is, and the problem is recorded with this error.
	ErrUnknownRef = errors.New("ref to a name outside the project")
	// ErrNotProject is a directory with neither target/manifest.json nor
	// dbt_project.yml.
	ErrNotProject = errors.New("not a dbt project")
)

// NodeError is a problem with one node of a project: a model, snapshot,
// seed, source or exposure. The rest of the project is still loaded.
type NodeError struct {
	// UniqueID is the node's dbt unique_id ("model.jaffle_shop.orders"),
	// or the file name when the node has none yet.
	UniqueID string
	// Path is the node's file within the project, when known.
	Path string
	// Reason says what went wrong, in words.
	Reason string
	// Err is the cause: one of the sentinel errors, possibly wrapping more.
	Err error
}

// Error names the node and the reason.
func (e *NodeError) Error() string {
	s := e.UniqueID
	if e.Path != "" {
		s += " (" + e.Path + ")"
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *NodeError) Unwrap() error { return e.Err }
