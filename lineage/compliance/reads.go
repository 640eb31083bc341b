package compliance

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// readRec is one user's reads of one column on one day (a Read node).
type readRec struct {
	user, column, day string // day "" when the log gave no time
	count             int64
	first, last       time.Time
}

// reads returns the Read aggregates of the columns, in one Store call, in
// no particular order (callers sort what they report).
func (c *Checker) reads(ctx context.Context, columns []string) ([]readRec, error) {
	if len(columns) == 0 {
		return nil, nil
	}
	sub, err := c.store.Traverse(ctx, columns, graphstore.TraverseOptions{
		Direction: graphstore.Upstream, MaxDepth: 2, EdgeKinds: []string{lineage.EdgeOf, lineage.EdgeRead},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: reads: %w", err)
	}
	day := make(map[string]string, len(sub.Nodes))
	col := make(map[string]string, len(sub.Nodes))
	for _, n := range sub.Nodes {
		if n.Kind == lineage.NodeRead {
			day[n.ID], _ = n.Props["day"].(string)
		}
	}
	for _, e := range sub.Edges {
		if e.Kind == lineage.EdgeOf {
			col[e.From] = e.To
		}
	}
	out := make([]readRec, 0, len(col))
	for _, e := range sub.Edges {
		if e.Kind != lineage.EdgeRead {
			continue
		}
		cid, ok := col[e.To]
		if !ok {
			continue
		}
		out = append(out, readRec{user: userName(e.From), column: cid, day: day[e.To], count: e.Count, first: e.FirstSeen, last: e.LastSeen})
	}
	return out, nil
}

// readsWithRoles returns the reads of the columns and the roles of their
// readers.
func (c *Checker) readsWithRoles(ctx context.Context, columns []string) ([]readRec, map[string][]string, error) {
	recs, err := c.reads(ctx, columns)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var users []string
	for _, r := range recs {
		if !seen[r.user] {
			seen[r.user] = true
			users = append(users, r.user)
		}
	}
	roles, err := c.userRoles(ctx, users)
	if err != nil {
		return nil, nil, err
	}
	return recs, roles, nil
}

// userRoles returns the roles each user ran statements under (RAN edges).
func (c *Checker) userRoles(ctx context.Context, users []string) (map[string][]string, error) {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = lineage.UserNodeID(u)
	}
	out := map[string][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	sub, err := c.store.Traverse(ctx, ids, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeRan},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: roles: %w", err)
	}
	for _, e := range sub.Edges {
		if role, _ := e.Props["role"].(string); role != "" {
			u := userName(e.From)
			out[u] = appendUnique(out[u], role)
		}
	}
	for _, r := range out {
		sort.Strings(r)
	}
	return out, nil
}

// allowedReader reports whether the policy lets a user (or one of the
// roles it ran under) read raw personal data.
func (p *Policy) allowedReader(user string, roles []string) bool {
	for _, u := range p.Readers.Users {
		if strings.EqualFold(u, user) {
			return true
		}
	}
	for _, r := range roles {
		for _, a := range p.Readers.Roles {
			if strings.EqualFold(a, r) {
				return true
			}
		}
	}
	return false
}
