package lineage

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/colineage/colineage/sqlparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlatformFold(t *testing.T) {
	tests := []struct {
		p    Platform
		id   sqlparse.Ident
		part NamePart
		want string
	}{
		{Snowflake, sqlparse.Ident{Name: "Orders"}, PartTable, "ORDERS"},
		{Snowflake, sqlparse.Ident{Name: "Orders", Quoted: true}, PartTable, "Orders"},
		{Postgres, sqlparse.Ident{Name: "Orders"}, PartTable, "orders"},
		{Postgres, sqlparse.Ident{Name: "Orders", Quoted: true}, PartColumn, "Orders"},
		{Redshift, sqlparse.Ident{Name: "AMOUNT"}, PartColumn, "amount"},
		{BigQuery, sqlparse.Ident{Name: "MyDataset"}, PartSchema, "MyDataset"},
		{BigQuery, sqlparse.Ident{Name: "MyTable"}, PartTable, "MyTable"},
		{BigQuery, sqlparse.Ident{Name: "Amount"}, PartColumn, "amount"},
		{MySQL, sqlparse.Ident{Name: "Orders"}, PartTable, "orders"},
		{MySQL, sqlparse.Ident{Name: "Orders", Quoted: true}, PartColumn, "orders"},
		{BigQuery, sqlparse.Ident{Name: "Amount", Quoted: true}, PartColumn, "amount"},
		{Hive, sqlparse.Ident{Name: "Orders"}, PartTable, "orders"},
		{Trino, sqlparse.Ident{Name: "Orders"}, PartTable, "orders"},
		{Generic, sqlparse.Ident{Name: "Orders"}, PartTable, "orders"},
	}
	for _, tc := range tests {
		t.Run(string(tc.p)+"/"+tc.id.Name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.p.Fold(tc.id, tc.part))
		})
	}
}

func TestPlatformDatasetAndIDs(t *testing.T) {
	tests := []struct {
		name string
		p    Platform
		in   string
		def  Defaults
		want string
	}{
		{"snowflake full", Snowflake, "analytics.public.orders", Defaults{}, "snowflake://ANALYTICS.PUBLIC.ORDERS"},
		{"snowflake defaults", Snowflake, "orders", Defaults{Database: "analytics", Schema: "public"}, "snowflake://ANALYTICS.PUBLIC.ORDERS"},
		{"snowflake schema.table", Snowflake, "raw.orders", Defaults{Database: "analytics", Schema: "public"}, "snowflake://ANALYTICS.RAW.ORDERS"},
		{"postgres quoted", Postgres, `public."Orders"`, Defaults{}, `postgres://public.Orders`},
		{"quoted with dot", Postgres, `"my.schema".t`, Defaults{}, `postgres://"my.schema".t`},
		{"mysql two-level", MySQL, "shop.orders", Defaults{}, "mysql://shop.orders"},
		{"mysql default db", MySQL, "orders", Defaults{Database: "Shop"}, "mysql://shop.orders"},
		{"hive", Hive, "DW.Sales", Defaults{}, "hive://dw.sales"},
		{"spark catalogs keep the catalog", Hive, "Main.Silver.Orders", Defaults{}, "hive://main.silver.orders"},
		{"two catalogs stay apart", Hive, "dev.silver.orders", Defaults{}, "hive://dev.silver.orders"},
		{"spark's session catalog is the default one", Hive, "Spark_Catalog.DW.Sales", Defaults{}, "hive://dw.sales"},
		{"bigquery case-sensitive", BigQuery, "`my-proj`.Sales.Orders", Defaults{}, `bigquery://"my-proj".Sales.Orders`},
		{"database without schema", Generic, "t", Defaults{Database: "db"}, "sql://db..t"},
		{"four parts keep the linked server", MSSQL, "Srv.dw.sales.orders", Defaults{}, `mssql://"srv.dw".sales.orders`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := tc.p.DatasetFromString(tc.in, tc.def)
			assert.Equal(t, tc.want, ds.ID())
		})
	}
	ds := Snowflake.DatasetFromString("a.b.c", Defaults{})
	col := Snowflake.Column(ds, sqlparse.Ident{Name: "amount"})
	assert.Equal(t, "snowflake://A.B.C.AMOUNT", col.ID())
	assert.Equal(t, "A.B.C", ds.QualifiedName())
	assert.Equal(t, "s3://bucket/path/", Location("s3://bucket/path/").ID())
	assert.Equal(t, "s3://bucket/path/#x", Column{Dataset: Location("s3://bucket/path/"), Name: "x"}.ID())
	assert.Equal(t, "snowflake://A.B.C", Column{Dataset: ds}.ID())
	view := ds
	view.Kind = KindView
	assert.True(t, view.SameAs(ds))
}

