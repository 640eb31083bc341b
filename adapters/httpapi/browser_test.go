package httpapi

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium finds a headless Chromium: COLINEAGE_CHROMIUM, else chromium
// in PATH (the Debian package .ci/run installs).
func chromium(t *testing.T) string {
	if p := os.Getenv("COLINEAGE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium: install the Debian package chromium or set COLINEAGE_CHROMIUM to a Chromium binary to run the browser test")
	return ""
}

func headless(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=10000"}
	out, err := exec.CommandContext(ctx, bin, append(base, args...)...).Output()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// TestViewInChromium loads /view in a real headless Chromium: the page's
// script fetches the picture and draws it; the DOM after the scripts ran
// must hold the nodes and edges, coloured raw and masked. A screenshot is
// kept in build/browser/ at the repository's root.
func TestViewInChromium(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(New(fixtureEngine(t), WithPlatform("postgres"), WithToken("tok"), WithLogger(discardLogger())))
	defer srv.Close()
	page := srv.URL + "/view?direction=downstream&column=" + url.QueryEscape("shop.raw.users.email") + "#token=tok"

	dom := headless(t, bin, "--dump-dom", page)
	nodes := regexp.MustCompile(`<g class="node" data-id="([^"]+)" data-pii="(\w*)"`).FindAllStringSubmatch(dom, -1)
	edges := regexp.MustCompile(`<g class="edge" `).FindAllString(dom, -1)
	require.Len(t, nodes, 3, "nodes drawn in:\n%s", dom)
	assert.Len(t, edges, 2)
	pii := map[string]string{}
	for _, m := range nodes {
		pii[m[1]] = m[2]
	}
	assert.Equal(t, map[string]string{
		"postgres://shop.raw.users.email":           "raw",
		"postgres://shop.crm.contacts.email":        "raw",
		"postgres://shop.mart.user_keys.email_hash": "masked",
	}, pii)
	assert.Contains(t, dom, `data-nodes="3"`)
	assert.Contains(t, dom, ">TRANSFORMATION</text>")

	// Without the token the page shows the API's error instead.
	dom = headless(t, bin, "--dump-dom", strings.TrimSuffix(page, "#token=tok"))
	assert.Contains(t, dom, "unauthorized: missing or wrong bearer token")

	dir, err := filepath.Abs(filepath.Join("..", "..", "build", "browser"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	shot := filepath.Join(dir, "view.png")
	headless(t, bin, "--window-size=1200,500", "--screenshot="+shot, page)
	st, err := os.Stat(shot)
	require.NoError(t, err)
	assert.Greater(t, st.Size(), int64(1000))
	t.Logf("screenshot: %s", shot)
}
