package fetchspec

import (
	"sort"
	"strconv"
	"strings"
)

// FetchInput is one fetch() call as script makes it.
type FetchInput struct {
	Method      string
	URL         string
	Headers     [][2]string
	Mode        string // cors (default), no-cors, same-origin
	Credentials string // omit, same-origin (default), include
	Redirect    string // follow (default), error, manual
	Body        *string
}

// Request is the standard's request (#concept-request), reduced to the
// fields CORS depends on.
type Request struct {
	Method        string
	URLList       []*URL
	Header        HeaderList
	Body          *string
	Mode          string
	Credentials   string
	Redirect      string
	Origin        Origin
	Tainting      string // response tainting: basic, cors, opaque
	RedirectCount int
	// originString caches Origin.Serialize().
	originString string
	// unsafe caches the CORS-unsafe request-header names of Header; nil
	// means not computed since the last change.
	unsafe []UnsafeName
	// originalUnsafe records whether the request as fetch() made it was
	// preflight-eligible (for Profile.PreflightFromOriginal).
	originalUnsafe bool
	// authorNames are the lower-cased header names script passed; the wire
	// report lists only those (and the CORS headers), as scenario-format.md
	// says, leaving out what the browser adds on its own.
	authorNames []string
}

// unsafeNames are the CORS-unsafe request-header names of the current
// header list, computed once per change.
func (r *Request) unsafeNames() []UnsafeName {
	if r.unsafe == nil {
		r.unsafe = CORSUnsafeRequestHeaderNames(r.Header)
	}
	return r.unsafe
}

// CurrentURL is the last URL of the URL list (#concept-request-current-url).
func (r *Request) CurrentURL() *URL { return r.URLList[len(r.URLList)-1] }

// redirectTaint reports whether the redirect-taint is anything but
// "same-origin" (#concept-request-tainted-origin): some hop left a URL that
// was not the request's own origin for a different origin.
func (r *Request) redirectTainted() bool {
	for i := 1; i < len(r.URLList); i++ {
		last := r.URLList[i-1].Origin()
		if !SameOrigin(r.URLList[i].Origin(), last) && !SameOrigin(r.Origin, last) {
			return true
		}
	}
	return false
}

// serializedOrigin is #byte-serializing-a-request-origin: "null" once the
// request is redirect-tainted or when the page's origin is opaque.
func (r *Request) serializedOrigin() string {
	if len(r.URLList) > 1 && r.redirectTainted() {
		return "null"
	}
	if r.originString == "" {
		r.originString = r.Origin.Serialize()
	}
	return r.originString
}

// includesCredentials is #request-includes-credentials as decided in
// HTTP-network-or-cache fetch: include, or same-origin while tainting is basic.
func (r *Request) includesCredentials() bool {
	return r.Credentials == "include" || (r.Credentials == "same-origin" && r.Tainting == "basic")
}

// Answer is the server's reply to one request on the wire.
type Answer struct {
	Response *Response
	// Rule is the index of the server rule that answered, or -1 for the
	// default 404.
	Rule int
}

// Server answers requests on the wire.
type Server func(method string, url *URL) Answer

// WireRequest is a request as it went on the wire.
type WireRequest struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	Credentials bool        `json:"credentials"`
	Headers     [][2]string `json:"headers"`
	// Optional extensions for the sequence diagram.
	Kind     string        `json:"kind,omitempty"` // preflight or request
	Rule     int           `json:"rule"`
	Response *WireResponse `json:"response,omitempty"`
}

// WireResponse is the answer as the server sent it.
type WireResponse struct {
	Status     int         `json:"status"`
	StatusText string      `json:"statusText,omitempty"`
	Headers    [][2]string `json:"headers"`
}

