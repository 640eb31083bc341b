//go:build unix

package memory_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used,
// so benchmarks on a shared machine can report work, not waiting.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
