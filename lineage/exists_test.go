package lineage

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// EXISTS asks only whether its subquery yields a row: the subquery's select
// list decides nothing, and what decides that a row exists (its filters,
// joins, grouping and HAVING, the outer columns it correlates on) decides
// the predicate. In a CASE condition those are CONDITIONAL edges to the
// column the CASE makes; in a WHERE they filter the rows written.
func TestAnalyzeExistsDecidesByItsConditions(t *testing.T) {
	cat := newCatalog(t, Generic, map[string][]string{"c": {"id", "tier"}, "o": {"id", "cid", "status", "amount"}, "p": {"oid"}})
	sub := "EXISTS (SELECT o.amount FROM o JOIN p ON p.oid = o.id WHERE o.cid = c.id AND o.status = 'open' GROUP BY o.cid HAVING count(*) > 1)"
	res, err := NewAnalyzer(cat).Analyze(context.Background(), Statement{
		SQL: "INSERT INTO f (id, flag) SELECT c.id, CASE WHEN " + sub + " THEN 'y' ELSE c.tier END FROM c"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"c.id -> f.id DIRECT/IDENTITY", "c.tier -> f.flag DIRECT/TRANSFORMATION",
		"c.id -> f.flag INDIRECT/CONDITIONAL", "o.cid -> f.flag INDIRECT/CONDITIONAL", "o.status -> f.flag INDIRECT/CONDITIONAL",
		"o.id -> f.flag INDIRECT/CONDITIONAL", "p.oid -> f.flag INDIRECT/CONDITIONAL",
	}, edgeStrings(res.Edges()), "o.amount, only selected, decides nothing")

	res, err = NewAnalyzer(cat).Analyze(context.Background(), Statement{SQL: "INSERT INTO f (id) SELECT c.id FROM c WHERE " + sub})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		"c.id -> f.id DIRECT/IDENTITY",
		"c.id -> f INDIRECT/FILTER", "o.cid -> f INDIRECT/FILTER", "o.status -> f INDIRECT/FILTER",
		"o.id -> f INDIRECT/FILTER", "p.oid -> f INDIRECT/FILTER",
	}, edgeStrings(res.Edges()))
}
