package lineage

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic caught inside an Ingest: in a store's Upsert, a
// Source, a Catalog, a progress callback or the Engine itself. A panic in
// a store write, the source or the batching stops the Ingest, which
// returns it (wrapped); a panic while one statement is worked on fails
// that statement only (Summary.Errors, reason FailAnalysis). Record
// returns one for a panic in the store's Upsert. It matches
// ErrInternal with errors.Is, and the panic value when that is an error.
type PanicError struct {
	// Where names the part of the Ingest that panicked: "store write",
	// "source", "batching" or "statement".
	Where string
	// Value is the value passed to panic.
	Value any
	// Stack is the panicking goroutine's stack, for logs. It is not part
	// of the message.
	Stack []byte
}

// maxPanicText bounds the panic value quoted in a PanicError's message.
const maxPanicText = 300

// Error names where the panic happened and its value (cut, printable
// characters only), without the stack.
func (e *PanicError) Error() string {
	return "lineage: panic in " + e.Where + ": " + cleanLabel(fmt.Sprint(e.Value), maxPanicText)
}

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Is reports whether target is ErrInternal: a panic is a fault of the
// program, never of the input.
func (e *PanicError) Is(target error) bool { return target == ErrInternal }

// newPanicError records a recovered panic value and the current stack;
// call it in the deferred function that recovered.
func newPanicError(where string, v any) *PanicError {
	return &PanicError{Where: where, Value: v, Stack: debug.Stack()}
}
