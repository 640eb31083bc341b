package openlineage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Consumer reads OpenLineage RunEvents into a lineage graph through an
// Engine: dataset and column edges from the column-lineage facet, or, for
// an event that carries only an SQL job facet, from the library's own
// analysis of that SQL. Producers' namespaces map to the library's dataset
// identities (WithNamespace), so that a table a Spark job writes and the
// same table in a query log are one node.
//
// Each event is one keyed write, keyed by its identity (run id, eventType,
// eventTime, job): the same event read twice, even re-serialised, changes
// nothing in the graph, counts included. A Consumer remembers the last
// events it applied (WithSeenLimit) to count duplicates without a write;
// the store ignores older ones by their key. A Consumer is safe for
// concurrent use.
type Consumer struct {
	eng *lineage.Engine
	cfg config

	mu   sync.Mutex
	seen seenSet
}

// NewConsumer returns a Consumer writing through eng.
func NewConsumer(eng *lineage.Engine, opts ...Option) *Consumer {
	cfg := newConfig(opts)
	return &Consumer{eng: eng, cfg: cfg, seen: newSeenSet(cfg.seenLimit)}
}

// Summary accounts for the events of one call.
type Summary struct {
	// Events counts events read; Applied those written to the graph (a
	// duplicate older than the Consumer's memory, WithSeenLimit, is
	// counted here though the store ignores it); Duplicates those this
	// Consumer remembers applying; Skipped FAIL and ABORT events, whose runs wrote
	// nothing; Failed the events in error.
	Events, Applied, Duplicates, Skipped, Failed int64
	// Edges counts the column edges of the applied events.
	Edges int64
	// Errors keeps the first errors (WithMaxErrors), each an *EventError.
	Errors []error
}

func (s *Summary) add(o Summary, max int) {
	s.Events += o.Events
	s.Applied += o.Applied
	s.Duplicates += o.Duplicates
	s.Skipped += o.Skipped
	s.Failed += o.Failed
	s.Edges += o.Edges
	for _, e := range o.Errors {
		if len(s.Errors) < max {
			s.Errors = append(s.Errors, e)
		}
	}
}

// maxLine bounds one JSON line (an event with a large schema is a few
// hundred kilobytes).
const maxLine = 64 << 20

// ReadJSONL reads events, one JSON object per line (blank lines are
// skipped), and applies each. A bad event is an *EventError with its line
// number in the Summary; the rest of the input goes on. The error is for
// what stops the read: the reader failing, the store refusing a write, or
// ctx ending.
func (c *Consumer) ReadJSONL(ctx context.Context, r io.Reader) (Summary, error) {
	var sum Summary
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := int64(0)
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		one, err := c.apply(ctx, line, b)
		sum.add(one, c.cfg.maxErrors)
		if err != nil {
			return sum, err
		}
	}
	if err := sc.Err(); err != nil {
		return sum, fmt.Errorf("openlineage: reading line %d: %w", line+1, err)
	}
	return sum, nil
}

