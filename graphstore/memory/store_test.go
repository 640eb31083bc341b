package memory_test

import (
	"context"
	"testing"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graphstore.Store {
		s := memory.New()
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		return s
	})
}
