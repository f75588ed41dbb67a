// Package conformance runs scenarios in real browsers and compares what
// they do with the engine's profiles.
//
// A raw TCP server on loopback plays every scenario host (app.test,
// api.test, other.test, mapped to 127.0.0.1 by the browser's own resolver
// rules, never by DNS) and answers each request with the scenario's raw
// response byte for byte. A runner page on the scenario's origin performs
// the fetch() calls and reports what script saw. Nothing leaves loopback.
package conformance

import (
	"bufio"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Logged is one request the server received, with every header in order.
type Logged struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body,omitempty"`
	At      time.Time   `json:"-"`
}

// Server answers on two loopback ports: base plays port 18080 of the
// scenario, base+1 plays 18081.
type Server struct {
	base   int
	ln     []net.Listener
	mu     sync.Mutex
	sc     *scenario.Scenario
	raw    []byte // the scenario JSON (ports rewritten) for the runner
	log    []Logged
	report chan []byte
	done   chan struct{}
	wg     sync.WaitGroup
}

// NewServer listens on 127.0.0.1:base and base+1.
func NewServer(base int) (*Server, error) {
	s := &Server{base: base, report: make(chan []byte, 64), done: make(chan struct{}, 1)}
	for _, p := range []int{base, base + 1} {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			s.Close()
			return nil, err
		}
		s.ln = append(s.ln, ln)
		s.wg.Add(1)
		go s.accept(ln)
	}
	return s, nil
}

// Close stops listening and waits for connections to finish.
func (s *Server) Close() {
	for _, ln := range s.ln {
		ln.Close()
	}
	s.wg.Wait()
}

// Load sets the scenario to serve; raw is its JSON with ports rewritten.
func (s *Server) Load(sc *scenario.Scenario, raw []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sc, s.raw, s.log = sc, raw, nil
	for len(s.report) > 0 {
		<-s.report
	}
	select {
	case <-s.done:
	default:
	}
}

// Log returns what the server has received so far.
func (s *Server) Log() []Logged {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Logged(nil), s.log...)
}

func (s *Server) accept(ln net.Listener) {
	defer s.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.serve(c)
		}()
	}
}

// serve reads requests off one connection; after each answer the
// connection is closed, so a response without Content-Length still ends.
func (s *Server) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	s.serveConn(c, 0)
}

// serveConn reads one request, which may be a proxy's: WebKit's
// MiniBrowser reaches every scenario host through the harness as its HTTP
// proxy, so a request may have an absolute-form target, or be a CONNECT
// that opens a tunnel (to an https host) in which the real request
// follows.
func (s *Server) serveConn(c net.Conn, depth int) {
	c, secure := maybeTLS(c)
	scheme := "http://"
	if secure {
		scheme = "https://"
	}
	br := bufio.NewReader(c)
	tp := textproto.NewReader(br)
	line, err := tp.ReadLine()
	if err != nil {
		return
	}
	parts := strings.SplitN(line, " ", 3)
	if len(parts) != 3 {
		return
	}
	method, target := parts[0], parts[1]
	var headers [][2]string
	host := ""
	length := 0
	for {
		l, err := tp.ReadLine()
		if err != nil {
			return
		}
		if l == "" {
			break
		}
		i := strings.IndexByte(l, ':')
		if i < 0 {
			continue
		}
		name, value := l[:i], strings.TrimSpace(l[i+1:])
		headers = append(headers, [2]string{name, value})
		switch strings.ToLower(name) {
		case "host":
			host = value
		case "content-length":
			length, _ = strconv.Atoi(value)
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(br, body); err != nil {
		return
	}
	if method == "CONNECT" && depth == 0 {
		if _, err := io.WriteString(c, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
			return
		}
		s.serveConn(peekedConn{c, br}, depth+1)
		return
	}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		// Absolute form, from a proxy client: the URL is the target.
		rest := target[strings.Index(target, "//")+2:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			host, target = rest[:i], rest[i:]
		} else {
			host, target = rest, "/"
		}
		if strings.HasPrefix(parts[1], "https://") {
			scheme = "https://"
		}
	}
	url := scheme + host + target
	if target == "/favicon.ico" {
		_, _ = io.WriteString(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	if strings.HasPrefix(target, "/__corsim/") {
		s.harness(c, method, target, string(body))
		return
	}
	s.mu.Lock()
	s.log = append(s.log, Logged{Method: method, URL: url, Headers: headers, Body: string(body), At: time.Now()})
	sc := s.sc
	s.mu.Unlock()
	_, _ = io.WriteString(c, answer(sc, method, url))
}

// answer picks the raw text of the rule the engine would pick
// (scenario.Match), untouched.
func answer(sc *scenario.Scenario, method, url string) string {
	if sc != nil {
		if u, err := fetchspec.ParseURL(url); err == nil {
			if i := sc.Match(method, u); i >= 0 {
				return sc.Server[i].Response
			}
		}
	}
	return "HTTP/1.1 404 Not Found\r\n\r\n"
}

// harness serves the runner page, the scenario, markers and reports. Its
// responses allow any origin, so a runner in an opaque-origin frame can
// reach them too.
func (s *Server) harness(c net.Conn, method, target, body string) {
	path, query, _ := strings.Cut(target, "?")
	ct, out := "text/plain", ""
	extra := ""
	switch path {
	case "/__corsim/run":
		ct, out = "text/html; charset=utf-8", runnerHTML
	case "/__corsim/runner.js":
		ct, out = "text/javascript", runnerJS
	case "/__corsim/scenario":
		s.mu.Lock()
		ct, out = "application/json", string(s.raw)
		s.mu.Unlock()
	case "/__corsim/cookie":
		// Step of the cookie chain: set a cookie on this host, then go on.
		// Two cookies: a plain one (Firefox, told not to default to Lax) and
		// a SameSite=None; Secure one for Chromium, which is told to treat
		// the scenario origins as secure.
		extra = "Set-Cookie: corsim=1; Path=/\r\nSet-Cookie: corsims=1; Path=/; SameSite=None; Secure\r\n"
		if next := strings.TrimPrefix(query, "next="); next != "" && next != query {
			dec, _ := unescape(next)
			_, _ = io.WriteString(c, "HTTP/1.1 302 Found\r\n"+extra+"Location: "+dec+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
			return
		}
	case "/__corsim/mark":
		s.mu.Lock()
		s.log = append(s.log, Logged{Method: "MARK", URL: query, At: time.Now()})
		s.mu.Unlock()
	case "/__corsim/report":
		if method == "POST" {
			s.report <- []byte(body)
		}
	case "/__corsim/done":
		select {
		case s.done <- struct{}{}:
		default:
		}
	}
	_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: "+ct+"\r\nAccess-Control-Allow-Origin: *\r\nCache-Control: no-store\r\n"+extra+
		"Content-Length: "+strconv.Itoa(len(out))+"\r\nConnection: close\r\n\r\n"+out)
}

func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return s, err
			}
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}