// Receive reads the body of a POST to an OpenLineage endpoint: one event,
// or a JSON array of events, and applies each. It suits an http.Handler
// that mounts it at /api/v1/lineage: a Summary with Failed > 0 and no
// error is a client's mistake (400), an error the server's (500).
func (c *Consumer) Receive(ctx context.Context, r io.Reader) (Summary, error) {
	var sum Summary
	body, err := io.ReadAll(r)
	if err != nil {
		return sum, fmt.Errorf("openlineage: reading body: %w", err)
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '[' {
		one, err := c.apply(ctx, 1, body)
		sum.add(one, c.cfg.maxErrors)
		return sum, err
	}
	var events []json.RawMessage
	if err := json.Unmarshal(body, &events); err != nil {
		sum.Events, sum.Failed = 1, 1
		sum.Errors = append(sum.Errors, &EventError{Line: 1, Reason: "not a JSON array of events", Err: err})
		return sum, nil
	}
	for i, ev := range events {
		one, err := c.apply(ctx, int64(i+1), ev)
		sum.add(one, c.cfg.maxErrors)
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// Apply applies one decoded event, as the line-th of its input.
func (c *Consumer) Apply(ctx context.Context, line int64, ev RunEvent) (Summary, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return Summary{Events: 1, Failed: 1, Errors: []error{&EventError{Line: line, Reason: "cannot encode", Err: err}}}, nil
	}
	return c.apply(ctx, line, b)
}

// apply decodes, validates and writes one event.
func (c *Consumer) apply(ctx context.Context, line int64, raw []byte) (Summary, error) {
	sum := Summary{Events: 1}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	fail := func(err *EventError) (Summary, error) {
		sum.Failed = 1
		sum.Errors = []error{err}
		return sum, nil
	}
	var ev RunEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return fail(&EventError{Line: line, Reason: "not a RunEvent JSON object", Err: err})
	}
	if err := validate(&ev); err != nil {
		err.Line = line
		return fail(err)
	}
	if ev.EventType == "FAIL" || ev.EventType == "ABORT" {
		sum.Skipped = 1
		return sum, nil
	}
	ext, err := c.external(ctx, &ev)
	if err != nil {
		err.Line, err.RunID, err.Job = line, ev.Run.RunID, ev.Job.Name
		return fail(err)
	}
	key := eventKey(&ev)
	c.mu.Lock()
	dup := c.seen.has(key)
	c.mu.Unlock()
	if dup {
		sum.Duplicates = 1
		return sum, nil
	}
	n, werr := c.eng.Record(ctx, key, ext)
	if werr != nil {
		return sum, fmt.Errorf("openlineage: event %d (job %s, run %s): %w", line, ev.Job.Name, ev.Run.RunID, werr)
	}
	c.mu.Lock()
	c.seen.add(key)
	c.mu.Unlock()
	sum.Applied = 1
	sum.Edges = int64(n)
	return sum, nil
}

var eventTypes = map[string]bool{"START": true, "RUNNING": true, "COMPLETE": true, "ABORT": true, "FAIL": true, "OTHER": true}

// validate checks what the specification requires of a RunEvent.
func validate(ev *RunEvent) *EventError {
	bad := func(field, reason string, err error) *EventError {
		return &EventError{RunID: ev.Run.RunID, Job: ev.Job.Name, Field: field, Reason: reason, Err: err}
	}
	switch {
	case ev.Run.RunID == "":
		return bad("run.runId", "missing", nil)
	case ev.Job.Namespace == "":
		return bad("job.namespace", "missing", nil)
	case ev.Job.Name == "":
		return bad("job.name", "missing", nil)
	case ev.EventTime == "":
		return bad("eventTime", "missing", nil)
	case ev.EventType != "" && !eventTypes[ev.EventType]:
		return bad("eventType", fmt.Sprintf("%q is not START, RUNNING, COMPLETE, ABORT, FAIL or OTHER", ev.EventType), nil)
	}
	if _, err := uuid.Parse(ev.Run.RunID); err != nil {
		return bad("run.runId", "not a UUID", err)
	}
	if _, err := time.Parse(time.RFC3339Nano, ev.EventTime); err != nil {
		return bad("eventTime", "not an ISO-8601 date-time", err)
	}
	for _, side := range []struct {
		name string
		ds   []Dataset
	}{{"inputs", ev.Inputs}, {"outputs", ev.Outputs}} {
		for i, d := range side.ds {
			switch {
			case d.Namespace == "":
				return bad(fmt.Sprintf("%s[%d].namespace", side.name, i), "missing", nil)
			case d.Name == "":
				return bad(fmt.Sprintf("%s[%d].name", side.name, i), "missing", nil)
			}
		}
	}
	return nil
}

// eventKey names an event's write by the event's identity: its run, type,
// time and job. The same event serialised again (other key order, other
// whitespace, other time zone for the same instant) is the same write; the
// key is also the store's batch key, so a duplicate the Consumer no longer
// remembers is still ignored by the store. validate has checked eventTime.
func eventKey(ev *RunEvent) string {
	at := ev.EventTime
	if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
		at = t.UTC().Format(time.RFC3339Nano)
	}
	h := sha256.New()
	for _, part := range []string{ev.Run.RunID, ev.EventType, at, ev.Job.Namespace, ev.Job.Name} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "openlineage:" + ev.Run.RunID + "#" + hex.EncodeToString(h.Sum(nil)[:16])
}

// seenSet remembers the keys of the last limit events applied, forgetting
// the oldest first, so a long-running Consumer's memory stays bounded.
type seenSet struct {
	limit int
	keys  map[string]struct{}
	order []string // a ring of the keys in insertion order
	next  int      // the ring's oldest slot once it is full
}

func newSeenSet(limit int) seenSet {
	return seenSet{limit: limit, keys: map[string]struct{}{}}
}

func (s *seenSet) has(key string) bool {
	_, ok := s.keys[key]
	return ok
}

func (s *seenSet) add(key string) {
	if s.limit <= 0 || s.has(key) {
		return
	}
	if len(s.order) < s.limit {
		s.order = append(s.order, key)
	} else {
		delete(s.keys, s.order[s.next])
		s.order[s.next] = key
		s.next = (s.next + 1) % s.limit
	}
	s.keys[key] = struct{}{}
}

