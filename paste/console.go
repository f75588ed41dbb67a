package paste

import (
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Console text: the messages Chromium, Firefox and Safari print when they
// block a fetch. Each becomes its reason code, the URL and origin it names
// fill the request, and the scenario reproduces that failure: a server
// answer the browser rejects for exactly that reason, so the flowchart
// shows the failing check and the fix. The templates mirror fetchspec's
// messages.go; TestConsoleRoundTrip keeps the two in step.

// hit is one recognized console message.
type hit struct {
	at      line
	browser string
	reason  fetchspec.Reason
	url     string
	initial string
	// location: where the failed response redirected (WebKit names it).
	location string
	origin   string
	hint     string
	method   string
	status   int
	// hinted: the message showed the value (maybe empty).
	hinted bool
	// why: the message fits several reasons; what corsim chose and why.
	why string
}

// tmpl matches text against a template with {name} placeholders; each
// captures up to the next literal text (the last one to the end).
func tmpl(t, text string) (map[string]string, bool) {
	out := map[string]string{}
	for t != "" {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out, t == text
		}
		if !strings.HasPrefix(text, t[:i]) {
			return nil, false
		}
		text = text[i:]
		j := strings.IndexByte(t, '}')
		name := t[i+1 : j]
		t = t[j+1:]
		next := t
		k := strings.IndexByte(next, '{')
		if k >= 0 {
			next = next[:k]
		}
		if next == "" {
			out[name] = text
			return out, true
		}
		if k < 0 {
			// The template's tail: the value runs up to it, dots and all.
			if !strings.HasSuffix(text, next) || len(text) < len(next) {
				return nil, false
			}
			out[name] = text[:len(text)-len(next)]
			return out, true
		}
		k = strings.Index(text, next)
		if k < 0 {
			return nil, false
		}
		out[name] = text[:k]
		text = text[k:]
	}
	return out, text == ""
}

type rule struct {
	reason fetchspec.Reason
	t      string
}

// Chromium: cors_error_string.cc's texts after the common prefix.
var chromiumReasons = []rule{
	{fetchspec.WildcardOriginNotAllowed, "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."},
	{fetchspec.MissingAllowOriginHeader, "No 'Access-Control-Allow-Origin' header is present on the requested resource.{rest}"},
	{fetchspec.MultipleAllowOriginValues, "The 'Access-Control-Allow-Origin' header contains multiple values '{hint}', but only one is allowed.{rest}"},
	{fetchspec.InvalidAllowOriginValue, "The 'Access-Control-Allow-Origin' header contains the invalid value '{hint}'.{rest}"},
	{fetchspec.AllowOriginMismatch, "The 'Access-Control-Allow-Origin' header has a value '{hint}' that is not equal to the supplied origin.{rest}"},
	{fetchspec.InvalidAllowCredentials, "The value of the 'Access-Control-Allow-Credentials' header in the response is '{hint}' which must be 'true' when the request's credentials mode is 'include'.{rest}"},
	{fetchspec.PreflightInvalidStatus, "It does not have HTTP ok status."},
	{fetchspec.PreflightDisallowedRedirect, "Redirect is not allowed for a preflight request."},
	{fetchspec.InvalidAllowMethodsPreflightResponse, "Cannot parse Access-Control-Allow-Methods response header field in preflight response."},
	{fetchspec.InvalidAllowHeadersPreflightResponse, "Cannot parse Access-Control-Allow-Headers response header field in preflight response."},
	{fetchspec.MethodDisallowedByPreflightResponse, "Method {method} is not allowed by Access-Control-Allow-Methods in preflight response."},
	{fetchspec.HeaderDisallowedByPreflightResponse, "Request header field {hint} is not allowed by Access-Control-Allow-Headers in preflight response."},
	{fetchspec.RedirectContainsCredentials, "Redirect location '{hint}' contains a username and password, which is disallowed for cross-origin requests."},
}

var chromiumOther = []rule{
	{fetchspec.DisallowedByMode, "Fetch API cannot load {url}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}."},
	{fetchspec.NoCorsRedirectModeNotFollow, "Fetch API cannot load {url}. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."},
	{fetchspec.CorsDisabledScheme, "Fetch API cannot load {url}. URL scheme \"{hint}\" is not supported."},
}

func init() {
	// The net errors come from the engine's one table.
	for _, n := range fetchspec.ChromiumNetErrors {
		chromiumOther = append(chromiumOther, rule{n.Reason, "Failed to load resource: " + n.Name})
	}
}

