// Package paste turns what a developer already holds after "blocked by
// CORS policy" into a scenario: raw responses, headers copied from
// DevTools, curl transcripts and commands, "Copy as fetch", PowerShell,
// console messages and HAR files. It says what it recognized, what it had
// to guess, and where it stopped. Pure Go: the page (wasm) and the command
// line share it.
package paste

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Kind is what the input was recognized as.
type Kind string

// The kinds of input.
const (
	KindRawResponse Kind = "raw-response"     // one or more HTTP responses, maybe with requests
	KindHeaders     Kind = "devtools-headers" // response headers without a status line
	KindCurlVerbose Kind = "curl-transcript"  // curl -v or -i output
	KindCurlCommand Kind = "curl-command"     // "Copy as cURL" (bash or cmd)
	KindFetch       Kind = "fetch-call"       // "Copy as fetch", Node.js variant, or hand-written
	KindPowerShell  Kind = "powershell"       // "Copy as PowerShell"
	KindConsole     Kind = "console"          // browser console text
	KindHAR         Kind = "har"              // HAR 1.2 file
	KindScenario    Kind = "scenario"         // a corsim scenario file
	maxPasteBytes        = 10 << 20
	maxHARBytes          = MaxFileBytes
)

// MaxFileBytes is the largest input corsim reads: a HAR file; other pastes
// stop at 10 MB. The page checks a file's size against it before reading.
const MaxFileBytes = 200 << 20

// IsHAR reports whether text looks like a HAR file (a JSON object with a
// "log" near its start), which the page evaluates a chunk at a time with
// NewHARJob instead of Parse.
func IsHAR(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	return strings.HasPrefix(t, "{") && strings.Contains(t[:min(len(t), 4096)], `"log"`)
}

// Options supply what a paste lacks; a set field wins over the paste.
// Method, URL, Headers, Credentials and Mode apply to the page's own
// fetch() (the last request).
type Options struct {
	Browser     string
	Origin      string
	Method      string
	URL         string
	Headers     [][2]string
	Credentials string
	Mode        string
}

// Guess is a field the paste did not say, filled with a sensible value
// the user should check. Field names: "origin", "url", "method",
// "credentials", "response", "status", "headers".
type Guess struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Why   string `json:"why"`
}

// Problem is a place where reading stopped or skipped something: 1-based
// line and column in the paste, what was expected, and the line as typed.
type Problem struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
	Text string `json:"text,omitempty"`
}

// Error is input that cannot be used at all.
type Error Problem

func (e *Error) Error() string {
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Col) + ": " + e.Msg
}

// Result is what Parse recognized and the scenario built from it.
type Result struct {
	Kind     Kind               `json:"kind"`
	Summary  string             `json:"summary"`
	Scenario *scenario.Scenario `json:"-"`
	Guesses  []Guess            `json:"guesses,omitempty"`
	Problems []Problem          `json:"problems,omitempty"`
	// Entries are the cross-origin exchanges of a HAR file, failures
	// first; each carries a scenario of its own.
	Entries []*Entry `json:"entries,omitempty"`

	// out is the scenario's evaluation under its own profile, when
	// building it already ran one that still holds.
	out *scenario.Output
}

// Guessed reports whether field was guessed.
func (r *Result) Guessed(field string) bool { return guessed(r.Guesses, field) }

func guessed(gs []Guess, field string) bool {
	return slices.ContainsFunc(gs, func(g Guess) bool { return g.Field == field })
}

