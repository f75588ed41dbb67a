package fetchspec

import (
	"slices"
	"strconv"
	"strings"
)

// mainFetch is main fetch (#concept-main-fetch) with HTTP fetch
// (#concept-http-fetch) and HTTP-redirect fetch (#concept-http-redirect-fetch)
// unrolled into a loop: each iteration is one recursive main fetch, for
// the current URL after the redirects so far.
func (r *run) mainFetch(req *request) {
	preflightRoute := false
	for {
		r.hop = req.RedirectCount
		// Main fetch step 7: mixed content is blocked before any branch
		// (mixed.go); the bad port, the other check of that step, is
		// judged with the route.
		if !r.mixedContent(req) {
			return
		}
		eligible, ok := r.route(req)
		if !ok {
			r.fail(req, r.routeFailure(req), routeValue(req), 0, preflightRoute)
			return
		}
		preflightRoute = preflightRoute || eligible

		// HTTP fetch step 4.1 (#concept-http-fetch at 586cd2a): a CORS
		// request that is preflight-eligible goes through the cache and,
		// on a miss, a CORS-preflight fetch.
		if eligible {
			if !r.preflightIfNeeded(req) {
				return
			}
		} else if req.tainting == taintCORS {
			r.step(StepPreflightNeeded, Skip, noPreflight{method: req.Method})
		}

		resp := r.fetchResponse(req)
		if resp == nil || !r.checkResponse(req, resp, preflightRoute) {
			return
		}
		// HTTP fetch step 6.3: a redirect status goes by the redirect mode.
		if IsRedirectStatus(resp.Status) {
			follow, done := r.redirectStatus(req, resp, preflightRoute)
			if follow {
				continue
			}
			if done {
				return
			}
		}
		r.filter(req, resp)
		return
	}
}

// fetchResponse gets the hop's response: from scheme fetch for a non-HTTP(S)
// URL (only ever the first hop: a redirect never leads to one), else from
// the network. nil means the fetch has failed.
func (r *run) fetchResponse(req *request) *Response {
	if req.CurrentURL().IsHTTPScheme() {
		return r.send(req)
	}
	resp, reason := r.schemeFetch(req)
	if resp == nil {
		r.fail(req, reason, req.CurrentURL().Scheme(), 0, false)
	}
	return resp
}

// checkResponse runs HTTP fetch's checks on a response from the network:
// the CORS check on a cors-tainted one (step 4.4, redirects included) and
// the cross-origin resource policy check on an opaque one (step 5,
// corp.go). It returns false when the fetch has failed.
func (r *run) checkResponse(req *request, resp *Response, preflightRoute bool) bool {
	switch {
	case req.tainting == taintCORS:
		c := corsCheck(r.p, req, resp, req.presentedOrigin(r.p, KindRequest))
		if !c.ok() {
			r.step(StepCORSCheck, Fail, c)
			r.failedWire = r.lastWire
			if IsRedirectStatus(resp.Status) && req.Redirect == RedirectFollow {
				if loc, ok, _ := locationOf(r.p, resp); ok {
					if next, err := req.CurrentURL().ParseURLRef(loc); err == nil {
						r.failLocation = next.withoutCredentials().String()
					}
				}
			}
			r.fail(req, c.reason(), c.failedValue(), resp.Status, preflightRoute)
			return false
		}
		r.step(StepCORSCheck, Pass, c)
	case req.tainting == taintOpaque && req.CurrentURL().IsHTTPScheme():
		c, ok := corpCheck(req, req.CurrentURL(), resp)
		if !ok {
			return true
		}
		if c.blocked {
			r.step(StepCORPCheck, Fail, c)
			r.failedWire = r.lastWire
			reason := CorpNotSameOrigin
			if c.policy == "same-site" {
				reason = CorpNotSameSite
			}
			r.fail(req, reason, c.policy, resp.Status, preflightRoute)
			return false
		}
		r.step(StepCORPCheck, Pass, c)
	}
	return true
}