var chromiumTypeErrors = []rule{
	{fetchspec.ForbiddenMethod, "'{method}' HTTP method is unsupported."},
	{fetchspec.InvalidMethod, "'{method}' is not a valid HTTP method."},
	{fetchspec.InvalidHeader, "Invalid name"},
	{fetchspec.InvalidHeader, "Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point."},
	{fetchspec.InvalidHeader, "Invalid value"},
	{fetchspec.NoCorsMethodNotSafelisted, "'{method}' is unsupported in no-cors mode."},
	{fetchspec.BodyWithGetOrHead, "Request with GET/HEAD method cannot have body."},
	{fetchspec.URLContainsCredentials, "Request cannot be constructed from a URL that includes credentials: {url}"},
}

// Firefox: security.properties, "(Reason: ...)" after the shared prefix.
var firefoxReasons = []rule{
	{fetchspec.MultipleAllowOriginValues, "(Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."},
	{fetchspec.MissingAllowOriginHeader, "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {status}."},
	{fetchspec.MissingAllowOriginHeader, "(Reason: CORS header ‘Access-Control-Allow-Origin’ missing)."},
	{fetchspec.WildcardOriginNotAllowed, "(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."},
	{fetchspec.AllowOriginMismatch, "(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘{hint}’)."},
	{fetchspec.InvalidAllowCredentials, "(Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."},
	{fetchspec.PreflightInvalidStatus, "(Reason: CORS preflight response did not succeed). Status code: {status}."},
	{fetchspec.PreflightDisallowedRedirect, "(Reason: CORS request external redirect not allowed)."},
	{fetchspec.InvalidAllowMethodsPreflightResponse, "(Reason: invalid token ‘{hint}’ in CORS header ‘Access-Control-Allow-Methods’)."},
	{fetchspec.InvalidAllowHeadersPreflightResponse, "(Reason: invalid token ‘{hint}’ in CORS header ‘Access-Control-Allow-Headers’)."},
	{fetchspec.MethodDisallowedByPreflightResponse, "(Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."},
	{fetchspec.HeaderDisallowedByPreflightResponse, "(Reason: header ‘{hint}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."},
	{fetchspec.CorsDisabledScheme, "(Reason: CORS request not http)."},
}

var firefoxTypeErrors = []rule{
	{fetchspec.ForbiddenMethod, "Invalid request method {method}."},
	{fetchspec.InvalidHeader, "{hint} is an invalid header name."},
	{fetchspec.InvalidHeader, "Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index {index} has value {value} which is greater than 255."},
	{fetchspec.InvalidHeader, "{hint} is an invalid header value."},
	{fetchspec.BodyWithGetOrHead, "HEAD or GET Request cannot have a body."},
	{fetchspec.URLContainsCredentials, "{url} is an url with embedded credentials."},
}

// Safari: the detail line before "Fetch API cannot load ... due to access
// control checks."
var webkitDetails = []rule{
	{fetchspec.MissingAllowOriginHeader, "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}"},
	{fetchspec.WildcardOriginNotAllowed, "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."},
	{fetchspec.MultipleAllowOriginValues, "Access-Control-Allow-Origin cannot contain more than one origin."},
	{fetchspec.InvalidAllowCredentials, "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."},
	{fetchspec.PreflightInvalidStatus, "Preflight response is not successful. Status code: {status}"},
	{fetchspec.InvalidAllowMethodsPreflightResponse, "Header Access-Control-Allow-Methods has an invalid value: {hint}"},
	{fetchspec.InvalidAllowHeadersPreflightResponse, "Header Access-Control-Allow-Headers has an invalid value: {hint}"},
	{fetchspec.MethodDisallowedByPreflightResponse, "Method {method} is not allowed by Access-Control-Allow-Methods."},
	{fetchspec.HeaderDisallowedByPreflightResponse, "Request header field {hint} is not allowed by Access-Control-Allow-Headers."},
	{fetchspec.RedirectContainsCredentials, "redirection URL {hint} has credentials"},
	{fetchspec.RedirectModeError, "Not allowed to follow a redirection while loading {url}"},
	{fetchspec.InvalidRedirectLocation, "not allowed to follow a cross-origin CORS redirection with non CORS scheme"},
	{fetchspec.CorsDisabledScheme, "Cross origin requests are only supported for HTTP."},
	{fetchspec.TooManyRedirects, "Load cannot follow more than 20 redirections"},
	{fetchspec.CorpNotSameOrigin, "Cancelled load to {url} because it violates the resource's Cross-Origin-Resource-Policy response header."},
}

// webkitAlone are WebKit's lines that stand without the "due to access
// control checks" summary (measured in WebKitGTK 2.50).
var webkitAlone = []rule{
	{fetchspec.BadPort, "Not allowed to use restricted network port {hint}: {url}"},
	{fetchspec.NoCorsRedirectModeNotFollow, "No-Cors mode requires follow redirect mode"},
}

