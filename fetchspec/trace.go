package fetchspec

import "encoding/json"

// StepID names a node of the flowchart. Ids are stable: the page, the
// lessons and the tests refer to them.
type StepID string

// The steps of the algorithm, in the order a request meets them.
const (
	StepConstruct        StepID = "construct"         // #dom-request: the fetch() front door
	StepClassify         StepID = "classify"          // #cors-unsafe-request-header-names
	StepRoute            StepID = "route"             // #concept-main-fetch: which branch
	StepPreflightNeeded  StepID = "preflight-needed"  // #concept-http-fetch step on makeCORSPreflight
	StepCacheLookup      StepID = "cache-lookup"      // #concept-cache-match
	StepPreflightSend    StepID = "preflight-send"    // #cors-preflight-fetch-0
	StepPreflightCheck   StepID = "preflight-check"   // CORS check on the preflight response
	StepPreflightStatus  StepID = "preflight-status"  // #ok-status
	StepPreflightMethods StepID = "preflight-methods" // Access-Control-Allow-Methods
	StepPreflightHeaders StepID = "preflight-headers" // Access-Control-Allow-Headers
	StepCacheStore       StepID = "cache-store"       // #concept-cache-create-entry
	StepSend             StepID = "send"              // #http-network-or-cache-fetch
	StepCORSCheck        StepID = "cors-check"        // #concept-cors-check
	StepRedirect         StepID = "redirect"          // #concept-http-redirect-fetch
	StepFilter           StepID = "filter"            // #concept-filtered-response
	StepCacheClear       StepID = "cache-clear"       // #concept-cache-clear
	StepCORPCheck        StepID = "corp-check"        // #cross-origin-resource-policy-check (no-cors)
	StepMixedContent     StepID = "mixed-content"     // main fetch step 7: Mixed Content's should-block-fetch
)

// StepStatus is the verdict of one step.
type StepStatus string

// Step verdicts. Info marks a step that decided a branch without passing
// or failing anything (the route, a cache miss).
const (
	Pass StepStatus = "pass"
	Fail StepStatus = "fail"
	Skip StepStatus = "skip"
	Info StepStatus = "info"
)

// Input is one value a step looked at, e.g. the header value it judged.
type Input struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Step is one entry of the trace: which step, with what verdict, for which
// redirect hop and wire request, and the typed fact it found. Its words
// (Detail, Inputs) are rendered from the fact on demand.
type Step struct {
	ID     StepID
	Status StepStatus
	// Hop counts redirects followed so far (0 for the first URL).
	Hop int
	// Wire is the index of the request on the wire this step concerns, or -1.
	Wire int
	fact fact
}

// Detail says in plain words what the step found.
func (s Step) Detail() string {
	if s.fact == nil {
		return ""
	}
	return s.fact.detail()
}

// Inputs lists the values the step looked at, e.g. the header value it
// judged.
func (s Step) Inputs() []Input {
	if s.fact == nil {
		return nil
	}
	return s.fact.inputs()
}

// stepJSON is a step as the result format writes it.
type stepJSON struct {
	ID     StepID     `json:"id"`
	Anchor string     `json:"anchor"`
	Status StepStatus `json:"status"`
	Title  string     `json:"title"`
	Detail string     `json:"detail"`
	Inputs []Input    `json:"inputs,omitempty"`
	Hop    int        `json:"hop"`
	Wire   int        `json:"wire"`
}

// MarshalJSON writes the step with its words (scenario-format.md, "steps").
func (s Step) MarshalJSON() ([]byte, error) {
	return json.Marshal(stepJSON{ID: s.ID, Anchor: StepAnchorURL(s.ID), Status: s.Status, Title: StepTitle(s.ID), Detail: s.Detail(), Inputs: s.Inputs(), Hop: s.Hop, Wire: s.Wire})
}

// SpecURL is the base of every anchor.
const SpecURL = "https://fetch.spec.whatwg.org/"

