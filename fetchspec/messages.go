package fetchspec

import (
	"strconv"
	"strings"
)

// msgContext is what a console message can mention.
type msgContext struct {
	reason  Reason
	hint    string
	url     string // the URL that failed (after redirects)
	initial string // the URL given to fetch()
	origin  string // the page's serialized origin
	status  int
	method  string
}

// message renders the console message the profile's browser prints for a
// failure; "" for the spec profile, which is not a browser. Templates come
// from each engine's source as recorded in their sources and, for Chromium, in testdata/browsers.
func (p *Profile) message(c msgContext) string {
	switch p.Name {
	case "chromium":
		return chromiumMessage(c)
	case "firefox":
		return firefoxMessage(c)
	case "webkit":
		return webkitMessage(c)
	}
	return ""
}

// fetchSuffixA is what Chromium 156 appends for fetch(), as recorded in
// testdata/browsers/chromium (older sources also suggested no-cors).
const fetchSuffixA = " Have the server send the header with a valid value."

// chromiumMessage follows cors_error_string.cc (prefix, optional preflight
// prefix, reason, fetch() suffix) and fetch_manager.cc for renderer checks.
func chromiumMessage(c msgContext) string {
	if c.reason.IsTypeError() {
		return "TypeError: Failed to execute 'fetch' on 'Window': " + chromiumTypeError(c)
	}
	prefix := "Access to fetch at '" + c.url + "' "
	if c.initial != "" && c.initial != c.url {
		prefix += "(redirected from '" + c.initial + "') "
	}
	prefix += "from origin '" + c.origin + "' has been blocked by CORS policy: "
	if c.reason.IsPreflight() {
		prefix += "Response to preflight request doesn't pass access control check: "
	}
	base := strings.TrimPrefix(string(c.reason), "Preflight")
	switch Reason(base) {
	case WildcardOriginNotAllowed:
		return prefix + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."
	case MissingAllowOriginHeader:
		return prefix + "No 'Access-Control-Allow-Origin' header is present on the requested resource."
	case MultipleAllowOriginValues:
		return prefix + "The 'Access-Control-Allow-Origin' header contains multiple values '" + c.hint + "', but only one is allowed." + fetchSuffixA
	case InvalidAllowOriginValue:
		return prefix + "The 'Access-Control-Allow-Origin' header contains the invalid value '" + c.hint + "'." + fetchSuffixA
	case AllowOriginMismatch:
		return prefix + "The 'Access-Control-Allow-Origin' header has a value '" + c.hint + "' that is not equal to the supplied origin." + fetchSuffixA
	case InvalidAllowCredentials:
		return prefix + "The value of the 'Access-Control-Allow-Credentials' header in the response is '" + c.hint + "' which must be 'true' when the request's credentials mode is 'include'."
	}
	switch c.reason {
	case PreflightInvalidStatus:
		return prefix + "It does not have HTTP ok status."
	case PreflightDisallowedRedirect:
		return prefix + "Redirect is not allowed for a preflight request."
	case InvalidAllowMethodsPreflightResponse:
		return prefix + "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
	case InvalidAllowHeadersPreflightResponse:
		return prefix + "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
	case MethodDisallowedByPreflightResponse:
		return prefix + "Method " + c.hint + " is not allowed by Access-Control-Allow-Methods in preflight response."
	case HeaderDisallowedByPreflightResponse:
		return prefix + "Request header field " + c.hint + " is not allowed by Access-Control-Allow-Headers in preflight response."
	case RedirectContainsCredentials:
		// Chromium 156 prints the location empty (testdata/browsers/chromium/
		// redirect-to-url-with-credentials.json); so do we.
		return prefix + "Redirect location '' contains a username and password, which is disallowed for cross-origin requests."
	case DisallowedByMode:
		return "Fetch API cannot load " + c.url + ". Request mode is \"same-origin\" but the URL's origin is not same as the request origin " + c.origin + "."
	case NoCorsRedirectModeNotFollow:
		return "Fetch API cannot load " + c.url + ". Request mode is \"no-cors\" but the redirect mode is not \"follow\"."
	case CorsDisabledScheme:
		return "Fetch API cannot load " + c.url + ". URL scheme \"" + c.hint + "\" is not supported."
	case TooManyRedirects:
		return "Failed to load resource: net::ERR_TOO_MANY_REDIRECTS"
	case RedirectModeError:
		return "Failed to load resource: net::ERR_FAILED"
	case InvalidRedirectLocation:
		if strings.Contains(c.hint, ":") && !strings.HasPrefix(c.hint, "http") {
			return "Failed to load resource: net::ERR_UNSAFE_REDIRECT"
		}
		return "Failed to load resource: net::ERR_INVALID_REDIRECT"
	}
	return prefix + string(c.reason)
}

func chromiumTypeError(c msgContext) string {
	switch c.reason {
	case ForbiddenMethod:
		return "'" + c.hint + "' HTTP method is unsupported."
	case InvalidMethod:
		return "'" + c.hint + "' is not a valid HTTP method."
	case InvalidHeader:
		switch kind, _, _ := strings.Cut(c.hint, "\x00"); kind {
		case "name":
			return "Invalid name"
		case "latin1":
			return "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point."
		}
		return "Invalid value"
	case NoCorsMethodNotSafelisted:
		return "'" + c.hint + "' is unsupported in no-cors mode."
	case BodyWithGetOrHead:
		return "Request with GET/HEAD method cannot have body."
	case URLContainsCredentials:
		return "Request cannot be constructed from a URL that includes credentials: " + c.hint
	case InvalidURL:
		return "Failed to parse URL from " + c.hint
	}
	return string(c.reason)
}

