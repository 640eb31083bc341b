package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/lineage/compliance"
)

// pagedBody is the part of a paged answer the tests walk: its lists by
// name, and its page.
type pagedBody struct {
	lists map[string][]json.RawMessage
	page  Page
}

func decodePaged(t *testing.T, r response, lists ...string) pagedBody {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(r.body, &m), "%s", r.body)
	out := pagedBody{lists: map[string][]json.RawMessage{}}
	require.Contains(t, m, "page", "%s", r.body)
	require.NoError(t, json.Unmarshal(m["page"], &out.page))
	for _, l := range lists {
		var items []json.RawMessage
		require.NoError(t, json.Unmarshal(m[l], &items), "%s: %s", l, m[l])
		require.NotNil(t, items, "%s is [] rather than null", l)
		out.lists[l] = items
	}
	return out
}

// walkPages follows next from target (which has no cursor) and returns the
// lists of every page appended, and the pages.
func walkPages(t *testing.T, c *client, target string, lists ...string) (map[string][]string, []Page) {
	t.Helper()
	all := map[string][]string{}
	var pages []Page
	next := target
	for {
		r := c.get(next)
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", next, r.body)
		p := decodePaged(t, r, lists...)
		n := 0
		for _, l := range lists {
			for _, item := range p.lists[l] {
				all[l] = append(all[l], string(item))
			}
			n += len(p.lists[l])
		}
		assert.LessOrEqual(t, n, p.page.Limit, "%s: a page holds at most limit items", next)
		pages = append(pages, p.page)
		if p.page.Next == nil {
			return all, pages
		}
		assert.Equal(t, p.page.Limit, n, "%s: a page before the last is full", next)
		require.Less(t, len(pages), 1000, "the pages do not end")
		next = target + "&cursor=" + url.QueryEscape(*p.page.Next)
	}
}

// TestPagesMakeTheWholeReport: the pages of every list-shaped endpoint,
// appended, are the answer asked in one page, in the same order, and each
// page says the same total.
func TestPagesMakeTheWholeReport(t *testing.T) {
	c := newComplianceClient(t)
	cases := []struct {
		target string
		lists  []string
	}{
		{"/api/v1/compliance/violations?x=1", []string{"violations"}},
		{"/api/v1/compliance/violations?rule=raw_outside_zone,unallowed_raw_reader", []string{"violations"}},
		{"/api/v1/compliance/propagation?x=1", []string{"tags", "columns", "derived"}},
		{"/api/v1/compliance/propagation?column=shop.raw.users.email", []string{"tags", "columns", "derived"}},
		{"/api/v1/compliance/audit?x=1", []string{"entries"}},
		{"/api/v1/compliance/unneeded?days=1", []string{"copies", "datasets", "duplicates", "undetermined"}},
		{"/api/v1/compliance/plan?subject=shop.raw.users.id", []string{"steps"}},
		{"/api/v1/search?prefix=shop.", []string{"results"}},
	}
	for _, tc := range cases {
		r := c.get(tc.target + "&limit=1000")
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: %s", tc.target, r.body)
		whole := decodePaged(t, r, tc.lists...)
		assert.Nil(t, whole.page.Next, "%s: one page holds the fixture", tc.target)
		want := map[string][]string{}
		for _, l := range tc.lists {
			for _, item := range whole.lists[l] {
				want[l] = append(want[l], string(item))
			}
		}
		total := 0
		for _, l := range tc.lists {
			total += len(want[l])
		}
		require.Equal(t, total, whole.page.Total, tc.target)
		require.Greater(t, total, 2, "%s: the fixture gives several pages", tc.target)
		for _, limit := range []int{1, 2, total - 1} {
			got, pages := walkPages(t, c, fmt.Sprintf("%s&limit=%d", tc.target, limit), tc.lists...)
			assert.Equal(t, want, got, "%s, limit %d", tc.target, limit)
			assert.Len(t, pages, (total+limit-1)/limit, "%s, limit %d", tc.target, limit)
			for _, p := range pages {
				assert.Equal(t, total, p.Total, "%s, limit %d", tc.target, limit)
				assert.Equal(t, limit, p.Limit)
			}
		}
	}
}

// TestPageKeepsTheWholeSummaries: the summaries that are not paged come
// whole on every page.
func TestPageKeepsTheWholeSummaries(t *testing.T) {
	c := newComplianceClient(t)
	var whole struct {
		OutsideAllowed []string `json:"outside_allowed"`
	}
	require.NoError(t, json.Unmarshal(c.get("/api/v1/compliance/audit").body, &whole))
	require.NotEmpty(t, whole.OutsideAllowed)
	r := c.get("/api/v1/compliance/audit?limit=1")
	var page struct {
		Entries        []json.RawMessage `json:"entries"`
		OutsideAllowed []string          `json:"outside_allowed"`
		Page           Page              `json:"page"`
	}
	require.NoError(t, json.Unmarshal(r.body, &page))
	assert.Len(t, page.Entries, 1)
	assert.Equal(t, whole.OutsideAllowed, page.OutsideAllowed)
}

