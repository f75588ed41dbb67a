package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// schema describes the JSON shape a scenario file may have, so that an
// unknown field or a wrong type is reported at its line and column instead
// of by encoding/json's position-less messages.
type schema struct {
	typ    string // object, array, string, number, bool, pair, any, stringOrNull
	fields map[string]*schema
	elem   *schema
	enum   []string
}

var (
	sString = &schema{typ: "string"}
	sNumber = &schema{typ: "number"}
	sAny    = &schema{typ: "any"}
)

func enum(v ...string) *schema { return &schema{typ: "string", enum: v} }

var requestSchema = &schema{typ: "object", fields: map[string]*schema{
	"at": sNumber, "method": sString, "url": sString,
	"headers":     {typ: "array", elem: &schema{typ: "pair"}},
	"mode":        enum(Modes...),
	"credentials": enum(CredentialsModes...),
	"redirect":    enum(RedirectModes...),
	"body":        {typ: "stringOrNull"},
}}

var ruleSchema = &schema{typ: "object", fields: map[string]*schema{
	"method": sString, "url": sString, "match": enum(MatchModes...), "response": sString,
}}

var expectSchema = &schema{typ: "object", fields: map[string]*schema{
	"outcome":        enum("ok", "network-error", "type-error"),
	"type":           enum("basic", "cors", "opaque", "opaqueredirect", "error"),
	"status":         sNumber,
	"exposedHeaders": {typ: "array", elem: sString},
	"preflight":      enum("sent", "cached", "none"),
	"error":          sString,
	"message":        sString,
	"wire":           {typ: "array", elem: sAny},
	"steps":          sAny,
}}

var scenarioSchema = &schema{typ: "object", fields: map[string]*schema{
	"name": sString, "description": sString,
	"browser":  enum("spec", "chromium", "firefox", "webkit"),
	"origin":   sString,
	"requests": {typ: "array", elem: requestSchema},
	"server":   {typ: "array", elem: ruleSchema},
	"expect":   {typ: "array", elem: expectSchema},
}}

// walker validates a document against a schema and records where each
// value starts, by path ("requests[0].url").
type walker struct {
	data []byte
	dec  *json.Decoder
	pos  map[string]int
	file string
	// soft holds mistakes after which the walk can go on (a value outside
	// its enum, a number out of range), so all are reported together.
	soft ErrorList
}

func (w *walker) softErr(off int, path, msg string) {
	if e, ok := w.errAt(off, msg).(*Error); ok {
		e.Path = path
		w.soft = append(w.soft, e)
	}
}

func (w *walker) errAt(off int, msg string) error { return newError(w.file, w.data, off, msg) }

