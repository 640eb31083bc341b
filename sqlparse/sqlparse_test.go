package sqlparse

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// collector gathers nodes of interest from a tree.
type collector struct {
	tables  []*ast.TableName
	columns []*ast.ColumnName
	sources []*ast.TableSource
	stars   []*ast.WildCardField
	fields  []*ast.SelectField
}

func (c *collector) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.TableName:
		c.tables = append(c.tables, n)
	case *ast.ColumnName:
		c.columns = append(c.columns, n)
	case *ast.TableSource:
		c.sources = append(c.sources, n)
	case *ast.SelectField:
		c.fields = append(c.fields, n)
		if n.WildCard != nil {
			c.stars = append(c.stars, n.WildCard)
		}
	}
	return n, false
}

func (c *collector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func collect(t *testing.T, s *Statement) *collector {
	t.Helper()
	c := &collector{}
	for _, n := range s.Nodes {
		n.Accept(c)
	}
	return c
}

func parseOne(t *testing.T, sql string, d Dialect) *Statement {
	t.Helper()
	stmts, err := Parse(sql, d)
	require.NoError(t, err)
	require.Len(t, stmts, 1)
	return stmts[0]
}

func partsOf(n Name) []string {
	var out []string
	for _, p := range n.Parts {
		if p.Quoted {
			out = append(out, `"`+p.Name+`"`)
		} else {
			out = append(out, p.Name)
		}
	}
	return out
}

func TestNamesDecode(t *testing.T) {
	tests := []struct {
		name    string
		d       Dialect
		sql     string
		tables  [][]string
		columns [][]string
	}{
		{"three-part table and four-part column", ANSI, "SELECT db.sch.tbl.col FROM db.sch.tbl",
			[][]string{{"db", "sch", "tbl"}}, [][]string{{"db", "sch", "tbl", "col"}}},
		{"quoted parts keep case and quotedness", Postgres, `SELECT o."Id" FROM "My Schema"."Orders" o`,
			[][]string{{`"My Schema"`, `"Orders"`}}, [][]string{{"o", `"Id"`}}},
		{"mixed quoting", Snowflake, `SELECT "T".c FROM db."S"."T"`,
			[][]string{{"db", `"S"`, `"T"`}}, [][]string{{`"T"`, "c"}}},
		{"bigquery backquoted path", BigQuery, "SELECT t.a FROM `proj.ds.t` AS t",
			[][]string{{`"proj"`, `"ds"`, `"t"`}}, [][]string{{"t", "a"}}},
		{"reserved word column", ANSI, "SELECT key FROM t",
			[][]string{{"t"}}, [][]string{{"key"}}},
		{"mysql backquotes", MySQL, "SELECT `a`.`b` FROM `a`",
			[][]string{{"a"}}, [][]string{{"a", "b"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := parseOne(t, tc.sql, tc.d)
			c := collect(t, s)
			var tables, columns [][]string
			for _, tn := range c.tables {
				tables = append(tables, partsOf(s.TableName(tn)))
			}
			for _, cn := range c.columns {
				columns = append(columns, partsOf(s.ColumnName(cn)))
			}
			assert.Equal(t, tc.tables, tables)
			assert.Equal(t, tc.columns, columns)
		})
	}
}

func TestNameSpans(t *testing.T) {
	sql := "SELECT 1\nFROM db.sch.tbl"
	s := parseOne(t, sql, ANSI)
	c := collect(t, s)
	require.Len(t, c.tables, 1)
	n := s.TableName(c.tables[0])
	assert.Equal(t, "db.sch.tbl", sql[n.Span.Start.Offset:n.Span.End.Offset])
	assert.Equal(t, Pos{Offset: 14, Line: 2, Column: 6}, n.Span.Start)
}

// TestBigQueryNamesWithBackquotes covers `p.d.t` with two to four parts,
// whose parts may hold an escaped backquote (the head, or the last part), a
// double quote or nothing: the name decodes to its parts and spans the token.
func TestBigQueryNamesWithBackquotes(t *testing.T) {
	for sql, want := range map[string][]string{
		"SELECT a FROM `p.d``x.t`":   {`"p"`, "\"d`x\"", `"t"`},
		"SELECT a FROM `p.d.t``y`":   {`"p"`, `"d"`, "\"t`y\""},
		"SELECT a FROM `p.d.t` AS x": {`"p"`, `"d"`, `"t"`},
		"SELECT a FROM `d.t`":        {`"d"`, `"t"`},
		"SELECT a FROM `o.p.d.t`":    {`"o"`, `"p"`, `"d"`, `"t"`},
		"SELECT a FROM `p..t`":       {`"p"`, `""`, `"t"`},
		"SELECT a FROM `p.d\"q.t`":   {`"p"`, `"d"q"`, `"t"`},
	} {
		s := parseOne(t, sql, BigQuery)
		c := collect(t, s)
		require.Len(t, c.tables, 1, sql)
		n := s.TableName(c.tables[0])
		assert.Equal(t, want, partsOf(n), sql)
		// the span is the whole backquoted token
		assert.Equal(t, strings.IndexByte(sql, '`'), n.Span.Start.Offset, sql)
		assert.Equal(t, strings.LastIndexByte(sql, '`')+1, n.Span.End.Offset, sql)
	}
}

func TestColumnsCountCharacters(t *testing.T) {
	// columns count characters, not bytes: 'é' and '€' are two and three bytes
	sql := "SELECT 'é€' AS x\nFROM db.sch.tbl WHERE 'é' = 'é' AND AND"
	_, err := Parse(sql, ANSI)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, Pos{Offset: strings.LastIndex(sql, "AND"), Line: 2, Column: 37}, pe.Pos)

	s := parseOne(t, "SELECT 'é€', x\nFROM db.sch.tbl", ANSI)
	n := s.TableName(collect(t, s).tables[0])
	assert.Equal(t, 2, n.Span.Start.Line)
	assert.Equal(t, 6, n.Span.Start.Column)
	s = parseOne(t, "SELECT 'é€' FROM db.sch.tbl", ANSI)
	n = s.TableName(collect(t, s).tables[0])
	assert.Equal(t, 18, n.Span.Start.Column)
	assert.Equal(t, len("SELECT 'é€' FROM "), n.Span.Start.Offset)
}

// TestNeverMisread proves that ||, "ident" and three-part names keep their
// meaning in every dialect where they have it.
func TestNeverMisread(t *testing.T) {
	for _, d := range []Dialect{ANSI, Postgres, Redshift, Snowflake, Trino} {
		t.Run(d.String(), func(t *testing.T) {
			s := parseOne(t, `SELECT a || b AS c, "col" FROM db.sch.t`, d)
			sel := s.Nodes[0].(*ast.SelectStmt)
			f0 := sel.Fields.Fields[0].Expr
			call, ok := f0.(*ast.FuncCallExpr)
			require.True(t, ok, "|| must be concatenation, got %T", f0)
			assert.Equal(t, "concat", call.FnName.L)
			col, ok := sel.Fields.Fields[1].Expr.(*ast.ColumnNameExpr)
			require.True(t, ok, `"col" must be a column, got %T`, sel.Fields.Fields[1].Expr)
			assert.Equal(t, []string{`"col"`}, partsOf(s.ColumnName(col.Name)))
			c := collect(t, s)
			require.Len(t, c.tables, 1)
			assert.Equal(t, []string{"db", "sch", "t"}, partsOf(s.TableName(c.tables[0])))
		})
	}
	for _, d := range []Dialect{BigQuery, Hive} {
		t.Run(d.String()+" strings", func(t *testing.T) {
			// "x" is a string in these dialects, || still concatenates
			s := parseOne(t, `SELECT a || b, "x" FROM t`, d)
			sel := s.Nodes[0].(*ast.SelectStmt)
			_, ok := sel.Fields.Fields[0].Expr.(*ast.FuncCallExpr)
			assert.True(t, ok)
			_, isCol := sel.Fields.Fields[1].Expr.(*ast.ColumnNameExpr)
			assert.False(t, isCol)
		})
	}
	t.Run("mysql keeps its own meaning", func(t *testing.T) {
		s := parseOne(t, `SELECT a || b FROM t`, MySQL)
		sel := s.Nodes[0].(*ast.SelectStmt)
		_, ok := sel.Fields.Fields[0].Expr.(*ast.BinaryOperationExpr)
		assert.True(t, ok, "|| is OR in MySQL")
	})
	t.Run("full join is never an alias", func(t *testing.T) {
		s := parseOne(t, "SELECT * FROM t FULL JOIN s ON t.a = s.a", ANSI)
		c := collect(t, s)
		for _, src := range c.sources {
			assert.NotEqual(t, "full", src.AsName.L)
		}
		assert.Len(t, c.tables, 2)
	})
}

func TestStarModifiers(t *testing.T) {
	s := parseOne(t, "SELECT t.* EXCLUDE (a, \"B\") RENAME (c AS d) REPLACE (e + 1 AS e) FROM t", Snowflake)
	c := collect(t, s)
	require.Len(t, c.stars, 1)
	m, ok := s.StarModifier(c.stars[0])
	require.True(t, ok)
	assert.Equal(t, []Ident{{Name: "a"}, {Name: "B", Quoted: true}}, m.Exclude)
	assert.Equal(t, map[string]Ident{"c": {Name: "d"}}, m.Rename)
	require.Contains(t, m.Replace, "e")
	assert.IsType(t, &ast.BinaryOperationExpr{}, m.Replace["e"])

	s = parseOne(t, "SELECT * EXCEPT (a) FROM t", BigQuery)
	c = collect(t, s)
	require.Len(t, c.stars, 1)
	m, ok = s.StarModifier(c.stars[0])
	require.True(t, ok)
	assert.Equal(t, []Ident{{Name: "a"}}, m.Exclude)

	// a star of the outer field list and one of a derived table: the
	// outer one alone does not account for both
	s = parseOne(t, "SELECT * EXCEPT (a), s.* EXCEPT (c) FROM (SELECT * EXCEPT (b) FROM t) s", BigQuery)
	c = collect(t, s)
	require.Len(t, c.stars, 3)
	var excluded []string
	for _, w := range c.stars {
		m, ok := s.StarModifier(w)
		require.True(t, ok)
		require.Len(t, m.Exclude, 1)
		excluded = append(excluded, m.Exclude[0].Name)
	}
	assert.ElementsMatch(t, []string{"a", "b", "c"}, excluded)

	s = parseOne(t, "SELECT * FROM t EXCEPT SELECT * FROM s", BigQuery)
	for _, w := range collect(t, s).stars {
		_, ok := s.StarModifier(w)
		assert.False(t, ok, "set operation EXCEPT is not a star modifier")
	}
}

func TestTableFuncs(t *testing.T) {
	tests := []struct {
		d    Dialect
		sql  string
		fn   string
		cols []string
	}{
		{Snowflake, "SELECT f.value FROM t, LATERAL FLATTEN(input => t.x) f", "FLATTEN", []string{"seq", "key", "path", "index", "value", "this"}},
		{BigQuery, "SELECT tag FROM t, UNNEST(t.tags) AS tag", "UNNEST", []string{"tag"}},
		{Trino, "SELECT x, y FROM t CROSS JOIN UNNEST(t.a, t.b) AS u(x, y)", "UNNEST", []string{"x", "y"}},
		{Hive, "SELECT x FROM t LATERAL VIEW explode(t.arr) tf AS x", "EXPLODE", []string{"x"}},
		{Postgres, "SELECT a FROM (VALUES (1), (2)) AS v(a)", "VALUES", []string{"a"}},
	}
	for _, tc := range tests {
		t.Run(tc.fn+" "+tc.d.String(), func(t *testing.T) {
			s := parseOne(t, tc.sql, tc.d)
			var found *ast.TableSource
			for _, src := range collect(t, s).sources {
				if _, ok := s.TableFunc(src); ok {
					found = src
				}
			}
			require.NotNil(t, found)
			f, _ := s.TableFunc(found)
			assert.Equal(t, tc.fn, f.Func)
			var cols []string
			for _, c := range found.ColumnNames {
				cols = append(cols, c.O)
			}
			assert.Equal(t, tc.cols, cols)
		})
	}
}

// TABLE(f(..)) of a function whose columns sqlparse does not know (a UDTF,
// INFORMATION_SCHEMA.QUERY_HISTORY, RESULT_SCAN) is opaque; one of known
// columns (FLATTEN), GENERATOR (which has none) or one given a column list
// is not.
func TestOpaqueTableFuncs(t *testing.T) {
	for sql, opaque := range map[string]bool{
		"SELECT a FROM TABLE(information_schema.query_history(end_time_range_start => CURRENT_TIMESTAMP())) q": true,
		"SELECT a FROM t, TABLE(my_udtf(t.x)) f":                       true,
		"SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))":            true,
		"SELECT f.value FROM t, TABLE(FLATTEN(input => t.x)) f":        false,
		"SELECT SEQ4() FROM TABLE(GENERATOR(ROWCOUNT => 10)) g":        false,
		"SELECT a, b FROM t, TABLE(my_udtf(t.x)) AS f(a, b)":           false,
		"SELECT f.value FROM t, LATERAL SPLIT_TO_TABLE(t.s, ',') AS f": false,
	} {
		s := parseOne(t, sql, Snowflake)
		var got []TableFunc
		for _, src := range collect(t, s).sources {
			if f, ok := s.TableFunc(src); ok {
				got = append(got, f)
			}
		}
		require.Len(t, got, 1, sql)
		assert.Equal(t, opaque, got[0].Opaque, sql)
	}
}

func TestStatementFlags(t *testing.T) {
	s := parseOne(t, "INSERT OVERWRITE TABLE t PARTITION (dt='2024-01-01', hr) SELECT a, hr FROM s", Hive)
	assert.True(t, s.Overwrite)
	assert.Equal(t, []PartitionColumn{{Name: Ident{Name: "dt"}, Static: true}, {Name: Ident{Name: "hr"}}}, s.Partition)

	s = parseOne(t, "ALTER TABLE t EXCHANGE PARTITION (dt='2024-01-01') WITH TABLE s", Hive)
	assert.False(t, s.Swap)
	assert.Equal(t, []PartitionColumn{{Name: Ident{Name: "dt"}, Static: true}}, s.Partition)

	s = parseOne(t, "ALTER TABLE t SWAP WITH s", Snowflake)
	assert.True(t, s.Swap)
	assert.Empty(t, s.Partition)
	// anything after the other table's name: not a swap TiDB can carry
	s = parseOne(t, "ALTER TABLE t SWAP WITH s x", Snowflake)
	assert.Equal(t, KindUtility, s.Kind)
	assert.False(t, s.Swap)

	s = parseOne(t, "CREATE OR REPLACE TEMPORARY TABLE t AS SELECT 1 AS a", Snowflake)
	assert.True(t, s.Replace)
	assert.True(t, s.Temporary)

	s = parseOne(t, "UNLOAD ('SELECT a FROM t') TO 's3://b/p/' IAM_ROLE 'x'", Redshift)
	assert.Equal(t, KindUnload, s.Kind)
	assert.Equal(t, "s3://b/p/", s.Location)
	require.Len(t, s.Nodes, 1)
	assert.IsType(t, &ast.SelectStmt{}, s.Nodes[0])

	s = parseOne(t, "COPY sales FROM 's3://b/sales.csv' IAM_ROLE 'x' CSV", Redshift)
	assert.Equal(t, KindCopy, s.Kind)
	assert.Equal(t, "s3://b/sales.csv", s.Location)
	load := s.Nodes[0].(*ast.LoadDataStmt)
	assert.Equal(t, "sales", load.Table.Name.O)
}

func TestSession(t *testing.T) {
	tests := []struct {
		d    Dialect
		sql  string
		want SessionChange
	}{
		{Postgres, "SET search_path TO analytics, public", SessionChange{SearchPath: []Ident{{Name: "analytics"}, {Name: "public"}}}},
		{Snowflake, "USE SCHEMA db.sch", SessionChange{Database: &Ident{Name: "db"}, Schema: &Ident{Name: "sch"}}},
		{Snowflake, "USE SCHEMA sch", SessionChange{Schema: &Ident{Name: "sch"}}},
		{Snowflake, "USE DATABASE db", SessionChange{Database: &Ident{Name: "db"}}},
		{Hive, "USE db", SessionChange{Database: &Ident{Name: "db"}}},
		{Snowflake, "USE db", SessionChange{Database: &Ident{Name: "db"}}}, // USE [DATABASE] name
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			s := parseOne(t, tc.sql, tc.d)
			assert.Equal(t, KindUse, s.Kind)
			require.NotNil(t, s.Session)
			assert.Equal(t, tc.want, *s.Session)
		})
	}
}

