package lineage_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

func Example() {
	ctx := context.Background()
	cat := lineage.NewMemoryCatalog()
	_, _ = cat.LoadSchemaJSON(ctx, strings.NewReader(`{"raw.users": {"id": "int", "email": "text", "country": "text"}}`),
		lineage.Postgres, lineage.Defaults{})

	a := lineage.NewAnalyzer(cat)
	res, err := a.Analyze(ctx, lineage.Statement{
		SQL:     "INSERT INTO mart.users (id, email_hash) SELECT id, md5(email) FROM raw.users WHERE country = 'NL'",
		Dialect: sqlparse.Postgres,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range res.Edges() {
		fmt.Println(e.From.ID(), "->", e.To.ID(), e.Transform)
	}
	fmt.Println("confidence", res.Confidence)
	// Output:
	// postgres://raw.users.id -> postgres://mart.users.id DIRECT/IDENTITY
	// postgres://raw.users.email -> postgres://mart.users.email_hash DIRECT/TRANSFORMATION/MASKED
	// postgres://raw.users.country -> postgres://mart.users INDIRECT/FILTER
	// confidence 1
}