// stepInfo is the fixed part of a step: its anchor and title.
var stepInfo = map[StepID]struct{ Anchor, Title, Label, What string }{
	StepConstruct:        {"dom-request", "fetch() checks its arguments", "fetch() checks its arguments", "Before anything is sent, fetch() validates the method and the headers. A forbidden or malformed method or header throws a TypeError; forbidden request headers (Cookie, Origin, Sec-*...) are silently dropped; in no-cors mode only a few headers survive."},
	StepClassify:         {"cors-unsafe-request-header-names", "Is this a simple request?", "Simple request?", "A request stays simple when its method is GET, HEAD or POST and every header is CORS-safelisted (a few names, each value under 128 bytes, 1024 bytes in all, Content-Type limited to the three form types)."},
	StepRoute:            {"concept-main-fetch", "Same origin, CORS, or no-cors?", "Same origin, CORS or no-cors?", "Main fetch compares the request's origin with the URL's origin and picks a branch: same-origin requests are fetched as is; cross-origin ones are rejected in same-origin mode, made opaque in no-cors mode, or sent under the CORS protocol."},
	StepPreflightNeeded:  {"concept-http-fetch", "Does it need a preflight?", "Preflight needed?", "A CORS request whose method is not GET, HEAD or POST, or that carries a CORS-unsafe header, must first be approved by an OPTIONS preflight, unless the preflight cache already holds that approval."},
	StepCacheLookup:      {"concept-cache-match", "Look in the preflight cache", "Preflight cache lookup", "The browser remembers preflight answers, keyed by origin and URL, for Access-Control-Max-Age seconds. A matching entry for the method and every unsafe header skips the preflight."},
	StepPreflightSend:    {"cors-preflight-fetch-0", "Send the preflight", "OPTIONS preflight on the wire", "An OPTIONS request with Origin, Access-Control-Request-Method and Access-Control-Request-Headers asks the server for permission. It never carries cookies and never follows redirects."},
	StepPreflightCheck:   {"concept-cors-check", "Preflight: does the server allow this origin?", "Preflight: Allow-Origin", "The preflight response must carry Access-Control-Allow-Origin equal to the origin (or * when no credentials are involved), and Access-Control-Allow-Credentials: true when credentials are included."},
	StepPreflightStatus:  {"ok-status", "Preflight: is the status 2xx?", "Preflight: 2xx status", "The preflight response needs an ok status (200 to 299). A redirect, a 404 or a 405 from a server that does not handle OPTIONS all fail here."},
	StepPreflightMethods: {"cors-preflight-fetch-0", "Preflight: is the method allowed?", "Preflight: Allow-Methods", "Access-Control-Allow-Methods must parse as a comma-separated list of tokens and list the method exactly (case matters), unless it is GET, HEAD or POST, or the list holds * and no credentials are included."},
	StepPreflightHeaders: {"cors-preflight-fetch-0", "Preflight: are the headers allowed?", "Preflight: Allow-Headers", "Access-Control-Allow-Headers must parse as a list of tokens and name every CORS-unsafe request header (case does not matter); * covers them when no credentials are included, but never Authorization in the standard."},
	StepCacheStore:       {"concept-cache-create-entry", "Remember the preflight", "Store in preflight cache", "A successful preflight is cached for Access-Control-Max-Age seconds (5 when absent), capped by the browser, one entry per allowed method and header name."},
	StepSend:             {"http-network-or-cache-fetch", "Send the request", "Actual request on the wire", "The actual request goes out with an Origin header when it is a CORS request (or not a GET/HEAD). Cookies go along only with credentials: include, or same-origin for a same-origin request."},
	StepCORSCheck:        {"concept-cors-check", "Does the response allow this origin?", "CORS check: Allow-Origin", "Every response to a CORS request, redirects included, must carry exactly one Access-Control-Allow-Origin equal to the origin, or *; with credentials it must be the exact origin and Access-Control-Allow-Credentials must be true."},
	StepRedirect:         {"concept-http-redirect-fetch", "Follow the redirect?", "Redirect?", "A 301, 302, 303, 307 or 308 is followed (redirect: follow), rejected (error) or handed back opaque (manual). At most 20 are followed; 301/302 turn POST into GET; after a hop between two foreign origins the Origin becomes null."},
	StepFilter:           {"concept-filtered-response", "What can script see?", "Filtered response for script", "The response is wrapped for script: basic (same origin, all headers but Set-Cookie), cors (status and body, only safelisted and exposed headers), opaque (nothing), or a network error."},
	StepCORPCheck:        {"cross-origin-resource-policy-check", "May a page of another origin have it at all?", "CORP: Resource-Policy", "A response to a no-cors request may carry Cross-Origin-Resource-Policy: same-origin or same-site; the browser then refuses to hand it, even opaque, to a page of another origin or site. cross-origin (or no header) lets anyone embed it."},
	StepMixedContent:     {"concept-main-fetch", "An https page asking for http?", "Mixed content?", "A page served over https may not fetch from plain http: anyone on the network could change what it reads. Main fetch blocks such a URL before any CORS step, in every mode and after a redirect too; https and data: pass, and so do loopback hosts (localhost, 127.0.0.1) except in WebKit."},
	StepCacheClear:       {"concept-cache-clear", "Clear the preflight cache", "Clear cache entries", "When a request that went through the preflight path ends in a network error, its cache entries for this origin and URL are removed."},
}

var anchorURLs = func() map[StepID]string {
	m := make(map[StepID]string, len(stepInfo))
	for id, info := range stepInfo {
		m[id] = SpecURL + "#" + info.Anchor
	}
	return m
}()

// StepAnchorURL is the link to the standard for a step.
func StepAnchorURL(id StepID) string { return anchorURLs[id] }

// StepTitle is the step's short title.
func StepTitle(id StepID) string { return stepInfo[id].Title }

// StepLabel is the step's label on the flowchart, shorter than its title.
func StepLabel(id StepID) string { return stepInfo[id].Label }

// StepExplanation says in plain words what a step checks.
func StepExplanation(id StepID) string { return stepInfo[id].What }

// FlowSteps is every step in flowchart order.
var FlowSteps = []StepID{
	StepConstruct, StepClassify, StepMixedContent, StepRoute, StepPreflightNeeded, StepCacheLookup,
	StepPreflightSend, StepPreflightCheck, StepPreflightStatus, StepPreflightMethods,
	StepPreflightHeaders, StepCacheStore, StepSend, StepCORSCheck, StepCORPCheck, StepRedirect,
	StepFilter, StepCacheClear,
}
