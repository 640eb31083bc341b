// Package lineage derives column-level lineage from SQL and keeps it in a
// graphstore.Store.
package lineage
