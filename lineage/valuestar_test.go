package lineage

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

// TestValueStar states the rule for f(x).*: a table alias used as a value
// is that source's row, so the fields are its columns, each from the column
// of that name in every row the value may be; star modifiers apply as to
// t.*; a value whose fields are unknown yields `*` from what it reads and a
// warning, never a guessed field.
func TestValueStar(t *testing.T) {
	ctx := context.Background()
	cat := NewMemoryCatalog()
	a := NewAnalyzer(cat)
	_, err := a.Analyze(ctx, Statement{SQL: "CREATE TABLE cur (id INT64, bits INT64, n INT64); CREATE TABLE prev (id INT64, bits INT64, n INT64)", Dialect: sqlparse.BigQuery})
	require.NoError(t, err)

	cases := []struct {
		name, sql string
		want      map[string][]string
		warned    bool
	}{
		{"either row, REPLACE and EXCEPT",
			"CREATE TABLE o AS SELECT IF(c.id IS NOT NULL, c, p).* REPLACE (c.bits + p.bits AS bits) EXCEPT (n) FROM cur AS c FULL JOIN prev AS p USING (id)",
			map[string][]string{"o.id": {"cur.id", "prev.id"}, "o.bits": {"cur.bits", "prev.bits"}}, false},
		{"latest row of a group, by subscript",
			"CREATE TABLE o AS SELECT ARRAY_AGG(c ORDER BY c.n DESC LIMIT 1)[OFFSET(0)].* FROM cur AS c GROUP BY c.id",
			map[string][]string{"o.id": {"cur.id"}, "o.bits": {"cur.bits"}, "o.n": {"cur.n"}}, false},
		{"a value of unknown fields",
			"CREATE TABLE o AS SELECT c.id, f(c.bits).* FROM cur AS c",
			map[string][]string{"o.id": {"cur.id"}, "o.*": {"cur.bits"}}, true},
		{"a field of a value of unknown fields, read by name later",
			"CREATE TABLE o AS WITH d AS (SELECT f(c.bits).*, c.id FROM cur AS c) SELECT d.x, d.id FROM d",
			map[string][]string{"o.x": {"cur.bits"}, "o.id": {"cur.id"}}, true},
		{"a struct column's fields: col.* where col names no table",
			"CREATE TABLE o AS SELECT c.id, n.*, c.bits.* FROM cur AS c",
			map[string][]string{"o.id": {"cur.id"}, "o.*": {"cur.bits", "cur.n"}}, true},
		{"a column wins over an alias of the same name",
			"CREATE TABLE o AS SELECT ARRAY_AGG(n)[OFFSET(0)].* FROM cur AS n",
			map[string][]string{"o.*": {"cur.n"}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: c.sql, Dialect: sqlparse.BigQuery})
			require.NoError(t, err)
			assert.Equal(t, c.want, sourcesOf(res), c.sql)
			warned := false
			for _, w := range res.Warnings {
				if w.Code == WarnStarUnexpanded {
					warned = true
				}
			}
			assert.Equal(t, c.warned, warned, "%v", res.Warnings)
			if c.warned {
				assert.Less(t, res.Confidence, 1.0)
			}
		})
	}
}

// TestRowValueArguments states the rule for a row passed to a function: a
// bare table alias no source has a column of (BigQuery TO_JSON_STRING(t),
// Postgres row_to_json(t)) and f(t.*) are the row t, f(*) the rows of every
// source of the block (Snowflake HASH(*), OBJECT_CONSTRUCT(*)): the value
// derives from each of their columns. A column of that name still wins, and
// COUNT(*) still reads none.
func TestRowValueArguments(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		d        sqlparse.Dialect
		ddl, sql string
		want     map[string][]string
	}{
		{sqlparse.BigQuery, "CREATE TABLE cur (id INT64, n INT64)",
			"CREATE TABLE o AS SELECT c.id, FARM_FINGERPRINT(TO_JSON_STRING(c)) AS h FROM cur AS c",
			map[string][]string{"o.id": {"cur.id"}, "o.h": {"cur.id", "cur.n"}}},
		{sqlparse.BigQuery, "CREATE TABLE cur (id INT64, n INT64)",
			"CREATE TABLE o AS SELECT TO_JSON_STRING(n) AS h FROM cur AS n",
			map[string][]string{"o.h": {"cur.n"}}},
		{sqlparse.Postgres, "CREATE TABLE cur (id INT, n INT)",
			"CREATE TABLE o AS SELECT row_to_json(c.*) AS j, count(c.*) AS k FROM cur AS c",
			map[string][]string{"o.j": {"cur.id", "cur.n"}}},
		{sqlparse.Snowflake, "CREATE TABLE cur (id INT, n INT); CREATE TABLE prev (id INT, m INT)",
			"CREATE TABLE o AS SELECT HASH(*) AS h, COUNT(*) AS k FROM cur c JOIN prev p ON c.id = p.id",
			map[string][]string{"O.H": {"CUR.ID", "CUR.N", "PREV.ID", "PREV.M"}}},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			cat := NewMemoryCatalog()
			_, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: c.ddl, Dialect: c.d})
			require.NoError(t, err)
			res, err := NewAnalyzer(cat).Analyze(ctx, Statement{SQL: c.sql, Dialect: c.d})
			require.NoError(t, err)
			assert.Equal(t, c.want, sourcesOf(res), c.sql)
		})
	}
}

// The REPLACE columns of a value star whose fields are unknown come in one
// order, whatever the order of the map that holds them.
func TestValueStarReplaceOrder(t *testing.T) {
	for i := 0; i < 10; i++ {
		res, err := NewAnalyzer(nil).Analyze(context.Background(), Statement{
			SQL: "SELECT f(x).* REPLACE (1 AS d, 2 AS b, 3 AS a, 4 AS c) FROM t", Dialect: sqlparse.BigQuery})
		require.NoError(t, err)
		assert.Equal(t, []string{"*", "a", "b", "c", "d"}, res.Statements[0].Columns)
	}
}
