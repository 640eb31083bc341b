package lineage

import (
	"context"
	"testing"

	"github.com/colineage/colineage/sqlparse"
)

// FuzzAnalyze checks that no input makes the analyzer panic or report a
// confidence outside [0, 1].
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		benchShort,
		benchAnalytic,
		"INSERT INTO t SELECT * FROM a JOIN b USING (k)",
		"WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
		"UPDATE t JOIN s ON t.id = s.id SET t.a = s.b",
		"CREATE TEMPORARY TABLE x AS SELECT a FROM s; INSERT INTO t SELECT a FROM x; DROP TABLE x",
		"SELECT (SELECT max(b) FROM u WHERE u.k = t.k) FROM t GROUP BY 1 ORDER BY 1",
		"MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET v = s.v",
	} {
		f.Add(s, uint8(0))
	}
	dialects := sqlparse.Dialects()
	f.Fuzz(func(t *testing.T, sql string, d uint8) {
		dialect := dialects[int(d)%len(dialects)]
		res, _ := NewAnalyzer(nil).Analyze(context.Background(), Statement{SQL: sql, Dialect: dialect})
		if res.Confidence < 0 || res.Confidence > 1 {
			t.Fatalf("confidence %v out of range", res.Confidence)
		}
		for _, s := range res.Statements {
			if s.Confidence < 0 || s.Confidence > 1 {
				t.Fatalf("statement confidence %v out of range", s.Confidence)
			}
		}
	})
}
