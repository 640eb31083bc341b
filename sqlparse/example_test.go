package sqlparse_test

import (
	"fmt"

	"github.com/colineage/colineage/sqlparse"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

func Example() {
	script := `USE SCHEMA analytics;
CREATE OR REPLACE TABLE daily AS
SELECT o.id::int AS id, c.payload:email::string AS email
FROM raw.shop."Orders" o JOIN raw.shop.customers c ON o.cid = c.id;
SELECT FROM WHERE`
	stmts, err := sqlparse.Parse(script, sqlparse.Snowflake)
	for _, s := range stmts {
		fmt.Println(s.Kind, "at line", s.Span.Start.Line)
		if s.Kind != sqlparse.KindCreateTableAs {
			continue
		}
		sel := s.Nodes[0].(*ast.CreateTableStmt).Select.(*ast.SelectStmt)
		join := sel.From.TableRefs
		left := join.Left.(*ast.TableSource).Source.(*ast.TableName)
		n := s.TableName(left)
		fmt.Printf("first table: %d parts, last %q quoted=%v\n", len(n.Parts), n.Parts[2].Name, n.Parts[2].Quoted)
	}
	fmt.Println(err)
	// Output:
	// use at line 1
	// create_table_as at line 2
	// first table: 3 parts, last "Orders" quoted=true
	// snowflake: line 5, column 8: syntax error near "FROM WHERE"
	// SELECT FROM WHERE
	//        ^
}

// T-SQL names a select item with alias = expr, and an UNPIVOT's value
// column comes from every listed column: the rewritten text shows both.
func Example_tsql() {
	sql := `SELECT TOP 10 Total = s.Amount + s.Tax, q, v
FROM dbo.Sales s UNPIVOT (v FOR q IN ([Q1], [Q2])) AS u`
	stmts, err := sqlparse.Parse(sql, sqlparse.TSQL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(stmts[0].Kind)
	fmt.Println(stmts[0].Rewritten)
	// Output:
	// select
	// SELECT   s.Amount + s.Tax AS Total, q, v
	// FROM(SELECT *, CONCAT(`"Q1"`, `"Q2"`) AS q, CONCAT(`"Q1"`, `"Q2"`) AS v FROM dbo.Sales s) AS u LIMIT 10
}

// A caller that keeps statements after using their trees keeps detached
// copies: the digest still works, the parse's memory does not stay.
func ExampleStatement_Detached() {
	stmts, err := sqlparse.Parse("SELECT id FROM orders WHERE total > 100", sqlparse.Postgres)
	if err != nil {
		panic(err)
	}
	d := stmts[0].Detached()
	fmt.Println(d.Kind, d.Nodes == nil, d.Digest() == stmts[0].Digest())
	fmt.Println(d.Normalized())
	// Output:
	// select true true
	// select `id` from `orders` where `total` > ?
}
