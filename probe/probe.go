// Package probe sends what a browser would send to a live server and
// turns the answers into a scenario the engine judges.
//
// The engine decides every request: probe evaluates the scenario with the
// answers gathered so far, sends the first request on the wire that no
// answer covers yet (the preflight, the request, a redirect's next hop,
// exactly as the chosen profile writes them), records the raw answer as a
// rule for that method and URL, and evaluates again, until every request
// the engine puts on the wire has its real answer. The verdict is then the
// engine's, on the server's own bytes.
//
// It is native only (net, crypto/tls): the page never imports it.
package probe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Options is what to probe and how.
type Options struct {
	URL     string
	Origin  string
	Method  string
	Headers [][2]string
	Body    *string
	// Credentials and Mode are fetch()'s; Browser the profile.
	Credentials, Mode, Browser string
	// Resolve maps "host:port" to the address to connect to instead of
	// asking DNS (curl's --resolve).
	Resolve map[string]string
	// Cookie is sent on requests that carry credentials, and only then.
	Cookie string
	// Insecure skips TLS certificate verification.
	Insecure bool
	// Timeouts: connecting, and each whole exchange; MaxBody caps what is
	// read of a body. Zero means the defaults (5 s, 15 s, 1 MB).
	ConnectTimeout, Timeout time.Duration
	MaxBody                 int64
	// Dial replaces the network for tests; nil is net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Exchange is one request sent and what came back.
type Exchange struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers [][2]string `json:"headers"`
	// Response is the answer as received: status line, header lines in
	// their order and spelling, the body (decoded, capped).
	Response string `json:"response"`
	// Truncated: the body was longer than the cap.
	Truncated bool `json:"truncated,omitempty"`
}

// Result is a probe's outcome: the scenario built from the real answers
// (its evaluation is the verdict) and the exchanges in order.
type Result struct {
	Scenario  *scenario.Scenario
	Output    *scenario.Output
	Exchanges []Exchange
}

// maxRounds bounds the loop: the engine follows at most 20 redirects,
// plus a preflight per hop.
const maxRounds = 45

// Run probes and evaluates.
func Run(ctx context.Context, opt Options) (*Result, error) {
	opt = withDefaults(opt)
	if fetchspec.LookupProfile(opt.Browser) == nil {
		return nil, fmt.Errorf("unknown browser %q; expected %s", opt.Browser, fetchspec.ProfileChoices())
	}
	sc := &scenario.Scenario{
		Name:    "probe of " + opt.URL,
		Browser: opt.Browser,
		Origin:  opt.Origin,
		Requests: []scenario.Request{{
			Method: opt.Method, URL: opt.URL, Headers: opt.Headers, Body: opt.Body,
			Mode: opt.Mode, Credentials: opt.Credentials,
		}},
		Server: []scenario.Rule{},
	}
	res := &Result{}
	for round := 0; ; round++ {
		loaded, err := scenario.Load("", sc.Marshal())
		if err != nil {
			return nil, err
		}
		out, err := loaded.Eval("")
		if err != nil {
			return nil, err
		}
		res.Scenario, res.Output = loaded, out
		w := firstUnanswered(out)
		if w == nil {
			return res, nil
		}
		if round >= maxRounds {
			return nil, errors.New("the server keeps leading to new requests; stopped after " + strconv.Itoa(maxRounds))
		}
		ex, err := send(ctx, opt, w, opt.bodyFor(w))
		if err != nil {
			return res, fmt.Errorf("%s %s: %w", w.Method, w.URL, err)
		}
		res.Exchanges = append(res.Exchanges, *ex)
		sc.Server = append(sc.Server, scenario.Rule{Method: w.Method, URL: w.URL, Response: ex.Response})
	}
}