// SET of session variables to strings is recorded (a later TABLE($v) may
// name a table by them); other values are not.
func TestSetVars(t *testing.T) {
	tests := []struct {
		sql  string
		want []SetVar
	}{
		{"SET src = 'db.s.t'", []SetVar{{Name: Ident{Name: "src"}, Value: "db.s.t"}}},
		{"set (a, b) = ('x.y', 'it''s')", []SetVar{{Name: Ident{Name: "a"}, Value: "x.y"}, {Name: Ident{Name: "b"}, Value: "it's"}}},
		{"SET (a, b) = (1, 'x.y')", []SetVar{{Name: Ident{Name: "b"}, Value: "x.y"}}},
		{"SET n = 10", nil},
		{"SET d = CURRENT_DATE()", nil},
		{"SET s = 'a' || 'b'", nil},
	}
	for _, tc := range tests {
		t.Run(tc.sql, func(t *testing.T) {
			s := parseOne(t, tc.sql, Snowflake)
			assert.Equal(t, KindUtility, s.Kind)
			assert.Equal(t, tc.want, s.SetVars)
		})
	}
}

func TestUtility(t *testing.T) {
	for _, sql := range []string{"BEGIN", "COMMIT", "VACUUM t", "ANALYZE t", "GRANT SELECT ON t TO u", "SHOW TABLES", "USE WAREHOUSE wh", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
		"END IF", "x := 1", "/", "LOOP SET x = 1", "IF x > 1 THEN x := 2", "EXCEPTION WHEN OTHERS THEN RAISE"} {
		t.Run(sql, func(t *testing.T) {
			s := parseOne(t, sql, Postgres)
			assert.Equal(t, KindUtility, s.Kind)
			assert.Empty(t, s.Nodes)
		})
	}
}

