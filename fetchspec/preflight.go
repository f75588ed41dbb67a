package fetchspec

import (
	"sort"
	"strconv"
	"strings"
)

// preflightIfNeeded is the preflight test of HTTP fetch (#concept-http-fetch):
// consult the cache (#concept-cache-match) and, on a miss, run a
// CORS-preflight fetch. It returns false when the fetch has failed.
func (r *run) preflightIfNeeded(req *Request, unsafe []UnsafeName) bool {
	var why []string
	if !IsCORSSafelistedMethod(req.Method) {
		why = append(why, "the method "+req.Method+" is not safelisted")
	}
	names := unsafeNames(unsafe)
	if len(names) > 0 {
		why = append(why, "the header"+plural(len(names), " ", "s ")+strings.Join(names, ", ")+plural(len(names), " is", " are")+" CORS-unsafe")
	}
	r.step(StepPreflightNeeded, Info, capitalize(joinList(why))+": the server must approve this request first.",
		Input{"method", req.Method}, Input{"unsafe headers", strings.Join(names, ",")})
	need, hits, missing := r.e.Cache.lookup(r.p, req, unsafe, r.now)
	key := []Input{{"origin", req.serializedOrigin()}, {"url", req.CurrentURL().String()}, {"credentials", strconv.FormatBool(req.Credentials == "include")}}
	if !need {
		if r.res.Preflight != "sent" {
			r.res.Preflight = "cached"
		}
		r.step(StepCacheLookup, Pass, "The cache holds an unexpired approval for "+describeEntries(hits)+": no preflight is sent.", key...)
		return true
	}
	d := "No usable cache entry for " + joinList(missing) + ": a preflight goes out."
	if len(hits) > 0 {
		d = "The cache covers " + describeEntries(hits) + " but not " + joinList(missing) + ": a preflight goes out."
	}
	r.step(StepCacheLookup, Info, d, key...)
	return r.preflight(req, unsafe)
}

func unsafeNames(u []UnsafeName) []string {
	out := make([]string, len(u))
	for i, n := range u {
		out[i] = n.Name
	}
	return out
}

func describeEntries(es []CacheEntry) string {
	var parts []string
	for _, e := range es {
		if e.Method != "" {
			parts = append(parts, "method "+e.Method)
		} else {
			parts = append(parts, "header "+e.HeaderName)
		}
	}
	return joinList(parts)
}

