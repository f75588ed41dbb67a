package paste

import (
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// HTTP messages as pasted: raw responses (several in a row), raw requests
// (Firefox's raw request headers), curl -i output (a response after the
// command line), and curl -v transcripts ("> " request lines, "< "
// response lines, "* " chatter).

// message is one HTTP request or response read from the paste.
type message struct {
	start   line // the request or status line
	request bool
	// request line
	method, target string
	// status line
	status int
	reason string
	// header lines exactly as typed (prefix removed), for the scenario's
	// raw response; headers as parsed, for reading requests.
	lines   []string
	headers [][2]string
	body    []string
}

// exchange is a request and the response to it, either may be missing.
type exchange struct {
	req    *message
	resp   *message
	cmd    *call // a curl command line that made the request
	scheme string
}

// isStatusLine: "HTTP/1.1 200 OK", "HTTP/2 200", "HTTP/3 404".
func isStatusLine(s string) bool {
	if !strings.HasPrefix(s, "HTTP/") {
		return false
	}
	_, rest, ok := strings.Cut(s, " ")
	if !ok {
		return false
	}
	code, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	n, err := strconv.Atoi(code)
	return err == nil && len(code) == 3 && n >= 100
}

// isRequestLine: "GET /path HTTP/1.1" (also "HTTP/2", as curl -v prints).
func isRequestLine(s string) bool {
	parts := strings.Fields(s)
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/") {
		return false
	}
	for i := 0; i < len(parts[0]); i++ {
		c := parts[0][i]
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return strings.HasPrefix(parts[1], "/") || strings.Contains(parts[1], "://") || parts[1] == "*"
}

func isHTTPMessage(lines []line) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if t == "" {
			continue
		}
		return isStatusLine(t) || isRequestLine(t)
	}
	return false
}

// isCurlVerbose: curl -v output has "> " request and "< " response lines;
// curl -i output is a command line followed by a raw response.
func isCurlVerbose(lines []line) bool {
	req, resp, cmd := false, false, false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l.text, "> ") && isRequestLine(l.text[2:]):
			req = true
		case strings.HasPrefix(l.text, "< ") && isStatusLine(l.text[2:]):
			resp = true
		case isCommandLine(l.text):
			cmd = true
		case isStatusLine(strings.TrimSpace(l.text)):
			resp = resp || cmd
		}
	}
	return (req || cmd) && resp
}

