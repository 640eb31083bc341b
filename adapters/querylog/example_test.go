package querylog_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/lineage"
)

// A Redshift STL_QUERYTEXT export: query 7 came in two chunks, out of
// order, with its newline escaped as \n; query 8 was aborted.
func ExampleNewRedshift() {
	export := `userid,xid,pid,query,starttime,database,aborted,sequence,text
101,5001,1073,7,2026-11-02 09:00:00,elearn,0,1,"_revenue\nWHERE day >= '2026-11-01'"
101,5001,1073,7,2026-11-02 09:00:00,elearn,0,0,"SELECT day, revenue FROM analytics.daily"
101,5002,1073,8,2026-11-02 09:00:05,elearn,1,0,"SELECT 1"
`
	users, _ := querylog.ReadPGUsers(strings.NewReader("usesysid,usename\n101,bi_service\n"))
	src := querylog.NewRedshift(strings.NewReader(export), querylog.WithUsers(users), querylog.WithChunkSize(40))
	for {
		st, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		var bad *lineage.InputError
		if errors.As(err, &bad) {
			fmt.Println("skipping:", bad)
			continue
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s by %s in %s:\n%s\n", st.Context.QueryID, st.Context.User, st.Context.Database, st.SQL)
	}
	s := src.Stats()
	fmt.Printf("rows %d, statements %d, skipped %v\n", s.Records, s.Statements, s.SkippedByReason)
	// Output:
	// 7 by bi_service in elearn:
	// SELECT day, revenue FROM analytics.daily_revenue
	// WHERE day >= '2026-11-01'
	// rows 3, statements 1, skipped map[failed:1]
}