// Result is what one fetch() call came to (scenario-format.md, "Result").
type Result struct {
	Outcome        string        `json:"outcome"`
	Type           string        `json:"type"`
	Status         int           `json:"status"`
	ExposedHeaders []string      `json:"exposedHeaders"`
	Preflight      string        `json:"preflight"`
	Error          Reason        `json:"error"`
	Message        string        `json:"message"`
	Wire           []WireRequest `json:"wire"`
	Steps          []Step        `json:"steps"`
	// Optional extensions.
	Hint        string       `json:"hint,omitempty"`
	Fix         *Fix         `json:"fix,omitempty"`
	CacheEvents []CacheEvent `json:"cacheEvents,omitempty"`
	// Notes: header lines HTTP/1.1 forbids, and what the browser made of
	// them (lenient.go).
	Notes []string `json:"notes,omitempty"`
	At    float64  `json:"at"`
}

// Engine evaluates fetch() calls from one page against one server. The
// preflight cache persists across calls, as in a browser tab.
type Engine struct {
	Profile *Profile
	Origin  Origin
	Server  Server
	Cache   *Cache
	calls   int
	base    *URL // the page's origin as a URL, to resolve relative input
}

// NewEngine makes an engine with an empty cache.
func NewEngine(p *Profile, origin Origin, srv Server) *Engine {
	return &Engine{Profile: p, Origin: origin, Server: srv, Cache: NewCache()}
}

// run holds the state of one fetch() call.
type run struct {
	e       *Engine
	p       *Profile
	now     float64
	res     *Result
	initial string
	hop     int
	// lastWire is the index of the wire request the current steps concern.
	lastWire int
	// failedWire is the wire request whose response caused the failure.
	failedWire int
}

// Fetch runs one fetch() call at time now (seconds since the scenario
// started) and returns its result with the full trace.
func (e *Engine) Fetch(in FetchInput, now float64) *Result {
	r := &run{e: e, p: e.Profile, now: now, lastWire: -1, failedWire: -1,
		res: &Result{Outcome: "ok", Preflight: "none", ExposedHeaders: []string{}, Wire: make([]WireRequest, 0, 2), Steps: make([]Step, 0, 16), At: now}}
	e.Cache.request = e.calls
	firstEvent := len(e.Cache.Events)
	e.calls++
	req := r.construct(in)
	if req != nil {
		r.mainFetch(req)
	}
	if len(e.Cache.Events) > firstEvent {
		r.res.CacheEvents = append([]CacheEvent(nil), e.Cache.Events[firstEvent:]...)
	}
	return r.res
}

// read applies the profile's reading of irregular header lines and keeps
// its notes for the result.
func (r *run) read(resp *Response) *Response {
	out, notes := r.p.readResponse(resp)
	r.res.Notes = append(r.res.Notes, notes...)
	return out
}

func (r *run) step(id StepID, st StepStatus, detail string, in ...Input) {
	r.res.Steps = append(r.res.Steps, Step{ID: id, Anchor: StepAnchorURL(id), Status: st, Title: StepTitle(id), Detail: detail, Inputs: in, Hop: r.hop, Wire: r.lastWire})
}

// typeError ends the call before anything is sent.
func (r *run) typeError(reason Reason, hint, detail string, in ...Input) *Request {
	r.step(StepConstruct, Fail, detail, in...)
	r.res.Outcome = "type-error"
	r.res.Type = "error"
	r.res.Error = reason
	r.res.Hint = hint
	if parts := strings.Split(hint, "\x00"); len(parts) > 1 {
		r.res.Hint = parts[1] // the header's name (or value); the rest is for messages
	}
	r.res.Message = r.p.message(msgContext{reason: reason, hint: hint, url: r.initial})
	r.res.Fix = clientFix(reason, hint)
	return nil
}

