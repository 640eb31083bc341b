package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
)

// runLineage runs every case under dir through lineage.Analyzer and
// compares it with what the case expects (FORMAT.md, "Comparing"): it
// prints a table per file and per dialect, the first failures with a diff
// (all of them when verbose), and ends with `conformance: N passed, M
// failed`. jsonPath, when set, receives the per-case results.
//
// Cases are read by lineagecheck, which keeps the order of each schema's
// columns (positional INSERTs depend on it).
func runLineage(ctx context.Context, dir, jsonPath string, verbose bool, stdout io.Writer) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".jsonl") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	sort.Strings(files)
	var results []lineagecheck.Result
	for _, f := range files {
		cases, err := lineagecheck.LoadFile(f)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			rel = f
		}
		for _, c := range cases {
			c.File = filepath.ToSlash(rel)
			results = append(results, lineagecheck.Run(ctx, c))
		}
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
