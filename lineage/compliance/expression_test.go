package compliance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassifyReadsFunctionsFromNormalizedText(t *testing.T) {
	p, err := LoadPolicy(strings.NewReader("functions: {extra_masking: [mask_email]}\n"), "p.yaml")
	require.NoError(t, err)
	cases := []struct {
		name, text, from, to string
		effect               effect
		function             string
		weak                 bool
	}{
		{"unsalted sha2 of a trimmed e-mail", "insert into `t` ( `k` ) select `sha2` ( `lower` ( trim ( `email` ) ) , ? ) as `k` from `u`", "email", "k", mask, "sha2", true},
		{"peppered md5", "insert into `t` ( `k` ) select `md5` ( `email` || ? ) from `u`", "email", "k", mask, "md5", false},
		{"salt column", "select `md5` ( `concat` ( `s` . `salt` , `u` . `email` ) ) as `k` from `u`", "email", "k", mask, "md5", false},
		{"count distinct", "insert into `m` ( `n` ) select count ( distinct `u` . `email` ) from `u`", "email", "n", aggregate, "count", false},
		{"max keeps the value", "select max ( `email` ) as `e` from `u`", "email", "e", keep, "", false},
		{"date_trunc of a birth date", "select `date_trunc` ( ? , `birth_date` ) `b` from `u`", "birth_date", "b", generalise, "date_trunc", false},
		{"a policy's masking UDF", "select `mask_email` ( `email` ) as `e` from `u`", "email", "e", mask, "mask_email", false},
		{"the named item wins", "select `email` , `md5` ( `email` ) as `h` from `u`", "email", "h", mask, "md5", true},
		{"the raw copy beside a hash", "select `email` , `md5` ( `email` ) as `h` from `u`", "email", "email", keep, "", false},
		{"positional insert", "insert into `t` ( `a` , `b` ) select `email` , `md5` ( `email` ) from `u`", "email", "b", mask, "md5", true},
		{"inside a CTE", "with `a` as ( select `md5` ( `email` ) as `e` from `u` ) select `e` from `a`", "email", "e", mask, "md5", true},
		{"a hash of the hash of a count", "select `md5` ( count ( `email` ) ) as `n` from `u`", "email", "n", aggregate, "count", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := p.classify(c.text, c.from, c.to)
			require.True(t, f.found)
			assert.Equal(t, c.effect, f.effect)
			assert.Equal(t, c.function, f.function)
			assert.Equal(t, c.weak, f.weak)
		})
	}
	assert.False(t, p.classify("select `x` from `u`", "email", "x").found, "no expression uses the column")
}

func TestGlobs(t *testing.T) {
	g, err := compileGlob("elearn.raw.*")
	require.NoError(t, err)
	assert.True(t, g.match("ELEARN.RAW.USERS"))
	assert.False(t, g.match("elearn.raw.users.email"), "* stays within one part")
	g, err = compileGlob("s3://bucket/**")
	require.NoError(t, err)
	assert.True(t, g.match("s3://bucket/a/b/c"))
	assert.False(t, g.match("s3://other/a"))
	_, err = compileGlob("raw.[x")
	assert.Error(t, err)
	assert.True(t, external("@db.sch.stage/path"))
	assert.True(t, external("gs://b/p"))
	assert.False(t, external("db.sch.t"))
}

func TestGlobsMatchRunes(t *testing.T) {
	g, err := compileGlob("shop.kunden.straße_?")
	require.NoError(t, err)
	assert.True(t, g.match("shop.kunden.straße_ü"), "a literal non-ASCII character matches itself; ? is one character")
	assert.True(t, g.match("SHOP.KUNDEN.STRASSE_Ü") || g.match("SHOP.KUNDEN.STRAßE_Ü"), "case is ignored for non-ASCII letters too")
	assert.False(t, g.match("shop.kunden.straße_üü"), "? is exactly one character, not one byte")
	g, err = compileGlob("crm.客户.*")
	require.NoError(t, err)
	assert.True(t, g.match("crm.客户.邮件"))
	assert.False(t, g.match("crm.客.邮件"))
	g, err = compileGlob("raw.??")
	require.NoError(t, err)
	assert.True(t, g.match("raw.名字"), "two ? are two characters of three bytes each")
	assert.False(t, g.match("raw.名"))
}