// isCommandLine: a shell prompt line running curl.
func isCommandLine(s string) bool {
	t := strings.TrimSpace(s)
	for _, p := range []string{"$ ", "% ", "# ", "> ", "PS> "} {
		if strings.HasPrefix(t, p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	return strings.HasPrefix(t, "curl ")
}

// parseTranscript reads messages and builds the calls.
func parseTranscript(lines []line, kind Kind) (*draft, error) {
	d := &draft{kind: kind}
	var exs []*exchange
	var cur *message
	var curEx *exchange
	scheme := ""
	inBody := false
	flush := func() {
		cur, inBody = nil, false
	}
	newExchange := func() *exchange {
		e := &exchange{scheme: scheme}
		exs = append(exs, e)
		return e
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		text := l.text
		// A curl command, possibly continued over several lines.
		if isCommandLine(text) {
			flush()
			cmdText := strings.TrimSpace(text)
			for strings.HasSuffix(cmdText, "\\") && i+1 < len(lines) {
				i++
				cmdText = strings.TrimSuffix(cmdText, "\\") + " " + strings.TrimSpace(lines[i].text)
			}
			if p := strings.Index(cmdText, "curl "); p >= 0 {
				cmdText = cmdText[p:]
			}
			c, err := curlCall(cmdText)
			if err != nil {
				d.problem(l, 1, "could not read this curl command: "+err.Error())
				continue
			}
			curEx = newExchange()
			curEx.cmd = c
			if strings.HasPrefix(c.url, "https:") {
				scheme = "https"
			}
			continue
		}
		prefix := ""
		if len(text) >= 1 && (text[0] == '>' || text[0] == '<') && (len(text) == 1 || text[1] == ' ') {
			prefix = text[:1]
			if len(text) > 2 {
				text = text[2:]
			} else {
				text = ""
			}
		}
		if prefix == "" && strings.HasPrefix(l.text, "* ") {
			// curl's chatter tells the scheme.
			t := l.text[2:]
			if strings.Contains(t, "SSL connection") || strings.Contains(t, "TLS") || strings.Contains(t, "ALPN") || strings.Contains(t, " port 443") {
				scheme = "https"
			}
			if strings.HasPrefix(t, "Connected to") && !strings.Contains(t, " port 443") && scheme == "" {
				scheme = "http"
			}
			continue
		}
		if prefix == "" && (strings.HasPrefix(l.text, "{ [") || strings.HasPrefix(l.text, "} [")) {
			continue
		}
		switch {
		case prefix != "<" && isRequestLine(strings.TrimSpace(text)) && (prefix == ">" || cur == nil || !inBody || kind == KindRawResponse):
			flush()
			f := strings.Fields(text)
			cur = &message{start: l, request: true, method: f[0], target: f[1]}
			if curEx == nil || curEx.req != nil || curEx.resp != nil {
				curEx = newExchange()
			}
			curEx.req = cur
			if curEx.scheme == "" {
				curEx.scheme = scheme
			}
		case prefix != ">" && isStatusLine(strings.TrimSpace(text)):
			flush()
			t := strings.TrimSpace(text)
			_, rest, _ := strings.Cut(t, " ")
			code, reason, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
			n, _ := strconv.Atoi(code)
			cur = &message{start: l, status: n, reason: reason}
			if n >= 100 && n < 200 {
				// 100 Continue and friends: not the answer.
				cur.status = -1
			}
			if curEx == nil || curEx.resp != nil {
				curEx = newExchange()
			}
			if cur.status > 0 {
				curEx.resp = cur
			}
		case cur == nil:
			if strings.TrimSpace(l.text) != "" {
				d.problem(l, 1, "skipped: not part of a request or response")
			}
		case inBody:
			if prefix == "" {
				cur.body = append(cur.body, l.text)
			}
		case strings.TrimSpace(text) == "":
			// The blank line after the headers.
			inBody = !cur.request
			if cur.request {
				cur = nil
			}
		default:
			if (text[0] == ' ' || text[0] == '\t') && len(cur.lines) > 0 {
				cur.lines = append(cur.lines, text)
				if len(cur.headers) > 0 {
					last := &cur.headers[len(cur.headers)-1]
					last[1] = strings.TrimSpace(last[1] + " " + strings.TrimSpace(text))
				}
				continue
			}
			name, value, ok := strings.Cut(text, ":")
			if !ok {
				// Kept for the response as sent: the engine says what each
				// browser makes of a line without a colon.
				cur.lines = append(cur.lines, text)
				continue
			}
			cur.lines = append(cur.lines, text)
			cur.headers = append(cur.headers, [2]string{strings.TrimRight(name, " \t"), strings.Trim(value, " \t")})
		}
	}
	if len(exs) == 0 {
		return nil, &Error{Line: 1, Col: 1, Msg: "expected an HTTP response (a status line such as \"HTTP/1.1 200 OK\"), a request line, or curl output"}
	}
	d.assemble(exs)
	d.summarize(exs)
	return d, nil
}

// raw writes a response message the way a scenario stores it: the status
// line as HTTP/1.1 (an HTTP/2 or /3 paste means the same fields), header
// lines exactly as pasted, a blank line, the body.
func (m *message) raw() string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 ")
	b.WriteString(strconv.Itoa(m.status))
	reason := m.reason
	if reason == "" {
		reason = fetchspec.StatusText(m.status)
	}
	if reason != "" {
		b.WriteString(" " + reason)
	}
	b.WriteString("\r\n")
	for _, l := range m.lines {
		b.WriteString(l)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	body := strings.Join(m.body, "\n")
	b.WriteString(strings.TrimRight(body, "\n"))
	return b.String()
}

func (m *message) header(name string) (string, bool) {
	for _, h := range m.headers {
		if strings.EqualFold(h[0], name) {
			return h[1], true
		}
	}
	return "", false
}

// url is where a request went: its target when absolute, else the scheme
// and Host header with the target.
func (e *exchange) url() string {
	if e.cmd != nil && e.cmd.url != "" {
		if e.req == nil {
			return e.cmd.url
		}
		if base, err := fetchspec.ParseURL(e.cmd.url); err == nil {
			if u, err := base.ParseURLRef(e.req.target); err == nil {
				return u.String()
			}
		}
	}
	if e.req == nil {
		return ""
	}
	if strings.Contains(e.req.target, "://") {
		return e.req.target
	}
	host, _ := e.req.header("host")
	if host == "" {
		host, _ = e.req.header(":authority")
	}
	if host == "" {
		return ""
	}
	scheme := e.scheme
	if scheme == "" {
		scheme = "http"
		// A request that reached the wire from an https page was sent
		// over https (the browser blocks plain http as mixed content).
		if o, _ := e.req.header("origin"); strings.HasSuffix(host, ":443") || strings.HasPrefix(o, "https://") {
			scheme = "https"
		}
	}
	return scheme + "://" + host + e.req.target
}

func (e *exchange) method() string {
	if e.req != nil {
		return e.req.method
	}
	if e.cmd != nil {
		return e.cmd.method
	}
	return ""
}

// isPreflight: an OPTIONS request asking with Access-Control-Request-Method.
func (e *exchange) isPreflight() bool {
	if e.method() != "OPTIONS" {
		return false
	}
	if e.req != nil {
		_, ok := e.req.header("access-control-request-method")
		return ok
	}
	for _, h := range e.cmd.allHeaders {
		if strings.EqualFold(h[0], "access-control-request-method") {
			return true
		}
	}
	return false
}

// requestHeaders are all headers the request carried.
func (e *exchange) requestHeaders() [][2]string {
	if e.req != nil {
		return e.req.headers
	}
	if e.cmd != nil {
		return e.cmd.allHeaders
	}
	return nil
}

// assemble turns exchanges into fetch() calls: an OPTIONS exchange with
// Access-Control-Request-Method is the preflight of the call that follows
// it; an exchange reached by the Location of a redirect before it is a hop
// of that call; anything else is a call of its own.
func (d *draft) assemble(exs []*exchange) {
	var pending *exchange
	var last *call
	var lastResp *message
	lastURL := ""
	for i, e := range exs {
		u := e.url()
		hs, origin, referer, cookies := pageHeaders(e.requestHeaders())
		d.setOrigin(origin, referer)
		if e.req != nil || e.cmd != nil {
			if e.isPreflight() {
				pending = e
				continue
			}
		} else if pending == nil && i+1 < len(exs) && preflightResponse(e.resp) {
			// Two bare responses, the first a preflight's answer.
			pending = e
			continue
		}
		// A hop: the previous answer redirected here.
		if last != nil && lastResp != nil && fetchspec.IsRedirectStatus(lastResp.status) && u != "" {
			if loc, ok := lastResp.header("location"); ok {
				if base, err := fetchspec.ParseURL(lastURL); err == nil {
					if target, err := base.ParseURLRef(loc); err == nil && target.String() == u {
						if e.resp != nil {
							last.hops = append(last.hops, ruleAt(u, e.resp.raw()))
						}
						lastResp, lastURL = e.resp, u
						continue
					}
				}
			}
		}
		c := &call{method: e.method(), url: u, headers: hs, mode: "cors"}
		if e.cmd != nil {
			c.body, c.credentials = e.cmd.body, e.cmd.credentials
			if e.cmd.mode != "" {
				c.mode = e.cmd.mode
			}
		}
		if cookies && c.credentials == "" {
			c.credentials = "include"
			d.guess("credentials", "include", "the request carried cookies, so the page probably calls fetch() with credentials: \"include\"")
		}
		if e.resp != nil {
			c.response = e.resp.raw()
		}
		if e.req == nil && e.cmd == nil {
			d.requestFromResponse(c, e.resp, pending)
		}
		if pending != nil {
			if pending.resp != nil {
				c.preflight = pending.resp.raw()
			}
			if c.url == "" {
				c.url = pending.url()
			}
			d.fromPreflightRequest(c, pending)
			pending = nil
		}
		if c.url == "" && e.req != nil {
			d.problem(e.req.start, 1, "this request has no Host header and no absolute URL; give the URL with --url")
		}
		d.calls = append(d.calls, c)
		last, lastResp, lastURL = c, e.resp, u
	}
	if pending != nil {
		// A preflight alone: the call it guarded is what it asked for.
		c := &call{method: "", url: pending.url(), mode: "cors"}
		if pending.resp != nil {
			c.preflight = pending.resp.raw()
			c.response = "HTTP/1.1 200 OK\r\n"
			if p, err := fetchspec.ParseRawResponse(c.preflight); err == nil {
				for _, h := range p.Header {
					n := strings.ToLower(h.Name)
					if n == "access-control-allow-origin" || n == "access-control-allow-credentials" {
						c.response += h.Name + ": " + h.Value + "\r\n"
					}
				}
			}
			c.response += "\r\n"
			d.guess("response", c.response, "the paste ends with the preflight; corsim assumes the request itself is answered with the preflight's Allow-Origin and Allow-Credentials")
		}
		d.fromPreflightRequest(c, pending)
		d.calls = append(d.calls, c)
	}
}

func ruleAt(url, resp string) scenario.Rule { return scenario.Rule{URL: url, Response: resp} }

// fromPreflightRequest fills what a preflight's request says about the
// call it guards: the method, and the names of its unsafe headers (their
// values are not on the preflight; a placeholder stands in).
func (d *draft) fromPreflightRequest(c *call, pre *exchange) {
	hs := pre.requestHeaders()
	for _, h := range hs {
		switch strings.ToLower(h[0]) {
		case "access-control-request-method":
			if c.method == "" {
				c.method = strings.TrimSpace(h[1])
			}
		case "access-control-request-headers":
			for _, n := range strings.Split(h[1], ",") {
				n = strings.TrimSpace(n)
				if n == "" || hasHeader(c.headers, n) {
					continue
				}
				v := placeholderValue(n)
				c.headers = append(c.headers, [2]string{n, v})
				d.guess("headers", n+": "+v, "a preflight names the request's headers but not their values; corsim uses a placeholder")
			}
		}
	}
}

// placeholderValue stands in for a header value a preflight did not show;
// for Content-Type it is one that is not CORS-safelisted, since the
// browser asked about it.
func placeholderValue(name string) string {
	if strings.EqualFold(name, "content-type") {
		return "application/json"
	}
	return "x"
}

func hasHeader(h [][2]string, name string) bool {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return true
		}
	}
	return false
}

