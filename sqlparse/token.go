package sqlparse

import (
	"strings"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tkWord   tokKind = iota + 1 // keyword or unquoted identifier
	tkQIdent                    // quoted identifier ("x", `x`)
	tkString                    // string literal ('x', E'x', $$x$$, r'x', ...)
	tkNumber                    // numeric literal
	tkParam                     // $1, ?, :name, @var
	tkOp                        // operator or punctuation
	tkSemi                      // ;
)

// token is a span of the source; its text is src[start:end]. Tokens hold no
// strings of their own, so tokenizing allocates only the slice.
type token struct {
	kind tokKind
	// commentBefore: the gap before the token holds a comment.
	commentBefore bool
	// hint says, for a word, which keyword sets it may belong to (see
	// wordHints): the rewrites test it instead of looking the word up. Its
	// hintRewrite bit is also set on every token rewriteTokens may act on:
	// strings, parameters, operators of opMayRewrite and numbers (or words)
	// long enough for rewriteOverlongDecimal.
	hint uint8
	// dotAfter: the next token is the operator '.' (the name goes on).
	dotAfter   bool
	start, end int32
}

// lexer splits SQL text into tokens by a dialect's rules. Whitespace and
// comments are skipped: the gaps between tokens hold them.
type lexer struct {
	src  string
	spec *dialectSpec
	// hints is the filter table of word hints, set on first use unless
	// plain (a caller that reads no hints, such as the Fingerprinter).
	hints *hintTable
	plain bool
	// semis, when not nil, receives the index of every ';' token, so that
	// splitting a script into statements need not scan the tokens again.
	semis *[]int32
	// bodies, when not nil, receives the byte offsets (start, end pairs)
	// of the procedure bodies read as SQL (see bodyEnd in tokenize).
	bodies *[]int32
}

// lexError is a tokenizing failure (unterminated string or comment).
type lexError struct {
	off    int
	reason string
}

