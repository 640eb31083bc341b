// Command conformance measures colineage against the shared SQL corpus.
//
//	go run ./examples/conformance -corpus ../shared/corpus -parse-only
//	go run ./examples/conformance -corpus ../shared/corpus [-json results.json] [-v]
//	go run ./examples/conformance -corpus ../shared/corpus -peers DIR [-v]   # beside the peers (examples/peerbench)
//
// It reads every *.jsonl under the corpus directory (one case per line,
// see the corpus's FORMAT.md). With -parse-only it parses every case with
// its dialect and prints a table per file and per dialect, ending with
// `parse: N passed, M failed`. Without it, it runs each case through the
// lineage analyzer, compares the DIRECT sources per target column (or the
// tables, for table-level cases) with what the case expects, prints tables
// per file and per dialect and the first failures with a diff, and ends with
// `conformance: N passed, M failed`. Dialects the project does not support
// run as the closest one and get rows of their own. It measures: the exit
// status is 0 whatever the figures.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/colineage/colineage/examples/conformance/internal/lineagecheck"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main with its arguments and outputs, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpus := fs.String("corpus", defaultCorpus(), "directory of *.jsonl corpus files")
	parseOnly := fs.Bool("parse-only", false, "only parse every case (no lineage)")
	verbose := fs.Bool("v", false, "print every failure")
	jsonOut := fs.String("json", "", "write per-case lineage results to this file")
	peers := fs.String("peers", "", "score peer tools' outputs in this directory beside colineage (see examples/peerbench)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(*corpus); err != nil {
		fmt.Fprintf(stdout, "corpus %s not found: nothing to measure (pass -corpus DIR)\n", *corpus)
		return 0
	}
	if *peers != "" {
		if err := runPeers(context.Background(), *corpus, *peers, *verbose, stdout); err != nil {
			fmt.Fprintln(stderr, "conformance:", err)
			return 1
		}
		return 0
	}
	if !*parseOnly {
		if err := runLineage(context.Background(), *corpus, *jsonOut, *verbose, stdout); err != nil {
			fmt.Fprintln(stderr, "conformance:", err)
			return 1
		}
		return 0
	}
	cases, err := lineagecheck.LoadDir(*corpus)
	if err != nil {
		fmt.Fprintln(stderr, "conformance:", err)
		return 1
	}
	rep := parseCases(cases)
	rep.print(stdout, *verbose)
	return 0
}

// defaultCorpus is ../shared/corpus relative to the repository root (the
// directory holding go.mod), found from the working directory upwards.
func defaultCorpus() string {
	dir, err := os.Getwd()
	if err != nil {
		return "../shared/corpus"
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "..", "shared", "corpus")
		}
		if filepath.Dir(d) == d {
			return "../shared/corpus"
		}
	}
}
