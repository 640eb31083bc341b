package sqlparse

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scriptWithoutSemicolons writes n statements, one per line group, with
// no semicolons; every third one is an INSERT whose SELECT starts a line
// (a place where a statement may start, but does not).
func scriptWithoutSemicolons(n int) string {
	var sb strings.Builder
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&sb, "INSERT INTO t%d\nSELECT a, b FROM s%d\n", i, i)
		case 1:
			fmt.Fprintf(&sb, "SELECT x%d FROM u WHERE y = %d\n", i, i)
		default:
			fmt.Fprintf(&sb, "UPDATE v SET a = %d WHERE b = 1\n", i)
		}
	}
	return sb.String()
}

// TestSplitWithoutSemicolons parses a script without semicolons into the
// statements it has, and with a cost per statement that does not grow
// with the script (bytes allocated per statement: the rewritten text of
// the rest of the script, re-parsed at every statement, would multiply
// them).
func TestSplitWithoutSemicolons(t *testing.T) {
	for _, d := range Dialects() {
		if !d.s().bracketIdents {
			continue
		}
		t.Run(d.String(), func(t *testing.T) {
			sql := scriptWithoutSemicolons(9)
			stmts, err := Parse(sql, d)
			require.NoError(t, err)
			require.Len(t, stmts, 9)
			for i, s := range stmts {
				assert.Equal(t, []Kind{KindInsert, KindSelect, KindUpdate}[i%3], s.Kind, "statement %d", i)
			}
			var perStmt [2]float64
			for k, n := range []int{50, 1500} {
				sql := scriptWithoutSemicolons(n)
				perStmt[k] = float64(bytesAllocated(func() {
					stmts, _ := Parse(sql, d)
					require.Len(t, stmts, n)
				})) / float64(n)
			}
			t.Logf("bytes allocated per statement at 50 and 1,500: %.0f %.0f", perStmt[0], perStmt[1])
			assert.LessOrEqual(t, perStmt[1], 1.25*perStmt[0])
		})
	}
}

// bytesAllocated returns the bytes f allocates (its second run, so that
// pools are warm).
func bytesAllocated(f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A statement that is not parsed whole (SET, USE, EXEC, PRINT, DECLARE, GO,
// BEGIN TRAN, or CREATE TABLE whose options are dropped) ends where the next
// statement starts on a new line, where semicolons are optional: the
// statements after it are neither swallowed nor read as its query.
func TestUnparsedStatementsDoNotSwallowTheNext(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []Kind
	}{
		{"SET NOCOUNT ON\nINSERT INTO t2 SELECT b FROM v", []Kind{KindInsert}},
		{"USE sales\nINSERT INTO t2 (b) SELECT b FROM v\nGO\nEXEC dbo.prep\nINSERT INTO t3 (c) SELECT c FROM w", []Kind{KindUse, KindInsert, KindInsert}},
		{"DECLARE @d date = GETDATE()\nPRINT 'x'\nINSERT INTO t3 (c) SELECT c FROM w", []Kind{KindInsert}},
		{"BEGIN TRAN\nINSERT INTO t2 (b) SELECT b FROM v\nCOMMIT", []Kind{KindInsert}},
		{"CREATE TABLE stage (id int, name varchar(10))\nINSERT INTO stage (name, id) SELECT n, i FROM u", []Kind{KindCreateTable, KindInsert}},
		{"CREATE TABLE t (a int) WITH (DATA_COMPRESSION = PAGE)", []Kind{KindCreateTable}},
	} {
		stmts, err := Parse(c.sql, TSQL)
		require.NoError(t, err, c.sql)
		var got []Kind
		for _, s := range stmts {
			if s.Kind != KindUtility {
				got = append(got, s.Kind)
			}
		}
		assert.Equal(t, c.want, got, c.sql)
	}
}
