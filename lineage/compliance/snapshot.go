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

// snapshot is the part of the graph one question needs, read in a few
// Store calls: the tagged columns, everything their values reach, the
// datasets of those columns, the statement shapes that wrote them and who
// ran them.
type snapshot struct {
	policy *Policy
	seeds  []seed
	nodes  map[string]graphstore.Node
	depth  map[string]int
	edges  []graphstore.Edge
	out    map[string][]int // node id -> indices into edges
	// writers: dataset id -> query ids writing it; readsBy: dataset id ->
	// query ids reading it.
	writers map[string][]string
	readsBy map[string]map[string]bool
	runs    map[string][]graphstore.Edge // query id -> RAN edges
	hops    map[hopKey]*hopInfo
	// classGens memoizes each class's generalising functions; genSets
	// numbers the classes' own sets.
	classGens map[string]classGen
	genSets   map[string]int
	// Per-call memos: a statement's reference by query id, a parsed
	// statement by its normalized text, a node's readable name.
	refs  map[string]StatementRef
	texts map[string]*statementText
	names map[string]string
	// ruleNames: whether a class's name rule matches a column name.
	ruleNames map[string]bool
	// reached is propagate's answer: class -> node id -> best reach.
	reached   map[string]map[string]*reach
	truncated bool
}

// hopKey is an edge seen for the values of a class: classes with
// generalising functions of their own may read an edge differently.
type hopKey struct {
	edge int
	gen  int // classGen.set
}

// classGen is a class's generalising functions, and the number of that
// set among the classes' sets (hopKey.gen).
type classGen struct {
	set int
	gen []string
}

// classGen returns the generalising functions of a class (memoized).
func (s *snapshot) classGen(class string) classGen {
	if cg, ok := s.classGens[class]; ok {
		return cg
	}
	cg := classGen{gen: s.policy.generalisers(class)}
	if c := s.policy.class(class); c != nil && len(c.Generalising) > 0 {
		own := strings.Join(c.Generalising, ",")
		n, ok := s.genSets[own]
		if !ok {
			n = len(s.genSets) + 1 // 0 is the policy's own set
			s.genSets[own] = n
		}
		cg.set = n
	}
	s.classGens[class] = cg
	return cg
}

// hopInfo is what one column edge does, read from its statements.
type hopInfo struct {
	finding    exprFinding
	statements []StatementRef
}

// load reads the snapshot for the tagged columns of the graph.
func (c *Checker) load(ctx context.Context) (*snapshot, error) {
	nc := newNodeCache(c.store)
	seeds, err := c.tagged(ctx, nc)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(seeds))
	for i, s := range seeds {
		ids[i] = s.node.ID
	}
	return c.loadFrom(ctx, seeds, ids)
}

func (c *Checker) loadFrom(ctx context.Context, seeds []seed, ids []string) (*snapshot, error) {
	s := &snapshot{policy: c.policy, seeds: seeds, nodes: map[string]graphstore.Node{}, depth: map[string]int{},
		out: map[string][]int{}, writers: map[string][]string{}, readsBy: map[string]map[string]bool{},
		runs: map[string][]graphstore.Edge{}, hops: map[hopKey]*hopInfo{}, classGens: map[string]classGen{}, genSets: map[string]int{},
		refs: map[string]StatementRef{}, texts: map[string]*statementText{}, names: map[string]string{}, ruleNames: map[string]bool{}}
	if len(ids) == 0 {
		return s, nil
	}
	sub, err := c.store.Traverse(ctx, ids, graphstore.TraverseOptions{
		Direction: graphstore.Downstream, MaxDepth: c.policy.MaxDepth,
		EdgeKinds: []string{lineage.EdgeDirect, lineage.EdgeMasked, lineage.EdgeIndirect},
	})
	if err != nil {
		return nil, fmt.Errorf("compliance: propagate: %w", err)
	}
	s.truncated = sub.Truncated
	var cols []string
	for _, n := range sub.Nodes {
		s.nodes[n.ID] = n.Node
		s.depth[n.ID] = n.Depth
		if n.Kind == lineage.NodeColumn {
			cols = append(cols, n.ID)
		}
	}
	s.edges = sub.Edges
	for i, e := range s.edges {
		s.out[e.From] = append(s.out[e.From], i)
	}
	// The datasets of the columns reached, named by the columns' dataset
	// property: loadStatements reads their nodes with their statements.
	set := map[string]bool{}
	for _, id := range cols {
		if ds, _ := s.nodes[id].Props["dataset"].(string); ds != "" {
			set[ds] = true
		}
	}
	for id, n := range s.nodes {
		if n.Kind == lineage.NodeDataset {
			set[id] = true
		}
	}
	datasets := make([]string, 0, len(set))
	for id := range set {
		datasets = append(datasets, id)
	}
	if err := c.loadStatements(ctx, s, datasets); err != nil {
		return nil, err
	}
	return s, nil
}

