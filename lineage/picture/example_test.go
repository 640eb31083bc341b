package picture_test

import (
	"context"
	"fmt"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/picture"
	"github.com/colineage/colineage/sqlparse"
)

// Draw where a tagged e-mail column flows: a raw copy (red) and a hash
// (green, dashed edge), as Graphviz DOT.
func ExampleDOT() {
	ctx := context.Background()
	eng := lineage.NewEngine(memory.New(), lineage.NewMemoryCatalog())
	var log []lineage.Statement
	for _, sql := range []string{
		"INSERT INTO crm.contacts (email) SELECT email FROM raw.users",
		"INSERT INTO mart.user_keys (email_hash) SELECT md5(email) FROM raw.users",
	} {
		log = append(log, lineage.Statement{SQL: sql, Dialect: sqlparse.Postgres,
			Context: lineage.Context{Database: "shop", User: "etl", At: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}})
	}
	if _, err := eng.Ingest(ctx, lineage.Statements(log...), lineage.IngestKey("example")); err != nil {
		panic(err)
	}
	users := lineage.Postgres.DatasetFromString("shop.raw.users", lineage.Defaults{})
	email := lineage.Column{Dataset: users, Name: "email"}
	if err := eng.TagColumns(ctx, map[lineage.Column][]string{email: {"pii"}}); err != nil {
		panic(err)
	}
	tr, err := eng.Trace(ctx, []lineage.Column{email}, lineage.TraceOptions{Direction: graphstore.Downstream, Depth: 5})
	if err != nil {
		panic(err)
	}
	fmt.Print(picture.DOT(tr))
	// Output:
	// digraph lineage {
	// 	rankdir=LR;
	// 	node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];
	// 	edge [fontname="Helvetica", fontsize=9];
	// 	"postgres://shop.raw.users.email" [label="shop.raw.users.email", tooltip="postgres://shop.raw.users.email", fillcolor="#f8c4c4", penwidth=2.5];
	// 	"postgres://shop.crm.contacts.email" [label="shop.crm.contacts.email", tooltip="postgres://shop.crm.contacts.email", fillcolor="#f8c4c4"];
	// 	"postgres://shop.mart.user_keys.email_hash" [label="shop.mart.user_keys.email_hash", tooltip="postgres://shop.mart.user_keys.email_hash", fillcolor="#c8ebc8"];
	// 	"postgres://shop.raw.users.email" -> "postgres://shop.crm.contacts.email" [label="IDENTITY", style=solid];
	// 	"postgres://shop.raw.users.email" -> "postgres://shop.mart.user_keys.email_hash" [label="TRANSFORMATION", style=dashed];
	// }
}
