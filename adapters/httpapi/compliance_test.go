package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

// fixturePolicy: the raw zone holds raw values, marts only masked ones,
// crm is in no zone; only etl may read raw values.
const fixturePolicy = `
classes:
  email: {columns: ['email'], low_entropy: true, identifier: true}
  name: {columns: ['name']}
zones:
  - {name: landing, allow: raw, datasets: ['shop.raw.*']}
  - {name: marts, allow: masked, datasets: ['shop.mart.*']}
raw_readers: {users: [etl]}
flag_weak_hashes: true
`

// newComplianceClient is a client over the fixture with a checker of
// fixturePolicy whose name rules have been applied, and opts.
func newComplianceClient(t *testing.T, opts ...Option) *client {
	t.Helper()
	eng := fixtureEngine(t)
	pol, err := compliance.LoadPolicy(strings.NewReader(fixturePolicy), "policy.yaml")
	require.NoError(t, err)
	chk, err := compliance.New(eng.Store(), pol, compliance.WithClock(func() time.Time { return fixtureAt.AddDate(0, 0, 1) }))
	require.NoError(t, err)
	_, err = chk.ApplyRules(context.Background())
	require.NoError(t, err)
	h := New(eng, append([]Option{WithPlatform(lineage.Postgres), WithLogger(discardLogger()), WithCompliance(chk)}, opts...)...)
	return &client{t: t, h: h, v: openAPIValidator(t)}
}

func TestComplianceViolations(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/violations")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	all := decode[ViolationsJSON](t, r).Violations
	byRule := map[compliance.Rule][]string{}
	for _, v := range all {
		byRule[v.Rule] = append(byRule[v.Rule], v.Column)
	}
	assert.Contains(t, byRule[compliance.RuleRawOutsideZone], "shop.crm.contacts.email")
	assert.Contains(t, byRule[compliance.RuleRawOutsideZone], "shop.crm.contacts.name")
	assert.Contains(t, byRule[compliance.RuleWeakMask], "shop.mart.user_keys.email_hash")
	require.NotEmpty(t, byRule[compliance.RuleUnallowedReader], "analyst reads raw e-mail and is not allowed")

	r = c.get("/api/v1/compliance/violations?rule=weak_mask")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	weak := decode[ViolationsJSON](t, r).Violations
	require.Len(t, weak, len(byRule[compliance.RuleWeakMask]))
	for _, v := range weak {
		assert.Equal(t, compliance.RuleWeakMask, v.Rule)
	}

	r = c.get("/api/v1/compliance/violations?rule=raw_outside_zone,weak_mask")
	assert.Len(t, decode[ViolationsJSON](t, r).Violations, len(byRule[compliance.RuleRawOutsideZone])+len(byRule[compliance.RuleWeakMask]))

	r = c.get("/api/v1/compliance/violations?rule=leaks")
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
	assert.Equal(t, CodeBadRequest, errorOf(t, r).Code)
}

func TestCompliancePropagation(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/propagation")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	all := decode[compliance.Propagation](t, r)

	r = c.get("/api/v1/compliance/propagation?column=shop.raw.users.email")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	p := decode[compliance.Propagation](t, r)
	require.NotEmpty(t, p.Columns)
	assert.Less(t, len(p.Columns), len(all.Columns), "the name column's flow is left out")
	states := map[string]compliance.State{}
	for _, cs := range p.Columns {
		assert.Equal(t, "shop.raw.users.email", cs.Origin)
		states[cs.Column] = cs.State
	}
	assert.Equal(t, compliance.Raw, states["shop.crm.contacts.email"])
	assert.Equal(t, compliance.Masked, states["shop.mart.user_keys.email_hash"])
	assert.NotContains(t, states, "shop.crm.contacts.name")

	// Through a copy: the copy itself, raw, and nothing the hash branch holds.
	r = c.get("/api/v1/compliance/propagation?column=shop.crm.contacts.email")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	copyOnly := decode[compliance.Propagation](t, r)
	require.Len(t, copyOnly.Columns, 1)
	assert.Equal(t, "shop.crm.contacts.email", copyOnly.Columns[0].Column)
	assert.Equal(t, compliance.Raw, copyOnly.Columns[0].State)
	for _, tag := range copyOnly.Tags {
		assert.Equal(t, "postgres://shop.crm.contacts.email", tag.ID, "only the copy's own tags (the name rule tags it)")
	}

	r = c.get("/api/v1/compliance/propagation?column=shop.raw.orders.amount")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Empty(t, decode[compliance.Propagation](t, r).Columns, "no personal data flows from an untagged column")

	r = c.get("/api/v1/compliance/propagation?column=shop.raw.users.nosuch")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
	assert.Equal(t, CodeNotFound, errorOf(t, r).Code)
}

