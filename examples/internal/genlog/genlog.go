// Package genlog generates a synthetic Redshift query log for the
// example commands that measure the library (ingestbench, httpload,
// httpshim -generate, olbench): a realistic mix where most statements
// repeat a few thousand shapes with different literals, ETL sessions build
// temporary tables, and now and then a table is created.
//
//	g := genlog.New(1_000_000, 300, 1)
//	_ = g.DefineTables(cat)
//	sum, err := eng.Ingest(ctx, g)
//
// The log is generated as it is read, so it costs no memory of its own.
package genlog

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Log is a lineage.Source of synthetic Redshift statements. It is not
// safe for concurrent use.
type Log struct {
	n, tables int
	i         int
	rng       *rand.Rand
	zipf      *rand.Zipf
	at        time.Time
	// etl is the rest of an ETL session's script being emitted.
	etl     []string
	etlSess string
	etlNo   int
}

// New returns a log of n statements over tables base tables, the same
// for the same seed.
func New(n, tables int, seed uint64) *Log {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &Log{
		n: n, tables: tables, rng: rng,
		zipf: rand.NewZipf(rng, 1.1, 4, uint64(tables*len(templates)-1)),
		at:   time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
	}
}

var baseColumns = []string{"id", "user_id", "amount", "created_at", "status", "email", "country", "c1", "c2", "c3"}

// DefineTables puts the base tables and the marts in the catalog, as a
// schema file or information_schema dump would.
func (g *Log) DefineTables(cat *lineage.MemoryCatalog) error {
	p := lineage.PlatformOf(sqlparse.Redshift)
	ctx := context.Background()
	for t := range g.tables {
		if err := cat.Define(ctx, p.DatasetFromString(fmt.Sprintf("prod.analytics.t%d", t), lineage.Defaults{}), baseColumns); err != nil {
			return err
		}
		if err := cat.Define(ctx, p.DatasetFromString(fmt.Sprintf("prod.mart.m%d", t), lineage.Defaults{}), []string{"user_id", "events", "last_at"}); err != nil {
			return err
		}
	}
	return nil
}

// templates are the statement shapes; %[1]d is a table, %[2]d another,
// %[3]d a number, %[4]s a date, %[5]s a string.
var templates = []string{
	"SELECT status, SUM(amount) AS total FROM prod.analytics.t%[1]d WHERE created_at >= '%[4]s' GROUP BY status",
	"SELECT a.id, b.amount FROM prod.analytics.t%[1]d a JOIN prod.analytics.t%[2]d b ON a.user_id = b.user_id WHERE a.id = %[3]d",
	"INSERT INTO prod.mart.m%[1]d SELECT user_id, COUNT(*), MAX(created_at) FROM prod.analytics.t%[1]d WHERE created_at > '%[4]s' GROUP BY user_id",
	"WITH x AS (SELECT user_id, amount * %[3]d AS v FROM prod.analytics.t%[1]d) SELECT user_id, AVG(v) AS avg_v FROM x GROUP BY user_id ORDER BY 2 DESC LIMIT %[3]d",
	"UPDATE prod.analytics.t%[1]d SET status = '%[5]s' WHERE id = %[3]d",
	"SELECT * FROM prod.analytics.t%[1]d WHERE email = '%[5]s@example.com'",
	"DELETE FROM prod.analytics.t%[1]d WHERE created_at < '%[4]s'",
	"SELECT md5(email) AS email_key, country, COUNT(*) AS n FROM prod.analytics.t%[1]d GROUP BY 1, 2",
	"SELECT id, CASE WHEN amount > %[3]d THEN 'big' ELSE 'small' END AS size, created_at::date AS day FROM prod.analytics.t%[1]d",
	"SELECT user_id, amount, SUM(amount) OVER (PARTITION BY user_id ORDER BY created_at ROWS UNBOUNDED PRECEDING) AS running FROM prod.analytics.t%[1]d WHERE country = '%[5]s'",
}

var users = []string{"bi_service", "analyst_a", "analyst_b", "analyst_c", "etl", "dbt", "looker", "support", "finance", "growth"}

// Next implements lineage.Source.
func (g *Log) Next(ctx context.Context) (lineage.Statement, error) {
	if g.i >= g.n {
		return lineage.Statement{}, io.EOF
	}
	if err := ctx.Err(); err != nil {
		return lineage.Statement{}, err
	}
	g.i++
	g.at = g.at.Add(time.Duration(g.rng.IntN(4000)) * time.Millisecond)
	st := lineage.Statement{Dialect: sqlparse.Redshift, Context: lineage.Context{
		Database: "prod", At: g.at, QueryID: fmt.Sprint(g.i),
	}}
	if len(g.etl) > 0 {
		st.SQL, g.etl = g.etl[0], g.etl[1:]
		st.Context.User, st.Context.Session = "etl", g.etlSess
		return st, nil
	}
	switch r := g.rng.IntN(10000); {
	case r < 50: // an ETL session: a temporary table, then a mart from it
		t := g.rng.IntN(g.tables)
		g.etlNo++
		g.etlSess = fmt.Sprint("etl-", g.etlNo)
		g.etl = []string{
			fmt.Sprintf("INSERT INTO prod.mart.m%d SELECT user_id, COUNT(*), MAX(day) FROM stage GROUP BY user_id", t),
			"DROP TABLE stage",
		}
		st.SQL = fmt.Sprintf("CREATE TEMP TABLE stage AS SELECT user_id, created_at::date AS day FROM prod.analytics.t%d WHERE created_at > '%s'", t, g.date())
		st.Context.User, st.Context.Session = "etl", g.etlSess
		return st, nil
	case r < 51: // now and then a new table
		st.SQL = fmt.Sprintf("CREATE TABLE prod.mart.snapshot_%d AS SELECT id, amount FROM prod.analytics.t%d", g.i, g.rng.IntN(g.tables))
		st.Context.User, st.Context.Session = "dbt", fmt.Sprint("dbt-", g.i)
		return st, nil
	}
	shape := int(g.zipf.Uint64())
	tmpl := templates[shape%len(templates)]
	t := shape / len(templates)
	st.SQL = fmt.Sprintf(tmpl, t, (t+1)%g.tables, g.rng.IntN(100000), g.date(), g.word())
	u := users[g.rng.IntN(len(users))]
	st.Context.User = u
	st.Context.Session = fmt.Sprint(u, "-", g.rng.IntN(8))
	return st, nil
}

func (g *Log) date() string { return g.at.AddDate(0, 0, -g.rng.IntN(60)).Format(time.DateOnly) }

func (g *Log) word() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var b strings.Builder
	for range 4 + g.rng.IntN(8) {
		b.WriteByte(letters[g.rng.IntN(len(letters))])
	}
	return b.String()
}
