package paste

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// "Copy as cURL" in bash and Windows cmd quoting, and "Copy as
// PowerShell": they describe the request the browser made.

func isCurlCommand(text string) bool {
	t := strings.TrimSpace(text)
	for _, p := range []string{"$ ", "% ", "> "} {
		t = strings.TrimPrefix(t, p)
	}
	return strings.HasPrefix(t, "curl ") || strings.HasPrefix(t, "curl.exe ") || strings.HasPrefix(t, "curl\t")
}

func parseCurlCommand(text string) (*draft, error) {
	d := &draft{kind: KindCurlCommand}
	t := strings.TrimSpace(text)
	for _, p := range []string{"$ ", "% ", "> "} {
		t = strings.TrimPrefix(t, p)
	}
	c, err := curlCall(t)
	if err != nil {
		var pe *Error
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, &Error{Line: 1, Col: 1, Msg: err.Error()}
	}
	d.fromCommand(c)
	quoting := "bash"
	if isCmdQuoting(t) {
		quoting = "Windows cmd"
	}
	d.summary = "curl command (" + quoting + " quoting): " + c.method + " " + c.url
	return d, nil
}

// fromCommand records a command's request as the page's call.
func (d *draft) fromCommand(c *call) {
	hs, origin, referer, cookies := pageHeaders(c.allHeaders)
	c.headers = hs
	d.setOrigin(origin, referer)
	if cookies && c.credentials == "" {
		c.credentials = "include"
		d.guess("credentials", "include", "the command sends cookies, so the page probably calls fetch() with credentials: \"include\"")
	}
	d.calls = append(d.calls, c)
}

func isCmdQuoting(t string) bool {
	return strings.Contains(t, "^\"") || strings.Contains(t, " ^\n") || strings.Contains(t, " ^\r\n")
}

// curlCall reads a curl command line into a call. Flags that take a value
// are known by name; others are skipped.
func curlCall(cmd string) (*call, error) {
	var args []string
	var err error
	if isCmdQuoting(cmd) {
		args, err = splitCmd(cmd)
	} else {
		args, err = splitBash(cmd)
	}
	if err != nil {
		return nil, err
	}
	if len(args) == 0 || (args[0] != "curl" && args[0] != "curl.exe") {
		return nil, &Error{Line: 1, Col: 1, Msg: "expected a command starting with curl"}
	}
	c := &call{mode: ""}
	method, dataMethod := "", ""
	var body *string
	addBody := func(v string) {
		if body == nil {
			body = new(string)
		} else {
			*body += "&"
		}
		*body += strings.TrimPrefix(v, "@")
		dataMethod = "POST"
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		val := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		name := a
		attached := ""
		if strings.HasPrefix(a, "--") {
			if k, v, ok := strings.Cut(a, "="); ok && curlLongArg[k] {
				name, attached = k, v
			}
		} else if strings.HasPrefix(a, "-") && len(a) > 2 {
			// Bundled short flags (-sSL, -XPUT, -sX PUT).
			for j := 1; j < len(a); j++ {
				f := "-" + a[j:j+1]
				if curlShortArg[f] {
					name = f
					attached = a[j+1:]
					break
				}
				name = ""
			}
			if name == "" {
				continue
			}
		}
		get := func() string {
			if attached != "" {
				return attached
			}
			return val()
		}
		switch name {
		case "-X", "--request":
			method = get()
		case "-H", "--header":
			h := get()
			n, v, ok := strings.Cut(h, ":")
			if !ok {
				if n2, ok2 := strings.CutSuffix(h, ";"); ok2 {
					c.allHeaders = append(c.allHeaders, [2]string{strings.TrimSpace(n2), ""})
				}
				continue
			}
			if strings.TrimSpace(v) == "" {
				continue // "Name:" removes a header in curl
			}
			c.allHeaders = append(c.allHeaders, [2]string{strings.TrimSpace(n), strings.TrimSpace(v)})
		case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode":
			addBody(get())
		case "--json":
			addBody(get())
			setHeader(&c.allHeaders, "Content-Type", "application/json")
			setHeader(&c.allHeaders, "Accept", "application/json")
		case "-F", "--form":
			addBody(get())
			setHeader(&c.allHeaders, "Content-Type", "multipart/form-data; boundary=x")
		case "-I", "--head":
			method = "HEAD"
		case "-b", "--cookie":
			v := get()
			c.allHeaders = append(c.allHeaders, [2]string{"Cookie", v})
		case "-u", "--user":
			v := get()
			c.allHeaders = append(c.allHeaders, [2]string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(v))})
		case "-e", "--referer":
			c.allHeaders = append(c.allHeaders, [2]string{"Referer", get()})
		case "-A", "--user-agent":
			get()
		case "--url":
			c.url = get()
		default:
			if curlShortArg[name] || curlLongArg[name] {
				get()
				continue
			}
			if !strings.HasPrefix(a, "-") && c.url == "" {
				c.url = a
			}
		}
	}
	if c.url == "" {
		return nil, &Error{Line: 1, Col: 1, Msg: "this curl command names no URL"}
	}
	if !strings.Contains(c.url, "://") {
		c.url = "http://" + c.url
	}
	switch {
	case method != "":
		c.method = method
	case dataMethod != "":
		c.method = dataMethod
	default:
		c.method = "GET"
	}
	c.body = body
	for _, h := range c.allHeaders {
		if strings.EqualFold(h[0], "sec-fetch-mode") {
			switch m := strings.TrimSpace(h[1]); m {
			case "cors", "no-cors", "same-origin":
				c.mode = m
			}
		}
	}
	return c, nil
}