func TestScript(t *testing.T) {
	sql := "SELECT 'a;b' AS x; -- c;\nSELECT 1 /* ; */;\n\nSELECT a FROM t WHERE ORDER;\nSELECT $$;$$"
	stmts, err := Parse(sql, Postgres)
	require.Error(t, err)
	require.Len(t, stmts, 3)
	assert.Equal(t, "SELECT 'a;b' AS x", stmts[0].Text)
	assert.Equal(t, "SELECT 1", stmts[1].Text)
	assert.Equal(t, Pos{Offset: strings.Index(sql, "SELECT $$"), Line: 5, Column: 1}, stmts[2].Span.Start)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 4, pe.Pos.Line)
	assert.Equal(t, 23, pe.Pos.Column)
	assert.Equal(t, "SELECT a FROM t WHERE ORDER;\n                      ^", pe.Snippet)
	assert.False(t, errors.Is(err, ErrUnsupported))
}

func TestErrorInThirdStatement(t *testing.T) {
	sql := "SELECT 1;\nSELECT x::int\n  FROM t;\nSELECT a,\n       b FROM t WHERE"
	stmts, err := Parse(sql, Redshift)
	require.Len(t, stmts, 2)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, Redshift, pe.Dialect)
	assert.Equal(t, 5, pe.Pos.Line)
	assert.Contains(t, pe.Reason, "end of statement")
	assert.Contains(t, pe.Error(), "redshift: line 5")
}

