package dbt

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeProject writes a dbt project (dbt_project.yml plus files) to a
// temporary directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["dbt_project.yml"]; !ok {
		files["dbt_project.yml"] = "name: shop\nvars:\n  region: eu\n  min_amount: 10\n"
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

var testTarget = WithTarget(Target{Name: "ci", Type: "postgres", Database: "db", Schema: "dev"})

func TestRenderConstructs(t *testing.T) {
	base := map[string]string{
		"models/sources.yml":    "version: 2\nsources:\n  - name: app\n    schema: app_raw\n    tables:\n      - name: orders\n        identifier: orders_v2\n",
		"models/stg_orders.sql": "select id, amount, customer_id from {{ source('app', 'orders') }}",
	}
	tests := []struct {
		name  string
		model string
		files map[string]string
		opts  []Option
		want  []string // substrings of the model's SQL
		deny  []string
		err   error    // the model's problem, when it fails
		names []string // RenderError.Macros
	}{
		{name: "ref one argument", model: "select * from {{ ref('stg_orders') }}", want: []string{`from "db"."dev"."stg_orders"`}},
		{name: "ref with package", model: "select * from {{ ref('shop', 'stg_orders') }}", want: []string{`from "db"."dev"."stg_orders"`}},
		{name: "ref to another package", model: "select * from {{ ref('other', 'stg_orders') }}", err: ErrRender},
		{name: "ref to nothing", model: "select * from {{ ref('nope') }}", err: ErrRender},
		{name: "ref to nothing is an unknown ref", model: "select * from {{ ref('nope') }}", err: ErrUnknownRef},
		{name: "source to nothing is an unknown ref", model: "select * from {{ source('app', 'nope') }}", err: ErrUnknownRef},
		{name: "ref to nothing, allowed", model: "select * from {{ ref('nope') }}", opts: []Option{WithUnknownRefs()}, want: []string{`from "db"."dev"."nope"`}, err: ErrUnknownRef},
		{name: "source with identifier", model: "select * from {{ source('app', 'orders') }}", want: []string{`from "db"."app_raw"."orders_v2"`}},
		{name: "var from project", model: "select '{{ var('region') }}' as r", want: []string{"'eu' as r"}},
		{name: "var default", model: "select '{{ var('tier', 'gold') }}' as t", want: []string{"'gold' as t"}},
		{name: "var override", model: "select {{ var('min_amount') }} as m", opts: []Option{WithVars(map[string]any{"min_amount": 99})}, want: []string{"99 as m"}},
		{name: "var required", model: "select {{ var('missing') }} as m", err: ErrRender},
		{name: "is_incremental full refresh", model: "select * from {{ ref('stg_orders') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}", deny: []string{"max(id)"}},
		{name: "is_incremental delta", model: "select * from {{ ref('stg_orders') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}", opts: []Option{WithIncremental(IncrementalDelta)}, want: []string{`where id > (select max(id) from "db"."dev"."m")`}},
		{name: "this attributes", model: "select '{{ this.schema }}.{{ this.identifier }}' as t, '{{ this.database }}' as d", want: []string{"'dev.m' as t", "'db' as d"}},
		{name: "target", model: "select '{{ target.name }}' as n, '{{ target.schema }}' as s, '{{ target.type }}' as ty", want: []string{"'ci' as n", "'dev' as s", "'postgres' as ty"}},
		{name: "control flow", model: "{% set cols = ['id', 'amount'] %}select {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}{% if var('region') == 'eu' %}, 'EUR' as cur{% else %}, 'USD' as cur{% endif %} from {{ ref('stg_orders') }}", want: []string{"select id, amount, 'EUR' as cur from"}},
		{name: "set block and filters", model: "{% set q %}amount * 2{% endset %}select {{ q }} as doubled, '{{ 'x' | upper }}' as u from {{ ref('stg_orders') }}", want: []string{"select amount * 2 as doubled, 'X' as u"}},
		{name: "macro in file", model: "{% macro cents(c) %}({{ c }} / 100.0){% endmacro %}select {{ cents('amount') }} as dollars from {{ ref('stg_orders') }}", want: []string{"select (amount / 100.0) as dollars"}},
		{name: "project macro dispatched", model: "select {{ money('amount') }} as m from {{ ref('stg_orders') }}",
			files: map[string]string{"macros/money.sql": "{% macro money(c) %}{{ return(adapter.dispatch('money')(c)) }}{% endmacro %}\n{% macro default__money(c) %}cast({{ c }} as decimal){% endmacro %}\n{% macro postgres__money(c) %}{{ c }}::numeric(16,2){% endmacro %}\n"},
			want:  []string{"select amount::numeric(16,2) as m"}},
		{name: "dbt cross-database macros", model: "select {{ dbt.date_trunc('month', 'created_at') }} as mo, {{ dbt.datediff('a', 'b', 'day') }} as d, cast(x as {{ dbt.type_string() }}) as s, {{ dbt_utils.generate_surrogate_key(['id', 'amount']) }} as k from t", want: []string{"date_trunc('month', created_at) as mo", "datediff(day, a, b) as d", "cast(x as varchar) as s", "md5(concat(coalesce(cast(id as varchar), '_dbt_utils_surrogate_key_null_'), '-', coalesce(cast(amount as varchar)"}},
		{name: "env_var default", model: "select '{{ env_var('DBT_REGION', 'us') }}' as r", want: []string{"'us' as r"}},
		{name: "unknown macros named", model: "select {{ dbt_utils.star(ref('stg_orders')) }}, {{ my_package.thing() }} from {{ ref('stg_orders') }}", err: ErrRender, names: []string{"dbt_utils.star", "my_package.thing"}},
		{name: "run_query named", model: "{% set r = run_query('select 1') %}select 1 as x", err: ErrRender, names: []string{"run_query"}},
		{name: "undefined name", model: "select {{ not_defined }} as x", err: ErrRender},
		{name: "syntax error", model: "select {{ ref('stg_orders' }}", err: ErrRender},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range base {
				files[k] = v
			}
			for k, v := range tc.files {
				files[k] = v
			}
			files["models/m.sql"] = tc.model
			p, err := Load(context.Background(), writeProject(t, files), append([]Option{testTarget}, tc.opts...)...)
			require.NoError(t, err)
			m := p.Node("model.shop.m")
			require.NotNil(t, m)
			prob := problemFor(p, "model.shop.m")
			if tc.err != nil {
				require.NotNil(t, prob, "want a problem")
				assert.ErrorIs(t, prob, tc.err)
				if tc.names != nil {
					var re *RenderError
					require.ErrorAs(t, prob, &re)
					assert.Equal(t, tc.names, re.Macros)
				}
			} else {
				assert.Nil(t, prob)
			}
			for _, w := range tc.want {
				assert.Contains(t, m.SQL, w)
			}
			for _, d := range tc.deny {
				assert.NotContains(t, m.SQL, d)
			}
		})
	}
}

