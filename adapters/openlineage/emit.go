package openlineage

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/colineage/colineage/lineage"
)

// runNamespace is the UUID namespace of run ids: a run id is the SHA-1
// name-based UUID (RFC 9562 version 5) of the job and its window in it.
var runNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte(defaultProducer))

// Emitter turns analysed statements into OpenLineage RunEvents and sends
// them through a Transport. Each statement of a Result is a job: a dbt
// model is named by its unique id, a logged statement by its shape (the
// query digest, with a readable prefix). Every occurrence of a job within
// one time window (WithWindow) is one run, whose id is derived from the job
// and the window, so emitting the same log again gives the same events.
//
// An Emitter keeps the runs of everything added until Flush; it is not
// safe for concurrent use.
type Emitter struct {
	t    Transport
	cfg  config
	runs map[runKey]*run
	// sent counts events handed to the transport.
	sent int64
}

type runKey struct {
	job    string
	window int64
}

// run is what one job did in one window.
type run struct {
	key        runKey
	model      bool
	start      time.Time
	digest     string
	normalized string
	kind       string
	dialect    string
	target     *lineage.Dataset
	columns    orderedSet[string]
	sources    orderedSet[lineage.Dataset]
	reads      map[lineage.Dataset]*orderedSet[string]
	edges      orderedSet[edgeKey]
	users      map[string]*userRuns
	userOrder  []string
	first      time.Time
	last       time.Time
}

type edgeKey struct {
	from, to lineage.Column
	tr       lineage.Transform
}

// orderedSet keeps the first occurrence of each value, in order.
type orderedSet[T comparable] struct {
	seen  map[T]struct{}
	items []T
}

func (s *orderedSet[T]) add(v T) {
	if s.seen == nil {
		s.seen = map[T]struct{}{}
	}
	if _, ok := s.seen[v]; ok {
		return
	}
	s.seen[v] = struct{}{}
	s.items = append(s.items, v)
}

// NewEmitter returns an Emitter that sends to t.
func NewEmitter(t Transport, opts ...Option) *Emitter {
	return &Emitter{t: t, cfg: newConfig(opts), runs: map[runKey]*run{}}
}

// Add records the lineage of one statement: res is what an Analyzer (or
// Session) returned for st. Statements that touch no persistent dataset
// (USE, SET, a SELECT of constants) make no job.
func (e *Emitter) Add(st lineage.Statement, res lineage.Result) {
	at := st.Context.At
	if at.IsZero() {
		at = e.cfg.runTime
		if at.IsZero() {
			at = time.Now()
		}
	}
	at = at.UTC()
	model := strings.HasPrefix(st.Context.Session, "dbt:") && st.Context.Origin != ""
	for i, sr := range res.Statements {
		if !touchesData(sr) {
			continue
		}
		name := e.jobName(st, sr, model, i)
		start := at.Truncate(e.cfg.window)
		k := runKey{job: name, window: start.UnixNano()}
		r := e.runs[k]
		if r == nil {
			r = &run{key: k, model: model, start: start, digest: sr.Digest(), normalized: sr.Normalized(),
				kind: sr.Kind.String(), dialect: st.Dialect.String(), reads: map[lineage.Dataset]*orderedSet[string]{},
				users: map[string]*userRuns{}}
			if sr.Target != nil && persistent(*sr.Target) {
				t := *sr.Target
				r.target = &t
			}
			e.runs[k] = r
		}
		r.record(sr, st.Context.User, st.Context.Role, lineage.DashboardOf(st.SQL), st.Context.At)
	}
}

// touchesData reports whether a statement reads or writes a persistent
// dataset.
func touchesData(sr lineage.StatementResult) bool {
	if sr.Target != nil && persistent(*sr.Target) {
		return true
	}
	for _, d := range sr.Sources {
		if persistent(d) {
			return true
		}
	}
	return false
}

// persistent reports whether a dataset is stored in the graph (temporary
// tables and bare query results are not).
func persistent(d lineage.Dataset) bool {
	return d.Kind != lineage.KindTemporary && d.Kind != lineage.KindQueryResult
}

