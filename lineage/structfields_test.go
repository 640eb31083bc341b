package lineage

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSchemaFieldNames(t *testing.T) {
	cases := map[string][]string{
		"a INT, b STRING": {"a", "b"},
		"struct<a: int, b: map<string, array<int>>>":      {"a", "b"},
		"STRUCT<id STRING, amount DECIMAL(10, 2)>":        {"id", "amount"},
		"`User Id` STRING, nested STRUCT<x: INT, y: INT>": {"user id", "nested"},
		"a INT, b":                      nil, // a name without a type
		"  ts TIMESTAMP  ":              {"ts"},
		`{"type":"struct","fields":[]}`: nil, // a JSON schema
		"ARRAY<STRING>":                 nil,
		"":                              nil,
	}
	for in, want := range cases {
		assert.Equal(t, want, schemaFieldNames(in), "%q", in)
	}
}