// tokenize appends the tokens of src[from:to] to buf. On an unterminated
// literal it returns the tokens so far and a lexError.
func (lx *lexer) tokenize(buf []token, from, to int) ([]token, *lexError) {
	if to < len(lx.src) {
		bounded := *lx
		bounded.src = lx.src[:to]
		lx = &bounded
	}
	src := lx.src
	sp := lx.spec
	if lx.hints == nil && !lx.plain {
		lx.hints = wordHints()
	}
	hints := lx.hints
	i := from
	n := len(src)
	comment := false
	// execComment: inside MySQL's executable comment /*! .. */, whose
	// text is SQL; its closing */ is skipped as a comment
	execComment := false
	// bodyEnd: inside a Snowflake Scripting block quoted in $$ (EXECUTE
	// IMMEDIATE $$ BEGIN .. END $$, CREATE PROCEDURE .. AS $$ BEGIN ..),
	// whose text is SQL, or a Redshift PL/pgSQL body ($$ or $tag$); its
	// closing tag, at bodyEnd, is skipped
	bodyEnd, bodyTag := -1, 2 // bodyTag: the length of the closing tag ($$, $body$)
	for i < n {
		if i == bodyEnd {
			i += bodyTag
			bodyEnd = -1
			continue
		}
		c := src[i]
		if execComment && c == '*' && i+1 < n && src[i+1] == '/' {
			execComment = false
			i += 2
			comment = true
			continue
		}
		// the common tokens first: a word without a literal prefix (E'',
		// r'', b''), and brackets and commas
		if cl := byteClass[c]; cl&clWordStart != 0 && (cl&clStrPrefix == 0 || !(i+1 < n && (src[i+1] == '\'' || src[i+1] == '"'))) {
			start := i
			for i++; i < n && byteClass[src[i]]&clIdentPart != 0; i++ {
			}
			h := uint8(0)
			if sp.dashedNames && i < n && src[i] == '-' {
				// a word holds no '-' unless dashedEnd takes one in
				end := i
				if i = lx.dashedEnd(buf, i); i > end {
					h = hintOdd
				}
			}
			if hints != nil {
				h |= hints.of(src[start:i])
			}
			buf = append(buf, token{kind: tkWord, hint: h, commentBefore: comment, start: int32(start), end: int32(i)})
			comment = false
			// one space after a token is the common gap: skip it here
			// rather than in a turn of the loop
			if i < n && src[i] == ' ' {
				i++
			}
			continue
		} else if cl&clPunct != 0 {
			buf = append(buf, token{kind: tkOp, commentBefore: comment, start: int32(i), end: int32(i + 1)})
			comment = false
			i++
			if i < n && src[i] == ' ' {
				i++
			}
			continue
		} else if cl&clOp != 0 && !(c == '.' && i+1 < n && isDigit(src[i+1])) {
			start := i
			i += opLen(src, i)
			if c == '.' && i-start == 1 && len(buf) > 0 {
				buf[len(buf)-1].dotAfter = true
			}
			h := uint8(0)
			if opMayRewrite(src[start:i], sp.bracketIdents) {
				h = hintRewrite
			}
			buf = append(buf, token{kind: tkOp, hint: h, commentBefore: comment, start: int32(start), end: int32(i)})
			comment = false
			if i < n && src[i] == ' ' {
				i++
			}
			continue
		}
		switch {
		case byteClass[c]&clSpace != 0:
			for i++; i < n && byteClass[src[i]]&clSpace != 0; i++ {
			}
			continue
		case c == '-' && i+1 < n && src[i+1] == '-':
			i = skipLine(src, i)
			comment = true
			continue
		case c == '#' && (sp.bracketIdents || sp.hashNames) && i+1 < n && (isIdentStart(src[i+1]) || src[i+1] == '#'):
			// T-SQL and Redshift temporary table names: #t, ##t
			start := i
			i++
			for i < n && (isIdentPart(src[i]) || src[i] == '#') {
				i++
			}
			buf = append(buf, token{kind: tkWord, hint: hintOdd, start: int32(start), end: int32(i)})
			if comment {
				buf[len(buf)-1].commentBefore = true
				comment = false
			}
			continue
		case c == '#' && sp.hashComment:
			i = skipLine(src, i)
			comment = true
			continue
		case c == '/' && i+2 < n && src[i+1] == '*' && src[i+2] == '!' && sp.isMySQL() && !execComment:
			// /*!50702 sql */: MySQL runs the text (on a version at
			// least the one given)
			for i += 3; i < n && isDigit(src[i]); i++ {
			}
			execComment = true
			comment = true
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return buf, &lexError{off: i, reason: "unterminated comment"}
			}
			i += j + 4
			comment = true
			continue
		}
		start := i
		ntok := len(buf)
		switch {
		case c == '\'':
			end, ok := lx.quoted(i, '\'', sp.backslashEscapes)
			if !ok {
				return buf, &lexError{off: i, reason: "unterminated string"}
			}
			buf = append(buf, token{kind: tkString, start: int32(start), end: int32(end)})
			i = end
		case c == '"':
			end, ok := lx.quoted(i, '"', sp.backslashEscapes && !sp.ansiQuotes)
			if !ok {
				return buf, &lexError{off: i, reason: "unterminated quoted name"}
			}
			k := tkString
			if sp.ansiQuotes {
				k = tkQIdent
			}
			buf = append(buf, token{kind: k, start: int32(start), end: int32(end)})
			i = end
		case c == '`':
			end, ok := lx.quoted(i, '`', false)
			if !ok {
				return buf, &lexError{off: i, reason: "unterminated quoted name"}
			}
			buf = append(buf, token{kind: tkQIdent, start: int32(start), end: int32(end)})
			i = end
		case c == '[' && sp.bracketIdents && i+1 < n && (isIdentStart(src[i+1]) || sp.tsql && src[i+1] != ']') && !prevIsName(buf, src, i) && bracketName(src[i:]) > 0:
			// (T-SQL has no arrays: [2023] and [Order Details] are names)
			j := bracketName(src[i:])
			buf = append(buf, token{kind: tkQIdent, start: int32(start), end: int32(i + j + 1)})
			i += j + 1
		case c == '$' && sp.dollarQuotes && i+1 < n && (src[i+1] == '$' || isIdentStart(src[i+1])):
			// $$...$$ or $tag$...$tag$; otherwise a word like $x.
			j := i + 1
			for j < n && isIdentPart(src[j]) && src[j] != '$' {
				j++
			}
			if j < n && src[j] == '$' {
				tag := src[i : j+1]
				k := strings.Index(src[j+1:], tag)
				if k < 0 {
					return buf, &lexError{off: i, reason: "unterminated dollar-quoted string"}
				}
				end := j + 1 + k + len(tag)
				if (tag == "$$" && sp.colonPaths || sp.name == "redshift") && bodyEnd < 0 && scriptBody(src[j+1:j+1+k]) && len(buf) > 0 &&
					buf[len(buf)-1].kind == tkWord && (strings.EqualFold(buf[len(buf)-1].text(src), "IMMEDIATE") ||
					strings.EqualFold(buf[len(buf)-1].text(src), "AS")) {
					bodyEnd, bodyTag = j+1+k, len(tag)
					if lx.bodies != nil {
						*lx.bodies = append(*lx.bodies, int32(j+1), int32(bodyEnd))
					}
					i = j + 1
					break
				}
				buf = append(buf, token{kind: tkString, start: int32(start), end: int32(end)})
				i = end
				break
			}
			i = lx.word(i)
			buf = append(buf, token{kind: tkWord, start: int32(start), end: int32(i)})
		case c == '$' && i+1 < n && isDigit(src[i+1]):
			i++
			for i < n && isDigit(src[i]) {
				i++
			}
			buf = append(buf, token{kind: tkParam, start: int32(start), end: int32(i)})
		case (c == 'E' || c == 'e') && sp.eStrings && i+1 < n && src[i+1] == '\'':
			end, ok := lx.quoted(i+1, '\'', true)
			if !ok {
				return buf, &lexError{off: i, reason: "unterminated string"}
			}
			buf = append(buf, token{kind: tkString, start: int32(start), end: int32(end)})
			i = end
		case sp.rawStrings && (c == 'r' || c == 'R' || c == 'b' || c == 'B') && i+1 < n && (src[i+1] == '\'' || src[i+1] == '"'):
			end, ok := lx.quoted(i+1, src[i+1], c == 'b' || c == 'B')
			if !ok {
				return buf, &lexError{off: i, reason: "unterminated string"}
			}
			buf = append(buf, token{kind: tkString, start: int32(start), end: int32(end)})
			i = end
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(src[i+1]) && !prevIsName(buf, src, i)):
			i = number(src, i)
			if i < n && isIdentStart(src[i]) && src[start] != '.' {
				// 30_days: a name that starts with digits
				i = lx.word(i)
				buf = append(buf, token{kind: tkWord, start: int32(start), end: int32(i)})
				break
			}
			buf = append(buf, token{kind: tkNumber, start: int32(start), end: int32(i)})
		case isIdentStart(c):
			i = lx.wordEnd(buf, i)
			buf = append(buf, token{kind: tkWord, start: int32(start), end: int32(i)})
		case c == ';':
			if lx.semis != nil {
				*lx.semis = append(*lx.semis, int32(len(buf)))
			}
			buf = append(buf, token{kind: tkSemi, start: int32(start), end: int32(i + 1)})
			i++
		case sp.jsonbOps && (c == '?' || c == '@') && jsonbOpLen(buf, src, i) > 0:
			l := jsonbOpLen(buf, src, i)
			if c == '@' && l == 1 {
				// <@: the '<' before is the operator's first byte
				buf[len(buf)-1].end++
				buf[len(buf)-1].hint = hintRewrite
			} else {
				buf = append(buf, token{kind: tkOp, hint: hintRewrite, start: int32(start), end: int32(i + l)})
			}
			i += l
		case c == '?':
			buf = append(buf, token{kind: tkParam, start: int32(start), end: int32(i + 1)})
			i++
		case c == '@' && i+1 < n && (isIdentStart(src[i+1]) || src[i+1] == '@'):
			i += 2
			for i < n && (isIdentPart(src[i]) || src[i] == '.') {
				i++
			}
			buf = append(buf, token{kind: tkParam, start: int32(start), end: int32(i)})
		default:
			i += opLen(src, i)
			buf = append(buf, token{kind: tkOp, start: int32(start), end: int32(i)})
			if c == '.' && i-start == 1 && len(buf) > 1 {
				buf[len(buf)-2].dotAfter = true
			}
		}
		if len(buf) > ntok {
			t := &buf[ntok]
			switch t.kind {
			case tkWord:
				w := src[start:t.end]
				if hints != nil {
					t.hint = hints.of(w)
				}
				if sp.dashedNames && strings.IndexByte(w, '-') >= 0 {
					t.hint |= hintOdd
				}
				if len(w) >= minOverlongDecimal || sp.name == "hive" && numberSuffix(w) > 0 {
					t.hint |= hintRewrite // a number with letters after it
				}
			case tkString, tkParam:
				t.hint = hintRewrite
			case tkNumber:
				if t.end-t.start >= minOverlongDecimal {
					t.hint = hintRewrite
				}
			case tkOp:
				if opMayRewrite(src[t.start:t.end], sp.bracketIdents) {
					t.hint = hintRewrite
				}
			}
		}
		if comment && len(buf) > ntok {
			buf[ntok].commentBefore = true
			comment = false
		}
	}
	return buf, nil
}