// Parse recognizes text and builds a scenario from it.
func Parse(text string, opt Options) (*Result, error) {
	if len(text) > maxPasteBytes && !looksLikeJSON(text) {
		return nil, &Error{Line: 1, Col: 1, Msg: "the paste is " + sizeWords(len(text)) + "; corsim reads at most 10 MB of pasted text (a HAR file may be up to 200 MB)"}
	}
	if len(text) > maxHARBytes {
		return nil, &Error{Line: 1, Col: 1, Msg: "the file is " + sizeWords(len(text)) + "; corsim reads HAR files up to 200 MB"}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &Error{Line: 1, Col: 1, Msg: "nothing to read: paste a response, its headers, a curl transcript or command, a fetch() call, console messages or a HAR file"}
	}
	if opt.Browser != "" && fetchspec.LookupProfile(opt.Browser) == nil {
		return nil, &Error{Line: 1, Col: 1, Msg: "unknown browser \"" + opt.Browser + "\"; expected " + fetchspec.ProfileChoices()}
	}
	d, err := recognize(text, opt)
	if err != nil {
		return nil, err
	}
	if d.result != nil {
		return d.result, nil
	}
	if opt.Browser == "" {
		opt.Browser = d.browser
	}
	if opt.Browser == "" {
		opt.Browser = "chromium"
	}
	return d.build(opt)
}

func looksLikeJSON(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	return strings.HasPrefix(t, "{")
}

func sizeWords(n int) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// recognize picks the parser by the paste's shape. Order matters: JSON
// (HAR, scenario, Firefox's headers JSON) first; then console messages,
// which can quote anything; then commands and calls; then transcripts and
// raw messages.
func recognize(text string, opt Options) (*draft, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	if looksLikeJSON(text) {
		return parseJSONPaste(text, opt)
	}
	lines := splitLines(text)
	switch {
	case hasConsoleMessage(lines):
		return parseConsole(lines, opt)
	case isPowerShell(text):
		return parsePowerShell(text)
	case isCurlVerbose(lines):
		return parseTranscript(lines, KindCurlVerbose)
	case isCurlCommand(text):
		return parseCurlCommand(text)
	case isFetchCall(text):
		return parseFetchCall(text)
	case isHTTPMessage(lines):
		return parseTranscript(lines, KindRawResponse)
	}
	return parseHeaderCopy(lines)
}

// line is one line of the paste with its 1-based number.
type line struct {
	n    int
	text string
}

func splitLines(text string) []line {
	raw := strings.Split(text, "\n")
	out := make([]line, len(raw))
	for i, l := range raw {
		out[i] = line{i + 1, strings.TrimSuffix(l, "\r")}
	}
	return out
}

// call is one fetch() the page made, as far as the paste tells.
type call struct {
	method      string
	url         string
	headers     [][2]string
	mode        string
	credentials string
	redirect    string
	body        *string
	// response is the raw answer as the scenario stores it; "" unknown.
	response string
	// preflight is the raw answer to its OPTIONS preflight, if pasted.
	preflight string
	// missingWhy says why the response is missing, when the paste knows.
	missingWhy string
	// relative: url is a path, resolved against the page's origin.
	relative bool
	// allHeaders: every header of a command, browser's own included.
	allHeaders [][2]string
	// hops answer the URLs a redirect led to, in order.
	hops []scenario.Rule
}

// draft is a paste's content before it becomes a scenario.
type draft struct {
	kind    Kind
	summary string
	origin  string
	// originWhy says where the origin came from when it was inferred
	// ("" when the paste said it outright).
	originWhy string
	calls     []*call
	guesses   []Guess
	problems  []Problem
	// console: the reproduced failures, built by console.go directly.
	rules  []scenario.Rule
	result *Result
	// browser: the profile the paste came from (console messages), "" if
	// it does not say.
	browser string
}

func (d *draft) guess(field, value, why string) {
	for i, g := range d.guesses {
		if g.Field == field {
			d.guesses[i] = Guess{field, value, why}
			return
		}
	}
	d.guesses = append(d.guesses, Guess{field, value, why})
}

func (d *draft) unguess(field string) {
	out := d.guesses[:0]
	for _, g := range d.guesses {
		if g.Field != field {
			out = append(out, g)
		}
	}
	d.guesses = out
}

