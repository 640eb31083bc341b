//go:build unix

package main

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuClock names the clock the side-by-side table's times come from.
const cpuClock = "CPU time of the process (CLOCK_PROCESS_CPUTIME_ID)"

// cpuNow reads the CPU time the process has used, all threads (the
// garbage collector's included). The peers' harness reads the same clock
// (Python's time.process_time), so a core taken by another program on a
// loaded machine counts for neither side.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}
