package fetchspec

import (
	"strconv"
	"strings"
)

// Response is an HTTP response as the server sent it (#concept-response),
// before any filtering.
type Response struct {
	Status     int
	StatusText string
	Header     HeaderList
	Body       string
	// Irregular lists the header lines that HTTP/1.1 forbids but that a
	// browser's parser may still read (RFC 9112 §5.1, §5.2). Header holds
	// each as the lenient reading takes it; a profile decides whether its
	// browser does the same (Profile.Irregular).
	Irregular []IrregularLine
}

// IrregularKind names a header line shape that HTTP/1.1 forbids.
type IrregularKind string

const (
	// SpaceBeforeColon: "Name : value"; read as "Name: value".
	SpaceBeforeColon IrregularKind = "space-before-colon"
	// ObsFold: a line starting with a space or tab continues the header
	// above it; read as that header with one space joining the two parts.
	ObsFold IrregularKind = "obs-fold"
	// NoColon: a line with no colon at all; it is no header.
	NoColon IrregularKind = "no-colon"
)

// IrregularLine is one such line: its 1-based line number in the raw
// response, its text, and the index in Header of the header it belongs to
// (-1 when it produced none).
type IrregularLine struct {
	Kind  IrregularKind
	Line  int
	Text  string
	Index int
}

// ParseError is malformed input with its position, in the spirit of
// net/textproto's ProtocolError: the line and column (1-based) of the
// offending byte, what was expected, and the line as the user typed it.
type ParseError struct {
	Line, Col int
	Msg       string
	Text      string
}

func (e *ParseError) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// ParseRawResponse reads a raw HTTP/1.x response: a status line, header
// lines, an empty line and an optional body. Lines end with "\n" or "\r\n".
// Repeated headers stay repeated and in order; values are trimmed of
// surrounding spaces and tabs as an HTTP parser does, nothing else.
func ParseRawResponse(raw string) (*Response, error) {
	r := &Response{}
	lineNo := 0
	rest := raw
	next := func() (string, bool) {
		if rest == "" {
			return "", false
		}
		lineNo++
		i := strings.IndexByte(rest, '\n')
		var line string
		if i < 0 {
			line, rest = rest, ""
		} else {
			line, rest = rest[:i], rest[i+1:]
		}
		return strings.TrimSuffix(line, "\r"), true
	}
	status, ok := next()
	if !ok || strings.TrimSpace(status) == "" {
		return nil, &ParseError{1, 1, "expected a status line such as \"HTTP/1.1 200 OK\"", status}
	}
	if err := r.parseStatusLine(status, lineNo); err != nil {
		return nil, err
	}
	for {
		line, ok := next()
		if !ok {
			break
		}
		if line == "" {
			r.Body = rest
			break
		}
		var err error
		if line[0] == ' ' || line[0] == '\t' {
			err = r.foldLine(line, lineNo)
		} else {
			err = r.headerLine(line, lineNo)
		}
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// foldLine reads an obs-fold line (RFC 9112 §5.2): a continuation of the
// header above, joined with one space.
func (r *Response) foldLine(line string, lineNo int) error {
	if len(r.Header) == 0 {
		return &ParseError{lineNo, 1, "a line that starts with a space or tab continues the header above it, but there is no header above it", line}
	}
	last := len(r.Header) - 1
	cont := trimHTTPTabOrSpace(line)
	if bad := strings.IndexAny(cont, "\x00\r"); bad >= 0 {
		return &ParseError{lineNo, strings.Index(line, cont) + bad + 1, "a header value cannot hold a NUL or a bare carriage return", line}
	}
	if cont != "" {
		if r.Header[last].Value != "" {
			r.Header[last].Value += " "
		}
		r.Header[last].Value += cont
	}
	r.Irregular = append(r.Irregular, IrregularLine{ObsFold, lineNo, line, last})
	return nil
}

// headerLine reads "Name: value", noting a line without a colon or with
// whitespace before it.
func (r *Response) headerLine(line string, lineNo int) error {
	colon := strings.IndexByte(line, ':')
	if colon < 0 {
		r.Irregular = append(r.Irregular, IrregularLine{NoColon, lineNo, line, -1})
		return nil
	}
	name := line[:colon]
	trimmed := strings.TrimRight(name, " \t")
	for i := 0; i < len(trimmed); i++ {
		if !tokenTable[trimmed[i]] {
			what := "a header name is a token: letters, digits and !#$%&'*+-.^_`|~"
			if trimmed[i] == ' ' || trimmed[i] == '\t' {
				what = "no space is allowed inside a header name"
			}
			return &ParseError{lineNo, i + 1, what, line}
		}
	}
	if trimmed == "" {
		return &ParseError{lineNo, 1, "expected a header name before the colon", line}
	}
	if trimmed != name {
		r.Irregular = append(r.Irregular, IrregularLine{SpaceBeforeColon, lineNo, line, len(r.Header)})
		name = trimmed
	}
	value := trimHTTPTabOrSpace(line[colon+1:])
	for i := 0; i < len(value); i++ {
		if value[i] == 0 || value[i] == '\r' {
			return &ParseError{lineNo, colon + 2 + strings.Index(line[colon+1:], value) + i, "a header value cannot hold a NUL or a bare carriage return", line}
		}
	}
	r.Header.Append(name, value)
	return nil
}

func (r *Response) parseStatusLine(line string, lineNo int) error {
	if !strings.HasPrefix(line, "HTTP/") {
		return &ParseError{lineNo, 1, "expected the status line to start with \"HTTP/1.1\"", line}
	}
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return &ParseError{lineNo, len(line) + 1, "expected a space and a three-digit status code after the HTTP version", line}
	}
	ver := line[5:sp]
	if ver != "1.1" && ver != "1.0" && ver != "2" && ver != "2.0" && ver != "3" {
		return &ParseError{lineNo, 6, "expected HTTP version 1.0, 1.1 or 2, got \"" + ver + "\"", line}
	}
	code := line[sp+1:]
	text := ""
	if i := strings.IndexByte(code, ' '); i >= 0 {
		code, text = code[:i], code[i+1:]
	}
	if len(code) != 3 || !allDigits(code) || code[0] == '0' {
		return &ParseError{lineNo, sp + 2, "expected a three-digit status code (100 to 999), got \"" + code + "\"", line}
	}
	r.Status, _ = strconv.Atoi(code)
	r.StatusText = text
	return nil
}

// Serialize writes the response back as raw text with "\r\n" line ends.
func (r *Response) Serialize() string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 ")
	b.WriteString(strconv.Itoa(r.Status))
	if r.StatusText != "" {
		b.WriteByte(' ')
		b.WriteString(r.StatusText)
	}
	b.WriteString("\r\n")
	for _, h := range r.Header {
		b.WriteString(h.Name)
		b.WriteString(": ")
		b.WriteString(h.Value)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(r.Body)
	return b.String()
}

// IsOKStatus: 200 to 299 (#ok-status).
func IsOKStatus(s int) bool { return s >= 200 && s <= 299 }

// IsRedirectStatus: 301, 302, 303, 307 or 308 (#redirect-status).
func IsRedirectStatus(s int) bool {
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308
}

// StatusText gives a default reason phrase for common codes.
func StatusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 201:
		return "Created"
	case 204:
		return "No Content"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Found"
	case 303:
		return "See Other"
	case 307:
		return "Temporary Redirect"
	case 308:
		return "Permanent Redirect"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 500:
		return "Internal Server Error"
	}
	return ""
}