func TestErrorPositionThroughRewrite(t *testing.T) {
	// the bad token sits after rewritten text: the column is in the original
	sql := "SELECT a::int, \"Col\"::text, db.sch.t.c FROM db.sch.t WHERE WHERE"
	_, err := Parse(sql, Postgres)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 1, pe.Pos.Line)
	assert.Equal(t, strings.Index(sql, "WHERE WHERE")+7, pe.Pos.Column)
}

// TestQualifyAfterWindow: QUALIFY becomes HAVING, which TiDB takes before
// WINDOW only, so QUALIFY after its own query's WINDOW is unsupported,
// also in a subquery (where it was a syntax error).
func TestQualifyAfterWindow(t *testing.T) {
	for _, sql := range []string{
		"SELECT a FROM t WINDOW w AS (ORDER BY a) QUALIFY ROW_NUMBER() OVER w = 1",
		"SELECT * FROM (SELECT a FROM t WINDOW w AS (ORDER BY a) QUALIFY ROW_NUMBER() OVER w = 1) s",
	} {
		_, err := Parse(sql, Snowflake)
		assert.ErrorIs(t, err, ErrUnsupported, sql)
		assert.ErrorContains(t, err, "QUALIFY after WINDOW", sql)
	}
}

func TestUnsupported(t *testing.T) {
	for _, sql := range []string{
		"SELECT TOP 10 PERCENT a FROM t",
		"SELECT CAST(a AS mystery_type) FROM t",
		"SELECT a # b FROM t",
	} {
		t.Run(sql, func(t *testing.T) {
			_, err := Parse(sql, Redshift)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrUnsupported)
			var pe *ParseError
			assert.True(t, errors.As(err, &pe))
		})
	}
}

