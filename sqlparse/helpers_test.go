package sqlparse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// restoreAll restores every tree of s to canonical SQL, joined by "; ".
func restoreAll(s *Statement) string {
	var parts []string
	for _, n := range s.Nodes {
		var b strings.Builder
		ctx := format.NewRestoreCtx(format.RestoreStringSingleQuotes|format.RestoreStringWithoutCharset|format.RestoreKeyWordUppercase|format.RestoreNameBackQuotes, &b)
		if err := n.Restore(ctx); err != nil {
			parts = append(parts, "!restore: "+err.Error())
			continue
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "; ")
}

// restoreNode restores one node to canonical SQL.
func restoreNode(n ast.Node) string {
	var b strings.Builder
	ctx := format.NewRestoreCtx(format.RestoreStringSingleQuotes|format.RestoreStringWithoutCharset|format.RestoreKeyWordUppercase|format.RestoreNameBackQuotes, &b)
	if err := n.Restore(ctx); err != nil {
		return "!restore: " + err.Error()
	}
	return b.String()
}

// modString writes a star modifier with its REPLACE expressions restored
// (not as pointers) and its maps in key order.
func modString(m StarModifier) string {
	var rename, replace []string
	for k, v := range m.Rename {
		rename = append(rename, fmt.Sprintf("%s->%+v", k, v))
	}
	for k, e := range m.Replace {
		replace = append(replace, k+"="+restoreNode(e))
	}
	slices.Sort(rename)
	slices.Sort(replace)
	return fmt.Sprintf("exclude %+v rename %v replace %v", m.Exclude, rename, replace)
}
