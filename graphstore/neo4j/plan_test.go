package neo4j

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// operators lists the operators of a plan, depth first.
func operators(p neo4j.Plan) []string {
	out := []string{strings.TrimSuffix(p.Operator(), "@neo4j")}
	for _, c := range p.Children() {
		out = append(out, operators(c)...)
	}
	return out
}

// TestTraversePlanIsPrunedBFS checks with EXPLAIN that Neo4j plans every
// shape of traversal query as a pruning breadth-first expansion (each node
// reached once) and never as an enumeration of all paths, which explodes on
// lineage graphs with diamonds.
func TestTraversePlanIsPrunedBFS(t *testing.T) {
	lockServer(t)
	s := openEmpty(t)
	ctx := context.Background()
	masked := graphstore.Filter{Key: "masking", Op: graphstore.Ne, Value: true}
	pii := graphstore.Filter{Key: "pii", Op: graphstore.Eq, Value: "email"}
	cases := []struct {
		name string
		opts graphstore.TraverseOptions
	}{
		{"upstream", graphstore.TraverseOptions{Direction: graphstore.Upstream, MaxDepth: 10}},
		{"downstream with kinds", graphstore.TraverseOptions{MaxDepth: 5, EdgeKinds: []string{"DERIVES", "FILTERS"}}},
		{"both", graphstore.TraverseOptions{Direction: graphstore.Both, MaxDepth: 3}},
		{"edge and node filters", graphstore.TraverseOptions{MaxDepth: 10,
			EdgeFilters: []graphstore.Filter{masked}, NodeFilters: []graphstore.Filter{pii}}},
		{"max nodes", graphstore.TraverseOptions{Direction: graphstore.Upstream, MaxDepth: 4, MaxNodes: 50}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, err := tc.opts.Normalize()
			require.NoError(t, err)
			q, params := traverseQuery([]string{"a", "b"}, o)
			res, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				r, err := tx.Run(ctx, "EXPLAIN "+q, params)
				if err != nil {
					return nil, err
				}
				return r.Consume(ctx)
			})
			require.NoError(t, err)
			ops := operators(res.(neo4j.ResultSummary).Plan())
			joined := strings.Join(ops, " ")
			assert.Contains(t, joined, "VarLengthExpand(Pruning", "plan: %v", ops)
			assert.NotContains(t, joined, "VarLengthExpand(All)", "plan: %v", ops)
		})
	}
}
