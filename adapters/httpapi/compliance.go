package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/colineage/colineage/lineage/compliance"
)

// WithCompliance serves the compliance reports (/api/v1/compliance/...)
// from chk, which must read the engine's store. Without it those endpoints
// answer 501 with code unsupported.
func WithCompliance(chk *compliance.Checker) Option {
	return func(c *config) { c.checker = chk }
}

// rules are the violation rules a client may filter on.
var rules = []compliance.Rule{
	compliance.RuleRawOutsideZone, compliance.RuleMaskedOutsideZone, compliance.RuleUnallowedReader,
	compliance.RuleUntaggedCopy, compliance.RuleWeakMask,
}

// checker returns the compliance checker, or the error of a server that
// has no policy.
func (h *Handler) checker() (*compliance.Checker, error) {
	if h.cfg.checker == nil {
		return nil, &Error{Status: http.StatusNotImplemented, Code: CodeUnsupported,
			Message: "this server has no compliance policy (httpapi.WithCompliance)"}
	}
	return h.cfg.checker, nil
}

// complianceErr maps the compliance package's errors a client causes.
func complianceErr(err error) error {
	if errors.Is(err, compliance.ErrUnknownSubject) {
		return notFound("%v", err).wrap(err)
	}
	return err
}

// propagation is GET /api/v1/compliance/propagation: every column personal
// data reaches, with its state and the path that proves it; with column,
// only that column and what personal data reaches through it.
func (h *Handler) propagation(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	pg, err := readPager(r, DefaultPageLimit)
	if err != nil {
		return err
	}
	through := ""
	if r.URL.Query().Get("column") != "" {
		_, n, err := h.columnParam(r, "column")
		if err != nil {
			return err
		}
		through = n.ID
	}
	p, fp, err := sharePaged(r.Context(), h, "propagation", chk.Propagation, func(p *compliance.Propagation) any {
		return []any{p.Tags, p.Columns, p.Derived}
	})
	if err != nil {
		return err
	}
	if err := pg.answer(r, fp); err != nil {
		return err
	}
	if through != "" {
		p = throughColumn(p, through)
	}
	out := *p
	out.Tags, out.Columns, out.Derived = cut(pg, p.Tags), cut(pg, p.Columns), cut(pg, p.Derived)
	writeJSON(w, http.StatusOK, PropagationJSON{Propagation: &out, Page: pg.page()})
	return nil
}

// PropagationJSON is the answer of /api/v1/compliance/propagation: a page
// of the propagation, whose tags, columns and derived columns, in this
// order, are the items paged.
type PropagationJSON struct {
	*compliance.Propagation
	Page Page `json:"page"`
}

// throughColumn keeps the part of a propagation that passes the column
// with node id id: its own states and tags, and the states whose proving
// path goes through it. For a tagged column that is everything flowing
// from it; for a copy, what flows on from the copy.
func throughColumn(p *compliance.Propagation, id string) *compliance.Propagation {
	out := &compliance.Propagation{Tags: []compliance.Tag{}, Columns: []compliance.ColumnState{},
		Derived: []compliance.ColumnState{}, Truncated: p.Truncated}
	name := ""
	for _, t := range p.Tags {
		if t.ID == id {
			out.Tags = append(out.Tags, t)
			name = t.Column
		}
	}
	for _, cs := range append(append([]compliance.ColumnState{}, p.Columns...), p.Derived...) {
		if cs.ID == id {
			name = cs.Column
		}
	}
	if name == "" {
		return out // no personal data reaches the column
	}
	keep := func(states []compliance.ColumnState) []compliance.ColumnState {
		kept := []compliance.ColumnState{}
		for _, cs := range states {
			if cs.ID == id || slices.ContainsFunc(cs.Path, func(h compliance.Hop) bool { return h.From == name }) {
				kept = append(kept, cs)
			}
		}
		return kept
	}
	out.Columns, out.Derived = keep(p.Columns), keep(p.Derived)
	return out
}

// ViolationsJSON is the answer of /api/v1/compliance/violations: a page
// of the violations.
type ViolationsJSON struct {
	Violations []compliance.Violation `json:"violations"`
	Page       Page                   `json:"page"`
}

