package openlineage

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// snowflakeSource returns a catalog of the sample's tables on Snowflake
// and its Snowflake log.
func snowflakeSource(t *testing.T) (*lineage.MemoryCatalog, lineage.Source) {
	t.Helper()
	cat := lineage.NewMemoryCatalog()
	f, err := os.Open(filepath.Join(warehouseDir, "schema.json"))
	require.NoError(t, err)
	defer f.Close()
	_, err = cat.LoadSchemaJSON(context.Background(), f, lineage.Snowflake, lineage.Defaults{Database: "elearn"})
	require.NoError(t, err)
	log, err := os.Open(filepath.Join(warehouseDir, "snowflake", "query_history.csv"))
	require.NoError(t, err)
	t.Cleanup(func() { log.Close() })
	return cat, querylog.NewSnowflake(log)
}

// TestRoundTripSnowflake: upper-case stored names, three-part names and
// the export stage survive emit and consume on the Snowflake log too.
func TestRoundTripSnowflake(t *testing.T) {
	ctx := context.Background()
	cat, src := snowflakeSource(t)
	direct := memory.New()
	_, err := lineage.NewEngine(direct, cat).Ingest(ctx, src)
	require.NoError(t, err)

	cat, src = snowflakeSource(t)
	var buf bytes.Buffer
	ns := WithNamespace("snowflake://learnly-prod", lineage.Snowflake, lineage.Defaults{})
	e := NewEmitter(NewJSONLines(&buf), ns)
	_, err = EmitSource(ctx, e, src, lineage.NewAnalyzer(cat))
	require.NoError(t, err)

	back := memory.New()
	sum, err := NewConsumer(lineage.NewEngine(back, nil), ns).ReadJSONL(ctx, &buf)
	require.NoError(t, err)
	require.Zero(t, sum.Failed, "%v", sum.Errors)
	want := dump(t, direct, true)
	require.NotEmpty(t, want)
	assertSameLines(t, want, dump(t, back, true))
}

// TestLocationNaming: a stage and an object-store URI split into the
// namespace and name OpenLineage expects, and read back to the same
// dataset.
func TestLocationNaming(t *testing.T) {
	var n naming
	for _, tc := range []struct{ uri, ns, name string }{
		{"s3://bucket/exports/day=1/part.csv", "s3://bucket", "exports/day=1/part.csv"},
		{"s3://bucket", "s3://bucket", "/"},
		{"@crm.marketing_export_stage/dach/", locationNamespace, "@crm.marketing_export_stage/dach/"},
	} {
		ns, name := n.datasetName(lineage.Location(tc.uri))
		require.Equal(t, tc.ns, ns, tc.uri)
		require.Equal(t, tc.name, name, tc.uri)
		back, ok := n.dataset(ns, name, true)
		require.True(t, ok)
		require.Equal(t, lineage.Location(tc.uri), back)
	}
}
