package lineage_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// repeatedShapes is a log of shapes statement shapes, each repeated
// runs times in a row (literals differ), so that many workers meet a new
// shape at once. Each shape joins and filters enough to take a while to
// analyse.
func repeatedShapes(shapes, runs int) []lineage.Statement {
	stmts := ddl()
	for s := range shapes {
		var cond []string
		for c := range 12 + s%5 {
			cond = append(cond, fmt.Sprintf("(o.amount * %d > c.id + %%d OR c.country = 'x%d')", c+1, c))
		}
		shape := fmt.Sprintf("SELECT o.amount + %d AS a%d, c.email, upper(c.country) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE %s",
			s, s, strings.Join(cond, " AND "))
		for r := range runs {
			args := make([]any, strings.Count(shape, "%d"))
			for i := range args {
				args[i] = r*100 + i
			}
			stmts = append(stmts, pg(fmt.Sprintf(shape, args...), fmt.Sprint("u", r%3), "", day1))
		}
	}
	return stmts
}

// TestEngineAnalysesEachShapeOnce: however many workers meet a new shape
// at once, it is analysed once and its other occurrences come from the
// cache, so the counts are the same on every run.
func TestEngineAnalysesEachShapeOnce(t *testing.T) {
	const shapes, runs = 12, 40
	log := repeatedShapes(shapes, runs)
	for trial := range 8 {
		eng := lineage.NewEngine(memory.New(), nil, lineage.WithWorkers(16))
		sum, err := eng.Ingest(context.Background(), lineage.Statements(log...))
		require.NoError(t, err)
		require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
		ddls := int64(len(ddl()))
		assert.EqualValues(t, ddls+shapes, sum.Analyzed, "trial %d: each shape analysed once", trial)
		assert.EqualValues(t, shapes*(runs-1), sum.Cached, "trial %d: the other occurrences from the cache", trial)
	}
}

// TestEngineCancelWhileShapesAreInFlight cancels an Ingest while many
// workers analyse or wait for the same new shapes: it ends with the
// context's error, leaves no goroutine behind, and the Engine ingests the
// log fully afterwards, each shape analysed once.
func TestEngineCancelWhileShapesAreInFlight(t *testing.T) {
	const shapes, runs = 6, 40
	log := repeatedShapes(shapes, runs)
	base := runtime.NumGoroutine()
	for _, after := range []int64{1, 20, 100} {
		ctx, cancel := context.WithCancel(context.Background())
		eng := lineage.NewEngine(memory.New(), nil, lineage.WithWorkers(16), lineage.WithProgress(0, func(p lineage.Progress) {
			if p.Read >= after {
				cancel()
			}
		}))
		_, err := eng.Ingest(ctx, lineage.Statements(log...))
		cancel()
		require.ErrorIs(t, err, context.Canceled, "cancelled after %d", after)
		assert.LessOrEqual(t, settledGoroutines(base), base, "cancelled after %d: no goroutine left running", after)

		sum, err := eng.Ingest(context.Background(), lineage.Statements(log...))
		require.NoError(t, err)
		assert.EqualValues(t, int64(len(log)), sum.Analyzed+sum.Cached)
	}
}