const (
	chromiumPrefix   = "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: {rest}"
	chromiumRedirect = "Access to fetch at '{url}' (redirected from '{initial}') from origin '{origin}' has been blocked by CORS policy: {rest}"
	chromiumPreflt   = "Response to preflight request doesn't pass access control check: "
	chromiumTypeErr  = "TypeError: Failed to execute 'fetch' on 'Window': "
	firefoxPrefix    = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. {rest}"
	firefoxTypeErr   = "TypeError: Window.fetch: "
	firefoxNetErr    = "TypeError: NetworkError when attempting to fetch resource."
	webkitSummary    = "Fetch API cannot load {url} due to access control checks."
	webkitMixed      = "[blocked] The page at {page} requested insecure content from {url}. This content was blocked and must be served over HTTPS."
	webkitMixedShort = "[blocked] The page at {page} requested insecure content from {url}. This content was blocked and must"
	chromiumMixed    = "Mixed Content: The page at '{page}' was loaded over HTTPS, but requested an insecure resource '{url}'. This request has been blocked; the content must be served over HTTPS."
)

func hasConsoleMessage(lines []line) bool {
	for _, l := range lines {
		t := l.text
		if strings.Contains(t, "has been blocked by CORS policy") || strings.Contains(t, "Cross-Origin Request Blocked:") ||
			strings.Contains(t, "XMLHttpRequest cannot load ") ||
			strings.Contains(t, "due to access control checks") || strings.Contains(t, chromiumTypeErr) ||
			strings.Contains(t, firefoxTypeErr) || strings.Contains(t, firefoxNetErr) ||
			strings.Contains(t, "Failed to load resource: net::ERR_") || strings.Contains(t, "Fetch API cannot load ") ||
			strings.Contains(t, "Mixed Content: The page at '") || strings.Contains(t, "Blocked loading mixed active content ") ||
			strings.Contains(t, "[blocked] The page at ") || strings.Contains(t, "Not allowed to use restricted network port ") ||
			strings.Contains(t, "No-Cors mode requires follow redirect mode") {
			return true
		}
		if s, ok := from(t, "TypeError: "); ok && fetchspec.Reason(strings.TrimPrefix(s, "TypeError: ")).IsTypeError() {
			return true
		}
	}
	return false
}

// from cuts text at the first occurrence of marker (console lines carry a
// source location or "[Error]" before the message).
func from(text, marker string) (string, bool) {
	i := strings.Index(text, marker)
	if i < 0 {
		return "", false
	}
	return strings.TrimRight(text[i:], " \t"), true
}

func match(rules []rule, text string) (fetchspec.Reason, map[string]string, bool) {
	for _, r := range rules {
		if m, ok := tmpl(r.t, text); ok {
			return r.reason, m, true
		}
	}
	return "", nil, false
}

