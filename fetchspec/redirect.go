package fetchspec

import "strconv"

// maxRedirects is the limit of HTTP-redirect fetch: the 21st fails.
const maxRedirects = 20

// redirect is HTTP-redirect fetch (#concept-http-redirect-fetch) for redirect
// mode "follow". It edits req for the next hop and returns false when the
// fetch has failed.
func (r *run) redirect(req *Request, resp *Response, location string, conflict, preflightRoute bool) bool {
	cur := req.CurrentURL()
	status := strconv.Itoa(resp.Status)
	in := []Input{{"status", status}, {"Location", location}, {"redirect count", strconv.Itoa(req.RedirectCount)}}
	fail := func(reason Reason, hint, d string) bool {
		r.step(StepRedirect, Fail, d, in...)
		r.failedWire = r.lastWire
		r.fail(req, reason, hint, resp.Status, preflightRoute)
		return false
	}
	// Step: the location URL, parsed against the response's URL.
	if conflict {
		return fail(InvalidRedirectLocation, location, "The response has several different Location headers; a redirect needs exactly one target.")
	}
	next, err := cur.ParseURLRef(location)
	if err != nil {
		return fail(InvalidRedirectLocation, location, "Location \""+location+"\" is not a valid URL.")
	}
	if !next.IsHTTPScheme() {
		return fail(InvalidRedirectLocation, next.String(), "Location points to a "+next.Scheme()+": URL; fetch only follows redirects to http and https.")
	}
	if req.RedirectCount == maxRedirects {
		return fail(TooManyRedirects, "", "This would be redirect number 21; fetch stops after 20.")
	}
	req.RedirectCount++
	// A CORS request may not be sent to a URL with credentials on another
	// origin, and once tainted "cors", to any URL with credentials.
	if next.HasCredentials() && ((req.Mode == "cors" && !SameOrigin(req.Origin, next.Origin())) || req.Tainting == "cors") {
		return fail(RedirectContainsCredentials, next.String(), "Location "+next.String()+" carries a username or password, which a cross-origin request may not be redirected to.")
	}
	d := "Following the " + status + " to " + next.String() + " (redirect " + strconv.Itoa(req.RedirectCount) + " of at most 20)."
	// 301/302 turn POST into GET; 303 turns everything but GET/HEAD into GET.
	if ((resp.Status == 301 || resp.Status == 302) && req.Method == "POST") || (resp.Status == 303 && req.Method != "GET" && req.Method != "HEAD") {
		d += " The method changes from " + req.Method + " to GET and the body and its headers are dropped."
		req.Method = "GET"
		req.Body = nil
		out := req.Header[:0:0]
		for _, h := range req.Header {
			if !isRequestBodyHeaderName(h.Name) {
				out = append(out, h)
			}
		}
		req.Header = out
	}
	if !SameOrigin(cur.Origin(), next.Origin()) && req.Header.Contains("Authorization") {
		req.Header.Delete("Authorization")
		d += " Authorization is removed because the redirect changes origin."
	}
	req.unsafe = nil // the header list may have changed
	wasTainted := req.redirectTainted()
	req.URLList = append(req.URLList, next)
	if !wasTainted && req.redirectTainted() {
		d += " The hop goes from " + cur.Origin().Serialize() + " (not the page's origin) to another origin, so from now on the request's origin is serialized as null."
	}
	r.step(StepRedirect, Pass, d, in...)
	return true
}
