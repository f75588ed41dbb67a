package fetchspec

import (
	"strconv"
	"strings"
)

// cacheShape is how a browser stores a successful preflight.
type cacheShape uint8

const (
	// cachePerEntry: one entry per method and per header name, refreshed or
	// added one by one (#concept-cache-create-entry). The standard.
	cachePerEntry cacheShape = iota
	// cacheReplace: one result per (origin, URL) that a new preflight
	// replaces whole (Chromium's PreflightCache, WebKit's
	// CrossOriginPreflightResultCache).
	cacheReplace
	// cacheMerge: one result per (origin, URL, credentials) whose tokens a
	// new preflight merges (Firefox's nsPreflightCache).
	cacheMerge
)

// wildcardUse says when a cached `*` answers a later request.
type wildcardUse uint8

const (
	// wildcardAlways: as the standard's match definitions read.
	wildcardAlways wildcardUse = iota
	// wildcardWithoutCredentials: only for requests without credentials.
	wildcardWithoutCredentials
	// wildcardNever: a cached `*` is compared literally (Firefox).
	wildcardNever
)

// maxAgeRule says how Access-Control-Max-Age is read.
type maxAgeRule uint8

const (
	// maxAgeSpec: #extract-header-list-values as delta-seconds; absent or
	// failure gives 5.
	maxAgeSpec maxAgeRule = iota
	// maxAgeChromium: base::StringToInt64 on the joined value; absent or
	// unparsable gives 5, negative gives 0.
	maxAgeChromium
	// maxAgeFirefox: digits only; absent or empty gives 5; anything else
	// means the result is not cached at all; 0 is not cached.
	maxAgeFirefox
	// maxAgeWebKit: parseInteger; unparsable gives 5, negative expires at once.
	maxAgeWebKit
)

// acaoStyle is which engine's CORS-check classification to use.
type acaoStyle uint8

const (
	acaoChromium acaoStyle = iota // also used for the standard's profile
	acaoFirefox
	acaoWebKit
)

// PreflightOrder lists the preflight-response checks in the order an engine
// runs them; the first that fails is the one reported.
type preflightCheck int

const (
	pfRedirect preflightCheck = iota
	pfOrigin
	pfStatus
	pfParse   // parse both lists before judging either (spec, Chromium, WebKit)
	pfMethods // parse-and-judge the method list
	pfHeaders // parse-and-judge the header list
)