// readConsole finds every CORS message in the lines.
func readConsole(lines []line) (hits []*hit, netLines map[string][2]string) {
	netLines = map[string][2]string{}
	sawFirefoxBlock := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t, xhr := fromXHR(l.text)
		// Chromium's network line: "GET https://x net::ERR_FAILED 200 (OK)".
		if f := strings.Fields(t); len(f) >= 3 {
			k := 0
			for k < len(f) && !strings.HasPrefix(f[k], "net::ERR_") {
				k++
			}
			if k >= 2 && k < len(f) && isMethodWord(f[k-2]) && strings.Contains(f[k-1], "://") {
				st := ""
				if k+1 < len(f) {
					st = f[k+1]
				}
				netLines[f[k-1]] = [2]string{f[k-2], st}
				continue
			}
		}
		if s, ok := from(t, "Access to fetch at '"); ok {
			h := &hit{at: l, browser: "chromium"}
			m, ok := tmpl(chromiumRedirect, s)
			if !ok {
				m, ok = tmpl(chromiumPrefix, s)
			}
			if !ok {
				continue
			}
			rest := m["rest"]
			pre := strings.HasPrefix(rest, chromiumPreflt)
			rest = strings.TrimPrefix(rest, chromiumPreflt)
			reason, mm, ok := match(chromiumReasons, rest)
			if !ok {
				continue
			}
			if pre {
				reason = preflightTwin(reason)
			}
			h.reason, h.url, h.initial, h.origin = reason, m["url"], m["initial"], m["origin"]
			h.hint, h.method = mm["hint"], mm["method"]
			_, h.hinted = mm["hint"]
			if xhr {
				h.why = xhrWhy
			}
			hits = append(hits, h)
			continue
		}
		if s, ok := from(t, chromiumTypeErr); ok {
			reason, mm, ok := match(chromiumTypeErrors, strings.TrimPrefix(s, chromiumTypeErr))
			if ok {
				h := &hit{at: l, browser: "chromium", reason: reason, method: mm["method"], url: mm["url"]}
				switch strings.TrimPrefix(s, chromiumTypeErr) {
				case "Invalid name":
					h.hint = "name"
				case "Invalid value":
					h.hint = "value"
				default:
					if reason == fetchspec.InvalidHeader {
						h.hint = "latin1"
					}
				}
				hits = append(hits, h)
			}
			continue
		}
		if s, ok := from(t, "Fetch API cannot load "); ok && !strings.HasSuffix(s, "due to access control checks.") {
			if reason, mm, ok := match(chromiumOther, s); ok {
				hits = append(hits, &hit{at: l, browser: "chromium", reason: reason, url: mm["url"], origin: mm["origin"], hint: mm["hint"]})
				continue
			}
		}
		if s, ok := from(t, "Failed to load resource: net::ERR_"); ok {
			// Chromium prints ERR_FAILED after every blocked request; alone,
			// it is the whole message of a few failures.
			if strings.Contains(s, "ERR_FAILED") && anyLine(lines, "Access to fetch at '") {
				continue
			}
			if reason, _, ok := match(chromiumOther, s); ok {
				h := &hit{at: l, browser: "chromium", reason: reason}
				h.why = "this line names no URL and fits several failures; corsim shows one that prints exactly this"
				if strings.Contains(s, "UNSAFE") {
					h.hint = "unsafe"
				}
				hits = append(hits, h)
			}
			continue
		}
		if s, ok := from(t, "Mixed Content: The page at '"); ok {
			if m, ok := tmpl(chromiumMixed, s); ok {
				h := &hit{at: l, browser: "chromium", reason: fetchspec.MixedContent, url: m["url"]}
				if pu, err := fetchspec.ParseURL(m["page"]); err == nil {
					h.origin = pu.Origin().Serialize()
				}
				hits = append(hits, h)
			}
			continue
		}
		if s, ok := from(t, "[blocked] The page at "); ok {
			m, ok := tmpl(webkitMixed, s)
			if !ok {
				m, ok = tmpl(webkitMixedShort, s)
			}
			if ok {
				h := &hit{at: l, browser: "webkit", reason: fetchspec.MixedContent, url: m["url"]}
				// After a redirect WebKit's summary names the URL fetch()
				// was given.
				if i+1 < len(lines) {
					if s2, ok := from(lines[i+1].text, "Fetch API cannot load "); ok {
						if m2, ok := tmpl(webkitSummary, s2); ok && m2["url"] != h.url {
							h.initial = m2["url"]
						}
					}
				}
				if pu, err := fetchspec.ParseURL(m["page"]); err == nil {
					h.origin = pu.Origin().Serialize()
				}
				hits = append(hits, h)
			}
			continue
		}
		if s, ok := from(t, "Blocked loading mixed active content "); ok {
			u := strings.TrimPrefix(s, "Blocked loading mixed active content ")
			u = strings.Trim(strings.TrimSpace(u), "\u201c\u201d\"")
			hits = append(hits, &hit{at: l, browser: "firefox", reason: fetchspec.MixedContent, url: u,
				why: "Firefox does not name the page; its origin must be https for this message, so corsim uses https://app.example.com"})
			sawFirefoxBlock = true
			continue
		}
		if s, ok := from(t, "Cross-Origin Request Blocked:"); ok {
			m, ok := tmpl(firefoxPrefix, s)
			if !ok {
				continue
			}
			reason, mm, ok := match(firefoxReasons, m["rest"])
			if !ok {
				continue
			}
			u := strings.TrimSuffix(strings.TrimPrefix(m["url"], "‘"), "’")
			h := &hit{at: l, browser: "firefox", reason: reason, url: u, hint: mm["hint"]}
			h.status, _ = strconv.Atoi(mm["status"])
			if reason == fetchspec.AllowOriginMismatch {
				if _, err := fetchspec.ParseOrigin(h.hint); err != nil || strings.Contains(h.hint, ",") {
					h.reason = fetchspec.InvalidAllowOriginValue
				}
			}
			if reason == fetchspec.MultipleAllowOriginValues {
				h.why = "Firefox does not show the values; corsim uses two Access-Control-Allow-Origin lines"
			}
			if reason == fetchspec.MethodDisallowedByPreflightResponse {
				h.why = "Firefox does not name the method; corsim assumes PUT"
			}
			sawFirefoxBlock = true
			hits = append(hits, h)
			continue
		}
		if s, ok := from(t, firefoxTypeErr); ok {
			reason, mm, ok := match(firefoxTypeErrors, strings.TrimPrefix(s, firefoxTypeErr))
			// A header value with a line break prints over several lines.
			for k := i + 1; !ok && k < len(lines) && k <= i+3; k++ {
				s += "\n" + lines[k].text
				if reason, mm, ok = match(firefoxTypeErrors, strings.TrimPrefix(s, firefoxTypeErr)); ok {
					i = k
				}
			}
			if ok {
				h := &hit{at: l, browser: "firefox", reason: reason, method: mm["method"], hint: mm["hint"], url: mm["url"]}
				if reason == fetchspec.ForbiddenMethod {
					switch strings.ToUpper(h.method) {
					case "CONNECT", "TRACE", "TRACK":
					default:
						if fetchspec.IsToken(h.method) {
							h.reason = fetchspec.NoCorsMethodNotSafelisted
						} else {
							h.reason = fetchspec.InvalidMethod
						}
					}
				}
				if mm["index"] != "" {
					h.hint = "latin1\x00" + mm["index"] + "\x00" + mm["value"]
				} else if reason == fetchspec.InvalidHeader {
					if strings.HasSuffix(s, "invalid header name.") {
						h.hint = "name\x00" + mm["hint"]
					} else {
						h.hint = "value\x00" + mm["hint"]
					}
				}
				hits = append(hits, h)
			}
			continue
		}
		if strings.Contains(t, firefoxNetErr) {
			if !sawFirefoxBlock && !nextHas(lines, i, "Cross-Origin Request Blocked:") {
				hits = append(hits, &hit{at: l, browser: "firefox", reason: fetchspec.DisallowedByMode,
					why: "Firefox prints this TypeError for every blocked request; the reason is on a \"Cross-Origin Request Blocked\" line near it (paste that line). Without it, corsim shows one failure that prints exactly this"})
			}
			continue
		}
		if reason, mm, ok := match(webkitAlone, stripSafari(t)); ok {
			h := &hit{at: l, browser: "webkit", reason: reason, url: mm["url"], hint: mm["hint"]}
			if reason == fetchspec.BadPort {
				if pu, err := fetchspec.ParseURL(h.url); err == nil {
					h.url = pu.String()
				}
			}
			hits = append(hits, h)
			continue
		}
		if s, ok := from(t, "Fetch API cannot load "); ok && !strings.HasSuffix(s, "due to access control checks.") && strings.HasSuffix(s, ".") {
			// WebKit's bare line: a same-origin-mode refusal, or a data:
			// URL it could not read.
			u := strings.TrimSuffix(strings.TrimPrefix(s, "Fetch API cannot load "), ".")
			reason := fetchspec.DisallowedByMode
			if strings.HasPrefix(u, "data:") {
				reason = fetchspec.InvalidDataURL
			}
			hits = append(hits, &hit{at: l, browser: "webkit", reason: reason, url: u})
			continue
		}
		if s, ok := from(t, "Fetch API cannot load "); ok {
			m, ok := tmpl(webkitSummary, s)
			if !ok {
				continue
			}
			// The summary after a mixed-content line belongs to it.
			if i > 0 && strings.Contains(lines[i-1].text, "[blocked] The page at ") {
				continue
			}
			h := &hit{at: l, browser: "webkit", url: m["url"]}
			if xhr {
				h.why = xhrWhy
			}
			// The detail is on the line before, when Safari printed one.
			if i > 0 {
				prev := stripSafari(lines[i-1].text)
				// A failure on a redirect response is prefixed with where
				// it led.
				redirectTo := ""
				if rest, ok := strings.CutPrefix(prev, "Cross-origin redirection to "); ok {
					if loc, detail, ok := strings.Cut(rest, " denied by Cross-Origin Resource Sharing policy: "); ok {
						redirectTo, prev = loc, detail
					}
				}
				h.location = redirectTo
				if reason, mm, ok := match(webkitDetails, prev); ok {
					h.reason, h.origin, h.hint, h.method = reason, mm["origin"], mm["hint"], mm["method"]
					h.status, _ = strconv.Atoi(mm["status"])
					if reason == fetchspec.PreflightInvalidStatus && fetchspec.IsRedirectStatus(h.status) {
						h.reason = fetchspec.PreflightDisallowedRedirect
					}
					if reason == fetchspec.MissingAllowOriginHeader {
						h.why = "Safari prints this for a missing, a mismatched and an invalid Access-Control-Allow-Origin alike; corsim shows the missing header"
					}
				}
			}
			if h.reason == "" && strings.HasPrefix(h.url, "blob:") {
				h.reason = fetchspec.BlobNotFound
			}
			if h.reason == "" {
				h.reason = fetchspec.DisallowedByMode
				h.why = "Safari gave no detail line; several failures print only this line, and corsim shows one of them. Paste the line above it, if there is one"
			}
			hits = append(hits, h)
			continue
		}
		if s, ok := from(t, "TypeError: "); ok {
			code := fetchspec.Reason(strings.TrimPrefix(s, "TypeError: "))
			if code.IsTypeError() {
				hits = append(hits, &hit{at: l, browser: "webkit", reason: code})
			}
		}
	}
	return hits, netLines
}

