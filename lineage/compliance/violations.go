package compliance

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Rule names a kind of violation.
type Rule string

// Rules.
const (
	// RuleRawOutsideZone: raw personal data in a dataset or external
	// location no zone allows it in.
	RuleRawOutsideZone Rule = "raw_outside_zone"
	// RuleMaskedOutsideZone: masked or generalised personal data where no
	// zone allows it.
	RuleMaskedOutsideZone Rule = "masked_outside_zone"
	// RuleUnallowedReader: raw personal data read by a user the policy's
	// raw_readers (users or roles) do not name.
	RuleUnallowedReader Rule = "unallowed_raw_reader"
	// RuleUntaggedCopy: a raw copy of a tagged column that carries no tag
	// (policy tags_must_follow).
	RuleUntaggedCopy Rule = "untagged_copy"
	// RuleWeakMask: an unsalted hash of a low-entropy value (policy
	// flag_weak_hashes): anyone can hash candidate values and compare.
	RuleWeakMask Rule = "weak_mask"
)

// Violation is one breach of the policy, with what proves it.
type Violation struct {
	Rule    Rule   `json:"rule"`
	Column  string `json:"column"`
	Dataset string `json:"dataset"`
	Class   string `json:"class"`
	State   State  `json:"state"`
	// External is set for locations outside the warehouse.
	External bool   `json:"external,omitempty"`
	Detail   string `json:"detail"`
	// Path proves how the data got there (empty for a read).
	Path []Hop `json:"path"`
	// Statements are those of the last hop, or the read's query shapes.
	Statements []StatementRef `json:"statements"`
	Users      []string       `json:"users"`
	FirstSeen  *time.Time     `json:"first_seen"`
	LastSeen   *time.Time     `json:"last_seen"`
	// Days and Count describe reads (RuleUnallowedReader).
	Days  []string `json:"days,omitempty"`
	Count int64    `json:"count,omitempty"`
}

// Violations checks the graph against the policy.
func (c *Checker) Violations(ctx context.Context) ([]Violation, error) {
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return c.violations(ctx, s, nil)
}

// violations checks the states of p, or, with p nil, those of the
// snapshot, proving (origin and path) only the states that break the
// policy.
func (c *Checker) violations(ctx context.Context, s *snapshot, p *Propagation) ([]Violation, error) {
	out := []Violation{}
	var rawCols []string
	rawClass := map[string]string{}
	// Zones are decided once per dataset, class and state, not per column.
	type zoneKey struct {
		dataset, class string
		state          State
	}
	allowed := map[zoneKey]bool{}
	check := func(cs *ColumnState, r *reach) {
		if cs.State == Raw {
			if _, ok := rawClass[cs.ID]; !ok {
				rawCols = append(rawCols, cs.ID)
				rawClass[cs.ID] = cs.Class
			}
		}
		k := zoneKey{cs.Dataset, cs.Class, cs.State}
		ok, seen := allowed[k]
		if !seen {
			ok = c.zoneAllows(cs)
			allowed[k] = ok
		}
		if !ok {
			s.prove(cs, r)
			out = append(out, c.zoneViolation(*cs))
		}
		if c.policy.TagsMustFollow && cs.State == Raw && r.via >= 0 && !cs.Tagged {
			s.prove(cs, r)
			v := fromState(*cs, RuleUntaggedCopy)
			v.Detail = fmt.Sprintf("a raw copy of %s (%s) that carries no tag", cs.Origin, cs.Class)
			out = append(out, v)
		}
		if c.policy.FlagWeakHashes && cs.Weak && cs.State == Masked {
			s.prove(cs, r)
			v := fromState(*cs, RuleWeakMask)
			fn := "a hash"
			for _, h := range cs.Path {
				if h.Weak && h.Function != "" {
					fn = h.Function
				}
			}
			v.Detail = fmt.Sprintf("%s of %s (%s) without salt: hash the candidate values to reverse it", fn, cs.Origin, cs.Class)
			out = append(out, v)
		}
	}
	reached := s.propagate()
	if p != nil {
		for i := range p.Columns {
			check(&p.Columns[i], reached[p.Columns[i].Class][p.Columns[i].ID])
		}
	} else {
		tagged := s.taggedIDs()
		classes := make([]string, 0, len(reached))
		for class := range reached {
			classes = append(classes, class)
		}
		sort.Strings(classes)
		for _, class := range classes {
			best := reached[class]
			ids := make([]string, 0, len(best))
			for id, r := range best {
				if r.state != Derived {
					ids = append(ids, id)
				}
			}
			sort.Strings(ids)
			for _, id := range ids {
				cs := s.columnState(id, class, best[id], tagged)
				check(&cs, best[id])
			}
		}
	}
	reads, err := c.unallowedReads(ctx, s, rawCols, rawClass)
	if err != nil {
		return nil, err
	}
	out = append(out, reads...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		return fmt.Sprint(a.Users) < fmt.Sprint(b.Users)
	})
	return out, nil
}

