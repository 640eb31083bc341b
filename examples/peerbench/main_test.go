package main

import (
	"context"
	"strings"
	"testing"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseBenchQueries checks the four queries of sqlglot's parse
// benchmark as written here: their shapes as described (a 16-join report
// with || and TO_CHAR, 500 terms), and colineage analyses each in its
// dialect, so the second table compares like with like.
func TestParseBenchQueries(t *testing.T) {
	qs := parseBenchQueries()
	require.Len(t, qs, 4)
	byID := map[string]string{}
	for _, q := range qs {
		byID[q["id"].(string)] = q["sql"].(string)
		d, ok := sqlparse.DialectByName(q["dialect"].(string))
		require.True(t, ok)
		res, err := lineage.NewAnalyzer(nil).Analyze(context.Background(), lineage.Statement{SQL: q["sql"].(string), Dialect: d})
		require.NoError(t, err, q["id"])
		assert.NotEmpty(t, res.Statements[0].Edges, q["id"])
	}
	assert.Equal(t, 17, strings.Count(byID["long"], "JOIN "))
	assert.Contains(t, byID["long"], "||")
	assert.Contains(t, byID["long"], "TO_CHAR(")
	assert.Equal(t, 499, strings.Count(byID["crazy"], " + "))
}
