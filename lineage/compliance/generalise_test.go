package compliance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// A prefix (LEFT, SUBSTR) generalises a value only of a class whose prefix
// is coarser: three digits of a zip code, the year of a birth date. The
// first 320 characters of an e-mail are the e-mail.
func TestPrefixGeneralisesPerClass(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	cat := lineage.NewMemoryCatalog()
	_, err := cat.LoadSchemaJSON(ctx, strings.NewReader(`{"shop.raw.users": {"email": "text", "zip": "text", "birth_date": "text", "phone": "text"}}`),
		lineage.Postgres, lineage.Defaults{})
	require.NoError(t, err)
	sql := "INSERT INTO mart.m (e, z, b, p, eh, bt) SELECT LEFT(email, 320), LEFT(zip, 3), SUBSTR(birth_date, 1, 4), SUBSTRING(phone, 1, 20), " +
		"LEFT(md5(email), 8), date_trunc('year', birth_date) FROM raw.users"
	sum, err := lineage.NewEngine(store, cat).Ingest(ctx, lineage.Statements(lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres,
		Context: lineage.Context{Database: "shop", User: "etl", At: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)}}))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	pol, err := compliance.LoadPolicy(strings.NewReader(`
classes:
  email: {columns: [email]}
  phone: {columns: [phone]}
  zip: {columns: [zip], generalising: [left, substr, substring]}
  birth_date: {columns: [birth_date], generalising: [left, substr, substring]}
`), "prefix.yaml")
	require.NoError(t, err)
	chk, err := compliance.New(store, pol)
	require.NoError(t, err)
	_, err = chk.ApplyRules(ctx)
	require.NoError(t, err)
	p, err := chk.Propagation(ctx)
	require.NoError(t, err)
	for _, tc := range []struct {
		column, class string
		want          compliance.State
	}{
		{"shop.mart.m.e", "email", compliance.Raw},
		{"shop.mart.m.p", "phone", compliance.Raw},
		{"shop.mart.m.z", "zip", compliance.Generalised},
		{"shop.mart.m.b", "birth_date", compliance.Generalised},
		{"shop.mart.m.eh", "email", compliance.Masked},
		{"shop.mart.m.bt", "birth_date", compliance.Generalised},
	} {
		cs, ok := findState(p, tc.column, tc.class)
		if assert.True(t, ok, "%s (%s) not reached", tc.column, tc.class) {
			assert.Equal(t, tc.want, cs.State, "%s (%s)", tc.column, tc.class)
		}
	}
}

func TestClassGeneralisingIsChecked(t *testing.T) {
	_, err := compliance.LoadPolicy(strings.NewReader("classes:\n  zip: {columns: [zip], generalising: left}\n"), "bad.yaml")
	require.ErrorIs(t, err, compliance.ErrPolicy)
	var pe *compliance.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 2, pe.Line)
}