// record adds one occurrence of a statement to the run.
func (r *run) record(sr lineage.StatementResult, user, role, dashboard string, at time.Time) {
	for _, c := range sr.Columns {
		r.columns.add(c)
	}
	for _, d := range sr.Sources {
		if persistent(d) {
			r.sources.add(d)
		}
	}
	for _, c := range sr.Reads {
		if !persistent(c.Dataset) || c.Name == "" {
			continue
		}
		s := r.reads[c.Dataset]
		if s == nil {
			s = &orderedSet[string]{}
			r.reads[c.Dataset] = s
		}
		s.add(c.Name)
	}
	for _, e := range sr.Edges {
		if !persistent(e.From.Dataset) || !persistent(e.To.Dataset) || e.From.Name == "" {
			continue
		}
		r.edges.add(edgeKey{from: e.From, to: e.To, tr: e.Transform})
	}
	o := r.users[user]
	if o == nil {
		o = &userRuns{}
		r.users[user] = o
		r.userOrder = append(r.userOrder, user)
	}
	o.count++
	at = at.UTC()
	// The role and dashboard of the user's latest run (the smaller name
	// on a tie), whatever order the runs come in.
	if role != "" && (o.role == "" || at.After(o.roleAt) || at.Equal(o.roleAt) && role < o.role) {
		o.role, o.roleAt = role, at
	}
	if dashboard != "" && (o.dashboard == "" || at.After(o.dashboardAt) || at.Equal(o.dashboardAt) && dashboard < o.dashboard) {
		o.dashboard, o.dashboardAt = dashboard, at
	}
	if at.IsZero() {
		return
	}
	o.first, o.last = earliest(o.first, at), latest(o.last, at)
	r.first, r.last = earliest(r.first, at), latest(r.last, at)
}

// userRuns counts one user's runs of a job in a window.
type userRuns struct {
	count               int64
	first, last         time.Time
	role, dashboard     string
	roleAt, dashboardAt time.Time
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// timeString formats a time for an event; the zero time is empty.
func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// jobName names the job of the i-th statement of st.
func (e *Emitter) jobName(st lineage.Statement, sr lineage.StatementResult, model bool, i int) string {
	if model {
		if i == 0 {
			return st.Context.Origin
		}
		return st.Context.Origin + "." + strconv.Itoa(i)
	}
	what := "query"
	if sr.Target != nil && persistent(*sr.Target) {
		_, what = e.cfg.naming.datasetName(*sr.Target)
	}
	h := sha256.New()
	for _, s := range []string{sr.Digest(), st.Context.Database, st.Context.Schema} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return st.Dialect.String() + "." + sr.Kind.String() + "." + what + "." + hex.EncodeToString(h.Sum(nil)[:8])
}

// Pending returns the number of runs recorded and not yet flushed.
func (e *Emitter) Pending() int { return len(e.runs) }

// Sent returns the number of events handed to the transport.
func (e *Emitter) Sent() int64 { return e.sent }

// Events returns the COMPLETE events of the runs recorded so far, ordered
// by window and job name, without sending them.
func (e *Emitter) Events() []RunEvent {
	return e.events(func(*run) bool { return true })
}

// events returns the events of the runs keep selects, in order.
func (e *Emitter) events(keep func(*run) bool) []RunEvent {
	runs := make([]*run, 0, len(e.runs))
	for _, r := range e.runs {
		if keep(r) {
			runs = append(runs, r)
		}
	}
	slices.SortFunc(runs, func(a, b *run) int {
		return cmp.Or(cmp.Compare(a.key.window, b.key.window), cmp.Compare(a.key.job, b.key.job))
	})
	out := make([]RunEvent, len(runs))
	for i, r := range runs {
		out[i] = e.event(r)
	}
	return out
}

// Flush sends the events of every run recorded since the last Flush, in
// batches (WithBatchSize), and forgets the runs. Runs of a window that
// later statements fall in again are sent again with the same run id and
// the occurrences since the Flush.
func (e *Emitter) Flush(ctx context.Context) error {
	events := e.Events()
	clear(e.runs)
	return e.sendBatches(ctx, events)
}

// FlushBefore sends the events of the runs whose window ended by t, as
// Flush does, and keeps the others: a long log is sent as it is read,
// with memory bounded by the runs of the open windows. A statement added
// later to a window already sent makes another event of the same run
// (same run id), carrying the occurrences since.
func (e *Emitter) FlushBefore(ctx context.Context, t time.Time) error {
	done := func(r *run) bool { return !r.start.Add(e.cfg.window).After(t) }
	events := e.events(done)
	for k, r := range e.runs {
		if done(r) {
			delete(e.runs, k)
		}
	}
	return e.sendBatches(ctx, events)
}

// sendBatches hands events to the transport in batches of the batch size;
// a failed batch does not stop the others.
func (e *Emitter) sendBatches(ctx context.Context, events []RunEvent) error {
	var errs []error
	for i := 0; i < len(events); i += e.cfg.batchSize {
		batch := events[i:min(i+e.cfg.batchSize, len(events))]
		if err := e.t.Send(ctx, batch); err != nil {
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		e.sent += int64(len(batch))
	}
	return errors.Join(errs...)
}

// maxSessions bounds the log sessions EmitSource keeps open, as
// Engine.Ingest does: the oldest is dropped past it.
const maxSessions = 10000

// EmitSummary accounts for an EmitSource call.
type EmitSummary struct {
	// Statements counts statements read; Failed those whose analysis
	// failed in whole or in part (their lineage, where any, is emitted).
	Statements, Failed int64
	// Events counts events sent.
	Events int64
	// Errors keeps the first analysis errors (WithMaxErrors).
	Errors []error
}

// EmitSource analyses every statement of src with a, in order, one
// Session per Context.Session as Engine.Ingest keeps them, adds each to e
// and flushes at the end. A bad record or statement is counted and kept,
// never fatal; the error is for what stops the run (the source failing,
// the transport failing, ctx ending).
func EmitSource(ctx context.Context, e *Emitter, src lineage.Source, a *lineage.Analyzer) (EmitSummary, error) {
	var sum EmitSummary
	sessions := map[string]*lineage.Session{}
	var order []string // sessions by age, the oldest dropped past maxSessions
	var sent time.Time // windows ending before it have been flushed
	before := e.sent
	keep := func(err error) {
		sum.Failed++
		if len(sum.Errors) < e.cfg.maxErrors {
			sum.Errors = append(sum.Errors, err)
		}
	}
	for {
		st, err := src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var ie *lineage.InputError
			if errors.As(err, &ie) {
				sum.Statements++
				keep(err)
				continue
			}
			return sum, fmt.Errorf("openlineage: reading source: %w", err)
		}
		sum.Statements++
		s := sessions[st.Context.Session]
		if s == nil {
			s = a.NewSession()
			if id := st.Context.Session; id != "" {
				if len(order) >= maxSessions {
					delete(sessions, order[0])
					order = order[1:]
				}
				sessions[id] = s
				order = append(order, id)
			}
		}
		res, err := s.Analyze(ctx, st)
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			keep(fmt.Errorf("statement %d (%s): %w", sum.Statements, st.Context.Origin, err))
		}
		e.Add(st, res)
		// Send the windows the log has left behind, a window late so that
		// statements a little out of order still join their run.
		if at := st.Context.At; at.After(sent.Add(2 * e.cfg.window)) {
			if !sent.IsZero() {
				if err := e.FlushBefore(ctx, at.Add(-e.cfg.window)); err != nil {
					return sum, err
				}
			}
			sent = at.Add(-e.cfg.window)
		}
	}
	err := e.Flush(ctx)
	sum.Events = e.sent - before
	return sum, err
}

