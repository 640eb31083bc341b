//go:build unix

package compliance_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time: unlike ns/op it does
// not grow when other jobs share the machine's cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return runtimeCPU()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
