package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
)

// runLineage runs every case under dir through lineage.Analyzer and
// compares it with what the case expects (FORMAT.md, "Comparing"): it
// prints a table per file and per dialect, the first failures with a diff
// (all of them when verbose), and ends with `conformance: N passed, M
// failed`. jsonPath, when set, receives the per-case results.
//
// Cases are read by lineagecheck, which keeps the order of each schema's
// columns (positional INSERTs depend on it); both modes use its reader.
func runLineage(ctx context.Context, dir, jsonPath string, verbose bool, stdout io.Writer) error {
	cases, err := lineagecheck.LoadDir(dir)
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	results := make([]lineagecheck.Result, 0, len(cases))
	for _, c := range cases {
		results = append(results, lineagecheck.Run(ctx, c))
	}
	if jsonPath != "" {
		out, err := os.Create(jsonPath)
		if err != nil {
			return fmt.Errorf("conformance: %w", err)
		}
		if err := lineagecheck.WriteJSON(out, results); err != nil {
			out.Close()
			return fmt.Errorf("conformance: %w", err)
		}
		if err := out.Close(); err != nil {
			return fmt.Errorf("conformance: %w", err)
		}
	}
	maxFailures := 10
	if verbose {
		maxFailures = len(results)
	}
	return lineagecheck.Write(stdout, results, maxFailures)
}
