package openlineage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/adapters/dbt"
	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

var warehouseDir = filepath.Join("..", "..", "testdata", "warehouse")

// runTime is the time of the sample's dbt models, which carry none.
var runTime = time.Date(2026, 11, 2, 6, 0, 0, 0, time.UTC)

// warehouseNamespace is the sample's Redshift cluster.
const warehouseNamespace = "redshift://learnly.eu-west-1:5439"

// warehouseSources returns a catalog that knows the sample's tables and
// its dbt models, and the sources of the sample: the dbt project, then the
// Redshift log.
func warehouseSources(t testing.TB) (*lineage.MemoryCatalog, []lineage.Source) {
	t.Helper()
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	f, err := os.Open(filepath.Join(warehouseDir, "schema.json"))
	require.NoError(t, err)
	defer f.Close()
	_, err = cat.LoadSchemaJSON(ctx, f, lineage.Redshift, lineage.Defaults{Database: "elearn"})
	require.NoError(t, err)
	p, err := dbt.Load(ctx, filepath.Join(warehouseDir, "dbt"))
	require.NoError(t, err)
	_, err = p.DefineColumns(ctx, cat)
	require.NoError(t, err)
	uf, err := os.Open(filepath.Join(warehouseDir, "redshift", "pg_user.csv"))
	require.NoError(t, err)
	defer uf.Close()
	users, err := querylog.ReadPGUsers(uf)
	require.NoError(t, err)
	log, err := os.Open(filepath.Join(warehouseDir, "redshift", "stl_querytext.csv"))
	require.NoError(t, err)
	t.Cleanup(func() { log.Close() })
	return cat, []lineage.Source{p.Statements(), querylog.NewRedshift(log, querylog.WithUsers(users), querylog.WithOrigin("stl_querytext.csv"))}
}

// dump lists a store's nodes and edges, one line each, sorted, with their
// properties, counts and times. Query nodes
// with no edge (statements that touch no dataset) are left out when
// skipIsolated is set.
func dump(t testing.TB, s graphstore.Store, skipIsolated bool) []string {
	t.Helper()
	ctx := context.Background()
	nodes, err := s.Find(ctx, graphstore.Query{})
	require.NoError(t, err)
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	sub, err := s.Traverse(ctx, ids, graphstore.TraverseOptions{Direction: graphstore.Downstream, MaxDepth: 1})
	require.NoError(t, err)
	// A Query node is linked by the lineage edges it has (RAN edges say
	// only who ran it): a statement that touches no persistent dataset
	// has none, and no event.
	linked := map[string]bool{}
	for _, e := range sub.Edges {
		if e.Kind != lineage.EdgeRan {
			linked[e.From], linked[e.To] = true, true
		}
	}
	var out []string
	for _, e := range sub.Edges {
		if skipIsolated && e.Kind == lineage.EdgeRan && !linked[e.To] {
			continue
		}
		out = append(out, fmt.Sprintf("edge %s -[%s]-> %s %s count=%d first=%s last=%s", e.From, e.Kind, e.To, props(e.Props),
			e.Count, e.FirstSeen.Format(time.RFC3339Nano), e.LastSeen.Format(time.RFC3339Nano)))
	}
	for _, n := range nodes {
		if skipIsolated && n.Kind == lineage.NodeQuery && !linked[n.ID] {
			continue
		}
		out = append(out, fmt.Sprintf("node %s %s %s %v", n.ID, n.Kind, props(n.Props), n.Tags))
	}
	sort.Strings(out)
	return out
}

func props(p map[string]any) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v ", k, p[k])
	}
	return strings.TrimSpace(b.String())
}

// assertSameLines reports the lines only one side has.
func assertSameLines(t testing.TB, want, got []string) {
	t.Helper()
	w, g := map[string]int{}, map[string]int{}
	for _, l := range want {
		w[l]++
	}
	for _, l := range got {
		g[l]++
	}
	var diff []string
	for l, n := range w {
		if g[l] != n {
			diff = append(diff, "- "+l)
		}
	}
	for l, n := range g {
		if w[l] != n {
			diff = append(diff, "+ "+l)
		}
	}
	sort.Slice(diff, func(i, j int) bool { return diff[i][2:] < diff[j][2:] })
	if len(diff) > 0 {
		t.Errorf("%d of %d lines differ:\n%s", len(diff), len(want), strings.Join(diff, "\n"))
	}
}