func TestRenderConfig(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"dbt_project.yml":      "name: shop\nmodels:\n  shop:\n    +materialized: view\n    marts:\n      +materialized: table\n      +schema: marts\n      +tags: [finance]\n",
		"models/staging/a.sql": "select 1 as x",
		"models/marts/b.sql":   "{{ config(materialized='incremental', alias='b_final', tags=['core']) }}select x from {{ ref('a') }}",
		"models/marts/c.sql":   "{{ config(schema='special', materialized='ephemeral') }}select x from {{ ref('b') }}",
		"models/marts/d.sql":   "{{ config(enabled=false) }}select 1 as y",
		"models/marts/e.sql":   "select x from {{ ref('c') }}",
	})
	p, err := Load(context.Background(), dir, testTarget)
	require.NoError(t, err)
	require.Empty(t, p.Problems)
	assert.Equal(t, []string{"model.shop.d"}, p.Disabled)
	a, b, c, e := p.Node("model.shop.a"), p.Node("model.shop.b"), p.Node("model.shop.c"), p.Node("model.shop.e")
	assert.Equal(t, "view", a.Materialized)
	assert.Equal(t, `"db"."dev"."a"`, p.relationSQL(a.Relation))
	assert.Equal(t, "incremental", b.Materialized)
	assert.Equal(t, `"db"."dev_marts"."b_final"`, p.relationSQL(b.Relation))
	assert.ElementsMatch(t, []string{"finance", "core"}, b.Tags)
	assert.Equal(t, "ephemeral", c.Materialized)
	assert.Equal(t, `"db"."dev_special"."c"`, p.relationSQL(c.Relation))
	assert.Equal(t, []string{"model.shop.c"}, e.DependsOn)

	sts, errs := drain(t, p.Statements())
	require.Empty(t, errs)
	require.Len(t, sts, 4)
	m := byOrigin(sts)
	assert.True(t, strings.HasPrefix(m["model.shop.b"].SQL, `CREATE TABLE "db"."dev_marts"."b_final" AS`))
	assert.True(t, strings.HasPrefix(m["model.shop.c"].SQL, `CREATE VIEW "db"."dev_special"."c" AS`), "ephemeral models are analysed as views")
	assert.Contains(t, m["model.shop.e"].SQL, `from "db"."dev_special"."c"`)
	assert.Equal(t, "dev_marts", m["model.shop.b"].Context.Schema)
}

