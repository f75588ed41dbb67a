package fetchspec

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The engine's own tests: fetch() calls against a small scripted server,
// in every profile, checked on their outcome and on the trace's shape.
// Every result is also rendered (each step's words, the console line, the
// fix, the JSON), so no renderer is left untried.

const page = "http://app.test"

// raw writes a response: status, then "Name: value" lines.
func raw(status int, lines ...string) string {
	s := "HTTP/1.1 " + strconv.Itoa(status) + " " + StatusText(status) + "\r\n"
	for _, l := range lines {
		s += l + "\r\n"
	}
	return s + "\r\n"
}

// testServer answers "METHOD URL" rules first, then "URL" rules, else 404.
func testServer(t testing.TB, rules map[string]string) Server {
	t.Helper()
	keys := make([]string, 0, len(rules))
	for k := range rules {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parsed := map[string]Answer{}
	for i, k := range keys {
		r, err := ParseRawResponse(rules[k])
		if err != nil {
			t.Fatalf("rule %q: %v", k, err)
		}
		parsed[k] = Answer{Response: r, Rule: i}
	}
	return func(method string, u *URL) Answer {
		if a, ok := parsed[method+" "+u.String()]; ok {
			return a
		}
		if a, ok := parsed[u.String()]; ok {
			return a
		}
		return Answer{Response: &Response{Status: 404, StatusText: "Not Found"}, Rule: -1}
	}
}

func mustOrigin(t testing.TB, s string) Origin {
	t.Helper()
	o, err := ParseOrigin(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// want is what one call must come to. Zero fields are not checked, except
// reason: "" means the call succeeds.
type want struct {
	reason    Reason
	typ       ResponseType
	status    int
	preflight PreflightState
	hint      string
	// steps: each "id" or "id=status" must appear in the trace, in order.
	steps []string
	// detail: text some step's words must hold.
	detail string
	// wire: "METHOD URL origin" for each request on the wire ("-" when it
	// carries no Origin).
	wire []string
	// readable: the exposed header names, comma-joined.
	readable *string
}

func str(s string) *string { return &s }

type engineCase struct {
	name   string
	origin string
	rules  map[string]string
	calls  []FetchInput
	at     []float64 // when each call is made (default 0)
	want   want      // for the last call, in every profile
	per    map[string]want
}

func (c engineCase) run(t *testing.T, profile string) []*Result {
	t.Helper()
	origin := page
	if c.origin != "" {
		origin = c.origin
	}
	e := NewEngine(LookupProfile(profile), mustOrigin(t, origin), testServer(t, c.rules))
	var out []*Result
	for i, in := range c.calls {
		at := 0.0
		if i < len(c.at) {
			at = c.at[i]
		}
		out = append(out, e.Fetch(in, at))
	}
	return out
}

func checkResult(t *testing.T, p *Profile, res *Result, w want) {
	t.Helper()
	switch {
	case w.reason == "" && res.Outcome != OutcomeOK:
		t.Fatalf("outcome %s (%s), want ok; trace:\n%s", res.Outcome, res.Error, traceText(res))
	case w.reason != "" && res.Error != w.reason:
		t.Fatalf("error %q (%s), want %q; trace:\n%s", res.Error, res.Outcome, w.reason, traceText(res))
	case w.reason.IsTypeError() && res.Outcome != OutcomeTypeError, w.reason != "" && !w.reason.IsTypeError() && res.Outcome != OutcomeNetworkError:
		t.Errorf("outcome %s for %s", res.Outcome, w.reason)
	}
	if w.typ != "" && res.Type != w.typ {
		t.Errorf("type %q, want %q", res.Type, w.typ)
	}
	if w.status != 0 && res.Status != w.status {
		t.Errorf("status %d, want %d", res.Status, w.status)
	}
	if w.preflight != "" && res.Preflight != w.preflight {
		t.Errorf("preflight %q, want %q", res.Preflight, w.preflight)
	}
	if w.hint != "" && res.Hint() != w.hint {
		t.Errorf("hint %q, want %q", res.Hint(), w.hint)
	}
	if w.readable != nil && strings.Join(res.ExposedHeaders, ",") != *w.readable {
		t.Errorf("readable %q, want %q", strings.Join(res.ExposedHeaders, ","), *w.readable)
	}
	next := 0
	for _, s := range res.Steps {
		if next < len(w.steps) && (w.steps[next] == string(s.ID) || w.steps[next] == string(s.ID)+"="+string(s.Status)) {
			next++
		}
	}
	if next < len(w.steps) {
		t.Errorf("trace lacks %q (in order); trace:\n%s", w.steps[next], traceText(res))
	}
	if w.detail != "" && !strings.Contains(traceText(res), w.detail) {
		t.Errorf("no step says %q; trace:\n%s", w.detail, traceText(res))
	}
	if w.wire != nil {
		var got []string
		for _, r := range res.Wire {
			o := "-"
			for _, h := range r.Headers {
				if h[0] == "origin" {
					o = h[1]
				}
			}
			got = append(got, r.Method+" "+r.URL+" "+o)
		}
		if !slices.Equal(got, w.wire) {
			t.Errorf("wire %q, want %q", got, w.wire)
		}
	}
	checkWords(t, p, res)
}

// checkWords renders everything a result can say.
func checkWords(t *testing.T, p *Profile, res *Result) {
	t.Helper()
	for i, s := range res.Steps {
		if s.Detail() == "" {
			t.Errorf("step %d (%s) has no words", i, s.ID)
		}
		for _, in := range s.Inputs() {
			if in.Name == "" {
				t.Errorf("step %d (%s) has an input without a name", i, s.ID)
			}
		}
		if StepTitle(s.ID) == "" || StepExplanation(s.ID) == "" || !strings.HasPrefix(StepAnchorURL(s.ID), SpecURL+"#") {
			t.Errorf("step %s has no title, explanation or anchor", s.ID)
		}
	}
	msg := res.Message()
	switch {
	case res.Outcome == OutcomeOK && msg != "":
		t.Errorf("a success has a console line: %q", msg)
	case res.Outcome != OutcomeOK && p.console != nil && msg == "":
		t.Errorf("%s prints no console line for %s", p.name, res.Error)
	case p.console == nil && msg != "":
		t.Errorf("the spec profile prints %q", msg)
	}
	if res.Outcome != OutcomeOK && res.Failure() == nil {
		t.Error("a failure without its Failure")
	}
	if res.Fix != nil && res.Fix.Summary() == "" {
		t.Errorf("the fix for %s has no summary", res.Error)
	}
	for _, ev := range res.CacheEvents {
		if ev.Note() == "" && ev.Kind != CacheHit {
			t.Errorf("cache event %s has no note", ev.Kind)
		}
	}
	for _, n := range res.Notes {
		if n.String() == "" {
			t.Error("an empty note")
		}
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil || back["outcome"] != string(res.Outcome) {
		t.Errorf("JSON does not read back: %v %s", err, b)
	}
}

func traceText(res *Result) string {
	var b strings.Builder
	for _, s := range res.Steps {
		b.WriteString(string(s.ID) + "=" + string(s.Status) + ": " + s.Detail() + "\n")
	}
	return b.String()
}

func runCases(t *testing.T, cases []engineCase) {
	t.Helper()
	for _, c := range cases {
		for _, name := range ProfileNames {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				w := c.want
				if pw, ok := c.per[name]; ok {
					w = pw
				}
				res := c.run(t, name)
				for _, r := range res[:len(res)-1] {
					checkWords(t, LookupProfile(name), r)
				}
				checkResult(t, LookupProfile(name), res[len(res)-1], w)
			})
		}
	}
}

func get(url string) FetchInput { return FetchInput{URL: url} }

const api = "http://api.test/x"

var acao = "Access-Control-Allow-Origin: " + page

// TestConstruct: what fetch() refuses or changes before anything is sent
// (#dom-request and the Headers guards).
func TestConstruct(t *testing.T) {
	body := "{}"
	runCases(t, []engineCase{
		{name: "invalid URL", calls: []FetchInput{get("http://[::1")}, want: want{reason: InvalidURL, typ: TypeError, hint: "http://[::1", steps: []string{"construct=fail"}}},
		{name: "URL with credentials", calls: []FetchInput{get("http://u:p@api.test/")}, want: want{reason: URLContainsCredentials, hint: "http://u:p@api.test/"}},
		{name: "method not a token", calls: []FetchInput{{Method: "GE T", URL: api}}, want: want{reason: InvalidMethod, hint: "GE T"}},
		{name: "forbidden method", calls: []FetchInput{{Method: "trace", URL: api}}, want: want{reason: ForbiddenMethod, hint: "trace"}},
		{name: "no-cors PUT", calls: []FetchInput{{Method: "put", URL: api, Mode: ModeNoCORS}}, want: want{reason: NoCorsMethodNotSafelisted, hint: "PUT", detail: "only GET, HEAD and POST"}},
		{name: "header name", calls: []FetchInput{{URL: api, Headers: [][2]string{{"Bad Name", "1"}}}}, want: want{reason: InvalidHeader, hint: "Bad Name"}},
		{name: "header not latin1", calls: []FetchInput{{URL: api, Headers: [][2]string{{"X-A", "é€"}}}}, want: want{reason: InvalidHeader, hint: "X-A", detail: "above U+00FF"}},
		{name: "header with a newline", calls: []FetchInput{{URL: api, Headers: [][2]string{{"X-A", "a\nb"}}}}, want: want{reason: InvalidHeader, hint: "X-A", detail: "NUL, CR or LF"}},
		{name: "GET with a body", calls: []FetchInput{{URL: api, Body: &body}}, want: want{reason: BodyWithGetOrHead, hint: "GET"}},
		{name: "forbidden headers dropped", rules: map[string]string{api: raw(200, acao)},
			calls: []FetchInput{{URL: api, Headers: [][2]string{{"Cookie", "a=1"}, {"Sec-X", "1"}, {"Accept", "text/html"}}}},
			want:  want{typ: TypeCORS, status: 200, detail: "Silently dropped: Cookie (a forbidden request header), Sec-X"}},
		{name: "no-cors drops unsafe headers", rules: map[string]string{api: raw(200)},
			calls: []FetchInput{{URL: api, Mode: ModeNoCORS, Headers: [][2]string{{"X-A", "1"}, {"Accept", "a"}, {"Accept", "b\"c"}}}},
			want:  want{typ: TypeOpaque, status: 0, detail: "X-A (not allowed in no-cors mode)", wire: []string{"GET http://api.test/x -"}}},
		{name: "string body adds Content-Type", rules: map[string]string{api: raw(200, acao)},
			calls: []FetchInput{{Method: "post", URL: api, Body: &body}},
			want:  want{typ: TypeCORS, preflight: PreflightNone, detail: "normalized from post", steps: []string{"classify=pass", "preflight-needed=skip"}}},
		{name: "relative URL", rules: map[string]string{page + "/x": raw(200, "Set-Cookie: a=1", "X-B: 2")},
			calls: []FetchInput{get("/x")},
			want:  want{typ: TypeBasic, status: 200, readable: str("x-b"), wire: []string{"GET http://app.test/x -"}}},
	})
}

// TestRoute: main fetch's branches (#concept-main-fetch step 12).
func TestRoute(t *testing.T) {
	body := "a"
	runCases(t, []engineCase{
		{name: "same-origin mode", calls: []FetchInput{{URL: api, Mode: ModeSameOrigin}}, want: want{reason: DisallowedByMode, steps: []string{"route=fail", "filter=fail"}}},
		{name: "no-cors without follow", calls: []FetchInput{{URL: api, Mode: ModeNoCORS, Redirect: RedirectError}}, want: want{reason: NoCorsRedirectModeNotFollow}},
		{name: "not http", calls: []FetchInput{get("ftp://api.test/x")}, want: want{reason: CorsDisabledScheme, hint: "ftp"}},
		// An https page may reach plain http only on a loopback host
		// (mixed.go); the Origin header is then downgraded to null.
		{name: "no-cors POST downgrade", origin: "https://app.test", rules: map[string]string{"http://localhost/x": raw(200)},
			calls: []FetchInput{{Method: "POST", URL: "http://localhost/x", Mode: ModeNoCORS, Body: &body}},
			want:  want{typ: TypeOpaque, wire: []string{"POST http://localhost/x null"}},
			per:   map[string]want{"webkit": {reason: MixedContent}}},
		{name: "https page, http URL: mixed content", origin: "https://app.test", rules: map[string]string{api: raw(200)},
			calls: []FetchInput{{Method: "POST", URL: api, Mode: ModeNoCORS, Body: &body}},
			want:  want{reason: MixedContent, hint: api, wire: []string{}, steps: []string{"mixed-content=fail"}, detail: "mixed content"}},
		{name: "same-origin POST sends Origin", rules: map[string]string{page + "/x": raw(200)},
			calls: []FetchInput{{Method: "POST", URL: page + "/x", Body: &body}},
			want:  want{typ: TypeBasic, wire: []string{"POST http://app.test/x http://app.test"}}},
	})
}

// TestCORSCheckCases runs #concept-cors-check through the engine: which
// reason each profile names for each Access-Control-Allow-Origin.
func TestCORSCheckCases(t *testing.T) {
	include := func(url string) FetchInput { return FetchInput{URL: url, Credentials: CredentialsInclude} }
	mismatch := want{reason: AllowOriginMismatch}
	runCases(t, []engineCase{
		{name: "wildcard", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: *", "X-A: 1")}, calls: []FetchInput{get(api)},
			want: want{typ: TypeCORS, status: 200, readable: str(""), steps: []string{"cors-check=pass"}, detail: "allows any origin"}},
		{name: "wildcard with credentials", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: *")}, calls: []FetchInput{include(api)},
			want: want{reason: WildcardOriginNotAllowed, steps: []string{"cors-check=fail"}}},
		{name: "missing", rules: map[string]string{api: raw(200)}, calls: []FetchInput{get(api)}, want: want{reason: MissingAllowOriginHeader}},
		{name: "two values", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: http://a.test, "+page)}, calls: []FetchInput{get(api)},
			want: want{reason: MultipleAllowOriginValues, hint: "http://a.test, " + page}, per: map[string]want{"firefox": mismatch}},
		{name: "two lines", rules: map[string]string{api: raw(200, acao, acao)}, calls: []FetchInput{get(api)},
			want: want{reason: MultipleAllowOriginValues, detail: "2 Access-Control-Allow-Origin lines"}},
		{name: "null", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: null")}, calls: []FetchInput{get(api)}, want: want{reason: AllowOriginMismatch, hint: "null"}},
		{name: "not an origin", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: app.test")}, calls: []FetchInput{get(api)},
			want: want{reason: InvalidAllowOriginValue}, per: map[string]want{"firefox": mismatch, "webkit": want{reason: InvalidAllowOriginValue}}},
		{name: "other case", rules: map[string]string{api: raw(200, "Access-Control-Allow-Origin: http://APP.test")}, calls: []FetchInput{get(api)},
			want: want{reason: AllowOriginMismatch, detail: "Case, a trailing slash"}, per: map[string]want{"firefox": mismatch}},
		{name: "credentials allowed", rules: map[string]string{api: raw(200, acao, "Access-Control-Allow-Credentials: true")}, calls: []FetchInput{include(api)},
			want: want{typ: TypeCORS, detail: "Access-Control-Allow-Credentials is true"}},
		{name: "credentials not true", rules: map[string]string{api: raw(200, acao, "Access-Control-Allow-Credentials: TRUE")}, calls: []FetchInput{include(api)},
			want: want{reason: InvalidAllowCredentials, hint: "TRUE"}},
		{name: "credentials absent", rules: map[string]string{api: raw(200, acao)}, calls: []FetchInput{include(api)},
			want: want{reason: InvalidAllowCredentials, detail: "it is (absent)"}},
	})
}

func put(url string, headers ...string) FetchInput {
	in := FetchInput{Method: "PUT", URL: url}
	for _, h := range headers {
		n, v, _ := strings.Cut(h, ": ")
		in.Headers = append(in.Headers, [2]string{n, v})
	}
	return in
}

// TestPreflightCases: CORS-preflight fetch and its checks
// (#cors-preflight-fetch-0), in each engine's order.
func TestPreflightCases(t *testing.T) {
	opt := "OPTIONS " + api
	ok := func(lines ...string) map[string]string {
		return map[string]string{opt: raw(204, append([]string{acao}, lines...)...), api: raw(200, acao)}
	}
	withCreds := func(in FetchInput) FetchInput { in.Credentials = CredentialsInclude; return in }
	runCases(t, []engineCase{
		{name: "approved", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-a", "Access-Control-Max-Age: 60"),
			calls: []FetchInput{put(api, "X-A: 1")},
			want: want{typ: TypeCORS, preflight: PreflightSent,
				steps: []string{"preflight-needed=info", "cache-lookup=info", "preflight-send", "preflight-check=pass", "preflight-methods=pass", "preflight-headers=pass", "cache-store=pass", "send", "cors-check=pass", "filter=pass"},
				wire:  []string{"OPTIONS http://api.test/x http://app.test", "PUT http://api.test/x http://app.test"}}},
		{name: "status 404", rules: map[string]string{opt: raw(404, acao)}, calls: []FetchInput{put(api)},
			want: want{reason: PreflightInvalidStatus, steps: []string{"preflight-status=fail"}}},
		{name: "status 401", rules: map[string]string{opt: raw(401, acao)}, calls: []FetchInput{put(api)}, want: want{reason: PreflightInvalidStatus}},
		{name: "redirected", rules: map[string]string{opt: raw(302, acao, "Location: /y")}, calls: []FetchInput{put(api)}, want: want{reason: PreflightDisallowedRedirect}},
		{name: "no ACAO", rules: map[string]string{opt: raw(204, "Access-Control-Allow-Methods: PUT")}, calls: []FetchInput{put(api)},
			want: want{reason: PreflightMissingAllowOriginHeader, steps: []string{"preflight-check=fail"}}},
		{name: "no ACAO and 404", rules: map[string]string{opt: raw(404)}, calls: []FetchInput{put(api)},
			want: want{reason: PreflightMissingAllowOriginHeader}, per: map[string]want{"webkit": {reason: PreflightInvalidStatus}}},
		{name: "methods unparsable", rules: ok("Access-Control-Allow-Methods: PUT;"), calls: []FetchInput{put(api)},
			want: want{reason: InvalidAllowMethodsPreflightResponse, hint: "PUT;"}},
		{name: "headers unparsable", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-a;"), calls: []FetchInput{put(api, "X-A: 1")},
			want: want{reason: InvalidAllowHeadersPreflightResponse, hint: "x-a;"}},
		{name: "method in another case", rules: ok("Access-Control-Allow-Methods: put"), calls: []FetchInput{put(api)},
			want: want{reason: MethodDisallowedByPreflightResponse, hint: "PUT", detail: "compared case-sensitively"}},
		{name: "method star with credentials", rules: ok("Access-Control-Allow-Methods: *", "Access-Control-Allow-Credentials: true"), calls: []FetchInput{withCreds(put(api))},
			want: want{reason: MethodDisallowedByPreflightResponse, detail: "only a literal name"}},
		{name: "method star", rules: ok("Access-Control-Allow-Methods: *"), calls: []FetchInput{put(api)}, want: want{typ: TypeCORS, detail: "allows any method"}},
		{name: "header missing", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-b"), calls: []FetchInput{put(api, "X-A: 1")},
			want: want{reason: HeaderDisallowedByPreflightResponse, hint: "x-a"}},
		{name: "header star", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: *"), calls: []FetchInput{put(api, "X-A: 1")},
			want: want{typ: TypeCORS, detail: "covers these headers"}},
		{name: "star and Authorization", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: *"), calls: []FetchInput{put(api, "Authorization: x")},
			want: want{typ: TypeCORS, detail: "lets it cover Authorization too"},
			per:  map[string]want{"spec": {reason: HeaderDisallowedByPreflightResponse, detail: "does not cover Authorization"}}},
		{name: "header star with credentials", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: *", "Access-Control-Allow-Credentials: true"),
			calls: []FetchInput{withCreds(put(api, "X-A: 1"))},
			want:  want{reason: HeaderDisallowedByPreflightResponse, detail: "only a literal name"}},
		{name: "DELETE needs no headers", rules: map[string]string{"OPTIONS " + api: raw(200, acao, "Access-Control-Allow-Methods: DELETE"), api: raw(200, acao)},
			calls: []FetchInput{{Method: "DELETE", URL: api}},
			want:  want{typ: TypeCORS, detail: "No CORS-unsafe headers to approve"}},
		{name: "long URL", rules: map[string]string{"OPTIONS " + api + "?" + strings.Repeat("q", 1100): raw(204, acao, "Access-Control-Allow-Methods: PUT"), api + "?" + strings.Repeat("q", 1100): raw(200, acao)},
			calls: []FetchInput{put(api + "?" + strings.Repeat("q", 1100))},
			want:  want{typ: TypeCORS, steps: []string{"cache-store=pass"}},
			per:   map[string]want{"chromium": {typ: TypeCORS, steps: []string{"cache-store=skip"}, detail: "characters long"}}},
		{name: "request headers value", rules: ok("Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-a, x-b"),
			calls: []FetchInput{put(api, "X-B: 1", "X-A: 1", "x-a: 2")},
			want:  want{typ: TypeCORS, detail: "send PUT with x-a, x-b"}},
	})
}

// TestRequestHeadersValue: Access-Control-Request-Headers as each engine
// writes it.
func TestRequestHeadersValue(t *testing.T) {
	rules := map[string]string{"OPTIONS " + api: raw(204, acao, "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: x-a, x-b"), api: raw(200, acao)}
	for name, wantACRH := range map[string]string{"spec": "x-a,x-b", "chromium": "x-a,x-b", "firefox": "x-a,x-a,x-b", "webkit": "x-a,x-b"} {
		res := engineCase{rules: rules, calls: []FetchInput{put(api, "X-B: 1", "X-A: 1", "x-a: 2")}}.run(t, name)[0]
		got := ""
		for _, h := range res.Wire[0].Headers {
			if h[0] == "access-control-request-headers" {
				got = h[1]
			}
		}
		if got != wantACRH {
			t.Errorf("%s: Access-Control-Request-Headers %q, want %q", name, got, wantACRH)
		}
	}
}
