package fetchspec

import "strings"

// request is the standard's request (#concept-request), reduced to the
// fields CORS depends on.
type request struct {
	Method        string
	URLList       []*URL
	Header        HeaderList
	Body          *string
	Mode          Mode
	Credentials   CredentialsMode
	Redirect      RedirectMode
	Origin        Origin
	tainting      tainting
	RedirectCount int
	// originSent: an earlier hop carried an Origin header
	// (Profile.originSticky).
	originSent bool
	// originString caches Origin.Serialize().
	originString string
	// unsafe caches the CORS-unsafe request-header names of Header; nil
	// means not computed since the last change.
	unsafe []UnsafeName
	// profile decides the safelist's details (Range digits, the
	// 1024-byte total, combined values).
	profile *Profile
	// originalUnsafe records whether the request as fetch() made it was
	// preflight-eligible (for Profile.preflightFromOriginal).
	originalUnsafe bool
	// authorNames are the header names script passed; the wire
	// report lists only those (and the CORS headers), as scenario-format.md
	// says, leaving out what the browser adds on its own.
	authorNames []string
}

// unsafeNames are the CORS-unsafe request-header names of the current
// header list, computed once per change.
func (r *request) unsafeNames() []UnsafeName {
	if r.unsafe == nil {
		l := r.Header
		if r.profile.safelistCombined {
			l = combined(l)
		}
		if r.profile.rangeCaseInsensitive {
			l = foldRangeUnit(l)
		}
		r.unsafe = corsUnsafeNames(l, r.profile.rangeAnyLength, r.profile.noSafelistTotal)
	}
	return r.unsafe
}

// CurrentURL is the last URL of the URL list (#concept-request-current-url).
func (r *request) CurrentURL() *URL { return r.URLList[len(r.URLList)-1] }

// redirectTainted reports whether the redirect-taint is anything but
// "same-origin" (#concept-request-tainted-origin): some hop left a URL that
// was not the request's own origin for a different origin.
func (r *request) redirectTainted() bool {
	for i := 1; i < len(r.URLList); i++ {
		last := r.URLList[i-1].Origin()
		if !sameOrigin(r.URLList[i].Origin(), last) && !sameOrigin(r.Origin, last) {
			return true
		}
	}
	return false
}

// pageOrigin is the request's origin serialized, taint aside.
func (r *request) pageOrigin() string {
	if r.originString == "" {
		r.originString = r.Origin.Serialize()
	}
	return r.originString
}

// serializedOrigin is #byte-serializing-a-request-origin: "null" once the
// request is redirect-tainted or when the page's origin is opaque.
func (r *request) serializedOrigin() string {
	if len(r.URLList) > 1 && r.redirectTainted() {
		return "null"
	}
	return r.pageOrigin()
}

// includesCredentials is #request-includes-credentials as decided in
// HTTP-network-or-cache fetch: include, or same-origin while tainting is basic.
func (r *request) includesCredentials() bool {
	return r.Credentials == CredentialsInclude || (r.Credentials == CredentialsSameOrigin && r.tainting == taintBasic)
}

// include: the credentials mode is "include", which is what the CORS
// check, the preflight's list tests and the cache look at.
func (r *request) include() bool { return r.Credentials == CredentialsInclude }

// presentedOrigin is the one place that decides which origin a request
// shows the server on the wire kind: the preflight's Origin, the actual
// request's Origin header ("" when it sends none), and so the origin the
// CORS check compares and a fix names.
//
//   - #byte-serializing-a-request-origin: "null" once a redirect tainted
//     the request. A profile with preflightIgnoresTaint (Firefox) keeps the
//     page's origin on the preflight.
//   - #append-a-request-origin-header: a CORS request always sends it; a
//     GET or HEAD outside CORS never does; other methods do, with "null"
//     on an https-to-http downgrade under the default referrer policy,
//     strict-origin-when-cross-origin.
func (r *request) presentedOrigin(p *Profile, kind WireKind) string {
	if kind == KindPreflight {
		if p.preflightIgnoresTaint {
			return r.pageOrigin()
		}
		return r.serializedOrigin()
	}
	switch {
	case r.tainting == taintCORS:
		return r.serializedOrigin()
	case p.originSticky && r.originSent:
		return r.serializedOrigin()
	case r.Method == "GET" || r.Method == "HEAD":
		return ""
	case r.Mode != ModeCORS && r.Origin.Scheme == "https" && r.CurrentURL().Scheme() != "https":
		return "null"
	}
	return r.serializedOrigin()
}

// construct is the fetch() front door: the Request constructor (#dom-request
// at 586cd2a) and the Headers guards (#concept-headers-guard). It returns
// nil when fetch() throws.
func (r *run) construct(in FetchInput) *request {
	u, method, rej := r.parseInput(in)
	if rej != nil {
		return r.typeError(*rej)
	}
	norm := normalizeMethod(method)
	mode := orDefault(in.Mode, ModeCORS)
	// Step 32.1: no-cors allows only CORS-safelisted methods.
	if mode == ModeNoCORS && !isCORSSafelistedMethod(norm) {
		return r.typeError(rejected{reason: NoCorsMethodNotSafelisted, value: norm, mode: mode})
	}
	req := &request{Method: norm, URLList: []*URL{u}, Mode: mode, Credentials: orDefault(in.Credentials, CredentialsSameOrigin),
		Redirect: orDefault(in.Redirect, RedirectFollow), Origin: r.e.origin, tainting: taintBasic, Body: in.Body,
		originString: r.e.serial, profile: r.p}
	fact := accepted{method: norm, given: method, url: r.initial, mode: mode, credentials: req.Credentials, redirect: req.Redirect}
	if rej := fillHeaders(req, in.Headers, &fact); rej != nil {
		return r.typeError(*rej)
	}
	// fetch step 12 (#concept-fetch): the default Accept, for the
	// profiles that model it.
	if r.p.defaultAccept && !req.Header.Contains("Accept") {
		req.Header.Append("Accept", "*/*")
	}
	// Step 35: a GET or HEAD with a body throws.
	if req.Body != nil && (norm == "GET" || norm == "HEAD") {
		return r.typeError(rejected{reason: BodyWithGetOrHead, value: norm})
	}
	// Step 37.4: a string body brings its own Content-Type when none is set
	// ("extract a body"); text/plain;charset=UTF-8 is safelisted.
	if req.Body != nil && !req.Header.Contains("Content-Type") {
		req.Header.Append("Content-Type", "text/plain;charset=UTF-8")
		fact.impliedType = true
	}
	r.step(StepConstruct, Pass, fact)
	req.originalUnsafe = !isCORSSafelistedMethod(req.Method) || len(req.unsafeNames()) > 0
	r.classify(req)
	return req
}