// facet decodes facet name of facets into v; a malformed facet is an
// *EventError naming it.
func facet(facets map[string]json.RawMessage, name, path string, v any) (bool, *EventError) {
	raw, ok := facets[name]
	if !ok || len(raw) == 0 || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, &EventError{Field: path + ".facets." + name, Reason: "malformed facet", Err: err}
	}
	return true, nil
}

// external turns a valid event into the lineage it states.
func (c *Consumer) external(ctx context.Context, ev *RunEvent) (lineage.External, *EventError) {
	exact := ev.Producer == c.cfg.producer
	var ext lineage.External
	var sqlf SQLFacet
	hasSQL, ferr := facet(ev.Job.Facets, facetSQL, "job", &sqlf)
	if ferr != nil {
		return ext, ferr
	}
	if hasSQL && sqlf.Query == "" {
		return ext, &EventError{Field: "job.facets.sql.query", Reason: "missing"}
	}
	var qf QueryFacet
	hasQuery, ferr := facet(ev.Job.Facets, queryFacetName, "job", &qf)
	if ferr != nil {
		return ext, ferr
	}
	at, _ := time.Parse(time.RFC3339Nano, ev.EventTime)
	ext.Occurrences = []lineage.Occurrence{{First: at, Last: at, Count: 1}}
	var occ OccurrencesFacet
	hasOcc, ferr := facet(ev.Run.Facets, occurrencesFacetName, "run", &occ)
	if ferr != nil {
		return ext, ferr
	}
	if hasOcc {
		ext.Occurrences = ext.Occurrences[:0]
		for i, o := range occ.Occurrences {
			first, err1 := optionalTime(o.FirstSeen)
			last, err2 := optionalTime(o.LastSeen)
			if err := errors.Join(err1, err2); err != nil {
				return ext, &EventError{Field: fmt.Sprintf("run.facets.%s.occurrences[%d]", occurrencesFacetName, i), Reason: "malformed time", Err: err}
			}
			ext.Occurrences = append(ext.Occurrences, lineage.Occurrence{User: o.User, Role: o.Role, Dashboard: o.Dashboard, First: first, Last: last, Count: o.Count})
		}
	}

	inputs := make([]lineage.Dataset, len(ev.Inputs))
	var reads []lineage.Column
	for i, d := range ev.Inputs {
		ds, err := c.dataset(d, fmt.Sprintf("inputs[%d]", i), exact)
		if err != nil {
			return ext, err
		}
		inputs[i] = ds
		var sf SchemaFacet
		if _, err := facet(d.Facets, facetSchema, fmt.Sprintf("inputs[%d]", i), &sf); err != nil {
			return ext, err
		}
		for _, f := range sf.Fields {
			if f.Name != "" {
				reads = append(reads, column(ds, f.Name, exact))
			}
		}
	}

	var stmts []lineage.StatementResult
	hasLineage := false
	for i, d := range ev.Outputs {
		path := fmt.Sprintf("outputs[%d]", i)
		ds, err := c.dataset(d, path, exact)
		if err != nil {
			return ext, err
		}
		sr := lineage.StatementResult{Target: &ds, Sources: inputs}
		var sf SchemaFacet
		if _, err := facet(d.Facets, facetSchema, path, &sf); err != nil {
			return ext, err
		}
		for _, f := range sf.Fields {
			if f.Name != "" {
				sr.Columns = append(sr.Columns, column(ds, f.Name, exact).Name)
			}
		}
		var cl ColumnLineageFacet
		has, err := facet(d.Facets, facetColumnLineage, path, &cl)
		if err != nil {
			return ext, err
		}
		if has {
			hasLineage = true
			edges, err := c.columnEdges(ds, cl, path, exact)
			if err != nil {
				return ext, err
			}
			sr.Edges = edges
		}
		stmts = append(stmts, sr)
	}

	dialect := c.dialectOf(ev, sqlf.Dialect)
	ext.Dialect = dialect.String()
	if hasSQL && !hasLineage && !hasQuery {
		// Only the SQL states the lineage: analyse it.
		st := lineage.Statement{SQL: sqlf.Query, Dialect: dialect, Context: lineage.Context{}}
		if len(ev.Outputs) > 0 {
			if _, def, ok := c.cfg.naming.platformOf(ev.Outputs[0].Namespace); ok {
				st.Context.Database, st.Context.Schema = def.Database, def.Schema
			}
		}
		res, err := c.eng.Analyzer().NewSession().Analyze(ctx, st)
		if len(res.Statements) == 0 && err != nil {
			return ext, &EventError{Field: "job.facets.sql.query", Reason: "SQL could not be analysed", Err: err}
		}
		ext.Statements = res.Statements
		return ext, nil
	}
	if len(stmts) == 0 {
		stmts = append(stmts, lineage.StatementResult{Sources: inputs})
	}
	stmts[0].Reads = reads
	ext.Statements = stmts
	// Any producer's SQL may hold literals: only normalized text is kept.
	// colineage's own query facet carries the digest of its normalized
	// text, which proves the text is that (a text that does not match
	// its digest is normalized again, as any other producer's SQL).
	switch {
	case hasQuery && qf.Digest != "" && sqlparse.IsNormalized(sqlf.Query, qf.Digest):
		ext.Query = &lineage.QueryShape{Digest: qf.Digest, Normalized: sqlf.Query, Kind: qf.Kind}
	case hasSQL:
		if ps, err := sqlparse.Parse(sqlf.Query, dialect); err == nil && len(ps) > 0 {
			ext.Query = &lineage.QueryShape{Digest: ps[0].Digest(), Normalized: ps[0].Normalized(), Kind: ps[0].Kind.String()}
		}
	}
	return ext, nil
}

func optionalTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// dataset maps an event's dataset to the library's, with its kind.
func (c *Consumer) dataset(d Dataset, path string, exact bool) (lineage.Dataset, *EventError) {
	ds, ok := c.cfg.naming.dataset(d.Namespace, d.Name, exact)
	if !ok {
		// A namespace of no known platform (a Kafka topic, an API):
		// an external location named by namespace and name.
		ds = lineage.Location(strings.TrimSuffix(d.Namespace, "/") + "/" + d.Name)
	}
	var tf DatasetTypeFacet
	if _, err := facet(d.Facets, facetDatasetType, path, &tf); err != nil {
		return ds, err
	}
	if ds.Kind != lineage.KindLocation {
		switch strings.ToUpper(tf.DatasetType) {
		case datasetTypeView:
			ds.Kind = lineage.KindView
		case datasetTypeDashboard:
			ds.Kind = lineage.KindDashboard
		}
	}
	return ds, nil
}

// columnEdges turns an output's column-lineage facet into edges.
func (c *Consumer) columnEdges(out lineage.Dataset, cl ColumnLineageFacet, path string, exact bool) ([]lineage.ColumnEdge, *EventError) {
	var edges []lineage.ColumnEdge
	add := func(to lineage.Column, in InputField, legacy string, where string) *EventError {
		if in.Namespace == "" || in.Name == "" || in.Field == "" {
			return &EventError{Field: where, Reason: "input field needs namespace, name and field"}
		}
		src, err := c.dataset(Dataset{Namespace: in.Namespace, Name: in.Name}, where, exact)
		if err != nil {
			return err
		}
		from := column(src, in.Field, exact)
		if len(in.Transformations) == 0 {
			edges = append(edges, lineage.ColumnEdge{From: from, To: to, Transform: legacyTransform(legacy, to.Name == "")})
			return nil
		}
		for j, t := range in.Transformations {
			tr, ok := parseTransform(t)
			if !ok {
				return &EventError{Field: fmt.Sprintf("%s.transformations[%d]", where, j), Reason: fmt.Sprintf("unknown transformation %s/%s", t.Type, t.Subtype)}
			}
			edges = append(edges, lineage.ColumnEdge{From: from, To: to, Transform: tr})
		}
		return nil
	}
	base := path + ".facets.columnLineage"
	for _, name := range sortedKeys(cl.Fields) {
		f := cl.Fields[name]
		to := column(out, name, exact)
		for j, in := range f.InputFields {
			if err := add(to, in, f.TransformationType, fmt.Sprintf("%s.fields[%s].inputFields[%d]", base, strconv.Quote(name), j)); err != nil {
				return nil, err
			}
		}
	}
	for j, in := range cl.Dataset {
		if err := add(lineage.Column{Dataset: out}, in, "", fmt.Sprintf("%s.dataset[%d]", base, j)); err != nil {
			return nil, err
		}
	}
	return edges, nil
}

// dialectOf picks the dialect of an event's SQL: the facet's, else the
// platform of its first dataset, else WithDialect's.
func (c *Consumer) dialectOf(ev *RunEvent, named string) sqlparse.Dialect {
	if d, ok := sqlparse.DialectByName(named); ok && named != "" {
		return d
	}
	for _, d := range append(append([]Dataset(nil), ev.Outputs...), ev.Inputs...) {
		if p, _, ok := c.cfg.naming.platformOf(d.Namespace); ok && p != lineage.Generic {
			return p.Dialect()
		}
	}
	return c.cfg.dialect
}
