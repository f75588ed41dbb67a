package fetchspec

import (
	"strconv"
	"strings"
)

// Console lines. Each browser profile carries its own templates (profile
// data, not code): the wording comes from each engine's source
// (Chromium's cors_error_string.cc and fetch_manager.cc, Firefox's
// security.properties, WebKit's CrossOriginAccessControl.cpp) and, for
// Chromium and Firefox, from what our own browser runs printed
// (testdata/browsers). The spec profile has none: it is not a browser.
//
// A template is text with {placeholders}, expanded in one pass, so a value
// that itself holds "{url}" is printed as typed:
//
//	{prefix}     the console style's prefix, plus its preflight prefix for
//	             a Preflight* reason
//	{url}        the URL that failed (after redirects)
//	{redirected} "(redirected from 'INITIAL') " when fetch() was given
//	             another URL
//	{origin}     the page's origin
//	{presented}  the origin the request presented (null once tainted)
//	{initial}    the URL fetch() was given
//	{redirectprefix}
//	             WebKit's "Cross-origin redirection to LOCATION denied by
//	             Cross-Origin Resource Sharing policy: " when the failure
//	             is about a redirect
//	{value}      the value the failing check judged
//	{status}     the status of the response that failed
//	{reason}     the reason code
//	{neterr}     Chromium's net error for the failure (ChromiumNetError)
//	{name} {lname} {hvalue} {index} {code}
//	             the refused header: name, lower-cased name, value, and
//	             the index and code point of its first non-Latin-1 character
type consoleStyle struct {
	// typeError starts the line of a TypeError fetch() throws.
	typeError string
	// prefix starts a CORS line; preflightPrefix follows it for the
	// reasons Chromium reports against the preflight.
	prefix, preflightPrefix string
	// lines are looked up by "Reason/variant", then by the reason, then by
	// the reason without its Preflight prefix. Variants: the kind of a
	// refused header (name, latin1, value).
	lines map[string]string
	// fallback is used when no line matches (typeFallback for a TypeError).
	fallback, typeFallback string
}

// Failure is why a fetch failed, with the values the failing check judged
// and what a console line can mention.
type Failure struct {
	Reason Reason
	// Value is Chromium's failed_parameter: the header value, method or
	// header name that failed ("" when none).
	Value string
	// Header is the header fetch() refused (InvalidHeader only).
	Header BadHeader
	// Status is the status of the response that failed.
	Status int
	// URL is the URL that failed; Initial the one fetch() was given.
	URL, Initial string
	// Origin is the page's serialized origin; Presented the origin the
	// request presented ("null" once a redirect tainted it).
	Origin, Presented string
	// Location is where the failed response redirected to (credentials
	// removed), when the failure is about a redirect; "" otherwise.
	Location string
}

// variant picks a template variant for failures worded more than one way.
func (f *Failure) variant() string {
	switch f.Reason {
	case MixedContent:
		if f.Initial != "" && f.Initial != f.URL {
			return "redirected"
		}
		if u, err := ParseURL(f.URL); err == nil && potentiallyTrustworthy(u) {
			return "loopback" // a loopback host, blocked by WebKit only
		}
	case InvalidHeader:
		switch f.Header.Kind {
		case BadHeaderName:
			return "name"
		case BadHeaderLatin:
			return "latin1"
		}
		return "value"
	}
	return ""
}

// ChromiumNetErrors are the failures Chromium reports as a net error
// rather than a CORS error, with the error each gives (DevTools shows
// these in place of a corsError; the console prints "Failed to load
// resource: " and the name). A redirect to a URL that parses but is not
// http(s) is ERR_UNSAFE_REDIRECT; any other bad Location ERR_INVALID_REDIRECT.
var ChromiumNetErrors = []struct {
	Reason Reason
	Name   string
}{
	{TooManyRedirects, "net::ERR_TOO_MANY_REDIRECTS"},
	{RedirectModeError, "net::ERR_FAILED"},
	{InvalidRedirectLocation, "net::ERR_UNSAFE_REDIRECT"},
	{InvalidRedirectLocation, "net::ERR_INVALID_REDIRECT"},
	{BadPort, "net::ERR_UNSAFE_PORT"},
	{BlobNotFound, "net::ERR_FILE_NOT_FOUND"},
	{InvalidDataURL, "net::ERR_INVALID_URL"},
	{CorpNotSameOrigin, "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"},
	{CorpNotSameSite, "net::ERR_BLOCKED_BY_RESPONSE.NotSameSite"},
}

