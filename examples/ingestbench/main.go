// Command ingestbench measures the Engine on a synthetic query log: it
// generates a log of -n statements with a realistic mix (most statements
// repeat a few thousand shapes with different literals; ETL sessions build
// temporary tables; now and then a table is created), streams it into the
// in-memory store, and prints statements per second, the share answered
// from the shape cache, and the peak memory of the process.
//
//	go run ./examples/ingestbench -n 1000000
//
// The log is generated as it is read, so the memory measured is the
// Engine's and the store's, not the log's.
//
// Cold mode replays real-world statements (about 2 KB each), each under a
// default schema of its own so that none is answered from the shape cache,
// and reports statements per CPU-second (the goal: 20,000):
//
//	go run ./examples/ingestbench -cold ../shared/corpus/realworld/visible.jsonl -n 20000
//
// -cpuprofile and -memprofile write pprof profiles. What they taught
// (December 2026, 2 shared cores under a load average near 20):
//   - Cold, CPU: of 3.6 CPU-s for 8,000 statements, parsing took 27% (the
//     TiDB grammar alone 21%), resolution 11%, building graph fragments
//     (IDs, property maps) 13%, the memory store's Upsert 13%, and the
//     garbage collector about 21%. About 2,000 statements per CPU-second:
//     a tenth of the goal, and the raw TiDB parse alone costs about half
//     of the goal's 50 us per statement, so the goal needs a parse that
//     skips work, not a faster resolver.
//   - Cold, heap: the shape cache held 60% of the live heap, about 10 KB
//     per 2 KB statement, and grew with every one-off statement. The cache
//     is bounded now (WithShapeCacheSize, -shapes): 20,000 cold statements
//     peak at 451 MiB with 1,000 shapes against 587 MiB unbounded.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

func main() { os.Exit(run()) }

// run is the command; it returns the exit code, so that every deferred
// step (the CPU profile's flush and close) runs on every path.
func run() int {
	n := flag.Int("n", 1_000_000, "statements to generate")
	tables := flag.Int("tables", 300, "base tables (shapes = tables x 10 templates)")
	workers := flag.Int("workers", runtime.NumCPU(), "analysis workers")
	seed := flag.Uint64("seed", 1, "generator seed")
	batch := flag.Int("batch", 0, "statements per store write (0: the Engine's default)")
	cold := flag.String("cold", "", "cold mode: replay this corpus file's statements (e.g. ../shared/corpus/realworld/visible.jsonl), each one new to the shape cache")
	shapes := flag.Int("shapes", lineage.DefaultShapeCacheSize, "statement shapes the Engine caches")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	memProfile := flag.String("memprofile", "", "write a heap profile (at the end of the ingest) to this file")
	memLimit := flag.Int64("memlimit", 0, "soft memory limit of the Go runtime in MiB, as GOMEMLIMIT sets it (0: none)")
	flag.Parse()
	if *memLimit > 0 {
		// A service that ingests logs sets this (or GOMEMLIMIT): the
		// collector then runs as often as it must to stay under it instead
		// of letting the heap double between collections.
		debug.SetMemoryLimit(*memLimit << 20)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ingestbench:", err)
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			fmt.Fprintln(os.Stderr, "ingestbench:", err)
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintln(os.Stderr, "ingestbench: -cpuprofile:", err)
			}
		}()
	}

	var source lineage.Source
	cat := lineage.NewMemoryCatalog()
	var coldSrc *coldSource
	if *cold != "" {
		var err error
		if coldSrc, err = loadCold(*cold, *n); err != nil {
			fmt.Fprintln(os.Stderr, "ingestbench:", err)
			return 1
		}
		source = coldSrc
	} else {
		gen := newGenerator(*n, *tables, *seed)
		if err := gen.defineTables(cat); err != nil {
			fmt.Fprintln(os.Stderr, "ingestbench:", err)
			return 1
		}
		source = gen
	}
	store := memory.New()
	eng := lineage.NewEngine(store, cat, lineage.WithWorkers(*workers), lineage.WithBatchSize(*batch), lineage.WithShapeCacheSize(*shapes),
		lineage.WithProgress(5*time.Second, func(p lineage.Progress) {
			fmt.Fprintf(os.Stderr, "  %d read, %.0f statements/s\n", p.Read, p.Rate)
		}))
	start := time.Now()
	sum, err := eng.Ingest(context.Background(), source)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ingestbench:", err)
		return 1
	}
	took := time.Since(start)
	// The heap that stays: the store's graph and what the Engine keeps
	// between calls (shape cache, sessions). What the peak RSS adds on top
	// is garbage the collector has not yet reclaimed and batches in flight.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if *memProfile != "" {
		if f, err := os.Create(*memProfile); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	counts, _ := store.Counts(context.Background())
	rate := float64(sum.Read) / took.Seconds()
	fmt.Printf("statements: %d read, %d analysed, %d from cache (%.1f%%), %d failed\n",
		sum.Read, sum.Analyzed, sum.Cached, 100*float64(sum.Cached)/float64(max(sum.Read, 1)), sum.FailedTotal())
	fmt.Printf("graph: %d nodes, %d edges; %d column-edge occurrences in %d batches\n", counts.Nodes, counts.Edges, sum.Edges, sum.Batches)
	fmt.Printf("time: %s, %.0f statements/s (goal 50000: ratio %.2f)\n", took.Round(time.Millisecond), rate, rate/50000)
	if cpu, ok := cpuTime(); ok {
		// CPU time does not depend on what else the machine runs: the
		// rate two idle cores would reach if the pipeline kept both busy.
		perCPU := float64(sum.Read) / cpu.Seconds()
		fmt.Printf("cpu: %s, %.0f statements per CPU-second (x%d cores = %.0f/s at best)\n",
			cpu.Round(time.Millisecond), perCPU, runtime.NumCPU(), perCPU*float64(runtime.NumCPU()))
		if coldSrc != nil {
			fmt.Printf("cold: %d statements of %.0f bytes on average, each new to the cache: %.0f per CPU-second (goal 20000: ratio %.2f)\n",
				sum.Read, float64(coldSrc.bytes)/float64(max(sum.Read, 1)), perCPU, perCPU/20000)
		}
	}
	fmt.Printf("live heap after ingest: %.0f MiB (%.0f bytes per graph node and edge)\n",
		float64(ms.HeapAlloc)/(1<<20), float64(ms.HeapAlloc)/float64(max(counts.Nodes+counts.Edges, 1)))
	if hwm, ok := peakRSS(); ok {
		fmt.Printf("peak RSS: %.0f MiB (goal 512: ratio %.2f)\n", float64(hwm)/(1<<20), float64(hwm)/(1<<29))
	}
	if sum.FailedTotal() > 0 {
		fmt.Println("first failure:", sum.Errors[0])
	}
	return 0
}

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

// peakRSS reads the process's high-water resident set size (Linux).
func peakRSS() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var kb int64
		if _, err := fmt.Sscanf(sc.Text(), "VmHWM: %d kB", &kb); err == nil {
			return kb << 10, true
		}
	}
	return 0, false
}
