// Package procstat reads what the examples' benchmarks report of a
// process: the CPU time it has used and its peak resident set size. It
// reads Linux's /proc; elsewhere the answers are not ok.
package procstat

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// Self names the running process to PeakRSS and CPUTime.
const Self = 0

// PeakRSS returns the high-water resident set size of process pid (Self:
// this one), in bytes.
func PeakRSS(pid int) (int64, bool) {
	b, err := os.ReadFile(procFile(pid, "status"))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err == nil {
				return kb << 10, true
			}
		}
	}
	return 0, false
}

// CPUTime returns the user and system CPU time process pid (Self: this
// one) has used. This process's comes from getrusage; another's from
// /proc/<pid>/stat, in clock ticks of 1/100 s.
func CPUTime(pid int) (time.Duration, bool) {
	if pid == Self {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0, false
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
	}
	b, err := os.ReadFile(procFile(pid, "stat"))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count from
	// after it. utime and stime are fields 14 and 15.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	var ut, st int64
	if _, err := fmt.Sscan(f[11], &ut); err != nil {
		return 0, false
	}
	if _, err := fmt.Sscan(f[12], &st); err != nil {
		return 0, false
	}
	return time.Duration(ut+st) * (time.Second / 100), true
}

func procFile(pid int, name string) string {
	if pid == Self {
		return "/proc/self/" + name
	}
	return fmt.Sprintf("/proc/%d/%s", pid, name)
}
