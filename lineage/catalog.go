package lineage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
)

// Catalog knows the ordered columns of datasets. The resolver asks it to
// expand `*`, to match positional INSERTs and to bind unqualified column
// names. Callers plug in their own (an information_schema dump, a Hive
// metastore, a dbt catalog) or use MemoryCatalog.
type Catalog interface {
	// Columns returns the dataset's columns in order (names folded by the
	// dataset's platform), and false when the dataset is unknown.
	Columns(ctx context.Context, ds Dataset) (cols []string, ok bool, err error)
}

// CatalogWriter is a Catalog that learns: the analyzer records what DDL,
// CTAS and CREATE VIEW statements do in a Catalog that implements it.
type CatalogWriter interface {
	Catalog
	// Define sets a dataset's columns, replacing what was known.
	Define(ctx context.Context, ds Dataset, cols []string) error
	// AddColumns appends columns to a known dataset.
	AddColumns(ctx context.Context, ds Dataset, cols []string) error
	// Drop forgets a dataset; dropping an unknown dataset is not an error.
	Drop(ctx context.Context, ds Dataset) error
	// Rename moves a dataset's columns to a new name.
	Rename(ctx context.Context, from, to Dataset) error
	// RenameColumn renames one column of a dataset.
	RenameColumn(ctx context.Context, ds Dataset, from, to string) error
}

// ErrUnknownDataset is matched (errors.Is) by errors about a dataset the
// catalog does not know.
var ErrUnknownDataset = errors.New("unknown dataset")

// MemoryCatalog is an in-memory CatalogWriter, safe for concurrent use. Its
// Version grows with every change, so callers can cache results computed
// against it. The zero value is not usable: call NewMemoryCatalog.
type MemoryCatalog struct {
	mu      sync.RWMutex
	entries map[datasetKey]catalogEntry
	version uint64
}

type catalogEntry struct {
	ds   Dataset
	cols []string
}

// NewMemoryCatalog returns an empty catalog.
func NewMemoryCatalog() *MemoryCatalog {
	return &MemoryCatalog{entries: map[datasetKey]catalogEntry{}}
}

// Columns implements Catalog. The returned slice must not be modified.
func (c *MemoryCatalog) Columns(_ context.Context, ds Dataset) ([]string, bool, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[ds.key()]
	return e.cols, ok, nil
}

// Lookup returns the dataset as defined (with its Kind) and its columns.
func (c *MemoryCatalog) Lookup(ds Dataset) (Dataset, []string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[ds.key()]
	return e.ds, e.cols, ok
}

// Define implements CatalogWriter.
func (c *MemoryCatalog) Define(_ context.Context, ds Dataset, cols []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[ds.key()] = catalogEntry{ds: ds, cols: append([]string(nil), cols...)}
	c.version++
	return nil
}

// AddColumns implements CatalogWriter. It wraps ErrUnknownDataset when ds
// is not known.
func (c *MemoryCatalog) AddColumns(_ context.Context, ds Dataset, cols []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[ds.key()]
	if !ok {
		return fmt.Errorf("add columns to %s: %w", ds.ID(), ErrUnknownDataset)
	}
	e.cols = append(append([]string(nil), e.cols...), cols...)
	c.entries[ds.key()] = e
	c.version++
	return nil
}

// Drop implements CatalogWriter.
func (c *MemoryCatalog) Drop(_ context.Context, ds Dataset) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[ds.key()]; ok {
		delete(c.entries, ds.key())
		c.version++
	}
	return nil
}

// Rename implements CatalogWriter. It wraps ErrUnknownDataset when from is
// not known.
func (c *MemoryCatalog) Rename(_ context.Context, from, to Dataset) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[from.key()]
	if !ok {
		return fmt.Errorf("rename %s: %w", from.ID(), ErrUnknownDataset)
	}
	delete(c.entries, from.key())
	to.Kind = e.ds.Kind
	c.entries[to.key()] = catalogEntry{ds: to, cols: e.cols}
	c.version++
	return nil
}

// RenameColumn implements CatalogWriter.
func (c *MemoryCatalog) RenameColumn(_ context.Context, ds Dataset, from, to string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[ds.key()]
	if !ok {
		return fmt.Errorf("rename column of %s: %w", ds.ID(), ErrUnknownDataset)
	}
	cols := append([]string(nil), e.cols...)
	for i, col := range cols {
		if col == from {
			cols[i] = to
		}
	}
	e.cols = cols
	c.entries[ds.key()] = e
	c.version++
	return nil
}

// Version counts the changes made to the catalog.
func (c *MemoryCatalog) Version() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

// Len returns the number of datasets known.
func (c *MemoryCatalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Datasets lists the known datasets, sorted by ID.
func (c *MemoryCatalog) Datasets() []Dataset {
	c.mu.RLock()
	out := make([]Dataset, 0, len(c.entries))
	for _, e := range c.entries {
		out = append(out, e.ds)
	}
	c.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

// LoadSchemaJSON reads a schema in the corpus format's `schema` shape,
// {"table name": {"column": "type", ...}, ...}, with table names written
// as qualified as the writer likes ("db.schema.table", "schema.table",
// "table"), and defines every table in the catalog for platform p, missing
// qualifiers taken from def. Column order follows the JSON text. It returns
// the number of tables defined.
func (c *MemoryCatalog) LoadSchemaJSON(ctx context.Context, r io.Reader, p Platform, def Defaults) (int, error) {
	tables, err := DecodeSchemaJSON(r)
	if err != nil {
		return 0, err
	}
	for _, t := range tables {
		ds := p.DatasetFromString(t.Name, def)
		cols := make([]string, len(t.Columns))
		for i, col := range t.Columns {
			cols[i] = p.FoldName(col, PartColumn)
			if parts := SplitName(col); len(parts) == 1 {
				cols[i] = p.Fold(parts[0], PartColumn)
			}
		}
		if err := c.Define(ctx, ds, cols); err != nil {
			return 0, err
		}
	}
	return len(tables), nil
}

// SchemaTable is one table of a schema file, with its columns in order.
type SchemaTable struct {
	Name    string
	Columns []string
}

// ErrSchemaFormat is matched (errors.Is) by errors about a malformed schema
// document.
var ErrSchemaFormat = errors.New("malformed schema")
