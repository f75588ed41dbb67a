package paste

import (
	"strconv"
	"strings"

	"corsim/fetchspec"
)

// fetch() calls: DevTools "Copy as fetch" (Chrome and Firefox), its
// Node.js variant, and calls written by hand. Only literals are read; an
// expression (a variable, JSON.stringify(...)) is kept as "some value".

func isFetchCall(text string) bool {
	i := strings.Index(text, "fetch(")
	if i < 0 {
		return false
	}
	return i == 0 || !isIdentByte(text[i-1]) || text[i-1] == '.'
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type jsKind int

const (
	jsString jsKind = iota
	jsNumber
	jsBool
	jsNull
	jsObject
	jsArray
	jsExpr // anything else, kept as text
)

type jsValue struct {
	kind  jsKind
	str   string // string value, number text, or expression text
	keys  []string
	vals  []*jsValue
	items []*jsValue
	off   int
}

func (v *jsValue) get(key string) *jsValue {
	if v == nil || v.kind != jsObject {
		return nil
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

type jsParser struct {
	s   string
	i   int
	err *Error
}

func (p *jsParser) fail(msg string) {
	if p.err == nil {
		line := 1 + strings.Count(p.s[:p.i], "\n")
		col := p.i - strings.LastIndexByte(p.s[:p.i], '\n')
		p.err = &Error{Line: line, Col: col, Msg: msg, Text: lineAt(p.s, p.i)}
	}
}

func lineAt(s string, off int) string {
	a := strings.LastIndexByte(s[:off], '\n') + 1
	b := strings.IndexByte(s[off:], '\n')
	if b < 0 {
		b = len(s) - off
	}
	return clip(strings.TrimSuffix(s[a:off+b], "\r"), 200)
}

func (p *jsParser) space() {
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.i++
		case strings.HasPrefix(p.s[p.i:], "//"):
			j := strings.IndexByte(p.s[p.i:], '\n')
			if j < 0 {
				p.i = len(p.s)
			} else {
				p.i += j
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			j := strings.Index(p.s[p.i+2:], "*/")
			if j < 0 {
				p.i = len(p.s)
			} else {
				p.i += j + 4
			}
		default:
			return
		}
	}
}

func (p *jsParser) value() *jsValue {
	p.space()
	if p.i >= len(p.s) {
		p.fail("expected a value, found the end of the text")
		return nil
	}
	start := p.i
	c := p.s[p.i]
	switch {
	case c == '"' || c == '\'' || c == '`':
		str, ok := p.str()
		if !ok {
			return &jsValue{kind: jsExpr, str: p.s[start:p.i], off: start}
		}
		return &jsValue{kind: jsString, str: str, off: start}
	case c == '{':
		return p.object()
	case c == '[':
		p.i++
		v := &jsValue{kind: jsArray, off: start}
		for {
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return v
			}
			item := p.value()
			if item == nil {
				return v
			}
			v.items = append(v.items, item)
			p.space()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return v
			}
			p.fail("expected \",\" or \"]\" in the array")
			return v
		}
	}
	for _, w := range []struct {
		word string
		kind jsKind
	}{{"true", jsBool}, {"false", jsBool}, {"null", jsNull}, {"undefined", jsNull}} {
		if strings.HasPrefix(p.s[p.i:], w.word) && (p.i+len(w.word) == len(p.s) || !isIdentByte(p.s[p.i+len(w.word)])) {
			p.i += len(w.word)
			return &jsValue{kind: w.kind, str: w.word, off: start}
		}
	}
	if c == '-' || c >= '0' && c <= '9' {
		j := p.i + 1
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.' || p.s[j] == 'e') {
			j++
		}
		p.i = j
		return &jsValue{kind: jsNumber, str: p.s[start:j], off: start}
	}
	if strings.HasPrefix(p.s[p.i:], "new Headers(") {
		p.i += len("new Headers(")
		inner := p.value()
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ')' {
			p.i++
		}
		return inner
	}
	// An expression: up to the next , } ] or ) at depth 0.
	depth := 0
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			p.str()
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return &jsValue{kind: jsExpr, str: strings.TrimSpace(p.s[start:p.i]), off: start}
			}
			depth--
		case c == ',' && depth == 0:
			return &jsValue{kind: jsExpr, str: strings.TrimSpace(p.s[start:p.i]), off: start}
		}
		p.i++
	}
	return &jsValue{kind: jsExpr, str: strings.TrimSpace(p.s[start:]), off: start}
}

// str reads a quoted string; ok is false for a template literal with
// substitutions (its value is not known).
func (p *jsParser) str() (string, bool) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	ok := true
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == q {
			p.i++
			return b.String(), ok
		}
		if q == '`' && c == '$' && p.i+1 < len(p.s) && p.s[p.i+1] == '{' {
			ok = false
		}
		if c == '\\' && p.i+1 < len(p.s) {
			p.i++
			switch e := p.s[p.i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			case 'u':
				if p.i+4 < len(p.s) {
					if n, err := strconv.ParseUint(p.s[p.i+1:p.i+5], 16, 32); err == nil {
						b.WriteRune(rune(n))
						p.i += 5
						continue
					}
				}
				b.WriteByte('u')
			case 'x':
				if p.i+2 < len(p.s) {
					if n, err := strconv.ParseUint(p.s[p.i+1:p.i+3], 16, 8); err == nil {
						b.WriteRune(rune(n))
						p.i += 3
						continue
					}
				}
				b.WriteByte('x')
			case '\n':
			default:
				b.WriteByte(e)
			}
			p.i++
			continue
		}
		if c == '\n' && q != '`' {
			break
		}
		b.WriteByte(c)
		p.i++
	}
	p.fail("this string is never closed")
	return b.String(), false
}

