package compliance

import (
	"slices"
	"strings"

	"github.com/colineage/colineage/lineage"
)

// The graph's column edges say whether a value flowed (DIRECT), was hashed
// by a function the analyzer knew (MASKED) or only influenced (INDIRECT),
// but not which function made it: that decides whether a copy is masked by
// a policy's own UDF, generalised (date_trunc of a birth date), aggregated
// out of personal data (count distinct) or hashed without salt. The
// statement's normalized text (stored on its Query node) still says it;
// this file reads it.

// effect is what an expression does to a personal value, ordered from the
// most personal result to the least.
type effect int

const (
	keep effect = iota
	mask
	generalise
	aggregate
)

// exprFinding is what the text says about one hop.
type exprFinding struct {
	effect   effect
	function string // the function that decided it, if any
	weak     bool   // an unsalted hash of the value alone
	found    bool   // an expression making the target from the source was found
}

// token is a lexeme of normalized SQL text.
type token struct {
	text  string // identifiers unquoted, words lower-cased
	ident bool   // a back-quoted identifier
}

// lex splits normalized text: words, `quoted identifiers`, punctuation.
func lex(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case c == '`' || c == '"':
			var b strings.Builder
			j := i + 1
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						b.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, token{text: strings.ToLower(b.String()), ident: true})
			i = j + 1
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			out = append(out, token{text: strings.ToLower(s[i:j])})
			i = j
		default:
			if c == '|' && i+1 < len(s) && s[i+1] == '|' {
				out = append(out, token{text: "||"})
				i += 2
				continue
			}
			out = append(out, token{text: string(c)})
			i++
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

// notFunctions are words that may precede "(" without naming a function.
var notFunctions = map[string]bool{
	"in": true, "exists": true, "as": true, "over": true, "values": true, "and": true, "or": true,
	"not": true, "on": true, "from": true, "join": true, "select": true, "where": true, "when": true,
	"then": true, "else": true, "case": true, "by": true, "is": true, "using": true, "into": true,
	"table": true, "partition": true, "with": true, "union": true, "all": true, "distinct": true,
	"any": true, "some": true, "filter": true, "within": true, "having": true, "like": true,
}

// clauseEnds end a select list.
var clauseEnds = map[string]bool{
	"from": true, "where": true, "group": true, "having": true, "order": true, "limit": true,
	"union": true, "except": true, "intersect": true, "into": true, "qualify": true, "window": true,
}

func (t token) named(name string) bool { return (t.ident || !t.isPunct()) && t.text == name }

func (t token) isPunct() bool { return len(t.text) > 0 && !isWordByte(t.text[0]) }

// selectItem is one expression of a select list and its output name.
type selectItem struct {
	toks []token
	name string
}

// selectLists returns every select list of the text (the outermost first)
// and the column list of an INSERT, if any.
func selectLists(toks []token) (lists [][]selectItem, depths []int, insertCols []string) {
	depth := 0
	if len(toks) > 0 && (toks[0].text == "insert" || toks[0].text == "replace") && !toks[0].ident {
		for i := 1; i < len(toks); i++ {
			if toks[i].text == "(" && !toks[i].ident {
				for j := i + 1; j < len(toks) && toks[j].text != ")"; j++ {
					if toks[j].ident {
						insertCols = append(insertCols, toks[j].text)
					}
				}
				break
			}
			if !toks[i].ident && (toks[i].text == "select" || toks[i].text == "with" || toks[i].text == "values") {
				break
			}
		}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.ident {
			continue
		}
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
		case "select":
			items, end := selectList(toks, i+1)
			lists = append(lists, items)
			depths = append(depths, depth)
			_ = end
		}
	}
	return lists, depths, insertCols
}

// selectList splits the list starting at i into items.
func selectList(toks []token, i int) ([]selectItem, int) {
	if i < len(toks) && !toks[i].ident && (toks[i].text == "distinct" || toks[i].text == "all") {
		i++
	}
	var items []selectItem
	depth, start := 0, i
	flush := func(end int) {
		if end > start {
			it := selectItem{toks: toks[start:end]}
			it.name = outputName(it.toks)
			items = append(items, it)
		}
	}
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.ident {
			continue
		}
		switch {
		case t.text == "(":
			depth++
		case t.text == ")":
			if depth == 0 {
				flush(i)
				return items, i
			}
			depth--
		case t.text == "," && depth == 0:
			flush(i)
			start = i + 1
		case t.text == ";" || depth == 0 && clauseEnds[t.text]:
			flush(i)
			return items, i
		}
	}
	flush(i)
	return items, i
}

// outputName is the name a select item gives its column: its alias, or
// the column it is.
func outputName(toks []token) string {
	n := len(toks)
	if n >= 2 && !toks[n-2].ident && toks[n-2].text == "as" {
		return toks[n-1].text
	}
	last := toks[n-1]
	if !last.ident && last.isPunct() {
		return ""
	}
	if n == 1 || toks[n-2].text == "." && !toks[n-2].ident {
		return last.text
	}
	if prev := toks[n-2]; prev.ident || prev.text == ")" && !prev.ident {
		return last.text // an alias without AS
	}
	return ""
}

