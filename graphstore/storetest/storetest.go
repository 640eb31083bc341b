// Package storetest is the conformance suite every graphstore.Store
// passes, so that the backends give identical answers.
//
// A backend's test calls Run with a constructor for an empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graphstore.Store {
//			s := memory.New()
//			t.Cleanup(func() { _ = s.Close(context.Background()) })
//			return s
//		})
//	}
//
// newStore is called once per subtest and must return a store that holds
// nothing (a backend sharing one database wipes it). Subtests run one after
// another, never in parallel. The suite may Close the store itself, so
// cleanups must tolerate a second Close. Expected values come from each
// test's own construction, never from the store under test.
package storetest

import (
	"testing"

	"github.com/colineage/colineage/graphstore"
)

// Run runs the conformance suite against stores made by newStore.
func Run(t *testing.T, newStore func(t *testing.T) graphstore.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s graphstore.Store)
	}{
		{"NodeUpsertMerge", testNodeUpsertMerge},
		{"EdgeUpsertMerge", testEdgeUpsertMerge},
		{"FirstLastSeen", testFirstLastSeen},
		{"EdgePropsFollowLatest", testEdgePropsFollowLatest},
		{"KeyedBatchIdempotent", testKeyedBatchIdempotent},
		{"UnkeyedBatchRepeated", testUnkeyedBatchRepeated},
		{"Counts", testCounts},
		{"MissingEndpoint", testMissingEndpoint},
		{"InvalidBatch", testInvalidBatch},
		{"InvalidOptions", testInvalidOptions},
		{"Lookups", testLookups},
		{"PropertyNormalisation", testPropertyNormalisation},
		{"ReservedLookingKeys", testReservedLookingKeys},
		{"Traverse", testTraverse},
		{"TraverseCycles", testTraverseCycles},
		{"TraverseFullRecords", testTraverseFullRecords},
		{"TraverseMaxNodes", testTraverseMaxNodes},
		{"TraverseMatchesReference", testTraverseReference},
		{"Paths", testPaths},
		{"PathsErrors", testPathsErrors},
		{"PathsMatchReference", testPathsReference},
		{"Find", testFind},
		{"DeleteNode", testDeleteNode},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ConcurrentKeyedBatch", testConcurrentKeyedBatch},
		{"ContextCancelled", testContextCancelled},
		{"Close", testClose},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}
