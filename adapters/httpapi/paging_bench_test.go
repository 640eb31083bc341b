package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
	"github.com/colineage/colineage/sqlparse"
)

// benchViolations is a Handler over the fixture plus copies raw e-mail
// copies outside any zone: as many raw_outside_zone violations.
func benchViolations(b *testing.B, copies int, opts ...Option) *Handler {
	b.Helper()
	ctx := context.Background()
	eng := fixtureEngine(b)
	stmts := make([]lineage.Statement, copies)
	for i := range stmts {
		stmts[i] = lineage.Statement{SQL: fmt.Sprintf("INSERT INTO crm.copy%d (id, email) SELECT id, email FROM raw.users", i),
			Dialect: sqlparse.Postgres, Context: lineage.Context{Database: "shop", User: "etl", At: fixtureAt}}
	}
	sum, err := eng.Ingest(ctx, lineage.Statements(stmts...))
	require.NoError(b, err)
	require.Zero(b, sum.FailedTotal())
	pol, err := compliance.LoadPolicy(strings.NewReader(fixturePolicy), "policy.yaml")
	require.NoError(b, err)
	chk, err := compliance.New(eng.Store(), pol, compliance.WithClock(func() time.Time { return fixtureAt.AddDate(0, 0, 1) }))
	require.NoError(b, err)
	_, err = chk.ApplyRules(ctx)
	require.NoError(b, err)
	return New(eng, append([]Option{WithPlatform(lineage.Postgres), WithLogger(discardLogger()), WithCompliance(chk)}, opts...)...)
}

// walk reads every page of target and returns the bytes received.
func walk(b *testing.B, h http.Handler, target string) int {
	total, next := 0, ""
	for {
		t := target
		if next != "" {
			t += "&cursor=" + url.QueryEscape(next)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", t, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", t, rec.Code, rec.Body)
		}
		total += rec.Body.Len()
		var body struct{ Page Page }
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			b.Fatal(err)
		}
		if body.Page.Next == nil {
			return total
		}
		next = *body.Page.Next
	}
}

// BenchmarkViolationsPages: the first page of 2,000 violations, and every
// page of them walked one after the other, without and with
// WithReportTTL (which computes the report once for the walk, where
// without it every page computes it again). B/op and allocs/op are the
// server's; answer-B/op is what the client receives.
func BenchmarkViolationsPages(b *testing.B) {
	const copies = 2000
	for _, tc := range []struct {
		name, target string
		opts         []Option
	}{
		{"first-page", "/api/v1/compliance/violations?limit=100", nil},
		{"walk-100", "/api/v1/compliance/violations?limit=100", nil},
		{"walk-100-ttl", "/api/v1/compliance/violations?limit=100", []Option{WithReportTTL(time.Hour)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h := benchViolations(b, copies, tc.opts...)
			b.ReportAllocs()
			b.ResetTimer()
			bytes := 0
			for b.Loop() {
				if tc.name == "first-page" {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest("GET", tc.target, nil))
					bytes += rec.Body.Len()
					continue
				}
				h.reports.mu.Lock()
				clear(h.reports.kept) // each walk starts with no report kept
				h.reports.mu.Unlock()
				bytes += walk(b, h, tc.target)
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "answer-B/op")
		})
	}
}
