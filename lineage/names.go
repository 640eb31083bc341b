package lineage

import (
	"errors"
	"fmt"
	"strings"

	"github.com/colineage/colineage/sqlparse"
)

// ErrBadName is matched (errors.Is) by every *NameError.
var ErrBadName = errors.New("malformed name")

// NameError is a dotted name that ParseName cannot read.
type NameError struct {
	Name string
	// Offset is the byte of Name where the problem is.
	Offset int
	Reason string
}

// Error quotes the name (cut when long) and says where it goes wrong.
func (e *NameError) Error() string {
	return fmt.Sprintf("name %s: byte %d: %s", QuoteCut(e.Name, 80), e.Offset+1, e.Reason)
}

// Is makes errors.Is(err, ErrBadName) hold.
func (e *NameError) Is(target error) bool { return target == ErrBadName }

// ParseName reads a dotted name such as db.schema.table or
// analytics."Daily Revenue"."a.b": parts are separated by dots, and a part
// in double quotes, backquotes or brackets is Quoted, may hold dots, and
// writes its closing quote doubled ("a""b" is a"b, [x]]y] is x]y). It is
// the reverse of the names Dataset.ID and Column.ID print (without their
// platform:// prefix): ParseName(FormatName(parts)) gives parts back. An
// empty name or part, an unterminated quote and text after a closing quote
// are a *NameError.
func ParseName(name string) ([]sqlparse.Ident, error) {
	parts, err := scanName(name, true)
	if err != nil {
		return nil, err
	}
	return parts, nil
}

// SplitName splits a dotted name into identifiers as ParseName does, but
// never fails: an unterminated quote keeps the rest as written, text after
// a closing quote is dropped, and empty parts stay (for names read back
// from SQL the parser already checked). Names from people (flags, files,
// requests) go through ParseName.
func SplitName(name string) []sqlparse.Ident {
	parts, _ := scanName(name, false)
	return parts
}

// FormatName writes parts as a dotted name that ParseName reads back: a
// part that is empty or holds anything but letters, digits, '_' and '$' is
// double-quoted with '"' doubled.
func FormatName(parts []string) string {
	var buf []byte
	for i, p := range parts {
		if i > 0 {
			buf = append(buf, '.')
		}
		buf = appendPart(buf, p)
	}
	return string(buf)
}

// scanName is the one reader of dotted names; strict reports the first
// problem, lenient goes on as SplitName says.
func scanName(name string, strict bool) ([]sqlparse.Ident, *NameError) {
	bad := func(off int, reason string) *NameError {
		return &NameError{Name: name, Offset: off, Reason: reason}
	}
	if name == "" {
		if strict {
			return nil, bad(0, "empty")
		}
		return nil, nil
	}
	var parts []sqlparse.Ident
	i := 0
	for {
		closeq := byte(0)
		if i < len(name) {
			switch name[i] {
			case '"', '`':
				closeq = name[i]
			case '[':
				closeq = ']'
			}
		}
		var id sqlparse.Ident
		quoted := false
		if closeq != 0 {
			var b strings.Builder
			j := i + 1
			for j < len(name) {
				if name[j] == closeq {
					if j+1 < len(name) && name[j+1] == closeq {
						b.WriteByte(closeq)
						j += 2
						continue
					}
					quoted = true
					break
				}
				b.WriteByte(name[j])
				j++
			}
			if quoted {
				id = sqlparse.Ident{Name: b.String(), Quoted: true}
				if strict && id.Name == "" {
					return nil, bad(i, "empty quoted part")
				}
				start := i
				i = j + 1
				if i < len(name) && name[i] != '.' {
					if strict {
						return nil, bad(i, fmt.Sprintf("text after the quoted part at byte %d", start+1))
					}
					if k := strings.IndexByte(name[i:], '.'); k >= 0 {
						i += k
					} else {
						i = len(name)
					}
				}
			} else if strict {
				return nil, bad(i, "unterminated quote "+string(name[i]))
			}
		}
		if !quoted {
			k := strings.IndexByte(name[i:], '.')
			if k < 0 {
				k = len(name) - i
			}
			id = sqlparse.Ident{Name: name[i : i+k]}
			if strict {
				if k == 0 {
					return nil, bad(i, "empty part")
				}
				if q := strings.IndexAny(id.Name, "\"`[]"); q >= 0 {
					return nil, bad(i+q, "quote inside an unquoted part")
				}
			}
			i += k
		}
		parts = append(parts, id)
		if i >= len(name) {
			return parts, nil
		}
		i++ // the dot
		if i == len(name) && strict {
			return nil, bad(i, "empty part after the last dot")
		}
	}
}
