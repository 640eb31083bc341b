package storetest_test

import (
	"context"
	"testing"

	"github.com/colineage/colineage/graphstore"
	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/graphstore/storetest"
)

// A backend runs the suite from its own tests, with a constructor that
// returns an empty store for every subtest. (Compiled, not run: Run needs
// the *testing.T of a test function.)
func ExampleRun() {
	_ = func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) graphstore.Store {
			s := memory.New()
			t.Cleanup(func() { _ = s.Close(context.Background()) })
			return s
		})
	}
}