func TestPageDefaultLimit(t *testing.T) {
	c := newComplianceClient(t)
	r := c.get("/api/v1/compliance/violations")
	assert.Equal(t, DefaultPageLimit, decode[ViolationsJSON](t, r).Page.Limit)
	r = c.get("/api/v1/search?prefix=shop.")
	assert.Equal(t, defaultSearchLimit, decode[SearchJSON](t, r).Page.Limit)
}

// TestPageParametersAreChecked: a bad limit or cursor is a 400 that names
// the parameter; a cursor of another answer is a 409.
func TestPageParametersAreChecked(t *testing.T) {
	c := newComplianceClient(t)
	for _, q := range []string{"limit=0", "limit=1001", "limit=ten", "limit=-1"} {
		for _, path := range []string{"/api/v1/compliance/violations?", "/api/v1/compliance/unneeded?", "/api/v1/search?prefix=shop.&"} {
			r := c.get(path + q)
			require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s%s: %s", path, q, r.body)
			e := errorOf(t, r)
			assert.Equal(t, CodeBadRequest, e.Code)
			assert.Contains(t, e.Message, `"limit"`)
		}
	}
	valid := *decode[ViolationsJSON](t, c.get("/api/v1/compliance/violations?limit=1")).Page.Next
	for _, cur := range []string{"x", "!!", cursor(-1, 0), "MTIuMDA", url.QueryEscape(valid + "A")} {
		r := c.get("/api/v1/compliance/violations?limit=1&cursor=" + cur)
		require.Equal(t, http.StatusBadRequest, r.StatusCode, "%s: %s", cur, r.body)
		e := errorOf(t, r)
		assert.Equal(t, CodeBadRequest, e.Code)
		assert.Contains(t, e.Message, `"cursor"`)
	}

	// A cursor given with other filters, or to another endpoint.
	for _, target := range []string{
		"/api/v1/compliance/violations?limit=1&rule=weak_mask&cursor=",
		"/api/v1/compliance/audit?limit=1&cursor=",
		"/api/v1/search?prefix=shop.&limit=1&cursor=",
	} {
		r := c.get(target + url.QueryEscape(valid))
		require.Equal(t, http.StatusConflict, r.StatusCode, "%s: %s", target, r.body)
		assert.Equal(t, CodeStaleCursor, errorOf(t, r).Code)
	}
	// Another limit with the same filters is fine: the cursor is an offset.
	r := c.get("/api/v1/compliance/violations?limit=5&cursor=" + url.QueryEscape(valid))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)

	// A cursor is not signed: one forged with the answer's fingerprint and
	// an offset past any report (up to where offset+limit would overflow)
	// is refused, never a 500.
	_, fp, ok := parseCursor(valid)
	require.True(t, ok)
	for _, off := range []int{maxPageOffset + 1, math.MaxInt - 10, math.MaxInt} {
		r := c.get("/api/v1/compliance/violations?limit=1000&cursor=" + url.QueryEscape(cursor(off, fp)))
		require.Equal(t, http.StatusBadRequest, r.StatusCode, "offset %d: %s", off, r.body)
		assert.Contains(t, errorOf(t, r).Message, `"cursor"`)
	}
	r = c.get("/api/v1/compliance/violations?limit=1000&cursor=" + url.QueryEscape(cursor(maxPageOffset, fp)))
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)
	assert.Empty(t, decode[ViolationsJSON](t, r).Violations, "a page past the end is empty")
}

// TestCursorOfAChangedReportIsStale: a page's cursor is refused once the
// report changed, so that a client never skips or repeats items unawares.
func TestCursorOfAChangedReportIsStale(t *testing.T) {
	c := newComplianceClient(t)
	for _, target := range []string{"/api/v1/compliance/violations?limit=1", "/api/v1/search?prefix=shop.&limit=1"} {
		next := decodePaged(t, c.get(target)).page.Next
		require.NotNil(t, next)
		r := c.get(target + "&cursor=" + url.QueryEscape(*next))
		require.Equal(t, http.StatusOK, r.StatusCode, "%s: the report is unchanged: %s", target, r.body)
	}
	nextViolation := decodePaged(t, c.get("/api/v1/compliance/violations?limit=1")).page.Next
	nextSearch := decodePaged(t, c.get("/api/v1/search?prefix=shop.&limit=1")).page.Next

	r := c.postJSON("/api/v1/ingest", `{"statements": [
		{"sql": "INSERT INTO crm.more (email) SELECT email FROM raw.users", "database": "shop", "user": "etl", "at": "2026-11-02T12:00:00Z"}]}`)
	require.Equal(t, http.StatusOK, r.StatusCode, "%s", r.body)

	r = c.get("/api/v1/compliance/violations?limit=1&cursor=" + url.QueryEscape(*nextViolation))
	require.Equal(t, http.StatusConflict, r.StatusCode, "%s", r.body)
	assert.Equal(t, CodeStaleCursor, errorOf(t, r).Code)
	r = c.get("/api/v1/search?prefix=shop.&limit=1&cursor=" + url.QueryEscape(*nextSearch))
	require.Equal(t, http.StatusConflict, r.StatusCode, "%s", r.body)
	assert.Equal(t, CodeStaleCursor, errorOf(t, r).Code)
}

