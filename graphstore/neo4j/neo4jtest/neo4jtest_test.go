package neo4jtest

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLockFileExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := lockFile(path)
	require.NoError(t, err)
	var got atomic.Bool
	done := make(chan struct{})
	go func() {
		u2, err := lockFile(path)
		if err == nil {
			got.Store(true)
			u2()
		}
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	assert.False(t, got.Load(), "a second holder waits while the first holds the lock")
	unlock()
	<-done
	assert.True(t, got.Load())
}
