package compliance

import (
	"context"
	"sort"
	"time"

	"github.com/colineage/colineage/lineage"
)

// State is what a column holds of a tagged column's personal data.
type State string

// States, from the most personal to the least.
const (
	// Raw: the value itself (copied or transformed without losing it).
	Raw State = "raw"
	// Masked: a one-way hash or mask of it. Still personal data while the
	// mapping can be rebuilt (hash every known e-mail and compare).
	Masked State = "masked"
	// Generalised: a coarser value (a birth month, a zip prefix).
	Generalised State = "generalised"
	// Derived: computed using personal data without carrying it (filtered,
	// joined or grouped on it; per-person features).
	Derived State = "derived"
	// Aggregated: counted or otherwise aggregated away: not personal.
	Aggregated State = "aggregated"
)

func (s State) rank() int {
	switch s {
	case Raw:
		return 0
	case Masked:
		return 1
	case Generalised:
		return 2
	case Derived:
		return 3
	}
	return 4
}

var statesByRank = [...]State{Raw, Masked, Generalised, Derived, Aggregated}

// Personal reports whether a column in this state still holds personal
// data (raw, masked or generalised).
func (s State) Personal() bool { return s.rank() <= 2 }

// StatementRef is a statement shape behind a hop: its digest, its
// normalized text (literals replaced: never the logged text), who ran it
// and when.
type StatementRef struct {
	Digest     string   `json:"digest"`
	Normalized string   `json:"normalized"`
	Kind       string   `json:"kind,omitempty"`
	Users      []string `json:"users,omitempty"`
	Roles      []string `json:"roles,omitempty"`
	// Dashboards a BI tool named in the statements' comments.
	Dashboards []string   `json:"dashboards,omitempty"`
	Count      int64      `json:"count"`
	FirstSeen  *time.Time `json:"first_seen"`
	LastSeen   *time.Time `json:"last_seen"`
}

// Hop is one column edge of a proving path.
type Hop struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Kind is the graph edge kind (DIRECT, MASKED, INDIRECT), Subtype its
	// OpenLineage subtype (IDENTITY, TRANSFORMATION, AGGREGATION, JOIN...).
	Kind    string `json:"kind"`
	Subtype string `json:"subtype,omitempty"`
	// Function is the masking, generalising or aggregating function the
	// statement applies on this hop, when its text shows one.
	Function string `json:"function,omitempty"`
	// Weak is set on an unsalted hash of a low-entropy value.
	Weak bool `json:"weak,omitempty"`
	// State is what the target holds after the hop.
	State      State          `json:"state"`
	Count      int64          `json:"count"`
	FirstSeen  *time.Time     `json:"first_seen"`
	LastSeen   *time.Time     `json:"last_seen"`
	Statements []StatementRef `json:"statements"`
}

// ColumnState is one column (or, for Derived, a dataset) reached by one
// class of personal data, with the path that proves it.
type ColumnState struct {
	// Column is readable ("elearn.crm.newsletter_audience.email"); ID is
	// its graph node id.
	Column      string `json:"column"`
	ID          string `json:"id"`
	Dataset     string `json:"dataset"`
	DatasetKind string `json:"dataset_kind,omitempty"`
	Class       string `json:"class"`
	State       State  `json:"state"`
	// Weak: masked only by an unsalted hash of a low-entropy value.
	Weak bool `json:"weak,omitempty"`
	// Tagged: the column carries a personal-data tag (or a class rule
	// names it); Origin is the tagged column the path starts from.
	Tagged bool   `json:"tagged"`
	Origin string `json:"origin"`
	Path   []Hop  `json:"path"`
}

// Propagation is where tagged personal data reaches.
type Propagation struct {
	Tags []Tag `json:"tags"`
	// Columns holds every column reached raw, masked, generalised or
	// aggregated (the tagged columns themselves at depth 0), sorted by
	// column and class.
	Columns []ColumnState `json:"columns"`
	// Derived holds columns and datasets computed using personal data
	// without carrying it.
	Derived []ColumnState `json:"derived"`
	// Truncated is set when the graph walk hit its depth or size bound.
	Truncated bool `json:"truncated"`
}

