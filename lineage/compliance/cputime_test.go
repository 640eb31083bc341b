package compliance_test

import (
	"runtime/metrics"
	"time"
)

// runtimeCPU is the Go runtime's estimate of the CPU time spent on Go code,
// garbage collection and returning memory to the system: the portable
// fallback of cpuTime (it misses time in system calls and cgo).
func runtimeCPU() time.Duration {
	samples := []metrics.Sample{
		{Name: "/cpu/classes/user:cpu-seconds"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/scavenge/total:cpu-seconds"},
	}
	metrics.Read(samples)
	var s float64
	for _, m := range samples {
		if m.Value.Kind() == metrics.KindFloat64 {
			s += m.Value.Float64()
		}
	}
	return time.Duration(s * float64(time.Second))
}
