// Command olbench measures OpenLineage throughput on a generated query
// log (examples/internal/genlog, as ingestbench measures ingest): emit
// analyses the log and writes its RunEvents as JSON lines; consume reads
// those lines into an in-memory lineage graph. Each prints events per
// CPU-second and the process's peak RSS; run them as two processes so
// that each peak is its own:
//
//	go run ./examples/olbench -mode emit -n 1000000 -out /tmp/events.jsonl
//	go run ./examples/olbench -mode consume -in /tmp/events.jsonl
//
// CPU time is the process's own (user and system), so the figures do not
// depend much on what else the machine runs.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/colineage/colineage/adapters/openlineage"
	"github.com/colineage/colineage/examples/internal/genlog"
	"github.com/colineage/colineage/examples/internal/procstat"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

type config struct {
	mode, in, out string
	n, tables     int
}

func main() {
	var c config
	flag.StringVar(&c.mode, "mode", "emit", "emit: the generated log to events; consume: events to a graph")
	flag.IntVar(&c.n, "n", 1_000_000, "emit: statements of the generated log")
	flag.IntVar(&c.tables, "tables", 300, "emit: base tables of the generated log")
	flag.StringVar(&c.out, "out", "", "emit: write the events here (default: discard them)")
	flag.StringVar(&c.in, "in", "", "consume: the events to read (JSON lines)")
	flag.Parse()
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "olbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	switch c.mode {
	case "emit":
		return emit(ctx, c, w)
	case "consume":
		return consume(ctx, c, w)
	}
	return fmt.Errorf("-mode must be emit or consume, not %q", c.mode)
}

// emit analyses the generated log and writes its events.
func emit(ctx context.Context, c config, w io.Writer) error {
	out := io.Discard
	if c.out != "" {
		f, err := os.Create(c.out)
		if err != nil {
			return err
		}
		defer f.Close()
		bw := bufio.NewWriterSize(f, 1<<20)
		defer bw.Flush()
		out = bw
	}
	cw := &countingWriter{w: out}
	g := genlog.New(c.n, c.tables, 1)
	cat := lineage.NewMemoryCatalog()
	if err := g.DefineTables(cat); err != nil {
		return err
	}
	e := openlineage.NewEmitter(openlineage.NewJSONLines(cw), openlineage.WithBatchSize(1000))
	cpu0 := cpuTime()
	start := time.Now()
	sum, err := openlineage.EmitSource(ctx, e, g, lineage.NewAnalyzer(cat))
	if err != nil {
		return err
	}
	cpu, took := cpuTime()-cpu0, time.Since(start)
	fmt.Fprintf(w, "emit: %d statements (%d failed) -> %d events, %.0f MB of JSON lines, in %s\n",
		sum.Statements, sum.Failed, sum.Events, float64(cw.n)/1e6, took.Round(time.Millisecond))
	fmt.Fprintf(w, "emit: CPU %s: %.0f statements and %.0f events per CPU-second\n",
		cpu.Round(time.Millisecond), float64(sum.Statements)/cpu.Seconds(), float64(sum.Events)/cpu.Seconds())
	printMemory(w, "emit")
	return nil
}

// consume reads events into an in-memory graph.
func consume(ctx context.Context, c config, w io.Writer) error {
	if c.in == "" {
		return fmt.Errorf("consume needs -in, a file of events (olbench -mode emit -out FILE)")
	}
	f, err := os.Open(c.in)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	store := memory.New()
	cons := openlineage.NewConsumer(lineage.NewEngine(store, nil))
	cpu0 := cpuTime()
	start := time.Now()
	sum, err := cons.ReadJSONL(ctx, bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return err
	}
	cpu, took := cpuTime()-cpu0, time.Since(start)
	counts, err := store.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "consume: %d events (%d applied, %d duplicates, %d failed), %.0f MB, in %s -> graph of %d nodes, %d edges\n",
		sum.Events, sum.Applied, sum.Duplicates, sum.Failed, float64(st.Size())/1e6, took.Round(time.Millisecond), counts.Nodes, counts.Edges)
	fmt.Fprintf(w, "consume: CPU %s: %.0f events per CPU-second\n", cpu.Round(time.Millisecond), float64(sum.Events)/cpu.Seconds())
	printMemory(w, "consume")
	runtime.KeepAlive(cons) // the live heap counted is the graph's and the Consumer's
	if sum.Failed > 0 {
		return fmt.Errorf("%d events failed, first: %w", sum.Failed, sum.Errors[0])
	}
	return nil
}

func printMemory(w io.Writer, phase string) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss := "unknown"
	if b, ok := procstat.PeakRSS(procstat.Self); ok {
		rss = fmt.Sprintf("%d MiB", b>>20)
	}
	fmt.Fprintf(w, "%s: live heap at the end %d MiB, peak RSS %s\n", phase, ms.HeapAlloc>>20, rss)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	d, _ := procstat.CPUTime(procstat.Self)
	return d
}
