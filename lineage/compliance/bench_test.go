package compliance_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/neo4j"
	"github.com/colineage/colineage/graphstore/neo4j/neo4jtest"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

// benchGraph writes a synthetic lineage graph of about columns columns
// (datasets of 10 columns) of which tagged are tagged e-mail columns:
// every raw dataset (5 tagged columns) feeds a mart through md5 (MASKED)
// and a CRM table (raw copies), every tenth CRM table an S3 export; the
// rest of the graph is untagged chains the compliance walk must not touch.
// Each dataset written has a statement shape, a user who ran it, and the
// tagged columns have a week of reads.
func benchGraph(tb testing.TB, store graphstore.Store, columns, tagged int) {
	tb.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	const width, taggedPer = 10, 5
	raws := tagged / taggedPer
	datasets := columns / width
	var b graphstore.Batch
	flush := func() {
		if len(b.Nodes)+len(b.Edges) > 0 {
			require.NoError(tb, store.Upsert(ctx, b))
		}
		b = graphstore.Batch{}
	}
	dsID := func(name string) string { return "dataset:postgres://shop." + name }
	colID := func(name string, c int) string { return "postgres://shop." + name + ".c" + strconv.Itoa(c) }
	addDataset := func(name string, tags bool) {
		id := dsID(name)
		schema, table, _ := strings.Cut(name, ".")
		b.Nodes = append(b.Nodes, graphstore.Node{ID: id, Kind: lineage.NodeDataset, Props: map[string]any{
			"platform": "postgres", "database": "shop", "schema": schema, "name": table, "kind": "table"}})
		for c := range width {
			n := graphstore.Node{ID: colID(name, c), Kind: lineage.NodeColumn, Props: map[string]any{"dataset": id, "name": "c" + strconv.Itoa(c)}}
			if tags && c < taggedPer {
				n.Tags = []string{"pii", "pii:email"}
				n.Props["pii_email_source"] = "api"
			}
			b.Nodes = append(b.Nodes, n)
			b.Edges = append(b.Edges, graphstore.Edge{From: id, To: n.ID, Kind: lineage.EdgeHasColumn})
		}
	}
	query := func(from, to, text, user string) {
		q := lineage.QueryNodeID(fmt.Sprintf("%x", len(from)*7919+len(to)) + from + "-" + to)
		b.Nodes = append(b.Nodes, graphstore.Node{ID: q, Kind: lineage.NodeQuery, Props: map[string]any{"digest": q, "normalized": text, "kind": "insert"}},
			graphstore.Node{ID: lineage.UserNodeID(user), Kind: lineage.NodeUser, Props: map[string]any{"name": user}})
		b.Edges = append(b.Edges, graphstore.Edge{From: dsID(from), To: q, Kind: lineage.EdgeReadBy, LastSeen: at},
			graphstore.Edge{From: q, To: dsID(to), Kind: lineage.EdgeWrites, LastSeen: at},
			graphstore.Edge{From: lineage.UserNodeID(user), To: q, Kind: lineage.EdgeRan, LastSeen: at, Count: 7})
	}
	made := 0
	for i := range raws {
		raw, mart, crm := fmt.Sprintf("raw.t%d", i), fmt.Sprintf("mart.m%d", i), fmt.Sprintf("crm.c%d", i)
		addDataset(raw, true)
		addDataset(mart, false)
		addDataset(crm, false)
		made += 3
		for c := range width {
			kind := lineage.EdgeDirect
			props := map[string]any{"subtype": "IDENTITY"}
			if c < taggedPer {
				kind, props = lineage.EdgeMasked, map[string]any{"subtype": "TRANSFORMATION", "masking": true}
			}
			b.Edges = append(b.Edges, graphstore.Edge{From: colID(raw, c), To: colID(mart, c), Kind: kind, Props: props, LastSeen: at})
			if c < 2 || c >= taggedPer {
				b.Edges = append(b.Edges, graphstore.Edge{From: colID(raw, c), To: colID(crm, c), Kind: lineage.EdgeDirect, Props: map[string]any{"subtype": "IDENTITY"}, LastSeen: at})
			}
		}
		query(raw, mart, "insert into `mart` . `m` select `md5` ( `c0` ) , `c5` from `raw` . `t`", "etl")
		query(raw, crm, "insert into `crm` . `c` select `c0` , `c1` from `raw` . `t`", "crm_sync")
		if i%10 == 0 {
			loc := fmt.Sprintf("s3://exports/c%d", i)
			b.Nodes = append(b.Nodes, graphstore.Node{ID: "dataset:" + loc, Kind: lineage.NodeDataset, Props: map[string]any{"name": loc, "kind": "location"}})
			for c := range 2 {
				id := loc + "#c" + strconv.Itoa(c)
				b.Nodes = append(b.Nodes, graphstore.Node{ID: id, Kind: lineage.NodeColumn, Props: map[string]any{"dataset": "dataset:" + loc, "name": "c" + strconv.Itoa(c)}})
				b.Edges = append(b.Edges, graphstore.Edge{From: "dataset:" + loc, To: id, Kind: lineage.EdgeHasColumn},
					graphstore.Edge{From: colID(crm, c), To: id, Kind: lineage.EdgeDirect, Props: map[string]any{"subtype": "IDENTITY"}, LastSeen: at})
			}
		}
		for c := range taggedPer {
			for d := range 7 {
				day := at.AddDate(0, 0, -d).Format(time.DateOnly)
				rid := "read:analyst|" + day + "|" + colID(raw, c)
				b.Nodes = append(b.Nodes, graphstore.Node{ID: rid, Kind: lineage.NodeRead, Props: map[string]any{"day": day}})
				b.Edges = append(b.Edges, graphstore.Edge{From: lineage.UserNodeID("analyst"), To: rid, Kind: lineage.EdgeRead, LastSeen: at.AddDate(0, 0, -d)},
					graphstore.Edge{From: rid, To: colID(raw, c), Kind: lineage.EdgeOf})
			}
		}
		b.Nodes = append(b.Nodes, graphstore.Node{ID: lineage.UserNodeID("analyst"), Kind: lineage.NodeUser})
		if len(b.Nodes) > 20000 {
			flush()
		}
	}
	for j := 0; made < datasets; j++ {
		name := fmt.Sprintf("bg.b%d", j)
		addDataset(name, false)
		made++
		if j > 0 {
			prev := fmt.Sprintf("bg.b%d", j-1)
			for c := range width {
				b.Edges = append(b.Edges, graphstore.Edge{From: colID(prev, c), To: colID(name, c), Kind: lineage.EdgeDirect, Props: map[string]any{"subtype": "IDENTITY"}, LastSeen: at})
			}
		}
		if len(b.Nodes) > 20000 {
			flush()
		}
	}
	flush()
}