// Flags of curl that take a value.
var curlShortArg = map[string]bool{
	"-X": true, "-H": true, "-d": true, "-F": true, "-b": true, "-c": true, "-u": true, "-A": true,
	"-e": true, "-o": true, "-m": true, "-w": true, "-x": true, "-T": true, "-r": true, "-E": true,
	"-K": true, "-D": true, "-U": true, "-y": true, "-Y": true, "-z": true, "-C": true,
}

var curlLongArg = map[string]bool{
	"--url": true, "--request": true, "--header": true, "--data": true, "--data-raw": true,
	"--data-binary": true, "--data-ascii": true, "--data-urlencode": true, "--json": true,
	"--form": true, "--cookie": true, "--cookie-jar": true, "--user": true, "--user-agent": true,
	"--referer": true, "--output": true, "--max-time": true, "--write-out": true, "--proxy": true,
	"--connect-timeout": true, "--resolve": true, "--cacert": true, "--cert": true, "--key": true,
	"--retry": true, "--limit-rate": true, "--range": true, "--upload-file": true, "--config": true,
	"--dump-header": true, "--connect-to": true, "--proxy-user": true, "--max-redirs": true,
	"--form-string": true, "--interface": true, "--retry-delay": true, "--retry-max-time": true,
	"--expect100-timeout": true, "--keepalive-time": true, "--trace": true, "--trace-ascii": true,
	"--stderr": true, "--oauth2-bearer": true, "--variable": true, "--unix-socket": true,
}