// requestFromResponse guesses the request behind a bare response: a
// preflight answer before it names the method; Allow-Credentials: true
// suggests credentials.
func (d *draft) requestFromResponse(c *call, resp *message, pre *exchange) {
	c.method = "GET"
	if pre != nil && pre.resp != nil {
		if m, ok := pre.resp.header("access-control-allow-methods"); ok {
			for _, x := range strings.Split(m, ",") {
				x = strings.TrimSpace(x)
				if x != "" && x != "*" && x != "GET" && x != "HEAD" && x != "POST" && x != "OPTIONS" {
					c.method = x
					break
				}
			}
			if c.method == "GET" {
				c.method = "PUT"
			}
		}
		d.guess("method", c.method, "a bare response does not say which method was used")
	} else {
		d.guess("method", c.method, "a bare response does not say which method was used")
	}
	if resp != nil {
		if v, ok := resp.header("access-control-allow-credentials"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
			c.credentials = "include"
			d.guess("credentials", "include", "the response allows credentials, so the page probably sends them")
		}
	}
}

// preflightResponse: a response that answers a preflight (Allow-Methods
// or Allow-Headers, or 204 with Allow-Origin and no body).
func preflightResponse(m *message) bool {
	if m == nil {
		return false
	}
	_, am := m.header("access-control-allow-methods")
	_, ah := m.header("access-control-allow-headers")
	_, mx := m.header("access-control-max-age")
	return am || ah || mx
}

// summarize says what was recognized, in words.
func (d *draft) summarize(exs []*exchange) {
	var parts []string
	for _, e := range exs {
		m := e.method()
		switch {
		case e.isPreflight():
			parts = append(parts, "OPTIONS preflight")
		case m != "":
			s := m
			if e.resp != nil {
				s += " → " + strconv.Itoa(e.resp.status)
			}
			parts = append(parts, s)
		case e.resp != nil:
			parts = append(parts, "response "+strconv.Itoa(e.resp.status))
		}
	}
	what := "raw HTTP"
	switch d.kind {
	case KindCurlVerbose:
		what = "curl transcript"
		for _, e := range exs {
			if e.req != nil {
				what = "curl -v transcript"
				break
			}
		}
		if what == "curl transcript" {
			what = "curl -i transcript"
		}
	case KindRawResponse:
		if len(exs) == 1 && exs[0].req == nil {
			what = "raw HTTP response"
		} else {
			what = "raw HTTP messages"
		}
	}
	n := strconv.Itoa(len(exs)) + " exchanges"
	if len(exs) == 1 {
		n = "1 exchange"
	}
	d.summary = what + ", " + n + ": " + strings.Join(parts, ", then ")
}
