package openlineage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/colineage/colineage/adapters/openlineage"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Emit the lineage of a logged statement as OpenLineage events, written
// as JSON lines (NewHTTP would post them to Marquez or DataHub).
func ExampleEmitter() {
	ctx := context.Background()
	var out bytes.Buffer
	e := openlineage.NewEmitter(openlineage.NewJSONLines(&out),
		openlineage.WithNamespace("postgres://db.internal:5432", lineage.Postgres, lineage.Defaults{}))
	log := lineage.Statements(lineage.Statement{
		SQL:     "INSERT INTO mart.revenue (day, revenue) SELECT day, SUM(amount) FROM raw.orders WHERE country = 'DE' GROUP BY day",
		Dialect: sqlparse.Postgres,
		Context: lineage.Context{Database: "shop", User: "etl", At: time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)},
	})
	if _, err := openlineage.EmitSource(ctx, e, log, lineage.NewAnalyzer(nil)); err != nil {
		panic(err)
	}
	var ev openlineage.RunEvent
	if err := json.Unmarshal(out.Bytes(), &ev); err != nil {
		panic(err)
	}
	var sql openlineage.SQLFacet
	_ = json.Unmarshal(ev.Job.Facets["sql"], &sql)
	var cl openlineage.ColumnLineageFacet
	_ = json.Unmarshal(ev.Outputs[0].Facets["columnLineage"], &cl)
	fmt.Println(ev.EventType, ev.Run.RunID)
	fmt.Println(ev.Inputs[0].Namespace, ev.Inputs[0].Name, "->", ev.Outputs[0].Name)
	fmt.Println(strings.Contains(sql.Query, "'DE'"))
	for _, f := range []string{"day", "revenue"} {
		in := cl.Fields[f].InputFields[0]
		fmt.Println(f, "<-", in.Field, in.Transformations[0].Type, in.Transformations[0].Subtype)
	}
	for _, in := range cl.Dataset {
		fmt.Println("rows <-", in.Field, in.Transformations[0].Type, in.Transformations[0].Subtype)
	}
	// Output:
	// COMPLETE 9f03a029-4b94-5be3-bd12-8ae24e9ca778
	// postgres://db.internal:5432 shop.raw.orders -> shop.mart.revenue
	// false
	// day <- day DIRECT IDENTITY
	// revenue <- amount DIRECT AGGREGATION
	// rows <- country INDIRECT FILTER
	// rows <- day INDIRECT GROUP_BY
}

// Read an event another tool emitted (here posted to an HTTP endpoint)
// into the graph, and ask where a column comes from.
func ExampleConsumer_Receive() {
	ctx := context.Background()
	eng := lineage.NewEngine(memory.New(), nil)
	c := openlineage.NewConsumer(eng,
		openlineage.WithNamespace("snowflake://myorg-acct1", lineage.Snowflake, lineage.Defaults{}))
	body := `{"eventType":"COMPLETE","eventTime":"2026-11-02T04:00:00Z",
	  "producer":"https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/spark",
	  "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
	  "run":{"runId":"0196f0a4-8a1e-7c3b-9a57-2b1f3c4d5e60"},"job":{"namespace":"spark","name":"customer_keys"},
	  "inputs":[{"namespace":"snowflake://myorg-acct1","name":"analytics.public.customers"}],
	  "outputs":[{"namespace":"snowflake://myorg-acct1","name":"analytics.public.customer_keys","facets":{"columnLineage":{
	    "_producer":"https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/spark",
	    "_schemaURL":"https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
	    "fields":{"email_hash":{"inputFields":[{"namespace":"snowflake://myorg-acct1","name":"analytics.public.customers","field":"email",
	      "transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","masking":true}]}]}}}}}]}`
	sum, err := c.Receive(ctx, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Applied, sum.Failed)

	p := lineage.Snowflake
	hash := p.Column(p.DatasetFromString("analytics.public.customer_keys", lineage.Defaults{}), sqlparse.Ident{Name: "email_hash"})
	up, err := eng.Trace(ctx, []lineage.Column{hash}, lineage.TraceOptions{Direction: graphstore.Upstream})
	if err != nil {
		panic(err)
	}
	for _, e := range up.Edges {
		fmt.Println(e.From, "->", e.To, e.Kind)
	}
	// Output:
	// 1 0
	// snowflake://ANALYTICS.PUBLIC.CUSTOMERS.EMAIL -> snowflake://ANALYTICS.PUBLIC.CUSTOMER_KEYS.EMAIL_HASH MASKED
}
