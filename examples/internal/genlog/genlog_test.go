package genlog

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/sqlparse"
)

func TestLogMix(t *testing.T) {
	g := New(20000, 50, 7)
	f := sqlparse.NewFingerprinter()
	shapes := map[sqlparse.Fingerprint]bool{}
	sessions := map[string]bool{}
	temps := 0
	for {
		st, err := g.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		sh, ok := f.Of(st.SQL, st.Dialect)
		require.True(t, ok, st.SQL)
		shapes[sh.Fingerprint] = true
		sessions[st.Context.Session] = true
		if len(st.SQL) > 16 && st.SQL[:16] == "CREATE TEMP TABL" {
			temps++
		}
	}
	// 50 tables x 10 templates, plus ETL and snapshot statements.
	assert.GreaterOrEqual(t, len(shapes), 400)
	assert.Less(t, len(shapes), 1000, "statements repeat a few shapes")
	assert.Positive(t, temps)
	assert.Greater(t, len(sessions), 50)

	// The same seed gives the same log.
	a, b := New(10, 50, 3), New(10, 50, 3)
	for range 10 {
		x, _ := a.Next(context.Background())
		y, _ := b.Next(context.Background())
		assert.Equal(t, x, y)
	}
}
