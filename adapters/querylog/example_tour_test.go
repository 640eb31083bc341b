package querylog_test

import (
	"context"
	"fmt"
	"os"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Example_tour is the README's short tour: the sample warehouse's Redshift
// log into an in-memory graph, then where revenue comes from, where e-mail
// goes and who read it. The README copies it from here.
func Example_tour() {
	ctx := context.Background()
	dir := "../../testdata/warehouse/" // the sample warehouse
	open := func(name string) *os.File {
		f, err := os.Open(dir + name)
		if err != nil {
			panic(err) // the sample is part of the repository
		}
		return f
	}
	schemaFile, pgUserCSV, stlQueryTextCSV := open("schema.json"), open("redshift/pg_user.csv"), open("redshift/stl_querytext.csv")
	defer schemaFile.Close()
	defer pgUserCSV.Close()
	defer stlQueryTextCSV.Close()

	// A catalog knows tables' columns (for SELECT * and positional
	// INSERT); it also learns from the DDL in the log.
	p := lineage.PlatformOf(sqlparse.Redshift)
	cat := lineage.NewMemoryCatalog()
	if _, err := cat.LoadSchemaJSON(ctx, schemaFile, p, lineage.Defaults{}); err != nil {
		fmt.Println(err)
		return
	}

	// The Engine analyses statements and writes the graph (one worker
	// keeps this example's counts the same on every run).
	eng := lineage.NewEngine(memory.New(), cat, lineage.WithWorkers(1))
	users, err := querylog.ReadPGUsers(pgUserCSV)
	if err != nil {
		fmt.Println(err)
		return
	}
	sum, err := eng.Ingest(ctx, querylog.NewRedshift(stlQueryTextCSV, querylog.WithUsers(users)),
		lineage.IngestKey("stl_querytext.csv")) // re-ingesting the same key is a no-op
	if err != nil {
		fmt.Println(err) // only what stops the run: bad rows and bad SQL are counted
		return
	}
	fmt.Println("read", sum.Read, "analysed", sum.Analyzed, "from cache", sum.Cached, "failed", sum.FailedTotal())

	// Questions.
	column := func(name string) lineage.Column {
		parts, err := lineage.ParseName(name)
		if err != nil {
			panic(err)
		}
		return p.Column(p.Dataset(parts[:len(parts)-1], lineage.Defaults{}), parts[len(parts)-1])
	}
	revenue, email := column("elearn.analytics.daily_revenue.revenue"), column("elearn.raw.users.email")
	up, err := eng.Trace(ctx, []lineage.Column{revenue}, lineage.TraceOptions{Direction: graphstore.Upstream})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range up.Nodes[1:] {
		fmt.Println("revenue comes from", n.Name)
	}
	down, err := eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("e-mail reaches", len(down.Nodes)-1, "columns")
	readers, err := eng.Readers(ctx, email) // user, day, count
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("first read:", readers[0].User, readers[0].Day, readers[0].Count)
	// Output:
	// read 271 analysed 65 from cache 206 failed 0
	// revenue comes from elearn.raw.enrollments.price
	// revenue comes from elearn.raw.refunds.amount
	// e-mail reaches 3 columns
	// first read: analyst_tom 2026-10-27 1
}