// quoted scans a literal quoted by q starting at i; a doubled quote is an
// escaped one, and so is a backslash-escaped one when bs is set. Triple
// quotes (BigQuery ”' and """) are honoured when the dialect has them.
func (lx *lexer) quoted(i int, q byte, bs bool) (int, bool) {
	src := lx.src
	n := len(src)
	if lx.spec.rawStrings && i+2 < n && src[i+1] == q && src[i+2] == q {
		tq := src[i : i+3]
		k := strings.Index(src[i+3:], tq)
		if k < 0 {
			return n, false
		}
		return i + 3 + k + 3, true
	}
	j := i + 1
	for j < n {
		c := src[j]
		if bs && c == '\\' {
			j += 2
			continue
		}
		if c == q {
			if j+1 < n && src[j+1] == q {
				j += 2
				continue
			}
			return j + 1, true
		}
		j++
	}
	return n, false
}

// wordEnd returns the end of the word at i; buf holds the tokens before it.
func (lx *lexer) wordEnd(buf []token, i int) int {
	i = lx.word(i)
	if lx.spec.dashedNames {
		i = lx.dashedEnd(buf, i)
	}
	return i
}

// dashedEnd returns the end of a word that ends at i, taking in the dashes
// of a BigQuery project name (FROM my-project.dataset.table).
func (lx *lexer) dashedEnd(buf []token, i int) int {
	src := lx.src
	n := len(src)
	if i+1 < n && src[i] == '-' && isIdentStart(src[i+1]) && afterTableKeyword(buf, src) {
		for i+1 < n && src[i] == '-' && isIdentPart(src[i+1]) {
			i = lx.word(i + 1)
		}
	}
	return i
}