func TestQualifiedNameAndColumnIDQuoting(t *testing.T) {
	long := strings.Repeat("x", 120)
	tests := []struct {
		name          string
		col           Column
		wantQualified string
		wantColumnID  string
	}{
		{"plain", Column{Dataset: Dataset{Platform: Postgres, Database: "db", Schema: "s", Name: "t"}, Name: "c"}, "db.s.t", "postgres://db.s.t.c"},
		{"quote doubled", Column{Dataset: Dataset{Platform: Postgres, Schema: `a"b`, Name: "t"}, Name: `c"d`}, `"a""b".t`, `postgres://"a""b".t."c""d"`},
		{"empty name part", Column{Dataset: Dataset{Platform: Generic, Name: ""}, Name: "c"}, `""`, `sql://"".c`},
		{"database without schema", Column{Dataset: Dataset{Platform: Generic, Database: "db", Name: "t"}, Name: "c"}, "db..t", "sql://db..t.c"},
		{"longer than the stack buffer", Column{Dataset: Dataset{Platform: Snowflake, Database: long, Schema: long, Name: "t"}, Name: "c"}, long + "." + long + ".t", "snowflake://" + long + "." + long + ".t.c"},
		{"location", Column{Dataset: Location("s3://b/p/"), Name: "c"}, "s3://b/p/", "s3://b/p/#c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.wantQualified, tc.col.Dataset.QualifiedName())
			assert.Equal(t, tc.wantColumnID, tc.col.ID())
		})
	}
}

func TestSplitName(t *testing.T) {
	tests := map[string][]sqlparse.Ident{
		"a.b.c":       {{Name: "a"}, {Name: "b"}, {Name: "c"}},
		`"A.B".c`:     {{Name: "A.B", Quoted: true}, {Name: "c"}},
		"[dbo].[T x]": {{Name: "dbo", Quoted: true}, {Name: "T x", Quoted: true}},
		"`p-1`.d.t":   {{Name: "p-1", Quoted: true}, {Name: "d"}, {Name: "t"}},
		"t":           {{Name: "t"}},
		"":            nil,
		`"unclosed.x`: {{Name: `"unclosed`}, {Name: "x"}},
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, SplitName(in))
		})
	}
}

func TestTransformString(t *testing.T) {
	assert.Equal(t, "DIRECT/IDENTITY", Transform{}.String())
	assert.Equal(t, "INDIRECT/GROUP_BY", Transform{Type: Indirect, Subtype: GroupBy}.String())
	assert.Equal(t, "DIRECT/TRANSFORMATION/MASKED", Transform{Subtype: Transformation, Masking: true}.String())
	assert.Equal(t, "view", KindView.String())
}

func TestMemoryCatalog(t *testing.T) {
	ctx := context.Background()
	c := NewMemoryCatalog()
	ds := Generic.DatasetFromString("s.t", Defaults{})
	v0 := c.Version()
	require.NoError(t, c.Define(ctx, ds, []string{"a", "b"}))
	assert.Greater(t, c.Version(), v0)
	cols, ok, err := c.Columns(ctx, ds)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, []string{"a", "b"}, cols)

	require.NoError(t, c.AddColumns(ctx, ds, []string{"c"}))
	require.NoError(t, c.RenameColumn(ctx, ds, "a", "z"))
	cols, _, _ = c.Columns(ctx, ds)
	assert.Equal(t, []string{"z", "b", "c"}, cols)

	to := Generic.DatasetFromString("s.u", Defaults{})
	require.NoError(t, c.Rename(ctx, ds, to))
	_, ok, _ = c.Columns(ctx, ds)
	assert.False(t, ok)
	_, ok, _ = c.Columns(ctx, to)
	assert.True(t, ok)

	err = c.Rename(ctx, ds, to)
	assert.True(t, errors.Is(err, ErrUnknownDataset))
	assert.ErrorIs(t, c.AddColumns(ctx, ds, []string{"x"}), ErrUnknownDataset)

	require.NoError(t, c.Drop(ctx, to))
	assert.Equal(t, 0, c.Len())
}