func TestPositionMapping(t *testing.T) {
	sql := "SELECT \"A\"::int AS x,\n  db.sch.t.c AS y FROM db.sch.t"
	s := parseOne(t, sql, Postgres)
	sel := s.Nodes[0].(*ast.SelectStmt)
	f := sel.Fields.Fields[1]
	p := s.Position(f.Offset)
	assert.Equal(t, 2, p.Line)
	assert.Equal(t, 3, p.Column)
	assert.Equal(t, strings.Index(sql, "db.sch.t.c"), p.Offset)
	assert.Equal(t, Pos{Offset: 0, Line: 1, Column: 1}, s.Span.Start)
	assert.Equal(t, len(sql), s.Span.End.Offset)
}

func TestNormalized(t *testing.T) {
	s := parseOne(t, "SELECT a FROM t WHERE email = 'alice@example.com' AND id = 42", Snowflake)
	assert.NotContains(t, s.Normalized(), "alice")
	assert.NotContains(t, s.Normalized(), "42")
	assert.NotEmpty(t, s.Digest())
	s2 := parseOne(t, "SELECT a FROM t WHERE email = 'bob@example.com' AND id = 7", Snowflake)
	assert.Equal(t, s.Digest(), s2.Digest())
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, sql := range []string{"", ";", ";;", "'", "\"", "$$", "/*", "(((", ")))", "SELECT ::", "SELECT a:", "[", "]", "SELECT * EXCLUDE", "MERGE", "UNLOAD", "COPY", "INSERT OVERWRITE", "WITH", "LATERAL VIEW", "SELECT ARRAY[", "FROM", "x::", "CREATE TABLE", "USE", "SET search_path"} {
		t.Run(sql, func(t *testing.T) {
			for _, d := range Dialects() {
				assert.NotPanics(t, func() {
					_, err := Parse(sql, d)
					assert.NotErrorIs(t, err, errInternal)
				})
			}
		})
	}
}

