package dbt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// drain reads a statement stream to its end.
func drain(t *testing.T, src lineage.Source) ([]lineage.Statement, []*lineage.InputError) {
	t.Helper()
	var sts []lineage.Statement
	var errs []*lineage.InputError
	for {
		st, err := src.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return sts, errs
		}
		var ie *lineage.InputError
		if errors.As(err, &ie) {
			errs = append(errs, ie)
			continue
		}
		require.NoError(t, err)
		sts = append(sts, st)
	}
}

func byOrigin(sts []lineage.Statement) map[string]lineage.Statement {
	m := map[string]lineage.Statement{}
	for _, s := range sts {
		m[s.Context.Origin] = s
	}
	return m
}

func problemFor(p *Project, id string) *NodeError {
	for _, e := range p.Problems {
		if e.UniqueID == id {
			return e
		}
	}
	return nil
}

func nodeIDs(ns []*Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.UniqueID)
	}
	return out
}

func TestLoadManifestVersions(t *testing.T) {
	tests := []struct {
		dir       string
		version   int
		dialect   sqlparse.Dialect
		nodes     int
		sources   int
		exposures int
	}{
		{"v10", 10, sqlparse.Postgres, 3, 2, 1},
		{"v11", 11, sqlparse.Snowflake, 7, 1, 0},
		{"v12", 12, sqlparse.BigQuery, 2, 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			p, err := Load(context.Background(), filepath.Join("testdata", tc.dir))
			require.NoError(t, err)
			assert.Equal(t, tc.version, p.SchemaVersion)
			assert.Equal(t, tc.dialect.String(), p.Dialect.String())
			assert.Len(t, p.Nodes, tc.nodes, "nodes: %v", nodeIDs(p.Nodes))
			assert.Len(t, p.Sources, tc.sources)
			assert.Len(t, p.Exposures, tc.exposures)
			for _, e := range p.Problems {
				assert.NotErrorIs(t, e, ErrUnsupportedVersion)
			}
		})
	}
}

