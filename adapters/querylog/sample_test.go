package querylog

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/colineage/colineage/lineage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sample warehouse: the same week as a Redshift and a Snowflake log.
var sampleDir = filepath.Join("..", "..", "testdata", "warehouse")

func readSample(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(sampleDir, filepath.FromSlash(name)))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSampleWarehouseRedshift(t *testing.T) {
	users, err := ReadPGUsers(readSample(t, "redshift/pg_user.csv"))
	require.NoError(t, err)
	src := NewRedshift(readSample(t, "redshift/stl_querytext.csv"), WithUsers(users))
	sts, bad := drain(t, src)
	require.Empty(t, bad)

	// Count the export's queries and aborted queries independently.
	raw, err := csv.NewReader(readSample(t, "redshift/stl_querytext.csv")).ReadAll()
	require.NoError(t, err)
	queries, aborted := map[string]bool{}, map[string]bool{}
	for _, r := range raw[1:] {
		queries[r[3]] = true
		if r[6] == "1" {
			aborted[r[3]] = true
		}
	}
	require.NotEmpty(t, aborted)
	assert.Len(t, sts, len(queries)-len(aborted))
	st := src.Stats()
	assert.Equal(t, int64(len(aborted)), st.SkippedByReason[SkipFailed])
	assert.Equal(t, int64(len(raw)-1), st.Records)

	names := map[string]bool{}
	for _, n := range users {
		names[n] = true
	}
	for _, s := range sts {
		assert.True(t, utf8.ValidString(s.SQL), s.Context.QueryID)
		assert.NotContains(t, s.SQL, `\n`, s.Context.QueryID)
		assert.Equal(t, s.SQL, strings.TrimSpace(s.SQL), s.Context.QueryID)
		assert.True(t, names[s.Context.User], "user %q", s.Context.User)
		assert.Equal(t, "elearn", s.Context.Database)
		assert.False(t, s.Context.At.IsZero())
	}
}

func TestSampleWarehouseLogsAgree(t *testing.T) {
	users, err := ReadPGUsers(readSample(t, "redshift/pg_user.csv"))
	require.NoError(t, err)
	rs, bad := drain(t, NewRedshift(readSample(t, "redshift/stl_querytext.csv"), WithUsers(users)))
	require.Empty(t, bad)
	sfSrc := NewSnowflake(readSample(t, "snowflake/query_history.csv"))
	sf, bad := drain(t, sfSrc)
	require.Empty(t, bad)
	assert.Equal(t, map[string]int64{SkipFailed: 1}, sfSrc.Stats().SkippedByReason, "one failed query")

	// The same activity: every Redshift statement was also run on
	// Snowflake at the same millisecond, spelled the Snowflake way.
	type key struct {
		at   time.Time
		user string
	}
	bySF := map[key]lineage.Statement{}
	for _, s := range sf {
		bySF[key{s.Context.At.Truncate(time.Millisecond), strings.ToLower(s.Context.User)}] = s
		assert.Equal(t, "ELEARN", s.Context.Database)
		assert.NotEmpty(t, s.Context.Schema)
		assert.Equal(t, strings.ToUpper(s.Context.Schema), s.Context.Schema)
	}
	toRedshift := strings.NewReplacer("CREATE TEMPORARY TABLE", "CREATE TEMP TABLE", "elearn.", "", "FROM users\n", "FROM raw.users\n")
	unloads, temps := 0, 0
	for _, r := range rs {
		s, ok := bySF[key{r.Context.At.Truncate(time.Millisecond), r.Context.User}]
		if !assert.True(t, ok, "no Snowflake twin of Redshift query %s", r.Context.QueryID) {
			continue
		}
		if strings.HasPrefix(r.SQL, "UNLOAD") {
			unloads++
			assert.True(t, strings.HasPrefix(s.SQL, "COPY INTO @"), s.SQL)
			continue
		}
		if strings.HasPrefix(r.SQL, "CREATE TEMP TABLE") {
			temps++
		}
		assert.Equal(t, r.SQL, toRedshift.Replace(s.SQL), "query %s", r.Context.QueryID)
	}
	assert.Equal(t, 1, unloads)
	assert.NotZero(t, temps)
}

func TestSampleWarehouseSnowflakeJSONMatchesCSV(t *testing.T) {
	fromCSV, bad := drain(t, NewSnowflake(readSample(t, "snowflake/query_history.csv")))
	require.Empty(t, bad)
	jsonSrc := NewSnowflake(readSample(t, "snowflake/query_history.jsonl"))
	fromJSON, bad := drain(t, jsonSrc)
	require.Empty(t, bad)
	require.Len(t, fromJSON, len(fromCSV))
	for i := range fromCSV {
		c, j := fromCSV[i], fromJSON[i]
		assert.Equal(t, c.SQL, j.SQL)
		c.Context.Origin, j.Context.Origin = "", ""
		assert.Equal(t, c.Context, j.Context)
	}
	assert.Equal(t, map[string]int64{SkipFailed: 1}, jsonSrc.Stats().SkippedByReason)
}