// violations is GET /api/v1/compliance/violations: the breaches of the
// policy, optionally of some rules only.
func (h *Handler) violations(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	pg, err := readPager(r, DefaultPageLimit)
	if err != nil {
		return err
	}
	want := map[compliance.Rule]bool{}
	for _, v := range r.URL.Query()["rule"] {
		for _, s := range strings.Split(v, ",") {
			rule := compliance.Rule(strings.ToLower(strings.TrimSpace(s)))
			if !slices.Contains(rules, rule) {
				return badRequest("rule: unknown rule %q (want one of %s)", s, ruleNames())
			}
			want[rule] = true
		}
	}
	vs, fp, err := sharePaged(r.Context(), h, "violations", chk.Violations, func(vs []compliance.Violation) any { return vs })
	if err != nil {
		return err
	}
	if err := pg.answer(r, fp); err != nil {
		return err
	}
	if len(want) > 0 {
		kept := []compliance.Violation{}
		for _, v := range vs {
			if want[v.Rule] {
				kept = append(kept, v)
			}
		}
		vs = kept
	}
	writeJSON(w, http.StatusOK, ViolationsJSON{Violations: cut(pg, vs), Page: pg.page()})
	return nil
}

func ruleNames() string {
	s := make([]string, len(rules))
	for i, r := range rules {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// requestKind reads the kind parameter of a data-subject request.
func requestKind(r *http.Request) (compliance.RequestKind, error) {
	switch k := compliance.RequestKind(strings.ToLower(r.URL.Query().Get("kind"))); k {
	case "":
		return compliance.Erasure, nil
	case compliance.Erasure, compliance.Access, compliance.Portability:
		return k, nil
	default:
		return "", badRequest("kind must be erasure, access or portability, not %q", k)
	}
}

// plan is GET /api/v1/compliance/plan: the plan of a data subject's
// request for the subject's key column (or a tagged column).
func (h *Handler) plan(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	pg, err := readPager(r, DefaultPageLimit)
	if err != nil {
		return err
	}
	kind, err := requestKind(r)
	if err != nil {
		return err
	}
	subject, err := required(r, "subject")
	if err != nil {
		return err
	}
	p, fp, err := sharePaged(r.Context(), h, "plan "+string(kind)+" "+subject, func(ctx context.Context) (*compliance.Plan, error) {
		return chk.Plan(ctx, kind, subject)
	}, func(p *compliance.Plan) any { return p.Steps })
	if err != nil {
		return complianceErr(err)
	}
	if err := pg.answer(r, fp); err != nil {
		return err
	}
	out := *p
	out.Steps = cut(pg, p.Steps)
	writeJSON(w, http.StatusOK, PlanJSON{Plan: &out, Page: pg.page()})
	return nil
}

// PlanJSON is the answer of /api/v1/compliance/plan: a page of the plan's
// steps; every page has all the notes, the plan's caveats.
type PlanJSON struct {
	*compliance.Plan
	Page Page `json:"page"`
}

// dateParam reads an optional "YYYY-MM-DD" parameter.
func dateParam(r *http.Request, key string) (time.Time, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return t, badRequest("query parameter %q must be a date YYYY-MM-DD, not %q", key, v)
	}
	return t, nil
}

// window reads from and to (days, to exclusive); either may be open.
func window(r *http.Request) (compliance.Window, error) {
	var w compliance.Window
	var err error
	if w.From, err = dateParam(r, "from"); err != nil {
		return w, err
	}
	if w.To, err = dateParam(r, "to"); err != nil {
		return w, err
	}
	if !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To) {
		return w, badRequest("from (%s) must be before to (%s)", w.From.Format(time.DateOnly), w.To.Format(time.DateOnly))
	}
	return w, nil
}

// audit is GET /api/v1/compliance/audit: who read which personal data in
// a window, optionally for one user.
func (h *Handler) audit(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	pg, err := readPager(r, DefaultPageLimit)
	if err != nil {
		return err
	}
	win, err := window(r)
	if err != nil {
		return err
	}
	a, fp, err := sharePaged(r.Context(), h, fmt.Sprintf("audit %v", win), func(ctx context.Context) (*compliance.Audit, error) {
		return chk.Audit(ctx, win)
	}, func(a *compliance.Audit) any { return a.Entries })
	if err != nil {
		return err
	}
	if err := pg.answer(r, fp); err != nil {
		return err
	}
	if user := r.URL.Query().Get("user"); user != "" {
		a = forUser(a, user)
	}
	out := *a
	out.Entries = cut(pg, a.Entries)
	writeJSON(w, http.StatusOK, AuditJSON{Audit: &out, Page: pg.page()})
	return nil
}

