package fetchspec

// maxRedirects is the limit of HTTP-redirect fetch: the 21st fails.
const maxRedirects = 20

// redirect is HTTP-redirect fetch (#concept-http-redirect-fetch at
// 586cd2a) for redirect mode "follow". It edits req for the next hop and
// returns false when the fetch has failed.
func (r *run) redirect(req *request, resp *Response, location string, conflict, preflightRoute bool) bool {
	cur := req.CurrentURL()
	f := redirected{status: resp.Status, location: location, count: req.RedirectCount}
	fail := func(v redirectVerdict, reason Reason, value string) bool {
		f.verdict = v
		r.failLocation = location
		if next, err := cur.ParseURLRef(location); err == nil {
			r.failLocation = next.withoutCredentials().String()
		}
		r.step(StepRedirect, Fail, f)
		r.failedWire = r.lastWire
		r.fail(req, reason, value, resp.Status, preflightRoute)
		return false
	}
	// Steps 3 and 5: the location URL, parsed against the response's URL;
	// a failure to parse is a network error. (Step 4, no Location, is
	// main fetch's business here: the response is final.)
	if conflict {
		return fail(redirectConflict, InvalidRedirectLocation, location)
	}
	next, err := cur.ParseURLRef(location)
	if err != nil {
		return fail(redirectBadLocation, InvalidRedirectLocation, location)
	}
	f.next = next.String()
	// Step 6: only http(s) targets.
	if !next.IsHTTPScheme() {
		f.scheme = next.Scheme()
		return fail(redirectNotHTTP, InvalidRedirectLocation, f.next)
	}
	// Steps 7-8: at most 20 redirects, then count this one.
	if req.RedirectCount == maxRedirects {
		return fail(redirectTooMany, TooManyRedirects, "")
	}
	req.RedirectCount++
	// Steps 9-10: a cors request may not be redirected to a URL with
	// credentials on another origin, and once tainted "cors", to any URL
	// with credentials.
	if next.HasCredentials() && ((req.Mode == ModeCORS && !sameOrigin(req.Origin, next.Origin())) || req.tainting == taintCORS) {
		return fail(redirectCredentials, RedirectContainsCredentials, f.next)
	}
	// Step 12: 301/302 turn POST into GET; 303 turns everything but
	// GET/HEAD into GET, and the body and its headers go.
	f.methodFrom = rewriteForRedirect(req, resp.Status)
	// Step 13: a redirect to another origin drops Authorization.
	if !sameOrigin(cur.Origin(), next.Origin()) && req.Header.Contains("Authorization") && !r.p.keepsAuthorization {
		req.Header.Delete("Authorization")
		f.authRemoved = true
	}
	req.unsafe = nil // the header list may have changed
	// Step 18: append the location URL to the URL list; the redirect-taint
	// follows from the list (#concept-request-tainted-origin).
	wasTainted := req.redirectTainted()
	req.URLList = append(req.URLList, next)
	if !wasTainted && req.redirectTainted() {
		f.taintedFrom = cur.Origin().Serialize()
	}
	r.step(StepRedirect, Pass, f)
	return true
}

// rewriteForRedirect is step 12: a 301 or 302 turns POST into GET, a 303
// turns every method but GET and HEAD into GET, and the body goes with its
// headers. It returns the method it replaced, or "".
func rewriteForRedirect(req *request, status int) string {
	if !((status == 301 || status == 302) && req.Method == "POST") && !(status == 303 && req.Method != "GET" && req.Method != "HEAD") {
		return ""
	}
	from := req.Method
	req.Method = "GET"
	req.Body = nil
	out := req.Header[:0:0]
	for _, h := range req.Header {
		if !isRequestBodyHeaderName(h.Name) {
			out = append(out, h)
		}
	}
	req.Header = out
	return from
}
