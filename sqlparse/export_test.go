package sqlparse

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportDataIsAnUnloadToItsURI(t *testing.T) {
	sts, err := Parse("EXPORT DATA OPTIONS (uri = 'gs://b/out/*.csv', format = 'CSV', overwrite = true) AS\nSELECT a, b FROM `p.d.t` WHERE a > 1", BigQuery)
	require.NoError(t, err)
	require.Len(t, sts, 1)
	assert.Equal(t, KindUnload, sts[0].Kind)
	assert.Equal(t, "gs://b/out/*.csv", sts[0].Location)
	require.Len(t, sts[0].Nodes, 1)

	_, err = Parse("EXPORT DATA OPTIONS (uri = 'gs://b/x')", BigQuery)
	var pe *ParseError
	assert.ErrorAs(t, err, &pe, "EXPORT DATA without a query is an error, not a utility statement")
}

// LOAD DATA loads its table from files: a COPY whose location is the first
// file (BigQuery's FROM FILES uris, Hive's INPATH); without a table or a
// location it stays utility.
func TestLoadDataIsACopyFromItsFiles(t *testing.T) {
	for _, tc := range []struct {
		d        Dialect
		sql, loc string
		temp     bool
	}{
		{BigQuery, "LOAD DATA OVERWRITE p.ds.t (a STRING, b INT64) FROM FILES (format = 'CSV', uris = ['gs://b/x/*.csv', 'gs://b/y.csv'])", "gs://b/x/*.csv", false},
		{BigQuery, "LOAD DATA INTO TEMP TABLE t FROM FILES (uris = ['gs://b/z.parquet'], format = 'PARQUET')", "gs://b/z.parquet", true},
		{Hive, "LOAD DATA LOCAL INPATH '/data/x.csv' OVERWRITE INTO TABLE db.t PARTITION (dt = '2024-06-01')", "/data/x.csv", false},
	} {
		sts, err := Parse(tc.sql, tc.d)
		require.NoError(t, err, tc.sql)
		require.Len(t, sts, 1)
		assert.Equal(t, KindCopy, sts[0].Kind, tc.sql)
		assert.Equal(t, tc.loc, sts[0].Location, tc.sql)
		assert.Equal(t, tc.temp, sts[0].Temporary, tc.sql)
	}
	sts, err := Parse("LOAD DATA FROM somewhere", BigQuery)
	require.NoError(t, err)
	assert.Equal(t, KindUtility, sts[0].Kind)
}

func TestDashedProjectAfterViewAndIfNotExists(t *testing.T) {
	for _, sql := range []string{
		"CREATE VIEW my-proj.ds.v AS SELECT a FROM my-proj.ds.t",
		"CREATE OR REPLACE MATERIALIZED VIEW my-proj.ds.v AS SELECT a FROM my-proj.ds.t",
		"CREATE TABLE IF NOT EXISTS my-proj.ds.v AS SELECT a FROM my-proj.ds.t",
	} {
		sts, err := Parse(sql, BigQuery)
		require.NoError(t, err, sql)
		require.Len(t, sts, 1)
		require.Len(t, sts[0].Nodes, 1)
		var tn *ast.TableName
		switch n := sts[0].Nodes[0].(type) {
		case *ast.CreateViewStmt:
			tn = n.ViewName
		case *ast.CreateTableStmt:
			tn = n.Table
		}
		require.NotNil(t, tn, sql)
		name := sts[0].TableName(tn)
		require.Len(t, name.Parts, 3, sql)
		assert.Equal(t, "my-proj", name.Parts[0].Name, sql)
		assert.Equal(t, "v", name.Parts[2].Name, sql)
	}
}

func TestSnowflakeInsertOverwriteInto(t *testing.T) {
	sts, err := Parse("INSERT OVERWRITE INTO db.sch.t SELECT a FROM s", Snowflake)
	require.NoError(t, err)
	require.Len(t, sts, 1)
	assert.Equal(t, KindInsert, sts[0].Kind)
	assert.True(t, sts[0].Overwrite)
	ins, ok := sts[0].Nodes[0].(*ast.InsertStmt)
	require.True(t, ok)
	require.NotNil(t, ins.Table)
}

// COPY (query) TO 'file' (Postgres, DuckDB) writes the query to the file:
// the bracketed query is no argument of a function named COPY.
func TestCopyQueryToFile(t *testing.T) {
	for _, tc := range []struct {
		d   Dialect
		sql string
	}{
		{Postgres, "COPY (SELECT a, b FROM s.t WHERE c = 'x') TO '/out/t.csv' WITH (FORMAT csv, HEADER true)"},
		{DuckDB, "COPY (SELECT a, b FROM t) TO '/out/t.csv' (FORMAT PARQUET)"},
	} {
		sts, err := Parse(tc.sql, tc.d)
		require.NoError(t, err, tc.sql)
		require.Len(t, sts, 1)
		assert.Equal(t, KindUnload, sts[0].Kind)
		assert.Equal(t, "/out/t.csv", sts[0].Location)
		_, ok := sts[0].Nodes[0].(*ast.SelectStmt)
		assert.True(t, ok, "%T", sts[0].Nodes[0])
	}
}
