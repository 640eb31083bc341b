package sqlparse

import "testing"

// A built-in with a space before its '(' and a field of a computed value.
func TestExprTailRewrites(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"space before a built-in's bracket", Postgres, "SELECT trim (a), EXTRACT (YEAR FROM d), max(substring (b,1,8)) FROM t",
			"SELECT TRIM(`a`),EXTRACT(YEAR FROM `d`),MAX(SUBSTRING(`b`, 1, 8)) FROM `t`", KindSelect},
		{"field of a call", BigQuery, "SELECT mozfun.hist.pick(h).values AS v, f(x).a.b AS w FROM t",
			"SELECT `mozfun.hist`.`pick`(`h`) AS `v`,F(`x`) AS `w` FROM `t`", KindSelect},
		{"field of a bracketed expression", Postgres, "SELECT (topn(x, 10)).item AS i FROM t",
			"SELECT (TOPN(`x`, 10)) AS `i` FROM `t`", KindSelect},
	})
}
