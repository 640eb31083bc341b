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