// loadStatements reads the dataset nodes, the statement shapes that write
// and read them (one walk: WRITES in, READ_BY out), and who ran them.
func (c *Checker) loadStatements(ctx context.Context, s *snapshot, datasets []string) error {
	sort.Strings(datasets)
	sub, err := c.store.Traverse(ctx, datasets, graphstore.TraverseOptions{
		Direction: graphstore.Both, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeWrites, lineage.EdgeReadBy},
	})
	if err != nil {
		return fmt.Errorf("compliance: statements: %w", err)
	}
	var queries []string
	for _, n := range sub.Nodes {
		switch {
		case n.Kind == lineage.NodeQuery:
			s.nodes[n.ID] = n.Node
			queries = append(queries, n.ID)
		case n.Depth == 0:
			if _, ok := s.nodes[n.ID]; !ok {
				s.nodes[n.ID] = n.Node
			}
		}
	}
	for _, e := range sub.Edges {
		switch e.Kind {
		case lineage.EdgeWrites:
			s.writers[e.To] = append(s.writers[e.To], e.From)
		case lineage.EdgeReadBy:
			m := s.readsBy[e.From]
			if m == nil {
				m = map[string]bool{}
				s.readsBy[e.From] = m
			}
			m[e.To] = true
		}
	}
	if len(queries) == 0 {
		return nil
	}
	ran, err := c.store.Traverse(ctx, queries, graphstore.TraverseOptions{
		Direction: graphstore.Upstream, MaxDepth: 1, EdgeKinds: []string{lineage.EdgeRan},
	})
	if err != nil {
		return fmt.Errorf("compliance: who ran statements: %w", err)
	}
	for _, e := range ran.Edges {
		s.runs[e.To] = append(s.runs[e.To], e)
	}
	return nil
}

// datasetOf returns the dataset node of a column node (or the node itself
// when it is a dataset).
func (s *snapshot) datasetOf(id string) graphstore.Node {
	n := s.nodes[id]
	if n.Kind == lineage.NodeDataset {
		return n
	}
	ds, _ := n.Props["dataset"].(string)
	if d, ok := s.nodes[ds]; ok {
		return d
	}
	return graphstore.Node{ID: ds, Kind: lineage.NodeDataset}
}

// name is the readable name of a column or dataset node (memoized).
func (s *snapshot) name(id string) string {
	if n, ok := s.names[id]; ok {
		return n
	}
	n := s.nodes[id]
	d := s.datasetOf(id)
	var out string
	if n.Kind == lineage.NodeDataset {
		out = datasetName(d)
	} else {
		col, _ := n.Props["name"].(string)
		out = columnName(d, col)
	}
	s.names[id] = out
	return out
}

// text returns a statement's normalized text parsed (memoized: many column
// edges share a statement, and many statements share a shape).
func (s *snapshot) text(normalized string) *statementText {
	st, ok := s.texts[normalized]
	if !ok {
		st = parseStatement(normalized)
		s.texts[normalized] = st
	}
	return st
}

