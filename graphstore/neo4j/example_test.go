package neo4j_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/neo4j"
)

// Example stores a small lineage graph and asks where a column comes
// from. It needs a server: start one with
// graphstore/neo4j/testserver/start.sh and export the NEO4J_URI it prints
// (for a managed server use a neo4j+s:// URI, a user and a password).
func Example() {
	ctx := context.Background()
	cfg, ok := neo4j.ConfigFromEnv()
	if !ok {
		cfg = neo4j.Config{URI: "bolt://127.0.0.1:7687"}
	}
	store, err := neo4j.Open(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close(ctx)

	seen := time.Date(2026, 11, 1, 9, 30, 0, 0, time.UTC)
	err = store.Upsert(ctx, graphstore.Batch{
		Key: "example-log-2026-11-01#0",
		Nodes: []graphstore.Node{
			{ID: "raw.users.email", Kind: "Column", Tags: []string{"pii"}},
			{ID: "stg.users.email_hash", Kind: "Column"},
			{ID: "mart.customers.contact", Kind: "Column"},
		},
		Edges: []graphstore.Edge{
			{From: "raw.users.email", To: "stg.users.email_hash", Kind: "DERIVES",
				Props: map[string]any{"masking": true}, LastSeen: seen},
			{From: "stg.users.email_hash", To: "mart.customers.contact", Kind: "DERIVES", LastSeen: seen},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	sub, err := store.Traverse(ctx, []string{"mart.customers.contact"}, graphstore.TraverseOptions{
		Direction: graphstore.Upstream, MaxDepth: 10,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range sub.Nodes {
		fmt.Println(n.Depth, n.ID)
	}
}
