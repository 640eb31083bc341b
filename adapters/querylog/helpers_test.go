package querylog

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/colineage/colineage/lineage"
	"github.com/stretchr/testify/require"
)

// drain reads a source to the end, collecting statements and input errors.
func drain(t *testing.T, src lineage.Source) ([]lineage.Statement, []*lineage.InputError) {
	t.Helper()
	var sts []lineage.Statement
	var bad []*lineage.InputError
	for i := 0; i < 1_000_000; i++ {
		st, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return sts, bad
		}
		var ie *lineage.InputError
		if errors.As(err, &ie) {
			require.ErrorIs(t, err, lineage.ErrMalformedInput)
			bad = append(bad, ie)
			continue
		}
		require.NoError(t, err)
		sts = append(sts, st)
	}
	t.Fatal("source never ended")
	return nil, nil
}

func sqls(sts []lineage.Statement) []string {
	out := make([]string, len(sts))
	for i, s := range sts {
		out[i] = s.SQL
	}
	return out
}

// stlChunks splits sql the way STL_QUERYTEXT stores it: newlines written
// as the two characters \n, then cut every size bytes (not runes), and
// each chunk's trailing blanks trimmed as an RTRIM-ing export does.
func stlChunks(sql string, size int) []string {
	b := []byte(strings.ReplaceAll(sql, "\n", `\n`))
	var out []string
	for len(b) > 0 {
		n := min(size, len(b))
		out = append(out, strings.TrimRight(string(b[:n]), " "))
		b = b[n:]
	}
	return out
}

type stlRow struct {
	query, seq int
	user       string
	aborted    string
	text       string
}

// stlCSV writes rows as a client's CSV export of STL_QUERYTEXT joined
// with STL_QUERY.
func stlCSV(t testing.TB, rows []stlRow) string {
	t.Helper()
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	require.NoError(t, w.Write([]string{"userid", "xid", "pid", "query", "starttime", "database", "aborted", "sequence", "text"}))
	for _, r := range rows {
		ab := r.aborted
		if ab == "" {
			ab = "0"
		}
		user := r.user
		if user == "" {
			user = "100"
		}
		require.NoError(t, w.Write([]string{user, strconv.Itoa(9000 + r.query), "1073", strconv.Itoa(r.query),
			"2026-11-02 08:15:03.123456", "elearn", ab, strconv.Itoa(r.seq), r.text}))
	}
	w.Flush()
	require.NoError(t, w.Error())
	return sb.String()
}

func rowsFor(query int, sql string, size int) []stlRow {
	var rows []stlRow
	for i, c := range stlChunks(sql, size) {
		rows = append(rows, stlRow{query: query, seq: i, text: c})
	}
	return rows
}
