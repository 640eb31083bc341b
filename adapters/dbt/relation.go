package dbt

import (
	"strings"
)

// Quoting says which parts of a relation's name dbt quotes, as dbt's
// `quoting:` config does. Quoted parts keep their case on every platform;
// unquoted parts are folded by the platform's rules.
type Quoting struct {
	Database, Schema, Identifier bool
}

// Relation is the warehouse object a dbt node reads or builds: database,
// schema and identifier (a model's alias, a source's identifier), spelled
// as dbt spells them, with the quoting dbt applies.
type Relation struct {
	Database string
	Schema   string
	Name     string
	Quote    Quoting
	// text is the spelling dbt wrote (a manifest's relation_name), when
	// known; String returns it.
	text string
}

// String returns the relation as it appears in compiled SQL: the
// manifest's relation_name when there is one, else the parts joined with
// dots and quoted as Quote says, with double quotes.
func (r Relation) String() string {
	if r.text != "" {
		return r.text
	}
	return r.render('"')
}

// render joins the non-empty parts, quoting those that Quote marks with q
// (doubling q inside a name).
func (r Relation) render(q byte) string {
	var b strings.Builder
	part := func(s string, quoted bool) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if !quoted {
			b.WriteString(s)
			return
		}
		b.WriteByte(q)
		b.WriteString(strings.ReplaceAll(s, string(q), string(q)+string(q)))
		b.WriteByte(q)
	}
	part(r.Database, r.Quote.Database)
	part(r.Schema, r.Quote.Schema)
	part(r.Name, r.Quote.Identifier)
	return b.String()
}

// IsZero reports whether the relation names nothing.
func (r Relation) IsZero() bool { return r.Name == "" }

// key is a map key for the relation that ignores how it was spelled.
func (r Relation) key() relationKey {
	return relationKey{strings.ToLower(r.Database), strings.ToLower(r.Schema), strings.ToLower(r.Name)}
}

type relationKey struct{ db, schema, name string }

// parseRelationName splits a relation_name such as `"db"."schema"."t"`,
// `db.schema.t` or "`proj`.`ds`.`t`" into its parts and their quoting.
// It returns false when the text is not a dotted name of one to three
// parts.
func parseRelationName(s string) (Relation, bool) {
	s = strings.TrimSpace(s)
	var parts []string
	var quoted []bool
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '`' || c == '[':
			closer := c
			if c == '[' {
				closer = ']'
			}
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == closer {
					if j+1 < len(s) && s[j+1] == closer && closer != ']' {
						b.WriteByte(closer)
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				b.WriteByte(s[j])
				j++
			}
			if !closed {
				return Relation{}, false
			}
			parts = append(parts, b.String())
			quoted = append(quoted, true)
			i = j
		default:
			j := i
			for j < len(s) && s[j] != '.' {
				if s[j] == '"' || s[j] == '`' || s[j] == ' ' {
					return Relation{}, false
				}
				j++
			}
			if j == i {
				return Relation{}, false
			}
			parts = append(parts, s[i:j])
			quoted = append(quoted, false)
			i = j
		}
		if i < len(s) {
			if s[i] != '.' || i+1 == len(s) {
				return Relation{}, false
			}
			i++
		}
	}
	if len(parts) == 0 || len(parts) > 3 {
		return Relation{}, false
	}
	for len(parts) < 3 {
		parts = append([]string{""}, parts...)
		quoted = append([]bool{false}, quoted...)
	}
	return Relation{
		Database: parts[0], Schema: parts[1], Name: parts[2],
		Quote: Quoting{quoted[0], quoted[1], quoted[2]},
		text:  s,
	}, true
}

// quotingOverride is a quoting config as manifests and project files spell
// it: each part set overrides the quoting in force, an absent one keeps it.
type quotingOverride struct {
	Database   *bool `json:"database" yaml:"database"`
	Schema     *bool `json:"schema" yaml:"schema"`
	Identifier *bool `json:"identifier" yaml:"identifier"`
}

// over returns q with the parts o sets replaced.
func (o quotingOverride) over(q Quoting) Quoting {
	if o.Database != nil {
		q.Database = *o.Database
	}
	if o.Schema != nil {
		q.Schema = *o.Schema
	}
	if o.Identifier != nil {
		q.Identifier = *o.Identifier
	}
	return q
}

// defaultQuoting is the quoting each adapter applies when a project says
// nothing: Snowflake quotes nothing, the others quote every part.
func defaultQuoting(adapter string) Quoting {
	switch strings.ToLower(adapter) {
	case "snowflake":
		return Quoting{}
	default:
		return Quoting{true, true, true}
	}
}

// quoteChar is the identifier quote of an adapter's SQL.
func quoteChar(adapter string) byte {
	switch strings.ToLower(adapter) {
	case "bigquery", "mysql", "spark", "databricks", "hive", "tidb", "mariadb":
		return '`'
	default:
		return '"'
	}
}
