package memory_test

import (
	"context"
	"fmt"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
)

// Where does a dashboard metric come from, stopping at masking transforms?
func Example() {
	ctx := context.Background()
	s := memory.New()
	defer s.Close(ctx)

	seen := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	err := s.Upsert(ctx, graphstore.Batch{
		Key: "querylog-2026-11-01#0",
		Nodes: []graphstore.Node{
			{ID: "raw.users.email", Kind: "Column", Tags: []string{"pii"}},
			{ID: "raw.orders.amount", Kind: "Column"},
			{ID: "stg.users.email_hash", Kind: "Column"},
			{ID: "mart.revenue.total", Kind: "Column"},
			{ID: "mart.revenue.customer", Kind: "Column"},
		},
		Edges: []graphstore.Edge{
			{From: "raw.orders.amount", To: "mart.revenue.total", Kind: "DERIVES", LastSeen: seen},
			{From: "raw.users.email", To: "stg.users.email_hash", Kind: "DERIVES", LastSeen: seen,
				Props: map[string]any{"masking": true}},
			{From: "stg.users.email_hash", To: "mart.revenue.customer", Kind: "DERIVES", LastSeen: seen},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	sub, err := s.Traverse(ctx, []string{"mart.revenue.total", "mart.revenue.customer"}, graphstore.TraverseOptions{
		Direction:   graphstore.Upstream,
		MaxDepth:    10,
		EdgeFilters: []graphstore.Filter{{Key: "masking", Op: graphstore.Ne, Value: true}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range sub.Nodes {
		fmt.Println(n.Depth, n.ID)
	}
	// Output:
	// 0 mart.revenue.customer
	// 0 mart.revenue.total
	// 1 raw.orders.amount
	// 1 stg.users.email_hash
}