// event builds the COMPLETE event of a run.
func (e *Emitter) event(r *run) RunEvent {
	p := e.cfg.producer
	at := r.last
	if at.IsZero() {
		at = r.start
	}
	ev := RunEvent{
		EventType: eventComplete,
		EventTime: at.Format(time.RFC3339Nano),
		Run: Run{
			RunID:  uuid.NewSHA1(runNamespace, []byte(e.cfg.jobNamespace+"\x00"+r.key.job+"\x00"+r.start.Format(time.RFC3339Nano))).String(),
			Facets: map[string]json.RawMessage{},
		},
		Job:       Job{Namespace: e.cfg.jobNamespace, Name: r.key.job, Facets: map[string]json.RawMessage{}},
		Inputs:    []Dataset{},
		Outputs:   []Dataset{},
		Producer:  p,
		SchemaURL: RunEventSchemaURL,
	}
	ev.Run.Facets[facetNominalTime] = mustJSON(NominalTimeFacet{
		BaseFacet:        BaseFacet{p, NominalTimeFacetURL},
		NominalStartTime: r.start.Format(time.RFC3339Nano),
		NominalEndTime:   r.start.Add(e.cfg.window).Format(time.RFC3339Nano),
	})
	occ := OccurrencesFacet{BaseFacet: BaseFacet{p, OccurrencesFacetURL}}
	// by user name: the order the runs came in must not show
	users := slices.Clone(r.userOrder)
	slices.Sort(users)
	for _, u := range users {
		o := r.users[u]
		occ.Occurrences = append(occ.Occurrences, OccurrenceEntry{User: u, Role: o.role, Dashboard: o.dashboard, Count: o.count, FirstSeen: timeString(o.first), LastSeen: timeString(o.last)})
	}
	ev.Run.Facets[occurrencesFacetName] = mustJSON(occ)
	jt := JobTypeFacet{BaseFacet: BaseFacet{p, JobTypeFacetURL}, ProcessingType: processingBatch, Integration: integrationName, JobType: jobTypeQuery}
	if r.model {
		jt.JobType = jobTypeModel
	}
	ev.Job.Facets[facetJobType] = mustJSON(jt)
	ev.Job.Facets[facetSQL] = mustJSON(SQLFacet{BaseFacet: BaseFacet{p, SQLFacetURL}, Query: r.normalized, Dialect: r.dialect})
	ev.Job.Facets[queryFacetName] = mustJSON(QueryFacet{BaseFacet: BaseFacet{p, QueryFacetURL}, Digest: r.digest, Kind: r.kind})

	for _, d := range r.sources.items {
		in := e.dataset(d)
		if cols := r.reads[d]; cols != nil {
			in.Facets[facetSchema] = e.schemaFacet(cols.items)
		}
		ev.Inputs = append(ev.Inputs, in)
	}
	if r.target != nil {
		out := e.dataset(*r.target)
		if len(r.columns.items) > 0 {
			out.Facets[facetSchema] = e.schemaFacet(r.columns.items)
		}
		if cl, ok := e.columnLineage(r); ok {
			out.Facets[facetColumnLineage] = cl
		}
		ev.Outputs = append(ev.Outputs, out)
	}
	return ev
}

