package sqlparse

import (
	"testing"

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
