package openlineage

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCustomFacetSchemas: the _schemaURL of each custom facet names a
// schema committed under spec/, whose $id is that URL and whose $defs hold
// the facet.
func TestCustomFacetSchemas(t *testing.T) {
	for _, url := range []string{QueryFacetURL, OccurrencesFacetURL} {
		doc, def, ok := strings.Cut(url, "#/$defs/")
		require.True(t, ok, url)
		b, err := os.ReadFile(filepath.Join("spec", path.Base(doc)))
		require.NoError(t, err)
		var s struct {
			ID   string                     `json:"$id"`
			Defs map[string]json.RawMessage `json:"$defs"`
		}
		require.NoError(t, json.Unmarshal(b, &s))
		assert.Equal(t, doc, s.ID)
		assert.Contains(t, s.Defs, def)
	}
}