// dataset is an event's dataset with its type facet.
func (e *Emitter) dataset(d lineage.Dataset) Dataset {
	ns, name := e.cfg.naming.datasetName(d)
	typ := datasetTypeTable
	switch d.Kind {
	case lineage.KindView:
		typ = datasetTypeView
	case lineage.KindLocation:
		typ = datasetTypeFile
	case lineage.KindDashboard:
		typ = datasetTypeDashboard
	}
	return Dataset{Namespace: ns, Name: name, Facets: map[string]json.RawMessage{
		facetDatasetType: mustJSON(DatasetTypeFacet{BaseFacet: BaseFacet{e.cfg.producer, DatasetTypeFacetURL}, DatasetType: typ}),
	}}
}

func (e *Emitter) schemaFacet(cols []string) json.RawMessage {
	f := SchemaFacet{BaseFacet: BaseFacet{e.cfg.producer, SchemaFacetURL}, Fields: make([]SchemaField, len(cols))}
	for i, c := range cols {
		f.Fields[i] = SchemaField{Name: c}
	}
	return mustJSON(f)
}

// columnLineage builds the output's column-lineage facet: per output field
// its input fields, each with its transformations in the order first
// seen, and the dataset-level input fields.
func (e *Emitter) columnLineage(r *run) (json.RawMessage, bool) {
	type fieldKey struct {
		to   string
		from lineage.Column
	}
	fields := map[string]*FieldLineage{}
	index := map[fieldKey]int{}
	var dataset []InputField
	datasetIndex := map[lineage.Column]int{}
	for _, k := range r.edges.items {
		ns, name := e.cfg.naming.datasetName(k.from.Dataset)
		tr := Transformation{Type: k.tr.Type.String(), Subtype: k.tr.Subtype.String(), Masking: k.tr.Masking}
		if k.to.Name == "" {
			i, ok := datasetIndex[k.from]
			if !ok {
				i = len(dataset)
				datasetIndex[k.from] = i
				dataset = append(dataset, InputField{Namespace: ns, Name: name, Field: k.from.Name})
			}
			dataset[i].Transformations = append(dataset[i].Transformations, tr)
			continue
		}
		fl := fields[k.to.Name]
		if fl == nil {
			fl = &FieldLineage{}
			fields[k.to.Name] = fl
		}
		fk := fieldKey{to: k.to.Name, from: k.from}
		i, ok := index[fk]
		if !ok {
			i = len(fl.InputFields)
			index[fk] = i
			fl.InputFields = append(fl.InputFields, InputField{Namespace: ns, Name: name, Field: k.from.Name})
		}
		fl.InputFields[i].Transformations = append(fl.InputFields[i].Transformations, tr)
	}
	if len(fields) == 0 && len(dataset) == 0 {
		return nil, false
	}
	f := ColumnLineageFacet{BaseFacet: BaseFacet{e.cfg.producer, ColumnLineageFacetURL}, Fields: map[string]FieldLineage{}, Dataset: dataset}
	for k, v := range fields {
		f.Fields[k] = *v
	}
	return mustJSON(f), true
}

// mustJSON marshals a facet of this package's own types, which cannot fail.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("openlineage: marshalling %T: %v", v, err))
	}
	return b
}
