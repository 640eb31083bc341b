package lineage

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/colineage/colineage/graphstore"
)

// EdgeRan links a User to a Query shape the user ran: its count is the
// number of statements of that shape, it keeps the first and last time,
// and its prop role holds the role the user ran it under (the last one
// seen) when the log names one, and its prop dashboard the dashboard a BI
// tool named in the statement's leading comment. Compliance reports read it to say who ran
// the statement behind a lineage hop.
const EdgeRan = "RAN"

type runKey struct{ user, query string }

type runs struct {
	occ       occurrences
	role      string
	dashboard string
}

// addRuns records that the statement's user (under its role) ran the
// fragment's statement shapes at its time.
func (b *batchBuilder) addRuns(f *fragment, st Statement) {
	c := st.Context
	if c.User == "" {
		return
	}
	b.addRunsOf(f, c.User, c.Role, DashboardOf(st.SQL), 1, c.At, c.At)
}

// addRunsOf records n runs by user of the fragment's statement shapes
// between first and last.
func (b *batchBuilder) addRunsOf(f *fragment, user, role, dashboard string, n int64, first, last time.Time) {
	for _, nd := range f.nodes {
		if nd.Kind != NodeQuery {
			continue
		}
		if b.runs == nil {
			b.runs = map[runKey]*runs{}
		}
		k := runKey{user: user, query: nd.ID}
		r := b.runs[k]
		if r == nil {
			r = &runs{}
			b.runs[k] = r
		}
		r.occ.count += n
		r.occ.first, r.occ.last = foldTimes(r.occ.first, r.occ.last, first)
		r.occ.first, r.occ.last = foldTimes(r.occ.first, r.occ.last, last)
		if role != "" {
			r.role = role
		}
		if dashboard != "" {
			r.dashboard = dashboard
		}
	}
}

// runEdges adds the User nodes and RAN edges of the runs recorded.
func (b *batchBuilder) runEdges() {
	for k, r := range b.runs {
		uid := UserNodeID(k.user)
		if _, ok := b.written[uid]; !ok {
			b.nodes[uid] = userNode(k.user)
		}
		var props map[string]any
		if r.role != "" || r.dashboard != "" {
			props = map[string]any{}
		}
		if r.role != "" {
			props["role"] = r.role
		}
		if r.dashboard != "" {
			props["dashboard"] = r.dashboard
		}
		// One RAN edge per user and shape: its key is its own.
		b.appendEdge(uid, k.query, EdgeRan, props, r.occ)
	}
}

func userNode(user string) graphstore.Node {
	return graphstore.Node{ID: UserNodeID(user), Kind: NodeUser, Props: map[string]any{"name": user}}
}

// DashboardOf reads the dashboard a BI tool names in a statement's leading
// comment ("/* dashboard: Revenue overview, chart: KPIs */" or
// "-- dashboard: ..."), or "" when there is none. The comment is not part of
// the stored normalized text, so the RAN edge keeps it (prop dashboard):
// printable characters only, cut to maxDashboard bytes.
func DashboardOf(sql string) string {
	s := strings.TrimSpace(sql)
	var body string
	switch {
	case strings.HasPrefix(s, "/*"):
		end := strings.Index(s[2:], "*/")
		if end < 0 {
			return ""
		}
		body = s[2 : 2+end]
	case strings.HasPrefix(s, "--"):
		body, _, _ = strings.Cut(s[2:], "\n")
	default:
		return ""
	}
	for _, part := range strings.Split(body, ",") {
		k, v, ok := strings.Cut(part, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "dashboard") {
			return cleanLabel(strings.TrimSpace(v), maxDashboard)
		}
	}
	return ""
}

// maxDashboard bounds a dashboard name kept from a comment.
const maxDashboard = 200

// cleanLabel keeps the printable characters of s (not UTF-8, control
// characters dropped) up to n bytes, cut on a rune boundary.
func cleanLabel(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			continue
		}
		if b.Len()+utf8.RuneLen(r) > n {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}
