package sqlparse

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// insertTarget returns the decoded target and column list of an INSERT.
func insertTarget(t *testing.T, s *Statement) ([]string, []string) {
	t.Helper()
	ins, ok := s.Nodes[0].(*ast.InsertStmt)
	require.True(t, ok, "%T", s.Nodes[0])
	ts, ok := ins.Table.TableRefs.Left.(*ast.TableSource)
	require.True(t, ok)
	tn, ok := ts.Source.(*ast.TableName)
	require.True(t, ok)
	var cols []string
	for _, c := range ins.Columns {
		cols = append(cols, partsOf(s.ColumnName(c))...)
	}
	return partsOf(s.TableName(tn)), cols
}

// INSERT INTO db.sch.t (cols) SELECT .. (a target of three parts with a
// column list, the commonest ETL statement) parses in every dialect that
// names tables in three parts, and the target decodes to its three parts.
func TestInsertThreePartTargetWithColumns(t *testing.T) {
	for _, d := range Dialects() {
		if d == MySQL || d == Hive {
			continue // two-level names: checked below
		}
		t.Run(d.String(), func(t *testing.T) {
			s := parseOne(t, "INSERT INTO db.sch.tgt (a, b) SELECT x, y FROM db.sch.src", d)
			assert.Equal(t, KindInsert, s.Kind)
			tgt, cols := insertTarget(t, s)
			assert.Equal(t, []string{"db", "sch", "tgt"}, tgt)
			assert.Equal(t, []string{"a", "b"}, cols)
			s = parseOne(t, "INSERT INTO db.sch.tgt(a) VALUES (1)", d)
			tgt, cols = insertTarget(t, s)
			assert.Equal(t, []string{"db", "sch", "tgt"}, tgt)
			assert.Equal(t, []string{"a"}, cols)
		})
	}
	for _, d := range []Dialect{MySQL, Hive} {
		s := parseOne(t, "INSERT INTO db.tgt (a, b) SELECT x, y FROM db.src", d)
		tgt, cols := insertTarget(t, s)
		assert.Equal(t, []string{"db", "tgt"}, tgt, d.String())
		assert.Equal(t, []string{"a", "b"}, cols, d.String())
	}
	// keywords and quoted parts in the target's name
	s := parseOne(t, `INSERT INTO "Db".dbo."order" ("Key", value) SELECT a, b FROM s`, TSQL)
	tgt, cols := insertTarget(t, s)
	assert.Equal(t, []string{`"Db"`, "dbo", `"order"`}, tgt)
	assert.Equal(t, []string{`"Key"`, "value"}, cols)
}

// WITH before MERGE opens each part MERGE becomes; Databricks' UPDATE SET
// * and INSERT * become inserts of the source's columns marked BY NAME.
func TestMergeForms(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"with merge", TSQL, "WITH s AS (SELECT k, v FROM src) MERGE t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET t.v = s.v WHEN NOT MATCHED BY TARGET THEN INSERT (k, v) VALUES (s.k, s.v);",
			"WITH `s` AS (SELECT `k`,`v` FROM `src`) UPDATE `t` JOIN `s` ON `t`.`k`=`s`.`k` SET `t`.`v`=`s`.`v`; INSERT INTO `t` (`k`,`v`) WITH `s` AS (SELECT `k`,`v` FROM `src`) SELECT `s`.`k`,`s`.`v` FROM `s`", KindMerge},
		{"case in a branch condition and a set value", Snowflake, "MERGE INTO t USING s ON t.k = s.k WHEN MATCHED AND CASE WHEN s.d THEN 1 END = 1 THEN UPDATE SET t.v = CASE WHEN s.v IS NULL THEN t.v ELSE s.v END WHEN NOT MATCHED THEN INSERT (k) VALUES (s.k)",
			"UPDATE `t` JOIN `s` ON `t`.`k`=`s`.`k` SET `t`.`v`=CASE WHEN `s`.`v` IS NULL THEN `t`.`v` ELSE `s`.`v` END; INSERT INTO `t` (`k`) SELECT `s`.`k` FROM `s`", KindMerge},
		{"update set star", Hive, "MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
			"INSERT INTO `t` SELECT /*+ QB_NAME(`colineage_by_name`)*/ * FROM `s`; INSERT INTO `t` SELECT /*+ QB_NAME(`colineage_by_name`)*/ * FROM `s`", KindMerge},
		{"redshift simplified merge remove duplicates", Redshift, "MERGE INTO dw.t USING st.s AS s ON dw.t.id = s.id REMOVE DUPLICATES;",
			"INSERT INTO `dw`.`t` SELECT * FROM `st`.`s` AS `s`", KindMerge},
		{"snowflake update all by name, insert all by name", Snowflake, "MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE ALL BY NAME WHEN NOT MATCHED THEN INSERT ALL BY NAME",
			"INSERT INTO `t` SELECT /*+ QB_NAME(`colineage_by_name`)*/ * FROM `s`; INSERT INTO `t` SELECT /*+ QB_NAME(`colineage_by_name`)*/ * FROM `s`", KindMerge},
	})
}

