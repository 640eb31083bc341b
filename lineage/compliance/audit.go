package compliance

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// Window is a time range [From, To) in UTC days; a zero bound is open.
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// LastDays is the window of the n days before now.
func LastDays(now time.Time, n int) Window {
	to := now.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	return Window{From: to.AddDate(0, 0, -n), To: to}
}

// holds reports whether a day ("2006-01-02") lies in the window.
func (w Window) holds(day string) bool {
	if !w.From.IsZero() && day < w.From.UTC().Format(time.DateOnly) {
		return false
	}
	if !w.To.IsZero() && day >= w.To.UTC().Format(time.DateOnly) {
		return false
	}
	return true
}

// AuditEntry is one user's reads of one personal-data column in the
// window.
type AuditEntry struct {
	Column string `json:"column"`
	Class  string `json:"class"`
	// State is what the column holds: raw, masked or generalised.
	State State    `json:"state"`
	User  string   `json:"user"`
	Roles []string `json:"roles"`
	// Days the user read the column (UTC), and how many statements in all.
	Days  []string `json:"days"`
	Count int64    `json:"count"`
	// TimeUnknown counts reads whose log gave no time; they are in the
	// entry whatever the window, never dated.
	TimeUnknown int64      `json:"time_unknown"`
	FirstSeen   *time.Time `json:"first_seen"`
	LastSeen    *time.Time `json:"last_seen"`
	// Queries are the statement shapes through which the user read it;
	// Dashboards the dashboards the user's statements came from (named in
	// a BI tool's comment) and those built on its dataset.
	Queries    []StatementRef `json:"queries"`
	Dashboards []string       `json:"dashboards"`
	// NewReader: the user's first read of this column falls in the window.
	NewReader bool `json:"new_reader"`
	// Allowed: the policy lets the user read it (always true for masked
	// and generalised columns, which need no raw access).
	Allowed bool `json:"allowed"`
}

// Audit says who read personal data in a window.
type Audit struct {
	Window  Window       `json:"window"`
	Entries []AuditEntry `json:"entries"`
	// NewReaders and OutsideAllowed list users, sorted.
	NewReaders     []string `json:"new_readers"`
	OutsideAllowed []string `json:"outside_allowed"`
}

// Audit reports who read which personal-data columns (raw or masked) in
// the window, from the Read nodes the engine writes from query logs.
func (c *Checker) Audit(ctx context.Context, w Window) (*Audit, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return c.audit(ctx, s, s.propagation(), w)
}

func (c *Checker) audit(ctx context.Context, s *snapshot, p *Propagation, w Window) (*Audit, error) {
	a := &Audit{Window: w, Entries: []AuditEntry{}, NewReaders: []string{}, OutsideAllowed: []string{}}
	state := map[string]ColumnState{}
	var cols []string
	for _, cs := range p.Columns {
		if !cs.State.Personal() {
			continue
		}
		if prev, ok := state[cs.ID]; !ok || cs.State.rank() < prev.State.rank() {
			if !ok {
				cols = append(cols, cs.ID)
			}
			state[cs.ID] = cs
		}
	}
	recs, roles, err := c.readsWithRoles(ctx, cols)
	if err != nil {
		return nil, err
	}
	dashboards, err := c.dashboards(ctx, s, cols)
	if err != nil {
		return nil, err
	}
	type key struct{ user, column string }
	entries := map[key]*AuditEntry{}
	firstDay := map[key]string{}
	var order []key
	for _, r := range recs {
		k := key{r.user, r.column}
		if r.day != "" && (firstDay[k] == "" || r.day < firstDay[k]) {
			firstDay[k] = r.day
		}
		if r.day != "" && !w.holds(r.day) {
			continue
		}
		e := entries[k]
		if e == nil {
			cs := state[r.column]
			queries, bi := s.userReads(r.user, r.column)
			e = &AuditEntry{Column: cs.Column, Class: cs.Class, State: cs.State, User: r.user, Roles: roles[r.user],
				Days: []string{}, Queries: queries, Dashboards: bi}
			for _, d := range dashboards[s.datasetOf(r.column).ID] {
				e.Dashboards = appendUnique(e.Dashboards, d)
			}
			if e.Roles == nil {
				e.Roles = []string{}
			}
			if e.Dashboards == nil {
				e.Dashboards = []string{}
			}
			e.Allowed = cs.State != Raw || c.policy.allowedReader(r.user, roles[r.user])
			entries[k] = e
			order = append(order, k)
		}
		e.Count += r.count
		if r.day == "" {
			e.TimeUnknown += r.count
		} else {
			e.Days = appendUnique(e.Days, r.day)
			e.FirstSeen, e.LastSeen = foldPtr(e.FirstSeen, e.LastSeen, r.first, r.last)
		}
	}
	for _, k := range order {
		e := entries[k]
		sort.Strings(e.Days)
		e.NewReader = firstDay[k] != "" && w.holds(firstDay[k]) && !w.From.IsZero()
		if e.NewReader {
			a.NewReaders = appendUnique(a.NewReaders, e.User)
		}
		if !e.Allowed {
			a.OutsideAllowed = appendUnique(a.OutsideAllowed, e.User)
		}
		a.Entries = append(a.Entries, *e)
	}
	sort.Slice(a.Entries, func(i, j int) bool {
		x, y := a.Entries[i], a.Entries[j]
		if x.Column != y.Column {
			return x.Column < y.Column
		}
		return x.User < y.User
	})
	sort.Strings(a.NewReaders)
	sort.Strings(a.OutsideAllowed)
	return a, nil
}

// dashboards returns, per dataset node id of the columns, the dashboards
// built on it (dataset nodes of kind dashboard its data flows to).
func (c *Checker) dashboards(ctx context.Context, s *snapshot, cols []string) (map[string][]string, error) {
	var ds []string
	seen := map[string]bool{}
	for _, col := range cols {
		if id := s.datasetOf(col).ID; !seen[id] {
			seen[id] = true
			ds = append(ds, id)
		}
	}
	out := map[string][]string{}
	if len(ds) == 0 {
		return out, nil
	}
	sub, err := c.store.Traverse(ctx, ds, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeFlowsTo},
		NodeFilters: []graphstore.Filter{{Key: "kind", Op: graphstore.Eq, Value: lineage.KindDashboard.String()}},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: dashboards: %w", err)
	}
	names := map[string]string{}
	for _, n := range sub.Nodes {
		if k, _ := n.Props["kind"].(string); k == lineage.KindDashboard.String() {
			names[n.ID] = datasetName(n.Node)
		}
	}
	for _, e := range sub.Edges {
		if name, ok := names[e.To]; ok && e.From != e.To {
			out[e.From] = appendUnique(out[e.From], name)
		}
	}
	return out, nil
}
