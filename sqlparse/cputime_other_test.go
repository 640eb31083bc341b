//go:build !linux

package sqlparse

import "time"

// threadClock is wall time where the thread's CPU time is not read.
func threadClock() time.Duration { return time.Duration(time.Now().UnixNano()) }

func lockClock() func() { return func() {} }
