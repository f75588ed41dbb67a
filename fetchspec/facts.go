package fetchspec

// Facts: what each step of the trace found, as typed values. The engine
// records only these; every sentence, input list, console line and piece
// of fix advice is rendered from them by words.go and console.go, and only
// when someone asks (the page shows one step at a time, and a benchmark
// shows nothing). A fact holds the values its step judged, never text
// composed from them.

// fact is the typed record of one step. Each kind of step has its own
// struct; words.go renders it.
type fact interface {
	// detail says in plain words what the step found.
	detail() string
	// inputs lists the values the step looked at.
	inputs() []Input
}

// BadHeaderKind is what is wrong with a header given to fetch().
type BadHeaderKind uint8

const (
	BadHeaderName  BadHeaderKind = iota // the name is not a token
	BadHeaderLatin                      // the value has a code point above U+00FF
	BadHeaderValue                      // the value holds NUL, CR or LF
)

// BadHeader is the header fetch() refused (#concept-headers-append's
// validity checks), kept apart so a message or fix never mistakes the
// value for the name.
type BadHeader struct {
	Kind  BadHeaderKind
	Name  string
	Value string
	// Index and Code locate the first code point above U+00FF (UTF-16
	// index, as JavaScript reports it) for BadHeaderLatin.
	Index, Code int
}

// rejected: fetch() throws before anything is sent (#dom-request).
type rejected struct {
	reason Reason
	value  string // the URL or method it judged
	mode   Mode
	header BadHeader
}

// dropped is one header the Headers guard removed without an error.
type dropped struct {
	name   string
	noCORS bool // dropped by the no-cors guard, else a forbidden name
}

// accepted: the Request constructor took the call (#dom-request).
type accepted struct {
	method, given, url string
	mode               Mode
	credentials        CredentialsMode
	redirect           RedirectMode
	dropped            []dropped
	impliedType        bool // the string body added Content-Type
}

// classified: #cors-unsafe-request-header-names and the safelisted method.
type classified struct {
	method string
	unsafe []UnsafeName
}

// stillPreflights: a profile that decides from the request as fetch()
// made it (Profile.preflightFromOriginal).
type stillPreflights struct{ browser string }

// routeBranch is the branch of main fetch a hop took (#concept-main-fetch,
// step 12 at 586cd2a).
type routeBranch uint8

const (
	routeSameOrigin routeBranch = iota
	routeModeSameOrigin
	routeNoCORSRedirect
	routeNoCORS
	routeNotHTTP
	routeCORS
	routeBadPort // main fetch step 7: blocked before any branch
	routeScheme  // answered by scheme fetch (data:, and no-cors non-HTTP)
)

type routed struct {
	branch        routeBranch
	requestOrigin string
	urlOrigin     Origin
	pageOrigin    Origin
	mode          Mode
	tainting      tainting // before the branch set it
	redirect      RedirectMode
	scheme        string
	mayPreflight  bool
	port          int
}

// noPreflight: HTTP fetch needs no preflight.
type noPreflight struct{ method string }

// preflightNeeded: HTTP fetch's preflight test found an unsafe method or
// header.
type preflightNeeded struct {
	method     string
	safeMethod bool
	unsafe     []string
}

// needKind is what a cache lookup needed an entry for.
type needKind uint8

const (
	needMethod needKind = iota
	needHeader
	needAnyEntry // Firefox first looks up one result per key
)

type need struct {
	kind needKind
	name string
}

// cacheLookup: #concept-cache-match for the method and each unsafe header.
type cacheLookup struct {
	hit     bool
	hits    []CacheEntry
	missing []need
	origin  string
	url     string
	include bool
}

// preflightSent: the OPTIONS request of #cors-preflight-fetch-0.
type preflightSent struct {
	url, origin, method string
	names               []string
	status              int
}

// originVerdict is the branch of the CORS check that decided.
type originVerdict uint8

const (
	originWildcardOK originVerdict = iota
	originEqual
	originEqualCredentials
	originLinesFirefox // several lines, counted as Firefox does
	originMissing
	originWildcardCredentials
	originMismatchFirefox
	originMultipleValues
	originNull
	originInvalid
	originMismatch
	originCredentialsInvalid
)

// originChecked: the CORS check (#concept-cors-check) on one response.
type originChecked struct {
	verdict     originVerdict
	acao        string
	present     bool
	lines       int
	origin      string
	credentials CredentialsMode
	acac        string
	acacPresent bool
}