// AuditJSON is the answer of /api/v1/compliance/audit: a page of the
// audit's entries; every page has the whole new_readers and
// outside_allowed, which sum up the entries by user.
type AuditJSON struct {
	*compliance.Audit
	Page Page `json:"page"`
}

// forUser keeps the entries of one user (case-insensitively, as
// warehouses fold user names).
func forUser(a *compliance.Audit, user string) *compliance.Audit {
	out := *a
	out.Entries = []compliance.AuditEntry{}
	for _, e := range a.Entries {
		if strings.EqualFold(e.User, user) {
			out.Entries = append(out.Entries, e)
		}
	}
	keep := func(users []string) []string {
		kept := []string{}
		for _, u := range users {
			if strings.EqualFold(u, user) {
				kept = append(kept, u)
			}
		}
		return kept
	}
	out.NewReaders = keep(a.NewReaders)
	out.OutsideAllowed = keep(a.OutsideAllowed)
	return &out
}

// unneeded is GET /api/v1/compliance/unneeded: personal data nobody read
// within days, and datasets built by the same query shape.
func (h *Handler) unneeded(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	pg, err := readPager(r, DefaultPageLimit)
	if err != nil {
		return err
	}
	days, err := intParam(r, "days", 90, 1, 36500)
	if err != nil {
		return err
	}
	u, fp, err := sharePaged(r.Context(), h, fmt.Sprintf("unneeded %d", days), func(ctx context.Context) (*compliance.Unneeded, error) {
		return chk.Unneeded(ctx, days)
	}, func(u *compliance.Unneeded) any { return []any{u.Copies, u.Datasets, u.Duplicates, u.Undetermined} })
	if err != nil {
		return err
	}
	if err := pg.answer(r, fp); err != nil {
		return err
	}
	out := *u
	out.Copies, out.Datasets = cut(pg, u.Copies), cut(pg, u.Datasets)
	out.Duplicates, out.Undetermined = cut(pg, u.Duplicates), cut(pg, u.Undetermined)
	writeJSON(w, http.StatusOK, UnneededJSON{Unneeded: &out, Page: pg.page()})
	return nil
}

// UnneededJSON is the answer of /api/v1/compliance/unneeded: a page of
// it, whose copies, datasets, duplicates and undetermined datasets, in
// this order, are the items paged.
type UnneededJSON struct {
	*compliance.Unneeded
	Page Page `json:"page"`
}

// complianceReport is GET /api/v1/compliance/report: every answer at once,
// in the stable JSON schema of compliance.Report, or as Markdown or CSV
// (format parameter).
func (h *Handler) complianceReport(w http.ResponseWriter, r *http.Request) error {
	chk, err := h.checker()
	if err != nil {
		return err
	}
	kind, err := requestKind(r)
	if err != nil {
		return err
	}
	o := compliance.ReportOptions{PlanKind: kind, Subjects: r.URL.Query()["subject"]}
	if o.Window, err = window(r); err != nil {
		return err
	}
	if o.AuditDays, err = intParam(r, "audit_days", 30, 1, 36500); err != nil {
		return err
	}
	if o.UnusedDays, err = intParam(r, "unused_days", 90, 1, 36500); err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "markdown" && format != "csv" {
		return badRequest("format must be json, markdown or csv, not %q", format)
	}
	rep, err := shareReport(r.Context(), h, fmt.Sprintf("report %v %d %d %q %s", o.Window, o.AuditDays, o.UnusedDays, o.Subjects, o.PlanKind), func(ctx context.Context) (*compliance.Report, error) {
		return chk.Report(ctx, o)
	})
	if err != nil {
		return complianceErr(err)
	}
	switch format {
	case "markdown":
		return writeText(w, "text/markdown; charset=utf-8", rep.WriteMarkdown)
	case "csv":
		return writeText(w, "text/csv; charset=utf-8", rep.WriteCSV)
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// writeText renders a report into memory first, so that a rendering
// error is still an error answer rather than a cut body.
func writeText(w http.ResponseWriter, contentType string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes()) // the client may be gone; nothing to do then
	return nil
}
