package lineage

import "github.com/colineage/colineage/graphstore"

// EdgeRan links a User to a Query shape the user ran: its count is the
// number of statements of that shape, it keeps the first and last time,
// and its prop role holds the role the user ran it under (the last one
// seen) when the log names one. Compliance reports read it to say who ran
// the statement behind a lineage hop.
const EdgeRan = "RAN"

type runKey struct{ user, query string }

type runs struct {
	occ  occurrences
	role string
}

// addRuns records that user (under role) ran the fragment's statement
// shapes at at.
func (b *batchBuilder) addRuns(f *fragment, c Context) {
	if c.User == "" {
		return
	}
	for _, n := range f.nodes {
		if n.Kind != NodeQuery {
			continue
		}
		if b.runs == nil {
			b.runs = map[runKey]*runs{}
		}
		k := runKey{user: c.User, query: n.ID}
		r := b.runs[k]
		if r == nil {
			r = &runs{}
			b.runs[k] = r
		}
		r.occ.count++
		r.occ.first, r.occ.last = foldTimes(r.occ.first, r.occ.last, c.At)
		if c.Role != "" {
			r.role = c.Role
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
		if r.role != "" {
			props = map[string]any{"role": r.role}
		}
		b.edge(uid, k.query, EdgeRan, props, r.occ.first, r.occ.count)
		if r.occ.last != r.occ.first {
			b.edge(uid, k.query, EdgeRan, nil, r.occ.last, 0)
		}
	}
}

func userNode(user string) graphstore.Node {
	return graphstore.Node{ID: UserNodeID(user), Kind: NodeUser, Props: map[string]any{"name": user}}
}
