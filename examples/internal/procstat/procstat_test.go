package procstat

import (
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelfAndByPidAgree(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("procstat reads Linux's /proc")
	}
	// Burn some CPU so that both clocks have something to say.
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	_ = x
	self, ok := CPUTime(Self)
	require.True(t, ok)
	byPid, ok := CPUTime(os.Getpid())
	require.True(t, ok)
	assert.Positive(t, self)
	// /proc counts in ticks of 10 ms; allow for them and for the time
	// between the two reads.
	assert.InDelta(t, self.Seconds(), byPid.Seconds(), 0.1)

	rss, ok := PeakRSS(Self)
	require.True(t, ok)
	rssPid, ok := PeakRSS(os.Getpid())
	require.True(t, ok)
	assert.Greater(t, rss, int64(1<<20), "a Go test binary holds more than 1 MiB")
	assert.InDelta(t, float64(rss), float64(rssPid), float64(8<<20))

	_, ok = PeakRSS(-1)
	assert.False(t, ok, "no such process")
	_, ok = CPUTime(-1)
	assert.False(t, ok)
}
