package fetchspec

import "strconv"

// The headers a browser adds to a request on its own, shown on the wire
// report apart from the author's (WireRequest.Added) so that it reads as
// DevTools does. None of them changes a CORS decision: fetch() appends
// Accept before main fetch (#fetching, step 12 at 586cd2a), HTTP-network-
// or-cache fetch adds Content-Length, Referer, User-Agent, Accept-Encoding
// and the Fetch Metadata headers, and HTTP/1.1 adds Host and Connection.
// Measured (testdata/browsers/*, "added"): Chromium, Firefox and WebKit
// send Accept: */* and Referer: the page's origin and a slash to another
// origin; Firefox adds Priority: u=4; Sec-Fetch-* go only to a
// potentially trustworthy URL (WebKitGTK sent none in these runs, which
// are plain http). Values that belong to the user's machine are shown as
// a placeholder in angle brackets.

// Placeholders for values the scenario cannot know.
const (
	userAgentValue = "<the browser's own>"
	languageValue  = "<the user's languages>"
	pageURLValue   = "/<the page's path>"
)

// browserHeaders lists what the browser adds to a request on the wire.
// bodyLen < 0 means no body.
func (r *run) browserHeaders(req *request, kind WireKind, cur *URL, hasAccept bool, bodyLen int) [][2]string {
	p := r.p
	o := cur.Origin()
	host := o.Host
	if o.Port != 0 {
		host += ":" + strconv.Itoa(max(o.Port, 0))
	}
	tainted := len(req.URLList) > 1 && req.redirectTainted()
	// The Referer is decided for the current URL, or for the first one on
	// a profile's preflight after a redirect (preflightRefererFirstHop).
	ro, refTainted := o, tainted
	if kind == KindPreflight && p.preflightRefererFirstHop {
		ro, refTainted = req.URLList[0].Origin(), false
	}
	var referer string
	switch {
	case req.Origin.Opaque:
	case sameOrigin(req.Origin, ro) && !refTainted:
		// strict-origin-when-cross-origin: the whole page URL to its own
		// origin; the scenario knows only the origin.
		referer = req.pageOrigin() + pageURLValue
	case req.Origin.Scheme == "https" && (o.Scheme != "https" && p.refererDowngradeByScheme || !potentiallyTrustworthy(cur)):
		// A downgrade sends no Referer. Referrer Policy calls it one when
		// the URL is not potentially trustworthy; Chromium and Firefox
		// when it is not https (no Referer to http://localhost either:
		// mixed-content-localhost).
	default:
		referer = req.pageOrigin() + "/"
	}
	encoding := "gzip, deflate"
	if o.Scheme == "https" {
		encoding = "gzip, deflate, br, zstd"
	}
	metadata := o.Scheme == "https" || potentiallyTrustworthy(cur)
	site, mode := "", string(req.Mode)
	if metadata {
		site = fetchSite(req, o, tainted)
		if kind == KindPreflight {
			mode = "cors"
		}
	}
	out := make([][2]string, 0, 13)
	if !hasAccept {
		out = append(out, [2]string{"accept", "*/*"})
	}
	// The order each browser sends them in: Accept goes first above and
	// is moved into place below, which costs less than a closure.
	acc := out
	out = out[len(out):]
	if p.firefoxHeaderOrder {
		out = append(out, [2]string{"host", host}, [2]string{"user-agent", userAgentValue})
		out = append(out, acc...)
		out = append(out, [2]string{"accept-language", languageValue}, [2]string{"accept-encoding", encoding})
		if referer != "" {
			out = append(out, [2]string{"referer", referer})
		}
		if metadata {
			out = append(out, [2]string{"sec-fetch-dest", "empty"}, [2]string{"sec-fetch-mode", mode}, [2]string{"sec-fetch-site", site})
		}
		if bodyLen >= 0 {
			out = append(out, [2]string{"content-length", strconv.Itoa(bodyLen)})
		}
		out = append(out, [2]string{"connection", "keep-alive"})
	} else {
		out = append(out, [2]string{"host", host}, [2]string{"connection", "keep-alive"})
		if bodyLen >= 0 {
			out = append(out, [2]string{"content-length", strconv.Itoa(bodyLen)})
		}
		out = append(out, [2]string{"user-agent", userAgentValue})
		out = append(out, acc...)
		if metadata {
			out = append(out, [2]string{"sec-fetch-site", site}, [2]string{"sec-fetch-mode", mode}, [2]string{"sec-fetch-dest", "empty"})
		}
		if referer != "" {
			out = append(out, [2]string{"referer", referer})
		}
		out = append(out, [2]string{"accept-encoding", encoding}, [2]string{"accept-language", languageValue})
	}
	if p.priority != "" {
		out = append(out, [2]string{"priority", p.priority})
	}
	return out
}

// fetchSite is Sec-Fetch-Site: how the URL relates to the page, and
// cross-site once a redirect has left the page's site.
func fetchSite(req *request, o Origin, tainted bool) string {
	switch {
	case req.Origin.Opaque:
		return "cross-site"
	case sameOrigin(req.Origin, o) && !tainted:
		return "same-origin"
	case schemelesslySameSite(req.Origin, o) && req.Origin.Scheme == o.Scheme:
		return "same-site"
	}
	return "cross-site"
}
