package lineage_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/colineage/colineage/graphstore/memory"
	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// TestNoLiteralInErrorsOrGraph ingests a log whose statements carry e-mail
// addresses and numbers in literals and comments, many of them broken, and
// scans every error string of the Summary, every progress report and
// every node and edge of the graph for them.
func TestNoLiteralInErrorsOrGraph(t *testing.T) {
	var stmts []lineage.Statement
	var secrets []string
	stmts = append(stmts, ddl()...)
	for i := range 60 {
		mail := fmt.Sprintf("person%d@example.org", i)
		num := fmt.Sprintf("%d", 900000001+i*7919)
		secrets = append(secrets, mail, num)
		var sql string
		switch i % 6 {
		case 0:
			sql = fmt.Sprintf("SELECT email FROM customers WHERE email = '%s' AND id = %s", mail, num)
		case 1: // a syntax error right after the literals
			sql = fmt.Sprintf("SELECT email FROM customers WHERE email = '%s' AND id = %s ORDER BY BY id", mail, num)
		case 2: // an unterminated string
			sql = fmt.Sprintf("SELECT email FROM customers WHERE email = '%s AND id = %s", mail, num)
		case 3: // a literal in a comment before an error
			sql = fmt.Sprintf("SELECT /* %s */ amount FROM orders WHERE id = %s GROUP id", mail, num)
		case 4: // multi-line, the error on the second line
			sql = fmt.Sprintf("INSERT INTO t_%d SELECT amount FROM orders\nWHERE note = '%s' AND id = %s )", i, mail, num)
		default:
			sql = fmt.Sprintf("UPDATE customers SET email = '%s' WHERE id = %s", mail, num)
		}
		stmts = append(stmts, pg(sql, "u"+num[:3], "", day1))
	}
	var reports []string
	store := memory.New()
	eng := lineage.NewEngine(store, nil, lineage.WithMaxErrors(1000),
		lineage.WithProgress(0, func(p lineage.Progress) { reports = append(reports, fmt.Sprintf("%+v", p)) }))
	sum, err := eng.Ingest(context.Background(), lineage.Statements(stmts...))
	require.NoError(t, err)
	require.GreaterOrEqual(t, sum.FailedTotal(), int64(30), "the broken statements fail: %v", sum.Errors)

	var texts []string
	for _, e := range sum.Errors {
		texts = append(texts, e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e))
	}
	texts = append(texts, reports...)
	nodes, edges := storeDigest(t, store)
	for k, v := range nodes {
		texts = append(texts, k, v)
	}
	for k, v := range edges {
		texts = append(texts, k, v)
	}
	all := strings.Join(texts, "\n")
	for _, s := range secrets {
		assert.NotContains(t, all, s)
	}
	assert.False(t, regexp.MustCompile(`@example\.org`).MatchString(all), "no e-mail address anywhere")

	// The explicit option shows the text as written.
	raw := lineage.NewEngine(memory.New(), nil, lineage.WithRawErrorText())
	sum, err = raw.Ingest(context.Background(), lineage.Statements(stmts[len(ddl())+1]))
	require.NoError(t, err)
	require.Len(t, sum.Errors, 1)
	assert.Contains(t, sum.Errors[0].Error(), secrets[3], "the number as written")
	var pe *sqlparse.ParseError
	assert.True(t, errors.As(sum.Errors[0], &pe))
}

// TestBadContextIsOneBadRecord: a Source that hands over a user name that
// is not UTF-8 costs that statement, not the Ingest.
func TestBadContextIsOneBadRecord(t *testing.T) {
	stmts := append(ddl(),
		pg("CREATE TABLE t1 AS SELECT amount FROM orders", "\xff\xfe", "", day1),
		pg("CREATE TABLE t2 AS SELECT amount FROM orders", "etl", "", day1))
	store := memory.New()
	sum, err := lineage.NewEngine(store, nil).Ingest(context.Background(), lineage.Statements(stmts...))
	require.NoError(t, err)
	assert.EqualValues(t, 1, sum.Failed[lineage.FailInput])
	require.Len(t, sum.Errors, 1)
	assert.ErrorIs(t, sum.Errors[0], lineage.ErrMalformedInput)
	assert.Contains(t, sum.Errors[0].Error(), "user: byte 1 is not valid UTF-8")
	assert.NotContains(t, sum.Errors[0].Error(), "\xff", "the value itself is not quoted")
	var ie *lineage.InputError
	require.True(t, errors.As(sum.Errors[0], &ie))
	assert.EqualValues(t, 3, ie.Record)
	_, err = store.Edge(context.Background(), pgColumn(t, "orders", "amount").ID(), pgColumn(t, "t2", "amount").ID(), lineage.EdgeDirect)
	assert.NoError(t, err, "the statement after the bad one is written")
}
