package dbt

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

type catalogEntry struct {
	UniqueID string `json:"unique_id"`
	Metadata struct {
		Type     string  `json:"type"`
		Database *string `json:"database"`
		Schema   string  `json:"schema"`
		Name     string  `json:"name"`
	} `json:"metadata"`
	Columns map[string]struct {
		Type    string  `json:"type"`
		Index   int     `json:"index"`
		Name    string  `json:"name"`
		Comment *string `json:"comment"`
	} `json:"columns"`
}

// readCatalog reads catalog.json's nodes and sources into p.Columns. A
// malformed entry is recorded in p.Problems and skipped.
func (p *Project) readCatalog(ctx context.Context, r io.Reader) error {
	dec := json.NewDecoder(r)
	if err := expectDelim(dec, '{'); err != nil {
		return fmt.Errorf("dbt: catalog: %w", err)
	}
	for dec.More() {
		key, err := readKey(dec)
		if err != nil {
			return fmt.Errorf("dbt: catalog: %w", err)
		}
		if key != "nodes" && key != "sources" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fmt.Errorf("dbt: catalog %q: %w", key, err)
			}
			continue
		}
		err = eachEntry(ctx, dec, func(id string, raw json.RawMessage) {
			var e catalogEntry
			if err := json.Unmarshal(raw, &e); err != nil {
				p.Problems = append(p.Problems, &NodeError{UniqueID: id, Path: "catalog.json", Reason: "cannot decode catalog entry", Err: fmt.Errorf("%w: %w", ErrMalformedNode, err)})
				return
			}
			if e.UniqueID == "" {
				e.UniqueID = id
			}
			p.addCatalogEntry(e)
		})
		if err != nil {
			return fmt.Errorf("dbt: catalog %q: %w", key, err)
		}
	}
	return nil
}

func (p *Project) addCatalogEntry(e catalogEntry) {
	rel := Relation{Database: deref(e.Metadata.Database), Schema: e.Metadata.Schema, Name: e.Metadata.Name, Quote: defaultQuoting(p.AdapterType)}
	// The manifest's spelling of the relation wins: it carries dbt's
	// quoting.
	if n := p.nodeByID(e.UniqueID); n != nil && n.Relation.key() == rel.key() {
		rel = n.Relation
	}
	t := CatalogTable{UniqueID: e.UniqueID, Relation: rel, Type: e.Metadata.Type}
	for k, c := range e.Columns {
		name := c.Name
		if name == "" {
			name = k
		}
		t.Columns = append(t.Columns, CatalogColumn{Name: name, Type: c.Type, Index: c.Index, Comment: deref(c.Comment)})
	}
	sort.Slice(t.Columns, func(i, j int) bool {
		if t.Columns[i].Index != t.Columns[j].Index {
			return t.Columns[i].Index < t.Columns[j].Index
		}
		return t.Columns[i].Name < t.Columns[j].Name
	})
	p.Columns = append(p.Columns, t)
}