// reach is the best state found for one node and class, and how.
type reach struct {
	state State
	weak  bool
	via   int // edge index, -1 at a seed
}

// propagate computes, per class, the best state of every reached node: a
// bucket queue over states (raw first), so a column reached both raw and
// masked is raw, with the shortest path of that state.
func (s *snapshot) propagate() map[string]map[string]*reach {
	if s.reached != nil {
		return s.reached
	}
	byClass := map[string][]string{}
	for _, sd := range s.seeds {
		for _, t := range sd.tags {
			byClass[t.Class] = append(byClass[t.Class], sd.node.ID)
		}
	}
	out := map[string]map[string]*reach{}
	for class, starts := range byClass {
		best := map[string]*reach{}
		var buckets [len(statesByRank)][]string
		for _, id := range starts {
			if best[id] == nil {
				best[id] = &reach{state: Raw, via: -1}
				buckets[0] = append(buckets[0], id)
			}
		}
		lowEntropy := false
		if c := s.policy.class(class); c != nil {
			lowEntropy = c.LowEntropy
		}
		cg := s.classGen(class)
		for r := range buckets {
			for k := 0; k < len(buckets[r]); k++ {
				id := buckets[r][k]
				cur := best[id]
				if cur.state.rank() != r {
					continue
				}
				for _, ei := range s.out[id] {
					next, weak, ok := s.step(cur, ei, cg, lowEntropy)
					if !ok {
						continue
					}
					to := s.edges[ei].To
					if b := best[to]; b != nil && b.state.rank() <= next.rank() {
						// A tagged column that is a raw copy of another
						// keeps the path from the first one.
						if !(b.via < 0 && next == Raw && !s.passes(best, id, to)) {
							continue
						}
						b.via, b.weak = ei, weak
						continue
					}
					best[to] = &reach{state: next, weak: weak, via: ei}
					buckets[next.rank()] = append(buckets[next.rank()], to)
				}
			}
		}
		out[class] = best
	}
	s.reached = out
	return out
}

// passes reports whether the predecessor chain of id reaches node.
func (s *snapshot) passes(best map[string]*reach, id, node string) bool {
	for n := 0; n <= len(s.edges); n++ {
		if id == node {
			return true
		}
		r := best[id]
		if r == nil || r.via < 0 {
			return false
		}
		id = s.edges[r.via].From
	}
	return true
}

// origin is the tagged column a reach's path starts from.
func (s *snapshot) origin(best map[string]*reach, id string) string {
	for n := 0; n <= len(s.edges); n++ {
		r := best[id]
		if r == nil || r.via < 0 {
			return id
		}
		id = s.edges[r.via].From
	}
	return id
}

// step is the state a value in state cur has after edge ei.
func (s *snapshot) step(cur *reach, ei int, cg classGen, lowEntropy bool) (State, bool, bool) {
	e := s.edges[ei]
	if cur.state == Aggregated {
		return "", false, false
	}
	if e.Kind == lineage.EdgeIndirect {
		if cur.state == Derived {
			return "", false, false
		}
		return Derived, false, true
	}
	h := s.hop(ei, cg)
	eff := h.finding.effect
	if cur.state == Derived {
		if eff == aggregate {
			return "", false, false
		}
		return Derived, false, true
	}
	switch eff {
	case aggregate:
		return Aggregated, false, true
	case mask:
		if cur.state == Raw {
			return Masked, h.finding.weak && lowEntropy, true
		}
	case generalise:
		if cur.state == Raw {
			return Generalised, false, true
		}
	}
	return cur.state, cur.weak, true
}

// Propagation follows every tagged column along the column edges and says
// what each reached column holds.
func (c *Checker) Propagation(ctx context.Context) (*Propagation, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s.propagation(), nil
}

