package compliance

import (
	"errors"
	"regexp"
	"strings"
)

// glob is a compiled pattern over qualified names and locations. "*"
// matches within one name part (no "." or "/"), "**" matches anything,
// "?" one character; matching ignores case, since platforms fold names
// differently.
type glob struct {
	text string
	re   *regexp.Regexp
}

func compileGlob(s string) (glob, error) {
	if strings.TrimSpace(s) == "" {
		return glob{}, errors.New("empty pattern")
	}
	var b strings.Builder
	b.WriteString("(?i)^")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '*':
			if i+1 < len(s) && s[i+1] == '*' {
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
