package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFingerprint(t *testing.T) {
	f := NewFingerprinter()
	of := func(sql string, d Dialect) Fingerprint {
		t.Helper()
		sh, ok := f.Of(sql, d)
		require.True(t, ok, sql)
		return sh.Fingerprint
	}
	same := []struct{ name, a, b string }{
		{"literals", "SELECT a FROM t WHERE d = '2026-01-01' AND n > 5", "SELECT a FROM t WHERE d = 'x' AND n > 17.5"},
		{"UPDATE .. SET literals are data", "UPDATE t SET status = 'a' WHERE id = 1", "UPDATE t SET status = 'bb' WHERE id = 2"},
		{"spacing and comments", "SELECT a FROM t -- x\nWHERE b = 1", "SELECT  a\nFROM t /* y */ WHERE b = 2"},
	}
	for _, c := range same {
		t.Run("same/"+c.name, func(t *testing.T) {
			assert.Equal(t, of(c.a, Postgres), of(c.b, Postgres))
		})
	}
	differ := []struct {
		name, a, b string
		d          Dialect
	}{
		{"column", `SELECT a FROM t`, `SELECT b FROM t`, Postgres},
		{"quoted identifier is a name, not a literal", `SELECT "a" FROM t`, `SELECT "b" FROM t`, Postgres},
		{"unload query text", `UNLOAD ('select a from t') TO 's3://x/'`, `UNLOAD ('select b from t') TO 's3://x/'`, Redshift},
		{"search path", `SET search_path TO 'a'`, `SET search_path TO 'b'`, Postgres},
		{"external location", `CREATE EXTERNAL TABLE x (a int) LOCATION 's3://a/'`, `CREATE EXTERNAL TABLE x (a int) LOCATION 's3://b/'`, Hive},
		{"copy location", `COPY t FROM 's3://a/'`, `COPY t FROM 's3://b/'`, Redshift},
		{"word case is kept (BigQuery names are case-sensitive)", "SELECT a FROM T", "SELECT a FROM t", BigQuery},
	}
	for _, c := range differ {
		t.Run("differ/"+c.name, func(t *testing.T) {
			assert.NotEqual(t, of(c.a, c.d), of(c.b, c.d))
		})
	}
	assert.NotEqual(t, of("SELECT a FROM t", Snowflake), of("SELECT a FROM t", BigQuery), "dialect is part of the shape")
	_, ok := f.Of("SELECT 'unterminated", Postgres)
	assert.False(t, ok)
}

func TestShapeDefines(t *testing.T) {
	f := NewFingerprinter()
	cases := []struct {
		sql  string
		want bool
	}{
		{"SELECT a FROM t", false},
		{"INSERT INTO t SELECT a FROM s", false},
		{"WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", true}, // errs on the side of yes
		{"create table t (a int)", true},
		{"CREATE TEMP TABLE s AS SELECT a FROM t", false},
		{"CREATE OR REPLACE TEMPORARY TABLE s AS SELECT a FROM t", false},
		{"CREATE OR REPLACE TABLE s AS SELECT a FROM t", true},
		{"CREATE", true},
		{"SELECT a INTO new_t FROM s", true},
		{"BEGIN; DROP TABLE t; COMMIT", true},
		{"ALTER TABLE t RENAME TO u", true},
		{"UPDATE t SET a = 1", false},
		{"SELECT 'CREATE TABLE x' FROM t", false},
	}
	for _, c := range cases {
		sh, ok := f.Of(c.sql, Postgres)
		require.True(t, ok)
		assert.Equal(t, c.want, sh.Defines, c.sql)
	}
}

func BenchmarkFingerprint(b *testing.B) {
	f := NewFingerprinter()
	sql := "SELECT c.course_id, SUM(e.price) AS revenue FROM analytics.public.enrollments e JOIN courses c ON c.id = e.course_id WHERE e.enrolled_at >= '2026-11-01' GROUP BY 1"
	b.ReportAllocs()
	for b.Loop() {
		f.Of(sql, Redshift)
	}
}
