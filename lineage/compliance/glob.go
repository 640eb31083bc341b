package compliance

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"
)

// glob is a compiled pattern over qualified names and locations. "*"
// matches within one name part (no "." or "/"), "**" matches anything,
// "?" one character (not one byte: names may be non-ASCII); matching
// ignores case, since platforms fold names
// differently.
type glob struct {
	text string
	re   *regexp.Regexp
}

func compileGlob(s string) (glob, error) {
	if strings.TrimSpace(s) == "" {
		return glob{}, errors.New("empty pattern")
	}
	if !utf8.ValidString(s) {
		return glob{}, errors.New("pattern is not valid UTF-8")
	}
	var b strings.Builder
	b.WriteString("(?i)^")
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			if i+1 < len(rs) && rs[i+1] == '*' {
				b.WriteString(".*")
				i++
			} else {
				b.WriteString(`[^./]*`)
			}
		case '?':
			b.WriteString(`[^./]`)
		case '[', ']', '{', '}', '\\':
			return glob{}, errors.New("character " + string(c) + " is not supported: use *, ** and ?")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return glob{}, err
	}
	return glob{text: s, re: re}, nil
}

func (g glob) match(name string) bool { return g.re.MatchString(name) }

func matchAny(gs []glob, name string) bool {
	for _, g := range gs {
		if g.match(name) {
			return true
		}
	}
	return false
}

// external reports whether a qualified dataset name is a location outside
// the warehouse: a URI (s3://, gs://, azure://, https://...) or a
// Snowflake stage (@db.schema.stage/path).
func external(name string) bool {
	return strings.Contains(name, "://") || strings.HasPrefix(name, "@")
}