// construct is the fetch() front door: the Request constructor (#dom-request)
// and the Headers guards (#concept-headers-guard).
func (r *run) construct(in FetchInput) *Request {
	r.initial = in.URL
	var u *URL
	var err error
	if _, _, absolute := splitScheme(strings.TrimSpace(in.URL)); absolute || r.e.Origin.Opaque {
		u, err = ParseURL(in.URL)
	} else {
		if r.e.base == nil {
			r.e.base, _ = ParseURL(r.e.Origin.Serialize() + "/")
		}
		u, err = r.e.base.ParseURLRef(in.URL)
	}
	if err != nil {
		return r.typeError(InvalidURL, in.URL, "\""+in.URL+"\" is not a URL fetch() can parse.", Input{"url", in.URL})
	}
	r.initial = u.String()
	if u.HasCredentials() {
		return r.typeError(URLContainsCredentials, u.String(), "The URL has a username or password; fetch() refuses such URLs.", Input{"url", u.String()})
	}
	method := in.Method
	if method == "" {
		method = "GET"
	}
	if !IsToken(method) {
		return r.typeError(InvalidMethod, method, "\""+method+"\" is not a valid HTTP method: a method is a token.", Input{"method", method})
	}
	if IsForbiddenMethod(method) {
		return r.typeError(ForbiddenMethod, method, method+" is a forbidden method: script may never send CONNECT, TRACE or TRACK.", Input{"method", method})
	}
	norm := NormalizeMethod(method)
	mode := orDefault(in.Mode, "cors")
	if mode == "no-cors" && !IsCORSSafelistedMethod(norm) {
		return r.typeError(NoCorsMethodNotSafelisted, norm, "In no-cors mode only GET, HEAD and POST are allowed; "+norm+" is not.", Input{"method", norm}, Input{"mode", mode})
	}
	req := &Request{Method: norm, URLList: []*URL{u}, Mode: mode, Credentials: orDefault(in.Credentials, "same-origin"),
		Redirect: orDefault(in.Redirect, "follow"), Origin: r.e.Origin, Tainting: "basic", Body: in.Body}
	var dropped []string
	implied := false
	req.authorNames = make([]string, 0, len(in.Headers))
	for _, h := range in.Headers {
		name, value := h[0], h[1]
		req.authorNames = append(req.authorNames, asciiLower(name))
		if !IsToken(name) {
			return r.typeError(InvalidHeader, "name\x00"+name, "\""+name+"\" is not a valid header name: a header name is a token (no spaces, colons or quotes).", Input{"header", name})
		}
		v, ok := IsomorphicEncode(value)
		if !ok {
			at, code := firstNonLatin1(value)
			return r.typeError(InvalidHeader, "latin1\x00"+name+"\x00"+strconv.Itoa(at)+"\x00"+strconv.Itoa(code), "The value of "+name+" has a character above U+00FF; header values are byte strings.", Input{name, value})
		}
		v = normalizeHeaderValue(v)
		if !isValidHeaderValue(v) {
			return r.typeError(InvalidHeader, "value\x00"+name+"\x00"+value, "The value of "+name+" holds a NUL, CR or LF byte, which no header value may hold.", Input{name, value})
		}
		if mode == "no-cors" {
			// Guard "request-no-cors": the combined value must stay
			// no-CORS-safelisted or the append is skipped.
			combined := v
			if prev, ok := req.Header.Get(name); ok {
				combined = prev + ", " + v
			}
			if !IsNoCORSSafelistedRequestHeader(name, combined) {
				dropped = append(dropped, name+" (not allowed in no-cors mode)")
				continue
			}
		} else if IsForbiddenRequestHeader(name, v) {
			dropped = append(dropped, name+" (a forbidden request header)")
			continue
		}
		req.Header.Append(name, v)
	}
	if req.Body != nil && (norm == "GET" || norm == "HEAD") {
		return r.typeError(BodyWithGetOrHead, norm, "A "+norm+" request cannot have a body.", Input{"method", norm})
	}
	// A string body brings its own Content-Type when none is set (#dom-request,
	// "extract a body"); text/plain;charset=UTF-8 is safelisted.
	if req.Body != nil && !req.Header.Contains("Content-Type") {
		req.Header.Append("Content-Type", "text/plain;charset=UTF-8")
		implied = true
	}
	in2 := []Input{{"method", norm}, {"url", u.String()}, {"mode", mode}, {"credentials", req.Credentials}, {"redirect", req.Redirect}}
	detail := "fetch() accepts the call: method " + norm
	if norm != method {
		detail += " (normalized from " + method + ")"
	}
	detail += ", mode " + mode + ", credentials " + req.Credentials + "."
	if len(dropped) > 0 {
		detail += " Silently dropped: " + strings.Join(dropped, ", ") + "; these never reach the wire."
		in2 = append(in2, Input{"dropped", strings.Join(dropped, ", ")})
	}
	if implied {
		detail += " The string body adds Content-Type: text/plain;charset=UTF-8, which is safelisted."
	}
	r.step(StepConstruct, Pass, detail, in2...)
	req.originalUnsafe = !IsCORSSafelistedMethod(req.Method) || len(req.unsafeNames()) > 0
	r.classify(req)
	return req
}

