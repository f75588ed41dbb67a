package fetchspec

import "strings"

// The cross-origin resource policy check (#cross-origin-resource-policy-check
// at 586cd2a), which HTTP fetch step 5 runs on every response to a no-cors
// request: Cross-Origin-Resource-Policy lets a server refuse even an
// opaque response to pages of other origins or sites. The page's embedder
// policy is "unsafe-none" here (no COEP), so a header that is absent or
// not one of the three values allows everything.

// corpChecked: the check on one opaque response.
type corpChecked struct {
	policy   string // the header's value
	blocked  bool
	origin   string // the request's origin
	response string // the response URL's origin
}

// corpCheck runs the internal check with embedder policy "unsafe-none".
// ok is false when there is nothing to check (no valid policy).
func corpCheck(req *request, url *URL, resp *Response) (c corpChecked, ok bool) {
	policy, present := resp.Header.Get("Cross-Origin-Resource-Policy")
	if !present || (policy != "same-origin" && policy != "same-site" && policy != "cross-origin") {
		return c, false
	}
	o := url.Origin()
	c = corpChecked{policy: policy, origin: req.pageOrigin(), response: o.Serialize()}
	switch policy {
	case "same-origin":
		c.blocked = !sameOrigin(req.Origin, o)
	case "same-site":
		// Schemelessly same site, and an https response only for an
		// https page.
		c.blocked = !schemelesslySameSite(req.Origin, o) || (req.Origin.Scheme != "https" && o.Scheme == "https")
	}
	return c, true
}

// schemelesslySameSite compares the hosts' registrable domains, taken as
// their last two labels: corsim carries no public suffix list, which is
// exact for the example hosts of scenarios (app.test, api.example.com) and
// wrong for hosts under suffixes such as co.uk.
func schemelesslySameSite(a, b Origin) bool {
	if a.Opaque || b.Opaque {
		return false
	}
	return site(a.Host) == site(b.Host)
}

func site(host string) string {
	if strings.HasPrefix(host, "[") || endsInNumber(host) {
		return host // an IP address is its own site
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(labels) <= 2 {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-2:], ".")
}