const xhrWhy = "an XMLHttpRequest (axios, jQuery and older code use it): the CORS checks are the same as for fetch(), which corsim models, so the console line below reads \"fetch\""

// fromXHR reads Chromium's and Safari's messages about XMLHttpRequest as
// the fetch() ones they mirror.
func fromXHR(t string) (string, bool) {
	for _, r := range [][2]string{
		{"Access to XMLHttpRequest at '", "Access to fetch at '"},
		{"XMLHttpRequest cannot load ", "Fetch API cannot load "},
	} {
		if strings.Contains(t, r[0]) {
			return strings.Replace(t, r[0], r[1], 1), true
		}
	}
	return t, false
}

func anyLine(lines []line, s string) bool {
	for _, l := range lines {
		if strings.Contains(l.text, s) {
			return true
		}
	}
	return false
}

func nextHas(lines []line, i int, s string) bool {
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		if strings.Contains(lines[j].text, s) {
			return true
		}
	}
	return false
}

func stripSafari(t string) string {
	t = strings.TrimSpace(t)
	for _, p := range []string{"[Error] ", "[Warning] "} {
		if i := strings.Index(t, p); i >= 0 {
			t = t[i+len(p):]
		}
	}
	return t
}

func isMethodWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func preflightTwin(r fetchspec.Reason) fetchspec.Reason {
	switch r {
	case fetchspec.WildcardOriginNotAllowed, fetchspec.MissingAllowOriginHeader, fetchspec.MultipleAllowOriginValues,
		fetchspec.InvalidAllowOriginValue, fetchspec.AllowOriginMismatch, fetchspec.InvalidAllowCredentials:
		return "Preflight" + r
	}
	return r
}