// INSERT ALL|FIRST becomes one INSERT per INTO: its VALUES over the query,
// or the query's columns in order; a WHEN condition filters its INTOs'
// rows, ELSE takes none.
func TestMultiTableInsert(t *testing.T) {
	runRewriteCases(t, []rewriteCase{
		{"insert all", Snowflake, "INSERT ALL WHEN a > 1 THEN INTO t1 (x) VALUES (a) INTO t2 ELSE INTO t3 (y, z) VALUES (b, a) SELECT a, b FROM s",
			"INSERT INTO `t1` (`x`) SELECT `a` FROM (SELECT `a`,`b` FROM `s`) AS `colineage_multi_insert` WHERE `a`>1; " +
				"INSERT INTO `t2` SELECT * FROM (SELECT `a`,`b` FROM `s`) AS `colineage_multi_insert` WHERE `a`>1; " +
				"INSERT INTO `t3` (`y`,`z`) SELECT `b`,`a` FROM (SELECT `a`,`b` FROM `s`) AS `colineage_multi_insert`", KindInsert},
		{"insert overwrite all", Snowflake, "INSERT OVERWRITE ALL INTO t1 (x) VALUES (a) INTO t2 (y) VALUES (b) SELECT a, b FROM s",
			"INSERT INTO `t1` (`x`) SELECT `a` FROM (SELECT `a`,`b` FROM `s`) AS `colineage_multi_insert`; " +
				"INSERT INTO `t2` (`y`) SELECT `b` FROM (SELECT `a`,`b` FROM `s`) AS `colineage_multi_insert`", KindInsert},
		{"redshift append from", Redshift, "ALTER TABLE sch.t APPEND FROM sch.stage IGNOREEXTRA",
			"INSERT INTO `sch`.`t` SELECT /*+ QB_NAME(`colineage_by_name`)*/ * FROM `sch`.`stage`", KindInsert},
		{"insert first unconditional", Snowflake, "INSERT FIRST INTO db.s.t1 INTO db.s.t2 SELECT a FROM s",
			"INSERT INTO `db.s`.`t1` SELECT `a` FROM `s`; INSERT INTO `db.s`.`t2` SELECT `a` FROM `s`", KindInsert},
	})
}

// Snowflake's CREATE TASK .. AS stmt is the statement the task runs.
func TestCreateTaskBody(t *testing.T) {
	s := parseOne(t, "CREATE OR REPLACE TASK db.s.load WAREHOUSE = wh SCHEDULE = '5 MINUTE' AS INSERT INTO db.s.t (a) SELECT a FROM db.s.u", Snowflake)
	assert.Equal(t, KindInsert, s.Kind)
	target, cols := insertTarget(t, s)
	assert.Equal(t, []string{"db", "s", "t"}, target)
	assert.Equal(t, []string{"a"}, cols)
	s = parseOne(t, "CREATE TASK t2 AFTER t1 AS CALL p()", Snowflake)
	assert.Equal(t, KindUtility, s.Kind)
}
