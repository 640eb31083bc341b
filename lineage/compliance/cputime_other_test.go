//go:build !unix

package compliance_test

import "time"

// cpuTime is the Go runtime's estimate of the CPU time the process used
// (no getrusage here).
func cpuTime() time.Duration { return runtimeCPU() }