// TestPagesInFlightShareOneReport: requests for different pages of one
// report share its computation, as the compliance routes do.
func TestPagesInFlightShareOneReport(t *testing.T) {
	const clients = 12
	h := New(fixtureEngine(t), WithLogger(discardLogger()), WithMaxHeavy(1))
	var calls atomic.Int32
	release := make(chan struct{})
	items := []string{"a", "b", "c", "d", "e", "f", "g"}
	r := route{Method: "GET", Path: "/api/v1/compliance/test", Handle: func(h *Handler, w http.ResponseWriter, req *http.Request) error {
		pg, err := readPager(req, DefaultPageLimit)
		if err != nil {
			return err
		}
		list, fp, err := sharePaged(req.Context(), h, "test", func(context.Context) ([]string, error) {
			calls.Add(1)
			<-release
			return items, nil
		}, func(list []string) any { return list })
		if err != nil {
			return err
		}
		if err := pg.answer(req, fp); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": cut(pg, list), "page": pg.page()})
		return nil
	}}
	handler := h.wrap(r)
	targets := make([]string, clients)
	for i := range targets {
		targets[i] = fmt.Sprintf("/api/v1/compliance/test?limit=%d", i+1)
	}
	recs, wait := serveConcurrently(handler, targets)
	require.Eventually(t, func() bool { return h.reports.waiting("paged test") == clients }, 10*time.Second, time.Millisecond,
		"every page waits on the one report")
	close(release)
	wait()
	assert.Equal(t, int32(1), calls.Load())
	for i, rec := range recs {
		require.Equal(t, http.StatusOK, rec.Code, "%s", rec.Body)
		var got struct {
			Items []string `json:"items"`
			Page  Page     `json:"page"`
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
		assert.Equal(t, items[:min(i+1, len(items))], got.Items)
		assert.Equal(t, len(items), got.Page.Total)
		assert.Equal(t, i+1 < len(items), got.Page.Next != nil)
	}

	// A malformed page is refused before any report is computed.
	for _, q := range []string{"limit=0", "cursor=nonsense"} {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/compliance/test?"+q, nil))
		assert.Equal(t, http.StatusBadRequest, rec.Code, q)
	}
	assert.Equal(t, int32(1), calls.Load())
}

func TestCursorRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		offset int
		fp     uint64
	}{{0, 0}, {1, 1}, {999999, ^uint64(0)}, {42, 0xdeadbeef}} {
		off, fp, ok := parseCursor(cursor(tc.offset, tc.fp))
		require.True(t, ok)
		assert.Equal(t, tc.offset, off)
		assert.Equal(t, tc.fp, fp)
	}
	for _, bad := range []string{"", "0", strings.Repeat("A", 30), "MDEuMDAwMDAwMDAwMDAwMDAwMA"} {
		_, _, ok := parseCursor(bad)
		assert.False(t, ok, "%q", bad)
	}
}

// TestCursorOutlivesTheClock: the fields a report takes from the clock (a
// plan's received and due dates, unneeded's since) do not make the cursor
// stale; only the items paged do.
func TestCursorOutlivesTheClock(t *testing.T) {
	eng := fixtureEngine(t)
	pol, err := compliance.LoadPolicy(strings.NewReader(fixturePolicy), "policy.yaml")
	require.NoError(t, err)
	var ticks atomic.Int64
	clock := func() time.Time { return fixtureAt.AddDate(0, 0, 1).Add(time.Duration(ticks.Add(1)) * 24 * time.Hour) }
	chk, err := compliance.New(eng.Store(), pol, compliance.WithClock(clock))
	require.NoError(t, err)
	_, err = chk.ApplyRules(context.Background())
	require.NoError(t, err)
	c := &client{t: t, v: openAPIValidator(t), h: New(eng, WithPlatform(lineage.Postgres), WithLogger(discardLogger()), WithCompliance(chk))}
	for _, tc := range []struct {
		target string
		lists  []string
	}{
		{"/api/v1/compliance/plan?subject=shop.raw.users.id&limit=1", []string{"steps"}},
		{"/api/v1/compliance/unneeded?days=36500&limit=1", []string{"copies", "datasets", "duplicates", "undetermined"}},
	} {
		got, pages := walkPages(t, c, tc.target, tc.lists...)
		require.Greater(t, len(pages), 1, tc.target)
		n := 0
		for _, l := range tc.lists {
			n += len(got[l])
		}
		assert.Equal(t, pages[0].Total, n, tc.target)
	}
}