// Profile is a browser's behaviour: every documented difference from the
// standard is a field here, so the algorithms stay one code path. Profiles
// are fixed data: LookupProfile hands out the four there are, and nothing
// outside this package can change one.
type Profile struct {
	name    string
	display string
	// firefoxHeaderOrder and priority shape the headers the browser adds
	// on its own (added.go): Firefox's order, and its Priority value.
	firefoxHeaderOrder bool
	priority           string
	// refererDowngradeByScheme: no Referer from an https page to any
	// non-https URL, loopback included (Referrer Policy spares
	// potentially trustworthy URLs).
	refererDowngradeByScheme bool
	// maxAgeCap is the imposed limit on max-age in seconds; 0 means none.
	maxAgeCap  int
	maxAgeRule maxAgeRule
	cacheShape cacheShape
	// credentialsSeparate: a credentialed result never serves a request
	// without credentials (Firefox keys the cache by the credentials flag).
	credentialsSeparate bool
	cachedWildcard      wildcardUse
	// eraseInsufficient: a cached result that cannot answer a request is
	// dropped before the new preflight (Chromium, WebKit).
	eraseInsufficient bool
	// clearOnError: clear cache entries when a preflighted fetch fails
	// (#concept-cache-clear in main fetch).
	clearOnError bool
	// headNeedsToken: a cached result must list HEAD for a HEAD request
	// (Firefox only exempts GET and POST).
	headNeedsToken bool
	// maxCacheURL: URLs at least this long are not cached (Chromium); 0 none.
	maxCacheURL int
	// wildcardCoversAuthorization: `*` in Access-Control-Allow-Headers lets
	// Authorization through (not the standard; every engine measured does).
	wildcardCoversAuthorization bool
	acao                        acaoStyle
	// preflightOrder: the checks on a preflight response, in the order the
	// engine runs them; the first that fails is the one reported.
	preflightOrder []preflightCheck
	// acrhKeepsDuplicates: Access-Control-Request-Headers lists a name once
	// per header line, sorted, without removing repeats (Firefox, seen in
	// testdata/browsers/firefox/acrh-sorted-lowercased.json).
	acrhKeepsDuplicates bool
	// preflightFromOriginal: whether a hop needs a preflight is decided by
	// the request as fetch() made it, so a redirect that turns PUT into GET
	// or strips Authorization still preflights (Firefox; see
	// redirect-303-put-becomes-get and redirect-strips-authorization).
	preflightFromOriginal bool
	// cacheNeedsKeyEntry: a cache hit needs some unexpired entry for the
	// origin and URL, even when the method and headers need none (Firefox
	// looks up one result per key first).
	cacheNeedsKeyEntry bool
	// preflightIgnoresTaint: the preflight sends and checks the page's own
	// origin even after a redirect tainted the request (Firefox; see
	// redirect-tainted-preflight).
	preflightIgnoresTaint bool
	// rangeAnyLength: a safelisted Range may have digits of any length,
	// as the standard reads it; Chromium and Firefox need 64-bit numbers
	// (range-long-digits-simple).
	rangeAnyLength bool
	// rangeRewritten: a single byte range goes on the wire as
	// "bytes=START-END" whatever the case script wrote (Chromium, seen in
	// range-bytes-uppercase-preflights).
	rangeRewritten bool
	// oneLocation: a response with more than one Location line has no
	// location URL, so the redirect fails (the standard's "extract header
	// list values"); Chromium and Firefox follow two equal lines
	// (redirect-two-equal-locations).
	oneLocation bool
	// noSafelistTotal: safelisted values never become unsafe by adding up
	// past 1024 bytes (Firefox, safelist-total-over-1024).
	noSafelistTotal bool
	// defaultAccept: fetch() appends Accept: */* when script set none
	// (fetch step 12), and it counts toward the 1024 bytes. Not on the
	// wire report, which lists what script set.
	defaultAccept bool
	// safelistCombined: a header appended twice is judged by its combined
	// value ("text/plain, text/plain" is no MIME type), not line by line
	// as the standard does (Chromium, content-type-appended-twice).
	safelistCombined bool
	// lastValueOnly: header names the browser sends once instead of
	// combining the values (Firefox sends one Content-Type,
	// content-type-appended-twice). Which value it keeps is not measured
	// (the scenario's two are equal); the model keeps the last.
	lastValueOnly []string
	// noAboutBlank: about:blank is never fetched, in any mode (Chromium,
	// about-blank-no-cors); the standard answers it with an empty page.
	noAboutBlank bool
	// dataContentLength: a data: URL's response carries Content-Length
	// besides Content-Type (Firefox, data-url-cors).
	dataContentLength bool
	// Measured in WebKitGTK 2.50 (testdata/browsers/webkit):
	// keepsAuthorization: a redirect to another origin keeps the
	// Authorization header (redirect-strips-authorization preflights for
	// it); originSticky: once a hop carried Origin, the later hops do too
	// (redirect-301-post-becomes-get); preflightRefererFirstHop: a
	// preflight after a redirect sends the Referer the first URL got
	// (redirect-then-preflight); locationCombined: two Location lines are
	// combined into one value, which is then followed as a URL
	// (redirect-two-equal-locations); mixedLoopbackBlocked: an https page
	// may not fetch http://localhost or http://127.0.0.1 either
	// (mixed-content-localhost); rangeCaseInsensitive: "BYTES=" is a
	// safelisted Range (range-bytes-uppercase-preflights).
	keepsAuthorization       bool
	originSticky             bool
	preflightRefererFirstHop bool
	locationCombined         bool
	mixedLoopbackBlocked     bool
	rangeCaseInsensitive     bool
	// reading: what the browser does with header lines HTTP/1.1 forbids
	// (lenient.go).
	reading headerReading
	// console: the browser's console lines (console.go); nil for the spec.
	console *consoleStyle
}

// Name is the profile's name as scenarios write it ("chromium").
func (p *Profile) Name() string { return p.name }

// Display is the profile's name for people ("WebKit (Safari)").
func (p *Profile) Display() string { return p.display }

// MaxAgeCap is the longest a preflight stays cached, in seconds; 0 when
// the profile imposes no cap.
func (p *Profile) MaxAgeCap() int { return p.maxAgeCap }

