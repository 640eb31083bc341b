package sqlparse

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// threadClock reads the CPU time of the calling thread: time the thread
// was descheduled (a loaded machine) does not count. The caller locks its
// goroutine to the thread (lockClock).
func threadClock() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}

// lockClock ties the goroutine to its thread so that threadClock measures it.
func lockClock() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
