package lineagecheck

import (
	"bufio"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var updateBaseline = flag.Bool("update", false, "rewrite testdata/conformance/baseline.txt with the cases that pass now")

// repoRoot is the module root, four levels up from this package.
func repoRoot(t *testing.T) string {
	wd, err := os.Getwd()
	require.NoError(t, err)
	return filepath.Clean(filepath.Join(wd, "..", "..", "..", ".."))
}

// corpusFiles lists the corpus files the ratchet runs: the peers' suites,
// the table-level cases, TPC-DS (from ../shared/corpus when it is there,
// else the copies under testdata/corpus), the real-world statements
// (coverage: a case that parsed and analysed must go on doing so; only in
// ../shared/corpus) and the project's own hand-written warehouse
// statements (only in testdata/corpus/warehouse).
func corpusFiles(t *testing.T) []string {
	shared := filepath.Join(repoRoot(t), "..", "shared", "corpus")
	copies := filepath.Join(repoRoot(t), "testdata", "corpus")
	var files []string
	for _, dir := range []string{"peers", "tables", "parse", "realworld", "warehouse"} {
		m, _ := filepath.Glob(filepath.Join(shared, dir, "*.jsonl"))
		if len(m) == 0 {
			m, _ = filepath.Glob(filepath.Join(copies, dir, "*.jsonl"))
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no corpus under %s or %s: skipping the conformance ratchet", shared, copies)
	}
	sort.Strings(files)
	return files
}

func readBaseline(t *testing.T, path string) map[string]bool {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return map[string]bool{}
	}
	require.NoError(t, err)
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out[line] = true
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestConformanceRatchet runs the corpus; a case in the committed baseline
// that fails now fails the test. -update rewrites the baseline.
func TestConformanceRatchet(t *testing.T) {
	files := corpusFiles(t)
	ctx := context.Background()
	var results []Result
	for _, f := range files {
		cases, err := LoadFile(f)
		require.NoError(t, err)
		for _, c := range cases {
			results = append(results, Run(ctx, c))
		}
	}
	basePath := filepath.Join(repoRoot(t), "testdata", "conformance", "baseline.txt")
	if *updateBaseline {
		var ids []string
		for _, r := range results {
			if r.Pass {
				ids = append(ids, r.ID)
			}
		}
		sort.Strings(ids)
		require.NoError(t, os.MkdirAll(filepath.Dir(basePath), 0o755))
		body := "# Corpus case ids that pass the lineage conformance check (see\n# examples/conformance/internal/lineagecheck). A listed case that fails is a regression.\n" + strings.Join(ids, "\n") + "\n"
		require.NoError(t, os.WriteFile(basePath, []byte(body), 0o644))
	}
	base := readBaseline(t, basePath)
	byID := map[string]Result{}
	for _, r := range results {
		byID[r.ID] = r
	}
	for id := range base {
		r, ok := byID[id]
		if !ok {
			continue // the corpus changed
		}
		if !r.Pass {
			t.Errorf("regression: %s passed before and fails now: %s %v", id, r.Reason, r.Diff)
		}
	}
	s := Summarize(results)
	t.Logf("conformance: %d passed, %d failed (baseline %d)", s.Passed, s.Failed, len(base))
}

// TestPrintReport prints the full report when LINEAGECHECK_REPORT names
// how many failures to show (a debugging aid; it asserts nothing else).
func TestPrintReport(t *testing.T) {
	n := os.Getenv("LINEAGECHECK_REPORT")
	if n == "" {
		t.Skip("set LINEAGECHECK_REPORT=<max failures> to print the report")
	}
	max := 0
	for _, ch := range n {
		max = max*10 + int(ch-'0')
	}
	var results []Result
	for _, f := range corpusFiles(t) {
		cases, err := LoadFile(f)
		require.NoError(t, err)
		for _, c := range cases {
			results = append(results, Run(context.Background(), c))
		}
	}
	require.NoError(t, Write(os.Stdout, results, max))
}
