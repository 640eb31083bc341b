//go:build !unix

package main

import "time"

// cpuClock names the clock the side-by-side table's times come from.
const cpuClock = "wall clock (no process CPU clock on this platform)"

// cpuNow falls back to the wall clock where the process CPU clock is not
// available.
func cpuNow() time.Duration { return time.Duration(time.Now().UnixNano()) }
