package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// runNotebook executes a notebook headless with nbclient and fails on any
// cell error.
const runNotebook = `
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3").execute()
print("notebook ran:", sum(1 for c in nb.cells if c.cell_type == "code"), "code cells")
`

// TestNotebook runs examples/notebook/lineage.ipynb against a shim on the
// sample warehouse, through the Python of COLINEAGE_PYTHON (.ci/run makes
// a venv from .ci/requirements.txt).
func TestNotebook(t *testing.T) {
	py := os.Getenv("COLINEAGE_PYTHON")
	if py == "" {
		t.Skip("COLINEAGE_PYTHON is unset: name a Python with the packages of .ci/requirements.txt to run the notebook")
	}
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, token: "nb-token"})
	nb, err := filepath.Abs(filepath.Join("..", "notebook", "lineage.ipynb"))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", runNotebook, nb)
	// Small pages, so that the sample's reports take several and the
	// notebook's paging is exercised.
	cmd.Env = append(os.Environ(), "COLINEAGE_URL="+base, "COLINEAGE_TOKEN=nb-token", "COLINEAGE_PAGE=4")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "notebook failed:\n%s", out)
	t.Logf("%s", out)
}
