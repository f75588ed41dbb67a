package fetchspec

// The states a request and its result move through. Each is a string type
// whose values are the standard's own words (and the result format's), so
// the JSON stays what scenario-format.md says while the compiler catches a
// misspelt state.

// Mode is a request's mode (#concept-request-mode), reduced to the modes
// fetch() can set.
type Mode string

const (
	ModeCORS       Mode = "cors"
	ModeNoCORS     Mode = "no-cors"
	ModeSameOrigin Mode = "same-origin"
)

// CredentialsMode is #concept-request-credentials-mode.
type CredentialsMode string

const (
	CredentialsOmit       CredentialsMode = "omit"
	CredentialsSameOrigin CredentialsMode = "same-origin"
	CredentialsInclude    CredentialsMode = "include"
)

// RedirectMode is #concept-request-redirect-mode.
type RedirectMode string

const (
	RedirectFollow RedirectMode = "follow"
	RedirectError  RedirectMode = "error"
	RedirectManual RedirectMode = "manual"
)

// tainting is a request's response tainting
// (#concept-request-response-tainting): it becomes the filtered
// response's type.
type tainting string

const (
	taintBasic  tainting = "basic"
	taintCORS   tainting = "cors"
	taintOpaque tainting = "opaque"
)

// Outcome is how a fetch() call ended (scenario-format.md, "outcome").
type Outcome string

const (
	OutcomeOK           Outcome = "ok"
	OutcomeNetworkError Outcome = "network-error"
	OutcomeTypeError    Outcome = "type-error"
)

// ResponseType is the type script sees (#concept-response-type).
type ResponseType string

const (
	TypeNone           ResponseType = ""
	TypeBasic          ResponseType = "basic"
	TypeCORS           ResponseType = "cors"
	TypeOpaque         ResponseType = "opaque"
	TypeOpaqueRedirect ResponseType = "opaqueredirect"
	TypeError          ResponseType = "error"
)

// PreflightState says whether the call needed a preflight and how it was
// answered: none, sent on the wire, or answered from the cache.
type PreflightState string

const (
	PreflightNone   PreflightState = "none"
	PreflightSent   PreflightState = "sent"
	PreflightCached PreflightState = "cached"
)

// CacheEventKind is what happened to the preflight cache.
type CacheEventKind string

const (
	CacheStore  CacheEventKind = "store"
	CacheHit    CacheEventKind = "hit"
	CacheMiss   CacheEventKind = "miss"
	CacheExpire CacheEventKind = "expire"
	CacheErase  CacheEventKind = "erase"
	CacheClear  CacheEventKind = "clear"
)

// FixSide is who must change something: the server, or the calling code.
type FixSide string

const (
	FixServer FixSide = "server"
	FixClient FixSide = "client"
)

// WireKind tells a preflight from the request it asks for.
type WireKind string

const (
	KindPreflight WireKind = "preflight"
	KindRequest   WireKind = "request"
)