// statementText is a statement's normalized text, lexed and split into
// select lists once, so that every column edge the statement made is
// classified without lexing the text again.
type statementText struct {
	toks  []token
	lists [][]selectItem
}

// parseStatement lexes normalized text and names the outermost select
// list's items after the INSERT's column list, if any.
func parseStatement(normalized string) *statementText {
	toks := lex(normalized)
	lists, depths, insertCols := selectLists(toks)
	if len(lists) > 0 && len(insertCols) > 0 {
		outer := 0
		for i, d := range depths {
			if d < depths[outer] {
				outer = i
			}
		}
		for k := range lists[outer] {
			if k < len(insertCols) {
				lists[outer][k].name = insertCols[k]
			}
		}
	}
	return &statementText{toks: toks, lists: lists}
}

// classify reads what the statement's text does to column from on its way
// to column to.
func (p *Policy) classify(normalized, from, to string) exprFinding {
	return p.classifyParsed(parseStatement(normalized), from, to, p.Funcs.Generalising)
}

// classifyParsed is classify over a parsed statement.
// gen are the generalising functions of the value's class.
func (p *Policy) classifyParsed(st *statementText, from, to string, gen []string) exprFinding {
	lists := st.lists
	from, to = strings.ToLower(from), strings.ToLower(to)
	var named, any []selectItem
	for _, l := range lists {
		for _, it := range l {
			if !mentions(it.toks, from) {
				continue
			}
			any = append(any, it)
			if it.name == to {
				named = append(named, it)
			}
		}
	}
	cands := named
	if len(cands) == 0 {
		cands = any
	}
	out := exprFinding{effect: aggregate + 1}
	for _, it := range cands {
		f := p.classifyItem(it.toks, from, gen)
		if f.effect < out.effect || f.effect == out.effect && f.weak && !out.weak {
			out = f
		}
	}
	if out.effect > aggregate {
		return exprFinding{}
	}
	out.found = true
	return out
}

func mentions(toks []token, name string) bool {
	for _, t := range toks {
		if t.ident && t.text == name {
			return true
		}
	}
	return false
}

// classifyItem composes the functions around each use of from in one
// select item, innermost first, and keeps the most personal result.
func (p *Policy) classifyItem(toks []token, from string, gen []string) exprFinding {
	type frame struct {
		fn   string
		open int
	}
	var stack []frame
	best := exprFinding{effect: aggregate + 1}
	for i, t := range toks {
		switch {
		case !t.ident && t.text == "(":
			fn := ""
			if i > 0 && !notFunctions[toks[i-1].text] && !toks[i-1].isPunct() {
				fn = toks[i-1].text
			}
			stack = append(stack, frame{fn: fn, open: i})
		case !t.ident && t.text == ")":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case t.ident && t.text == from:
			if i+1 < len(toks) && toks[i+1].text == "." && !toks[i+1].ident {
				continue // a qualifier named like the column
			}
			f := exprFinding{found: true}
			for k := len(stack) - 1; k >= 0; k-- {
				fn := stack[k].fn
				switch {
				case slices.Contains(p.Funcs.Masking, fn):
					if f.effect < mask {
						f.effect, f.function = mask, fn
						f.weak = isHash(fn) && unsalted(toks[stack[k].open+1:], from, p.Funcs.Transparent)
					}
				case slices.Contains(gen, fn):
					if f.effect < generalise {
						f.effect, f.function, f.weak = generalise, fn, false
					}
				case slices.Contains(p.Funcs.Aggregating, fn):
					f.effect, f.function, f.weak = aggregate, fn, false
				}
			}
			if f.effect < best.effect || f.effect == best.effect && f.weak && !best.weak {
				best = f
			}
		}
	}
	return best
}

// hashFunctions are the deterministic hashes whose unsalted use on a
// low-entropy value is weak; a masking UDF may randomise, so it is not
// judged. They are the warehouses' one-way hashes of the function
// catalogue, sorted.
var hashFunctions = lineage.HashFunctions()

func isHash(fn string) bool {
	_, ok := slices.BinarySearch(hashFunctions, fn)
	return ok
}

// unsalted reports whether the first argument of a hash (toks start after
// its "(") is the value alone, up to functions that keep its entropy: no
// other column, no literal, no concatenation.
func unsalted(toks []token, from string, transparent []string) bool {
	depth := 0
	for i, t := range toks {
		if !t.ident {
			switch t.text {
			case "(":
				depth++
				continue
			case ")":
				if depth == 0 {
					return true
				}
				depth--
				continue
			case ",":
				if depth == 0 {
					return true
				}
				continue
			case "?", "||", "+":
				return false
			case ".", "as":
				continue
			}
		}
		switch {
		case t.text == from && t.ident:
		case i+1 < len(toks) && toks[i+1].text == "." && !toks[i+1].ident:
			// a table qualifier
		case i+1 < len(toks) && toks[i+1].text == "(" && slices.Contains(transparent, t.text):
		case i > 0 && toks[i-1].text == "as" && !toks[i-1].ident:
			// a type in a cast
		case !t.ident && (t.text == "distinct" || t.text == "varchar" || t.text == "char" || t.text == "string" || t.text == "text"):
		default:
			return false
		}
	}
	return true
}