// ChromiumNetError is the net error Chromium reports for a failure, or ""
// when it reports a CORS error; value is the failure's judged value (the
// Location, for a redirect).
func ChromiumNetError(r Reason, value string) string {
	unsafe := false
	if r == InvalidRedirectLocation {
		u, err := ParseURL(value)
		unsafe = err == nil && !u.IsHTTPScheme()
	}
	for _, n := range ChromiumNetErrors {
		if n.Reason == r && (r != InvalidRedirectLocation || unsafe == strings.HasSuffix(n.Name, "UNSAFE_REDIRECT")) {
			return n.Name
		}
	}
	return ""
}

// message renders the console line for a failure; "" without a style.
func (c *consoleStyle) message(f *Failure) string {
	if c == nil {
		return ""
	}
	key := string(f.Reason)
	t, ok := "", false
	if v := f.variant(); v != "" {
		t, ok = c.lines[key+"/"+v]
	}
	if !ok {
		t, ok = c.lines[key]
	}
	if !ok {
		t, ok = c.lines[string(baseReason(f.Reason))]
	}
	if f.Reason.IsTypeError() {
		if !ok {
			t = c.typeFallback
		}
		return c.typeError + c.expand(t, f)
	}
	if !ok {
		t = c.fallback
	}
	return c.expand(t, f)
}

// expand fills the placeholders of t in one pass.
func (c *consoleStyle) expand(t string, f *Failure) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			return b.String()
		}
		b.WriteString(t[:i])
		switch name := t[i+1 : i+j]; name {
		case "prefix":
			b.WriteString(c.expand(c.prefix, f))
			if f.Reason.IsPreflight() {
				b.WriteString(c.preflightPrefix)
			}
		case "url":
			b.WriteString(f.URL)
		case "redirected":
			if f.Initial != "" && f.Initial != f.URL {
				b.WriteString("(redirected from '" + f.Initial + "') ")
			}
		case "origin":
			b.WriteString(f.Origin)
		case "presented":
			b.WriteString(f.Presented)
		case "initial":
			b.WriteString(orDefault(f.Initial, f.URL))
		case "redirectprefix":
			if f.Location != "" {
				b.WriteString("Cross-origin redirection to " + f.Location + " denied by Cross-Origin Resource Sharing policy: ")
			}
		case "value":
			b.WriteString(f.Value)
		case "status":
			b.WriteString(strconv.Itoa(f.Status))
		case "reason":
			b.WriteString(string(f.Reason))
		case "neterr":
			b.WriteString(ChromiumNetError(f.Reason, f.Value))
		case "name":
			b.WriteString(f.Header.Name)
		case "lname":
			b.WriteString(asciiLower(f.Header.Name))
		case "hvalue":
			b.WriteString(f.Header.Value)
		case "index":
			b.WriteString(strconv.Itoa(f.Header.Index))
		case "code":
			b.WriteString(strconv.Itoa(f.Header.Code))
		default:
			b.WriteString(t[i : i+j+1])
		}
		t = t[i+j+1:]
	}
}

// baseReason drops the Preflight prefix of the six CORS-check reasons
// Chromium reports against a preflight: the check is the same one.
func baseReason(r Reason) Reason {
	switch r {
	case PreflightWildcardOriginNotAllowed, PreflightMissingAllowOriginHeader, PreflightMultipleAllowOriginValues,
		PreflightInvalidAllowOriginValue, PreflightAllowOriginMismatch, PreflightInvalidAllowCredentials:
		return r[len("Preflight"):]
	}
	return r
}

// fetchSuffix is what Chromium 156 appends for fetch() to some lines, as
// recorded in testdata/browsers/chromium (older sources also suggested
// no-cors).
const fetchSuffix = " Have the server send the header with a valid value."

