package compliance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// A second story, generated here: a shop whose ML team builds per-customer
// features by grouping on e-mail, whose marketing mart hashes phone
// numbers with a bare md5, and whose CRM copies e-mail into a column no
// rule names.
const shopPolicy = `
classes:
  email: {columns: ['e_?mail'], low_entropy: true, identifier: true}
  phone: {columns: ['phone'], low_entropy: true, identifier: true}
  birth_date: {columns: ['birth_date'], low_entropy: true}
  address: {columns: ['zip'], generalising: [left, substr, substring]}  # a zip prefix is coarser
  free_text: {columns: []}
zones:
  - {name: landing, allow: raw, datasets: ['shop.raw.*']}
  - {name: marts, allow: masked, datasets: ['shop.mart.*', 'shop.ml.*']}
  - {name: secure export, allow: raw, datasets: ['s3://shop-secure/**']}
functions:
  extra_masking: [mask_email]
flag_weak_hashes: true
tags_must_follow: true
raw_readers: {users: [loader], roles: [LOADER]}
`

var shopStart = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

// shopStatements writes days days of the shop's activity.
func shopStatements(days int) []lineage.Statement {
	var out []lineage.Statement
	add := func(at time.Time, user, role, sql string) {
		out = append(out, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres, Context: lineage.Context{
			Database: "shop", Schema: "public", User: user, Role: role, At: at}})
	}
	for d := range days {
		day := shopStart.AddDate(0, 0, d)
		add(day, "etl", "LOADER", "INSERT INTO ml.customer_features (n_orders, total_spent) SELECT COUNT(*), SUM(o.amount) FROM raw.orders o JOIN raw.customers c ON c.customer_id = o.customer_id GROUP BY c.email")
		add(day.Add(time.Minute), "etl", "LOADER", "INSERT INTO mart.customers_p (customer_id, phone_hash, email_hash) SELECT customer_id, md5(phone), md5(email || 'pepper') FROM raw.customers")
		add(day.Add(2*time.Minute), "etl", "LOADER", "INSERT INTO mart.cohorts (birth_month, zip3, customers) SELECT date_trunc('month', birth_date), left(zip, 3), COUNT(DISTINCT email) FROM raw.customers GROUP BY 1, 2")
		add(day.Add(3*time.Minute), "etl", "LOADER", "INSERT INTO mart.masked (e) SELECT mask_email(email) FROM raw.customers")
		add(day.Add(4*time.Minute), "crm_sync", "", "INSERT INTO crm.contacts (customer_id, contact) SELECT customer_id, email FROM raw.customers")
		add(day.Add(5*time.Minute), "loader", "", fmt.Sprintf("SELECT email FROM raw.customers WHERE customer_id = %d", d))
		add(day.Add(6*time.Minute), "svc", "LOADER", "SELECT phone FROM raw.customers")
	}
	// Two marts built by one query shape.
	add(shopStart, "etl", "LOADER", "CREATE TABLE mart.vip_a AS SELECT customer_id FROM raw.customers WHERE customer_id > 10")
	add(shopStart, "etl", "LOADER", "CREATE TABLE mart.vip_b AS SELECT customer_id FROM raw.customers WHERE customer_id > 20")
	// A read whose time the log does not give.
	add(time.Time{}, "intern", "", "SELECT email, phone FROM raw.customers")
	return out
}