// zoneAllows reports whether some zone lets a column's state live in its
// dataset (states that are not personal live anywhere).
func (c *Checker) zoneAllows(cs *ColumnState) bool {
	if !cs.State.Personal() {
		return true
	}
	for _, z := range c.policy.Zones {
		if len(z.Classes) > 0 && !contains(z.Classes, cs.Class) {
			continue
		}
		if cs.State == Raw && z.Allow != AllowRaw {
			continue
		}
		if matchAny(z.globs, cs.Dataset) {
			return true
		}
	}
	return false
}

// zoneViolation is the violation of a (proven) column state no zone
// allows.
func (c *Checker) zoneViolation(cs ColumnState) Violation {
	rule := RuleRawOutsideZone
	if cs.State != Raw {
		rule = RuleMaskedOutsideZone
	}
	v := fromState(cs, rule)
	where := "a dataset no zone allows it in"
	if v.External {
		where = "an external location outside every zone"
	}
	v.Detail = fmt.Sprintf("%s %s from %s reaches %s", cs.State, cs.Class, cs.Origin, where)
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fromState starts a violation at a column state: its path, the last
// hop's statements, users and times.
func fromState(cs ColumnState, rule Rule) Violation {
	v := Violation{Rule: rule, Column: cs.Column, Dataset: cs.Dataset, Class: cs.Class, State: cs.State,
		External: external(cs.Dataset) || cs.DatasetKind == "location", Path: cs.Path, Statements: []StatementRef{}, Users: []string{}}
	if n := len(cs.Path); n > 0 {
		last := cs.Path[n-1]
		v.Statements = last.Statements
		v.FirstSeen, v.LastSeen = last.FirstSeen, last.LastSeen
		for _, st := range last.Statements {
			for _, u := range st.Users {
				v.Users = appendUnique(v.Users, u)
			}
		}
		sort.Strings(v.Users)
	}
	return v
}

// unallowedReads reports raw columns read by users the policy does not
// allow, one violation per user and column.
func (c *Checker) unallowedReads(ctx context.Context, s *snapshot, cols []string, class map[string]string) ([]Violation, error) {
	recs, roles, err := c.readsWithRoles(ctx, cols)
	if err != nil {
		return nil, err
	}
	type key struct{ user, column string }
	byKey := map[key]*Violation{}
	var order []key
	for _, r := range recs {
		if c.policy.allowedReader(r.user, roles[r.user]) {
			continue
		}
		k := key{r.user, r.column}
		v := byKey[k]
		if v == nil {
			d := s.datasetOf(r.column)
			v = &Violation{Rule: RuleUnallowedReader, Column: s.name(r.column), Dataset: datasetName(d), Class: class[r.column],
				State: Raw, Users: []string{r.user}, Path: []Hop{}, Statements: s.readQueries(r.user, r.column)}
			v.Detail = fmt.Sprintf("%s read raw %s and is not among the allowed raw readers", r.user, class[r.column])
			if len(roles[r.user]) > 0 {
				v.Detail += fmt.Sprintf(" (roles %v)", roles[r.user])
			}
			byKey[k] = v
			order = append(order, k)
		}
		v.Count += r.count
		if r.day != "" {
			v.Days = appendUnique(v.Days, r.day)
		} else {
			v.Days = appendUnique(v.Days, TimeUnknown)
		}
		v.FirstSeen, v.LastSeen = foldPtr(v.FirstSeen, v.LastSeen, r.first, r.last)
	}
	out := make([]Violation, 0, len(order))
	for _, k := range order {
		sort.Strings(byKey[k].Days)
		out = append(out, *byKey[k])
	}
	return out, nil
}

// TimeUnknown stands for the day of reads whose log gave no time.
const TimeUnknown = "time unknown"

func foldPtr(first, last *time.Time, f, l time.Time) (*time.Time, *time.Time) {
	if !f.IsZero() && (first == nil || f.Before(*first)) {
		first = timePtr(f)
	}
	if !l.IsZero() && (last == nil || l.After(*last)) {
		last = timePtr(l)
	}
	return first, last
}
