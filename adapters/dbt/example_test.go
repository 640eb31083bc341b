package dbt_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/colineage/colineage/adapters/dbt"
)

// Load the sample warehouse's dbt project (its manifest from `dbt parse`),
// walk its statements, and list the PII columns and the dashboard.
func Example() {
	ctx := context.Background()
	p, err := dbt.Load(ctx, "../../testdata/warehouse/dbt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.AdapterType, "manifest v", p.SchemaVersion)

	src := p.Statements()
	for {
		st, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		if st.Context.Origin == "model.learnly.dim_learners" {
			fmt.Println(st.SQL)
		}
	}
	for _, t := range p.Tags {
		if t.PII && t.UniqueID == "source.learnly.raw.users" {
			fmt.Println("PII:", p.TagColumn(t))
		}
	}
	for _, e := range p.Exposures {
		fmt.Println(p.ExposureDataset(e), "owned by", e.Owner.Email, "reads", len(e.DependsOn), "datasets")
	}
	// Output:
	// learnly redshift manifest v 12
	// CREATE TABLE "elearn"."dbt_marts"."dim_learners" AS
	// select
	//     sha2(lower(trim(email)), 256) as user_key,
	//     country,
	//     signup_date
	// from "elearn"."dbt_staging"."stg_users"
	// PII: redshift://elearn.raw.users.email
	// PII: redshift://elearn.raw.users.first_name
	// PII: redshift://elearn.raw.users.last_name
	// PII: redshift://elearn.raw.users.ip_address
	// dbt://learnly.revenue_dashboard owned by finance-analytics@learnly.example reads 4 datasets
}