// preflight is CORS-preflight fetch (#cors-preflight-fetch-0): an OPTIONS
// request without credentials that names the method and the unsafe headers,
// then the checks on its response, then the cache update.
func (r *run) preflight(req *Request, unsafe []UnsafeName) bool {
	cur := req.CurrentURL()
	origin := req.serializedOrigin()
	if r.p.PreflightIgnoresTaint {
		origin = req.Origin.Serialize()
	}
	names := unsafeNames(unsafe)
	acrh := names
	if r.p.ACRHKeepsDuplicates {
		acrh = nil
		unsafeSet := foldSet(names)
		for _, h := range req.Header {
			if unsafeSet.has(h.Name) {
				acrh = append(acrh, asciiLower(h.Name))
			}
		}
		sort.Strings(acrh)
	}
	headers := [][2]string{{"origin", origin}, {"access-control-request-method", req.Method}}
	if len(acrh) > 0 {
		// Joined with "," and no space, deliberately not "combine".
		headers = append(headers, [2]string{"access-control-request-headers", strings.Join(acrh, ",")})
	}
	ans := r.e.Server("OPTIONS", cur)
	ans.Response = r.read(ans.Response)
	r.res.Wire = append(r.res.Wire, WireRequest{Method: "OPTIONS", URL: cur.String(), Credentials: false, Headers: headers, Kind: "preflight", Rule: ans.Rule, Response: wireResponse(ans.Response)})
	r.lastWire = len(r.res.Wire) - 1
	r.res.Preflight = "sent"
	resp := ans.Response
	with := ""
	if len(names) > 0 {
		with = " with " + strings.Join(names, ", ")
	}
	r.step(StepPreflightSend, Info, "OPTIONS "+cur.String()+" asks: may "+origin+" send "+req.Method+with+"? It carries no cookies. The server answers "+strconv.Itoa(resp.Status)+".",
		Input{"Origin", origin}, Input{"Access-Control-Request-Method", req.Method}, Input{"Access-Control-Request-Headers", strings.Join(names, ",")})

	include := req.Credentials == "include"
	var methods, headerNames ListResult
	parsedM, parsedH := false, false
	failWith := func(id StepID, reason Reason, hint, detail string, in ...Input) bool {
		r.step(id, Fail, detail, in...)
		r.failedWire = r.lastWire
		r.fail(req, reason, hint, resp.Status, true)
		return false
	}
	status := strconv.Itoa(resp.Status)
	for _, c := range r.p.Preflight {
		switch c {
		case pfRedirect:
			if IsRedirectStatus(resp.Status) {
				return failWith(StepPreflightStatus, PreflightDisallowedRedirect, "", "The preflight was answered with a "+status+" redirect. "+r.p.Display+" never follows a redirect for a preflight; the OPTIONS must be answered directly.", Input{"status", status})
			}
		case pfOrigin:
			// The CORS check runs with the actual request, so its credentials
			// mode counts even though the preflight carries no cookies.
			chk := corsCheckAs(r.p, req, resp, origin)
			if !chk.ok {
				return failWith(StepPreflightCheck, chk.reason.preflightVariant(), chk.hint, chk.detail, chk.inputs...)
			}
			r.step(StepPreflightCheck, Pass, chk.detail, chk.inputs...)
		case pfStatus:
			if !IsOKStatus(resp.Status) {
				reason := PreflightInvalidStatus
				d := "The preflight response status is " + status + "; it must be 200 to 299. A server that does not handle OPTIONS often answers 404 or 405."
				if IsRedirectStatus(resp.Status) {
					reason = PreflightDisallowedRedirect
					d = "The preflight was answered with a " + status + " redirect; a preflight is never redirected, so this is not an ok status."
				}
				return failWith(StepPreflightStatus, reason, "", d, Input{"status", status})
			}
			r.step(StepPreflightStatus, Pass, "Status "+status+" is an ok status.", Input{"status", status})
		case pfParse:
			methods, parsedM = ExtractHeaderListValues(resp.Header, "Access-Control-Allow-Methods"), true
			if methods.Failed {
				return failWith(StepPreflightMethods, InvalidAllowMethodsPreflightResponse, methods.Bad, "Access-Control-Allow-Methods does not parse: \""+methods.Bad+"\" is not a method token. Separate methods with commas.", Input{"Access-Control-Allow-Methods", showValue(methods.Raw, true)})
			}
			headerNames, parsedH = ExtractHeaderListValues(resp.Header, "Access-Control-Allow-Headers"), true
			if headerNames.Failed {
				return failWith(StepPreflightHeaders, InvalidAllowHeadersPreflightResponse, headerNames.Bad, "Access-Control-Allow-Headers does not parse: \""+headerNames.Bad+"\" is not a header name. Separate names with commas.", Input{"Access-Control-Allow-Headers", showValue(headerNames.Raw, true)})
			}
		case pfMethods:
			if !parsedM {
				methods = ExtractHeaderListValues(resp.Header, "Access-Control-Allow-Methods")
				if methods.Failed {
					return failWith(StepPreflightMethods, InvalidAllowMethodsPreflightResponse, methods.Bad, "Access-Control-Allow-Methods does not parse: \""+methods.Bad+"\" is not a method token.", Input{"Access-Control-Allow-Methods", showValue(methods.Raw, true)})
				}
			}
			in := []Input{{"method", req.Method}, {"Access-Control-Allow-Methods", showValue(methods.Raw, methods.Present)}}
			switch {
			case containsExact(methods.Values, req.Method):
				r.step(StepPreflightMethods, Pass, req.Method+" is listed in Access-Control-Allow-Methods.", in...)
			case IsCORSSafelistedMethod(req.Method):
				r.step(StepPreflightMethods, Pass, req.Method+" is a safelisted method; it needs no listing.", in...)
			case !include && containsExact(methods.Values, "*"):
				r.step(StepPreflightMethods, Pass, "Access-Control-Allow-Methods is *, which allows any method for a request without credentials.", in...)
			default:
				d := req.Method + " is not in Access-Control-Allow-Methods " + showValue(methods.Raw, methods.Present) + "."
				switch {
				case containsFold(methods.Values, req.Method):
					d += " It is listed in another case, but method names are compared case-sensitively."
				case include && containsExact(methods.Values, "*"):
					d += " The * there is only a literal name, because the request includes credentials."
				}
				return failWith(StepPreflightMethods, MethodDisallowedByPreflightResponse, req.Method, d, in...)
			}
		case pfHeaders:
			if !parsedH {
				headerNames = ExtractHeaderListValues(resp.Header, "Access-Control-Allow-Headers")
				if headerNames.Failed {
					return failWith(StepPreflightHeaders, InvalidAllowHeadersPreflightResponse, headerNames.Bad, "Access-Control-Allow-Headers does not parse: \""+headerNames.Bad+"\" is not a header name.", Input{"Access-Control-Allow-Headers", showValue(headerNames.Raw, true)})
				}
			}
			in := []Input{{"unsafe headers", strings.Join(names, ",")}, {"Access-Control-Allow-Headers", showValue(headerNames.Raw, headerNames.Present)}}
			wildcard := !include && containsExact(headerNames.Values, "*")
			allowed := foldSet(headerNames.Values)
			for _, n := range names {
				if allowed.has(n) {
					continue
				}
				if wildcard && (!IsCORSNonWildcardRequestHeaderName(n) || r.p.WildcardCoversAuthorization) {
					continue
				}
				d := "The request header " + n + " is not named in Access-Control-Allow-Headers " + showValue(headerNames.Raw, headerNames.Present) + "."
				switch {
				case wildcard:
					d += " * does not cover Authorization: it must be listed by name."
				case include && containsExact(headerNames.Values, "*"):
					d += " The * there is only a literal name, because the request includes credentials."
				}
				return failWith(StepPreflightHeaders, HeaderDisallowedByPreflightResponse, n, d, in...)
			}
			switch {
			case len(names) == 0:
				r.step(StepPreflightHeaders, Pass, "No CORS-unsafe headers to approve.", in...)
			case wildcard && containsExact(names, "authorization") && !allowed.has("authorization"):
				r.step(StepPreflightHeaders, Pass, "* covers every header here, and "+r.p.Display+" lets it cover Authorization too (the standard does not).", in...)
			case wildcard:
				r.step(StepPreflightHeaders, Pass, "Access-Control-Allow-Headers is *, which covers these headers for a request without credentials.", in...)
			default:
				r.step(StepPreflightHeaders, Pass, "Every unsafe header is named in Access-Control-Allow-Headers.", in...)
			}
		}
	}

	maxAge, cacheIt, why := r.p.maxAge(resp.Header)
	url := cur.String()
	if r.p.MaxCacheURL > 0 && len(url) >= r.p.MaxCacheURL {
		cacheIt, why = false, "the URL is "+strconv.Itoa(len(url))+" characters long; "+r.p.Display+" does not cache preflights for URLs that long"
	}
	if !cacheIt {
		r.step(StepCacheStore, Skip, capitalize(why)+".", Input{"Access-Control-Max-Age", showMaxAge(resp.Header)})
		return true
	}
	stored := r.e.Cache.store(r.p, req, methods.Values, headerNames.Values, maxAge, r.now)
	d := "Cached for " + strconv.FormatInt(maxAge, 10) + " s (" + why + ")"
	if len(stored) == 0 {
		d = "Nothing to cache: the response lists no methods or headers (" + why + ")"
	} else {
		d += ": " + describeEntries(stored)
	}
	r.step(StepCacheStore, Pass, d+".", Input{"Access-Control-Max-Age", showMaxAge(resp.Header)}, Input{"max-age", strconv.FormatInt(maxAge, 10)})
	return true
}

func showMaxAge(h HeaderList) string {
	v, ok := h.Get("Access-Control-Max-Age")
	return showValue(v, ok)
}
