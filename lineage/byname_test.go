package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UNION BY NAME matches the branches' columns by name, whatever their
// order, and a column only a later branch has is an output column too;
// INSERT INTO t BY NAME fills each target column from the query column of
// its name, as Databricks' MERGE .. UPDATE SET * and INSERT * do. A plain
// UNION still matches by position.
func TestAnalyzeByName(t *testing.T) {
	schema := map[string][]string{"a": {"x", "y"}, "b": {"y", "x", "z"}, "t": {"z", "y", "x"}}
	schema["a"] = append(schema["a"], "w") // a column t does not have
	tests := []struct {
		name    string
		dialect sqlparse.Dialect
		sql     string
		want    []string
	}{
		{
			name: "union all by name", dialect: sqlparse.DuckDB,
			sql: "CREATE TABLE o AS SELECT x, y FROM a UNION ALL BY NAME SELECT y, x, z FROM b",
			want: []string{"a.x -> o.x DIRECT/IDENTITY", "b.x -> o.x DIRECT/IDENTITY",
				"a.y -> o.y DIRECT/IDENTITY", "b.y -> o.y DIRECT/IDENTITY", "b.z -> o.z DIRECT/IDENTITY"},
		},
		{
			name: "union by name in spark", dialect: sqlparse.Hive,
			sql:  "INSERT INTO o SELECT x, y FROM a UNION BY NAME (SELECT y, x FROM b)",
			want: []string{"a.x -> o.x DIRECT/IDENTITY", "b.x -> o.x DIRECT/IDENTITY", "a.y -> o.y DIRECT/IDENTITY", "b.y -> o.y DIRECT/IDENTITY"},
		},
		{
			name: "positional union", dialect: sqlparse.DuckDB,
			sql:  "CREATE TABLE o AS SELECT x, y FROM a UNION ALL SELECT y, x FROM b",
			want: []string{"a.x -> o.x DIRECT/IDENTITY", "b.y -> o.x DIRECT/IDENTITY", "a.y -> o.y DIRECT/IDENTITY", "b.x -> o.y DIRECT/IDENTITY"},
		},
		{
			name: "merge update set star and insert star", dialect: sqlparse.Hive,
			sql:  "MERGE INTO t USING b ON t.x = b.x WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
			want: []string{"b.x -> t.x DIRECT/IDENTITY", "b.y -> t.y DIRECT/IDENTITY", "b.z -> t.z DIRECT/IDENTITY"},
		},
		{
			name: "by name fills only the target's columns", dialect: sqlparse.Hive,
			sql:  "MERGE INTO t USING a ON t.x = a.x WHEN NOT MATCHED THEN INSERT *",
			want: []string{"a.x -> t.x DIRECT/IDENTITY", "a.y -> t.y DIRECT/IDENTITY"},
		},
		{
			name: "insert by name", dialect: sqlparse.DuckDB,
			sql:  "INSERT INTO t BY NAME SELECT x, 1 AS z, y AS y FROM a",
			want: []string{"a.x -> t.x DIRECT/IDENTITY", "a.y -> t.y DIRECT/IDENTITY"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := PlatformOf(tc.dialect)
			res, err := NewAnalyzer(newCatalog(t, p, schema)).Analyze(context.Background(), Statement{SQL: tc.sql, Dialect: tc.dialect})
			require.NoError(t, err)
			direct := directEdgeStrings(res.Edges())
			assert.ElementsMatch(t, tc.want, direct)
		})
	}
}
