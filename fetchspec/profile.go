package fetchspec

import (
	"strconv"
	"strings"
)

// CacheShape is how a browser stores a successful preflight.
type CacheShape int

const (
	// CachePerEntry: one entry per method and per header name, refreshed or
	// added one by one (#concept-cache-create-entry). The standard.
	CachePerEntry CacheShape = iota
	// CacheReplace: one result per (origin, URL) that a new preflight
	// replaces whole (Chromium's PreflightCache, WebKit's
	// CrossOriginPreflightResultCache).
	CacheReplace
	// CacheMerge: one result per (origin, URL, credentials) whose tokens a
	// new preflight merges (Firefox's nsPreflightCache).
	CacheMerge
)

// WildcardUse says when a cached `*` answers a later request.
type WildcardUse int

const (
	// WildcardAlways: as the standard's match definitions read.
	WildcardAlways WildcardUse = iota
	// WildcardWithoutCredentials: only for requests without credentials.
	WildcardWithoutCredentials
	// WildcardNever: a cached `*` is compared literally (Firefox).
	WildcardNever
)

// MaxAgeRule says how Access-Control-Max-Age is read.
type MaxAgeRule int

const (
	// MaxAgeSpec: #extract-header-list-values as delta-seconds; absent or
	// failure gives 5.
	MaxAgeSpec MaxAgeRule = iota
	// MaxAgeChromium: base::StringToInt64 on the joined value; absent or
	// unparsable gives 5, negative gives 0.
	MaxAgeChromium
	// MaxAgeFirefox: digits only; absent or empty gives 5; anything else
	// means the result is not cached at all; 0 is not cached.
	MaxAgeFirefox
	// MaxAgeWebKit: parseInteger; unparsable gives 5, negative expires at once.
	MaxAgeWebKit
)

// ACAOStyle is which engine's CORS-check classification to use.
type ACAOStyle int

