package lineage_test

import (
	"context"
	"fmt"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

func ExampleEngine() {
	ctx := context.Background()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	run := func(user, sql string) lineage.Statement {
		return lineage.Statement{SQL: sql, Dialect: sqlparse.Redshift,
			Context: lineage.Context{Database: "shop", Schema: "public", User: user, At: at}}
	}
	// One worker keeps this example's counts deterministic; by default
	// sessions are analysed in parallel.
	eng := lineage.NewEngine(memory.New(), nil, lineage.WithWorkers(1))
	sum, err := eng.Ingest(ctx, lineage.Statements(
		run("etl", "CREATE TABLE customers (id int, email varchar(200), country char(2))"),
		run("etl", "CREATE TABLE audience AS SELECT email, country FROM customers WHERE country IN ('DE', 'AT')"),
		run("etl", "CREATE TABLE keys AS SELECT sha2(email, 256) AS email_key FROM customers"),
		run("support", "SELECT email FROM customers WHERE id = 42"),
		run("support", "SELECT email FROM customers WHERE id = 43"),
	))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("read %d, analysed %d, from cache %d, failed %d\n", sum.Read, sum.Analyzed, sum.Cached, sum.FailedTotal())

	p := lineage.PlatformOf(sqlparse.Redshift)
	email := p.Column(p.DatasetFromString("shop.public.customers", lineage.Defaults{}), sqlparse.Ident{Name: "email"})
	tr, err := eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range tr.Nodes[1:] {
		fmt.Println("e-mail reaches", n.Name, map[bool]string{true: "raw", false: "masked"}[n.Raw])
	}
	readers, err := eng.Readers(ctx, email)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range readers {
		fmt.Println(r.User, "read e-mail", r.Count, "times on", r.Day)
	}
	// Output:
	// read 5, analysed 4, from cache 1, failed 0
	// e-mail reaches shop.public.audience.email raw
	// e-mail reaches shop.public.keys.email_key masked
	// etl read e-mail 2 times on 2026-11-02
	// support read e-mail 2 times on 2026-11-02
}
