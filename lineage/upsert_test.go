package lineage

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

// sourcesOf maps each target column (table.column) of a result to the
// sorted DIRECT sources (table.column) that reach it.
func sourcesOf(res Result) map[string][]string {
	out := map[string][]string{}
	for _, e := range res.Edges() {
		if e.To.Name == "" || e.Transform.Type != Direct {
			continue
		}
		to := e.To.Dataset.Name + "." + e.To.Name
		from := e.From.Dataset.Name + "." + e.From.Name
		if !contains(out[to], from) {
			out[to] = append(out[to], from)
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestUpsertProposedRow states the rule: in an upsert's update list the
// proposed row (Postgres EXCLUDED.c, MySQL VALUES(c), MySQL 8.0's row
// alias new.c) is the value the INSERT would have written to c, so c
// derives from the query column that fills c; only a reference to the
// existing row (t.c, or a bare c) makes the target its own source.
func TestUpsertProposedRow(t *testing.T) {
	// The query fills k from s.x and c from s.y; the update list sets c.
	type form struct {
		dialect  sqlparse.Dialect
		proposed func(col string) string // the proposed row's column
		upsert   func(set string) string // the clause around a SET list
	}
	forms := map[string]form{
		"postgres ON CONFLICT": {sqlparse.Postgres,
			func(c string) string { return "EXCLUDED." + c },
			func(set string) string { return " ON CONFLICT (k) DO UPDATE SET " + set }},
		"mysql VALUES()": {sqlparse.MySQL,
			func(c string) string { return "VALUES(" + c + ")" },
			func(set string) string { return " ON DUPLICATE KEY UPDATE " + set }},
	}
	for name, f := range forms {
		for _, existing := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s existing=%v", name, existing), func(t *testing.T) {
				expr := f.proposed("c")
				want := []string{"s.y"}
				if existing {
					expr = "t.c + " + expr
					want = []string{"s.y", "t.c"}
				}
				sql := "INSERT INTO t (k, c) SELECT x, y FROM s" + f.upsert("c = "+expr)
				res, err := NewAnalyzer(NewMemoryCatalog()).Analyze(context.Background(), Statement{SQL: sql, Dialect: f.dialect})
				require.NoError(t, err)
				got := sourcesOf(res)
				assert.Equal(t, want, got["t.c"], sql)
				assert.Equal(t, []string{"s.x"}, got["t.k"], sql)
			})
		}
	}
}

// TestUpsertMySQLRowAlias: the 8.0 row alias names the proposed row;
// with a column list its columns name the INSERT's by position.
func TestUpsertMySQLRowAlias(t *testing.T) {
	cat := newCatalog(t, PlatformOf(sqlparse.MySQL), map[string][]string{"t": {"k", "c", "d"}})
	for _, tc := range []struct {
		sql  string
		want map[string][]string
	}{
		{"INSERT INTO t (k, c) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE c = new.c + t.d",
			map[string][]string{"t.c": {"t.d"}}},
		{"INSERT INTO t (k, c) VALUES (1, 2) AS new(p, q) ON DUPLICATE KEY UPDATE d = new.q",
			map[string][]string{}},
	} {
		res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: sqlparse.MySQL})
		require.NoError(t, err, tc.sql)
		assert.Equal(t, tc.want, sourcesOf(res), tc.sql)
		assert.Empty(t, res.Warnings, tc.sql)
	}
	// A row alias with a column list and no INSERT column list is an
	// error, not a guess.
	_, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t VALUES (1, 2, 3) AS new(p, q, r) ON DUPLICATE KEY UPDATE d = new.r", Dialect: sqlparse.MySQL})
	var pe *sqlparse.ParseError
	assert.ErrorAs(t, err, &pe)
}

// TestUpsertMissingProposedColumn: VALUES(c) of a column the INSERT does
// not fill is unresolved with a warning, never the target's own column.
func TestUpsertMissingProposedColumn(t *testing.T) {
	res, err := NewAnalyzer(NewMemoryCatalog()).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO t (k) SELECT x FROM s ON DUPLICATE KEY UPDATE c = VALUES(c)", Dialect: sqlparse.MySQL})
	require.NoError(t, err)
	assert.Nil(t, sourcesOf(res)["t.c"])
	require.NotEmpty(t, res.Warnings)
	assert.Less(t, res.Confidence, 1.0)
}

// TestUpsertReadsTheSelectsTables: MySQL's ON DUPLICATE KEY UPDATE after
// INSERT .. SELECT may read the SELECT's tables (the colliding row's
// values): u.z is a source of c, not an unknown column.
func TestUpsertReadsTheSelectsTables(t *testing.T) {
	for _, sql := range []string{
		"INSERT INTO t (k, c) SELECT s.x, s.y FROM s JOIN u ON s.k = u.k ON DUPLICATE KEY UPDATE c = u.z + VALUES(c)",
		"INSERT INTO t (k, c) WITH w AS (SELECT k, z FROM u) SELECT s.x, s.y FROM s JOIN w ON s.k = w.k ON DUPLICATE KEY UPDATE c = w.z + VALUES(c)",
	} {
		res, err := NewAnalyzer(NewMemoryCatalog()).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.MySQL})
		require.NoError(t, err)
		got := sourcesOf(res)
		assert.Equal(t, []string{"s.y", "u.z"}, got["t.c"], sql)
		assert.Equal(t, []string{"s.x"}, got["t.k"], sql)
		assert.Empty(t, res.Warnings, sql)
	}
}

// TestUpsertTargetBySchemaQualifiedName: the existing row answers to the
// target's schema-qualified name too (Postgres: SET c = sch.t.c + ..).
func TestUpsertTargetBySchemaQualifiedName(t *testing.T) {
	for _, sql := range []string{
		"INSERT INTO app.t (k, c) SELECT x, y FROM s ON CONFLICT (k) DO UPDATE SET c = GREATEST(app.t.c, EXCLUDED.c)",
		"INSERT INTO app.t (k, c) SELECT x, y FROM s ON CONFLICT (k) WHERE c > 0 DO UPDATE SET c = GREATEST(t.c, EXCLUDED.c)",
	} {
		res, err := NewAnalyzer(NewMemoryCatalog()).Analyze(context.Background(), Statement{SQL: sql, Dialect: sqlparse.Postgres})
		require.NoError(t, err, sql)
		assert.Equal(t, []string{"s.y", "t.c"}, sourcesOf(res)["t.c"], sql)
	}
}
