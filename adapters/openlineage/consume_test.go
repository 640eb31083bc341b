package openlineage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// goodEvent is a valid event with column lineage; its run id varies with n.
func goodEvent(n string) string {
	return `{"eventType":"COMPLETE","eventTime":"2026-11-02T01:00:00Z","producer":"https://example.com/p","schemaURL":"` + RunEventSchemaURL + `",` +
		`"run":{"runId":"00000000-0000-4000-8000-00000000000` + n + `"},"job":{"namespace":"ns","name":"job` + n + `"},` +
		`"inputs":[{"namespace":"postgres://db:5432","name":"shop.raw.t` + n + `"}],` +
		`"outputs":[{"namespace":"postgres://db:5432","name":"shop.mart.u","facets":{"columnLineage":{"_producer":"https://example.com/p","_schemaURL":"` + ColumnLineageFacetURL + `",` +
		`"fields":{"a":{"inputFields":[{"namespace":"postgres://db:5432","name":"shop.raw.t` + n + `","field":"a","transformations":[{"type":"DIRECT","subtype":"IDENTITY"}]}]}}}}}]}`
}

// TestBadEvents: each bad event is an *EventError with its line and the
// field at fault; the events around it are applied.
func TestBadEvents(t *testing.T) {
	ctx := context.Background()
	bad := []struct {
		name, line, field, reason string
	}{
		{"missing run id", strings.Replace(goodEvent("2"), `"runId":"00000000-0000-4000-8000-000000000002"`, `"runId":""`, 1), "run.runId", "missing"},
		{"run id not a UUID", strings.Replace(goodEvent("2"), `00000000-0000-4000-8000-000000000002`, `run-2`, 1), "run.runId", "not a UUID"},
		{"wrong event type", strings.Replace(goodEvent("2"), `"COMPLETE"`, `"DONE"`, 1), "eventType", "is not START"},
		{"malformed facet", strings.Replace(goodEvent("2"), `"inputFields":[`, `"inputFields":"none","x":[`, 1), "outputs[0].facets.columnLineage", "malformed facet"},
		{"unknown transformation", strings.Replace(goodEvent("2"), `"subtype":"IDENTITY"`, `"subtype":"TELEPORT"`, 1), `outputs[0].facets.columnLineage.fields["a"].inputFields[0].transformations[0]`, "unknown transformation"},
		{"missing job name", strings.Replace(goodEvent("2"), `"name":"job2"`, `"name":""`, 1), "job.name", "missing"},
		{"bad event time", strings.Replace(goodEvent("2"), `2026-11-02T01:00:00Z`, `yesterday`, 1), "eventTime", "not an ISO-8601"},
		{"not JSON", `{"eventType":`, "", "not a RunEvent"},
		{"dataset without a name", strings.Replace(goodEvent("2"), `"name":"shop.mart.u"`, `"name":""`, 1), "outputs[0].name", "missing"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			store := memory.New()
			c := NewConsumer(lineage.NewEngine(store, nil))
			input := goodEvent("1") + "\n\n" + tc.line + "\n" + goodEvent("3") + "\n"
			sum, err := c.ReadJSONL(ctx, strings.NewReader(input))
			require.NoError(t, err)
			assert.EqualValues(t, 3, sum.Events)
			assert.EqualValues(t, 2, sum.Applied)
			assert.EqualValues(t, 1, sum.Failed)
			require.Len(t, sum.Errors, 1)
			var ee *EventError
			require.True(t, errors.As(sum.Errors[0], &ee))
			assert.ErrorIs(t, sum.Errors[0], ErrInvalidEvent)
			assert.EqualValues(t, 3, ee.Line, "blank lines count")
			assert.Equal(t, tc.field, ee.Field)
			assert.Contains(t, ee.Error(), tc.reason)
			// The good events around it are in the graph.
			for _, n := range []string{"1", "3"} {
				_, err := store.Edge(ctx, "postgres://shop.raw.t"+n+".a", "postgres://shop.mart.u.a", lineage.EdgeDirect)
				assert.NoError(t, err, n)
			}
		})
	}
}

// TestReceive: an HTTP body holds one event or an array; a duplicate
// changes nothing but the duplicate count.
func TestReceive(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	c := NewConsumer(lineage.NewEngine(store, nil))
	sum, err := c.Receive(ctx, strings.NewReader(goodEvent("1")))
	require.NoError(t, err)
	assert.EqualValues(t, 1, sum.Applied)
	before, err := store.Counts(ctx)
	require.NoError(t, err)
	e1, err := store.Edge(ctx, "postgres://shop.raw.t1.a", "postgres://shop.mart.u.a", lineage.EdgeDirect)
	require.NoError(t, err)

	sum, err = c.Receive(ctx, strings.NewReader("["+goodEvent("1")+","+goodEvent("2")+`,{"eventType":"COMPLETE"}]`))
	require.NoError(t, err)
	assert.EqualValues(t, 3, sum.Events)
	assert.EqualValues(t, 1, sum.Duplicates)
	assert.EqualValues(t, 1, sum.Applied)
	assert.EqualValues(t, 1, sum.Failed)
	var ee *EventError
	require.True(t, errors.As(sum.Errors[0], &ee))
	assert.EqualValues(t, 3, ee.Line, "position in the array")

	after, err := store.Counts(ctx)
	require.NoError(t, err)
	assert.Greater(t, after.Edges, before.Edges, "event 2 added edges")
	e1again, err := store.Edge(ctx, "postgres://shop.raw.t1.a", "postgres://shop.mart.u.a", lineage.EdgeDirect)
	require.NoError(t, err)
	assert.Equal(t, e1.Count, e1again.Count, "the duplicate did not count")

	sum, err = c.Receive(ctx, strings.NewReader(`[{"eventType"`))
	require.NoError(t, err)
	assert.EqualValues(t, 1, sum.Failed)
}