func (lx *lexer) word(i int) int {
	src := lx.src
	for i < len(src) && byteClass[src[i]]&clIdentPart != 0 {
		i++
	}
	return i
}

func prevIsName(buf []token, src string, i int) bool {
	if len(buf) == 0 {
		return false
	}
	t := buf[len(buf)-1]
	if int(t.end) != i {
		return false
	}
	return t.kind == tkWord || t.kind == tkQIdent || (t.kind == tkOp && (src[t.start] == ')' || src[t.start] == ']'))
}

// jsonbOpLen is the length of the Postgres jsonb operator (? ?| ?& @>, or
// the '@' of <@ right after a '<' token) at src[i], or 0. A '?' alone is
// the key-existence operator only after an operand (a name, a bracket, a
// string) and before a string key; elsewhere it is a parameter.
func jsonbOpLen(buf []token, src string, i int) int {
	n := len(src)
	var next byte
	if i+1 < n {
		next = src[i+1]
	}
	if src[i] == '@' {
		if next == '>' {
			return 2
		}
		if len(buf) > 0 {
			if t := buf[len(buf)-1]; int(t.end) == i && t.kind == tkOp && t.end-t.start == 1 && src[t.start] == '<' {
				return 1
			}
		}
		return 0
	}
	if (next == '|' || next == '&') && !(i+2 < n && src[i+2] == next) {
		return 2
	}
	if len(buf) == 0 {
		return 0
	}
	t := buf[len(buf)-1]
	operand := t.kind == tkWord || t.kind == tkQIdent || t.kind == tkString ||
		(t.kind == tkOp && (src[t.start] == ')' || src[t.start] == ']'))
	j := i + 1
	for j < n && byteClass[src[j]]&clSpace != 0 {
		j++
	}
	if operand && j < n && src[j] == '\'' {
		return 1
	}
	return 0
}

