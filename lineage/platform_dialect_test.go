package lineage

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/colineage/colineage/sqlparse"
)

func TestPlatformDialect(t *testing.T) {
	for _, p := range Platforms() {
		t.Run(string(p), func(t *testing.T) {
			// Each platform's dialect speaks that platform's SQL back.
			assert.Equal(t, p, PlatformOf(p.Dialect()))
		})
	}
	assert.Equal(t, sqlparse.ANSI, Generic.Dialect())
	assert.Equal(t, sqlparse.ANSI, Platform("oracle").Dialect(), "an unknown platform maps to ANSI")
	assert.Equal(t, sqlparse.ANSI, Platform("").Dialect())
	assert.Equal(t, sqlparse.TSQL, MSSQL.Dialect())
}

func TestPlatformsCoverEveryDialect(t *testing.T) {
	seen := map[Platform]bool{}
	for _, p := range Platforms() {
		seen[p] = true
	}
	for _, d := range sqlparse.Dialects() {
		assert.True(t, seen[PlatformOf(d)], "dialect %s has no platform in Platforms()", d)
	}
}
