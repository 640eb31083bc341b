package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/colineage/colineage/adapters/httpapi"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// exampleEngine ingests a small log: revenue from orders, e-mail copied
// to a CRM and hashed into a mart.
func exampleEngine(ctx context.Context) *lineage.Engine {
	eng := lineage.NewEngine(memory.New(), lineage.NewMemoryCatalog())
	var log []lineage.Statement
	for _, sql := range []string{
		"INSERT INTO mart.daily_revenue (day, revenue) SELECT day, SUM(amount) FROM raw.orders GROUP BY day",
		"INSERT INTO crm.contacts (email) SELECT email FROM raw.users",
		"INSERT INTO mart.user_keys (email_hash) SELECT md5(email) FROM raw.users",
		"SELECT email FROM crm.contacts",
	} {
		log = append(log, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres,
			Context: lineage.Context{Database: "shop", User: "analyst", At: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}})
	}
	if _, err := eng.Ingest(ctx, lineage.Statements(log...), lineage.IngestKey("example")); err != nil {
		panic(err)
	}
	return eng
}

// quiet drops the request log, so that the examples print only answers.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Serve the API from a test server and ask where revenue comes from.
func ExampleNew() {
	eng := exampleEngine(context.Background())
	srv := httptest.NewServer(httpapi.New(eng, httpapi.WithPlatform(lineage.Postgres), httpapi.WithLogger(quiet)))
	defer srv.Close()

	res, err := http.Get(srv.URL + "/api/v1/trace?column=shop.mart.daily_revenue.revenue&direction=upstream")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var tr httpapi.TraceJSON
	if err := json.NewDecoder(res.Body).Decode(&tr); err != nil {
		panic(err)
	}
	fmt.Println(res.StatusCode, tr.Start)
	for _, e := range tr.Edges {
		fmt.Println(e.From, "->", e.To, e.Kind, e.Subtype)
	}
	// Output:
	// 200 [postgres://shop.mart.daily_revenue.revenue]
	// postgres://shop.raw.orders.amount -> postgres://shop.mart.daily_revenue.revenue DIRECT AGGREGATION
}

// Serve the compliance reports of a policy: the raw e-mail copied to the
// CRM, which no zone allows, is a violation.
func ExampleWithCompliance() {
	ctx := context.Background()
	eng := exampleEngine(ctx)
	pol, err := compliance.LoadPolicy(strings.NewReader(`
classes:
  email: {columns: ['email']}
zones:
  - {name: landing, allow: raw, datasets: ['shop.raw.*']}
  - {name: marts, allow: masked, datasets: ['shop.mart.*']}
`), "policy.yaml")
	if err != nil {
		panic(err)
	}
	chk, err := compliance.New(eng.Store(), pol)
	if err != nil {
		panic(err)
	}
	if _, err := chk.ApplyRules(ctx); err != nil { // tag e-mail columns by name
		panic(err)
	}
	srv := httptest.NewServer(httpapi.New(eng, httpapi.WithCompliance(chk), httpapi.WithLogger(quiet)))
	defer srv.Close()

	res, err := http.Get(srv.URL + "/api/v1/compliance/violations?rule=raw_outside_zone")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var body httpapi.ViolationsJSON
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		panic(err)
	}
	for _, v := range body.Violations {
		fmt.Println(v.Rule, v.Column, v.State)
	}
	// Output:
	// raw_outside_zone shop.crm.contacts.email raw
}

// Post an OpenLineage RunEvent, as Spark or Airflow would to Marquez; its
// column lineage joins the graph.
func ExampleWithOpenLineage() {
	eng := exampleEngine(context.Background())
	srv := httptest.NewServer(httpapi.New(eng, httpapi.WithPlatform(lineage.Postgres), httpapi.WithLogger(quiet),
		httpapi.WithOpenLineage()))
	defer srv.Close()

	event := `{"eventType": "COMPLETE", "eventTime": "2026-11-02T10:00:00Z", "producer": "https://example.com/spark",
	  "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
	  "run": {"runId": "0190b7e4-5a2f-7c3e-9d4b-1f2a3b4c5d6e"}, "job": {"namespace": "spark", "name": "export_contacts"},
	  "inputs": [{"namespace": "postgres://db:5432", "name": "shop.crm.contacts"}],
	  "outputs": [{"namespace": "s3://exports", "name": "contacts", "facets": {"columnLineage": {
	    "_producer": "https://example.com/spark", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
	    "fields": {"email": {"inputFields": [{"namespace": "postgres://db:5432", "name": "shop.crm.contacts", "field": "email"}]}}}}}]}`
	for range 2 { // the second time it is a duplicate
		res, err := http.Post(srv.URL+"/api/v1/lineage", "application/json", strings.NewReader(event))
		if err != nil {
			panic(err)
		}
		var sum httpapi.LineageSummaryJSON
		err = json.NewDecoder(res.Body).Decode(&sum)
		res.Body.Close()
		if err != nil {
			panic(err)
		}
		fmt.Println(res.StatusCode, "applied", sum.Applied, "duplicates", sum.Duplicates, "edges", sum.Edges)
	}
	res, err := http.Get(srv.URL + "/api/v1/trace?column=shop.raw.users.email&direction=downstream")
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	var tr httpapi.TraceJSON
	if err := json.NewDecoder(res.Body).Decode(&tr); err != nil {
		panic(err)
	}
	for _, n := range tr.Nodes {
		fmt.Println(n.Depth, n.Name)
	}
	// Output:
	// 200 applied 1 duplicates 0 edges 1
	// 200 applied 0 duplicates 1 edges 0
	// 0 shop.raw.users.email
	// 1 shop.crm.contacts.email
	// 1 shop.mart.user_keys.email_hash
	// 2 s3://exports/contacts#email
}