func skipLine(src string, i int) int {
	j := strings.IndexByte(src[i:], '\n')
	if j < 0 {
		return len(src)
	}
	return i + j + 1
}

func number(src string, i int) int {
	n := len(src)
	if src[i] == '0' && i+1 < n && (src[i+1] == 'x' || src[i+1] == 'X') {
		i += 2
		for i < n && isHex(src[i]) {
			i++
		}
		return i
	}
	for i < n && isDigit(src[i]) {
		i++
	}
	if i < n && src[i] == '.' && !(i+1 < n && src[i+1] == '.') {
		i++
		for i < n && isDigit(src[i]) {
			i++
		}
	}
	if i < n && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < n && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < n && isDigit(src[j]) {
			i = j
			for i < n && isDigit(src[i]) {
				i++
			}
		}
	}
	return i
}

// opLen is the length of the operator at src[i].
func opLen(src string, i int) int {
	rest := src[i:]
	var next byte
	if len(rest) > 1 {
		next = rest[1]
	}
	switch rest[0] {
	case '(', ')', ',', '.', '+', '*', '/', '%', '[', ']', '{', '}', '^':
		return 1
	case '<':
		if strings.HasPrefix(rest, "<=>") {
			return 3
		}
		if next == '>' || next == '=' || next == '<' {
			return 2
		}
	case '#':
		// Postgres' JSON path operators #> and #>>
		if strings.HasPrefix(rest, "#>>") {
			return 3
		}
		if next == '>' {
			return 2
		}
	case '-':
		if strings.HasPrefix(rest, "->>") {
			return 3
		}
		if next == '>' {
			return 2
		}
	case ':':
		if next == ':' || next == '=' {
			return 2
		}
	case '|':
		if next == '|' || next == '>' {
			return 2
		}
	case '!':
		if strings.HasPrefix(rest, "!~*") {
			return 3
		}
		if next == '=' || next == '~' {
			return 2
		}
	case '>':
		if next == '=' || next == '>' {
			return 2
		}
	case '=':
		if next == '>' || next == '=' {
			return 2
		}
	case '&':
		if next == '&' {
			return 2
		}
	case '~':
		if next == '*' {
			return 2
		}
	}
	if rest[0] >= 0x80 {
		// an unexpected non-ASCII symbol: take the whole rune
		for j := 1; j < len(rest); j++ {
			if rest[j] < 0x80 || rest[j] >= 0xC0 {
				return j
			}
		}
		return len(rest)
	}
	return 1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}
