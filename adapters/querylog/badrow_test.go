package querylog

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// TestInvalidUTF8FieldIsOneBadRow: a user id that is not UTF-8 makes its
// record an InputError with its line, and every other statement of the log
// is read and ingested.
func TestInvalidUTF8FieldIsOneBadRow(t *testing.T) {
	var rows []stlRow
	for q := 1; q <= 40; q++ {
		r := stlRow{query: q, text: fmt.Sprintf("INSERT INTO t%d SELECT a FROM s WHERE id = %d", q%3, q)}
		if q == 17 {
			r.user = "\xff\xfe"
		}
		rows = append(rows, r)
	}
	log := stlCSV(t, rows)
	sts, bad := drain(t, NewRedshift(strings.NewReader(log)))
	assert.Len(t, sts, 39)
	require.Len(t, bad, 1)
	assert.EqualValues(t, 18, bad[0].Record, "the line of query 17 (after the header)")
	assert.Contains(t, bad[0].Error(), "user: byte 1 is not valid UTF-8")

	sum, err := lineage.NewEngine(memory.New(), nil).Ingest(context.Background(), NewRedshift(strings.NewReader(log)))
	require.NoError(t, err, "one bad row is not fatal")
	assert.EqualValues(t, 1, sum.Failed[lineage.FailInput])
	assert.EqualValues(t, 39, sum.Analyzed+sum.Cached)
	require.Len(t, sum.Errors, 1)
	assert.True(t, strings.HasPrefix(sum.Errors[0].Error(), "redshift: record 18: user"),
		"named by its own record only, not also by a statement number: %s", sum.Errors[0])
}