// redirectStatus is HTTP fetch step 6.3 for a redirect status: an error,
// an opaque-redirect response, or HTTP-redirect fetch. follow: the loop
// goes on with the next hop; done: the fetch has ended (failed or
// opaque-redirect); neither: the 3xx is the final response.
func (r *run) redirectStatus(req *request, resp *Response, preflightRoute bool) (follow, done bool) {
	switch req.Redirect {
	case RedirectError:
		r.step(StepRedirect, Fail, redirected{verdict: redirectModeError, status: resp.Status})
		r.failedWire = r.lastWire
		r.fail(req, RedirectModeError, "", resp.Status, preflightRoute)
		return false, true
	case RedirectManual:
		r.step(StepRedirect, Info, redirected{verdict: redirectManual, status: resp.Status})
		r.res.Type = TypeOpaqueRedirect
		r.res.Status = 0
		r.step(StepFilter, Pass, filtered{typ: TypeOpaqueRedirect})
		return false, true
	}
	loc, ok, conflict := locationOf(r.p, resp)
	if !ok {
		r.step(StepRedirect, Info, redirected{verdict: redirectNoLocation, status: resp.Status})
		return false, false
	}
	if !r.redirect(req, resp, loc, conflict, preflightRoute) {
		return false, true
	}
	return true, false
}

// route is main fetch step 12 (#concept-main-fetch at 586cd2a): the branch
// for the current URL. It sets the response tainting and returns whether
// the request is preflight-eligible; ok is false when the branch is a
// network error (routeFailure names it).
func (r *run) route(req *request) (eligible, ok bool) {
	cur := req.CurrentURL()
	f := routed{requestOrigin: req.serializedOrigin(), urlOrigin: cur.Origin(), pageOrigin: req.Origin, mode: req.Mode, tainting: req.tainting, redirect: req.Redirect}
	switch {
	case cur.badPort() >= 0:
		// Step 7: a bad port is blocked before any branch, after a
		// redirect too.
		f.branch, f.port = routeBadPort, cur.badPort()
	case cur.Scheme() == "data" || (sameOrigin(req.Origin, f.urlOrigin) && req.tainting == taintBasic && !cur.IsHTTPScheme()):
		// Step 12, first case, for what scheme fetch answers: a data: URL
		// in any mode, a same-origin blob: URL.
		f.branch, f.scheme = routeScheme, cur.Scheme()
		r.step(StepRoute, Info, f)
		return false, true
	case sameOrigin(req.Origin, f.urlOrigin) && req.tainting == taintBasic:
		// Step 12, first case: same origin and still basic, fetched as is.
		f.branch = routeSameOrigin
		r.step(StepRoute, Info, f)
		return false, true
	case req.Mode == ModeSameOrigin:
		f.branch = routeModeSameOrigin
	case req.Mode == ModeNoCORS:
		if req.Redirect != RedirectFollow {
			f.branch = routeNoCORSRedirect
			break
		}
		req.tainting = taintOpaque
		f.branch = routeNoCORS
		if !cur.IsHTTPScheme() {
			f.branch, f.scheme = routeScheme, cur.Scheme()
		}
		r.step(StepRoute, Info, f)
		return false, true
	case !cur.IsHTTPScheme():
		f.branch, f.scheme = routeNotHTTP, cur.Scheme()
	default:
		req.tainting = taintCORS
		unsafe := req.unsafeNames()
		eligible = !isCORSSafelistedMethod(req.Method) || len(unsafe) > 0
		if r.p.preflightFromOriginal && req.originalUnsafe && !eligible {
			eligible = true
			r.step(StepClassify, Info, stillPreflights{browser: r.p.display})
		}
		f.branch, f.mayPreflight = routeCORS, eligible
		r.step(StepRoute, Info, f)
		return eligible, true
	}
	r.step(StepRoute, Fail, f)
	return false, false
}

// routeFailure is the reason of a failed route step.
func (r *run) routeFailure(req *request) Reason {
	switch {
	case req.CurrentURL().badPort() >= 0:
		return BadPort
	case req.Mode == ModeSameOrigin:
		return DisallowedByMode
	case req.Mode == ModeNoCORS:
		return NoCorsRedirectModeNotFollow
	}
	return CorsDisabledScheme
}

func routeValue(req *request) string {
	if p := req.CurrentURL().badPort(); p >= 0 {
		return strconv.Itoa(p)
	}
	if req.Mode == ModeCORS {
		return req.CurrentURL().Scheme()
	}
	return ""
}

// locationOf reads the Location header (#concept-response-location-url).
// conflict is true when no redirect can follow it: several different
// values, or, with the profile's oneLocation, several lines at all.
func locationOf(p *Profile, resp *Response) (loc string, ok, conflict bool) {
	for _, h := range resp.Header {
		if !equalFold(h.Name, "Location") {
			continue
		}
		switch {
		case !ok:
			loc, ok = h.Value, true
		case p.locationCombined:
			loc += ", " + h.Value
		case h.Value != loc || p.oneLocation:
			conflict = true
		}
	}
	return loc, ok, conflict
}