func TestNestedCopiesAreBounded(t *testing.T) {
	sql := "SELECT " + strings.Repeat("RATIO_TO_REPORT(", 40) + "x" + strings.Repeat(") OVER ()", 40) + " FROM t"
	_, err := Parse(sql, Redshift)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrUnsupported)
}

func TestMergeNodePositions(t *testing.T) {
	sql := "MERGE INTO t USING s ON t.id = s.id\nWHEN MATCHED THEN UPDATE SET t.a = s.a\nWHEN NOT MATCHED THEN INSERT (id, a) VALUES (s.id, s.a)"
	s := parseOne(t, sql, Snowflake)
	require.Equal(t, KindMerge, s.Kind)
	require.Len(t, s.Nodes, 2)
	ins := s.Nodes[1].(*ast.InsertStmt)
	sel := ins.Select.(*ast.SelectStmt)
	p := s.NodePosition(1, sel.Fields.Fields[0].Offset)
	assert.Equal(t, 3, p.Line)
	assert.Equal(t, strings.Index(sql, "s.id, s.a"), p.Offset)
}

func TestScriptWithoutSemicolons(t *testing.T) {
	// T-SQL (read as ansi) does not need semicolons between statements
	sql := "insert into tab1 select * from foo\ninsert into tab2 select * from bar"
	stmts, err := Parse(sql, ANSI)
	require.NoError(t, err)
	require.Len(t, stmts, 2)
	assert.Equal(t, "insert into tab2 select * from bar", stmts[1].Text)
	assert.Equal(t, 2, stmts[1].Span.Start.Line)

	// a real error on a line that starts with a keyword is still an error
	_, err = Parse("SELECT a FROM t WHERE\nSELECT", ANSI)
	var pe *ParseError
	require.True(t, errors.As(err, &pe))
}