// hop classifies edge i (memoized). The edge says what the analyzer saw:
// INDIRECT influences without carrying the value, DIRECT IDENTITY copies
// it unchanged, MASKED (or the masking property) hashes it. Only where the
// edge leaves the function open (a TRANSFORMATION or AGGREGATION, or an
// edge without a subtype from another producer) does the statement's text
// decide, through the policy's function lists; on a MASKED edge the text
// names the hash and says whether it is salted.
func (s *snapshot) hop(i int, cg classGen) *hopInfo {
	key := hopKey{edge: i, gen: cg.set}
	if h, ok := s.hops[key]; ok {
		return h
	}
	gen := cg.gen
	e := s.edges[i]
	h := &hopInfo{}
	from := s.datasetOf(e.From).ID
	to := s.datasetOf(e.To).ID
	fromCol, _ := s.nodes[e.From].Props["name"].(string)
	toCol, _ := s.nodes[e.To].Props["name"].(string)
	subtype, _ := e.Props["subtype"].(string)
	masking, _ := e.Props["masking"].(bool)
	masking = masking || e.Kind == lineage.EdgeMasked
	identity := subtype == lineage.Identity.String() && !masking
	best := exprFinding{effect: aggregate + 1}
	for _, q := range s.writers[to] {
		if !s.readsBy[from][q] && from != to {
			continue
		}
		ref := s.statementRef(s.nodes[q])
		h.statements = append(h.statements, ref)
		if e.Kind == lineage.EdgeIndirect || fromCol == "" || identity {
			continue
		}
		f := s.policy.classifyParsed(s.text(ref.Normalized), fromCol, toCol, gen)
		if f.found && (f.effect < best.effect || f.effect == best.effect && f.weak && !best.weak) {
			best = f
		}
	}
	if best.effect <= aggregate {
		h.finding = best
	}
	// The edge is the analyzer's word: a masked edge masks even when the
	// text names a function the policy does not list.
	if masking && h.finding.effect == keep {
		h.finding.effect = mask
	}
	s.hops[key] = h
	return h
}

// statementRef describes a Query node and who ran it (memoized).
func (s *snapshot) statementRef(q graphstore.Node) StatementRef {
	if ref, ok := s.refs[q.ID]; ok {
		return ref
	}
	ref := StatementRef{}
	ref.Digest, _ = q.Props["digest"].(string)
	ref.Normalized, _ = q.Props["normalized"].(string)
	ref.Kind, _ = q.Props["kind"].(string)
	var first, last time.Time
	for _, r := range s.runs[q.ID] {
		u := userName(r.From)
		ref.Users = appendUnique(ref.Users, u)
		if role, _ := r.Props["role"].(string); role != "" {
			ref.Roles = appendUnique(ref.Roles, role)
		}
		if d, _ := r.Props["dashboard"].(string); d != "" {
			ref.Dashboards = appendUnique(ref.Dashboards, d)
		}
		ref.Count += r.Count
		if first.IsZero() || !r.FirstSeen.IsZero() && r.FirstSeen.Before(first) {
			first = r.FirstSeen
		}
		if r.LastSeen.After(last) {
			last = r.LastSeen
		}
	}
	sort.Strings(ref.Users)
	sort.Strings(ref.Roles)
	sort.Strings(ref.Dashboards)
	ref.FirstSeen, ref.LastSeen = timePtr(first), timePtr(last)
	s.refs[q.ID] = ref
	return ref
}

func userName(id string) string {
	if len(id) > 5 && id[:5] == "user:" {
		return id[5:]
	}
	return id
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// readQueries are the statement shapes a user ran that read a column: they
// read its dataset and name the column.
func (s *snapshot) readQueries(user, column string) []StatementRef {
	refs, _ := s.userReads(user, column)
	return refs
}

// userReads is readQueries and the dashboards the user read the column
// through.
func (s *snapshot) userReads(user, column string) ([]StatementRef, []string) {
	var dashboards []string
	ds := s.datasetOf(column).ID
	col, _ := s.nodes[column].Props["name"].(string)
	out := []StatementRef{}
	for q := range s.readsBy[ds] {
		ran := false
		var ds []string
		for _, r := range s.runs[q] {
			if userName(r.From) == user {
				ran = true
				if d, _ := r.Props["dashboard"].(string); d != "" {
					ds = append(ds, d)
				}
			}
		}
		if !ran {
			continue
		}
		ref := s.statementRef(s.nodes[q])
		if col != "" && !mentions(s.text(ref.Normalized).toks, strings.ToLower(col)) && !strings.Contains(ref.Normalized, "*") {
			continue
		}
		out = append(out, ref)
		for _, d := range ds {
			dashboards = appendUnique(dashboards, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Digest < out[j].Digest })
	sort.Strings(dashboards)
	return out, dashboards
}
