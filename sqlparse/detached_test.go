package sqlparse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

// A detached statement drops the trees and keeps what a result needs:
// kind, span, text, flags and the digest of the original.
func TestDetachedKeepsDigestWithoutTrees(t *testing.T) {
	stmts, err := sqlparse.Parse("INSERT OVERWRITE TABLE t PARTITION (dt) SELECT a, 'x' AS b, dt FROM s WHERE a > 3", sqlparse.Hive)
	require.NoError(t, err)
	require.Len(t, stmts, 1)
	st := stmts[0]
	d := st.Detached()
	assert.Nil(t, d.Nodes)
	assert.Nil(t, d.Partition)
	assert.NotEmpty(t, st.Nodes, "the original keeps its trees")
	assert.Equal(t, st.Kind, d.Kind)
	assert.Equal(t, st.Span, d.Span)
	assert.Equal(t, st.Text, d.Text)
	assert.Equal(t, st.Overwrite, d.Overwrite)
	assert.NotEmpty(t, d.Digest())
	assert.Equal(t, st.Digest(), d.Digest())
	assert.Equal(t, st.Normalized(), d.Normalized())
}
