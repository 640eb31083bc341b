package dbt

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// FuzzManifest feeds arbitrary bytes to the manifest reader: it may fail,
// never panic, and whatever it loads must drain.
func FuzzManifest(f *testing.F) {
	for _, p := range []string{"testdata/v10/manifest.json", "testdata/v11/manifest.json", "testdata/v12/manifest.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"nodes": {"model.a.b": {"name": "b", "schema": "s", "raw_code": "{{ ref('b') }}"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := loadManifest(context.Background(), bytes.NewReader(data), nil, defaultOptions())
		if err != nil {
			return
		}
		p.finish()
		src := p.Statements()
		for i := 0; i < len(p.Nodes)+1; i++ {
			if _, err := src.Next(context.Background()); err != nil && err.Error() == "EOF" {
				break
			}
		}
	})
}

// FuzzRender renders arbitrary model text: errors are fine, panics are not.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"select * from {{ ref('a') }}",
		"{% if is_incremental() %}x{% endif %}{{ this.schema }}",
		"{{ config(materialized='table') }}{% for c in ['a'] %}{{ c }}{% endfor %}",
		"{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1) }}{{ dbt.dateadd('day', 1, 'x') }}",
		"{{ adapter.dispatch('nope')() }}{% set x %}y{% endset %}",
		"{{", "{% endif %}", "{{ ref() }}", "{{ var() }}",
	} {
		f.Add(s)
	}
	p := &Project{Name: "shop", opts: defaultOptions()}
	a := &Node{UniqueID: "model.shop.a", Name: "a", Package: "shop", Relation: Relation{Database: "d", Schema: "s", Name: "a"}}
	p.Nodes = []*Node{a}
	r := newRenderer(p, map[string]any{"v": 1}, nil)
	f.Fuzz(func(t *testing.T, raw string) {
		_, _ = r.render(a, raw, false)
	})
}
