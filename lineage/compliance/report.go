package compliance

import (
	"context"
	"time"
)

// SchemaVersion is the version of the Report JSON schema. It changes only
// when a field is removed or changes meaning; new fields may be added
// within a version.
const SchemaVersion = "colineage.compliance/v1"

// Report bundles the answers for one review. Its JSON form is the stable
// schema documented in the package doc (fields in snake_case, times in
// RFC 3339 UTC, unknown times null, lists never null).
type Report struct {
	Schema      string       `json:"schema"`
	GeneratedAt time.Time    `json:"generated_at"`
	Policy      string       `json:"policy"`
	Propagation *Propagation `json:"propagation"`
	Violations  []Violation  `json:"violations"`
	Plans       []*Plan      `json:"plans"`
	Audit       *Audit       `json:"audit"`
	Unneeded    *Unneeded    `json:"unneeded"`
}

// ReportOptions say what a Report covers.
type ReportOptions struct {
	// Window bounds the access audit; zero means the AuditDays before
	// the checker's clock.
	Window Window
	// AuditDays is the audit's length when Window is zero (default 30).
	AuditDays int
	// UnusedDays is the period of Unneeded (default 90).
	UnusedDays int
	// Subjects get a plan each, of kind PlanKind (default Erasure).
	Subjects []string
	PlanKind RequestKind
}

// Report answers every question at once, reading the graph once for the
// propagation the others share.
func (c *Checker) Report(ctx context.Context, o ReportOptions) (*Report, error) {
	if o.AuditDays <= 0 {
		o.AuditDays = 30
	}
	if o.UnusedDays <= 0 {
		o.UnusedDays = 90
	}
	if o.PlanKind == "" {
		o.PlanKind = Erasure
	}
	if o.Window == (Window{}) {
		o.Window = LastDays(c.now(), o.AuditDays)
	}
	s, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	r := &Report{Schema: SchemaVersion, GeneratedAt: c.now().UTC(), Policy: c.policy.Name, Plans: []*Plan{}}
	r.Propagation = s.propagation()
	if r.Violations, err = c.violations(ctx, s, r.Propagation); err != nil {
		return nil, err
	}
	for _, subj := range o.Subjects {
		p, err := c.Plan(ctx, o.PlanKind, subj)
		if err != nil {
			return nil, err
		}
		r.Plans = append(r.Plans, p)
	}
	if r.Audit, err = c.audit(ctx, s, r.Propagation, o.Window); err != nil {
		return nil, err
	}
	if r.Unneeded, err = c.unneeded(ctx, s, r.Propagation, o.UnusedDays); err != nil {
		return nil, err
	}
	return r, nil
}