// valueStart finds the first byte of the next value after the decoder's
// current offset, skipping whitespace, ':' and ','.
func (w *walker) valueStart() int {
	off := int(w.dec.InputOffset())
	for off < len(w.data) {
		switch w.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (w *walker) walk(s *schema, path string) error {
	start := w.valueStart()
	w.pos[path] = start
	tok, err := w.dec.Token()
	if err != nil {
		return w.syntaxErr(err, start)
	}
	switch s.typ {
	case "any":
		return w.skip(tok)
	case "string", "stringOrNull":
		if tok == nil && s.typ == "stringOrNull" {
			return nil
		}
		str, ok := tok.(string)
		if !ok {
			return w.errAt(start, "expected a string for "+pathName(path)+", got "+describe(tok))
		}
		if len(s.enum) > 0 && !contains(s.enum, str) {
			w.softErr(start, path, "unknown value \""+str+"\" for "+pathName(path)+"; expected one of "+strings.Join(s.enum, ", "))
		}
		return nil
	case "number":
		n, ok := tok.(json.Number)
		if !ok {
			return w.errAt(start, "expected a number for "+pathName(path)+", got "+describe(tok))
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			w.softErr(start, path, "the number "+string(n)+" for "+pathName(path)+" is too large; give seconds as an ordinary number such as 2.5")
		}
		return nil
	case "pair":
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return w.errAt(start, "expected a header as [\"Name\", \"value\"] in "+pathName(path)+", got "+describe(tok))
		}
		for i := 0; ; i++ {
			if !w.dec.More() {
				if i != 2 {
					return w.errAt(start, "a header is exactly two strings, [\"Name\", \"value\"]; this one has "+strconv.Itoa(i))
				}
				return w.closing()
			}
			off := w.valueStart()
			t, err := w.dec.Token()
			if err != nil {
				return w.syntaxErr(err, off)
			}
			if _, ok := t.(string); !ok {
				return w.errAt(off, "a header name and value must be strings, got "+describe(t))
			}
		}
	case "array":
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return w.errAt(start, "expected a list [...] for "+pathName(path)+", got "+describe(tok))
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.walk(s.elem, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return w.closing()
	case "object":
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return w.errAt(start, "expected an object {...} for "+pathName(path)+", got "+describe(tok))
		}
		for w.dec.More() {
			koff := w.valueStart()
			kt, err := w.dec.Token()
			if err != nil {
				return w.syntaxErr(err, koff)
			}
			key, ok := kt.(string)
			if !ok {
				return w.errAt(koff, "expected a field name in quotes")
			}
			sub, ok := s.fields[key]
			if !ok {
				return w.errAt(koff, "unknown field \""+key+"\" in "+pathName(path)+"; expected one of "+strings.Join(sortedKeys(s.fields), ", "))
			}
			p := key
			if path != "" {
				p = path + "." + key
			}
			if err := w.walk(sub, p); err != nil {
				return err
			}
		}
		return w.closing()
	}
	return nil
}

// closing reads the ] or } that ends a list or object; a file that stops
// before it is an error with a position like any other.
func (w *walker) closing() error {
	off := w.valueStart()
	if _, err := w.dec.Token(); err != nil {
		return w.syntaxErr(err, off)
	}
	return nil
}

// skip consumes the rest of a value whose first token is tok.
func (w *walker) skip(tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || (d != '[' && d != '{') {
		return nil
	}
	depth := 1
	for depth > 0 {
		t, err := w.dec.Token()
		if err != nil {
			return w.syntaxErr(err, int(w.dec.InputOffset()))
		}
		if d, ok := t.(json.Delim); ok {
			if d == '[' || d == '{' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

func (w *walker) syntaxErr(err error, off int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return w.errAt(int(se.Offset)-1, "invalid JSON: "+se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return w.errAt(len(w.data), "the file ends in the middle of a JSON value")
	}
	return w.errAt(off, "invalid JSON: "+err.Error())
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "the number " + v.String()
	case bool:
		return "a boolean"
	case json.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	}
	return "something else"
}

func pathName(p string) string {
	if p == "" {
		return "the scenario"
	}
	return p
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]*schema) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Error is a mistake in a scenario file, with its position.
type Error struct {
	File      string `json:"file,omitempty"`
	Line, Col int
	Msg       string
	// Text is the offending line as typed.
	Text string
	// Path is the field the error is about, e.g. "server[1].response".
	Path string
}

func (e *Error) Error() string {
	f := e.File
	if f == "" {
		f = "scenario"
	}
	return f + ":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

func newError(file string, data []byte, off int, msg string) *Error {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	le := bytes.IndexByte(data[off:], '\n')
	if le < 0 {
		le = len(data)
	} else {
		le += off
	}
	col := 1 + len([]rune(string(data[ls:off])))
	return &Error{File: file, Line: line, Col: col, Msg: msg, Text: strings.TrimRight(string(data[ls:le]), "\r")}
}

// stringOffset maps a byte offset inside the decoded value of the JSON
// string literal that starts at lit to the offset of the same character in
// the file, walking escapes one by one.
func stringOffset(data []byte, lit, decoded int) int {
	i := lit + 1
	n := 0
	for i < len(data) && data[i] != '"' {
		if n >= decoded {
			return i
		}
		if data[i] == '\\' && i+1 < len(data) {
			if data[i+1] == 'u' && i+5 < len(data) {
				r, _ := strconv.ParseUint(string(data[i+2:i+6]), 16, 32)
				n += len(string(rune(r)))
				i += 6
				continue
			}
			n++
			i += 2
			continue
		}
		n++
		i++
	}
	return i
}
