package fetchspec

import (
	"slices"
	"strings"
)

// preflightIfNeeded is the preflight test of HTTP fetch (#concept-http-fetch
// step 4.1 at 586cd2a): consult the cache (#concept-cache-match) and, on a
// miss, run a CORS-preflight fetch. It returns false when the fetch has
// failed.
func (r *run) preflightIfNeeded(req *request) bool {
	unsafe := unsafeNames(req.unsafeNames())
	r.step(StepPreflightNeeded, Info, preflightNeeded{method: req.Method, safeMethod: isCORSSafelistedMethod(req.Method), unsafe: unsafe})
	key := cacheKey{origin: req.serializedOrigin(), url: req.CurrentURL().String(), include: req.include()}
	look := r.e.cache.lookup(r.p, r.clock(), key, req.Method, unsafe)
	if look.hit {
		if r.res.Preflight != PreflightSent {
			r.res.Preflight = PreflightCached
		}
		r.step(StepCacheLookup, Pass, look)
		return true
	}
	r.step(StepCacheLookup, Info, look)
	return r.preflight(req, unsafe)
}

func unsafeNames(u []UnsafeName) []string {
	out := make([]string, len(u))
	for i, n := range u {
		out[i] = n.Name
	}
	return out
}

// preflight is CORS-preflight fetch (#cors-preflight-fetch-0 at 586cd2a):
// an OPTIONS request without credentials that names the method and the
// unsafe headers (steps 1-6; step 2's Accept: */* is among the headers the
// browser adds, WireRequest.Added), then the
// checks on its response (step 7 and 7.1-7.7) in the order the profile's
// engine runs them, then the cache update (steps 7.8-7.15).
func (r *run) preflight(req *request, names []string) bool {
	cur := req.CurrentURL()
	origin := req.presentedOrigin(r.p, KindPreflight)
	// Step 3: Access-Control-Request-Method. Steps 4-5.2:
	// Access-Control-Request-Headers, the unsafe names joined with ","
	// and no space, deliberately not "combine".
	headers := make([][2]string, 2, 3)
	headers[0], headers[1] = [2]string{"origin", origin}, [2]string{"access-control-request-method", req.Method}
	if acrh := r.requestHeadersValue(req, names); acrh != "" {
		headers = append(headers, [2]string{"access-control-request-headers", acrh})
	}
	url := cur.String()
	added := r.browserHeaders(req, KindPreflight, cur, false, -1)
	resp := r.onWire(WireRequest{Method: "OPTIONS", URL: url, Headers: headers, Added: added, Kind: KindPreflight}, r.e.server("OPTIONS", cur))
	r.res.Preflight = PreflightSent
	r.step(StepPreflightSend, Info, preflightSent{url: url, origin: origin, method: req.Method, names: names, status: resp.Status})

	pc := preflightChecks{r: r, req: req, resp: resp, origin: origin, names: names}
	for _, c := range r.p.preflightOrder {
		if !pc.run(c) {
			r.failedWire = r.lastWire
			r.fail(req, pc.reason, pc.value, resp.Status, true)
			return false
		}
	}
	r.storePreflight(req, resp, pc.methods.Values, pc.headers.Values)
	return true
}

// requestHeadersValue is the value of Access-Control-Request-Headers: the
// unsafe names, or with acrhKeepsDuplicates (Firefox) one name per header
// line, sorted, repeats kept.
func (r *run) requestHeadersValue(req *request, names []string) string {
	if !r.p.acrhKeepsDuplicates {
		return strings.Join(names, ",")
	}
	var acrh []string
	unsafeSet := foldSet(names)
	for _, h := range req.Header {
		if unsafeSet.has(h.Name) {
			acrh = append(acrh, asciiLower(h.Name))
		}
	}
	slices.Sort(acrh)
	return strings.Join(acrh, ",")
}

// preflightChecks runs the tests of CORS-preflight fetch step 7 on one
// response. Each test records its step; a failing one leaves its reason.
type preflightChecks struct {
	r                *run
	req              *request
	resp             *Response
	origin           string
	names            []string
	methods, headers ListResult
	parsed           bool
	reason           Reason
	value            string
}

// run runs one test and reports whether it passed.
func (pc *preflightChecks) run(c preflightCheck) bool {
	switch c {
	case pfRedirect:
		// Not in the standard: some engines refuse a redirected preflight
		// before any other test.
		if IsRedirectStatus(pc.resp.Status) {
			return pc.fail(StepPreflightStatus, PreflightDisallowedRedirect, "", preflightStatus{verdict: statusRedirectRefused, status: pc.resp.Status, browser: pc.r.p.display})
		}
	case pfOrigin:
		// Step 7 (the CORS check of the response). It runs with the actual
		// request, so its credentials mode counts even though the
		// preflight carries no cookies.
		chk := corsCheck(pc.r.p, pc.req, pc.resp, pc.origin)
		if !chk.ok() {
			return pc.fail(StepPreflightCheck, preflightVariant(chk.reason()), chk.failedValue(), chk)
		}
		pc.r.step(StepPreflightCheck, Pass, chk)
	case pfStatus:
		// Step 7: the response's status is an ok status.
		return pc.status()
	case pfParse:
		// Steps 7.1-7.3: extract both lists before judging either.
		return pc.parse(true, true, true)
	case pfMethods:
		return pc.parse(true, false, false) && pc.judgeMethod()
	case pfHeaders:
		return pc.parse(false, true, false) && pc.judgeHeaders()
	}
	return true
}

func (pc *preflightChecks) fail(id StepID, reason Reason, value string, f fact) bool {
	pc.r.step(id, Fail, f)
	pc.reason, pc.value = reason, value
	return false
}

