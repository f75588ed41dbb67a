package fetchspec

// Reason is why a fetch failed. CORS failures use the names of Chromium's
// network.mojom.CorsError (as DevTools shows them); the others are ours.
// The standard itself has no codes: every failure is just a network error.
type Reason string

// CORS failures (names of network.mojom.CorsError / Network.CorsError).
const (
	DisallowedByMode                     Reason = "DisallowedByMode"
	InvalidResponse                      Reason = "InvalidResponse"
	WildcardOriginNotAllowed             Reason = "WildcardOriginNotAllowed"
	MissingAllowOriginHeader             Reason = "MissingAllowOriginHeader"
	MultipleAllowOriginValues            Reason = "MultipleAllowOriginValues"
	InvalidAllowOriginValue              Reason = "InvalidAllowOriginValue"
	AllowOriginMismatch                  Reason = "AllowOriginMismatch"
	InvalidAllowCredentials              Reason = "InvalidAllowCredentials"
	CorsDisabledScheme                   Reason = "CorsDisabledScheme"
	PreflightInvalidStatus               Reason = "PreflightInvalidStatus"
	PreflightDisallowedRedirect          Reason = "PreflightDisallowedRedirect"
	PreflightWildcardOriginNotAllowed    Reason = "PreflightWildcardOriginNotAllowed"
	PreflightMissingAllowOriginHeader    Reason = "PreflightMissingAllowOriginHeader"
	PreflightMultipleAllowOriginValues   Reason = "PreflightMultipleAllowOriginValues"
	PreflightInvalidAllowOriginValue     Reason = "PreflightInvalidAllowOriginValue"
	PreflightAllowOriginMismatch         Reason = "PreflightAllowOriginMismatch"
	PreflightInvalidAllowCredentials     Reason = "PreflightInvalidAllowCredentials"
	InvalidAllowMethodsPreflightResponse Reason = "InvalidAllowMethodsPreflightResponse"
	InvalidAllowHeadersPreflightResponse Reason = "InvalidAllowHeadersPreflightResponse"
	MethodDisallowedByPreflightResponse  Reason = "MethodDisallowedByPreflightResponse"
	HeaderDisallowedByPreflightResponse  Reason = "HeaderDisallowedByPreflightResponse"
	RedirectContainsCredentials          Reason = "RedirectContainsCredentials"
	NoCorsRedirectModeNotFollow          Reason = "NoCorsRedirectModeNotFollow"
)

// Failures that are not CORS checks (scenario-format.md).
const (
	RedirectModeError         Reason = "RedirectModeError"
	TooManyRedirects          Reason = "TooManyRedirects"
	InvalidRedirectLocation   Reason = "InvalidRedirectLocation"
	ForbiddenMethod           Reason = "ForbiddenMethod"
	InvalidHeader             Reason = "InvalidHeader"
	NoCorsMethodNotSafelisted Reason = "NoCorsMethodNotSafelisted"
	// BadPort: main fetch blocks a port on the bad port list (#bad-port)
	// before anything is sent.
	BadPort Reason = "BadPort"
	// MixedContent: an https page fetches a URL that is not potentially
	// trustworthy (plain http to another host); main fetch step 7 blocks
	// it before anything is sent (mixed.go).
	MixedContent Reason = "MixedContent"
	// InvalidDataURL: a data: URL the data: URL processor refuses (no
	// comma, or base64 that does not decode).
	InvalidDataURL Reason = "InvalidDataURL"
	// BlobNotFound: a blob: URL with no blob behind it.
	BlobNotFound Reason = "BlobNotFound"
	// CorpNotSameOrigin, CorpNotSameSite: a no-cors response's
	// Cross-Origin-Resource-Policy refuses the page (Chromium's
	// BlockedByResponseReason names).
	CorpNotSameOrigin Reason = "CorpNotSameOrigin"
	CorpNotSameSite   Reason = "CorpNotSameSite"
)

// Type errors that fetch() raises which the contract's table does not name;
// added as optional extensions of the code set.
const (
	InvalidMethod          Reason = "InvalidMethod"
	BodyWithGetOrHead      Reason = "BodyWithGetOrHead"
	URLContainsCredentials Reason = "URLContainsCredentials"
	// InvalidURL only reaches callers that skip scenario validation, which
	// refuses a URL that does not parse; it is not listed in AllReasons.
	InvalidURL Reason = "InvalidURL"
)

