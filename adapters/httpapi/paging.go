package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
)

// Paging of the list-shaped answers (the compliance reports except the
// combined one, and search). A page is a window of limit items over the
// answer's items in their total order; the cursor of the next page holds
// its offset and a fingerprint of the items paged (over all pages) and of
// the request's other parameters, so that a cursor used on a report that changed in the
// meantime, or with other filters, is refused (409, code stale_cursor)
// rather than silently skipping or repeating items.
const (
	// DefaultPageLimit is the number of items of a compliance report's page
	// when the request gives no limit.
	DefaultPageLimit = 100
	// MaxPageLimit is the largest limit a request may ask for.
	MaxPageLimit = 1000
	// defaultSearchLimit is search's default page size (its limit predates
	// paging).
	defaultSearchLimit = 50
	// maxPageOffset bounds a cursor's offset: cursors are not signed, and
	// a forged offset near the largest int would overflow offset+limit.
	maxPageOffset = 1<<31 - 1
)

// Page describes the page an answer holds: its limit, the number of items
// over all pages, and the cursor of the next page (null on the last).
type Page struct {
	Limit int     `json:"limit"`
	Total int     `json:"total"`
	Next  *string `json:"next"`
}

// pager cuts the lists of one answer into the page a request asked for.
// The lists named in turn by cut form one sequence; the page is the
// window [offset, offset+limit) of it.
type pager struct {
	offset, limit int
	// fp fingerprints the answer and the request's filters; asked is the
	// fingerprint the request's cursor holds, if it has one.
	fp, asked uint64
	cursor    bool
	seen      int // items of the lists cut so far
}

// readPager reads limit and cursor, before any work, so that a malformed
// one costs no report.
func readPager(r *http.Request, def int) (*pager, error) {
	limit, err := intParam(r, "limit", def, 1, MaxPageLimit)
	if err != nil {
		return nil, err
	}
	p := &pager{limit: limit}
	c := r.URL.Query().Get("cursor")
	if c == "" {
		return p, nil
	}
	offset, fp, ok := parseCursor(c)
	if !ok {
		return nil, badRequest("query parameter %q is not a cursor this server issued: %q", "cursor", c)
	}
	p.offset, p.asked, p.cursor = offset, fp, true
	return p, nil
}

// answer records the fingerprint of the whole answer before paging (the
// request's parameters but limit and cursor are mixed in), and refuses a
// cursor issued for another answer.
func (p *pager) answer(r *http.Request, fp uint64) error {
	p.fp = mixFilters(fp, r)
	if p.cursor && p.asked != p.fp {
		return &Error{Status: http.StatusConflict, Code: CodeStaleCursor,
			Message: "query parameter \"cursor\" belongs to another answer: the report changed since, or the other parameters differ; start again without cursor"}
	}
	return nil
}

// mixFilters mixes the request's parameters but limit and cursor into fp.
func mixFilters(fp uint64, r *http.Request) uint64 {
	q := r.URL.Query()
	q.Del("limit")
	q.Del("cursor")
	h := fnv.New64a()
	fmt.Fprintf(h, "%016x %s %s", fp, r.URL.Path, q.Encode())
	return h.Sum64()
}

// cursor encodes an offset and a fingerprint, opaque to clients.
func cursor(offset int, fp uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d.%016x", offset, fp)))
}

func parseCursor(s string) (offset int, fp uint64, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, 0, false
	}
	off, sum, found := strings.Cut(string(b), ".")
	if !found || len(sum) != 16 {
		return 0, 0, false
	}
	offset, err = strconv.Atoi(off)
	if err != nil || offset < 0 || offset > maxPageOffset || strconv.Itoa(offset) != off {
		return 0, 0, false
	}
	fp, err = strconv.ParseUint(sum, 16, 64)
	return offset, fp, err == nil
}

// cut returns the items of list that fall in the page, list coming next
// in the answer's sequence; never nil, so that JSON says []. The result
// shares list's array: read only.
func cut[T any](p *pager, list []T) []T {
	if list == nil {
		return []T{}
	}
	start := p.seen
	p.seen += len(list)
	lo := min(max(p.offset-start, 0), len(list))
	hi := min(max(p.offset+p.limit-start, 0), len(list))
	return list[lo:hi]
}

// page describes the page once every list has been cut.
func (p *pager) page() Page {
	pg := Page{Limit: p.limit, Total: p.seen}
	if end := p.offset + p.limit; end < p.seen {
		next := cursor(end, p.fp)
		pg.Next = &next
	}
	return pg
}

// fingerprint hashes v's JSON encoding (64-bit FNV-1a): two answers with
// the same fingerprint list, but for a hash collision, the same items in
// the same order.
func fingerprint(v any) (uint64, error) {
	h := fnv.New64a()
	if err := json.NewEncoder(h).Encode(v); err != nil {
		return 0, fmt.Errorf("httpapi: fingerprint: %w", err)
	}
	return h.Sum64(), nil
}
