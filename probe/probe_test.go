package probe

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jcors "github.com/jub0bs/cors"
	rcors "github.com/rs/cors"

	"corsim/audit"
	"corsim/fetchspec"
)

// seen records every request a test server received, in order.
type seen struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (s *seen) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (s *seen) methods() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var m []string
	for _, r := range s.reqs {
		m = append(m, r.Method)
	}
	return m
}

// serve starts h on loopback and returns the --resolve map that sends
// api.test:PORT there, and the port.
func serve(t *testing.T, h http.Handler) (map[string]string, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return map[string]string{"api.test:" + port: "127.0.0.1", "other.test:" + port: "127.0.0.1"}, port
}

func ok(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"ok":true}`) }

func rsSafe() http.Handler {
	return rcors.New(rcors.Options{
		AllowedOrigins:   []string{"http://app.test"},
		AllowedMethods:   []string{"GET", "PUT"},
		AllowedHeaders:   []string{"Content-Type"},
		AllowCredentials: true,
	}).Handler(http.HandlerFunc(ok))
}

func jubSafe(t *testing.T) http.Handler {
	// jub0bs/cors refuses an http origin with credentials: none here.
	m, err := jcors.NewMiddleware(jcors.Config{
		Origins:        []string{"http://app.test"},
		Methods:        []string{"GET", "PUT"},
		RequestHeaders: []string{"Content-Type"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.Wrap(http.HandlerFunc(ok))
}

func TestProbe(t *testing.T) {
	body := `{"name":"x"}`
	json := [][2]string{{"Content-Type", "application/json"}}
	cases := []struct {
		name    string
		handler func(t *testing.T) http.Handler
		opt     Options
		outcome fetchspec.Outcome
		reason  fetchspec.Reason
		methods []string // what the server received, in order
	}{
		{"rs/cors, preflighted PUT allowed", func(*testing.T) http.Handler { return rsSafe() },
			Options{Method: "PUT", Headers: json, Body: &body, Credentials: "include"}, fetchspec.OutcomeOK, "", []string{"OPTIONS", "PUT"}},
		{"jub0bs/cors, preflighted PUT allowed", jubSafe,
			Options{Method: "PUT", Headers: json, Body: &body}, fetchspec.OutcomeOK, "", []string{"OPTIONS", "PUT"}},
		{"rs/cors refuses DELETE: the DELETE is never sent", func(*testing.T) http.Handler { return rsSafe() },
			Options{Method: "DELETE"}, fetchspec.OutcomeNetworkError, "", []string{"OPTIONS"}},
		{"jub0bs/cors refuses a header", jubSafe,
			Options{Method: "GET", Headers: [][2]string{{"X-Token", "1"}}}, fetchspec.OutcomeNetworkError, "", []string{"OPTIONS"}},
		{"no CORS at all", func(*testing.T) http.Handler { return http.HandlerFunc(ok) },
			Options{}, fetchspec.OutcomeNetworkError, fetchspec.MissingAllowOriginHeader, []string{"GET"}},
		{"a simple GET needs no preflight", func(*testing.T) http.Handler { return rsSafe() },
			Options{}, fetchspec.OutcomeOK, "", []string{"GET"}},
		{"redirect followed, each hop checked", func(*testing.T) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				if r.URL.Path == "/old" {
					http.Redirect(w, r, "/new", http.StatusFound)
					return
				}
				ok(w, r)
			})
		}, Options{URL: "/old"}, fetchspec.OutcomeOK, "", []string{"GET", "GET"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s seen
			resolve, port := serve(t, s.wrap(c.handler(t)))
			opt := c.opt
			path := "/items"
			if opt.URL != "" {
				path = opt.URL
			}
			opt.URL = "http://api.test:" + port + path
			opt.Origin, opt.Resolve = "http://app.test", resolve
			res, err := Run(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Output.Results[0]
			if r.Outcome != c.outcome || (c.reason != "" && r.Error != c.reason) {
				t.Errorf("outcome %s (%s), want %s (%s)", r.Outcome, r.Error, c.outcome, c.reason)
			}
			if got := s.methods(); !slices.Equal(got, c.methods) {
				t.Errorf("the server received %v, want %v", got, c.methods)
			}
			if len(res.Exchanges) != len(c.methods) {
				t.Errorf("%d exchanges, want %d", len(res.Exchanges), len(c.methods))
			}
			// The saved scenario evaluates to the same verdict.
			out, err := res.Scenario.Eval("")
			if err != nil || out.Results[0].Outcome != r.Outcome {
				t.Errorf("the saved scenario does not reproduce the verdict: %v", err)
			}
		})
	}
}

// TestProbeSendsWhatTheBrowserSends: the preflight carries the browser's
// Access-Control-Request-* headers and no cookie; the request carries the
// cookie only with credentials.
func TestProbeSendsWhatTheBrowserSends(t *testing.T) {
	var s seen
	resolve, port := serve(t, s.wrap(rsSafe()))
	body := "{}"
	_, err := Run(context.Background(), Options{URL: "http://api.test:" + port + "/items", Origin: "http://app.test", Method: "PUT",
		Headers: [][2]string{{"Content-Type", "application/json"}}, Body: &body, Credentials: "include", Cookie: "sid=1", Resolve: resolve})
	if err != nil {
		t.Fatal(err)
	}
	pre, put := s.reqs[0], s.reqs[1]
	for k, v := range map[string]string{"Origin": "http://app.test", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type", "Cookie": ""} {
		if got := pre.Header.Get(k); got != v {
			t.Errorf("preflight %s = %q, want %q", k, got, v)
		}
	}
	for k, v := range map[string]string{"Origin": "http://app.test", "Cookie": "sid=1", "Content-Type": "application/json"} {
		if got := put.Header.Get(k); got != v {
			t.Errorf("PUT %s = %q, want %q", k, got, v)
		}
	}
	if put.Host != "api.test:"+port {
		t.Errorf("Host %q", put.Host)
	}
}

func TestProbeCrossOriginRedirectSendsNullOrigin(t *testing.T) {
	var s seen
	var port string
	resolve, port := serve(t, s.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == "OPTIONS" {
			w.Header().Set("Access-Control-Allow-Headers", "x-trace")
			w.WriteHeader(204)
			return
		}
		if r.Host == "api.test:"+port {
			http.Redirect(w, r, "http://other.test:"+port+"/next", http.StatusFound)
			return
		}
		ok(w, r)
	})))
	res, err := Run(context.Background(), Options{URL: "http://api.test:" + port + "/x", Origin: "http://app.test", Method: "GET",
		Headers: [][2]string{{"X-Trace", "1"}}, Resolve: resolve})
	if err != nil {
		t.Fatal(err)
	}
	_ = res
	// Preflight and request at api.test, then preflight and request at
	// other.test with Origin: null (the redirect tainted the origin).
	var origins []string
	for _, r := range s.reqs {
		origins = append(origins, r.Method+" "+r.Host+" "+r.Header.Get("Origin"))
	}
	want := []string{"OPTIONS api.test:" + port + " http://app.test", "GET api.test:" + port + " http://app.test", "OPTIONS other.test:" + port + " null", "GET other.test:" + port + " null"}
	if !slices.Equal(origins, want) {
		t.Errorf("server saw\n  %v\nwant\n  %v", origins, want)
	}
}

func TestProbeLimits(t *testing.T) {
	t.Run("body capped", func(t *testing.T) {
		resolve, port := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.Write(make([]byte, 3000))
		}))
		res, err := Run(context.Background(), Options{URL: "http://api.test:" + port + "/", Origin: "http://app.test", Resolve: resolve, MaxBody: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Exchanges[0].Truncated {
			t.Error("a 3000-byte body under a 1000-byte cap is not marked truncated")
		}
	})
	t.Run("a server that never answers is an error, not a hang", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
			}
		}()
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		_, err = Run(context.Background(), Options{URL: "http://api.test:" + port + "/", Origin: "http://app.test",
			Resolve: map[string]string{"api.test:" + port: "127.0.0.1"}, Timeout: 200 * time.Millisecond})
		if err == nil || !strings.Contains(err.Error(), "GET http://api.test:"+port+"/") {
			t.Errorf("err = %v, want a timeout naming the request", err)
		}
	})
	t.Run("connection refused is named", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		ln.Close()
		_, err := Run(context.Background(), Options{URL: "http://api.test:" + port + "/", Origin: "http://app.test",
			Resolve: map[string]string{"api.test:" + port: "127.0.0.1"}})
		if err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("nothing is sent for mixed content", func(t *testing.T) {
		var s seen
		resolve, port := serve(t, s.wrap(http.HandlerFunc(ok)))
		res, err := Run(context.Background(), Options{URL: "http://api.test:" + port + "/", Origin: "https://app.test", Resolve: resolve})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.reqs) != 0 || res.Output.Results[0].Error != fetchspec.MixedContent {
			t.Errorf("sent %d, verdict %s", len(s.reqs), res.Output.Results[0].Error)
		}
	})
}

// Audit: servers built with exactly one flaw each, from the two Go CORS
// libraries where they allow it, by hand where they do not.
func TestAudit(t *testing.T) {
	trusted := "https://app.example.test"
	echo := func(allow func(origin string) bool, creds, vary bool) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if vary {
				w.Header().Add("Vary", "Origin")
			}
			if o := r.Header.Get("Origin"); allow(o) {
				w.Header().Set("Access-Control-Allow-Origin", o)
				if creds {
					w.Header().Set("Access-Control-Allow-Credentials", "true")
				}
			}
			if r.Method == "OPTIONS" {
				w.WriteHeader(204)
				return
			}
			ok(w, r)
		})
	}
	exact := func(o string) bool { return o == trusted }
	cases := []struct {
		name    string
		handler func(t *testing.T) http.Handler
		want    []string // exactly these findings
	}{
		{"rs/cors, safe", func(*testing.T) http.Handler {
			return rcors.New(rcors.Options{AllowedOrigins: []string{trusted}, AllowedMethods: []string{"GET", "PUT"}, AllowedHeaders: []string{"Content-Type"}, AllowCredentials: true, MaxAge: 600}).Handler(http.HandlerFunc(ok))
		}, nil},
		{"jub0bs/cors, safe", func(t *testing.T) http.Handler {
			m, err := jcors.NewMiddleware(jcors.Config{Origins: []string{trusted}, Credentialed: true, Methods: []string{"PUT"}, RequestHeaders: []string{"Content-Type"}})
			if err != nil {
				t.Fatal(err)
			}
			return m.Wrap(http.HandlerFunc(ok))
		}, nil},
		{"rs/cors, any origin by function, with credentials", func(*testing.T) http.Handler {
			return rcors.New(rcors.Options{AllowOriginFunc: func(string) bool { return true }, AllowCredentials: true}).Handler(http.HandlerFunc(ok))
		}, []string{audit.OriginReflectedCredentials, audit.NullOriginAllowed, audit.PrefixMatch, audit.SuffixMatch, audit.UnescapedDot, audit.AnySubdomain, audit.InsecureOriginAllowed}},
		{"reflects any origin, no credentials", func(*testing.T) http.Handler {
			return echo(func(o string) bool {
				return o != "null" && !strings.HasPrefix(o, "http:") && !strings.Contains(o, trusted[8:]) && !strings.Contains(o, "xexample") && !strings.Contains(o, "evilexample")
			}, false, true)
		}, []string{audit.OriginReflected}},
		{"null allowed", func(*testing.T) http.Handler {
			return echo(func(o string) bool { return exact(o) || o == "null" }, true, true)
		}, []string{audit.NullOriginAllowed}},
		{"prefix check", func(*testing.T) http.Handler {
			return echo(func(o string) bool { return strings.HasPrefix(o, trusted) }, true, true)
		}, []string{audit.PrefixMatch}},
		{"suffix check on the site", func(*testing.T) http.Handler {
			return echo(func(o string) bool { return strings.HasPrefix(o, "https://") && strings.HasSuffix(o, "example.test") }, true, true)
		}, []string{audit.SuffixMatch, audit.UnescapedDot, audit.AnySubdomain}},
		{"regexp with an unescaped dot", func(*testing.T) http.Handler {
			re := regexp.MustCompile(`^https://app.example.test$`)
			return echo(re.MatchString, true, true)
		}, []string{audit.UnescapedDot}},
		{"rs/cors, every subdomain", func(*testing.T) http.Handler {
			return rcors.New(rcors.Options{AllowedOrigins: []string{trusted, "https://*.app.example.test"}, AllowCredentials: true}).Handler(http.HandlerFunc(ok))
		}, []string{audit.AnySubdomain}},
		{"jub0bs/cors, insecure origin tolerated", func(t *testing.T) http.Handler {
			m, err := jcors.NewMiddleware(jcors.Config{Origins: []string{trusted, "http://app.example.test"}, Credentialed: true,
				ExtraConfig: jcors.ExtraConfig{DangerouslyTolerateInsecureOrigins: true}})
			if err != nil {
				t.Fatal(err)
			}
			return m.Wrap(http.HandlerFunc(ok))
		}, []string{audit.InsecureOriginAllowed}},
		{"wildcard with credentials", func(*testing.T) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Access-Control-Allow-Origin", "*")
				w.Header().Set("Access-Control-Allow-Credentials", "true")
				ok(w, r)
			})
		}, []string{audit.WildcardCredentials}},
		{"the allowed origin varies, no Vary", func(*testing.T) http.Handler { return echo(exact, true, false) }, []string{audit.MissingVaryOrigin}},
		{"preflight approves anything with credentials", func(*testing.T) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Add("Vary", "Origin")
				if r.Header.Get("Origin") == trusted {
					w.Header().Set("Access-Control-Allow-Origin", trusted)
					w.Header().Set("Access-Control-Allow-Credentials", "true")
					w.Header().Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
					w.Header().Set("Access-Control-Allow-Headers", r.Header.Get("Access-Control-Request-Headers"))
				}
				w.WriteHeader(204)
			})
		}, []string{audit.PreflightAllowsEverything}},
		{"rs/cors, a month of Max-Age", func(*testing.T) http.Handler {
			return rcors.New(rcors.Options{AllowedOrigins: []string{trusted}, AllowedMethods: []string{"GET", "PUT"}, MaxAge: 30 * 86400}).Handler(http.HandlerFunc(ok))
		}, []string{audit.LongMaxAge}},
		{"rs/cors exposes Set-Cookie and Authorization", func(*testing.T) http.Handler {
			return rcors.New(rcors.Options{AllowedOrigins: []string{trusted}, ExposedHeaders: []string{"Set-Cookie", "Authorization"}}).Handler(http.HandlerFunc(ok))
		}, []string{audit.SensitiveHeadersExposed}},
	}
	o, _ := fetchspec.ParseOrigin(trusted)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resolve, port := serve(t, c.handler(t))
			_, fs, err := Audit(context.Background(), Options{URL: "http://api.test:" + port + "/items", Resolve: resolve}, o)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.ID)
				if len(f.Evidence) == 0 || !strings.Contains(f.Evidence[0].Response, "HTTP/1.1") || !strings.Contains(f.Evidence[0].Request, "Origin: ") {
					t.Errorf("%s: evidence lacks the request or the response: %+v", f.ID, f.Evidence)
				}
			}
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("findings %v, want %v", got, want)
				for _, f := range fs {
					t.Logf("  %s: %s", f.ID, f.Summary)
				}
			}
		})
	}
}