func TestIncrementalBoth(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"models/src.sql":   "select 1 as id, 2 as amount",
		"models/inc.sql":   "{{ config(materialized='incremental') }}select id, amount from {{ ref('src') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
		"models/plain.sql": "{{ config(materialized='table') }}select id from {{ ref('src') }}",
	})
	p, err := Load(context.Background(), dir, testTarget, WithIncremental(IncrementalBoth))
	require.NoError(t, err)
	sts, errs := drain(t, p.Statements())
	require.Empty(t, errs)
	var origins []string
	for _, s := range sts {
		origins = append(origins, s.Context.Origin)
	}
	// One statement per model, plus the incremental branch of inc only.
	assert.Equal(t, []string{"model.shop.src", "model.shop.inc", "model.shop.inc#incremental", "model.shop.plain"}, origins)
	m := byOrigin(sts)
	assert.Equal(t, "CREATE TABLE \"db\".\"dev\".\"inc\" AS\nselect id, amount from \"db\".\"dev\".\"src\"", m["model.shop.inc"].SQL)
	assert.Equal(t, "INSERT INTO \"db\".\"dev\".\"inc\"\nselect id, amount from \"db\".\"dev\".\"src\" where id > (select max(id) from \"db\".\"dev\".\"inc\")", m["model.shop.inc#incremental"].SQL)
}