// profiles by name. The spec profile follows fetch.bs as written; the
// others follow what each engine's source and our own browser runs show.
var profiles = map[string]*Profile{
	"spec": {
		name: "spec", display: "Fetch standard",
		maxAgeRule: maxAgeSpec, cacheShape: cachePerEntry, cachedWildcard: wildcardAlways,
		clearOnError: true, acao: acaoChromium, rangeAnyLength: true, oneLocation: true, defaultAccept: true,
		preflightOrder: []preflightCheck{pfOrigin, pfStatus, pfParse, pfMethods, pfHeaders},
	},
	"chromium": {
		name: "chromium", display: "Chromium",
		maxAgeCap: 7200, maxAgeRule: maxAgeChromium, cacheShape: cacheReplace,
		cachedWildcard: wildcardWithoutCredentials, eraseInsufficient: true,
		maxCacheURL: 1024, wildcardCoversAuthorization: true, acao: acaoChromium, rangeRewritten: true, noAboutBlank: true, safelistCombined: true,
		refererDowngradeByScheme: true,
		preflightOrder:           []preflightCheck{pfRedirect, pfOrigin, pfStatus, pfParse, pfMethods, pfHeaders},
		console:                  chromiumConsole,
	},
	"firefox": {
		name: "firefox", display: "Firefox",
		maxAgeCap: 86400, maxAgeRule: maxAgeFirefox, cacheShape: cacheMerge,
		credentialsSeparate: true, cachedWildcard: wildcardNever, clearOnError: true,
		headNeedsToken: true, wildcardCoversAuthorization: true, acao: acaoFirefox,
		acrhKeepsDuplicates: true, preflightFromOriginal: true, cacheNeedsKeyEntry: true, preflightIgnoresTaint: true,
		dataContentLength: true, lastValueOnly: []string{"content-type"}, noSafelistTotal: true,
		firefoxHeaderOrder: true, priority: "u=4", refererDowngradeByScheme: true,
		reading:        headerReading{IgnoreSpaceBeforeColon: true},
		preflightOrder: []preflightCheck{pfRedirect, pfOrigin, pfStatus, pfMethods, pfHeaders},
		console:        firefoxConsole,
	},
	"webkit": {
		name: "webkit", display: "WebKit (Safari)",
		maxAgeCap: 600, maxAgeRule: maxAgeWebKit, cacheShape: cacheReplace,
		cachedWildcard: wildcardWithoutCredentials, eraseInsufficient: true,
		wildcardCoversAuthorization: true, acao: acaoWebKit, refererDowngradeByScheme: true,
		noAboutBlank: true, safelistCombined: true, preflightFromOriginal: true, defaultAccept: true,
		keepsAuthorization: true, originSticky: true, preflightRefererFirstHop: true, locationCombined: true,
		mixedLoopbackBlocked: true, rangeCaseInsensitive: true, cacheNeedsKeyEntry: true,
		reading:        headerReading{IgnoreSpaceBeforeColon: true},
		preflightOrder: []preflightCheck{pfStatus, pfOrigin, pfParse, pfMethods, pfHeaders},
		console:        webkitConsole,
	},
}

// LookupProfile returns the named profile, or nil when there is none.
func LookupProfile(name string) *Profile { return profiles[name] }

// ProfileNames in display order.
var ProfileNames = []string{"spec", "chromium", "firefox", "webkit"}

// ProfileChoices lists the profile names for messages: "spec, chromium,
// firefox or webkit". Every "unknown browser" message uses it, so a new
// profile needs no other edit.
func ProfileChoices() string {
	n := ProfileNames
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// readMaxAge reads Access-Control-Max-Age the profile's way
// (#cors-preflight-fetch-0 steps 7.8-7.10 in the standard; each engine's
// own parser otherwise). cache is false when the profile does not store
// the result at all.
func (p *Profile) readMaxAge(h HeaderList) maxAge {
	raw, present := h.Get("Access-Control-Max-Age")
	a := maxAge{raw: raw, browser: p.display, cache: true, seconds: 5}
	if !present {
		return a // ageAbsent: the default
	}
	switch p.maxAgeRule {
	case maxAgeChromium:
		// base::StringToInt64; a negative value means 0.
		a.readInteger(raw, ageNegativeZero)
	case maxAgeWebKit:
		// parseInteger allows a leading +; a negative value expires at once.
		a.readInteger(strings.TrimPrefix(raw, "+"), ageNegativeNow)
	case maxAgeFirefox:
		a.readFirefox(int64(p.maxAgeCap))
	default:
		a.readDeltaSeconds(h.Count("Access-Control-Max-Age") > 1)
	}
	if (a.why == ageValue || a.why == ageOverflow) && p.maxAgeCap > 0 && a.given > int64(p.maxAgeCap) {
		// Step 7.10: the imposed limit.
		a.seconds, a.cap = int64(p.maxAgeCap), p.maxAgeCap
	}
	return a
}

func (a *maxAge) value(n int64) { a.why, a.given, a.seconds = ageValue, n, n }

// readInteger: a signed decimal; unparsable gives the default, a negative
// value 0 s for the reason given.
func (a *maxAge) readInteger(s string, negative maxAgeWhy) {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		a.why = ageNotInteger
	case n < 0:
		a.why, a.seconds = negative, 0
	default:
		a.value(n)
	}
}

// readFirefox: digits only; empty gives the default, anything else (and
// 0) means no caching; a value too large for 64 bits is the cap.
func (a *maxAge) readFirefox(limit int64) {
	switch {
	case a.raw == "":
		a.why = ageEmpty
	case !allDigits(a.raw):
		a.why, a.seconds, a.cache = ageNonDigit, 0, false
	default:
		n, err := strconv.ParseInt(a.raw, 10, 64)
		if err != nil {
			n = limit
		}
		if n == 0 {
			a.why, a.seconds, a.cache = ageZeroNotCached, 0, false
			return
		}
		a.value(n)
	}
}

// readDeltaSeconds is the standard's reading: extracting the header list
// values must give one delta-seconds value; two lines or anything but
// digits make extraction fail, and failure means the default (step 7.9).
func (a *maxAge) readDeltaSeconds(severalLines bool) {
	if severalLines || !allDigits(a.raw) {
		a.why = ageNotDelta
		return
	}
	n, err := strconv.ParseInt(a.raw, 10, 64)
	if err != nil {
		// RFC 9111 §1.2.2: a delta-seconds too large to hold counts as
		// 2^31 (cache-max-age-beyond-2-31).
		a.value(1 << 31)
		a.why = ageOverflow
		return
	}
	a.value(n)
}