// AllReasons lists every code the engine can produce, for docs and tests.
var AllReasons = []Reason{
	DisallowedByMode, WildcardOriginNotAllowed, MissingAllowOriginHeader,
	MultipleAllowOriginValues, InvalidAllowOriginValue, AllowOriginMismatch,
	InvalidAllowCredentials, CorsDisabledScheme, PreflightInvalidStatus,
	PreflightDisallowedRedirect, PreflightWildcardOriginNotAllowed,
	PreflightMissingAllowOriginHeader, PreflightMultipleAllowOriginValues,
	PreflightInvalidAllowOriginValue, PreflightAllowOriginMismatch,
	PreflightInvalidAllowCredentials, InvalidAllowMethodsPreflightResponse,
	InvalidAllowHeadersPreflightResponse, MethodDisallowedByPreflightResponse,
	HeaderDisallowedByPreflightResponse, RedirectContainsCredentials,
	NoCorsRedirectModeNotFollow, RedirectModeError, TooManyRedirects,
	InvalidRedirectLocation, ForbiddenMethod, InvalidHeader,
	NoCorsMethodNotSafelisted, InvalidMethod, BodyWithGetOrHead,
	URLContainsCredentials, BadPort, MixedContent, InvalidDataURL, BlobNotFound,
	CorpNotSameOrigin, CorpNotSameSite,
}

// IsPreflight reports the reasons Chromium prefixes with "Response to
// preflight request doesn't pass access control check".
func (r Reason) IsPreflight() bool {
	switch r {
	case PreflightInvalidStatus, PreflightDisallowedRedirect,
		PreflightWildcardOriginNotAllowed, PreflightMissingAllowOriginHeader,
		PreflightMultipleAllowOriginValues, PreflightInvalidAllowOriginValue,
		PreflightAllowOriginMismatch, PreflightInvalidAllowCredentials:
		return true
	}
	return false
}

// IsTypeError: fetch() rejects before anything is sent.
func (r Reason) IsTypeError() bool {
	switch r {
	case ForbiddenMethod, InvalidHeader, NoCorsMethodNotSafelisted, InvalidMethod,
		BodyWithGetOrHead, URLContainsCredentials, InvalidURL:
		return true
	}
	return false
}

// Header is the response header a failure is about, lower-cased, or ""
// when it is about none (the status, the request, the URL). The page marks
// that header, or its absence, on the wire.
func (r Reason) Header() string {
	switch baseReason(r) {
	case MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue, MultipleAllowOriginValues, WildcardOriginNotAllowed:
		return "access-control-allow-origin"
	case InvalidAllowCredentials:
		return "access-control-allow-credentials"
	}
	switch r {
	case InvalidAllowMethodsPreflightResponse, MethodDisallowedByPreflightResponse:
		return "access-control-allow-methods"
	case InvalidAllowHeadersPreflightResponse, HeaderDisallowedByPreflightResponse:
		return "access-control-allow-headers"
	case CorpNotSameOrigin, CorpNotSameSite:
		return "cross-origin-resource-policy"
	case InvalidRedirectLocation, RedirectContainsCredentials:
		return "location"
	}
	return ""
}

// Step is the step of the flowchart whose check a failure is (the node a
// fix satisfies), or "" for a failure no single check stands for.
func (r Reason) Step() StepID {
	switch r {
	case PreflightInvalidStatus:
		return StepPreflightStatus
	case InvalidAllowMethodsPreflightResponse, MethodDisallowedByPreflightResponse:
		return StepPreflightMethods
	case InvalidAllowHeadersPreflightResponse, HeaderDisallowedByPreflightResponse:
		return StepPreflightHeaders
	case PreflightDisallowedRedirect:
		return StepPreflightCheck
	case CorpNotSameOrigin, CorpNotSameSite:
		return StepCORPCheck
	case MixedContent:
		return StepMixedContent
	case RedirectModeError, TooManyRedirects, InvalidRedirectLocation, RedirectContainsCredentials:
		return StepRedirect
	case BadPort, DisallowedByMode, NoCorsRedirectModeNotFollow, CorsDisabledScheme:
		return StepRoute
	case InvalidDataURL, BlobNotFound:
		return StepSend // scheme fetch answers in place of the network
	}
	if r.IsTypeError() {
		return StepConstruct
	}
	if r.IsPreflight() {
		return StepPreflightCheck
	}
	if baseReason(r) != r || r == MissingAllowOriginHeader || r == AllowOriginMismatch || r == InvalidAllowOriginValue ||
		r == MultipleAllowOriginValues || r == WildcardOriginNotAllowed || r == InvalidAllowCredentials {
		return StepCORSCheck
	}
	return ""
}