func TestManifestV10(t *testing.T) {
	p, err := Load(context.Background(), "testdata/v10/manifest.json")
	require.NoError(t, err)
	assert.Equal(t, "shop", p.Name)

	// Parents first: the staging view before the incremental model.
	ids := nodeIDs(p.Nodes)
	assert.Less(t, indexOf(ids, "model.shop.stg_customers"), indexOf(ids, "model.shop.orders"))
	assert.NotContains(t, ids, "test.shop.not_null_orders_order_id.abc")

	// The malformed node is reported with its id; the rest is read.
	bad := problemFor(p, "model.shop.broken")
	require.NotNil(t, bad)
	assert.ErrorIs(t, bad, ErrMalformedNode)
	assert.ErrorIs(t, bad, lineage.ErrMalformedInput)

	sts, errs := drain(t, p.Statements())
	assert.Empty(t, errs)
	m := byOrigin(sts)
	require.Contains(t, m, "model.shop.stg_customers")
	assert.Equal(t, "CREATE VIEW \"analytics\".\"staging\".\"stg_customers\" AS\nselect id as customer_id, email, first_name from \"analytics\".\"raw\".\"customers\"", m["model.shop.stg_customers"].SQL)
	orders := m["model.shop.orders"]
	// No compiled code: rendered, full-refresh branch by default.
	assert.True(t, strings.HasPrefix(orders.SQL, "CREATE TABLE \"analytics\".\"marts\".\"Orders\" AS\nselect o.id"), orders.SQL)
	assert.Contains(t, orders.SQL, "from \"analytics\".\"raw\".\"orders\" o join \"analytics\".\"staging\".\"stg_customers\" c")
	assert.NotContains(t, orders.SQL, "max(order_id)")
	assert.Equal(t, "analytics", orders.Context.Database)
	assert.Equal(t, "marts", orders.Context.Schema)
	assert.Equal(t, sqlparse.Postgres.String(), orders.Dialect.String())

	// Identity: quoted parts keep their case, as Postgres stores them.
	ordersDS := p.Dataset(p.Node("model.shop.orders"))
	assert.Equal(t, "Orders", ordersDS.Name)
	assert.False(t, ordersDS.SameAs(lineage.Postgres.DatasetFromString("analytics.marts.Orders", lineage.Defaults{})), "unquoted Orders folds to orders")
	assert.True(t, ordersDS.SameAs(lineage.Postgres.DatasetFromString(`analytics.marts."Orders"`, lineage.Defaults{})))
	stg := p.Dataset(p.Node("model.shop.stg_customers"))
	assert.Equal(t, "postgres://analytics.staging.stg_customers", stg.ID())
	assert.Equal(t, lineage.KindView, stg.Kind)
	// The same table as a log query would name it is the same dataset.
	fromLog := lineage.Postgres.DatasetFromString("Analytics.Staging.STG_CUSTOMERS", lineage.Defaults{})
	assert.True(t, fromLog.SameAs(stg))

	// Tags: tag PII (any case), meta pii "yes", meta contains_pii true.
	pii := map[string]bool{}
	for _, tg := range p.Tags {
		pii[tg.UniqueID+"."+tg.Column] = tg.PII
		if tg.PII {
			assert.Contains(t, tg.Tags, PIITag)
		}
	}
	assert.Equal(t, map[string]bool{
		"source.shop.raw.customers.email": true, "source.shop.raw.customers.first_name": true,
		"source.shop.raw.customers.id": false, "model.shop.stg_customers.email": true,
	}, pii)

	require.Len(t, p.Exposures, 1)
	e := p.Exposures[0]
	assert.Equal(t, Owner{Name: "Finance", Email: "finance@example.com"}, e.Owner)
	assert.Equal(t, "dashboard", e.Type)
	require.Len(t, e.Reads, 1)
	assert.Equal(t, "Orders", e.Reads[0].Name)
	assert.Equal(t, lineage.KindDashboard, p.ExposureDataset(e).Kind)
	assert.Equal(t, "dbt://shop.revenue", p.ExposureDataset(e).ID())
	reads := p.ExposureReads(e)
	require.Len(t, reads, 1)
	assert.True(t, reads[0].SameAs(ordersDS))
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func TestManifestV11(t *testing.T) {
	p, err := Load(context.Background(), "testdata/v11", WithVars(map[string]any{"unused": 1}))
	require.NoError(t, err)
	sts, errs := drain(t, p.Statements())
	m := byOrigin(sts)

	// Ephemeral: analysed as a view under its would-be relation.
	require.Contains(t, m, "model.learn.int_users")
	assert.True(t, strings.HasPrefix(m["model.learn.int_users"].SQL, "CREATE VIEW ANALYTICS.DBT.int_users AS\nselect user_id, lower(email) as email from RAW.APP.users"), m["model.learn.int_users"].SQL)

	// A project macro dispatched to the adapter's variant, var with its
	// default, target.
	v2 := m["model.learn.dim_users.v2"].SQL
	assert.Contains(t, v2, "md5(email) as email_hash")
	assert.Contains(t, v2, "'eu' as region")
	assert.Contains(t, v2, "'dev' as env")
	assert.Contains(t, v2, "from ANALYTICS.DBT.int_users")

	// ref with v= and with a package; without a version the latest wins.
	rep := m["model.learn.users_v1_report"].SQL
	assert.Contains(t, rep, "from ANALYTICS.DBT.dim_users_v1 u join ANALYTICS.DBT.dim_users d")

	// Snapshot: a table.
	assert.True(t, strings.HasPrefix(m["snapshot.learn.users_snapshot"].SQL, "CREATE TABLE ANALYTICS.SNAPSHOTS.users_snapshot AS\nselect * from RAW.APP.users"))

	// Failures come in the stream as InputErrors and in Problems.
	failed := map[string]error{}
	for _, e := range errs {
		failed[e.Origin] = e
	}
	require.Contains(t, failed, "model.learn.with_utils")
	var re *RenderError
	require.ErrorAs(t, failed["model.learn.with_utils"], &re)
	assert.Equal(t, []string{"dbt_utils.star"}, re.Macros, "generate_surrogate_key is supported, star needs the warehouse")
	assert.ErrorIs(t, failed["model.learn.with_utils"], ErrRender)
	require.Contains(t, failed, "model.learn.py_model")
	assert.ErrorIs(t, failed["model.learn.py_model"], ErrNoSQL)
	assert.Len(t, p.Problems, 2)

	// Snowflake folds unquoted names up.
	assert.Equal(t, "snowflake://ANALYTICS.DBT.DIM_USERS", p.Dataset(p.Node("model.learn.dim_users.v2")).ID())
	var sensitive bool
	for _, tg := range p.Tags {
		if tg.UniqueID == "model.learn.dim_users.v2" && tg.Column == "email_hash" {
			sensitive = tg.PII
		}
	}
	assert.True(t, sensitive, "tag sensitive marks PII")
}

func TestManifestV12(t *testing.T) {
	p, err := Load(context.Background(), "testdata/v12/manifest.json")
	require.NoError(t, err)
	sts, errs := drain(t, p.Statements())
	assert.Empty(t, errs)
	m := byOrigin(sts)
	// Trailing semicolons go; BigQuery relations keep their backquotes.
	assert.Equal(t, "CREATE TABLE `my-proj`.`ads`.`campaign_stats` AS\nselect campaign, count(*) as clicks from `my-proj`.`ads`.`stg_clicks` group by 1", m["model.ads.campaign_stats"].SQL)

	// catalog.json: columns in index order.
	require.Len(t, p.Columns, 2)
	for _, tbl := range p.Columns {
		var names []string
		for _, c := range tbl.Columns {
			names = append(names, c.Name)
		}
		assert.Equal(t, []string{"campaign", "clicked_at", "ip"}, names, tbl.UniqueID)
	}
	cat := lineage.NewMemoryCatalog()
	n, err := p.DefineColumns(context.Background(), cat)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	cols, ok, err := cat.Columns(context.Background(), p.Dataset(p.Node("source.ads.web.clicks")))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{"campaign", "clicked_at", "ip"}, cols)

	// Column meta under config (dbt 1.10+) counts.
	require.Len(t, p.Tags, 1)
	assert.True(t, p.Tags[0].PII)
	assert.Equal(t, "ip", p.Tags[0].Column)

	// Exposures: the malformed one is reported, unknown depends_on skipped.
	require.Len(t, p.Exposures, 1)
	assert.Len(t, p.Exposures[0].Reads, 2)
	assert.Equal(t, "ads@example.com", p.Exposures[0].Owner.Email)
	assert.ErrorIs(t, problemFor(p, "exposure.ads.bad"), ErrMalformedNode)
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	t.Run("not a project", func(t *testing.T) {
		_, err := Load(context.Background(), t.TempDir())
		assert.ErrorIs(t, err, ErrNotProject)
	})
	t.Run("missing", func(t *testing.T) {
		_, err := Load(context.Background(), filepath.Join(dir, "nope"))
		assert.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("truncated json", func(t *testing.T) {
		_, err := Load(context.Background(), write("trunc/manifest.json", `{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, "nodes": {"model.a.b": {"name": `))
		assert.Error(t, err)
	})
	t.Run("not an object", func(t *testing.T) {
		_, err := Load(context.Background(), write("arr/manifest.json", `[1,2]`))
		assert.Error(t, err)
	})
	t.Run("unknown version", func(t *testing.T) {
		p, err := Load(context.Background(), write("v7/manifest.json", `{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v7.json", "adapter_type": "redshift"}, "nodes": {"model.a.m": {"resource_type": "model", "name": "m", "schema": "s", "database": "d", "compiled_code": "select 1 as x"}}}`))
		require.NoError(t, err)
		assert.ErrorIs(t, problemFor(p, "manifest"), ErrUnsupportedVersion)
		sts, _ := drain(t, p.Statements())
		require.Len(t, sts, 1, "what can be read is still read")
		assert.Equal(t, sqlparse.Redshift.String(), sts[0].Dialect.String())
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Load(ctx, "testdata/v10")
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestQuotingOverride(t *testing.T) {
	// a manifest (JSON) and a project file (YAML) spell it alike; the parts
	// they set override the quoting in force, the others keep it
	var fromJSON, fromYAML quotingOverride
	require.NoError(t, json.Unmarshal([]byte(`{"schema": false, "identifier": true}`), &fromJSON))
	require.NoError(t, yaml.Unmarshal([]byte("schema: false\nidentifier: true\n"), &fromYAML))
	assert.Equal(t, fromJSON, fromYAML)
	assert.Equal(t, Quoting{Database: true, Schema: false, Identifier: true}, fromJSON.over(Quoting{true, true, false}))
	assert.Equal(t, Quoting{true, true, false}, quotingOverride{}.over(Quoting{true, true, false}))
}