// parseConsole builds one request per message, each with the server
// answer that reproduces it.
func parseConsole(lines []line, opt Options) (*draft, error) {
	hits, netLines := readConsole(lines)
	if len(hits) == 0 {
		return nil, &Error{Line: 1, Col: 1, Msg: "this looks like console output, but no line is a CORS or fetch() message corsim knows; paste the line that says \"blocked by CORS policy\", \"Cross-Origin Request Blocked\" or \"due to access control checks\""}
	}
	d := &draft{kind: KindConsole}
	browser := hits[0].browser
	var reasons []string
	seen := map[string]bool{}
	for _, h := range hits {
		key := h.browser + string(h.reason) + h.url + h.hint
		if seen[key] {
			continue
		}
		seen[key] = true
		if nl, ok := netLines[h.url]; ok && h.method == "" {
			h.method = nl[0]
			if n, err := strconv.Atoi(nl[1]); err == nil && h.status == 0 {
				h.status = n
			}
		}
		if h.origin != "" && d.origin == "" {
			d.origin = h.origin
		}
		d.reproduce(h)
		reasons = append(reasons, string(h.reason))
		if h.why != "" {
			d.problems = append(d.problems, Problem{Line: h.at.n, Col: 1, Msg: h.why, Text: clip(h.at.text, 200)})
		}
	}
	if opt.Browser == "" {
		opt.Browser = browser
	}
	name := map[string]string{"chromium": "Chromium", "firefox": "Firefox", "webkit": "Safari"}[browser]
	n := strconv.Itoa(len(reasons)) + " messages"
	if len(reasons) == 1 {
		n = "1 message"
	}
	d.summary = name + " console, " + n + ": " + strings.Join(reasons, ", ")
	d.browser = browser
	return d, nil
}

