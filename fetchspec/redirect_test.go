package fetchspec

import (
	"strings"
	"testing"
)

// TestRedirects: HTTP-redirect fetch (#concept-http-redirect-fetch) step
// by step, and what each engine makes of the same chain.
func TestRedirects(t *testing.T) {
	other := "http://other.test/y"
	body := "b"
	loc := func(status int, to string, lines ...string) string {
		return raw(status, append([]string{"Location: " + to}, lines...)...)
	}
	runCases(t, []engineCase{
		{name: "followed", rules: map[string]string{api: loc(302, "/z", acao), "http://api.test/z": raw(200, acao)},
			calls: []FetchInput{get(api)},
			want: want{typ: TypeCORS, steps: []string{"cors-check=pass", "redirect=pass", "send", "cors-check=pass", "filter=pass"}, detail: "redirect 1 of at most 20",
				wire: []string{"GET http://api.test/x http://app.test", "GET http://api.test/z http://app.test"}}},
		{name: "tainted origin", rules: map[string]string{api: loc(307, other, "Access-Control-Allow-Origin: *"), other: raw(200, "Access-Control-Allow-Origin: *")},
			calls: []FetchInput{get(api)},
			want: want{typ: TypeCORS, detail: "serialized as null",
				wire: []string{"GET http://api.test/x http://app.test", "GET http://other.test/y null"}}},
		{name: "tainted origin fails on the page origin", rules: map[string]string{api: loc(307, other, "Access-Control-Allow-Origin: *"), other: raw(200, acao)},
			calls: []FetchInput{get(api)},
			want:  want{reason: AllowOriginMismatch, detail: "Origin: null, because a redirect passed through another origin"}},
		{name: "POST becomes GET", rules: map[string]string{api: loc(302, "/z", acao), "http://api.test/z": raw(200, acao)},
			calls: []FetchInput{{Method: "POST", URL: api, Body: &body, Headers: [][2]string{{"Content-Type", "text/plain"}}}},
			want:  want{typ: TypeCORS, detail: "changes from POST to GET", wire: []string{"POST http://api.test/x http://app.test", "GET http://api.test/z http://app.test"}}},
		{name: "303 PUT becomes GET", rules: map[string]string{"OPTIONS " + api: raw(204, acao, "Access-Control-Allow-Methods: PUT"), api: loc(303, "/z", acao),
			"http://api.test/z": raw(200, acao), "OPTIONS http://api.test/z": raw(204, acao, "Access-Control-Allow-Methods: GET")},
			calls: []FetchInput{put(api)},
			want:  want{typ: TypeCORS, preflight: PreflightSent, wire: []string{"OPTIONS http://api.test/x http://app.test", "PUT http://api.test/x http://app.test", "GET http://api.test/z http://app.test"}},
			per: map[string]want{"firefox": {typ: TypeCORS, detail: "decides from the request as fetch() made it",
				wire: []string{"OPTIONS http://api.test/x http://app.test", "PUT http://api.test/x http://app.test", "OPTIONS http://api.test/z http://app.test", "GET http://api.test/z http://app.test"}},
				"webkit": {typ: TypeCORS, detail: "decides from the request as fetch() made it",
					wire: []string{"OPTIONS http://api.test/x http://app.test", "PUT http://api.test/x http://app.test", "OPTIONS http://api.test/z http://app.test", "GET http://api.test/z http://app.test"}}}},
		{name: "Authorization dropped across origins", rules: map[string]string{"OPTIONS " + api: raw(204, acao, "Access-Control-Allow-Headers: authorization"), api: loc(302, other, acao), other: raw(200, "Access-Control-Allow-Origin: *")},
			calls: []FetchInput{{URL: api, Headers: [][2]string{{"Authorization", "x"}}}},
			want:  want{typ: TypeCORS, detail: "Authorization is removed"},
			per: map[string]want{"firefox": {typ: TypeCORS, detail: "decides from the request as fetch() made it"},
				"webkit": {reason: HeaderDisallowedByPreflightResponse}}},
		{name: "mode error", rules: map[string]string{api: loc(301, "/z", acao)}, calls: []FetchInput{{URL: api, Redirect: RedirectError}},
			want: want{reason: RedirectModeError, steps: []string{"redirect=fail"}}},
		{name: "mode manual", rules: map[string]string{api: loc(301, "/z", acao)}, calls: []FetchInput{{URL: api, Redirect: RedirectManual}},
			want: want{typ: TypeOpaqueRedirect, status: 0, detail: "opaque-redirect"}},
		{name: "no Location", rules: map[string]string{api: raw(302, acao)}, calls: []FetchInput{get(api)},
			want: want{typ: TypeCORS, status: 302, detail: "without a Location header"}},
		{name: "two Locations", rules: map[string]string{api: raw(302, acao, "Location: /a", "Location: /b")}, calls: []FetchInput{get(api)},
			want: want{reason: InvalidRedirectLocation, detail: "several different Location headers"},
			per:  map[string]want{"webkit": {reason: MissingAllowOriginHeader, wire: []string{"GET http://api.test/x http://app.test", "GET http://api.test/a,%20/b http://app.test"}}}},
		{name: "bad Location", rules: map[string]string{api: loc(302, "http://[x", acao)}, calls: []FetchInput{get(api)},
			want: want{reason: InvalidRedirectLocation, detail: "is not a valid URL"}},
		{name: "not http", rules: map[string]string{api: loc(302, "ftp://x.test/", acao)}, calls: []FetchInput{get(api)},
			want: want{reason: InvalidRedirectLocation, detail: "ftp: URL"}},
		{name: "loop", rules: map[string]string{api: loc(302, api, acao)}, calls: []FetchInput{get(api)},
			want: want{reason: TooManyRedirects, detail: "redirect number 21"}},
		{name: "credentials in Location", rules: map[string]string{api: loc(302, "http://u:p@other.test/", acao)}, calls: []FetchInput{get(api)},
			want: want{reason: RedirectContainsCredentials, hint: "http://u:p@other.test/"}},
		{name: "tainted preflight", rules: map[string]string{api: loc(302, other, "Access-Control-Allow-Origin: *"),
			"OPTIONS " + api:   raw(204, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: x-a"),
			"OPTIONS " + other: raw(204, "Access-Control-Allow-Origin: null", "Access-Control-Allow-Headers: x-a"), other: raw(200, "Access-Control-Allow-Origin: *")},
			calls: []FetchInput{{URL: api, Headers: [][2]string{{"X-A", "1"}}}},
			want:  want{typ: TypeCORS},
			per:   map[string]want{"firefox": {reason: PreflightAllowOriginMismatch, wire: []string{"OPTIONS http://api.test/x http://app.test", "GET http://api.test/x http://app.test", "OPTIONS http://other.test/y http://app.test"}}}},
	})
}

// TestFixOrigin: the fix names the origin the failing request presented,
// so applying it makes the scenario pass (Firefox keeps the page's origin
// on a preflight after a tainting redirect).
func TestFixOrigin(t *testing.T) {
	other := "http://other.test/y"
	rules := map[string]string{api: raw(302, "Location: "+other, "Access-Control-Allow-Origin: *"),
		"OPTIONS " + api:   raw(204, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: x-a"),
		"OPTIONS " + other: raw(204, "Access-Control-Allow-Headers: x-a"), other: raw(200, "Access-Control-Allow-Origin: *")}
	for name, origin := range map[string]string{"spec": "null", "chromium": "null", "firefox": page, "webkit": "null"} {
		c := engineCase{rules: rules, calls: []FetchInput{{URL: api, Headers: [][2]string{{"X-A", "1"}}}}}
		res := c.run(t, name)[0]
		if res.Fix == nil || len(res.Fix.Set) == 0 || res.Fix.Set[0][1] != origin {
			t.Fatalf("%s: fix %+v, want Access-Control-Allow-Origin %s", name, res.Fix, origin)
		}
		// Apply it and run again: it passes.
		fixed, _ := ParseRawResponse(rules["OPTIONS "+other])
		res.Fix.Apply(fixed)
		c.rules = map[string]string{api: rules[api], "OPTIONS " + api: rules["OPTIONS "+api], other: rules[other], "OPTIONS " + other: fixed.Serialize()}
		if again := c.run(t, name)[0]; again.Outcome != OutcomeOK {
			t.Errorf("%s: after the fix: %s", name, again.Error)
		}
	}
}

// TestFixes: what each failure asks the server (or the caller) to change.
func TestFixes(t *testing.T) {
	opt := "OPTIONS " + api
	for _, tc := range []struct {
		name    string
		rules   map[string]string
		in      FetchInput
		side    FixSide
		status  int
		set     string // "Name: value" of the first header set
		summary string
	}{
		{"missing ACAO", map[string]string{api: raw(200)}, get(api), FixServer, 0, "Access-Control-Allow-Origin: " + page, "Vary: Origin"},
		{"credentials", map[string]string{api: raw(200, "Access-Control-Allow-Origin: *")}, FetchInput{URL: api, Credentials: CredentialsInclude}, FixServer, 0, "Access-Control-Allow-Origin: " + page, "cannot use *"},
		{"ACAC", map[string]string{api: raw(200, acao)}, FetchInput{URL: api, Credentials: CredentialsInclude}, FixServer, 0, "Access-Control-Allow-Credentials: true", "exactly once"},
		{"401 preflight", map[string]string{opt: raw(401, acao)}, put(api), FixServer, 204, "", "do not require authentication"},
		{"redirected preflight", map[string]string{opt: raw(301, acao, "Location: /")}, put(api), FixServer, 204, "", "never follow a redirect"},
		{"methods", map[string]string{opt: raw(204, acao, "Access-Control-Allow-Methods: GET, ;x")}, put(api), FixServer, 0, "Access-Control-Allow-Methods: GET, PUT", "List PUT"},
		{"headers", map[string]string{opt: raw(204, acao, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-b")}, put(api, "X-A: 1"), FixServer, 0, "Access-Control-Allow-Headers: x-b, x-a", "Name x-a"},
		{"credentials in Location", map[string]string{api: raw(302, acao, "Location: http://u:p@other.test/")}, get(api), FixServer, 0, "Location: http://other.test/", "without user:password@"},
		{"redirect mode", map[string]string{api: raw(302, acao, "Location: /")}, FetchInput{URL: api, Redirect: RedirectError}, FixClient, 0, "", "redirect: 'follow'"},
		{"forbidden method", nil, FetchInput{Method: "CONNECT", URL: api}, FixClient, 0, "", "never let script send CONNECT"},
		{"header value", nil, FetchInput{URL: api, Headers: [][2]string{{"X-A", "a\nb"}}}, FixClient, 0, "", `"a\nb"`},
	} {
		res := engineCase{rules: tc.rules, calls: []FetchInput{tc.in}}.run(t, "chromium")[0]
		f := res.Fix
		if f == nil {
			t.Errorf("%s: no fix for %s", tc.name, res.Error)
			continue
		}
		set := ""
		if len(f.Set) > 0 {
			set = f.Set[0][0] + ": " + f.Set[0][1]
		}
		if f.Side != tc.side || f.Status != tc.status || set != tc.set || !strings.Contains(f.Summary(), tc.summary) {
			t.Errorf("%s: fix %s %d %q %q, want %s %d %q and %q", tc.name, f.Side, f.Status, set, f.Summary(), tc.side, tc.status, tc.set, tc.summary)
		}
	}
}

// TestFilter: what script may read (#concept-filtered-response and
// #concept-response-cors-exposed-header-name-list).
func TestFilter(t *testing.T) {
	hdrs := []string{acao, "X-A: 1", "X-B: 2", "Set-Cookie: s", "Content-Type: text/plain"}
	with := func(lines ...string) map[string]string {
		return map[string]string{api: raw(200, append(hdrs, lines...)...)}
	}
	include := FetchInput{URL: api, Credentials: CredentialsInclude}
	runCases(t, []engineCase{
		{name: "safelisted only", rules: with(), calls: []FetchInput{get(api)}, want: want{readable: str("content-type")}},
		{name: "named", rules: with("Access-Control-Expose-Headers: x-a, Set-Cookie"), calls: []FetchInput{get(api)}, want: want{readable: str("content-type,x-a"), detail: "named in Access-Control-Expose-Headers"}},
		{name: "star", rules: with("Access-Control-Expose-Headers: *"), calls: []FetchInput{get(api)}, want: want{readable: str("access-control-allow-origin,access-control-expose-headers,content-type,x-a,x-b"), detail: "plus every header"}},
		{name: "star with credentials", rules: with("Access-Control-Expose-Headers: *, x-b", "Access-Control-Allow-Credentials: true"), calls: []FetchInput{include},
			want: want{readable: str("content-type,x-b"), detail: "just a name"}},
		{name: "unparsable", rules: with("Access-Control-Expose-Headers: x-a;"), calls: []FetchInput{get(api)}, want: want{readable: str("content-type"), detail: "exposes nothing"}},
	})
}

// TestLenientNotes: header lines HTTP/1.1 forbids, read each browser's way.
func TestLenientNotes(t *testing.T) {
	r := "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin : " + page + "\r\nX-A: 1\r\n  continued\r\nno colon here\r\n\r\n"
	for name, wantOK := range map[string]bool{"spec": true, "chromium": true, "firefox": false, "webkit": false} {
		res := engineCase{rules: map[string]string{api: r}, calls: []FetchInput{get(api)}}.run(t, name)[0]
		if (res.Outcome == OutcomeOK) != wantOK {
			t.Errorf("%s: outcome %s, want ok=%v", name, res.Outcome, wantOK)
		}
		if len(res.Notes) != 3 {
			t.Fatalf("%s: %d notes, want 3", name, len(res.Notes))
		}
		joined := res.Notes[0].String() + res.Notes[1].String() + res.Notes[2].String()
		for _, s := range []string{"whitespace before the colon", "obsolete folded line", `"X-A: 1 continued"`, "no colon"} {
			if !strings.Contains(joined, s) {
				t.Errorf("%s: notes lack %q: %s", name, s, joined)
			}
		}
		if got := strings.Contains(res.Notes[0].String(), "ignores it here"); got == wantOK {
			t.Errorf("%s: note 0 says %q", name, res.Notes[0])
		}
		if b, _ := res.Notes[0].MarshalText(); string(b) != res.Notes[0].String() {
			t.Error("MarshalText differs from String")
		}
	}
}

// TestBadPort: main fetch step 7 blocks the bad ports before anything is
// sent, on the first hop and after a redirect; a default port never is.
func TestBadPort(t *testing.T) {
	runCases(t, []engineCase{
		{name: "first hop", calls: []FetchInput{get("http://api.test:6000/x")},
			want: want{reason: BadPort, hint: "6000", wire: []string{}, steps: []string{"route=fail"}, detail: "Port 6000 is on"}},
		{name: "explicit port 0", calls: []FetchInput{get("http://api.test:0/x")}, want: want{reason: BadPort, hint: "0"}},
		{name: "after a redirect", rules: map[string]string{api: raw(302, "Location: http://api.test:25/", "Access-Control-Allow-Origin: *")},
			calls: []FetchInput{get(api)}, want: want{reason: BadPort, hint: "25", wire: []string{"GET http://api.test/x http://app.test"}}},
		{name: "ftp's port over http is bad", calls: []FetchInput{get("http://api.test:21/")}, want: want{reason: BadPort}},
		{name: "https on 443", rules: map[string]string{"https://api.test/": raw(200, "Access-Control-Allow-Origin: *")},
			calls: []FetchInput{get("https://api.test:443/")}, want: want{typ: TypeCORS}},
	})
}

// TestSchemeFetch: what the browser answers itself (#scheme-fetch).
func TestSchemeFetch(t *testing.T) {
	basic := want{typ: TypeBasic, status: 200, readable: str("content-type"), steps: []string{"route=info", "send=info", "filter=pass"}}
	ff := basic
	ff.readable = str("content-length,content-type")
	runCases(t, []engineCase{
		{name: "data", calls: []FetchInput{get("data:text/plain,hi%20there")}, want: basic, per: map[string]want{"firefox": ff}},
		{name: "data in same-origin mode", calls: []FetchInput{{URL: "data:,x", Mode: ModeSameOrigin}}, want: basic, per: map[string]want{"firefox": ff}},
		{name: "data without a comma", calls: []FetchInput{get("data:text/plain")}, want: want{reason: InvalidDataURL, steps: []string{"send=fail"}}},
		{name: "about:blank in no-cors", calls: []FetchInput{{URL: "about:blank", Mode: ModeNoCORS}}, want: want{typ: TypeOpaque},
			per: map[string]want{"chromium": {reason: CorsDisabledScheme}, "webkit": {reason: CorsDisabledScheme}}},
		{name: "about:blank in cors", calls: []FetchInput{get("about:blank")}, want: want{reason: CorsDisabledScheme}},
		{name: "about:srcdoc", calls: []FetchInput{{URL: "about:srcdoc", Mode: ModeNoCORS}}, want: want{reason: CorsDisabledScheme}},
		{name: "blob", calls: []FetchInput{get("blob:" + page + "/x")}, want: want{reason: BlobNotFound, detail: "No blob was ever stored"}},
		{name: "unknown scheme in no-cors", calls: []FetchInput{{URL: "foo:bar", Mode: ModeNoCORS}}, want: want{reason: CorsDisabledScheme, detail: "from a foo: URL"}},
	})
	for _, tc := range []struct{ url, mime, body string }{
		{"data:,a", "text/plain;charset=US-ASCII", "a"},
		{"data:text/html;base64,PGI+", "text/html", "<b>"},
		{"data:;base64 ,YQ", "text/plain;charset=US-ASCII", "a"},
		{"data:;charset=x;BASE64,Y Q = =", "text/plain;charset=x", "a"},
		{"data:text/plain,a#frag", "text/plain", "a"},
		{"data:nonsense,a%2Cb", "text/plain;charset=US-ASCII", "a,b"},
	} {
		mime, body, ok := processDataURL(tc.url)
		if !ok || mime != tc.mime || body != tc.body {
			t.Errorf("%s: %q %q %v, want %q %q", tc.url, mime, body, ok, tc.mime, tc.body)
		}
	}
	for _, bad := range []string{"data:;base64,a", "data:;base64,a===", "data:;base64,a*bc"} {
		if _, _, ok := processDataURL(bad); ok {
			t.Errorf("%s decodes", bad)
		}
	}
}

// TestAppendedTwice: a header appended twice, judged line by line (the
// standard, Firefox) or combined (Chromium), and sent once by Firefox.
func TestAppendedTwice(t *testing.T) {
	body := "a"
	in := FetchInput{Method: "POST", URL: api, Body: &body, Headers: [][2]string{{"Content-Type", "text/plain"}, {"content-type", "multipart/form-data"}}}
	rules := map[string]string{"OPTIONS " + api: raw(204, acao, "Access-Control-Allow-Headers: content-type"), api: raw(200, acao)}
	runCases(t, []engineCase{{name: "content-type", rules: rules, calls: []FetchInput{in},
		want: want{typ: TypeCORS, preflight: PreflightNone},
		per: map[string]want{
			"chromium": {typ: TypeCORS, preflight: PreflightSent, detail: "content-type is CORS-unsafe: its value is not a parsable MIME type"},
			"webkit":   {typ: TypeCORS, preflight: PreflightSent, detail: "content-type is CORS-unsafe: its value is not a parsable MIME type"},
		}}})
	for name, wantCT := range map[string]string{"spec": "text/plain, multipart/form-data", "firefox": "multipart/form-data"} {
		res := engineCase{rules: rules, calls: []FetchInput{in}}.run(t, name)[0]
		w := res.Wire[len(res.Wire)-1]
		if got := w.Headers[len(w.Headers)-1]; got != [2]string{"content-type", wantCT} {
			t.Errorf("%s: sends %q, want content-type: %s", name, got, wantCT)
		}
	}
}

// TestCORP: HTTP fetch step 5 on opaque responses only.
func TestCORP(t *testing.T) {
	img := func(policy string) map[string]string {
		return map[string]string{api: raw(200, "Cross-Origin-Resource-Policy: "+policy, "Access-Control-Allow-Origin: *")}
	}
	noCORS := FetchInput{URL: api, Mode: ModeNoCORS}
	runCases(t, []engineCase{
		{name: "same-origin", rules: img("same-origin"), calls: []FetchInput{noCORS}, want: want{reason: CorpNotSameOrigin, hint: "same-origin", steps: []string{"send", "corp-check=fail"}}},
		{name: "same-site", rules: img("same-site"), calls: []FetchInput{noCORS}, want: want{reason: CorpNotSameSite, detail: "not on the same site"}},
		{name: "same-site subdomain", rules: map[string]string{"http://img.app.test/": raw(200, "Cross-Origin-Resource-Policy: same-site")},
			calls: []FetchInput{{URL: "http://img.app.test/", Mode: ModeNoCORS}}, want: want{typ: TypeOpaque, steps: []string{"corp-check=pass"}}},
		{name: "same-site, https to an http page", origin: "http://app.test", rules: map[string]string{"https://img.app.test/": raw(200, "Cross-Origin-Resource-Policy: same-site")},
			calls: []FetchInput{{URL: "https://img.app.test/", Mode: ModeNoCORS}}, want: want{reason: CorpNotSameSite}},
		{name: "cross-origin", rules: img("cross-origin"), calls: []FetchInput{noCORS}, want: want{typ: TypeOpaque, detail: "lets any page have"}},
		{name: "not a policy", rules: img("Same-Origin"), calls: []FetchInput{noCORS}, want: want{typ: TypeOpaque}},
		{name: "cors mode", rules: img("same-origin"), calls: []FetchInput{get(api)}, want: want{typ: TypeCORS}},
	})
	if site("a.b.example.com") != "example.com" || site("127.0.0.1") != "127.0.0.1" || site("localhost") != "localhost" {
		t.Error("site")
	}
}

// TestSafelistTotal: past 1024 bytes the safelisted values turn unsafe in
// the standard, where fetch() also counts its default Accept: */*;
// Firefox has no total.
func TestSafelistTotal(t *testing.T) {
	var h [][2]string
	for range 8 {
		h = append(h, [2]string{"Accept-Language", strings.Repeat("a", 127)})
	}
	h = append(h, [2]string{"Accept-Language", "bbbbbb"}) // 1022 bytes
	rules := map[string]string{"OPTIONS " + api: raw(204, acao, "Access-Control-Allow-Headers: accept, accept-language"), api: raw(200, acao)}
	runCases(t, []engineCase{{name: "1022 bytes and */*", rules: rules, calls: []FetchInput{{URL: api, Headers: h}},
		want: want{typ: TypeCORS, preflight: PreflightNone},
		per: map[string]want{
			"spec":     {typ: TypeCORS, preflight: PreflightSent, detail: "accept is CORS-unsafe: the safelisted header values add up to 1025 bytes"},
			"chromium": {typ: TypeCORS, preflight: PreflightSent, detail: "over the 128-byte limit"},
			"webkit":   {typ: TypeCORS, preflight: PreflightSent},
		}}})
}