func TestKeywordsStayKeywords(t *testing.T) {
	s := parseOne(t, "INSERT INTO t (a, b) VALUES (DEFAULT, 1)", Postgres)
	ins := s.Nodes[0].(*ast.InsertStmt)
	_, isDefault := ins.Lists[0][0].(*ast.DefaultExpr)
	assert.True(t, isDefault, "DEFAULT must stay the keyword, got %T", ins.Lists[0][0])

	s = parseOne(t, "SELECT SUM(x) OVER (ORDER BY y ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), key FROM t", Snowflake)
	assert.Equal(t, "SELECT SUM(`x`) OVER (ORDER BY `y` ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),`key` FROM `t`", restoreAll(s))
}

// annotationVisitor lists, in walk order, what a statement recorded for
// each star field and each table source of its trees.
type annotationVisitor struct {
	s   *Statement
	out []string
}

func (v *annotationVisitor) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SelectField:
		// (the walk does not enter a field's WildCardField)
		if x.WildCard != nil {
			m, ok := v.s.StarModifier(x.WildCard)
			v.out = append(v.out, fmt.Sprintf("W %v %s", ok, modString(m)))
		}
	case *ast.TableSource:
		f, ok := v.s.TableFunc(x)
		v.out = append(v.out, fmt.Sprintf("F %s %v %+v", x.AsName.O, ok, f))
	}
	return n, false
}

func (v *annotationVisitor) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// annotationsOf parses sql and lists the star modifiers and table
// functions of its trees, in walk order.
func annotationsOf(sql string, d Dialect) []string {
	stmts, _ := Parse(sql, d)
	v := &annotationVisitor{}
	for _, s := range stmts {
		v.s = s
		for _, n := range s.Nodes {
			n.Accept(v)
		}
	}
	return v.out
}

// TestShortWalksFindWhatTheWholeWalkFinds parses the rewrite cases, the
// shared corpus, table functions beside subqueries and star modifiers in
// subqueries in every dialect with and without topStars and topFuncs: the
// star modifiers and table functions found must be the same.
func TestShortWalksFindWhatTheWholeWalkFinds(t *testing.T) {
	sqls := sampleSQL(t,
		"SELECT x FROM t CROSS JOIN UNNEST(t.arr) AS u(x) WHERE x IN (SELECT v FROM s AS u)",
		"SELECT x FROM t CROSS JOIN UNNEST(t.arr) AS u(x), (SELECT 1 AS y FROM u) AS u",
		"SELECT * EXCEPT (a) FROM t CROSS JOIN UNNEST(t.arr) AS u(x)",
		"SELECT f.value FROM t, LATERAL FLATTEN(input => t.x) f JOIN f ON true",
		"SELECT * EXCEPT (a) FROM (SELECT * EXCEPT (b) FROM t) AS s",
		"SELECT * FROM (SELECT * EXCLUDE (b) FROM t) s",
	)
	annotations := func(short bool, sql string, d Dialect) []string {
		shortWalks = short
		defer func() { shortWalks = true }()
		return annotationsOf(sql, d)
	}
	for _, d := range Dialects() {
		for _, sql := range sqls {
			require.Equal(t, annotations(false, sql, d), annotations(true, sql, d), "%s: %s", d, sql)
		}
	}
}

// TestLoneSpaceBytes: where a token may start, TiDB skips the bytes 0x85 and
// 0xA0 (it tests unicode.IsSpace on a byte), so the tokenizer does too: the
// rewrites then see the tokens TiDB sees (here an overlong number, which
// TiDB's literal driver panics on unless it becomes a string). Inside a word
// either is a byte that is not UTF-8, and the statement an error.
func TestLoneSpaceBytes(t *testing.T) {
	long := "1" + strings.Repeat("0", 90)
	for _, sp := range []string{"\xa0", "\x85"} {
		s := parseOne(t, "SELECT a,"+sp+long+" FROM t", ANSI)
		assert.Contains(t, s.Rewritten, "'"+long+"'")
		s = parseOne(t, "SELECT a,"+sp+"b FROM t", ANSI)
		c := collect(t, s)
		require.Len(t, c.columns, 2)
		assert.Equal(t, []string{"b"}, partsOf(s.ColumnName(c.columns[1])))
		// inside a name the byte is not UTF-8: an error at its place, not
		// a name that TiDB would write with a '?'
		_, err := Parse("SELECT a"+sp+"b FROM t", ANSI)
		require.ErrorIs(t, err, ErrInvalidUTF8)
		var pe *ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, 9, pe.Pos.Column)
	}
}