const (
	ACAOChromium ACAOStyle = iota // also used for the standard's profile
	ACAOFirefox
	ACAOWebKit
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
// standard is a field here, so the algorithms stay one code path.
type Profile struct {
	Name    string
	Display string
	// MaxAgeCap is the imposed limit on max-age in seconds; 0 means none.
	MaxAgeCap int
	MaxAge    MaxAgeRule
	Cache     CacheShape
	// CredentialsSeparate: a credentialed result never serves a request
	// without credentials (Firefox keys the cache by the credentials flag).
	CredentialsSeparate bool
	CachedWildcard      WildcardUse
	// EraseInsufficient: a cached result that cannot answer a request is
	// dropped before the new preflight (Chromium, WebKit).
	EraseInsufficient bool
	// ClearOnError: clear cache entries when a preflighted fetch fails
	// (#concept-cache-clear in main fetch).
	ClearOnError bool
	// HeadNeedsToken: a cached result must list HEAD for a HEAD request
	// (Firefox only exempts GET and POST).
	HeadNeedsToken bool
	// MaxCacheURL: URLs at least this long are not cached (Chromium); 0 none.
	MaxCacheURL int
	// WildcardCoversAuthorization: `*` in Access-Control-Allow-Headers lets
	// Authorization through (not the standard; see browsers.md).
	WildcardCoversAuthorization bool
	ACAO                        ACAOStyle
	Preflight                   []preflightCheck
	// ACRHKeepsDuplicates: Access-Control-Request-Headers lists a name once
	// per header line, sorted, without removing repeats (Firefox, seen in
	// testdata/browsers/firefox/acrh-sorted-lowercased.json).
	ACRHKeepsDuplicates bool
	// PreflightFromOriginal: whether a hop needs a preflight is decided by
	// the request as fetch() made it, so a redirect that turns PUT into GET
	// or strips Authorization still preflights (Firefox; see
	// redirect-303-put-becomes-get and redirect-strips-authorization).
	PreflightFromOriginal bool
	// CacheNeedsKeyEntry: a cache hit needs some unexpired entry for the
	// origin and URL, even when the method and headers need none (Firefox
	// looks up one result per key first).
	CacheNeedsKeyEntry bool
	// PreflightIgnoresTaint: the preflight sends and checks the page's own
	// origin even after a redirect tainted the request (Firefox; see
	// redirect-tainted-preflight).
	PreflightIgnoresTaint bool
	// Reading: what the browser does with header lines HTTP/1.1 forbids
	// (lenient.go).
	Reading HeaderReading
}

// Profiles by name. The spec profile follows fetch.bs as written; the
// others follow what each engine's source and our own browser runs show.
var Profiles = map[string]*Profile{
	"spec": {
		Name: "spec", Display: "Fetch standard",
		MaxAge: MaxAgeSpec, Cache: CachePerEntry, CachedWildcard: WildcardAlways,
		ClearOnError: true, ACAO: ACAOChromium,
		Preflight: []preflightCheck{pfOrigin, pfStatus, pfParse, pfMethods, pfHeaders},
	},
	"chromium": {
		Name: "chromium", Display: "Chromium",
		MaxAgeCap: 7200, MaxAge: MaxAgeChromium, Cache: CacheReplace,
		CachedWildcard: WildcardWithoutCredentials, EraseInsufficient: true,
		MaxCacheURL: 1024, WildcardCoversAuthorization: true, ACAO: ACAOChromium,
		Preflight: []preflightCheck{pfRedirect, pfOrigin, pfStatus, pfParse, pfMethods, pfHeaders},
	},
	"firefox": {
		Name: "firefox", Display: "Firefox",
		MaxAgeCap: 86400, MaxAge: MaxAgeFirefox, Cache: CacheMerge,
		CredentialsSeparate: true, CachedWildcard: WildcardNever, ClearOnError: true,
		HeadNeedsToken: true, WildcardCoversAuthorization: true, ACAO: ACAOFirefox,
		ACRHKeepsDuplicates: true, PreflightFromOriginal: true, CacheNeedsKeyEntry: true, PreflightIgnoresTaint: true,
		Reading:   HeaderReading{IgnoreSpaceBeforeColon: true},
		Preflight: []preflightCheck{pfRedirect, pfOrigin, pfStatus, pfMethods, pfHeaders},
	},
	"webkit": {
		Name: "webkit", Display: "WebKit (Safari)",
		MaxAgeCap: 600, MaxAge: MaxAgeWebKit, Cache: CacheReplace,
		CachedWildcard: WildcardWithoutCredentials, EraseInsufficient: true,
		WildcardCoversAuthorization: true, ACAO: ACAOWebKit,
		Preflight: []preflightCheck{pfStatus, pfOrigin, pfParse, pfMethods, pfHeaders},
	},
}

// ProfileNames in display order.
var ProfileNames = []string{"spec", "chromium", "firefox", "webkit"}

// ProfileChoices lists the profile names for messages: "spec, chromium,
// firefox or webkit". Every "unknown browser" message uses it, so a new
// profile needs no other edit.
func ProfileChoices() string {
	n := ProfileNames
	return strings.Join(n[:len(n)-1], ", ") + " or " + n[len(n)-1]
}

// maxAge reads Access-Control-Max-Age the profile's way. cache is false when
// the profile does not store the result at all.
func (p *Profile) maxAge(h HeaderList) (seconds int64, cache bool, why string) {
	raw, present := h.Get("Access-Control-Max-Age")
	capped := func(n int64, why string) (int64, bool, string) {
		if p.MaxAgeCap > 0 && n > int64(p.MaxAgeCap) {
			return int64(p.MaxAgeCap), true, why + ", capped at " + strconv.Itoa(p.MaxAgeCap) + " s by " + p.Display
		}
		return n, true, why
	}
	if !present {
		return 5, true, "no Access-Control-Max-Age: 5 s by default"
	}
	switch p.MaxAge {
	case MaxAgeChromium:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return 5, true, "Access-Control-Max-Age \"" + raw + "\" is not an integer: 5 s by default"
		}
		if n < 0 {
			return 0, true, "a negative Access-Control-Max-Age means 0 s: not reusable"
		}
		return capped(n, strconv.FormatInt(n, 10)+" s from Access-Control-Max-Age")
	case MaxAgeFirefox:
		if raw == "" {
			return 5, true, "an empty Access-Control-Max-Age: 5 s by default"
		}
		if !allDigits(raw) {
			return 0, false, "Access-Control-Max-Age \"" + raw + "\" has a non-digit: Firefox does not cache this preflight"
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			n = int64(p.MaxAgeCap)
		}
		if n == 0 {
			return 0, false, "Access-Control-Max-Age 0: Firefox does not cache this preflight"
		}
		return capped(n, strconv.FormatInt(n, 10)+" s from Access-Control-Max-Age")
	case MaxAgeWebKit:
		s := strings.TrimPrefix(raw, "+")
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 5, true, "Access-Control-Max-Age \"" + raw + "\" is not an integer: 5 s by default"
		}
		if n < 0 {
			return 0, true, "a negative Access-Control-Max-Age expires at once"
		}
		return capped(n, strconv.FormatInt(n, 10)+" s from Access-Control-Max-Age")
	}
	// The standard: a single delta-seconds value; two lines or anything but
	// digits make extraction fail, and failure means the default.
	if h.Count("Access-Control-Max-Age") > 1 || !allDigits(raw) {
		return 5, true, "Access-Control-Max-Age \"" + raw + "\" is not one delta-seconds value: 5 s by default"
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 5, true, "Access-Control-Max-Age \"" + raw + "\" is out of range: 5 s by default"
	}
	return capped(n, strconv.FormatInt(n, 10)+" s from Access-Control-Max-Age")
}