// firstNonLatin1 finds the first code point above U+00FF, as a UTF-16
// index (what JavaScript reports) and its value.
func firstNonLatin1(s string) (index, code int) {
	i := 0
	for _, r := range s {
		if r > 0xff {
			return i, int(r)
		}
		i++
		if r > 0xffff {
			i++
		}
	}
	return -1, 0
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// classify reports whether the request is "simple": a safelisted method and
// no CORS-unsafe request-header names.
func (r *run) classify(req *Request) {
	unsafe := req.unsafeNames()
	in := []Input{{"method", req.Method}}
	var parts []string
	if IsCORSSafelistedMethod(req.Method) {
		parts = append(parts, req.Method+" is a CORS-safelisted method")
	} else {
		parts = append(parts, req.Method+" is not a CORS-safelisted method (only GET, HEAD and POST are)")
	}
	for _, u := range unsafe {
		parts = append(parts, u.Name+" is CORS-unsafe: "+u.Why)
		in = append(in, Input{u.Name, "unsafe"})
	}
	if len(unsafe) == 0 {
		parts = append(parts, "every header is CORS-safelisted")
	}
	st := Pass
	verdict := "A simple request: it never needs a preflight."
	if !IsCORSSafelistedMethod(req.Method) || len(unsafe) > 0 {
		st = Info
		verdict = "Not a simple request: cross-origin, it needs a preflight."
	}
	r.step(StepClassify, st, capitalize(strings.Join(parts, "; "))+". "+verdict, in...)
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-32) + s[1:]
}

