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

	"github.com/chromedp/chromedp"
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

// TestViewClickExpands clicks a node of /view in a real headless Chromium
// (driven by chromedp): the page adds the column to its start columns and
// redraws, so the graph grows by what lies around the clicked column.
func TestViewClickExpands(t *testing.T) {
	bin := chromium(t)
	srv := httptest.NewServer(New(fixtureEngine(t), WithPlatform("postgres"), WithToken("tok"), WithLogger(discardLogger())))
	defer srv.Close()
	page := srv.URL + "/view?direction=both&depth=1&column=" + url.QueryEscape("shop.crm.contacts.email") + "#token=tok"

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTime()

	const drawn = `[...document.querySelectorAll("#graph g.node")].map(n => n.dataset.id).sort()`
	users := chromedp.CSS(`#graph g.node[data-id="postgres://shop.raw.users.email"]`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`body[data-nodes]`))))
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawn))
	require.NoError(t, err)
	// Redrawing takes milliseconds; a page that ignores the click fails in
	// 30 s rather than at the test's deadline.
	cctx, cancelClick := context.WithTimeout(ctx, 30*time.Second)
	defer cancelClick()
	require.NoError(t, chromedp.Do(cctx, chromedp.Click(users), chromedp.WaitVisible(chromedp.CSS(`body[data-nodes="3"]`))),
		"the graph did not grow after the click")
	after, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](drawn))
	require.NoError(t, err)
	edges, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#graph g.edge").length`))
	require.NoError(t, err)
	assert.Equal(t, []string{"postgres://shop.crm.contacts.email", "postgres://shop.raw.users.email"}, before,
		"depth 1 around the CRM copy: the copy and its source")
	assert.Equal(t, []string{"postgres://shop.crm.contacts.email", "postgres://shop.mart.user_keys.email_hash", "postgres://shop.raw.users.email"}, after,
		"clicking the source adds its other downstream column, the hash")
	assert.Equal(t, 2, edges)
}
