package sqlparse

import (
	"strings"

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
