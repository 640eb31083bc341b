package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Aggregates and windows TiDB lacks keep their arguments and windows.
func TestAggregateRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"array_agg distinct", Snowflake, "SELECT array_agg(distinct c) AS cs, COUNT(DISTINCT c) AS n FROM t",
			"SELECT ARRAY_AGG(`c`) AS `cs`,COUNT(DISTINCT `c`) AS `n` FROM `t`", KindSelect},
		{"ignore nulls in the arguments", BigQuery, "SELECT ARRAY_AGG(x IGNORE NULLS ORDER BY y) AS a, ARRAY_AGG(z RESPECT NULLS) AS b FROM t",
			"SELECT GROUP_CONCAT(`x` ORDER BY `y` SEPARATOR ',') AS `a`,ARRAY_AGG(`z`) AS `b` FROM `t`", KindSelect},
		{"unknown function over a named window", BigQuery, "SELECT LOGICAL_OR(a) OVER (w) AS x, udf.f(b) OVER w AS y FROM t WINDOW w AS (PARTITION BY c)",
			"SELECT MAX(LOGICAL_OR(`a`)) OVER (`w`) AS `x`,MAX(`udf`.`f`(`b`)) OVER `w` AS `y` FROM `t` WINDOW `w` AS (PARTITION BY `c`)", KindSelect},
		{"known window functions stay", Snowflake, "SELECT SUM(a) OVER (PARTITION BY b) AS s, RANK() OVER (ORDER BY a) AS r FROM t",
			"SELECT SUM(`a`) OVER (PARTITION BY `b`) AS `s`,RANK() OVER (ORDER BY `a`) AS `r` FROM `t`", KindSelect},
		{"filter then over", Postgres, "SELECT SUM(x) FILTER (WHERE c > 1) OVER (PARTITION BY p) AS s FROM t",
			"SELECT SUM(CASE WHEN `c`>1 THEN `x` END) OVER (PARTITION BY `p`) AS `s` FROM `t`", KindSelect},
	})
}

// COUNT() counts rows; MAX / MIN of several arguments derive from all of
// them; Snowflake's time travel picks no columns; TOP n before a star with
// modifiers.
func TestAggregateArityAndTimeTravel(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"count without argument", ANSI, "SELECT Count() n FROM t",
			"SELECT COUNT(1) AS `n` FROM `t`", KindSelect},
		{"max of two", MySQL, "SELECT max(a, b) AS m, MIN(c, d) AS n, MAX(e) AS o FROM t",
			"SELECT GREATEST(`a`, `b`) AS `m`,LEAST(`c`, `d`) AS `n`,MAX(`e`) AS `o` FROM `t`", KindSelect},
		{"before statement", Snowflake, "SELECT a FROM t BEFORE(STATEMENT => $qid) x",
			"SELECT `a` FROM `t` AS `x`", KindSelect},
		{"at timestamp", Snowflake, "SELECT a FROM t AT(TIMESTAMP => '2024-01-01'::timestamp)",
			"SELECT `a` FROM `t`", KindSelect},
		{"top before a star with exclude", Snowflake, "SELECT TOP 100 * EXCLUDE b FROM t",
			"SELECT * FROM `t` LIMIT 100", KindSelect},
	})
}

func TestTopStarKeepsItsModifier(t *testing.T) {
	s := parseOne(t, "SELECT TOP 100 * EXCLUDE b FROM t", Snowflake)
	c := collect(t, s)
	require.Len(t, c.stars, 1)
	mod, ok := s.StarModifier(c.stars[0])
	require.True(t, ok)
	assert.Equal(t, []Ident{{Name: "b"}}, mod.Exclude)
}

// LIMIT inside an aggregate picks elements; LEFT JOIN UNNEST gets one ON.
func TestAggregateLimitAndLeftJoinUnnest(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"array_agg limit", BigQuery, "SELECT ARRAY_AGG(x ORDER BY y DESC LIMIT 1)[OFFSET(0)] AS l, ARRAY_AGG(z LIMIT 5) AS m FROM t",
			"SELECT ELEMENT_AT(GROUP_CONCAT(`x` ORDER BY `y` DESC SEPARATOR ','), OFFSET(0)) AS `l`,ARRAY_AGG(`z`) AS `m` FROM `t`", KindSelect},
		{"left join unnest before where", BigQuery, "SELECT e FROM t LEFT JOIN UNNEST(t.xs) AS e WHERE e > 1",
			"SELECT `e` FROM `t` LEFT JOIN LATERAL (SELECT `t`.`xs`) AS `e`(`e`) ON TRUE WHERE `e`>1", KindSelect},
		{"left join unnest at the end", BigQuery, "SELECT e FROM t LEFT JOIN UNNEST(t.xs) AS e",
			"SELECT `e` FROM `t` LEFT JOIN LATERAL (SELECT `t`.`xs`) AS `e`(`e`) ON TRUE", KindSelect},
	})
}