func TestRawProjectFiles(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"models/schema.yml": `version: 2
models:
  - name: customers
    columns:
      - name: email
        meta: {contains_pii: true}
      - name: phone
        config: {tags: [Sensitive]}
      - name: name
        tags: [gdpr]
exposures:
  - name: crm_board
    type: dashboard
    owner: {name: CRM, email: crm@example.com}
    depends_on: ["ref('customers')", "source('app', 'people')", "ref('missing')"]
sources:
  - name: app
    database: prod
    tables:
      - name: people
        columns:
          - name: ssn
            tags: [pii]
`,
		"models/customers.sql":         "select id, email, phone, name from {{ source('app', 'people') }}",
		"models/py_model.py":           "def model(dbt, session):\n    return dbt.ref('customers')\n",
		"seeds/countries.csv":          "\ufeffcode, name\nDE,Germany\n",
		"snapshots/customers_snap.sql": "{% snapshot customers_history %}\n{{ config(target_schema='snapshots', unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('customers') }}\n{% endsnapshot %}\n",
		"models/dup/customers.sql":     "select 1 as x",
	})
	p, err := Load(context.Background(), dir, testTarget, WithPIIMetaKeys("contains_pii"), WithPIITags("pii", "sensitive"))
	require.NoError(t, err)

	seed := p.Node("seed.shop.countries")
	require.NotNil(t, seed)
	require.Len(t, p.Columns, 1)
	assert.Equal(t, []CatalogColumn{{Name: "code", Index: 1}, {Name: "name", Index: 2}}, p.Columns[0].Columns)

	snap := p.Node("snapshot.shop.customers_history")
	require.NotNil(t, snap)
	assert.Equal(t, `"db"."snapshots"."customers_history"`, p.relationSQL(snap.Relation))
	assert.Equal(t, "snapshot", snap.Materialized)

	people := p.Node("source.shop.app.people")
	require.NotNil(t, people)
	assert.Equal(t, `"prod"."app"."people"`, p.relationSQL(people.Relation))

	assert.ErrorIs(t, problemFor(p, "model.shop.py_model"), ErrNoSQL)
	assert.ErrorIs(t, problemFor(p, "model.shop.customers"), ErrMalformedNode, "the second customers.sql is reported")
	assert.ErrorIs(t, problemFor(p, "exposure.shop.crm_board"), ErrMalformedNode, "ref('missing') names nothing")

	pii := map[string]bool{}
	for _, tg := range p.Tags {
		pii[tg.Column] = tg.PII
	}
	assert.Equal(t, map[string]bool{"email": true, "phone": true, "name": false, "ssn": true}, pii)

	require.Len(t, p.Exposures, 1)
	assert.Equal(t, []string{"model.shop.customers", "source.shop.app.people"}, p.Exposures[0].DependsOn)
	assert.Equal(t, Owner{Name: "CRM", Email: "crm@example.com"}, p.Exposures[0].Owner)
}

func TestProjectNamingMacros(t *testing.T) {
	files := map[string]string{
		"dbt_project.yml": "name: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n",
		"macros/generate_schema_name.sql": `{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}`,
		"macros/generate_alias_name.sql": `{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
    {%- if node.resource_type == 'model' and node.name.startswith('tmp_') -%}
        {{ node.name[4:] }}_scratch
    {%- else -%}
        {{ custom_alias_name or node.name }}
    {%- endif -%}
{%- endmacro %}`,
		"models/marts/a.sql": "select 1 as x",
		"models/b.sql":       "select x from {{ ref('a') }}",
		"models/tmp_c.sql":   "select x from {{ ref('b') }}",
		"models/marts/d.sql": "{{ config(alias='d_final') }}select x from {{ ref('tmp_c') }}",
	}
	p, err := Load(context.Background(), writeProject(t, files), testTarget)
	require.NoError(t, err)
	require.Empty(t, p.Problems)
	assert.Equal(t, `"db"."marts"."a"`, p.relationSQL(p.Node("model.shop.a").Relation), "custom schema used as is")
	assert.Equal(t, `"db"."dev"."b"`, p.relationSQL(p.Node("model.shop.b").Relation))
	assert.Equal(t, `"db"."dev"."c_scratch"`, p.relationSQL(p.Node("model.shop.tmp_c").Relation))
	assert.Equal(t, `"db"."marts"."d_final"`, p.relationSQL(p.Node("model.shop.d").Relation))
	assert.Contains(t, p.Node("model.shop.d").SQL, `from "db"."dev"."c_scratch"`)

	// A naming macro that fails is reported; dbt's default is kept.
	files["macros/generate_schema_name.sql"] = `{% macro generate_schema_name(custom_schema_name, node) -%}{{ run_query('select 1') }}{%- endmacro %}`
	p, err = Load(context.Background(), writeProject(t, files), testTarget)
	require.NoError(t, err)
	assert.Equal(t, `"db"."dev_marts"."a"`, p.relationSQL(p.Node("model.shop.a").Relation))
	assert.ErrorIs(t, problemFor(p, "model.shop.a"), ErrRender)
}