func TestCompliancePlan(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/plan?subject=shop.raw.users.id&kind=erasure")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	p := decode[compliance.Plan](t, r)
	assert.Equal(t, compliance.Erasure, p.Kind)
	order := map[string]int{}
	for _, s := range p.Steps {
		order[s.Dataset] = s.Order
	}
	require.Contains(t, order, "shop.crm.contacts")
	require.Contains(t, order, "shop.raw.users")
	assert.Less(t, order["shop.crm.contacts"], order["shop.raw.users"], "erasure acts downstream first")

	r = c.get("/api/v1/compliance/plan?subject=shop.raw.users.id&kind=access")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, compliance.Access, decode[compliance.Plan](t, r).Kind)

	r = c.get("/api/v1/compliance/plan?subject=shop.raw.nobody.id")
	assert.Equal(t, http.StatusNotFound, r.StatusCode, "%s", r.body)
	assert.Equal(t, CodeNotFound, errorOf(t, r).Code)
	for _, q := range []string{"", "?subject=shop.raw.users.id&kind=forget"} {
		r = c.get("/api/v1/compliance/plan" + q)
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, q)
	}
}

func TestComplianceAudit(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/audit?user=analyst")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	a := decode[compliance.Audit](t, r)
	require.NotEmpty(t, a.Entries)
	for _, e := range a.Entries {
		assert.Equal(t, "analyst", e.User)
	}
	assert.Contains(t, a.OutsideAllowed, "analyst")

	r = c.get("/api/v1/compliance/audit?user=nobody")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Empty(t, decode[compliance.Audit](t, r).Entries)

	r = c.get("/api/v1/compliance/audit?from=2026-11-03&to=2026-11-10")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Empty(t, decode[compliance.Audit](t, r).Entries, "the fixture's reads are all on 2026-11-02")

	for _, q := range []string{"?from=yesterday", "?from=2026-11-10&to=2026-11-03"} {
		r = c.get("/api/v1/compliance/audit" + q)
		assert.Equal(t, http.StatusBadRequest, r.StatusCode, q)
	}
}

func TestComplianceUnneededAndReport(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/unneeded?days=30")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, 30, decode[compliance.Unneeded](t, r).Days)
	r = c.get("/api/v1/compliance/unneeded?days=0")
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)

	r = c.get("/api/v1/compliance/report?subject=shop.raw.users.id")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	rep := decode[compliance.Report](t, r)
	assert.Equal(t, compliance.SchemaVersion, rep.Schema)
	require.Len(t, rep.Plans, 1)
	assert.Equal(t, "shop.raw.users.id", rep.Plans[0].Subject)
	assert.NotEmpty(t, rep.Violations)
	assert.NotEmpty(t, rep.Audit.Entries, "the default audit window holds the day before the clock")

	r = c.get("/api/v1/compliance/report?subject=shop.raw.nobody.id")
	assert.Equal(t, http.StatusNotFound, r.StatusCode)
}

func TestComplianceWithoutPolicy(t *testing.T) {
	c := newClient(t)
	r := c.get("/api/v1/compliance/violations")
	assert.Equal(t, http.StatusNotImplemented, r.StatusCode)
	assert.Equal(t, CodeUnsupported, errorOf(t, r).Code)
}

func TestComplianceNeedsToken(t *testing.T) {
	c := newComplianceClient(t)
	c.h = New(fixtureEngine(t), WithToken("s3cret"), WithLogger(discardLogger()))
	r := c.get("/api/v1/compliance/report")
	assert.Equal(t, http.StatusUnauthorized, r.StatusCode)
}

func TestComplianceReportFormats(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/report?format=markdown")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, "text/markdown; charset=utf-8", r.Header.Get("Content-Type"))
	assert.Contains(t, string(r.body), "# Compliance report")
	assert.Contains(t, string(r.body), "shop.crm.contacts.email")

	r = c.get("/api/v1/compliance/report?format=csv")
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Equal(t, "text/csv; charset=utf-8", r.Header.Get("Content-Type"))
	rows := strings.Split(strings.TrimSpace(string(r.body)), "\n")
	assert.True(t, strings.HasPrefix(rows[0], "section,kind,column"), rows[0])
	assert.Greater(t, len(rows), 1)

	r = c.get("/api/v1/compliance/report?format=pdf")
	assert.Equal(t, http.StatusBadRequest, r.StatusCode)
}