var chromiumConsole = &consoleStyle{
	typeError:       "TypeError: Failed to execute 'fetch' on 'Window': ",
	prefix:          "Access to fetch at '{url}' {redirected}from origin '{origin}' has been blocked by CORS policy: ",
	preflightPrefix: "Response to preflight request doesn't pass access control check: ",
	fallback:        "{prefix}{reason}",
	typeFallback:    "{reason}",
	lines: map[string]string{
		string(ForbiddenMethod):                      "'{value}' HTTP method is unsupported.",
		string(InvalidMethod):                        "'{value}' is not a valid HTTP method.",
		"InvalidHeader/name":                         "Invalid name",
		"InvalidHeader/latin1":                       "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.",
		"InvalidHeader/value":                        "Invalid value",
		string(NoCorsMethodNotSafelisted):            "'{value}' is unsupported in no-cors mode.",
		string(BodyWithGetOrHead):                    "Request with GET/HEAD method cannot have body.",
		string(URLContainsCredentials):               "Request cannot be constructed from a URL that includes credentials: {value}",
		string(InvalidURL):                           "Failed to parse URL from {value}",
		string(WildcardOriginNotAllowed):             "{prefix}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
		string(MissingAllowOriginHeader):             "{prefix}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
		string(MultipleAllowOriginValues):            "{prefix}The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed." + fetchSuffix,
		string(InvalidAllowOriginValue):              "{prefix}The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'." + fetchSuffix,
		string(AllowOriginMismatch):                  "{prefix}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin." + fetchSuffix,
		string(InvalidAllowCredentials):              "{prefix}The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
		string(PreflightInvalidStatus):               "{prefix}It does not have HTTP ok status.",
		string(PreflightDisallowedRedirect):          "{prefix}Redirect is not allowed for a preflight request.",
		string(InvalidAllowMethodsPreflightResponse): "{prefix}Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
		string(InvalidAllowHeadersPreflightResponse): "{prefix}Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
		string(MethodDisallowedByPreflightResponse):  "{prefix}Method {value} is not allowed by Access-Control-Allow-Methods in preflight response.",
		string(HeaderDisallowedByPreflightResponse):  "{prefix}Request header field {value} is not allowed by Access-Control-Allow-Headers in preflight response.",
		// Chromium 156 prints the location empty (testdata/browsers/
		// chromium/redirect-to-url-with-credentials.json); so do we.
		string(RedirectContainsCredentials): "{prefix}Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
		string(DisallowedByMode):            "Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}.",
		string(NoCorsRedirectModeNotFollow): "Fetch API cannot load {url}. Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
		string(CorsDisabledScheme):          "Fetch API cannot load {url}. URL scheme \"{value}\" is not supported.",
		// Chromium names the page's full URL; the engine knows only its
		// origin, so the line names the origin's root.
		string(MixedContent): "Mixed Content: The page at '{origin}/' was loaded over HTTPS, but requested an insecure resource '{url}'. This request has been blocked; the content must be served over HTTPS.",
	},
}

func init() {
	// Chromium prints every net error the same way: the lines come from
	// the one table of them.
	for _, n := range ChromiumNetErrors {
		chromiumConsole.lines[string(n.Reason)] = "Failed to load resource: {neterr}"
	}
}

// firefoxNetworkError is the rejection Firefox logs when it names no CORS
// reason.
const firefoxNetworkError = "TypeError: NetworkError when attempting to fetch resource."

var firefoxConsole = &consoleStyle{
	typeError:    "TypeError: Window.fetch: ",
	prefix:       "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. ",
	fallback:     "{prefix}",
	typeFallback: "{reason}",
	lines: map[string]string{
		string(ForbiddenMethod):                      "Invalid request method {value}.",
		string(InvalidMethod):                        "Invalid request method {value}.",
		"InvalidHeader/name":                         "{lname} is an invalid header name.",
		"InvalidHeader/latin1":                       "Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index {index} has value {code} which is greater than 255.",
		"InvalidHeader/value":                        "{hvalue} is an invalid header value.",
		string(NoCorsMethodNotSafelisted):            "Invalid request method {value}.",
		string(BodyWithGetOrHead):                    "HEAD or GET Request cannot have a body.",
		string(URLContainsCredentials):               "{value} is an url with embedded credentials.",
		string(InvalidURL):                           "{value} is not a valid URL.",
		string(MultipleAllowOriginValues):            "{prefix}(Reason: Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).",
		string(MissingAllowOriginHeader):             "{prefix}(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 missing). Status code: {status}.",
		string(WildcardOriginNotAllowed):             "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \u2018{url}\u2019. (Reason: Credential is not supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019).",
		string(AllowOriginMismatch):                  "{prefix}(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018{value}\u2019).",
		string(InvalidAllowOriginValue):              "{prefix}(Reason: CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018{value}\u2019).",
		string(InvalidAllowCredentials):              "{prefix}(Reason: expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019).",
		string(PreflightInvalidStatus):               "{prefix}(Reason: CORS preflight response did not succeed). Status code: {status}.",
		string(PreflightDisallowedRedirect):          "{prefix}(Reason: CORS request external redirect not allowed).",
		string(InvalidAllowMethodsPreflightResponse): "{prefix}(Reason: invalid token \u2018{value}\u2019 in CORS header \u2018Access-Control-Allow-Methods\u2019).",
		string(InvalidAllowHeadersPreflightResponse): "{prefix}(Reason: invalid token \u2018{value}\u2019 in CORS header \u2018Access-Control-Allow-Headers\u2019).",
		string(MethodDisallowedByPreflightResponse):  "{prefix}(Reason: Did not find method in CORS header \u2018Access-Control-Allow-Methods\u2019).",
		string(HeaderDisallowedByPreflightResponse):  "{prefix}(Reason: header \u2018{value}\u2019 is not allowed according to header \u2018Access-Control-Allow-Headers\u2019 from CORS preflight response).",
		string(CorsDisabledScheme):                   "{prefix}(Reason: CORS request not http).",
		// Firefox logs no CORS reason for these; the promise rejects with
		// its generic network error.
		string(RedirectContainsCredentials): firefoxNetworkError,
		string(TooManyRedirects):            firefoxNetworkError,
		string(InvalidRedirectLocation):     firefoxNetworkError,
		string(RedirectModeError):           firefoxNetworkError,
		string(DisallowedByMode):            firefoxNetworkError,
		string(NoCorsRedirectModeNotFollow): firefoxNetworkError,
		string(BadPort):                     firefoxNetworkError,
		string(MixedContent):                "Blocked loading mixed active content \u201c{url}\u201d",
		string(BlobNotFound):                firefoxNetworkError,
		string(InvalidDataURL):              firefoxNetworkError,
		string(CorpNotSameOrigin):           firefoxNetworkError,
		string(CorpNotSameSite):             firefoxNetworkError,
	},
}