// mainFetch is main fetch (#concept-main-fetch) with HTTP fetch
// (#concept-http-fetch) and HTTP-redirect fetch (#concept-http-redirect-fetch)
// unrolled into a loop: each iteration is one recursive main fetch.
func (r *run) mainFetch(req *Request) {
	preflightRoute := false
	for {
		cur := req.CurrentURL()
		r.hop = req.RedirectCount
		curOrigin := cur.Origin()
		curOriginS, reqOriginS := curOrigin.Serialize(), req.serializedOrigin()
		in := []Input{{"request origin", reqOriginS}, {"URL origin", curOriginS}, {"mode", req.Mode}, {"response tainting", req.Tainting}}
		var unsafe []UnsafeName
		eligible := false
		switch {
		case SameOrigin(req.Origin, curOrigin) && req.Tainting == "basic":
			// Main fetch, first case: same origin and still basic.
			r.step(StepRoute, Info, "Same origin ("+curOriginS+"): no CORS involved; the response is readable as is.", in...)
		case req.Mode == "same-origin":
			r.step(StepRoute, Fail, "The URL's origin "+curOrigin.Serialize()+" differs from "+req.Origin.Serialize()+", and mode same-origin forbids cross-origin requests.", in...)
			r.fail(req, DisallowedByMode, "", 0, preflightRoute)
			return
		case req.Mode == "no-cors":
			if req.Redirect != "follow" {
				r.step(StepRoute, Fail, "A cross-origin no-cors request must use redirect: follow; it uses "+req.Redirect+".", in...)
				r.fail(req, NoCorsRedirectModeNotFollow, "", 0, preflightRoute)
				return
			}
			req.Tainting = "opaque"
			r.step(StepRoute, Info, "Cross-origin in no-cors mode: sent without CORS, and the response will be opaque (script sees nothing).", in...)
		case !cur.IsHTTPScheme():
			r.step(StepRoute, Fail, "The scheme "+cur.Scheme()+": does not support CORS; only http and https do.", in...)
			r.fail(req, CorsDisabledScheme, cur.Scheme(), 0, preflightRoute)
			return
		default:
			req.Tainting = "cors"
			unsafe = req.unsafeNames()
			eligible = !IsCORSSafelistedMethod(req.Method) || len(unsafe) > 0
			if r.p.PreflightFromOriginal && req.originalUnsafe && !eligible {
				eligible = true
				r.step(StepClassify, Info, "After the redirect this hop is simple, but "+r.p.Display+" decides from the request as fetch() made it, which was not simple, so it still preflights.")
			}
			how := "a simple CORS request"
			if eligible {
				how = "a CORS request that may need a preflight"
				preflightRoute = true
			}
			r.step(StepRoute, Info, "Cross-origin ("+curOriginS+" is not "+reqOriginS+"): "+how+"; the response must pass the CORS check.", in...)
		}

		// HTTP fetch, step on makeCORSPreflight.
		if eligible {
			if !r.preflightIfNeeded(req, unsafe) {
				return
			}
		} else if req.Tainting == "cors" {
			r.step(StepPreflightNeeded, Skip, "Safelisted method and headers: no preflight.", Input{"method", req.Method})
		}

		resp := r.send(req)
		if req.Tainting == "cors" {
			c := corsCheck(r.p, req, resp)
			if !c.ok {
				r.step(StepCORSCheck, Fail, c.detail, c.inputs...)
				r.failedWire = r.lastWire
				r.fail(req, c.reason, c.hint, resp.Status, preflightRoute)
				return
			}
			r.step(StepCORSCheck, Pass, c.detail, c.inputs...)
		}
		if IsRedirectStatus(resp.Status) {
			switch req.Redirect {
			case "error":
				r.step(StepRedirect, Fail, "The response is a "+strconv.Itoa(resp.Status)+" redirect and the request's redirect mode is error.", Input{"status", strconv.Itoa(resp.Status)})
				r.failedWire = r.lastWire
				r.fail(req, RedirectModeError, "", resp.Status, preflightRoute)
				return
			case "manual":
				r.step(StepRedirect, Info, "Redirect mode manual: the "+strconv.Itoa(resp.Status)+" is handed to script as an opaque-redirect response (status 0, no headers).", Input{"status", strconv.Itoa(resp.Status)})
				r.res.Type = "opaqueredirect"
				r.res.Status = 0
				r.step(StepFilter, Pass, "An opaque-redirect filtered response: script sees type \"opaqueredirect\", status 0 and no headers.")
				return
			}
			if loc, ok, conflict := r.locationOf(resp); ok {
				if !r.redirect(req, resp, loc, conflict, preflightRoute) {
					return
				}
				continue
			}
			r.step(StepRedirect, Info, "A "+strconv.Itoa(resp.Status)+" without a Location header is not followed; it is the final response.")
		}
		r.filter(req, resp)
		return
	}
}

// locationOf reads the Location header. conflict is true when several
// different Location values are present, which no redirect can follow.
func (r *run) locationOf(resp *Response) (loc string, ok, conflict bool) {
	for _, h := range resp.Header {
		if !equalFold(h.Name, "Location") {
			continue
		}
		if !ok {
			loc, ok = h.Value, true
		} else if h.Value != loc {
			conflict = true
		}
	}
	return loc, ok, conflict
}

