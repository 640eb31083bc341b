package neo4j

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore"
)

// selfSigned writes a fresh self-signed certificate for localhost and
// 127.0.0.1 into dir as public.crt and private.key (PKCS#8), the files the
// test server's --tls-dir reads, and returns a pool trusting it.
func selfSigned(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "localhost"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "public.crt"),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "private.key"),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), 0o600))
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

// TestTLS starts a server of its own that requires TLS, with a
// self-signed certificate, and checks what each URI scheme does with it.
func TestTLS(t *testing.T) {
	serverConfig(t)
	if testing.Short() {
		t.Skip("starts its own Neo4j server; skipped with -short")
	}
	tlsDir := t.TempDir()
	pool := selfSigned(t, tlsDir)
	srv := &server{dir: launcherDir(t), runDir: t.TempDir(), port: freePort(t), extra: []string{"--tls-dir", tlsDir}}
	srv.start(t)
	t.Cleanup(srv.stop)
	hostPort := "127.0.0.1:" + strconv.Itoa(srv.port)
	localhost := "localhost:" + strconv.Itoa(srv.port)
	assert.Equal(t, "bolt+ssc://"+hostPort, srv.uri)

	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"bolt+ssc accepts the self-signed certificate", Config{URI: "bolt+ssc://" + hostPort}, true},
		{"neo4j+ssc routes over TLS", Config{URI: "neo4j+ssc://" + hostPort}, true},
		{"neo4j+s verifies against the given roots", Config{URI: "neo4j+s://" + localhost, TLSConfig: &tls.Config{RootCAs: pool}}, true},
		{"bolt+s verifies against the given roots", Config{URI: "bolt+s://" + hostPort, TLSConfig: &tls.Config{RootCAs: pool}}, true},
		{"bolt+s rejects an unknown authority", Config{URI: "bolt+s://" + hostPort}, false},
		{"plain bolt is refused by a TLS-only server", Config{URI: "bolt://" + hostPort}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			s, err := Open(ctx, tc.cfg)
			if !tc.ok {
				require.Error(t, err)
				assert.False(t, errors.Is(err, graphstore.ErrInvalid), "%v", err)
				t.Logf("as expected: %v", err)
				return
			}
			require.NoError(t, err)
			defer s.Close(ctx)
			require.True(t, tc.cfg.encrypted())
			n := graphstore.Node{ID: "tls:" + tc.name, Kind: "Column"}
			require.NoError(t, s.Upsert(ctx, graphstore.Batch{Nodes: []graphstore.Node{n}}))
			got, err := s.Node(ctx, n.ID)
			require.NoError(t, err)
			assert.Equal(t, n, got)
		})
	}
}