// firefoxMessage follows security.properties: one shared prefix and a
// "(Reason: ...)" per blocking reason.
func firefoxMessage(c msgContext) string {
	if c.reason.IsTypeError() {
		return "TypeError: Window.fetch: " + firefoxTypeError(c)
	}
	prefix := "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at " + c.url + ". "
	status := strconv.Itoa(c.status)
	base := strings.TrimPrefix(string(c.reason), "Preflight")
	switch Reason(base) {
	case MultipleAllowOriginValues:
		return prefix + "(Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed)."
	case MissingAllowOriginHeader:
		return prefix + "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: " + status + "."
	case WildcardOriginNotAllowed:
		return "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \u2018" + c.url + "\u2019. (Reason: Credential is not supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019)."
	case AllowOriginMismatch, InvalidAllowOriginValue:
		return prefix + "(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018" + c.hint + "\u2019)."
	case InvalidAllowCredentials:
		return prefix + "(Reason: expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019)."
	}
	switch c.reason {
	case PreflightInvalidStatus:
		return prefix + "(Reason: CORS preflight response did not succeed). Status code: " + status + "."
	case PreflightDisallowedRedirect:
		return prefix + "(Reason: CORS request external redirect not allowed)."
	case InvalidAllowMethodsPreflightResponse:
		return prefix + "(Reason: invalid token \u2018" + c.hint + "\u2019 in CORS header \u2018Access-Control-Allow-Methods\u2019)."
	case InvalidAllowHeadersPreflightResponse:
		return prefix + "(Reason: invalid token \u2018" + c.hint + "\u2019 in CORS header \u2018Access-Control-Allow-Headers\u2019)."
	case MethodDisallowedByPreflightResponse:
		return prefix + "(Reason: Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019)."
	case HeaderDisallowedByPreflightResponse:
		return prefix + "(Reason: header \u2018" + c.hint + "\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight response)."
	case CorsDisabledScheme:
		return prefix + "(Reason: CORS request not http)."
	case RedirectContainsCredentials, TooManyRedirects, InvalidRedirectLocation, RedirectModeError, DisallowedByMode, NoCorsRedirectModeNotFollow:
		// Firefox logs no CORS reason for these; the promise rejects with
		// its generic network error.
		return "TypeError: NetworkError when attempting to fetch resource."
	}
	return prefix
}

func firefoxTypeError(c msgContext) string {
	switch c.reason {
	case ForbiddenMethod:
		return "Invalid request method " + c.hint + "."
	case InvalidMethod:
		return "Invalid request method " + c.hint + "."
	case InvalidHeader:
		parts := strings.Split(c.hint, "\x00")
		switch parts[0] {
		case "name":
			return asciiLower(parts[1]) + " is an invalid header name."
		case "latin1":
			return "Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index " + parts[2] + " has value " + parts[3] + " which is greater than 255."
		}
		return strings.Join(parts[2:], "\x00") + " is an invalid header value."
	case NoCorsMethodNotSafelisted:
		return "Invalid request method " + c.hint + "."
	case BodyWithGetOrHead:
		return "HEAD or GET Request cannot have a body."
	case URLContainsCredentials:
		return c.hint + " is an url with embedded credentials."
	case InvalidURL:
		return c.hint + " is not a valid URL."
	}
	return string(c.reason)
}

// webkitMessage pairs the detailed description with the summary line, as
// Safari's console shows them.
func webkitMessage(c msgContext) string {
	if c.reason.IsTypeError() {
		return "TypeError: " + string(c.reason)
	}
	status := strconv.Itoa(c.status)
	var d string
	base := strings.TrimPrefix(string(c.reason), "Preflight")
	switch Reason(base) {
	case MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue:
		d = "Origin " + c.origin + " is not allowed by Access-Control-Allow-Origin. Status code: " + status
	case WildcardOriginNotAllowed:
		d = "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
	case MultipleAllowOriginValues:
		d = "Access-Control-Allow-Origin cannot contain more than one origin."
	case InvalidAllowCredentials:
		d = "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
	}
	switch c.reason {
	case PreflightInvalidStatus:
		d = "Preflight response is not successful. Status code: " + status
	case PreflightDisallowedRedirect:
		d = "Preflight response is not successful. Status code: " + status
	case InvalidAllowMethodsPreflightResponse:
		d = "Header Access-Control-Allow-Methods has an invalid value: " + c.hint
	case InvalidAllowHeadersPreflightResponse:
		d = "Header Access-Control-Allow-Headers has an invalid value: " + c.hint
	case MethodDisallowedByPreflightResponse:
		d = "Method " + c.hint + " is not allowed by Access-Control-Allow-Methods."
	case HeaderDisallowedByPreflightResponse:
		d = "Request header field " + c.hint + " is not allowed by Access-Control-Allow-Headers."
	case RedirectContainsCredentials:
		d = "redirection URL " + c.hint + " has credentials"
	case RedirectModeError:
		d = "Not allowed to follow a redirection while loading " + c.url
	case CorsDisabledScheme:
		d = "not allowed to follow a cross-origin CORS redirection with non CORS scheme"
	}
	if d == "" {
		return "Fetch API cannot load " + c.url + " due to access control checks."
	}
	return d + "\nFetch API cannot load " + c.url + " due to access control checks."
}
