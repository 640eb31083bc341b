package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// postEvents emits one RunEvent twice with openlineage-python's own HTTP
// transport (the one Airflow and Spark integrations configure for
// Marquez), authenticated by an API key, and prints each answer's body.
const postEvents = `
import json, os, uuid
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.transport.http import HttpConfig, HttpTransport

ns = "redshift://examplecluster.us-west-2:5439"
transport = HttpTransport(HttpConfig.from_dict({
    "url": os.environ["COLINEAGE_URL"],
    "auth": {"type": "api_key", "apiKey": os.environ["COLINEAGE_TOKEN"]},
}))
client = OpenLineageClient(transport=transport)
lineage = cl.ColumnLineageDatasetFacet(fields={"email": cl.Fields(inputFields=[
    cl.InputField(namespace=ns, name="elearn.raw.users", field="email")])})
ev = RunEvent(
    eventType=RunState.COMPLETE, eventTime="2026-11-02T06:00:00Z",
    run=Run(runId=str(uuid.uuid5(uuid.NAMESPACE_URL, "airflow/crm_sync"))),
    job=Job(namespace="airflow", name="crm_sync.copy_audience"),
    inputs=[InputDataset(namespace=ns, name="elearn.raw.users")],
    outputs=[OutputDataset(namespace=ns, name="elearn.crm.audience_copy", facets={"columnLineage": lineage})],
)
for _ in range(2):
    print(json.dumps(transport.emit(ev).json()))
`

// TestOpenLineageClientPostsToShim: events from openlineage-python's HTTP
// transport land in the shim's graph, and the same event again is a
// duplicate.
func TestOpenLineageClientPostsToShim(t *testing.T) {
	py := os.Getenv("COLINEAGE_PYTHON")
	if py == "" {
		t.Skip("COLINEAGE_PYTHON is unset: name a Python with the packages of .ci/requirements.txt to post events with openlineage-python")
	}
	base := startShim(t, config{addr: "127.0.0.1:0", sample: true, timeout: time.Minute, token: "ol-token", policy: "off"})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", postEvents)
	cmd.Env = append(os.Environ(), "COLINEAGE_URL="+base, "COLINEAGE_TOKEN=ol-token")
	out, err := cmd.Output()
	require.NoError(t, err, "openlineage-python: %s", out)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Len(t, lines, 2, "%s", out)
	var sums [2]struct{ Applied, Duplicates, Edges int }
	for i, l := range lines {
		require.NoError(t, json.Unmarshal([]byte(l), &sums[i]), l)
	}
	assert.Equal(t, 1, sums[0].Applied)
	assert.Equal(t, 1, sums[0].Edges)
	assert.Equal(t, 1, sums[1].Duplicates)
	assert.Equal(t, 0, sums[1].Applied)

	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/trace?column="+url.QueryEscape("elearn.crm.audience_copy.email"), nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer ol-token")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var tr struct {
		Nodes []struct{ ID string } `json:"nodes"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&tr))
	var ids []string
	for _, n := range tr.Nodes {
		ids = append(ids, n.ID)
	}
	// The producer's namespace maps to the sample's own Redshift node.
	assert.Contains(t, ids, "redshift://elearn.raw.users.email", "the event's edge joins the sample's graph")
}