func (s *snapshot) propagation() *Propagation {
	p := &Propagation{Truncated: s.truncated, Columns: []ColumnState{}, Derived: []ColumnState{}}
	tagged := s.taggedIDs()
	for _, sd := range s.seeds {
		p.Tags = append(p.Tags, sd.tags...)
	}
	n := 0
	for _, best := range s.propagate() {
		n += len(best)
	}
	p.Columns = make([]ColumnState, 0, n)
	for class, best := range s.propagate() {
		for id, r := range best {
			cs := s.columnState(id, class, r, tagged)
			s.prove(&cs, r)
			if r.state == Derived {
				p.Derived = append(p.Derived, cs)
			} else {
				p.Columns = append(p.Columns, cs)
			}
		}
	}
	sortStates(p.Columns)
	sortStates(p.Derived)
	return p
}

func sortStates(cs []ColumnState) {
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Column != cs[j].Column {
			return cs[i].Column < cs[j].Column
		}
		return cs[i].Class < cs[j].Class
	})
}

// taggedIDs is the set of the seeds' node ids.
func (s *snapshot) taggedIDs() map[string]bool {
	tagged := make(map[string]bool, len(s.seeds))
	for _, sd := range s.seeds {
		tagged[sd.node.ID] = true
	}
	return tagged
}

// columnState builds the report entry of one reached node, without its
// origin and path (prove adds them): Violations proves only the states
// that break the policy.
func (s *snapshot) columnState(id, class string, r *reach, tagged map[string]bool) ColumnState {
	d := s.datasetOf(id)
	kind, _ := d.Props["kind"].(string)
	return ColumnState{Column: s.name(id), ID: id, Dataset: datasetName(d), DatasetKind: kind, Class: class,
		State: r.state, Weak: r.weak, Tagged: tagged[id] || s.ruleTagged(id)}
}

// prove adds a column state's origin and proving path.
func (s *snapshot) prove(cs *ColumnState, r *reach) {
	if cs.Path != nil {
		return
	}
	cs.Origin = s.name(s.origin(s.reached[cs.Class], cs.ID))
	cs.Path = s.path(cs.ID, cs.Class, r)
}

// ruleTagged reports whether a class rule names the column. Without
// dataset globs the answer depends on the column name only, so the
// regular expressions run once per distinct name.
func (s *snapshot) ruleTagged(id string) bool {
	n := s.nodes[id]
	col, _ := n.Props["name"].(string)
	if col == "" {
		return false
	}
	if s.policy.hasGlobs() {
		return len(s.policy.ruleClasses(datasetName(s.datasetOf(id)), col)) > 0
	}
	hit, ok := s.ruleNames[col]
	if !ok {
		hit = len(s.policy.ruleClasses("", col)) > 0
		s.ruleNames[col] = hit
	}
	return hit
}

// path rebuilds the proving path of a reach from its predecessor edges.
func (s *snapshot) path(id, class string, r *reach) []Hop {
	best := s.reached[class]
	var rev []Hop
	for cur := r; cur != nil && cur.via >= 0; {
		e := s.edges[cur.via]
		h := s.hop(cur.via, s.classGen(class))
		hop := Hop{From: s.name(e.From), To: s.name(e.To), Kind: e.Kind, State: cur.state, Count: e.Count,
			FirstSeen: timePtr(e.FirstSeen), LastSeen: timePtr(e.LastSeen), Statements: h.statements}
		hop.Subtype, _ = e.Props["subtype"].(string)
		if e.Kind != lineage.EdgeIndirect {
			hop.Function = h.finding.function
			hop.Weak = cur.weak && h.finding.weak
		}
		if hop.Statements == nil {
			hop.Statements = []StatementRef{}
		}
		rev = append(rev, hop)
		cur = best[e.From]
		if len(rev) > len(s.edges) {
			break
		}
	}
	out := make([]Hop, len(rev))
	for i := range rev {
		out[i] = rev[len(rev)-1-i]
	}
	return out
}
