package dbt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// syntheticManifest writes a v12 manifest of n models in layers: each model
// refs up to two earlier ones (or the source), has a Jinja branch and a
// documented PII column. With compiled set, every model carries its
// compiled SQL as well.
func syntheticManifest(tb testing.TB, n int, compiled bool) []byte {
	tb.Helper()
	nodes := map[string]any{}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("model.bench.m%04d", i)
		from := "{{ source('app', 'events') }}"
		fromSQL := `"wh"."app"."events"`
		join, joinSQL := "", ""
		var deps []string
		if i > 0 {
			a := (i * 7) % i
			from = fmt.Sprintf("{{ ref('m%04d') }}", a)
			fromSQL = fmt.Sprintf(`"wh"."bench"."m%04d"`, a)
			deps = append(deps, fmt.Sprintf("model.bench.m%04d", a))
			if i > 1 {
				b := (i * 13) % i
				join = fmt.Sprintf(" join {{ ref('m%04d') }} b on b.id = a.id", b)
				joinSQL = fmt.Sprintf(` join "wh"."bench"."m%04d" b on b.id = a.id`, b)
				deps = append(deps, fmt.Sprintf("model.bench.m%04d", b))
			}
		} else {
			deps = append(deps, "source.bench.app.events")
		}
		raw := "{{ config(materialized='incremental') }}\nselect a.id, a.email, a.amount * {{ var('factor', 2) }} as amount\nfrom " + from + " a" + join +
			"\n{% if is_incremental() %}where a.id > (select max(id) from {{ this }}){% endif %}"
		node := map[string]any{
			"resource_type": "model", "unique_id": id, "name": fmt.Sprintf("m%04d", i), "package_name": "bench",
			"original_file_path": fmt.Sprintf("models/m%04d.sql", i), "database": "wh", "schema": "bench", "alias": fmt.Sprintf("m%04d", i),
			"relation_name": fmt.Sprintf(`"wh"."bench"."m%04d"`, i), "language": "sql",
			"config":     map[string]any{"materialized": "incremental"},
			"raw_code":   raw,
			"depends_on": map[string]any{"nodes": deps, "macros": []string{}},
			"columns": map[string]any{
				"id":    map[string]any{"name": "id", "meta": map[string]any{}, "tags": []string{}},
				"email": map[string]any{"name": "email", "meta": map[string]any{"contains_pii": true}, "tags": []string{}},
			},
			"tags": []string{}, "meta": map[string]any{},
		}
		if compiled {
			node["compiled_code"] = "select a.id, a.email, a.amount * 2 as amount\nfrom " + fromSQL + " a" + joinSQL
		}
		nodes[id] = node
	}
	m := map[string]any{
		"metadata": map[string]any{"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "adapter_type": "postgres", "project_name": "bench"},
		"nodes":    nodes,
		"sources": map[string]any{"source.bench.app.events": map[string]any{
			"resource_type": "source", "unique_id": "source.bench.app.events", "name": "events", "source_name": "app",
			"database": "wh", "schema": "app", "identifier": "events", "relation_name": `"wh"."app"."events"`, "columns": map[string]any{},
		}},
		"macros": map[string]any{}, "exposures": map[string]any{},
	}
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestSyntheticManifest(t *testing.T) {
	for _, compiled := range []bool{false, true} {
		t.Run(fmt.Sprint("compiled=", compiled), func(t *testing.T) {
			p, err := loadManifestBytes(syntheticManifest(t, 50, compiled))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Problems) != 0 {
				t.Fatalf("problems: %v", p.Problems)
			}
			sts, errs := drain(t, p.Statements())
			if len(sts) != 50 || len(errs) != 0 {
				t.Fatalf("%d statements, %d errors", len(sts), len(errs))
			}
			if len(p.Tags) != 50 {
				t.Fatalf("%d tags", len(p.Tags))
			}
			// Rendered and compiled SQL agree.
			want := "CREATE TABLE \"wh\".\"bench\".\"m0007\" AS\nselect a.id, a.email, a.amount * 2 as amount\nfrom \"wh\".\"bench\".\"m0000\" a join \"wh\".\"bench\".\"m0000\" b on b.id = a.id"
			if got := byOrigin(sts)["model.bench.m0007"].SQL; got != want {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func loadManifestBytes(b []byte) (*Project, error) {
	p, err := loadManifest(context.Background(), bytes.NewReader(b), nil, defaultOptions())
	if err != nil {
		return nil, err
	}
	p.finish()
	return p, nil
}

// BenchmarkLoadManifest loads a synthetic manifest of 2,000 models from
// disk and drains its statements: compiled (the manifest of `dbt compile`)
// and raw (of `dbt parse`: every model rendered with Jinja).
func BenchmarkLoadManifest(b *testing.B) {
	const n = 2000
	for _, compiled := range []bool{true, false} {
		name := "raw"
		if compiled {
			name = "compiled"
		}
		b.Run(name, func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "manifest.json")
			data := syntheticManifest(b, n, compiled)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p, err := Load(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				src := p.Statements()
				count := 0
				for {
					_, err := src.Next(context.Background())
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					count++
				}
				if count != n {
					b.Fatalf("%d statements", count)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "models/s")
		})
	}
}
