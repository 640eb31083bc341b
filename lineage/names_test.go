package lineage

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func names(t *testing.T, s string) []string {
	t.Helper()
	parts, err := ParseName(s)
	require.NoError(t, err, s)
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Name
	}
	return out
}

func TestParseName(t *testing.T) {
	assert.Equal(t, []string{"elearn", "s", `g"h`, `e"f`}, names(t, `elearn.s."g""h"."e""f"`))
	assert.Equal(t, []string{"a", "b.c", "x]y", "q`r"}, names(t, "a.\"b.c\".[x]]y].`q``r`"))
	assert.Equal(t, []string{"t", "*"}, names(t, "t.*"))
	for _, bad := range []string{`"unterminated.x`, `a..b`, `""`, ``, `a.`, `.a`, `"a"b.c`, `a"b`, "[x", "a.``"} {
		_, err := ParseName(bad)
		assert.ErrorIs(t, err, ErrBadName, bad)
		var ne *NameError
		if assert.ErrorAs(t, err, &ne) {
			assert.LessOrEqual(t, ne.Offset, len(bad), bad)
		}
	}
	// SplitName keeps going where ParseName stops.
	assert.Len(t, SplitName("a..b"), 3)
	assert.Equal(t, `g"h`, SplitName(`s."g""h"`)[1].Name)
}

// TestPrintedNamesReadBack: the names Column.ID prints (after the
// platform) parse back to the same parts.
func TestPrintedNamesReadBack(t *testing.T) {
	ds := Dataset{Platform: Redshift, Database: "elearn", Schema: "s", Name: `g"h`}
	col := Column{Dataset: ds, Name: `e"f`}
	_, printed, ok := strings.Cut(col.ID(), "://")
	require.True(t, ok)
	assert.Equal(t, []string{"elearn", "s", `g"h`, `e"f`}, names(t, printed))
}

func FuzzNameRoundTrip(f *testing.F) {
	for _, s := range []string{`elearn.s."g""h"."e""f"`, "a.b", "[x]]y].`z`", `"unterminated.x`, "a..b", `""`, "t.*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := ParseName(s)
		if err == nil {
			strs := make([]string, len(parts))
			for i, p := range parts {
				require.NotEmpty(t, p.Name)
				strs[i] = p.Name
			}
			again, err := ParseName(FormatName(strs))
			require.NoError(t, err, "printed %q", FormatName(strs))
			require.Len(t, again, len(parts))
			for i := range parts {
				require.Equal(t, parts[i].Name, again[i].Name)
			}
		}
		// any non-empty parts, printed, read back
		var strs []string
		for _, p := range strings.Split(s, "\x00") {
			if p != "" {
				strs = append(strs, p)
			}
		}
		if len(strs) == 0 {
			return
		}
		back, err := ParseName(FormatName(strs))
		require.NoError(t, err, "printed %q", FormatName(strs))
		require.Len(t, back, len(strs))
		for i := range strs {
			require.Equal(t, strs[i], back[i].Name)
		}
		_ = SplitName(s) // never panics
	})
}