// splitBash splits a command the way bash would: single quotes, double
// quotes with backslash escapes, $'...' with C escapes, backslash-newline
// continuations.
func splitBash(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	line, col := 1, 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		col++
		switch {
		case ch == '\\' && i+1 < len(s) && (s[i+1] == '\n' || (s[i+1] == '\r' && i+2 < len(s) && s[i+2] == '\n')):
			if s[i+1] == '\r' {
				i++
			}
			i++
			line, col = line+1, 0
		case ch == '\n':
			line, col = line+1, 0
			fallthrough
		case ch == ' ' || ch == '\t' || ch == '\r':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case ch == '\'':
			inArg = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, &Error{Line: line, Col: col, Msg: "this single quote is never closed"}
			}
			cur.WriteString(s[i+1 : i+1+j])
			line += strings.Count(s[i+1:i+1+j], "\n")
			i += j + 1
		case ch == '$' && i+1 < len(s) && s[i+1] == '\'':
			inArg = true
			j := i + 2
			for ; j < len(s) && s[j] != '\''; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
			}
			if j >= len(s) {
				return nil, &Error{Line: line, Col: col, Msg: "this $'...' string is never closed"}
			}
			cur.WriteString(cEscapes(s[i+2 : j]))
			i = j
		case ch == '"':
			inArg = true
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && strings.IndexByte("\"\\$`\n", s[j+1]) >= 0 {
					j++
					if s[j] != '\n' {
						cur.WriteByte(s[j])
					}
					continue
				}
				cur.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, &Error{Line: line, Col: col, Msg: "this double quote is never closed"}
			}
			i = j
		case ch == '\\' && i+1 < len(s):
			inArg = true
			i++
			cur.WriteByte(s[i])
		default:
			inArg = true
			cur.WriteByte(ch)
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// cEscapes expands bash's $'...' escapes.
func cEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'x':
			if i+2 < len(s) {
				if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					b.WriteByte(byte(n))
					i += 2
					continue
				}
			}
			b.WriteString(`\x`)
		case 'u':
			if i+4 < len(s) {
				if n, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
					b.WriteRune(rune(n))
					i += 4
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// splitCmd splits a Windows cmd line: carets escape the next character (a
// caret at a line end continues the line), then the program splits its
// arguments at unquoted spaces, with \" a literal quote.
func splitCmd(s string) ([]string, error) {
	var un strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '^' && i+1 < len(s) {
			i++
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			if s[i] == '\n' {
				un.WriteByte(' ')
				continue
			}
			un.WriteByte(s[i])
			continue
		}
		un.WriteByte(s[i])
	}
	t := un.String()
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(t); i++ {
		ch := t[i]
		switch {
		case ch == '\\':
			n := 0
			for i < len(t) && t[i] == '\\' {
				n++
				i++
			}
			if i < len(t) && t[i] == '"' {
				cur.WriteString(strings.Repeat(`\`, n/2))
				if n%2 == 1 {
					cur.WriteByte('"')
					inArg = true
					continue
				}
				i--
				continue
			}
			cur.WriteString(strings.Repeat(`\`, n))
			inArg = true
			i--
		case ch == '"':
			quoted = !quoted
			inArg = true
		case !quoted && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'):
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteByte(ch)
			inArg = true
		}
	}
	if quoted {
		return nil, &Error{Line: 1, Col: 1, Msg: "a double quote in this cmd command is never closed"}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// PowerShell: Invoke-WebRequest (or Invoke-RestMethod) with -Uri,
// -Method, -Headers @{...}, -ContentType and -Body, as DevTools writes it.

func isPowerShell(text string) bool {
	return strings.Contains(text, "Invoke-WebRequest") || strings.Contains(text, "Invoke-RestMethod") || strings.Contains(text, "Microsoft.PowerShell.Commands.WebRequestSession")
}

func parsePowerShell(text string) (*draft, error) {
	d := &draft{kind: KindPowerShell}
	toks, err := psTokens(text)
	if err != nil {
		return nil, err
	}
	c := &call{method: "GET"}
	cookies := strings.Contains(text, ".Cookies.Add(")
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i].text
			}
			return ""
		}
		if t.kind != psWord || !strings.HasPrefix(t.text, "-") {
			continue
		}
		switch strings.ToLower(t.text) {
		case "-uri":
			c.url = next()
		case "-method":
			c.method = strings.ToUpper(next())
		case "-contenttype":
			setHeader(&c.allHeaders, "Content-Type", next())
		case "-body":
			b := next()
			c.body = &b
		case "-headers":
			if i+1 < len(toks) && toks[i+1].kind == psHash {
				i++
				c.allHeaders = append(c.allHeaders, toks[i].pairs...)
			}
		}
	}
	if c.url == "" {
		return nil, &Error{Line: 1, Col: 1, Msg: "expected -Uri \"https://...\" in the PowerShell command"}
	}
	for _, h := range c.allHeaders {
		switch strings.ToLower(h[0]) {
		case "sec-fetch-mode":
			c.mode = h[1]
		case "method":
			c.method = strings.ToUpper(h[1])
		}
	}
	if cookies {
		c.allHeaders = append(c.allHeaders, [2]string{"Cookie", "(from the web session)"})
	}
	// HTTP/2 pseudo-headers that Chrome writes as plain keys.
	hs := c.allHeaders[:0]
	for _, h := range c.allHeaders {
		switch strings.ToLower(h[0]) {
		case "authority", "method", "path", "scheme":
			continue
		}
		hs = append(hs, h)
	}
	c.allHeaders = hs
	d.fromCommand(c)
	d.summary = "PowerShell Invoke-WebRequest: " + c.method + " " + c.url
	return d, nil
}

type psKind int

const (
	psWord psKind = iota
	psString
	psHash
)

type psToken struct {
	kind  psKind
	text  string
	pairs [][2]string
}

// psTokens reads PowerShell words, strings ("..." with backtick escapes,
// '...' with doubled quotes) and @{ key = value } tables.
func psTokens(s string) ([]psToken, error) {
	var toks []psToken
	line := 1
	i := 0
	readString := func() (string, error) {
		q := s[i]
		var b strings.Builder
		i++
		for i < len(s) {
			ch := s[i]
			if q == '"' && ch == '`' && i+1 < len(s) {
				i++
				switch s[i] {
				case 'n':
					b.WriteByte('\n')
				case 't':
					b.WriteByte('\t')
				case 'r':
					b.WriteByte('\r')
				case '0':
					b.WriteByte(0)
				default:
					b.WriteByte(s[i])
				}
				i++
				continue
			}
			if ch == q {
				if i+1 < len(s) && s[i+1] == q {
					b.WriteByte(q)
					i += 2
					continue
				}
				i++
				return b.String(), nil
			}
			if ch == '\n' {
				line++
			}
			b.WriteByte(ch)
			i++
		}
		return "", &Error{Line: line, Col: 1, Msg: "a quoted string is never closed"}
	}
	// readItem reads a key or value of an @{ } table: a quoted string, or
	// bare text up to one of stop.
	readItem := func(stop string) (string, error) {
		if i < len(s) && (s[i] == '"' || s[i] == '\'') {
			return readString()
		}
		j := i
		for j < len(s) && strings.IndexByte(stop, s[j]) < 0 {
			j++
		}
		item := strings.TrimSpace(s[i:j])
		i = j
		return item, nil
	}
	for i < len(s) {
		ch := s[i]
		switch {
		case ch == '\n':
			line++
			i++
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '`' || ch == '(' || ch == ')' || ch == ';':
			i++
		case ch == '"' || ch == '\'':
			str, err := readString()
			if err != nil {
				return nil, err
			}
			toks = append(toks, psToken{kind: psString, text: str})
		case ch == '@' && i+1 < len(s) && s[i+1] == '{':
			i += 2
			var pairs [][2]string
			for i < len(s) && s[i] != '}' {
				c := s[i]
				switch {
				case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';':
					if c == '\n' {
						line++
					}
					i++
					continue
				}
				key, err := readItem("=\n}")
				if err != nil {
					return nil, err
				}
				for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
					i++
				}
				if i >= len(s) || s[i] != '=' {
					return nil, &Error{Line: line, Col: 1, Msg: "expected \"name\"=\"value\" in the -Headers table"}
				}
				i++
				for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
					i++
				}
				val, err := readItem("\n;}")
				if err != nil {
					return nil, err
				}
				pairs = append(pairs, [2]string{key, val})
			}
			if i >= len(s) {
				return nil, &Error{Line: line, Col: 1, Msg: "the @{ table is never closed with }"}
			}
			i++
			toks = append(toks, psToken{kind: psHash, pairs: pairs})
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\r\n`();\"'", rune(s[j])) {
				_, size := utf8.DecodeRuneInString(s[j:])
				j += size
			}
			if j == i {
				j++
			}
			toks = append(toks, psToken{kind: psWord, text: s[i:j]})
			i = j
		}
	}
	return toks, nil
}