func loadShop(t testing.TB, store graphstore.Store, days int) *compliance.Checker {
	t.Helper()
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	_, err := cat.LoadSchemaJSON(ctx, strings.NewReader(`{
		"shop.raw.customers": {"customer_id": "int", "email": "text", "phone": "text", "birth_date": "date", "zip": "text", "notes": "text"},
		"shop.raw.orders": {"order_id": "int", "customer_id": "int", "amount": "numeric"}}`),
		lineage.PlatformOf(sqlparse.Postgres), lineage.Defaults{})
	require.NoError(t, err)
	eng := lineage.NewEngine(store, cat)
	sum, err := eng.Ingest(ctx, lineage.Statements(shopStatements(days)...))
	require.NoError(t, err)
	require.Zero(t, sum.FailedTotal(), "%v", sum.Errors)
	pol, err := compliance.LoadPolicy(strings.NewReader(shopPolicy), "shop.yaml")
	require.NoError(t, err)
	now := shopStart.AddDate(0, 0, days)
	chk, err := compliance.New(store, pol, compliance.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	_, err = chk.ApplyRules(ctx)
	require.NoError(t, err)
	p := lineage.PlatformOf(sqlparse.Postgres)
	notes := p.Column(p.DatasetFromString("shop.raw.customers", lineage.Defaults{}), sqlparse.Ident{Name: "notes"})
	require.NoError(t, chk.Tag(ctx, "free_text", compliance.SourceAPI, notes))
	return chk
}

func TestGeneratedShopFindings(t *testing.T) {
	var reports []string
	backends(t, func(t *testing.T, store graphstore.Store) {
		ctx := context.Background()
		chk := loadShop(t, store, 5)
		rep, err := chk.Report(ctx, compliance.ReportOptions{Subjects: []string{"shop.raw.customers.customer_id"}, AuditDays: 3, UnusedDays: 2})
		require.NoError(t, err)
		reports = append(reports, fmt.Sprint(len(rep.Violations), len(rep.Propagation.Columns), len(rep.Propagation.Derived), len(rep.Audit.Entries)))
		p := rep.Propagation

		// Tags keep their source and time.
		var api, rule *compliance.Tag
		for i, tg := range p.Tags {
			switch tg.Column {
			case "shop.raw.customers.notes":
				api = &p.Tags[i]
			case "shop.raw.customers.email":
				rule = &p.Tags[i]
			}
		}
		require.NotNil(t, api)
		assert.Equal(t, compliance.SourceAPI, api.Source)
		assert.Equal(t, "free_text", api.Class)
		require.NotNil(t, api.At)
		require.NotNil(t, rule)
		assert.Equal(t, compliance.SourceRule, rule.Source)

		// The ML feature table is built by grouping on e-mail: derived from
		// personal data, not a copy of it.
		derived := false
		for _, cs := range p.Derived {
			if strings.HasPrefix(cs.Column, "shop.ml.customer_features") && cs.Class == "email" {
				derived = true
				assert.Equal(t, compliance.Derived, cs.State)
				assert.Equal(t, "GROUP_BY", cs.Path[len(cs.Path)-1].Subtype)
			}
		}
		assert.True(t, derived, "features grouped by e-mail are derived from PII")
		for _, cs := range p.Columns {
			assert.False(t, strings.HasPrefix(cs.Column, "shop.ml.") && cs.State.Personal(), "%s holds no personal value", cs.Column)
		}

		// The bare md5 of a phone number is a weak mask; the peppered hash
		// of e-mail is masked but not weak.
		cs, ok := findState(p, "shop.mart.customers_p.phone_hash", "phone")
		require.True(t, ok)
		assert.Equal(t, compliance.Masked, cs.State)
		assert.True(t, cs.Weak)
		assert.Equal(t, "md5", cs.Path[0].Function)
		v, ok := findViolation(rep.Violations, compliance.RuleWeakMask, "shop.mart.customers_p.phone_hash")
		require.True(t, ok)
		assert.Equal(t, []string{"etl"}, v.Users)
		cs, ok = findState(p, "shop.mart.customers_p.email_hash", "email")
		require.True(t, ok)
		assert.Equal(t, compliance.Masked, cs.State)
		assert.False(t, cs.Weak, "a salted hash is not weak")
		_, ok = findViolation(rep.Violations, compliance.RuleWeakMask, "shop.mart.customers_p.email_hash")
		assert.False(t, ok)

		// A masking UDF the policy names masks, though the analyzer did not
		// know it.
		cs, ok = findState(p, "shop.mart.masked.e", "email")
		require.True(t, ok)
		assert.Equal(t, compliance.Masked, cs.State)
		assert.Equal(t, "mask_email", cs.Path[0].Function)

		// Generalised and aggregated.
		cs, ok = findState(p, "shop.mart.cohorts.birth_month", "birth_date")
		require.True(t, ok)
		assert.Equal(t, compliance.Generalised, cs.State)
		cs, ok = findState(p, "shop.mart.cohorts.zip3", "address")
		require.True(t, ok)
		assert.Equal(t, compliance.Generalised, cs.State)
		cs, ok = findState(p, "shop.mart.cohorts.customers", "email")
		require.True(t, ok)
		assert.Equal(t, compliance.Aggregated, cs.State)

		// The CRM's untagged raw copy of e-mail.
		v, ok = findViolation(rep.Violations, compliance.RuleUntaggedCopy, "shop.crm.contacts.contact")
		require.True(t, ok, "crm.contacts.contact is an untagged copy of e-mail")
		assert.Equal(t, "email", v.Class)
		assert.Equal(t, []string{"crm_sync"}, v.Users)
		_, ok = findViolation(rep.Violations, compliance.RuleRawOutsideZone, "shop.crm.contacts.contact")
		assert.True(t, ok)

		// Readers: loader (by name) and svc (by role) are allowed; intern
		// and the CRM sync are not, and the intern's read has no time.
		readers := map[string]bool{}
		for _, v := range rep.Violations {
			if v.Rule == compliance.RuleUnallowedReader {
				readers[v.Users[0]] = true
			}
		}
		assert.Equal(t, map[string]bool{"intern": true, "crm_sync": true}, readers)
		var intern *compliance.AuditEntry
		for i, e := range rep.Audit.Entries {
			if e.User == "intern" && e.Column == "shop.raw.customers.email" {
				intern = &rep.Audit.Entries[i]
			}
		}
		require.NotNil(t, intern, "reads without a time are in the audit")
		assert.EqualValues(t, 1, intern.TimeUnknown)
		assert.Empty(t, intern.Days)
		assert.Nil(t, intern.FirstSeen, "never a zero date")
		assert.Contains(t, rep.Audit.OutsideAllowed, "intern")
		for _, e := range rep.Audit.Entries {
			if e.User == "loader" {
				// The window is the 3 days up to the clock (7 November):
				// the 5th and 6th had reads.
				assert.Equal(t, []string{"2026-11-05", "2026-11-06"}, e.Days)
			}
		}

		// The plan for a customer: every copy keyed by customer_id, with
		// the masked marts flagged.
		require.Len(t, rep.Plans, 1)
		keys := map[string]string{}
		for _, st := range rep.Plans[0].Steps {
			keys[st.Dataset] = st.Key
		}
		assert.Equal(t, "shop.mart.customers_p.customer_id", keys["shop.mart.customers_p"])
		assert.Equal(t, "shop.crm.contacts.customer_id", keys["shop.crm.contacts"])
		assert.Equal(t, "shop.raw.customers.customer_id", keys["shop.raw.customers"])
		last := rep.Plans[0].Steps[len(rep.Plans[0].Steps)-1]
		assert.Equal(t, "shop.raw.customers", last.Dataset)

		// Duplicates: two marts built by one shape.
		require.NotEmpty(t, rep.Unneeded.Duplicates)
		assert.Equal(t, []string{"shop.mart.vip_a", "shop.mart.vip_b"}, rep.Unneeded.Duplicates[0].Datasets)
	})
	if len(reports) == 2 {
		assert.Equal(t, reports[0], reports[1])
	}
}

func TestTagUnknownClassWritesNothing(t *testing.T) {
	ctx := context.Background()
	chk := loadShop(t, memoryStore(), 1)
	p := lineage.PlatformOf(sqlparse.Postgres)
	col := p.Column(p.DatasetFromString("shop.raw.orders", lineage.Defaults{}), sqlparse.Ident{Name: "amount"})
	err := chk.Tag(ctx, "salary", compliance.SourceAPI, col)
	assert.ErrorIs(t, err, compliance.ErrUnknownClass)
	prop, err := chk.Propagation(ctx)
	require.NoError(t, err)
	for _, tg := range prop.Tags {
		assert.NotEqual(t, "shop.raw.orders.amount", tg.Column)
	}
}

func TestPlanUnknownSubject(t *testing.T) {
	chk := loadShop(t, memoryStore(), 1)
	_, err := chk.Plan(context.Background(), compliance.Erasure, "raw.nothing.here")
	assert.ErrorIs(t, err, compliance.ErrUnknownSubject)
	_, err = chk.Plan(context.Background(), "forget", "raw.customers.email")
	assert.Error(t, err)
}

// A column tagged without a class that no rule names is unclassified, and
// still followed.
func TestTagWithoutClassIsUnclassified(t *testing.T) {
	ctx := context.Background()
	chk := loadShop(t, memoryStore(), 1)
	p := lineage.PlatformOf(sqlparse.Postgres)
	col := p.Column(p.DatasetFromString("shop.raw.orders", lineage.Defaults{}), sqlparse.Ident{Name: "amount"})
	require.NoError(t, chk.Tag(ctx, "", compliance.SourceDBT, col))
	prop, err := chk.Propagation(ctx)
	require.NoError(t, err)
	found := false
	for _, tg := range prop.Tags {
		if tg.Column == "shop.raw.orders.amount" {
			found = true
			assert.Equal(t, compliance.Unclassified, tg.Class)
			assert.Equal(t, compliance.SourceDBT, tg.Source)
		}
	}
	assert.True(t, found)
	cs, ok := findState(prop, "shop.ml.customer_features.total_spent", compliance.Unclassified)
	require.True(t, ok, "the tag is followed downstream")
	assert.Equal(t, compliance.Raw, cs.State, "SUM keeps the value personal: only the policy's aggregating functions end it")
}