// wideSQL returns statements with many star modifiers and table functions,
// some of them repeated, in the dialects that have them, and long lists of
// the items whose rewrites look back over the list (derived tables with
// column lists in FROM, INTERVAL select items).
func wideSQL(n int) map[Dialect]string {
	var stars, replaces, funcs, views, derived, intervals []string
	for i := range n {
		derived = append(derived, fmt.Sprintf("(SELECT %d) AS s%d(x)", i, i))
		intervals = append(intervals, fmt.Sprintf("INTERVAL '%d day'", i))
		stars = append(stars, fmt.Sprintf("t%d.* EXCLUDE (a%d) RENAME (b AS c%d)", i, i, i))
		replaces = append(replaces, fmt.Sprintf("* REPLACE (a + %d AS a)", i))
		funcs = append(funcs, fmt.Sprintf("CROSS JOIN UNNEST(t.arr%d) AS u%d(x%d)", i, i%(n/2+1), i))
		views = append(views, fmt.Sprintf("LATERAL VIEW explode(t.arr%d) v%d AS x%d", i, i, i))
	}
	return map[Dialect]string{
		Snowflake: "SELECT " + strings.Join(stars, ", ") + " FROM t",
		BigQuery:  "SELECT " + strings.Join(replaces, ", ") + " FROM t",
		Trino:     "SELECT * FROM t " + strings.Join(funcs, " "),
		Hive:      "SELECT * FROM t " + strings.Join(views, " "),
		Postgres:  "SELECT 1 FROM " + strings.Join(derived, ", "),
		Redshift:  "SELECT " + strings.Join(intervals, ", ") + " FROM t",
	}
}

// TestIndexedRecordsFindWhatTheScanFinds parses the corpus, the rewrite
// cases and wide statements in every dialect with the star and table
// function records always indexed and never: what StarModifier and
// TableFunc find must be the same.
func TestIndexedRecordsFindWhatTheScanFinds(t *testing.T) {
	sqls := sampleSQL(t)
	for _, sql := range wideSQL(40) {
		sqls = append(sqls, sql)
	}
	annotations := func(many int, sql string, d Dialect) []string {
		manyRecords = many
		defer func() { manyRecords = 16 }()
		return annotationsOf(sql, d)
	}
	for _, d := range Dialects() {
		for _, sql := range sqls {
			require.Equal(t, annotations(1<<30, sql, d), annotations(1, sql, d), "%s: %s", d, sql)
		}
	}
	// and at the usual threshold, the wide statements are indexed
	for _, d := range []Dialect{Snowflake, BigQuery, Trino, Hive} {
		sql := wideSQL(40)[d]
		s := parseOne(t, sql, d)
		found := 0
		v := &annotationVisitor{s: s}
		s.Nodes[0].Accept(v)
		for _, o := range v.out {
			if strings.Contains(o, " true ") {
				found++
			}
		}
		assert.GreaterOrEqual(t, found, 40, "%s", d)
		assert.True(t, s.ann.starIdx != nil || s.ann.funcIdx != nil, "%s: not indexed", d)
	}
}

// DuckDB's INSTALL, ATTACH, DETACH and PRAGMA move no data: utility
// statements, which do not stop a script.
func TestDuckDBUtilityStatements(t *testing.T) {
	sts, err := Parse("INSTALL httpfs; LOAD httpfs; ATTACH 'w.db' AS w; PRAGMA threads=4; DETACH w; CREATE TABLE t AS SELECT a FROM s", DuckDB)
	require.NoError(t, err)
	require.Len(t, sts, 6)
	for _, s := range sts[:5] {
		assert.Equal(t, KindUtility, s.Kind, s.Text)
	}
	assert.Equal(t, KindCreateTableAs, sts[5].Kind)
}