func TestLoadSchemaJSON(t *testing.T) {
	ctx := context.Background()
	c := NewMemoryCatalog()
	n, err := c.LoadSchemaJSON(ctx, strings.NewReader(`{"sales.orders": {"ID": "int", "amount": "", "Zeta": ""}, "t": {}}`), Snowflake, Defaults{Database: "dw"})
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	cols, ok, _ := c.Columns(ctx, Snowflake.DatasetFromString("dw.sales.orders", Defaults{}))
	require.True(t, ok)
	assert.Equal(t, []string{"ID", "AMOUNT", "ZETA"}, cols, "order kept, names folded")

	for _, bad := range []string{`[1]`, `{"t": [1]}`, `{"t": {"a": }`, ``} {
		_, err := NewMemoryCatalog().LoadSchemaJSON(ctx, strings.NewReader(bad), Generic, Defaults{})
		assert.ErrorIs(t, err, ErrSchemaFormat, bad)
	}
	n, err = NewMemoryCatalog().LoadSchemaJSON(ctx, strings.NewReader(`{}`), Generic, Defaults{})
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestDecodeSchemaJSONNamesThePlace(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`null`, "document: want an object of tables, got null"},
		{`{"": {"a": "int"}}`, `table "": name "": byte 1: empty`},
		{`{"t": {"": "int"}}`, `table "t" column "": name "": byte 1: empty`},
		{`{"a.b.c.d.e": {"x": "int"}}`, `table "a.b.c.d.e": 5 parts, at most 4`},
		{`{"t": null}`, `table "t": want an object of column -> type, got null`},
		{`{"t": {"a": 5}}`, `table "t" column "a": want a type name (a string, "" when unknown), got a number`},
		{`{"t": {"a": "int"}} {"u": {}}`, `text after the document ('{')`},
		{`{"t": {"a": "int"}} x`, `invalid character 'x'`},
		{`{"t": {"a": "int"}, "t": {"b": "int"}}`, `table "t": appears twice`},
		{`{"t": {"a": "int", "a": "text"}}`, `table "t" column "a": appears twice`},
		{"{\"t\": {\"a\xff\": \"int\"}}", `byte 9: not valid UTF-8`},
		{`{"a..b": {"x": "int"}}`, `table "a..b": name "a..b": byte 3: empty part`},
		{`{"t": {"a": "int"}`, `document: unexpected EOF`},
		{`{"t": {"a.b": "int"}}`, `column "a.b": 2 parts, at most 1`},
	} {
		_, err := DecodeSchemaJSON(strings.NewReader(c.doc))
		require.Error(t, err, c.doc)
		assert.ErrorIs(t, err, ErrSchemaFormat, c.doc)
		assert.Contains(t, err.Error(), c.want, c.doc)
	}
	tables, err := DecodeSchemaJSON(strings.NewReader(`{"s.\"T x\"": {"b": "", "a": "int"}, "u": {}}`))
	require.NoError(t, err)
	assert.Equal(t, []SchemaTable{{Name: `s."T x"`, Columns: []string{"b", "a"}}, {Name: "u"}}, tables)
}

func FuzzDecodeSchemaJSON(f *testing.F) {
	for _, s := range []string{`{"raw.users": {"id": "int", "email": ""}}`, `null`, `{"t": null}`, `{"t": {"a": 1}}`, `{} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		tables, err := DecodeSchemaJSON(bytes.NewReader(doc))
		if err != nil {
			require.ErrorIs(t, err, ErrSchemaFormat)
			return
		}
		for _, tb := range tables {
			_, err := ParseName(tb.Name)
			require.NoError(t, err)
			for _, c := range tb.Columns {
				require.NotEmpty(t, c)
			}
		}
		_, err = NewMemoryCatalog().LoadSchemaJSON(context.Background(), bytes.NewReader(doc), Generic, Defaults{})
		require.NoError(t, err)
	})
}