func (d *draft) problem(l line, col int, msg string) {
	d.problems = append(d.problems, Problem{Line: l.n, Col: col, Msg: msg, Text: clip(l.text, 200)})
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Defaults for what a paste cannot know.
const (
	guessOrigin = "http://localhost:3000"
	guessURL    = "https://api.example.test/resource"
)

// build applies the options, fills what is missing with marked guesses and
// makes the scenario.
func (d *draft) build(opt Options) (*Result, error) {
	if len(d.calls) == 0 {
		d.calls = append(d.calls, &call{})
	}
	last := d.calls[len(d.calls)-1]
	// Flags win over the paste.
	if opt.URL != "" {
		old := last.url
		last.url = opt.URL
		d.unguess("url")
		for i := range d.rules {
			if d.rules[i].URL == old {
				d.rules[i].URL = opt.URL
			}
		}
	}
	if opt.Method != "" {
		last.method = opt.Method
		d.unguess("method")
	}
	for _, h := range opt.Headers {
		setHeader(&last.headers, h[0], h[1])
	}
	if len(opt.Headers) > 0 {
		d.unguess("headers")
	}
	if opt.Credentials != "" {
		last.credentials = opt.Credentials
		d.unguess("credentials")
	}
	if opt.Mode != "" {
		last.mode = opt.Mode
	}
	if opt.Origin != "" {
		d.origin, d.originWhy = opt.Origin, ""
		d.unguess("origin")
	}
	for _, c := range d.calls {
		d.checkEnums(c)
		if c.relative && d.origin != "" {
			if base, err := fetchspec.ParseURL(d.origin); err == nil {
				if u, err := base.ParseURLRef(c.url); err == nil {
					c.url, c.relative = u.String(), false
				}
			}
		}
		if c.url == "" {
			c.url = guessURL
			d.guess("url", guessURL, "the paste does not say which URL was fetched")
		}
		if c.method == "" {
			c.method = "GET"
		}
		if u, err := fetchspec.ParseURL(c.url); err == nil && u.IsHTTPScheme() {
			c.url = u.String()
		}
	}
	if d.origin == "" {
		if o := allowedOrigin(last.response); o != "" {
			d.origin, d.originWhy = o, "the paste does not say which page called fetch(); this is the origin the response allows. If your page's origin is another one, enter it: that mismatch is then the error"
		}
	}
	if d.origin == "" {
		d.origin = guessOrigin
		if u, err := fetchspec.ParseURL(last.url); err == nil && u.Origin().Serialize() == guessOrigin {
			d.origin = "http://localhost:8080"
		}
		d.guess("origin", d.origin, "the paste does not say which page called fetch(); enter your page's origin")
	} else if d.originWhy != "" {
		d.guess("origin", d.origin, d.originWhy)
	}
	for _, c := range d.calls {
		if c.relative {
			if base, err := fetchspec.ParseURL(d.origin); err == nil {
				if u, err := base.ParseURLRef(c.url); err == nil {
					c.url = u.String()
				}
			}
		}
	}
	s := &scenario.Scenario{Name: d.name(), Browser: opt.Browser, Origin: d.origin, Server: []scenario.Rule{}}
	s.Server = append(s.Server, d.rules...)
	for _, c := range d.calls {
		r := scenario.Request{Method: c.method, URL: c.url, Headers: c.headers, Mode: c.mode, Credentials: c.credentials, Redirect: c.redirect, Body: c.body}
		if r.Method == "GET" {
			r.Method = ""
		}
		if r.Credentials == "same-origin" {
			r.Credentials = ""
		}
		if r.Mode == "cors" {
			r.Mode = ""
		}
		s.Requests = append(s.Requests, r)
		if c.preflight != "" {
			s.Server = append(s.Server, scenario.Rule{Method: "OPTIONS", URL: c.url, Response: c.preflight})
		}
		if c.response == "-" {
			continue // console: answered by d.rules
		}
		if c.response == "" {
			c.response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}"
			why := c.missingWhy
			if why == "" {
				why = "the paste has no response from the server"
			}
			d.guess("response", c.response, why+"; corsim assumes one without CORS headers. Paste the real response (or its headers) to check it")
		}
		s.Server = append(s.Server, scenario.Rule{Method: c.method, URL: c.url, Response: c.response})
		s.Server = append(s.Server, c.hops...)
	}
	for i := range s.Server {
		s.Server[i].Response = strings.ReplaceAll(s.Server[i].Response, "{origin}", d.origin)
	}
	s.Server = dedupeRules(s.Server)
	if err := s.Validate(); err != nil {
		return nil, d.scenarioError(err)
	}
	var out *scenario.Output
	if d.kind != KindConsole {
		out = d.guessPreflights(s)
	}
	return &Result{Kind: d.kind, Summary: d.summary, Scenario: s, Guesses: d.guesses, Problems: d.problems, out: out}, nil
}