// TestConsumeNamespaceMapping: a producer's namespace maps to a platform
// and default database.
func TestConsumeNamespaceMapping(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	c := NewConsumer(lineage.NewEngine(store, nil),
		WithNamespace("postgres://db:5432", lineage.Redshift, lineage.Defaults{Database: "dwh"}))
	ev := strings.ReplaceAll(goodEvent("1"), "shop.raw.t1", "raw.t1")
	ev = strings.ReplaceAll(ev, "shop.mart.u", "mart.u")
	sum, err := c.ReadJSONL(ctx, strings.NewReader(ev))
	require.NoError(t, err)
	require.EqualValues(t, 1, sum.Applied, "%v", sum.Errors)
	_, err = store.Edge(ctx, "redshift://dwh.raw.t1.a", "redshift://dwh.mart.u.a", lineage.EdgeDirect)
	assert.NoError(t, err)
}

// TestConsumeKeepsNoLiteral: the SQL a producer sends is stored only as
// normalized text, even in colineage's own query facet when its text does
// not match its digest (another producer, or a hand-made event).
func TestConsumeKeepsNoLiteral(t *testing.T) {
	ctx := context.Background()
	const secret = "ann@example.com"
	sql := "INSERT INTO shop.mart.u (a) SELECT a FROM shop.raw.t1 WHERE email = '" + secret + "'"
	facets := `,"facets":{"sql":{"_producer":"https://example.com/p","_schemaURL":"` + SQLFacetURL + `","query":"` + sql + `"},` +
		`"colineage_query":{"_producer":"https://example.com/p","_schemaURL":"` + QueryFacetURL + `","digest":"d1","kind":"insert"}}}`
	ev := strings.Replace(goodEvent("1"), `"name":"job1"}`, `"name":"job1"`+facets, 1)
	store := memory.New()
	sum, err := NewConsumer(lineage.NewEngine(store, nil)).Receive(ctx, strings.NewReader(ev))
	require.NoError(t, err)
	require.EqualValues(t, 1, sum.Applied, "%v", sum.Errors)
	queries, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeQuery})
	require.NoError(t, err)
	require.NotEmpty(t, queries)
	for _, q := range queries {
		assert.NotContains(t, q.Props["normalized"], secret)
		assert.Contains(t, q.Props["normalized"], "?")
	}
}

// reserialised is the same event with its keys in another order, other
// whitespace, and its time in another zone.
func reserialised(t *testing.T, event string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(event), &m))
	m["eventTime"] = "2026-11-02T02:00:00+01:00" // the same instant as ...01:00:00Z
	b, err := json.MarshalIndent(m, "", "    ")  // sorted keys, indented
	require.NoError(t, err)
	require.NotEqual(t, event, string(b))
	return string(b)
}

// TestDuplicateByIdentity: an event's identity (run, type, time, job), not
// its bytes, makes it a duplicate, whether the Consumer remembers it or
// the store recognises its key.
func TestDuplicateByIdentity(t *testing.T) {
	ctx := context.Background()
	for _, limit := range []int{defaultSeenLimit, 1, 0} {
		t.Run(fmt.Sprint("seen limit ", limit), func(t *testing.T) {
			store := memory.New()
			c := NewConsumer(lineage.NewEngine(store, nil), WithSeenLimit(limit))
			sum, err := c.Receive(ctx, strings.NewReader(goodEvent("1")))
			require.NoError(t, err)
			require.EqualValues(t, 1, sum.Applied)
			// Another event in between pushes the first out of a memory of one.
			_, err = c.Receive(ctx, strings.NewReader(goodEvent("2")))
			require.NoError(t, err)
			e1, err := store.Edge(ctx, "postgres://shop.raw.t1.a", "postgres://shop.mart.u.a", lineage.EdgeDirect)
			require.NoError(t, err)
			before, err := store.Counts(ctx)
			require.NoError(t, err)

			sum, err = c.ReadJSONL(ctx, strings.NewReader(strings.ReplaceAll(reserialised(t, goodEvent("1")), "\n", " ")+"\n"))
			require.NoError(t, err)
			assert.EqualValues(t, 0, sum.Failed, "%v", sum.Errors)
			if limit == defaultSeenLimit {
				assert.EqualValues(t, 1, sum.Duplicates, "the re-serialised event is a duplicate")
			}
			again, err := store.Edge(ctx, "postgres://shop.raw.t1.a", "postgres://shop.mart.u.a", lineage.EdgeDirect)
			require.NoError(t, err)
			assert.Equal(t, e1.Count, again.Count, "the duplicate did not count")
			after, err := store.Counts(ctx)
			require.NoError(t, err)
			assert.Equal(t, before, after)
		})
	}
	// Another time is another event of the same run.
	c := NewConsumer(lineage.NewEngine(memory.New(), nil))
	_, err := c.Receive(ctx, strings.NewReader(goodEvent("1")))
	require.NoError(t, err)
	sum, err := c.Receive(ctx, strings.NewReader(strings.Replace(goodEvent("1"), "01:00:00Z", "01:00:01Z", 1)))
	require.NoError(t, err)
	assert.EqualValues(t, 1, sum.Applied)
}

func TestSeenSetIsBounded(t *testing.T) {
	s := newSeenSet(3)
	for i := range 10 {
		s.add(fmt.Sprint(i))
	}
	assert.Len(t, s.keys, 3)
	for i := range 10 {
		assert.Equal(t, i >= 7, s.has(fmt.Sprint(i)), "key %d", i)
	}
	s.add("9")
	assert.Len(t, s.keys, 3, "re-adding a key keeps one copy")
}