// send is HTTP-network-or-cache fetch for the actual request: it decides
// credentials and the Origin header (#append-a-request-origin-header) and
// puts the request on the wire.
func (r *run) send(req *Request) *Response {
	cur := req.CurrentURL()
	headers := make([][2]string, 0, len(req.Header)+1)
	origin := ""
	if req.Tainting == "cors" {
		origin = req.serializedOrigin()
	} else if req.Method != "GET" && req.Method != "HEAD" {
		origin = req.serializedOrigin()
		// Mode is not cors here: the default referrer policy,
		// strict-origin-when-cross-origin, sends null on a downgrade.
		if req.Mode != "cors" && req.Origin.Scheme == "https" && cur.Scheme() != "https" {
			origin = "null"
		}
	}
	if origin != "" {
		headers = append(headers, [2]string{"origin", origin})
	}
	authors := foldSet(req.authorNames)
	for _, h := range sortAndCombine(req.Header) {
		if authors.has(h[0]) {
			headers = append(headers, h)
		}
	}
	creds := req.includesCredentials()
	ans := r.e.Server(req.Method, cur)
	ans.Response = r.read(ans.Response)
	w := WireRequest{Method: req.Method, URL: cur.String(), Credentials: creds, Headers: headers, Kind: "request", Rule: ans.Rule, Response: wireResponse(ans.Response)}
	r.res.Wire = append(r.res.Wire, w)
	r.lastWire = len(r.res.Wire) - 1
	in := []Input{{"method", req.Method}, {"url", cur.String()}, {"credentials sent", strconv.FormatBool(creds)}}
	if origin != "" {
		in = append(in, Input{"Origin", origin})
	}
	d := req.Method + " " + cur.String()
	switch {
	case origin == "":
		d += " goes out without an Origin header"
	case origin == "null" && req.Tainting == "cors":
		d += " goes out with Origin: null, because a redirect passed through another origin"
	default:
		d += " goes out with Origin: " + origin
	}
	if creds {
		d += ", with cookies."
	} else {
		d += ", without cookies."
	}
	d += " The server answers " + strconv.Itoa(ans.Response.Status) + "."
	r.step(StepSend, Info, d, in...)
	return ans.Response
}

func wireResponse(resp *Response) *WireResponse {
	w := &WireResponse{Status: resp.Status, StatusText: resp.StatusText, Headers: make([][2]string, len(resp.Header))}
	for i, h := range resp.Header {
		w.Headers[i] = [2]string{h.Name, h.Value}
	}
	return w
}

// sortAndCombine lower-cases names, sorts them and joins repeated values
// with ", " (#concept-header-list-sort-and-combine): the author's headers
// as the browser serializes them.
func sortAndCombine(l HeaderList) [][2]string {
	names := make([]string, 0, len(l))
	for _, h := range l {
		names = append(names, h.Name)
	}
	names = SortedLowercaseNames(names)
	if len(l) <= 32 {
		out := make([][2]string, 0, len(names))
		for _, n := range names {
			v, _ := l.Get(n)
			out = append(out, [2]string{n, IsomorphicDecode(v)})
		}
		return out
	}
	// Combine in one pass: values of one name joined with ", " in order.
	combined := make(map[string]*strings.Builder, len(names))
	for _, h := range l {
		n := asciiLower(h.Name)
		b := combined[n]
		if b == nil {
			b = &strings.Builder{}
			combined[n] = b
		} else {
			b.WriteString(", ")
		}
		b.WriteString(h.Value)
	}
	out := make([][2]string, 0, len(names))
	for _, n := range names {
		out = append(out, [2]string{n, IsomorphicDecode(combined[n].String())})
	}
	return out
}

