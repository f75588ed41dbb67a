package fetchspec

import (
	"net/netip"
	"strings"
)

// Mixed content: main fetch step 7 (#concept-main-fetch at 586cd2a) asks
// Mixed Content's "should fetching request be blocked as mixed content?"
// before any branch, for every hop. A fetch() call's destination is the
// empty string, which is blockable, never upgraded: from an https page, an
// URL that is not potentially trustworthy is a network error and nothing
// reaches the wire. Chromium, Firefox and WebKit all do this in cors and
// no-cors mode, after a redirect too; Chromium and Firefox let
// http://localhost and http://127.0.0.1 through, WebKit blocks them too
// (Profile.mixedLoopbackBlocked; testdata/scenarios/mixed-content-*).

// restrictsMixedContent: the page is served over https. (An http page,
// even on localhost, restricts nothing in either browser: their checks key
// on the page's scheme.)
func restrictsMixedContent(page Origin) bool {
	return !page.Opaque && page.Scheme == "https"
}

// potentiallyTrustworthy is Secure Contexts' "is url potentially
// trustworthy?" for the URLs a fetch can reach: https and wss, data: and
// about:blank (answered by the browser itself), blob: (its origin is the
// page's), and loopback hosts (127.0.0.0/8, ::1, localhost and
// *.localhost).
func potentiallyTrustworthy(u *URL) bool {
	switch u.Scheme() {
	case "https", "wss", "data", "about", "blob", "file":
		return true
	case "http", "ws":
	default:
		return false
	}
	h := u.u.host
	switch {
	case h == "localhost" || strings.HasSuffix(h, ".localhost"):
		return true
	}
	// The host parser has already turned every IPv4 form into dotted
	// decimal and put IPv6 in brackets.
	a, err := netip.ParseAddr(strings.Trim(h, "[]"))
	return err == nil && a.IsLoopback()
}

// mixedChecked is the fact of the mixed-content step.
type mixedChecked struct {
	page     string // the page's origin
	url      string // the URL of this hop
	blocked  bool
	loopback bool // blocked although the host is loopback (WebKit)
}

// mixedContent runs the check for the current hop; false means the fetch
// has failed. No step is recorded for an http page: nothing is checked.
func (r *run) mixedContent(req *request) bool {
	if !restrictsMixedContent(req.Origin) {
		return true
	}
	cur := req.CurrentURL()
	f := mixedChecked{page: req.Origin.Serialize(), url: cur.String()}
	loopbackRefused := r.p.mixedLoopbackBlocked && (cur.Scheme() == "http" || cur.Scheme() == "ws")
	if potentiallyTrustworthy(cur) && !loopbackRefused {
		r.step(StepMixedContent, Pass, f)
		return true
	}
	f.blocked, f.loopback = true, loopbackRefused && potentiallyTrustworthy(cur)
	r.step(StepMixedContent, Fail, f)
	r.fail(req, MixedContent, cur.String(), 0, false)
	return false
}
