// Package lineage derives column-level lineage from SQL and keeps it in a
// graphstore.Store.
//
// An Analyzer binds each statement's column references to the base columns
// they come from, against a Catalog (MemoryCatalog, or the caller's own),
// and reports DIRECT and INDIRECT column edges in the terms of OpenLineage's
// column-lineage facet, the columns read, warnings with positions and a
// confidence:
//
//	cat := lineage.NewMemoryCatalog()
//	a := lineage.NewAnalyzer(cat, lineage.WithMaskingFunctions("mask_email"))
//	res, err := a.Analyze(ctx, lineage.Statement{SQL: sql, Dialect: sqlparse.Snowflake})
//	for _, e := range res.Edges() {
//		fmt.Println(e.From.ID(), "->", e.To.ID(), e.Transform)
//	}
//
// Statements whose order matters (temporary tables, USE, SET search_path)
// go through one Session (Analyzer.NewSession). Dataset and Column IDs are
// stable and case-folded by each Platform's rules, so that query logs, dbt
// models and schema dumps name one table alike.
package lineage
