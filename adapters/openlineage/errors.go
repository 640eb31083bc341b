package openlineage

import (
	"errors"
	"fmt"
)

// ErrInvalidEvent is matched (errors.Is) by every *EventError.
var ErrInvalidEvent = errors.New("openlineage: invalid event")

// EventError is one event of a batch that could not be read or applied.
// The rest of the batch goes on.
type EventError struct {
	// Line is the 1-based line of the event in a JSON-lines input, or its
	// 1-based position in a POSTed array.
	Line int64
	// RunID and Job name the event when they could be read.
	RunID, Job string
	// Field is the JSON path of the offending field ("run.runId",
	// "outputs[0].facets.columnLineage"), empty when the whole event is
	// unreadable.
	Field  string
	Reason string
	// Err is the cause, if any.
	Err error
}

// Error names the event, the field and the reason.
func (e *EventError) Error() string {
	s := fmt.Sprintf("openlineage: event %d", e.Line)
	if e.Job != "" {
		s += " (job " + e.Job
		if e.RunID != "" {
			s += ", run " + e.RunID
		}
		s += ")"
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	s += ": " + e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes errors.Is(err, ErrInvalidEvent) hold.
func (e *EventError) Is(target error) bool { return target == ErrInvalidEvent }

// Unwrap returns the cause.
func (e *EventError) Unwrap() error { return e.Err }