const benchPolicy = `
classes:
  email: {columns: ['email'], low_entropy: true, identifier: true}
zones:
  - {name: landing, allow: raw, datasets: ['shop.raw.*']}
  - {name: marts, allow: masked, datasets: ['shop.mart.*']}
raw_readers: {users: [etl]}
flag_weak_hashes: true
`

// benchChecks runs what the goal names: propagation, violations and
// one erasure plan.
func benchChecks(b *testing.B, store graphstore.Store) {
	ctx := context.Background()
	pol, err := compliance.LoadPolicy(strings.NewReader(benchPolicy), "bench.yaml")
	require.NoError(b, err)
	chk, err := compliance.New(store, pol)
	require.NoError(b, err)
	runtime.GC()
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		n++
		p, err := chk.Propagation(ctx)
		require.NoError(b, err)
		vs, err := chk.Violations(ctx)
		require.NoError(b, err)
		plan, err := chk.Plan(ctx, compliance.Erasure, "shop.raw.t0.c9")
		require.NoError(b, err)
		if len(p.Columns) == 0 || len(vs) == 0 || len(plan.Steps) == 0 {
			b.Fatalf("nothing found: %d columns, %d violations, %d steps", len(p.Columns), len(vs), len(plan.Steps))
		}
		b.ReportMetric(float64(len(p.Columns)), "states")
		b.ReportMetric(float64(len(vs)), "violations")
	}
	b.StopTimer()
	// CPU time of the process (garbage collection included) per
	// iteration: unlike ns/op it does not grow when other jobs share the
	// machine's cores.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
	// The live heap: the graph and what the checks keep (B/op says what
	// they allocate).
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "heap-MiB")
	runtime.KeepAlive(store)
}

// BenchmarkCompliance1M: 1M columns, 10k tagged, on the memory store. The
// goal is under 2 s of CPU per iteration (propagation + violations + one
// erasure plan); heap-MiB is the live heap with the graph loaded. With 3
// iterations no collection falls inside the loop; 8 or more include the
// collections the checks' garbage costs.
//
//	go test -run XXX -bench Compliance1M -benchtime 8x ./lineage/compliance
//
// Measured 2026-12-05 on the shared 2-core machine (load average 9 to 12):
// 1.29 s CPU per iteration at 3x, 1.62-1.83 s at 8x, 299 MB and 1.13M
// allocations per iteration (before this round: 2.2-3.4 s at 3x, 458 MB,
// 2.12M allocations). Most of what remains is the store's walks: the
// reads of the 14k raw columns (70k Read nodes, about a third), the
// tagged-column finds and the propagation walk.
func BenchmarkCompliance1M(b *testing.B) {
	store := memory.New()
	benchGraph(b, store, 1_000_000, 10_000)
	benchChecks(b, store)
}

// BenchmarkComplianceNeo4j is the same on a real Neo4j (NEO4J_URI), a
// reported figure, not a goal. COLINEAGE_BENCH_COLUMNS sets the graph
// size (default 1M; writing it takes minutes).
//
// Measured 2026-12-05 on the shared 2-core machine, Neo4j on the same
// machine: 1M columns (10k tagged) 17.8 s per iteration (4.4 s of it the
// client's CPU; writing the graph about 3 minutes); 300k columns 15.6 s;
// 100k 12.7 s cold, 5.8 s warm (16.3 s before this round). On Neo4j the
// five tag finds scan every node ($tag IN n.tags, about 0.1-0.5 s each at
// 100k), and the reads walk of the raw columns is the largest walk.
func BenchmarkComplianceNeo4j(b *testing.B) {
	srv := neo4jtest.Lock(b)
	neo4jtest.Wipe(b)
	ctx := context.Background()
	store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, User: srv.User, Password: srv.Password, Database: srv.Database})
	require.NoError(b, err)
	defer store.Close(ctx)
	cols := 1_000_000
	if s := os.Getenv("COLINEAGE_BENCH_COLUMNS"); s != "" {
		cols, err = strconv.Atoi(s)
		require.NoError(b, err)
	}
	benchGraph(b, store, cols, min(10_000, cols/100))
	benchChecks(b, store)
}
