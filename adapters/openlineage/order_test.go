package openlineage

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// TestEventsDoNotDependOnInputOrder: the same statements added in another
// order (several users, roles and dashboards running one job in one
// window, some at the same time) give the same events.
func TestEventsDoNotDependOnInputOrder(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var stmts []lineage.Statement
	for i := range 12 {
		sql := fmt.Sprintf("INSERT INTO mart.daily (day, n) SELECT day, COUNT(*) FROM raw.events WHERE kind = %d GROUP BY day", i)
		if i%3 == 0 {
			sql = "/* Dashboard: growth */ " + sql
		}
		stmts = append(stmts, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres, Context: lineage.Context{
			Database: "shop", User: []string{"zoe", "amir", "bo"}[i%3], Role: []string{"R1", "R2"}[i%2],
			At: at.Add(time.Duration(i/4) * time.Minute)}})
	}
	emit := func(order []int) string {
		a := lineage.NewAnalyzer(nil)
		e := NewEmitter(NewJSONLines(nil))
		for _, i := range order {
			res, err := a.Analyze(context.Background(), stmts[i])
			require.NoError(t, err)
			e.Add(stmts[i], res)
		}
		b, err := json.Marshal(e.Events())
		require.NoError(t, err)
		return string(b)
	}
	var forward, reverse []int
	for i := range stmts {
		forward = append(forward, i)
		reverse = append(reverse, len(stmts)-1-i)
	}
	assert.Equal(t, emit(forward), emit(reverse))
}
