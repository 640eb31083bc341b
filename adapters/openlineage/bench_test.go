package openlineage

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// -ol.statements sizes the benchmarks' log; the figure is for
// 1,000,000: go test -run XXX -bench . -benchtime 1x -ol.statements 1000000
var benchStatements = flag.Int("ol.statements", 20000, "statements in the benchmarks' generated log")

// benchShapes are the log's statement shapes over tables t<i> and marts
// m<i>; %[1]d and %[2]d are tables, %[3]d a number, %[4]s a string.
var benchShapes = []string{
	"INSERT INTO dw.mart.m%[1]d (user_id, total, last_at) SELECT user_id, SUM(amount), MAX(created_at) FROM dw.raw.t%[1]d WHERE amount > %[3]d GROUP BY user_id",
	"SELECT a.user_id, b.amount FROM dw.raw.t%[1]d a JOIN dw.raw.t%[2]d b ON a.id = b.id WHERE a.country = '%[4]s'",
	"CREATE TABLE dw.mart.k%[1]d AS SELECT md5(email) AS email_key, country FROM dw.raw.t%[1]d",
	"UPDATE dw.raw.t%[1]d SET status = '%[4]s' WHERE id = %[3]d",
	"SELECT user_id, SUM(amount) OVER (PARTITION BY country ORDER BY created_at) AS running FROM dw.raw.t%[1]d WHERE id > %[3]d",
}

// benchLog is a Source of n Redshift statements over tables tables, from
// 20 users, a few seconds apart.
type benchLog struct {
	n, tables, i int
	rng          *rand.Rand
	at           time.Time
}

func newBenchLog(n int) *benchLog {
	return &benchLog{n: n, tables: 50, rng: rand.New(rand.NewPCG(20, 20)), at: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

func (l *benchLog) Next(ctx context.Context) (lineage.Statement, error) {
	if l.i >= l.n {
		return lineage.Statement{}, io.EOF
	}
	l.i++
	l.at = l.at.Add(time.Duration(l.rng.IntN(3000)) * time.Millisecond)
	t := l.rng.IntN(l.tables)
	sql := fmt.Sprintf(benchShapes[l.rng.IntN(len(benchShapes))], t, (t+1)%l.tables, l.rng.IntN(1000), fmt.Sprint("v", l.rng.IntN(100)))
	user := fmt.Sprint("user", l.rng.IntN(20))
	return lineage.Statement{SQL: sql, Dialect: sqlparse.Redshift, Context: lineage.Context{User: user, Session: user, At: l.at}}, nil
}

func benchCatalog(tables int) *lineage.MemoryCatalog {
	cat := lineage.NewMemoryCatalog()
	for t := range tables {
		ds := lineage.Redshift.DatasetFromString(fmt.Sprintf("dw.raw.t%d", t), lineage.Defaults{})
		_ = cat.Define(context.Background(), ds, []string{"id", "user_id", "amount", "created_at", "email", "country", "status"})
	}
	return cat
}

// emitBench emits the generated log as JSON lines.
func emitBench(b *testing.B, n int) ([]byte, EmitSummary) {
	var buf bytes.Buffer
	e := NewEmitter(NewJSONLines(&buf), WithBatchSize(1000))
	sum, err := EmitSource(context.Background(), e, newBenchLog(n), lineage.NewAnalyzer(benchCatalog(50)))
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes(), sum
}

// BenchmarkEmit analyses the generated log and writes its events; it
// reports statements and events per second.
func BenchmarkEmit(b *testing.B) {
	b.ReportAllocs()
	n := *benchStatements
	var events int64
	for b.Loop() {
		_, sum := emitBench(b, n)
		events = sum.Events
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/sec, "statements/s")
	b.ReportMetric(float64(events)/sec, "events/s")
	b.ReportMetric(float64(events), "events")
}

// BenchmarkConsume reads the generated log's events into an in-memory
// graph; it reports events per second.
func BenchmarkConsume(b *testing.B) {
	b.ReportAllocs()
	data, _ := emitBench(b, *benchStatements)
	var sum Summary
	for b.Loop() {
		c := NewConsumer(lineage.NewEngine(memory.New(), nil))
		var err error
		if sum, err = c.ReadJSONL(context.Background(), bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		if sum.Failed > 0 {
			b.Fatal(sum.Errors[0])
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(sum.Events)/sec, "events/s")
	b.ReportMetric(float64(len(data))/sec/1e6, "MB/s")
}