// parseInput checks the URL and the method as the Request constructor
// does; rej is what it throws.
func (r *run) parseInput(in FetchInput) (u *URL, method string, rej *rejected) {
	r.initial = in.URL
	// Steps 5.1-5.2: parse input relative to the page; failure throws.
	var err error
	if _, _, absolute := splitScheme(strings.TrimSpace(in.URL)); absolute || r.e.origin.Opaque {
		u, err = ParseURL(in.URL)
	} else {
		if r.e.base == nil {
			r.e.base, _ = ParseURL(r.e.serial + "/")
		}
		u, err = r.e.base.ParseURLRef(in.URL)
	}
	if err != nil {
		return nil, "", &rejected{reason: InvalidURL, value: in.URL}
	}
	r.initial = u.String()
	// Step 5.3: a URL with credentials throws.
	if u.HasCredentials() {
		return nil, "", &rejected{reason: URLContainsCredentials, value: r.initial}
	}
	// Steps 25.2-25.3 (init["method"]): a method token, not forbidden,
	// then normalized by the caller.
	method = orDefault(in.Method, "GET")
	if !IsToken(method) {
		return nil, "", &rejected{reason: InvalidMethod, value: method}
	}
	if isForbiddenMethod(method) {
		return nil, "", &rejected{reason: ForbiddenMethod, value: method}
	}
	return u, method, nil
}

// fillHeaders is steps 32.2 and 33.5: the headers go in through the
// guard; a bad one throws, a forbidden one is dropped in silence and
// noted in the fact.
func fillHeaders(req *request, headers [][2]string, fact *accepted) *rejected {
	req.authorNames = make([]string, 0, len(headers))
	req.Header = make(HeaderList, 0, len(headers)+1) // +1: a body's Content-Type
	for _, h := range headers {
		name, value := h[0], h[1]
		req.authorNames = append(req.authorNames, name)
		v, bad := validHeader(name, value)
		if bad != nil {
			return &rejected{reason: InvalidHeader, header: *bad}
		}
		if req.Mode == ModeNoCORS {
			// Guard "request-no-cors": the combined value must stay
			// no-CORS-safelisted or the append is skipped.
			combined := v
			if prev, ok := req.Header.Get(name); ok {
				combined = prev + ", " + v
			}
			if !isNoCORSSafelistedRequestHeader(name, combined, req.profile.rangeAnyLength) {
				fact.dropped = append(fact.dropped, dropped{name: name, noCORS: true})
				continue
			}
		} else if IsForbiddenRequestHeader(name, v) {
			fact.dropped = append(fact.dropped, dropped{name: name})
			continue
		}
		req.Header.Append(name, v)
	}
	return nil
}

// validHeader runs #concept-headers-append's validity checks on one
// header: the name is a token, the value is Latin-1 (the ByteString
// conversion) and, once normalized, holds no NUL, CR or LF.
func validHeader(name, value string) (string, *BadHeader) {
	if !IsToken(name) {
		return "", &BadHeader{Kind: BadHeaderName, Name: name}
	}
	v, ok := isomorphicEncode(value)
	if !ok {
		at, code := firstNonLatin1(value)
		return "", &BadHeader{Kind: BadHeaderLatin, Name: name, Value: value, Index: at, Code: code}
	}
	v = normalizeHeaderValue(v)
	if !isValidHeaderValue(v) {
		return "", &BadHeader{Kind: BadHeaderValue, Name: name, Value: value}
	}
	return v, nil
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

func orDefault[T ~string](s, d T) T {
	if s == "" {
		return d
	}
	return s
}

// classify reports whether the request is "simple": a safelisted method and
// no CORS-unsafe request-header names.
func (r *run) classify(req *request) {
	unsafe := req.unsafeNames()
	st := Pass
	if !isCORSSafelistedMethod(req.Method) || len(unsafe) > 0 {
		st = Info
	}
	r.step(StepClassify, st, classified{method: req.Method, unsafe: unsafe})
}

// foldRangeUnit writes a Range value's unit in lower case, for a profile
// that reads "BYTES=" as "bytes=" (rangeCaseInsensitive); the list is
// copied only when there is something to change.
func foldRangeUnit(l HeaderList) HeaderList {
	for i, h := range l {
		if equalFold(h.Name, "range") && len(h.Value) > 6 && h.Value[:6] != "bytes=" && equalFold(h.Value[:6], "bytes=") {
			c := append(HeaderList(nil), l...)
			c[i].Value = "bytes=" + h.Value[6:]
			return foldRangeUnit(c)
		}
	}
	return l
}
