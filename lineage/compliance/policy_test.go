package compliance_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage/compliance"
)

func TestSamplePolicyLoads(t *testing.T) {
	f, err := os.Open(filepath.Join(warehouse, "policy.yaml"))
	require.NoError(t, err)
	defer f.Close()
	p, err := compliance.LoadPolicy(f, "policy.yaml")
	require.NoError(t, err)
	assert.True(t, p.FlagWeakHashes)
	assert.True(t, p.TagsMustFollow)
	assert.Contains(t, p.Funcs.Masking, "mask_email", "extra_masking adds to the defaults")
	assert.Contains(t, p.Funcs.Masking, "sha2")
	assert.Contains(t, p.Funcs.Aggregating, "count")
	assert.Equal(t, []string{"etl_loader"}, p.Readers.Users)
}

// Bad policies fail with a *PolicyError naming the line and column of the
// offending value, and no policy is returned.
func TestBadPolicyNamesTheLine(t *testing.T) {
	cases := []struct {
		name, yaml   string
		line, column int
		field, want  string
	}{
		{"unknown class in a zone", `classes:
  email: {columns: [email]}
zones:
  - name: marts
    allow: masked
    datasets: ['mart.*']
    classes: [email, phnoe]
`, 7, 22, "zones[0].classes[1]", `unknown class "phnoe"`},
		{"bad glob", `classes:
  email:
    datasets: ['raw.[users.email']
`, 3, 16, "classes.email.datasets[0]", "bad glob"},
		{"bad regex", `classes:
  email:
    columns: ['e(mail']
`, 3, 15, "classes.email.columns[0]", "bad regular expression"},
		{"wrong type", `flag_weak_hashes: true
max_depth: deep
`, 2, 12, "max_depth", "wrong type"},
		{"list where a mapping belongs", `classes:
  - email
`, 2, 3, "classes", "mapping"},
		{"unknown key", `classes:
  email: {columns: [email], low_entropie: true}
`, 2, 29, "classes.email.low_entropie", "unknown key"},
		{"bad zone access", `zones:
  - {name: x, allow: everything, datasets: ['a.*']}
`, 2, 22, "zones[0].allow", `"raw" or "masked"`},
		{"bad class name", `classes:
  E-Mail: {columns: [email]}
`, 2, 3, "classes.E-Mail", "class name"},
		{"not YAML", "classes: [\n", 1, 1, "policy", "not valid YAML"},
		{"request days beyond three months", `flag_weak_hashes: true
request_days: 120
`, 2, 15, "request_days", "1 to 90 days"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := compliance.LoadPolicy(strings.NewReader(c.yaml), "bad.yaml")
			require.Error(t, err)
			assert.Nil(t, p, "nothing half-applied")
			assert.True(t, errors.Is(err, compliance.ErrPolicy))
			var pe *compliance.PolicyError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, "bad.yaml", pe.File)
			assert.Equal(t, c.line, pe.Line, "line: %v", err)
			if c.column > 0 {
				assert.Equal(t, c.column, pe.Column, "column: %v", err)
			}
			assert.Equal(t, c.field, pe.Field)
			assert.Contains(t, err.Error(), c.want)
			assert.True(t, strings.HasPrefix(err.Error(), "bad.yaml:"), err.Error())
		})
	}
}

func TestEmptyPolicyIsAnError(t *testing.T) {
	_, err := compliance.LoadPolicy(strings.NewReader(""), "empty.yaml")
	assert.ErrorIs(t, err, compliance.ErrPolicy)
}
