package main

import (
	"github.com/colineage/colineage/examples/internal/genlog"
	"github.com/colineage/colineage/lineage"
)

// generator is the synthetic log, shared with httpload, httpshim and
// olbench in examples/internal/genlog.
type generator struct{ *genlog.Log }

func newGenerator(n, tables int, seed uint64) *generator {
	return &generator{genlog.New(n, tables, seed)}
}

// defineTables puts the log's base tables and marts in the catalog.
func (g *generator) defineTables(cat *lineage.MemoryCatalog) error { return g.DefineTables(cat) }