func (pc *preflightChecks) status() bool {
	f := preflightStatus{status: pc.resp.Status}
	if IsOKStatus(pc.resp.Status) {
		pc.r.step(StepPreflightStatus, Pass, f)
		return true
	}
	reason := PreflightInvalidStatus
	f.verdict = statusNotOK
	if IsRedirectStatus(pc.resp.Status) {
		reason, f.verdict = PreflightDisallowedRedirect, statusRedirectNotOK
	}
	return pc.fail(StepPreflightStatus, reason, "", f)
}

// parse extracts Access-Control-Allow-Methods and -Headers (steps 7.1 and
// 7.2); a failure to parse either fails the preflight (step 7.3). advice:
// this is the step that parses both up front, whose words also say how
// to write the list. A list already parsed is not parsed again.
func (pc *preflightChecks) parse(methods, headers, advice bool) bool {
	if pc.parsed {
		return true
	}
	if methods {
		pc.methods = ExtractHeaderListValues(pc.resp.Header, "Access-Control-Allow-Methods")
		if pc.methods.State == ListFailure {
			return pc.fail(StepPreflightMethods, InvalidAllowMethodsPreflightResponse, pc.methods.Bad,
				listUnparsable{header: "Access-Control-Allow-Methods", bad: pc.methods.Bad, raw: pc.methods.Raw, advice: advice, methods: true})
		}
	}
	if headers {
		pc.headers = ExtractHeaderListValues(pc.resp.Header, "Access-Control-Allow-Headers")
		if pc.headers.State == ListFailure {
			return pc.fail(StepPreflightHeaders, InvalidAllowHeadersPreflightResponse, pc.headers.Bad,
				listUnparsable{header: "Access-Control-Allow-Headers", bad: pc.headers.Bad, raw: pc.headers.Raw, advice: advice})
		}
	}
	pc.parsed = methods && headers
	return true
}

// judgeMethod is step 7.5: the method must be listed byte for byte, be
// safelisted, or meet `*` without credentials.
func (pc *preflightChecks) judgeMethod() bool {
	m, include := pc.req.Method, pc.req.include()
	f := methodsJudged{method: m, list: pc.methods}
	star := slices.Contains(pc.methods.Values, "*")
	switch {
	case slices.Contains(pc.methods.Values, m):
		f.verdict = listNamed
	case isCORSSafelistedMethod(m):
		f.verdict = listSafelisted
	case !include && star:
		f.verdict = listWildcard
	default:
		f.verdict = listMissing
		switch {
		case containsFold(pc.methods.Values, m):
			f.verdict = listOtherCase
		case include && star:
			f.verdict = listLiteralStar
		}
		return pc.fail(StepPreflightMethods, MethodDisallowedByPreflightResponse, m, f)
	}
	pc.r.step(StepPreflightMethods, Pass, f)
	return true
}

// judgeHeaders is steps 7.6-7.7: every unsafe name must be listed
// (case-insensitively) or meet `*` without credentials, which never covers
// Authorization in the standard (#cors-non-wildcard-request-header-name).
func (pc *preflightChecks) judgeHeaders() bool {
	include := pc.req.include()
	f := headersJudged{names: pc.names, list: pc.headers, browser: pc.r.p.display}
	wildcard := !include && slices.Contains(pc.headers.Values, "*")
	allowed := foldSet(pc.headers.Values)
	for _, n := range pc.names {
		if allowed.has(n) || wildcard && (!isCORSNonWildcardRequestHeaderName(n) || pc.r.p.wildcardCoversAuthorization) {
			continue
		}
		f.name, f.verdict = n, listMissing
		switch {
		case wildcard:
			f.verdict = listWildcardNotAuthorization
		case include && slices.Contains(pc.headers.Values, "*"):
			f.verdict = listLiteralStar
		}
		return pc.fail(StepPreflightHeaders, HeaderDisallowedByPreflightResponse, n, f)
	}
	switch {
	case len(pc.names) == 0:
		f.verdict = listNothingToApprove
	case wildcard && slices.Contains(pc.names, "authorization") && !allowed.has("authorization"):
		f.verdict = listWildcardAuthorization
	case wildcard:
		f.verdict = listWildcard
	default:
		f.verdict = listNamed
	}
	pc.r.step(StepPreflightHeaders, Pass, f)
	return true
}

// storePreflight is steps 7.8-7.15: read Access-Control-Max-Age the
// profile's way and create or refresh cache entries
// (#concept-cache-create-entry).
func (r *run) storePreflight(req *request, resp *Response, methods, headerNames []string) {
	age := r.p.readMaxAge(resp.Header)
	_, present := resp.Header.Get("Access-Control-Max-Age")
	url := req.CurrentURL().String()
	if r.p.maxCacheURL > 0 && len(url) >= r.p.maxCacheURL {
		age = maxAge{why: ageURLTooLong, raw: age.raw, urlLen: len(url), browser: r.p.display}
	}
	f := cacheStored{age: age, present: present}
	if !age.cache {
		r.step(StepCacheStore, Skip, f)
		return
	}
	key := cacheKey{origin: req.serializedOrigin(), url: url, include: req.include()}
	f.stored = r.e.cache.store(r.p, r.clock(), key, methods, headerNames, age.seconds)
	r.step(StepCacheStore, Pass, f)
}

// preflightVariant maps a CORS-check reason to its Preflight* twin, used
// when the check runs on a preflight response.
func preflightVariant(r Reason) Reason {
	switch r {
	case WildcardOriginNotAllowed, MissingAllowOriginHeader, MultipleAllowOriginValues,
		InvalidAllowOriginValue, AllowOriginMismatch, InvalidAllowCredentials:
		return "Preflight" + r
	}
	return r
}