// reproduce adds the call and the server answers that make the browser
// print the message again.
func (d *draft) reproduce(h *hit) {
	u := h.url
	if u == "" {
		u = guessURL
		d.guess("url", u, "the message does not name the URL")
	}
	c := &call{method: h.method, url: u, mode: "cors"}
	if h.initial != "" && h.initial != h.url {
		c.url = h.initial
	}
	if c.method == "" {
		c.method = "GET"
	}
	acao := "Access-Control-Allow-Origin: {origin}\r\n"
	status := h.status
	if status == 0 {
		status = 200
	}
	resp := func(st int, lines string) string {
		return "HTTP/1.1 " + strconv.Itoa(st) + " " + fetchspec.StatusText(st) + "\r\n" + lines + "\r\n"
	}
	var preflight string
	mainResp := resp(200, acao)
	// A preflight failed, so the request was not a simple one: a method
	// the console named stays, and a JSON body's Content-Type (what axios
	// and most clients send) is what made it need one; otherwise PUT.
	needPreflight := func() {
		if c.method == "GET" || c.method == "HEAD" || c.method == "POST" {
			if h.method != "" {
				c.headers = append(c.headers, [2]string{"Content-Type", "application/json"})
				d.guess("headers", "Content-Type: application/json", "the console names the method but not the headers; a JSON Content-Type is the usual reason such a request needs a preflight")
				return
			}
			c.method = "PUT"
		}
	}
	switch h.reason {
	case fetchspec.MissingAllowOriginHeader:
		mainResp = resp(status, redirectLine(h))
	case fetchspec.AllowOriginMismatch, fetchspec.InvalidAllowOriginValue:
		mainResp = resp(status, "Access-Control-Allow-Origin: "+h.hint+"\r\n"+redirectLine(h))
	case fetchspec.MultipleAllowOriginValues:
		mainResp = resp(status, multiACAO(h.hint))
	case fetchspec.WildcardOriginNotAllowed:
		c.credentials = "include"
		mainResp = resp(status, "Access-Control-Allow-Origin: *\r\n")
	case fetchspec.InvalidAllowCredentials:
		c.credentials = "include"
		mainResp = resp(status, acao+"Access-Control-Allow-Credentials: "+credValue(h)+"\r\n")
	case fetchspec.PreflightMissingAllowOriginHeader:
		needPreflight()
		preflight = resp(204, "Access-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.PreflightAllowOriginMismatch, fetchspec.PreflightInvalidAllowOriginValue:
		needPreflight()
		preflight = resp(204, "Access-Control-Allow-Origin: "+h.hint+"\r\nAccess-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.PreflightMultipleAllowOriginValues:
		needPreflight()
		preflight = resp(204, multiACAO(h.hint)+"Access-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.PreflightWildcardOriginNotAllowed:
		needPreflight()
		c.credentials = "include"
		preflight = resp(204, "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.PreflightInvalidAllowCredentials:
		needPreflight()
		c.credentials = "include"
		preflight = resp(204, acao+"Access-Control-Allow-Credentials: "+credValue(h)+"\r\nAccess-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.PreflightInvalidStatus:
		needPreflight()
		st := h.status
		if st == 0 || fetchspec.IsOKStatus(st) || fetchspec.IsRedirectStatus(st) {
			st = 405
		}
		preflight = resp(st, acao)
	case fetchspec.PreflightDisallowedRedirect:
		needPreflight()
		st := h.status
		if !fetchspec.IsRedirectStatus(st) {
			st = 301
		}
		preflight = resp(st, acao+"Location: "+c.url+"/moved\r\n")
	case fetchspec.InvalidAllowMethodsPreflightResponse:
		needPreflight()
		preflight = resp(204, acao+"Access-Control-Allow-Methods: "+orDefault(h.hint, c.method+" GET")+"\r\n")
	case fetchspec.InvalidAllowHeadersPreflightResponse:
		c.headers = append(c.headers, [2]string{"X-Requested-With", "x"})
		preflight = resp(204, acao+"Access-Control-Allow-Headers: "+orDefault(h.hint, "x-requested-with ?")+"\r\n")
	case fetchspec.MethodDisallowedByPreflightResponse:
		needPreflight()
		preflight = resp(204, acao+"Access-Control-Allow-Methods: GET\r\n")
	case fetchspec.HeaderDisallowedByPreflightResponse:
		c.headers = append(c.headers, [2]string{orDefault(h.hint, "X-Custom"), "x"})
		preflight = resp(204, acao+"Access-Control-Allow-Methods: "+c.method+"\r\n")
	case fetchspec.RedirectContainsCredentials:
		loc := h.hint
		if loc == "" {
			loc = withCredentials(u)
		}
		mainResp = resp(302, acao+"Location: "+loc+"\r\n")
	case fetchspec.TooManyRedirects:
		mainResp = resp(302, acao+"Location: "+c.url+"\r\n")
	case fetchspec.RedirectModeError:
		c.redirect = "error"
		mainResp = resp(302, acao+"Location: "+c.url+"/moved\r\n")
	case fetchspec.InvalidRedirectLocation:
		loc := "http://[invalid"
		switch {
		case h.location != "":
			loc = h.location
		case h.hint == "unsafe":
			loc = "ftp://files.example.test/"
		}
		mainResp = resp(302, acao+"Location: "+loc+"\r\n")
	case fetchspec.DisallowedByMode:
		c.mode = "same-origin"
	case fetchspec.NoCorsRedirectModeNotFollow:
		c.mode, c.redirect = "no-cors", "manual"
	case fetchspec.CorsDisabledScheme:
		// The URL's own scheme is the reason; nothing to answer.
	case fetchspec.BadPort:
		// Chromium's line names no URL: any bad port reproduces it.
		// (WebKit's names it, and it is kept.)
		if pu, err := fetchspec.ParseURL(c.url); err == nil && pu.IsHTTPScheme() && h.browser != "webkit" {
			c.url = pu.Scheme() + "://" + pu.Origin().Host + ":6000/"
			d.guess("url", c.url, "the message names no URL; port 6000 stands for whichever bad port the page used")
		}
	case fetchspec.MixedContent:
		// The page must be https; the server's answer does not matter.
		if d.origin == "" && h.origin == "" {
			d.origin, d.originWhy = "https://app.example.com", "a mixed-content message means the page was served over https; enter your page's origin"
		}
	case fetchspec.CorpNotSameOrigin, fetchspec.CorpNotSameSite:
		policy := "same-origin"
		if h.reason == fetchspec.CorpNotSameSite {
			policy = "same-site"
		}
		c.mode = "no-cors"
		mainResp = resp(200, "Cross-Origin-Resource-Policy: "+policy+"\r\n")
		d.guess("mode", "no-cors", "Cross-Origin-Resource-Policy blocks only no-cors requests (an <img>, a <script>, fetch with mode: 'no-cors')")
	case fetchspec.BlobNotFound:
		c.mode = "no-cors"
		if !strings.HasPrefix(h.url, "blob:") {
			c.url = "blob:" + guessOrigin + "/00000000-0000-4000-8000-000000000000"
			d.guess("url", c.url, "the message names no URL; a blob: URL no page created stands for the one that failed")
		}
	case fetchspec.InvalidDataURL:
		c.url = "data:;base64,%%%"
		d.guess("url", c.url, "the message names no URL; a data: URL whose base64 does not decode stands for the one that failed")
	case fetchspec.ForbiddenMethod:
		c.method = orDefault(h.method, "CONNECT")
	case fetchspec.InvalidMethod:
		c.method = orDefault(h.method, "GET POST")
	case fetchspec.NoCorsMethodNotSafelisted:
		c.mode, c.method = "no-cors", orDefault(h.method, "PUT")
	case fetchspec.BodyWithGetOrHead:
		body := "{}"
		c.body = &body
	case fetchspec.URLContainsCredentials:
		if h.url == "" {
			c.url = withCredentials(u)
		}
	case fetchspec.InvalidHeader:
		c.headers = append(c.headers, invalidHeader(h.hint))
	}
	// A CORS failure on a URL of the page's own origin: a redirect from
	// another origin led there (it tainted the request), so corsim starts
	// from a guessed cross-origin URL.
	if h.initial == "" && h.origin != "" && originOf(h.url) == h.origin && isCORSCheck(h.reason) {
		h.initial = "https://api.example.test/redirect"
		c.url = h.initial
		d.guess("url", h.initial, "the failing URL is on the page's own origin, so a redirect from another origin must have led there; the message does not say from where")
		acao = "Access-Control-Allow-Origin: *\r\n"
	}
	// Redirected from another URL first: that URL sends the request on.
	if h.initial != "" && h.initial != h.url {
		d.rules = append(d.rules, scenario.Rule{URL: h.initial, Response: resp(302, acao+"Location: "+h.url+"\r\n")})
	}
	target := h.url
	if target == "" {
		target = c.url
	}
	if preflight != "" {
		d.rules = append(d.rules, scenario.Rule{Method: "OPTIONS", URL: target, Response: preflight})
	}
	d.rules = append(d.rules, scenario.Rule{URL: target, Response: mainResp})
	c.response = "-" // answered by the rules above
	d.calls = append(d.calls, c)
}

func credValue(h *hit) string {
	if h.hinted {
		return h.hint
	}
	return "false"
}

func multiACAO(hint string) string {
	if hint != "" {
		return "Access-Control-Allow-Origin: " + hint + "\r\n"
	}
	return "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Origin: {origin}\r\n"
}

// isCORSCheck: a failure of the CORS check on a response (not of the
// preflight's lists, not a type error).
func isCORSCheck(r fetchspec.Reason) bool {
	switch r {
	case fetchspec.MissingAllowOriginHeader, fetchspec.AllowOriginMismatch, fetchspec.InvalidAllowOriginValue,
		fetchspec.MultipleAllowOriginValues, fetchspec.WildcardOriginNotAllowed, fetchspec.InvalidAllowCredentials:
		return true
	}
	return false
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func withCredentials(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return u[:i+3] + "user:secret@" + u[i+3:]
	}
	return u
}

// invalidHeader makes a header that fetch() refuses the way the message
// says: a bad name, a bad value, or a character above U+00FF.
func invalidHeader(hint string) [2]string {
	parts := strings.Split(hint, "\x00")
	switch parts[0] {
	case "name":
		n := "Bad Name"
		if len(parts) > 1 && parts[1] != "" {
			n = parts[1]
		}
		return [2]string{n, "x"}
	case "latin1":
		v := "caf\u20ac"
		if len(parts) == 3 {
			idx, err1 := strconv.Atoi(parts[1])
			cp, err2 := strconv.Atoi(parts[2])
			if err1 == nil && err2 == nil && idx < 4096 {
				v = strings.Repeat("a", idx) + string(rune(cp))
			}
		}
		return [2]string{"X-Label", v}
	}
	v := "a\nb"
	if len(parts) > 1 && parts[1] != "" {
		v = parts[1]
	}
	return [2]string{"X-Value", v}
}

// redirectLine is the Location line of a failed redirect response that
// WebKit named ("Cross-origin redirection to X denied ..."), or "".
func redirectLine(h *hit) string {
	if h.location == "" || !fetchspec.IsRedirectStatus(h.status) {
		return ""
	}
	return "Location: " + h.location + "\r\n"
}