// fail turns the call into a network error (#concept-network-error).
//
// preflightRoute says whether main fetch took the preflight branch for this
// request at some hop; only then does it clear cache entries
// (#concept-main-fetch, the step after HTTP fetch with makeCORSPreflight).
func (r *run) fail(req *Request, reason Reason, hint string, status int, preflightRoute bool) {
	r.res.Outcome = "network-error"
	r.res.Type = "error"
	r.res.Status = 0
	r.res.ExposedHeaders = []string{}
	r.res.Error = reason
	r.res.Hint = hint
	r.res.Message = r.p.message(msgContext{reason: reason, hint: hint, url: req.CurrentURL().String(), initial: r.initial,
		origin: req.Origin.Serialize(), status: status, method: req.Method})
	r.res.Fix = r.computeFix(req, reason, hint)
	if preflightRoute && r.p.ClearOnError {
		r.clearCache(req)
	}
	r.step(StepFilter, Fail, "The fetch() promise rejects with a TypeError; script learns nothing about why. Only the console says: "+string(reason)+".")
}

func (r *run) clearCache(req *Request) {
	gone := r.e.Cache.clear(req, r.now)
	if len(gone) > 0 {
		r.step(StepCacheClear, Info, "The fetch failed after taking the preflight path, so "+strconv.Itoa(len(gone))+" cache entr"+plural(len(gone), "y", "ies")+" for "+req.CurrentURL().String()+plural(len(gone), " is", " are")+" removed.")
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// filter wraps the response for script (#concept-filtered-response) and
// computes the CORS-exposed header-name list
// (#concept-response-cors-exposed-header-name-list).
func (r *run) filter(req *Request, resp *Response) {
	r.res.Type = req.Tainting
	switch req.Tainting {
	case "basic":
		r.res.Status = resp.Status
		r.res.ExposedHeaders = responseNames(resp.Header, func(n string) bool { return !IsForbiddenResponseHeaderName(n) })
		r.step(StepFilter, Pass, "A basic filtered response: script reads the status and every header except Set-Cookie.", Input{"type", "basic"}, Input{"readable headers", strings.Join(r.res.ExposedHeaders, ", ")})
	case "opaque":
		r.res.Status = 0
		r.step(StepFilter, Pass, "An opaque filtered response: the promise resolves, but script sees status 0, no headers and no body.", Input{"type", "opaque"})
	case "cors":
		r.res.Status = resp.Status
		aceh := ExtractHeaderListValues(resp.Header, "Access-Control-Expose-Headers")
		exposed := aceh.Values
		include := req.Credentials == "include"
		all := !include && containsExact(exposed, "*")
		exposedSet := foldSet(exposed)
		r.res.ExposedHeaders = responseNames(resp.Header, func(n string) bool {
			if all {
				return !IsForbiddenResponseHeaderName(n)
			}
			return isSafelistedResponseName(n, exposedSet)
		})
		d := "A CORS filtered response: script reads the status, the body and only the safelisted response headers"
		switch {
		case all:
			d += " plus every header, since Access-Control-Expose-Headers is * and no credentials are included"
		case aceh.Failed:
			d += "; Access-Control-Expose-Headers does not parse (\"" + aceh.Bad + "\" is not a header name), so it exposes nothing"
		case len(exposed) > 0:
			d += " plus those named in Access-Control-Expose-Headers"
			if include && containsExact(exposed, "*") {
				d += " (with credentials, * there is just a name, not a wildcard)"
			}
		}
		r.step(StepFilter, Pass, d+".", Input{"type", "cors"}, Input{"Access-Control-Expose-Headers", showValue(aceh.Raw, aceh.Present)}, Input{"readable headers", strings.Join(r.res.ExposedHeaders, ", ")})
	}
}

func lenientList(raw string) []string {
	var out []string
	for _, it := range strings.Split(raw, ",") {
		if it = trimHTTPTabOrSpace(it); IsToken(it) {
			out = append(out, it)
		}
	}
	return out
}

// responseNames lists the lower-cased, sorted, unique names that keep passes.
func responseNames(l HeaderList, keep func(string) bool) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, h := range l {
		n := asciiLower(h.Name)
		if !seen[n] && keep(n) {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
