package querylog

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormatByName(t *testing.T) {
	for _, f := range Formats() {
		for _, name := range append([]string{f.Name, strings.ToUpper(f.Name)}, f.Aliases...) {
			got, err := FormatByName(name)
			require.NoError(t, err, name)
			assert.Equal(t, f.Name, got.Name)
		}
	}
	_, err := FormatByName("nosuch")
	require.ErrorIs(t, err, ErrUnknownFormat)
	for _, n := range FormatNames() {
		assert.Contains(t, err.Error(), n, "the error lists the valid formats")
	}
}

// Each format's reader reads a minimal log of its kind, tagged with the
// format's dialect.
func TestFormatsOpen(t *testing.T) {
	logs := map[string]string{
		"redshift":  "query,sequence,text\n1,0,INSERT INTO a SELECT b FROM c\n",
		"snowflake": "QUERY_ID,QUERY_TEXT\nq1,INSERT INTO a SELECT b FROM c\n",
		"bigquery":  `{"job_id":"j1","query":"INSERT INTO d.a SELECT b FROM d.c"}` + "\n",
		"postgres": `2026-11-02 08:00:00.202 UTC,"etl","shop",4242,"10.0.0.5:51234",6564a3b1.1092,2,"idle",2026-11-02 07:59:59 UTC,3/17,0,LOG,00000,` +
			`"statement: INSERT INTO a SELECT b FROM c",,,,,,,,,"psql","client backend",,0` + "\n",
	}
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			log, ok := logs[f.Name]
			require.True(t, ok, "no test log for format %s", f.Name)
			st, err := f.Open(strings.NewReader(log)).Next(context.Background())
			require.NoError(t, err)
			assert.Equal(t, f.Dialect, st.Dialect)
			assert.Contains(t, st.SQL, "INSERT INTO")
		})
	}
}
