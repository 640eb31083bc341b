package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/lineage"
)

// plural writes n and word, with an s when n is not 1.
func plural(n int64, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// when writes a time in UTC, or says it is unknown (a log without times).
func when(t time.Time) string {
	if t.IsZero() {
		return "time unknown"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// unknownColumn returns nil when c is a column of the graph, and otherwise
// an error that says so with the nearest names the graph has.
func unknownColumn(ctx context.Context, store graphstore.Store, flagName string, c lineage.Column) error {
	_, err := store.Node(ctx, lineage.ColumnNodeID(c))
	if err == nil {
		return nil
	}
	if !errors.Is(err, graphstore.ErrNotFound) {
		return err
	}
	nodes, err := store.Find(ctx, graphstore.Query{Kind: lineage.NodeColumn})
	if err != nil {
		return err
	}
	want := strings.ToLower(display(c))
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, n := range nodes {
		_, name, ok := strings.Cut(n.ID, "://")
		if !ok {
			name = n.ID
		}
		cs = append(cs, cand{name, distance(want, strings.ToLower(name))})
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].name < cs[j].name
	})
	var near []string
	for _, x := range cs[:min(3, len(cs))] {
		near = append(near, x.name)
	}
	msg := fmt.Sprintf("-%s %s: no such column in this log", flagName, display(c))
	if len(near) > 0 {
		msg += "; nearest: " + strings.Join(near, ", ")
	}
	return errors.New(msg)
}

// distance is the Levenshtein distance between a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