func isIdentStart(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80
}

// identPartLo and identPartHi are the ASCII bytes of names (letters,
// digits, '_', '$') as bit sets over bytes 0-63 and 64-127.
const (
	identPartLo = 0x03ff001000000000
	identPartHi = 0x07fffffe87fffffe
)

// isIdentPart reports whether c continues a name: isIdentStart, a digit or '$'.
func isIdentPart(c byte) bool { return byteClass[c]&clIdentPart != 0 }

// Byte classes of the tokenizer's hot loops.
const (
	clIdentPart uint8 = 1 << iota // letters, digits, '_', '$', non-ASCII
	clSpace                       // whitespace
	clWordStart                   // ASCII letters and '_'
	clPunct                       // '(', ')' and ',': always a token of their own
	clOp                          // starts an operator and nothing else ('.' unless a digit follows)
	clStrPrefix                   // may prefix a string literal: E'', r'', b''
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if b >= 0x80 || (b < 64 && identPartLo>>b&1 != 0) || (b >= 64 && b < 128 && identPartHi>>(b-64)&1 != 0) {
			t[c] |= clIdentPart
		}
		switch b {
		case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xa0:
			// TiDB skips bytes 0x85 and 0xA0 (unicode.IsSpace of the
			// byte) where a token may start; inside a word they are
			// identifier bytes, for TiDB as here
			t[c] |= clSpace
		case '(', ')', ',':
			t[c] |= clPunct
		case '.', '*', '+', '=', '<', '>', '%', '^', '{', '}', '!', '|', '&', '~', ':':
			t[c] |= clOp
		}
		if (b|0x20 >= 'a' && b|0x20 <= 'z') || b == '_' {
			t[c] |= clWordStart
		}
		switch b | 0x20 {
		case 'e', 'r', 'b':
			t[c] |= clStrPrefix
		}
	}
	return t
}()

// text returns the token's source text.
func (t token) text(src string) string { return src[t.start:t.end] }

// is reports whether the token is the word w (case-insensitive, w upper-case).
func (t token) is(src string, w string) bool {
	if t.kind != tkWord || int(t.end-t.start) != len(w) {
		return false
	}
	s := src[t.start:t.end]
	for i := 0; i < len(w); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// isOp reports whether the token is the operator op.
func (t token) isOp(src string, op string) bool {
	return t.kind == tkOp && int(t.end-t.start) == len(op) && src[t.start:t.end] == op
}

// bracketName returns the index of the ']' closing a [name] at the start
// of s, or -1 when s does not start with one (no ',', brackets or newline
// inside).
func bracketName(s string) int {
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case ']':
			return j
		case ',', '(', ')', '[', '\n':
			return -1
		}
	}
	return -1
}

// afterTableKeyword reports whether the last token is a word after which a
// table name comes.
func afterTableKeyword(buf []token, src string) bool {
	if len(buf) == 0 {
		return false
	}
	t := buf[len(buf)-1]
	for _, w := range [...]string{"FROM", "JOIN", "INTO", "TABLE", "UPDATE", "USING", "MERGE", "VIEW", "EXISTS"} {
		if t.is(src, w) {
			return true
		}
	}
	return false
}

// scriptBody reports whether a $$-quoted body is a Snowflake Scripting
// block (it starts with BEGIN or DECLARE), not JavaScript, Python or a
// string.
func scriptBody(body string) bool {
	body = strings.TrimLeft(body, " \t\r\n")
	for _, w := range [...]string{"BEGIN", "DECLARE"} {
		if len(body) > len(w) && strings.EqualFold(body[:len(w)], w) && byteClass[body[len(w)]]&clIdentPart == 0 {
			return true
		}
	}
	return false
}
