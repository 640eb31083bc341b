//go:build unix

package lineage

import (
	"syscall"
	"time"
)

// processCPU reads the CPU time the process has used (user and system, all
// threads, the garbage collector's included): time it waited for a core on
// a loaded machine does not count.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
