package neo4j

import (
	"context"
	"crypto/tls"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

func TestConfigCheck(t *testing.T) {
	cases := []struct {
		name      string
		cfg       Config
		valid     bool
		encrypted bool
	}{
		{"bolt", Config{URI: "bolt://127.0.0.1:7687"}, true, false},
		{"neo4j routing", Config{URI: "neo4j://db.example.com"}, true, false},
		{"neo4j+s", Config{URI: "neo4j+s://db.example.com:7687", User: "neo4j", Password: "pw"}, true, true},
		{"bolt+s", Config{URI: "bolt+s://db.example.com"}, true, true},
		{"self-signed", Config{URI: "neo4j+ssc://10.0.0.1:7687"}, true, true},
		{"custom TLS config", Config{URI: "neo4j+s://db.example.com", TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}, true, true},
		{"http scheme", Config{URI: "http://127.0.0.1:7474"}, false, false},
		{"no scheme", Config{URI: "127.0.0.1:7687"}, false, false},
		{"empty", Config{}, false, false},
		{"no host", Config{URI: "bolt://"}, false, false},
		{"credentials in URI", Config{URI: "bolt://neo4j:secret@127.0.0.1:7687"}, false, false},
		{"password without user", Config{URI: "bolt://127.0.0.1", Password: "pw"}, false, false},
		{"negative batch size", Config{URI: "bolt://127.0.0.1", BatchSize: -1}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.check()
			if !tc.valid {
				require.ErrorIs(t, err, graphstore.ErrInvalid)
				assert.NotContains(t, err.Error(), "secret", "the error must not echo a password")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.encrypted, tc.cfg.encrypted())
			d, err := tc.cfg.newDriver()
			require.NoError(t, err, "the driver accepts the URI")
			require.NoError(t, d.Close(context.Background()))
		})
	}
}

func TestOpenInvalidConfigDoesNotConnect(t *testing.T) {
	_, err := Open(context.Background(), Config{URI: "mysql://127.0.0.1"})
	require.ErrorIs(t, err, graphstore.ErrInvalid)
}

func TestOpenUnreachable(t *testing.T) {
	// Nothing listens on port 1; for a +s scheme the driver must try (and
	// fail to reach) the server rather than reject the configuration.
	for _, uri := range []string{"bolt://127.0.0.1:1", "neo4j+s://127.0.0.1:1"} {
		t.Run(uri, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := Open(ctx, Config{URI: uri})
			require.Error(t, err)
			assert.False(t, errors.Is(err, graphstore.ErrInvalid), "%v", err)
		})
	}
}

func TestTLSSchemeAgainstPlainServer(t *testing.T) {
	// The test server speaks plain Bolt: a +ssc URI to it must fail in the
	// TLS handshake, which shows the scheme turns TLS on.
	cfg := serverConfig(t)
	u, err := url.Parse(cfg.URI)
	require.NoError(t, err)
	u.Scheme = "bolt+ssc"
	cfg.URI = u.String()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err = Open(ctx, cfg)
	require.Error(t, err)
	assert.False(t, errors.Is(err, graphstore.ErrInvalid), "%v", err)
	t.Logf("as expected: %v", err)
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("NEO4J_URI", "neo4j+s://db.example.com")
	t.Setenv("NEO4J_USER", "u")
	t.Setenv("NEO4J_PASSWORD", "p")
	t.Setenv("NEO4J_DATABASE", "lineage")
	c, ok := ConfigFromEnv()
	require.True(t, ok)
	assert.Equal(t, Config{URI: "neo4j+s://db.example.com", User: "u", Password: "p", Database: "lineage"}, c)
	t.Setenv("NEO4J_URI", "")
	_, ok = ConfigFromEnv()
	assert.False(t, ok)
}

func TestFoldAndSplit(t *testing.T) {
	t1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	nb, err := graphstore.NormalizeBatch(graphstore.Batch{
		Nodes: []graphstore.Node{
			{ID: "a", Kind: "Column", Tags: []string{"x"}, Props: map[string]any{"v": 1, "w": "keep"}},
			{ID: "b", Kind: "Column"},
			{ID: "a", Kind: "Field", Tags: []string{"y"}, Props: map[string]any{"v": nil}},
		},
		Edges: []graphstore.Edge{
			{From: "a", To: "b", Kind: "DERIVES", LastSeen: t2, Count: 2},
			{From: "a", To: "b", Kind: "FILTERS"},
			{From: "a", To: "b", Kind: "DERIVES", FirstSeen: t1, LastSeen: t1, Props: map[string]any{"p": true}},
		},
	})
	require.NoError(t, err)
	nodes, edges := foldNodes(nb.Nodes), foldEdges(nb.Edges)
	assert.Equal(t, []nodeRow{
		{id: "a", kind: "Field", tags: []string{"x", "y"}, props: map[string]any{"v": nil, "w": "keep"}},
		{id: "b", kind: "Column"},
	}, nodes)
	assert.Equal(t, []edgeRow{
		// The third write is older than the first: it counts, but its
		// properties do not replace those of the latest observation.
		{from: "a", to: "b", kind: "DERIVES", first: t1, last: t2, count: 3},
		{from: "a", to: "b", kind: "FILTERS", count: 1},
	}, edges)

	cases := []struct {
		name          string
		nodes, edges  int
		size          int
		wantPartSizes [][2]int // nodes, edges per part
	}{
		{"fits", 2, 3, 10, [][2]int{{2, 3}}},
		{"nodes then edges", 5, 7, 3, [][2]int{{3, 0}, {2, 1}, {0, 3}, {0, 3}}},
		{"edges only", 0, 5, 2, [][2]int{{0, 2}, {0, 2}, {0, 1}}},
		{"nodes only", 4, 0, 2, [][2]int{{2, 0}, {2, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parts := split(make([]nodeRow, tc.nodes), make([]edgeRow, tc.edges), tc.size)
			var got [][2]int
			for _, p := range parts {
				got = append(got, [2]int{len(p.nodes), len(p.edges)})
			}
			assert.Equal(t, tc.wantPartSizes, got)
		})
	}
}

func TestFilterExprUsesParameters(t *testing.T) {
	params := map[string]any{}
	evil := "x' OR 1=1 //"
	expr := filterExpr("n", "f", []graphstore.Filter{{Key: "name", Op: graphstore.Eq, Value: evil},
		{Key: "masking", Op: graphstore.Ne, Value: true}}, params)
	assert.Equal(t, "coalesce(n[$fk0] = $fv0, false) AND NOT coalesce(n[$fk1] = $fv1, false)", expr)
	assert.NotContains(t, expr, evil)
	assert.Equal(t, map[string]any{"fk0": "p_name", "fv0": evil, "fk1": "p_masking", "fv1": true}, params)
}
