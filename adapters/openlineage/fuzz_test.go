package openlineage

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
)

// FuzzReceive: any body is read without a panic; each event is applied or
// is an *EventError, and the counts add up.
func FuzzReceive(f *testing.F) {
	f.Add([]byte(goodEvent("1")))
	f.Add([]byte("[" + goodEvent("1") + "," + goodEvent("2") + "]"))
	if b, err := os.ReadFile(producerEvents); err == nil {
		for _, line := range bytes.Split(b, []byte("\n")) {
			f.Add(line)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := NewConsumer(lineage.NewEngine(memory.New(), nil))
		sum, err := c.Receive(context.Background(), bytes.NewReader(body))
		if err != nil {
			t.Fatalf("Receive: %v", err)
		}
		if sum.Applied+sum.Duplicates+sum.Skipped+sum.Failed != sum.Events {
			t.Fatalf("counts do not add up: %+v", sum)
		}
		if int64(len(sum.Errors)) != sum.Failed {
			t.Fatalf("%d errors for %d failed events", len(sum.Errors), sum.Failed)
		}
	})
}