// send is HTTP-network-or-cache fetch for the actual request
// (#http-network-or-cache-fetch): it decides credentials and the Origin
// header (#append-a-request-origin-header) and puts the request on the
// wire.
func (r *run) send(req *request) *Response {
	cur := req.CurrentURL()
	headers := make([][2]string, 0, len(req.Header)+1)
	origin := req.presentedOrigin(r.p, KindRequest)
	if origin != "" {
		headers = append(headers, [2]string{"origin", origin})
		req.originSent = true
	}
	authors := foldSet(req.authorNames)
	for _, h := range sortAndCombine(req.Header) {
		if authors.has(h[0]) {
			if h[0] == "range" && r.p.rangeRewritten {
				h[1] = rewriteRange(h[1])
			}
			if slices.Contains(r.p.lastValueOnly, h[0]) {
				h[1] = lastValue(req.Header, h[0])
			}
			headers = append(headers, h)
		}
	}
	creds := req.includesCredentials()
	url := cur.String()
	bodyLen := -1
	if req.Body != nil {
		bodyLen = len(*req.Body)
	}
	hasAccept := slices.ContainsFunc(headers, func(h [2]string) bool { return h[0] == "accept" })
	added := r.browserHeaders(req, KindRequest, cur, hasAccept, bodyLen)
	resp := r.onWire(WireRequest{Method: req.Method, URL: url, Credentials: creds, Headers: headers, Added: added, Kind: KindRequest}, r.e.server(req.Method, cur))
	r.step(StepSend, Info, sent{method: req.Method, url: url, credentials: creds, origin: origin,
		nullByTaint: origin == "null" && req.tainting == taintCORS, status: resp.Status})
	return resp
}

// lastValue is the value of the last line of the name.
func lastValue(l HeaderList, name string) string {
	v := ""
	for _, h := range l {
		if equalFold(h.Name, name) {
			v = h.Value
		}
	}
	return isomorphicDecode(v)
}

// rewriteRange writes a single byte range as Chromium's network stack
// sends it: "bytes=" in lower case (range-bytes-uppercase-preflights).
func rewriteRange(v string) string {
	if len(v) > 6 && equalFold(v[:6], "bytes=") {
		if _, ok := parseSingleRange("bytes="+v[6:], false); ok {
			return "bytes=" + v[6:]
		}
	}
	return v
}

// sortAndCombine lower-cases names, sorts them and joins repeated values
// with ", " (#concept-header-list-sort-and-combine): the author's headers
// as the browser serializes them.
func sortAndCombine(l HeaderList) [][2]string {
	names := make([]string, 0, len(l))
	for _, h := range l {
		names = append(names, h.Name)
	}
	names = sortedLowercaseNames(names)
	if len(l) <= 32 {
		out := make([][2]string, 0, len(names))
		for _, n := range names {
			v, _ := l.Get(n)
			out = append(out, [2]string{n, isomorphicDecode(v)})
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
		out = append(out, [2]string{n, isomorphicDecode(combined[n].String())})
	}
	return out
}

// filter wraps the response for script (#concept-filtered-response) and
// computes the CORS-exposed header-name list
// (#concept-response-cors-exposed-header-name-list): main fetch step 14.
func (r *run) filter(req *request, resp *Response) {
	r.res.Type = ResponseType(req.tainting)
	f := filtered{typ: r.res.Type}
	switch req.tainting {
	case taintBasic:
		r.res.Status = resp.Status
		f.readable = readable(resp.Header, func(n string) bool { return !isForbiddenResponseHeaderName(n) })
	case taintOpaque:
		r.res.Status = 0
	case taintCORS:
		r.res.Status = resp.Status
		f.aceh = ExtractHeaderListValues(resp.Header, "Access-Control-Expose-Headers")
		exposed := f.aceh.Values
		star := slices.Contains(exposed, "*")
		f.all = !req.include() && star
		f.starLiteral = req.include() && star
		exposedSet := foldSet(exposed)
		f.readable = readable(resp.Header, func(n string) bool {
			if f.all {
				return !isForbiddenResponseHeaderName(n)
			}
			return isSafelistedResponseName(n, exposedSet)
		})
	}
	if f.readable != nil {
		r.res.ExposedHeaders = f.readable
	}
	r.step(StepFilter, Pass, f)
}