// ok reports whether the check passed.
func (c originChecked) ok() bool {
	return c.verdict == originWildcardOK || c.verdict == originEqual || c.verdict == originEqualCredentials
}

// reason is the failure the verdict names (the non-preflight variant).
func (c originChecked) reason() Reason {
	switch c.verdict {
	case originLinesFirefox, originMultipleValues:
		return MultipleAllowOriginValues
	case originMissing:
		return MissingAllowOriginHeader
	case originWildcardCredentials:
		return WildcardOriginNotAllowed
	case originInvalid:
		return InvalidAllowOriginValue
	case originCredentialsInvalid:
		return InvalidAllowCredentials
	case originMismatchFirefox, originNull, originMismatch:
		return AllowOriginMismatch
	}
	return ""
}

// failedValue is Chromium's failed_parameter for the verdict.
func (c originChecked) failedValue() string {
	switch c.verdict {
	case originMissing, originWildcardCredentials:
		return ""
	case originCredentialsInvalid:
		return c.acac
	}
	return c.acao
}

type statusVerdict uint8

const (
	statusOK statusVerdict = iota
	statusNotOK
	statusRedirectNotOK   // a 3xx reached the ok-status test
	statusRedirectRefused // the engine refuses a redirect before any check
)

// preflightStatus: the ok-status test of #cors-preflight-fetch-0.
type preflightStatus struct {
	verdict statusVerdict
	status  int
	browser string
}

// listUnparsable: Access-Control-Allow-Methods or -Headers failed to
// parse (#extract-header-list-values returned failure).
type listUnparsable struct {
	header  string
	bad     string
	raw     string
	advice  bool // the step that parses both lists first also says how to fix
	methods bool
}

type listVerdict uint8

const (
	listNamed listVerdict = iota
	listSafelisted
	listWildcard
	listWildcardAuthorization
	listNothingToApprove
	listMissing
	listOtherCase
	listLiteralStar
	listWildcardNotAuthorization
)

// methodsJudged: the method test of #cors-preflight-fetch-0.
type methodsJudged struct {
	verdict listVerdict
	method  string
	list    ListResult
}

// headersJudged: the header-name test of #cors-preflight-fetch-0.
type headersJudged struct {
	verdict listVerdict
	names   []string
	name    string // the first name not allowed
	list    ListResult
	browser string
}

// maxAgeWhy is how Access-Control-Max-Age was read.
type maxAgeWhy uint8

const (
	ageAbsent maxAgeWhy = iota
	ageValue
	ageNotInteger
	ageNegativeZero  // Chromium: 0 s
	ageNegativeNow   // WebKit: expires at once
	ageEmpty         // Firefox: 5 s
	ageNonDigit      // Firefox: not cached
	ageZeroNotCached // Firefox
	ageNotDelta      // the standard: not one delta-seconds value
	ageOverflow      // the standard: too large, read as 2^31
	ageURLTooLong    // Chromium does not cache long URLs
)

// maxAge is the reading of Access-Control-Max-Age.
type maxAge struct {
	why     maxAgeWhy
	raw     string
	given   int64 // the value read, before any cap
	seconds int64 // the value used
	cap     int   // > 0 when the profile's cap cut the value
	browser string
	urlLen  int
	cache   bool
}

// cacheStored: #concept-cache-create-entry, or why nothing was stored.
type cacheStored struct {
	age     maxAge
	present bool
	stored  []CacheEntry
}

// sent: the actual request on the wire (#http-network-or-cache-fetch).
type sent struct {
	method, url string
	credentials bool
	origin      string
	nullByTaint bool
	status      int
}

type redirectVerdict uint8

const (
	redirectFollowed redirectVerdict = iota
	redirectModeError
	redirectManual
	redirectNoLocation
	redirectConflict
	redirectBadLocation
	redirectNotHTTP
	redirectTooMany
	redirectCredentials
)

// redirected: #concept-http-redirect-fetch.
type redirected struct {
	verdict     redirectVerdict
	status      int
	location    string
	count       int // redirects followed before this one
	next        string
	scheme      string
	methodFrom  string // set when the method became GET
	authRemoved bool
	taintedFrom string // set when this hop tainted the origin
}

// filtered: #concept-filtered-response.
type filtered struct {
	typ         ResponseType
	readable    []string
	reason      Reason // a network error
	all         bool   // Access-Control-Expose-Headers: * without credentials
	aceh        ListResult
	starLiteral bool // * listed with credentials
}

// cacheCleared: #concept-cache-clear after a failure.
type cacheCleared struct {
	count int
	url   string
}