// guessPreflights runs the scenario once: a preflight that no pasted
// answer covers would meet the scenario's bare 404, which would blame the
// wrong thing. It gets a marked guess instead: the CORS headers the pasted
// response carries (Allow-Origin, Allow-Credentials), and nothing else.
//
// It returns that run's output when nothing was added, so a caller that
// wants the verdict need not evaluate again.
func (d *draft) guessPreflights(s *scenario.Scenario) *scenario.Output {
	out, err := s.Eval("")
	if err != nil {
		return nil
	}
	added := false
	for _, res := range out.Results {
		for _, w := range res.Wire {
			if w.Kind != fetchspec.KindPreflight || w.Rule >= 0 {
				continue
			}
			resp := "HTTP/1.1 204 No Content\r\n"
			if main := ruleFor(s, w.URL); main != nil {
				if r, err := fetchspec.ParseRawResponse(main.Response); err == nil {
					for _, h := range r.Header {
						n := strings.ToLower(h.Name)
						if n == "access-control-allow-origin" || n == "access-control-allow-credentials" {
							resp += h.Name + ": " + h.Value + "\r\n"
						}
					}
				}
			}
			resp += "\r\n"
			s.Server = append([]scenario.Rule{{Method: "OPTIONS", URL: w.URL, Response: resp}}, s.Server...)
			d.guess("preflight", resp, "the paste shows no answer to the OPTIONS preflight this request needs; corsim assumes the server answers it with the response's Allow-Origin and Allow-Credentials only. Paste the OPTIONS exchange (curl -v -X OPTIONS ...) to check the real one")
			added = true
		}
	}
	if added {
		_ = s.Validate()
		return nil
	}
	return out
}

func ruleFor(s *scenario.Scenario, url string) *scenario.Rule {
	for i := range s.Server {
		if s.Server[i].URL == url && s.Server[i].Method != "OPTIONS" {
			return &s.Server[i]
		}
	}
	return nil
}

