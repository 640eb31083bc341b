package compliance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// Load a policy, ingest two statements, tag by the policy's name rules and
// ask where e-mail addresses went and what breaks the policy.
func Example() {
	ctx := context.Background()
	pol, err := compliance.LoadPolicy(strings.NewReader(`
classes:
  email: {columns: ['e_?mail'], low_entropy: true, identifier: true}
zones:
  - {name: landing, allow: raw, datasets: ['shop.raw.*']}
  - {name: marts, allow: masked, datasets: ['shop.mart.*']}
flag_weak_hashes: true
raw_readers: {users: [etl]}
`), "policy.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	store := memory.New()
	eng := lineage.NewEngine(store, lineage.NewMemoryCatalog())
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	stmt := func(sql, user string) lineage.Statement {
		return lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres,
			Context: lineage.Context{Database: "shop", Schema: "public", User: user, At: at}}
	}
	_, err = eng.Ingest(ctx, lineage.Statements(
		stmt("INSERT INTO mart.users_p (user_key) SELECT md5(lower(email)) FROM raw.users", "etl"),
		stmt("INSERT INTO crm.audience (email) SELECT email FROM raw.users", "growth"),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	chk, _ := compliance.New(store, pol, compliance.WithClock(func() time.Time { return at }))
	if _, err := chk.ApplyRules(ctx); err != nil {
		fmt.Println(err)
		return
	}
	prop, _ := chk.Propagation(ctx)
	for _, cs := range prop.Columns {
		fmt.Println(cs.Column, cs.State, "from", cs.Origin)
	}
	vs, _ := chk.Violations(ctx)
	for _, v := range vs {
		fmt.Println(v.Rule, v.Column, v.Users)
	}
	// Output:
	// shop.crm.audience.email raw from shop.raw.users.email
	// shop.mart.users_p.user_key masked from shop.raw.users.email
	// shop.raw.users.email raw from shop.raw.users.email
	// raw_outside_zone shop.crm.audience.email [growth]
	// unallowed_raw_reader shop.raw.users.email [growth]
	// weak_mask shop.mart.users_p.user_key [etl]
}