// webkitSummary is the generic line Safari prints after the reason line.
const webkitSummary = "\nFetch API cannot load {url} due to access control checks."

var webkitConsole = &consoleStyle{
	typeError:    "TypeError: ",
	fallback:     "Fetch API cannot load {url} due to access control checks.",
	typeFallback: "{reason}",
	lines: map[string]string{
		string(MissingAllowOriginHeader):             "{redirectprefix}Origin {presented} is not allowed by Access-Control-Allow-Origin. Status code: {status}" + webkitSummary,
		string(AllowOriginMismatch):                  "{redirectprefix}Origin {presented} is not allowed by Access-Control-Allow-Origin. Status code: {status}" + webkitSummary,
		string(InvalidAllowOriginValue):              "{redirectprefix}Origin {presented} is not allowed by Access-Control-Allow-Origin. Status code: {status}" + webkitSummary,
		string(WildcardOriginNotAllowed):             "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true." + webkitSummary,
		string(MultipleAllowOriginValues):            "Access-Control-Allow-Origin cannot contain more than one origin." + webkitSummary,
		string(InvalidAllowCredentials):              "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"." + webkitSummary,
		string(PreflightInvalidStatus):               "Preflight response is not successful. Status code: {status}" + webkitSummary,
		string(PreflightDisallowedRedirect):          "Preflight response is not successful. Status code: {status}" + webkitSummary,
		string(InvalidAllowMethodsPreflightResponse): "Header Access-Control-Allow-Methods has an invalid value: {value}" + webkitSummary,
		string(InvalidAllowHeadersPreflightResponse): "Header Access-Control-Allow-Headers has an invalid value: {value}" + webkitSummary,
		string(MethodDisallowedByPreflightResponse):  "Method {value} is not allowed by Access-Control-Allow-Methods." + webkitSummary,
		string(HeaderDisallowedByPreflightResponse):  "Request header field {name} is not allowed by Access-Control-Allow-Headers." + webkitSummary,
		string(RedirectContainsCredentials):          "{redirectprefix}redirection URL {value} has credentials" + webkitSummary,
		string(RedirectModeError):                    "Not allowed to follow a redirection while loading {url}" + webkitSummary,
		// Measured in WebKitGTK 2.50 (testdata/browsers/webkit; TestWebKitMessages).
		string(CorsDisabledScheme):          "Cross origin requests are only supported for HTTP." + webkitSummary,
		string(InvalidRedirectLocation):     "{redirectprefix}not allowed to follow a cross-origin CORS redirection with non CORS scheme" + webkitSummary,
		string(TooManyRedirects):            "Load cannot follow more than 20 redirections" + webkitSummary,
		string(BadPort):                     "Not allowed to use restricted network port {value}: {url}",
		string(CorpNotSameOrigin):           "Cancelled load to {url} because it violates the resource's Cross-Origin-Resource-Policy response header." + webkitSummary,
		string(CorpNotSameSite):             "Cancelled load to {url} because it violates the resource's Cross-Origin-Resource-Policy response header." + webkitSummary,
		string(InvalidDataURL):              "Fetch API cannot load {url}.",
		string(DisallowedByMode):            "Fetch API cannot load {url}.",
		string(NoCorsRedirectModeNotFollow): "No-Cors mode requires follow redirect mode\nNot allowed to request resource",
		string(MixedContent):                "[blocked] The page at {origin}/ requested insecure content from {url}. This content was blocked and must be served over HTTPS.\nNot allowed to request resource",
		// Sic: WebKit's line for a loopback host stops after "must".
		"MixedContent/loopback":   "[blocked] The page at {origin}/ requested insecure content from {url}. This content was blocked and must\nNot allowed to request resource",
		"MixedContent/redirected": "[blocked] The page at {origin}/ requested insecure content from {url}. This content was blocked and must be served over HTTPS.\nFetch API cannot load {initial} due to access control checks.",
	},
}