// dedupeRules keeps the first of identical method and URL pairs: the
// scenario answers with the first matching rule anyway.
func dedupeRules(rules []scenario.Rule) []scenario.Rule {
	seen := map[string]bool{}
	out := rules[:0]
	for _, r := range rules {
		k := r.Method + " " + r.URL
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}

func (d *draft) name() string {
	switch d.kind {
	case KindConsole:
		return "From the console"
	case KindCurlVerbose:
		return "From a curl transcript"
	case KindCurlCommand:
		return "From a curl command"
	case KindFetch:
		return "From a fetch() call"
	case KindPowerShell:
		return "From a PowerShell command"
	case KindHeaders:
		return "From response headers"
	}
	return "From a pasted response"
}

// scenarioError turns a validation error of the built scenario into one
// about the paste: the user typed a paste, not a scenario.
func (d *draft) scenarioError(err error) error {
	msg := err.Error()
	if e := (*scenario.Error)(nil); errors.As(err, &e) {
		msg = e.Msg
		switch {
		case e.Path == "origin":
			msg = "the page origin: " + e.Msg
		case strings.HasPrefix(e.Path, "requests"):
			msg = "the request: " + e.Msg
		case strings.HasPrefix(e.Path, "server"):
			msg = "the response: " + e.Msg
		}
	}
	return &Error{Line: 1, Col: 1, Msg: msg}
}

// setHeader replaces a header (case-insensitively) or appends it.
func setHeader(h *[][2]string, name, value string) {
	for i, kv := range *h {
		if strings.EqualFold(kv[0], name) {
			(*h)[i][1] = value
			return
		}
	}
	*h = append(*h, [2]string{name, value})
}

// pageHeaders filters a request's headers down to those script set: the
// browser's own (User-Agent, Sec-*, Host...), the CORS protocol's and
// cookies are not the page's to set. Origin and Referer are returned
// apart, to find the page's origin.
func pageHeaders(all [][2]string) (headers [][2]string, origin, referer string, cookies bool) {
	for _, h := range all {
		n := strings.ToLower(h[0])
		switch {
		case n == "origin":
			origin = h[1]
		case n == "referer":
			referer = h[1]
		case n == "cookie":
			cookies = true
		case n == "authorization":
			headers = append(headers, h)
		case n == "accept" && h[1] == "*/*":
			// curl's and fetch()'s default: not the page's choice.
		case browserOwnHeader(n):
		default:
			headers = append(headers, h)
		}
	}
	return
}

// browserOwnHeader: headers the browser (or curl) writes itself, or that
// fetch() may not set (#forbidden-request-header), plus the CORS request
// headers, which belong to the preflight.
func browserOwnHeader(n string) bool {
	if strings.HasPrefix(n, "sec-") || strings.HasPrefix(n, "proxy-") || strings.HasPrefix(n, ":") || strings.HasPrefix(n, "access-control-request-") {
		return true
	}
	switch n {
	case "host", "user-agent", "accept-encoding", "connection", "content-length", "keep-alive", "te", "trailer",
		"transfer-encoding", "upgrade", "via", "dnt", "date", "expect", "cookie2", "priority",
		"accept-charset", "pragma", "cache-control", "upgrade-insecure-requests", "referrer-policy":
		return true
	}
	return false
}

// originFromReferer gives the origin of a Referer value, or "".
func originFromReferer(ref string) string {
	u, err := fetchspec.ParseURL(ref)
	if err != nil || !u.IsHTTPScheme() {
		return ""
	}
	return u.Origin().Serialize()
}

// setOrigin records the page origin found in a request's headers.
func (d *draft) setOrigin(origin, referer string) {
	if d.origin != "" && d.originWhy == "" {
		return
	}
	if origin != "" {
		d.origin, d.originWhy = origin, ""
		return
	}
	if o := originFromReferer(referer); o != "" && d.origin == "" {
		d.origin, d.originWhy = o, "taken from the Referer header (the page's address); a cross-origin GET carries no Origin header"
	}
}

// allowedOrigin is the one origin a raw response's Allow-Origin names, or
// "" (absent, *, null, several, or not an origin).
func allowedOrigin(raw string) string {
	if raw == "" || raw == "-" {
		return ""
	}
	r, err := fetchspec.ParseRawResponse(raw)
	if err != nil || r.Header.Count("Access-Control-Allow-Origin") != 1 {
		return ""
	}
	v, _ := r.Header.Get("Access-Control-Allow-Origin")
	if o, err := fetchspec.ParseOrigin(v); err == nil && !o.Opaque {
		return v
	}
	return ""
}

// checkEnums drops a mode, credentials or redirect value fetch() would
// refuse (it throws a TypeError for a value outside its enum), with a
// problem that says so.
func (d *draft) checkEnums(c *call) {
	for _, f := range []struct {
		name string
		v    *string
		ok   []string
	}{
		{"mode", &c.mode, scenario.Modes},
		{"credentials", &c.credentials, scenario.CredentialsModes},
		{"redirect", &c.redirect, scenario.RedirectModes},
	} {
		if *f.v != "" && !slices.Contains(f.ok, *f.v) {
			d.problems = append(d.problems, Problem{Line: 1, Col: 1, Msg: strconv.Quote(*f.v) + " is not a " + f.name + " fetch() accepts (" + strings.Join(f.ok, ", ") + "); it would throw a TypeError. corsim uses the default instead"})
			*f.v = ""
		}
	}
}
