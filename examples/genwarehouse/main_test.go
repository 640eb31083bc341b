package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/colineage/colineage/adapters/querylog"
	"github.com/colineage/colineage/lineage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var committed = filepath.Join("..", "..", "testdata", "warehouse")

// The committed sample is what the generator writes.
func TestOutputIsCommitted(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, run(dir, 20261102))
	for _, name := range []string{"schema.json", "ddl/redshift.sql", "ddl/snowflake.sql", "redshift/stl_querytext.csv", "redshift/pg_user.csv", "snowflake/query_history.csv", "snowflake/query_history.jsonl"} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			require.NoError(t, err)
			want, err := os.ReadFile(filepath.Join(committed, filepath.FromSlash(name)))
			require.NoError(t, err)
			assert.True(t, string(got) == string(want), "%s differs from the generator's output: run go run ./examples/genwarehouse -out testdata/warehouse", name)
		})
	}
}

func TestStlChunks(t *testing.T) {
	sql := "SELECT '" + strings.Repeat("x", 190) + "日本語'\nFROM t"
	chunks := stlChunks(sql)
	require.Len(t, chunks, 2)
	for _, c := range chunks {
		assert.Len(t, c, chunkWidth, "blank-padded to the column width")
	}
	assert.Equal(t, strings.ReplaceAll(sql, "\n", `\n`), strings.TrimRight(chunks[0]+chunks[1], " "))
}

// edge is a DIRECT column edge, names lower-cased so both platforms
// compare alike.
type edge struct{ from, to string }

// analyse runs the sample log through the lineage analyzer, one session
// per logged session, and returns its DIRECT edges between persistent
// tables (with whether they are masked) and who read which raw.users
// columns.
func analyse(t *testing.T, src *querylog.Reader, p lineage.Platform) (map[edge]bool, map[string]map[string]bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(committed, "schema.json"))
	require.NoError(t, err)
	defer f.Close()
	cat := lineage.NewMemoryCatalog()
	_, err = cat.LoadSchemaJSON(context.Background(), f, p, lineage.Defaults{})
	require.NoError(t, err)
	a := lineage.NewAnalyzer(cat)
	sessions := map[string]*lineage.Session{}
	edges := map[edge]bool{}
	readers := map[string]map[string]bool{}
	name := func(c lineage.Column) string {
		return strings.ToLower(c.Dataset.Schema + "." + c.Dataset.Name + "." + c.Name)
	}
	for {
		st, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		s := sessions[st.Context.Session]
		if s == nil {
			s = a.NewSession()
			sessions[st.Context.Session] = s
		}
		res, err := s.Analyze(context.Background(), st)
		require.NoError(t, err, st.SQL)
		for _, e := range res.Edges() {
			if e.Transform.Type == lineage.Direct && e.To.Dataset.Kind != lineage.KindQueryResult {
				edges[edge{name(e.From), name(e.To)}] = e.Transform.Masking
			}
		}
		for _, r := range res.Statements {
			for _, c := range r.Reads {
				if n := name(c); strings.HasPrefix(n, "raw.users.") {
					if readers[n] == nil {
						readers[n] = map[string]bool{}
					}
					readers[n][strings.ToLower(st.Context.User)] = true
				}
			}
		}
	}
	return edges, readers
}

// The story the README tells is what lineage finds in both logs.
func TestSampleLineage(t *testing.T) {
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(committed, filepath.FromSlash(name)))
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	users, err := querylog.ReadPGUsers(open("redshift/pg_user.csv"))
	require.NoError(t, err)
	logs := map[string]func() (*querylog.Reader, lineage.Platform){
		"redshift": func() (*querylog.Reader, lineage.Platform) {
			return querylog.NewRedshift(open("redshift/stl_querytext.csv"), querylog.WithUsers(users)), lineage.Redshift
		},
		"snowflake": func() (*querylog.Reader, lineage.Platform) {
			return querylog.NewSnowflake(open("snowflake/query_history.csv")), lineage.Snowflake
		},
	}
	for name, mk := range logs {
		t.Run(name, func(t *testing.T) {
			src, p := mk()
			edges, readers := analyse(t, src, p)
			// Daily revenue: enrollment prices minus refunds, the refunds
			// passing through the ETL session's temporary table.
			for _, from := range []string{"raw.enrollments.price", "raw.refunds.amount"} {
				masked, ok := edges[edge{from, "analytics.daily_revenue.revenue"}]
				assert.True(t, ok, "%s -> daily_revenue.revenue", from)
				assert.False(t, masked)
			}
			for e := range edges {
				assert.NotContains(t, e.from, "stage_refunds", "temporary tables are collapsed")
			}
			// Payouts come from consumption and from the revenue mart.
			for _, from := range []string{"raw.course_consumption.seconds_watched", "analytics.daily_revenue.revenue", "raw.instructors.revenue_share"} {
				_, ok := edges[edge{from, "analytics.instructor_payouts.payout_amount"}]
				assert.True(t, ok, "%s -> instructor_payouts.payout_amount", from)
			}
			// E-mail: hashed into the pseudonymised table, raw into the CRM
			// table and from there to the export location.
			masked, ok := edges[edge{"raw.users.email", "analytics.users_pseudonymised.user_key"}]
			assert.True(t, ok && masked, "email is hashed into users_pseudonymised")
			masked, ok = edges[edge{"raw.users.email", "crm.newsletter_audience.email"}]
			assert.True(t, ok && !masked, "email is copied raw into the CRM table")
			exported := false
			for e, m := range edges {
				if e.from == "crm.newsletter_audience.email" && strings.Contains(e.to, "dach_audience_") && !m {
					exported = true
				}
			}
			assert.True(t, exported, "raw email unloaded to the marketing bucket")
			// Who read e-mail addresses.
			got := map[string]bool{}
			for u := range readers["raw.users.email"] {
				got[u] = true
			}
			assert.Equal(t, map[string]bool{"bi_service": true, "analyst_tom": true, "etl_loader": true, "growth_marketing": true}, got)
			assert.NotContains(t, readers["raw.users.email"], "analyst_maria", "Maria only reads the pseudonymised table")
		})
	}
}