func withDefaults(o Options) Options {
	if o.Browser == "" {
		o.Browser = "chromium"
	}
	if o.Method == "" {
		o.Method = "GET"
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.Timeout == 0 {
		o.Timeout = 15 * time.Second
	}
	if o.MaxBody == 0 {
		o.MaxBody = 1 << 20
	}
	return o
}

// bodyFor is the body a request on the wire carries: the call's own on
// the request itself, none on a preflight or after a redirect turned the
// method into GET.
func (o Options) bodyFor(w *fetchspec.WireRequest) []byte {
	if o.Body == nil || w.Method == "OPTIONS" || w.Method == "GET" || w.Method == "HEAD" {
		return nil
	}
	return []byte(*o.Body)
}

// firstUnanswered is the first request on the wire that no rule answered.
func firstUnanswered(out *scenario.Output) *fetchspec.WireRequest {
	for _, r := range out.Results {
		for i := range r.Wire {
			if r.Wire[i].Rule < 0 {
				return &r.Wire[i]
			}
		}
	}
	return nil
}

// send puts one request on the wire over its own connection and reads the
// answer, keeping its header lines as they came.
func send(ctx context.Context, opt Options, w *fetchspec.WireRequest, body []byte) (*Exchange, error) {
	u, err := fetchspec.ParseURL(w.URL)
	if err != nil {
		return nil, err
	}
	o := u.Origin()
	if o.Scheme != "http" && o.Scheme != "https" {
		return nil, errors.New("probe sends only http and https")
	}
	port := o.Port
	if port == 0 {
		port = 80
		if o.Scheme == "https" {
			port = 443
		}
	}
	hostPort := net.JoinHostPort(strings.Trim(o.Host, "[]"), strconv.Itoa(port))
	addr := hostPort
	if a, ok := opt.Resolve[hostPort]; ok {
		addr = net.JoinHostPort(strings.Trim(a, "[]"), strconv.Itoa(port))
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	dial := opt.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: opt.ConnectTimeout}
		dial = d.DialContext
	}
	dctx, dcancel := context.WithTimeout(ctx, opt.ConnectTimeout)
	conn, err := dial(dctx, "tcp", addr)
	dcancel()
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if o.Scheme == "https" {
		tc := tls.Client(conn, &tls.Config{ServerName: strings.Trim(o.Host, "[]"), InsecureSkipVerify: opt.Insecure, NextProtos: []string{"http/1.1"}})
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		conn = tc
	}
	ex := &Exchange{Method: w.Method, URL: w.URL, Headers: wireHeaders(opt, w, o, port, body)}
	var req bytes.Buffer
	req.WriteString(requestHead(ex))
	req.WriteString("\r\n")
	req.Write(body)
	if _, err := conn.Write(req.Bytes()); err != nil {
		return nil, err
	}
	ex.Response, ex.Truncated, err = readResponse(bufio.NewReader(conn), w.Method, opt.MaxBody)
	if err != nil {
		return nil, err
	}
	return ex, nil
}

// wireHeaders is the request's header list: Host first, the headers the
// engine put on the wire (Origin, Access-Control-Request-*, the call's
// own), then what every browser adds (Accept when the call set none, a
// User-Agent naming corsim), the cookie when credentials go along, and
// the body's length.
func wireHeaders(opt Options, w *fetchspec.WireRequest, o fetchspec.Origin, port int, body []byte) [][2]string {
	host := o.Host
	if (o.Scheme == "http" && port != 80) || (o.Scheme == "https" && port != 443) {
		host += ":" + strconv.Itoa(port)
	}
	hs := [][2]string{{"Host", host}}
	hasAccept := false
	for _, h := range w.Headers {
		if strings.EqualFold(h[0], "accept") {
			hasAccept = true
		}
		hs = append(hs, [2]string{canonical(h[0]), h[1]})
	}
	// What the browser adds itself and a server may look at: Accept,
	// Referer, Sec-Fetch-* and Firefox's Priority, as the engine wrote
	// them; not the user's own values (User-Agent, languages) nor an
	// Accept-Encoding that would have the body compressed.
	for _, h := range w.Added {
		switch h[0] {
		case "accept", "referer", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "priority":
			if h[0] == "accept" && hasAccept || strings.Contains(h[1], "<") {
				continue
			}
			if h[0] == "accept" {
				hasAccept = true
			}
			hs = append(hs, [2]string{canonical(h[0]), h[1]})
		}
	}
	if !hasAccept {
		hs = append(hs, [2]string{"Accept", "*/*"})
	}
	hs = append(hs, [2]string{"User-Agent", "corsim-probe (" + opt.Browser + " profile)"})
	if w.Credentials && opt.Cookie != "" {
		hs = append(hs, [2]string{"Cookie", opt.Cookie})
	}
	if body != nil || w.Method == "POST" || w.Method == "PUT" || w.Method == "PATCH" {
		hs = append(hs, [2]string{"Content-Length", strconv.Itoa(len(body))})
	}
	return append(hs, [2]string{"Connection", "close"})
}

// canonical writes a header name the way browsers print it on HTTP/1.1
// (Origin, Access-Control-Request-Method), for readable evidence; servers
// compare names case-insensitively.
func canonical(name string) string {
	return http.CanonicalHeaderKey(name)
}

// readResponse reads one response: its status line and header lines as
// received (line ends made CRLF), then the body as net/http decodes it
// (Content-Length, chunked, or to the end), at most max bytes of it.
func readResponse(br *bufio.Reader, method string, max int64) (raw string, truncated bool, err error) {
	var head bytes.Buffer
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			if head.Len() == 0 {
				return "", false, errors.New("the server closed the connection without answering")
			}
			return "", false, fmt.Errorf("reading the response headers: %w", err)
		}
		head.Write(line)
		if head.Len() > 256<<10 {
			return "", false, errors.New("the response headers are over 256 KB")
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(io.MultiReader(bytes.NewReader(head.Bytes()), br)), &http.Request{Method: method})
	if err != nil {
		return "", false, fmt.Errorf("reading the response: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil && len(body) == 0 {
		body = nil
	}
	if int64(len(body)) > max {
		body, truncated = body[:max], true
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(head.String(), "\n") {
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			continue
		}
		b.WriteString(line + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.String(), truncated, nil
}