func (p *jsParser) object() *jsValue {
	v := &jsValue{kind: jsObject, off: p.i}
	p.i++ // {
	for {
		p.space()
		if p.i >= len(p.s) {
			p.fail("expected \"}\" to close the object")
			return v
		}
		if p.s[p.i] == '}' {
			p.i++
			return v
		}
		var key string
		switch c := p.s[p.i]; {
		case c == '"' || c == '\'':
			key, _ = p.str()
		case c == '.' && strings.HasPrefix(p.s[p.i:], "..."):
			p.value() // a spread: nothing known
			key = "..."
		case isIdentByte(c):
			j := p.i
			for j < len(p.s) && isIdentByte(p.s[j]) {
				j++
			}
			key = p.s[p.i:j]
			p.i = j
		default:
			p.fail("expected a property name")
			return v
		}
		p.space()
		var val *jsValue
		if key != "..." {
			if p.i < len(p.s) && p.s[p.i] == ':' {
				p.i++
				val = p.value()
			} else {
				// Shorthand {method}: a variable.
				val = &jsValue{kind: jsExpr, str: key, off: p.i}
			}
			v.keys = append(v.keys, key)
			v.vals = append(v.vals, val)
		}
		if p.err != nil {
			return v
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return v
		}
		p.fail("expected \",\" or \"}\" after the value of " + strconv.Quote(key))
		return v
	}
}

func parseFetchCall(text string) (*draft, error) {
	d := &draft{kind: KindFetch}
	at := strings.Index(text, "fetch(")
	p := &jsParser{s: text, i: at + len("fetch(")}
	urlV := p.value()
	if urlV == nil {
		return nil, p.err
	}
	c := &call{method: "GET", mode: "cors"}
	switch urlV.kind {
	case jsString:
		c.url = urlV.str
	default:
		p.i = urlV.off
		d.problemAt(text, urlV.off, "the URL is an expression ("+clip(urlV.str, 60)+"), not a string; corsim cannot know its value")
	}
	p.space()
	var init *jsValue
	if p.i < len(text) && text[p.i] == ',' {
		p.i++
		init = p.value()
	}
	if p.err != nil {
		// Keep what was read; say where reading stopped.
		d.problems = append(d.problems, Problem(*p.err))
	}
	variant := "hand-written fetch() call"
	if init != nil && init.kind == jsObject {
		if m := init.get("method"); m != nil {
			if m.kind == jsString {
				c.method = m.str
			} else {
				d.problemAt(text, m.off, "the method is an expression ("+clip(m.str, 40)+"); corsim uses GET")
			}
		}
		if m := init.get("mode"); m != nil && m.kind == jsString {
			c.mode = m.str
		}
		if m := init.get("credentials"); m != nil && m.kind == jsString {
			c.credentials = m.str
		}
		if m := init.get("redirect"); m != nil && m.kind == jsString {
			c.redirect = m.str
		}
		if b := init.get("body"); b != nil && b.kind != jsNull {
			body := b.str
			if b.kind != jsString {
				body = "(" + b.str + ")"
			}
			c.body = &body
		}
		if h := init.get("headers"); h != nil {
			switch h.kind {
			case jsObject:
				for i, k := range h.keys {
					c.allHeaders = append(c.allHeaders, [2]string{k, jsText(h.vals[i])})
				}
			case jsArray:
				for _, it := range h.items {
					if it.kind == jsArray && len(it.items) == 2 {
						c.allHeaders = append(c.allHeaders, [2]string{jsText(it.items[0]), jsText(it.items[1])})
					}
				}
			default:
				d.problemAt(text, h.off, "the headers are an expression ("+clip(h.str, 40)+"); corsim cannot see them")
			}
		}
		ref := ""
		if r := init.get("referrer"); r != nil && r.kind == jsString {
			ref = r.str
			c.allHeaders = append(c.allHeaders, [2]string{"Referer", ref})
		}
		devtools := strings.Contains(text, `"method":`) || strings.Contains(text, `"headers":`)
		switch {
		case devtools && strings.HasPrefix(strings.TrimSpace(text[:at]), "await"):
			variant = "Firefox \"Copy as Fetch\""
		case devtools && (init.get("referrerPolicy") != nil || init.get("mode") != nil):
			variant = "Chrome \"Copy as fetch\""
		case devtools:
			variant = "Chrome \"Copy as fetch (Node.js)\""
		}
	}
	if _, err := fetchspec.ParseURL(c.url); err != nil && c.url != "" {
		// fetch() resolves a relative URL against the page.
		c.relative = true
	}
	for _, h := range c.allHeaders {
		if strings.EqualFold(h[0], "sec-fetch-mode") && c.mode == "cors" {
			c.mode = h[1]
		}
	}
	d.fromCommand(c)
	if c.credentials == "" && guessed(d.guesses, "credentials") {
		c.credentials = "include"
	}
	d.summary = variant + ": " + c.method + " " + displayURL(c.url)
	return d, nil
}

func displayURL(u string) string {
	if u == "" {
		return "(URL unknown)"
	}
	return u
}

func jsText(v *jsValue) string {
	if v == nil {
		return ""
	}
	if v.kind == jsString || v.kind == jsNumber || v.kind == jsBool {
		return v.str
	}
	return "(" + v.str + ")"
}

func (d *draft) problemAt(text string, off int, msg string) {
	line := 1 + strings.Count(text[:off], "\n")
	col := off - strings.LastIndexByte(text[:off], '\n')
	d.problems = append(d.problems, Problem{Line: line, Col: col, Msg: msg, Text: lineAt(text, off)})
}
