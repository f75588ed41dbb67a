package fetchspec

import (
	"strconv"
	"strings"
)

// The trace in English. Every sentence a step, a cache event or a fix
// shows is composed here from the step's typed fact (facts.go), when it is
// asked for, never while the engine runs. A second language is a second
// file implementing the same renderers.

func (f rejected) detail() string {
	switch f.reason {
	case InvalidURL:
		return "\"" + f.value + "\" is not a URL fetch() can parse."
	case URLContainsCredentials:
		return "The URL has a username or password; fetch() refuses such URLs."
	case InvalidMethod:
		return "\"" + f.value + "\" is not a valid HTTP method: a method is a token."
	case ForbiddenMethod:
		return f.value + " is a forbidden method: script may never send CONNECT, TRACE or TRACK."
	case NoCorsMethodNotSafelisted:
		return "In no-cors mode only GET, HEAD and POST are allowed; " + f.value + " is not."
	case BodyWithGetOrHead:
		return "A " + f.value + " request cannot have a body."
	case InvalidHeader:
		switch f.header.Kind {
		case BadHeaderName:
			return "\"" + f.header.Name + "\" is not a valid header name: a header name is a token (no spaces, colons or quotes)."
		case BadHeaderLatin:
			return "The value of " + f.header.Name + " has a character above U+00FF; header values are byte strings."
		}
		return "The value of " + f.header.Name + " holds a NUL, CR or LF byte, which no header value may hold."
	}
	return string(f.reason)
}

func (f rejected) inputs() []Input {
	switch f.reason {
	case InvalidURL, URLContainsCredentials:
		return []Input{{"url", f.value}}
	case NoCorsMethodNotSafelisted:
		return []Input{{"method", f.value}, {"mode", string(f.mode)}}
	case InvalidHeader:
		if f.header.Kind == BadHeaderName {
			return []Input{{"header", f.header.Name}}
		}
		return []Input{{f.header.Name, f.header.Value}}
	}
	return []Input{{"method", f.value}}
}

func (d dropped) String() string {
	if d.noCORS {
		return d.name + " (not allowed in no-cors mode)"
	}
	return d.name + " (a forbidden request header)"
}

func droppedList(ds []dropped) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return strings.Join(parts, ", ")
}

func (f accepted) detail() string {
	d := "fetch() accepts the call: method " + f.method
	if f.method != f.given {
		d += " (normalized from " + f.given + ")"
	}
	d += ", mode " + string(f.mode) + ", credentials " + string(f.credentials) + "."
	if len(f.dropped) > 0 {
		d += " Silently dropped: " + droppedList(f.dropped) + "; these never reach the wire."
	}
	if f.impliedType {
		d += " The string body adds Content-Type: text/plain;charset=UTF-8, which is safelisted."
	}
	return d
}

func (f accepted) inputs() []Input {
	in := []Input{{"method", f.method}, {"url", f.url}, {"mode", string(f.mode)}, {"credentials", string(f.credentials)}, {"redirect", string(f.redirect)}}
	if len(f.dropped) > 0 {
		in = append(in, Input{"dropped", droppedList(f.dropped)})
	}
	return in
}

func (f classified) detail() string {
	var parts []string
	safe := isCORSSafelistedMethod(f.method)
	if safe {
		parts = append(parts, f.method+" is a CORS-safelisted method")
	} else {
		parts = append(parts, f.method+" is not a CORS-safelisted method (only GET, HEAD and POST are)")
	}
	for _, u := range f.unsafe {
		parts = append(parts, u.Name+" is CORS-unsafe: "+u.Why())
	}
	if len(f.unsafe) == 0 {
		parts = append(parts, "every header is CORS-safelisted")
	}
	verdict := "A simple request: it never needs a preflight."
	if !safe || len(f.unsafe) > 0 {
		verdict = "Not a simple request: cross-origin, it needs a preflight."
	}
	return capitalize(strings.Join(parts, "; ")) + ". " + verdict
}

func (f classified) inputs() []Input {
	in := []Input{{"method", f.method}}
	for _, u := range f.unsafe {
		in = append(in, Input{u.Name, "unsafe"})
	}
	return in
}

func (f stillPreflights) detail() string {
	return "After the redirect this hop is simple, but " + f.browser + " decides from the request as fetch() made it, which was not simple, so it still preflights."
}

func (stillPreflights) inputs() []Input { return nil }

func (f routed) detail() string {
	switch f.branch {
	case routeSameOrigin:
		return "Same origin (" + f.urlOrigin.Serialize() + "): no CORS involved; the response is readable as is."
	case routeModeSameOrigin:
		return "The URL's origin " + f.urlOrigin.Serialize() + " differs from " + f.pageOrigin.Serialize() + ", and mode same-origin forbids cross-origin requests."
	case routeNoCORSRedirect:
		return "A cross-origin no-cors request must use redirect: follow; it uses " + string(f.redirect) + "."
	case routeNoCORS:
		return "Cross-origin in no-cors mode: sent without CORS, and the response will be opaque (script sees nothing)."
	case routeNotHTTP:
		return "The scheme " + f.scheme + ": does not support CORS; only http and https do."
	case routeScheme:
		if f.mode == ModeNoCORS {
			return "A " + f.scheme + ": URL in no-cors mode: the browser answers it itself, and the response will be opaque."
		}
		return "A " + f.scheme + ": URL is answered by the browser itself, in any mode: no server, no CORS."
	case routeBadPort:
		return "Port " + strconv.Itoa(f.port) + " is on the Fetch standard's list of bad ports (ports of mail, FTP, IRC and other services a browser must never talk HTTP to): the request is blocked before it leaves."
	}
	how := "a simple CORS request"
	if f.mayPreflight {
		how = "a CORS request that may need a preflight"
	}
	return "Cross-origin (" + f.urlOrigin.Serialize() + " is not " + f.requestOrigin + "): " + how + "; the response must pass the CORS check."
}

func (f routed) inputs() []Input {
	return []Input{{"request origin", f.requestOrigin}, {"URL origin", f.urlOrigin.Serialize()}, {"mode", string(f.mode)}, {"response tainting", string(f.tainting)}}
}

func (noPreflight) detail() string    { return "Safelisted method and headers: no preflight." }
func (f noPreflight) inputs() []Input { return []Input{{"method", f.method}} }

func (f preflightNeeded) detail() string {
	var why []string
	if !f.safeMethod {
		why = append(why, "the method "+f.method+" is not safelisted")
	}
	if n := len(f.unsafe); n > 0 {
		why = append(why, "the header"+plural(n, " ", "s ")+strings.Join(f.unsafe, ", ")+plural(n, " is", " are")+" CORS-unsafe")
	}
	return capitalize(joinList(why)) + ": the server must approve this request first."
}

func (f preflightNeeded) inputs() []Input {
	return []Input{{"method", f.method}, {"unsafe headers", strings.Join(f.unsafe, ",")}}
}

func (n need) String() string {
	switch n.kind {
	case needMethod:
		return "method " + n.name
	case needHeader:
		return "header " + n.name
	}
	return "any entry for this URL"
}

func needList(ns []need) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.String()
	}
	return joinList(parts)
}

func describeEntries(es []CacheEntry) string {
	var parts []string
	for _, e := range es {
		if e.Method != "" {
			parts = append(parts, "method "+e.Method)
		} else {
			parts = append(parts, "header "+e.HeaderName)
		}
	}
	return joinList(parts)
}

func (f cacheLookup) detail() string {
	if f.hit {
		return "The cache holds an unexpired approval for " + describeEntries(f.hits) + ": no preflight is sent."
	}
	if len(f.hits) > 0 {
		return "The cache covers " + describeEntries(f.hits) + " but not " + needList(f.missing) + ": a preflight goes out."
	}
	return "No usable cache entry for " + needList(f.missing) + ": a preflight goes out."
}

func (f cacheLookup) inputs() []Input {
	return []Input{{"origin", f.origin}, {"url", f.url}, {"credentials", strconv.FormatBool(f.include)}}
}

func (f preflightSent) detail() string {
	with := ""
	if len(f.names) > 0 {
		with = " with " + strings.Join(f.names, ", ")
	}
	return "OPTIONS " + f.url + " asks: may " + f.origin + " send " + f.method + with + "? It carries no cookies. The server answers " + strconv.Itoa(f.status) + "."
}

func (f preflightSent) inputs() []Input {
	return []Input{{"Origin", f.origin}, {"Access-Control-Request-Method", f.method}, {"Access-Control-Request-Headers", strings.Join(f.names, ",")}}
}

func (c originChecked) detail() string {
	switch c.verdict {
	case originLinesFirefox:
		return "The response has " + strconv.Itoa(c.lines) + " Access-Control-Allow-Origin lines; only one is allowed."
	case originMissing:
		return "The response has no Access-Control-Allow-Origin header, so the browser may not hand it to " + c.origin + "."
	case originWildcardOK:
		return "Access-Control-Allow-Origin is *, which allows any origin for a request without credentials."
	case originWildcardCredentials:
		return "Access-Control-Allow-Origin is *, but the request's credentials mode is include: a credentialed response must name the origin exactly."
	case originMismatchFirefox:
		return "Access-Control-Allow-Origin is \"" + c.acao + "\", which does not match the request origin \"" + c.origin + "\"."
	case originMultipleValues:
		d := "Access-Control-Allow-Origin holds \"" + c.acao + "\": more than one value. "
		if c.lines > 1 {
			d = "The response has " + strconv.Itoa(c.lines) + " Access-Control-Allow-Origin lines, which read as \"" + c.acao + "\": more than one value. "
		}
		return d + "Only a single origin (or *) is allowed; a server that allows several origins must echo the one that asked."
	case originNull:
		return "Access-Control-Allow-Origin is \"null\", which matches only a request whose origin is null."
	case originInvalid:
		return "Access-Control-Allow-Origin is \"" + c.acao + "\", which is not an origin: it must be scheme://host[:port], null or *."
	case originMismatch:
		d := "Access-Control-Allow-Origin is \"" + c.acao + "\" but the request origin is \"" + c.origin + "\"; they must be equal byte for byte."
		if equalFold(c.acao, c.origin) || strings.TrimSuffix(c.acao, "/") == c.origin {
			d += " Case, a trailing slash or a default port all count."
		}
		return d
	case originEqual:
		return "Access-Control-Allow-Origin equals the request origin " + c.origin + "."
	case originCredentialsInvalid:
		return "The request includes credentials, so Access-Control-Allow-Credentials must be exactly true; it is " + showValue(c.acac, c.acacPresent) + "."
	}
	return "Access-Control-Allow-Origin equals " + c.origin + " and Access-Control-Allow-Credentials is true."
}

func (c originChecked) inputs() []Input {
	in := []Input{{"Access-Control-Allow-Origin", showValue(c.acao, c.present)}, {"request origin", c.origin}, {"credentials mode", string(c.credentials)}}
	if c.verdict == originCredentialsInvalid || c.verdict == originEqualCredentials {
		in = append(in, Input{"Access-Control-Allow-Credentials", showValue(c.acac, c.acacPresent)})
	}
	return in
}

func (f preflightStatus) detail() string {
	status := strconv.Itoa(f.status)
	switch f.verdict {
	case statusRedirectRefused:
		return "The preflight was answered with a " + status + " redirect. " + f.browser + " never follows a redirect for a preflight; the OPTIONS must be answered directly."
	case statusNotOK:
		return "The preflight response status is " + status + "; it must be 200 to 299. A server that does not handle OPTIONS often answers 404 or 405."
	case statusRedirectNotOK:
		return "The preflight was answered with a " + status + " redirect; a preflight is never redirected, so this is not an ok status."
	}
	return "Status " + status + " is an ok status."
}

func (f preflightStatus) inputs() []Input { return []Input{{"status", strconv.Itoa(f.status)}} }

func (f listUnparsable) detail() string {
	if f.methods {
		d := "Access-Control-Allow-Methods does not parse: \"" + f.bad + "\" is not a method token."
		if f.advice {
			d += " Separate methods with commas."
		}
		return d
	}
	d := "Access-Control-Allow-Headers does not parse: \"" + f.bad + "\" is not a header name."
	if f.advice {
		d += " Separate names with commas."
	}
	return d
}

func (f listUnparsable) inputs() []Input { return []Input{{f.header, showValue(f.raw, true)}} }

// literalStar explains a * that credentials turn into a plain name.
const literalStar = " The * there is only a literal name, because the request includes credentials."

func (f methodsJudged) detail() string {
	switch f.verdict {
	case listNamed:
		return f.method + " is listed in Access-Control-Allow-Methods."
	case listSafelisted:
		return f.method + " is a safelisted method; it needs no listing."
	case listWildcard:
		return "Access-Control-Allow-Methods is *, which allows any method for a request without credentials."
	}
	d := f.method + " is not in Access-Control-Allow-Methods " + showValue(f.list.Raw, f.list.Present()) + "."
	switch f.verdict {
	case listOtherCase:
		d += " It is listed in another case, but method names are compared case-sensitively."
	case listLiteralStar:
		d += literalStar
	}
	return d
}

func (f methodsJudged) inputs() []Input {
	return []Input{{"method", f.method}, {"Access-Control-Allow-Methods", showValue(f.list.Raw, f.list.Present())}}
}

func (f headersJudged) detail() string {
	switch f.verdict {
	case listNothingToApprove:
		return "No CORS-unsafe headers to approve."
	case listWildcardAuthorization:
		return "* covers every header here, and " + f.browser + " lets it cover Authorization too (the standard does not)."
	case listWildcard:
		return "Access-Control-Allow-Headers is *, which covers these headers for a request without credentials."
	case listNamed:
		return "Every unsafe header is named in Access-Control-Allow-Headers."
	}
	d := "The request header " + f.name + " is not named in Access-Control-Allow-Headers " + showValue(f.list.Raw, f.list.Present()) + "."
	switch f.verdict {
	case listWildcardNotAuthorization:
		d += " * does not cover Authorization: it must be listed by name."
	case listLiteralStar:
		d += literalStar
	}
	return d
}

func (f headersJudged) inputs() []Input {
	return []Input{{"unsafe headers", strings.Join(f.names, ",")}, {"Access-Control-Allow-Headers", showValue(f.list.Raw, f.list.Present())}}
}

// String says how Access-Control-Max-Age was read, as a clause.
func (a maxAge) String() string {
	var s string
	switch a.why {
	case ageAbsent:
		return "no Access-Control-Max-Age: 5 s by default"
	case ageNotInteger:
		return "Access-Control-Max-Age \"" + a.raw + "\" is not an integer: 5 s by default"
	case ageNegativeZero:
		return "a negative Access-Control-Max-Age means 0 s: not reusable"
	case ageNegativeNow:
		return "a negative Access-Control-Max-Age expires at once"
	case ageEmpty:
		return "an empty Access-Control-Max-Age: 5 s by default"
	case ageNonDigit:
		return "Access-Control-Max-Age \"" + a.raw + "\" has a non-digit: Firefox does not cache this preflight"
	case ageZeroNotCached:
		return "Access-Control-Max-Age 0: Firefox does not cache this preflight"
	case ageNotDelta:
		return "Access-Control-Max-Age \"" + a.raw + "\" is not one delta-seconds value: 5 s by default"
	case ageOverflow:
		s = "Access-Control-Max-Age \"" + a.raw + "\" is larger than any count of seconds can be: it reads as 2147483648 s (2^31), as RFC 9111 tells a cache"
	case ageURLTooLong:
		return "the URL is " + strconv.Itoa(a.urlLen) + " characters long; " + a.browser + " does not cache preflights for URLs that long"
	case ageValue:
		s = strconv.FormatInt(a.given, 10) + " s from Access-Control-Max-Age"
	}
	if a.cap > 0 {
		s += ", capped at " + strconv.Itoa(a.cap) + " s by " + a.browser
	}
	return s
}

func (f cacheStored) detail() string {
	if !f.age.cache {
		return capitalize(f.age.String()) + "."
	}
	if len(f.stored) == 0 {
		return "Nothing to cache: the response lists no methods or headers (" + f.age.String() + ")."
	}
	return "Cached for " + strconv.FormatInt(f.age.seconds, 10) + " s (" + f.age.String() + "): " + describeEntries(f.stored) + "."
}

func (f cacheStored) inputs() []Input {
	in := []Input{{"Access-Control-Max-Age", showValue(f.age.raw, f.present)}}
	if f.age.cache {
		in = append(in, Input{"max-age", strconv.FormatInt(f.age.seconds, 10)})
	}
	return in
}

func (c corpChecked) detail() string {
	switch {
	case !c.blocked && c.policy == "cross-origin":
		return "Cross-Origin-Resource-Policy: cross-origin lets any page have the response."
	case !c.blocked:
		return "Cross-Origin-Resource-Policy: " + c.policy + " allows " + c.origin + " (the response is from " + c.response + ")."
	case c.policy == "same-site":
		return "Cross-Origin-Resource-Policy: same-site, but " + c.origin + " is not on the same site as " + c.response + " (or the response came over https to an http page): the browser refuses even an opaque response."
	}
	return "Cross-Origin-Resource-Policy: same-origin, and " + c.origin + " is not " + c.response + ": the browser refuses even an opaque response."
}

func (c corpChecked) inputs() []Input {
	return []Input{{"Cross-Origin-Resource-Policy", c.policy}, {"request origin", c.origin}, {"response origin", c.response}}
}

func (f schemeFetched) detail() string {
	switch {
	case f.reason == InvalidDataURL:
		return "The browser reads the data: URL itself, and cannot: it needs a comma before the data, and base64 data must decode."
	case f.reason == BlobNotFound:
		return "No blob was ever stored under this blob: URL (or it was revoked), so there is nothing to read."
	case f.reason != "":
		return "Browsers fetch nothing from a " + f.scheme + ": URL."
	case f.scheme == "data":
		return "The browser answers a data: URL itself, without any server or CORS: status 200, Content-Type " + f.mimeType + ", " + strconv.Itoa(f.size) + " bytes."
	}
	return "The browser answers " + f.url + " itself: status 200, an empty document."
}

func (f schemeFetched) inputs() []Input {
	return []Input{{"url", f.url}, {"scheme", f.scheme}}
}

func (f sent) detail() string {
	d := f.method + " " + f.url
	switch {
	case f.origin == "":
		d += " goes out without an Origin header"
	case f.nullByTaint:
		d += " goes out with Origin: null, because a redirect passed through another origin"
	default:
		d += " goes out with Origin: " + f.origin
	}
	if f.credentials {
		d += ", with cookies."
	} else {
		d += ", without cookies."
	}
	return d + " The server answers " + strconv.Itoa(f.status) + "."
}

func (f sent) inputs() []Input {
	in := []Input{{"method", f.method}, {"url", f.url}, {"credentials sent", strconv.FormatBool(f.credentials)}}
	if f.origin != "" {
		in = append(in, Input{"Origin", f.origin})
	}
	return in
}

func (f redirected) detail() string {
	status := strconv.Itoa(f.status)
	switch f.verdict {
	case redirectModeError:
		return "The response is a " + status + " redirect and the request's redirect mode is error."
	case redirectManual:
		return "Redirect mode manual: the " + status + " is handed to script as an opaque-redirect response (status 0, no headers)."
	case redirectNoLocation:
		return "A " + status + " without a Location header is not followed; it is the final response."
	case redirectConflict:
		return "The response has several different Location headers; a redirect needs exactly one target."
	case redirectBadLocation:
		return "Location \"" + f.location + "\" is not a valid URL."
	case redirectNotHTTP:
		return "Location points to a " + f.scheme + ": URL; fetch only follows redirects to http and https."
	case redirectTooMany:
		return "This would be redirect number 21; fetch stops after 20."
	case redirectCredentials:
		return "Location " + f.next + " carries a username or password, which a cross-origin request may not be redirected to."
	}
	d := "Following the " + status + " to " + f.next + " (redirect " + strconv.Itoa(f.count+1) + " of at most 20)."
	if f.methodFrom != "" {
		d += " The method changes from " + f.methodFrom + " to GET and the body and its headers are dropped."
	}
	if f.authRemoved {
		d += " Authorization is removed because the redirect changes origin."
	}
	if f.taintedFrom != "" {
		d += " The hop goes from " + f.taintedFrom + " (not the page's origin) to another origin, so from now on the request's origin is serialized as null."
	}
	return d
}

func (f redirected) inputs() []Input {
	switch f.verdict {
	case redirectModeError, redirectManual:
		return []Input{{"status", strconv.Itoa(f.status)}}
	case redirectNoLocation:
		return nil
	}
	return []Input{{"status", strconv.Itoa(f.status)}, {"Location", f.location}, {"redirect count", strconv.Itoa(f.count)}}
}

func (f filtered) detail() string {
	switch f.typ {
	case TypeOpaqueRedirect:
		return "An opaque-redirect filtered response: script sees type \"opaqueredirect\", status 0 and no headers."
	case TypeError:
		return "The fetch() promise rejects with a TypeError; script learns nothing about why. Only the console says: " + string(f.reason) + "."
	case TypeBasic:
		return "A basic filtered response: script reads the status and every header except Set-Cookie."
	case TypeOpaque:
		return "An opaque filtered response: the promise resolves, but script sees status 0, no headers and no body."
	}
	d := "A CORS filtered response: script reads the status, the body and only the safelisted response headers"
	switch {
	case f.all:
		d += " plus every header, since Access-Control-Expose-Headers is * and no credentials are included"
	case f.aceh.State == ListFailure:
		d += "; Access-Control-Expose-Headers does not parse (\"" + f.aceh.Bad + "\" is not a header name), so it exposes nothing"
	case len(f.aceh.Values) > 0:
		d += " plus those named in Access-Control-Expose-Headers"
		if f.starLiteral {
			d += " (with credentials, * there is just a name, not a wildcard)"
		}
	}
	return d + "."
}

func (f filtered) inputs() []Input {
	switch f.typ {
	case TypeOpaqueRedirect, TypeError:
		return nil
	case TypeBasic:
		return []Input{{"type", "basic"}, {"readable headers", strings.Join(f.readable, ", ")}}
	case TypeOpaque:
		return []Input{{"type", "opaque"}}
	}
	return []Input{{"type", "cors"}, {"Access-Control-Expose-Headers", showValue(f.aceh.Raw, f.aceh.Present())}, {"readable headers", strings.Join(f.readable, ", ")}}
}

func (f cacheCleared) detail() string {
	n := f.count
	return "The fetch failed after taking the preflight path, so " + strconv.Itoa(n) + " cache entr" + plural(n, "y", "ies") + " for " + f.url + plural(n, " is", " are") + " removed."
}

func (cacheCleared) inputs() []Input { return nil }

// Why says in words why a header is or is not CORS-safelisted.
func (v SafelistVerdict) Why() string {
	switch v.Rule {
	case safeTooLong:
		return "its value is " + strconv.Itoa(v.Size) + " bytes, over the 128-byte limit for safelisted headers"
	case safeAccept:
		return "Accept with no CORS-unsafe byte is safelisted"
	case safeUnsafeByte:
		return "its value holds the byte " + quoteByte(v.Byte) + ", which is CORS-unsafe"
	case safeLanguage:
		return "a language tag list of allowed bytes is safelisted"
	case safeLanguageByte:
		return "its value holds " + quoteByte(v.Byte) + "; language headers allow only letters, digits, space and * , - . ; ="
	case safeNotMIME:
		return "its value is not a parsable MIME type"
	case safeFormType:
		return "the MIME type " + v.Essence + " is one of the three a form can send"
	case safeOtherType:
		return "the MIME type " + v.Essence + " is not application/x-www-form-urlencoded, multipart/form-data or text/plain"
	case safeBadRange:
		return "its value is not a single byte range such as bytes=0-499 (no spaces allowed)"
	case safeSuffixRange:
		return "a suffix range (bytes=-N) is not safelisted; the range must have a start"
	case safeRange:
		return "a single byte range with a start is safelisted"
	case safeTotal:
		return "the safelisted header values add up to " + strconv.Itoa(v.Size) + " bytes, over the 1024-byte total"
	}
	return "only Accept, Accept-Language, Content-Language, Content-Type and Range can be safelisted"
}

func quoteByte(c byte) string {
	if c < 0x20 || c == 0x7f {
		return "0x" + strconv.FormatUint(uint64(c), 16)
	}
	return "'" + string(rune(c)) + "'"
}

// Note says what a cache event did and why.
func (ev CacheEvent) Note() string {
	switch ev.Kind {
	case CacheExpire:
		return "max-age ran out"
	case CacheMiss:
		return "no entry for " + needList(ev.missing)
	case CacheErase:
		if ev.replaced {
			return "a new preflight result replaces the old one"
		}
		return "the cached result cannot answer this request, so " + ev.browser + " drops it"
	case CacheStore:
		return "max-age " + strconv.FormatInt(ev.maxAge, 10) + " s"
	case CacheClear:
		return "the fetch failed"
	}
	return ""
}

// String says what the line is, what each measured browser does with it,
// and what this run does.
func (n Note) String() string {
	ir := n.Line
	at := "Response line " + strconv.Itoa(ir.Line) + " (" + strconv.Quote(ir.Text) + ")"
	switch ir.Kind {
	case SpaceBeforeColon:
		s := at + " has whitespace before the colon, which HTTP/1.1 forbids. Chromium reads it as " + strconv.Quote(n.read) + "; Firefox and WebKit ignore the line (all three measured)."
		if n.ignored {
			return s + " " + n.browser + " ignores it here."
		}
		return s + " " + n.browser + " reads it here."
	case ObsFold:
		return at + " starts with whitespace: an obsolete folded line that continues the header above. Chromium, Firefox and WebKit join it with one space (measured), giving " + strconv.Quote(n.read) + "."
	}
	return at + " has no colon, so it is no header; Chromium, Firefox and WebKit skip it (measured)."
}

// Summary is the fix in one or two sentences.
func (f *Fix) Summary() string {
	a := f.advice
	if f.Side == FixClient {
		return clientAdvice(a)
	}
	where := "the " + f.Method + " " + f.URL + " response"
	if f.Target == KindPreflight {
		where = "the OPTIONS (preflight) response for " + f.URL
	}
	switch baseReason(a.reason) {
	case MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue, MultipleAllowOriginValues:
		s := "Send exactly one Access-Control-Allow-Origin: " + a.origin + " on " + where + "."
		if a.include {
			s += " With credentials, also Access-Control-Allow-Credentials: true."
		}
		if a.origin != "null" {
			s += " A server that allows several origins echoes the request's Origin when it is on its list, and adds Vary: Origin."
		}
		return s
	case WildcardOriginNotAllowed:
		return "A credentialed request cannot use *: send Access-Control-Allow-Origin: " + a.origin + " and Access-Control-Allow-Credentials: true on " + where + " (and Vary: Origin)."
	case InvalidAllowCredentials:
		return "Send Access-Control-Allow-Credentials: true (lower-case, exactly once) on " + where + "."
	}
	switch a.reason {
	case PreflightInvalidStatus:
		s := "Answer the OPTIONS preflight for " + f.URL + " with a 2xx status (204 No Content is usual) and the CORS headers."
		if a.status == 401 || a.status == 403 {
			s += " Preflights carry no cookies or Authorization, so do not require authentication for OPTIONS."
		}
		return s
	case PreflightDisallowedRedirect:
		return "Answer the OPTIONS preflight for " + f.URL + " directly with 204 and the CORS headers; browsers never follow a redirect for a preflight (or call the final URL directly)."
	case InvalidAllowMethodsPreflightResponse, MethodDisallowedByPreflightResponse:
		return "List " + a.method + " (exactly, case matters) in Access-Control-Allow-Methods, as a comma-separated list, on " + where + "."
	case InvalidAllowHeadersPreflightResponse, HeaderDisallowedByPreflightResponse:
		if len(a.added) == 0 {
			return "Make Access-Control-Allow-Headers a comma-separated list of header names on " + where + "."
		}
		return "Name " + strings.Join(a.added, ", ") + " in Access-Control-Allow-Headers, as a comma-separated list, on " + where + "."
	case CorpNotSameOrigin, CorpNotSameSite:
		return "Send Cross-Origin-Resource-Policy: cross-origin (or no such header) on " + where + " if pages of other sites may embed it; to read it from script, fetch in cors mode and send CORS headers instead."
	case RedirectContainsCredentials:
		return "Redirect to a URL without user:password@; credentials in a redirect target are refused for cross-origin requests."
	}
	return ""
}

// clientAdvice is the fix for the calling code. Names and values are
// quoted with their control characters escaped, never printed raw.
func clientAdvice(a advice) string {
	switch a.reason {
	case ForbiddenMethod:
		return "Browsers never let script send " + a.value + "; use another method."
	case InvalidMethod:
		return "Use a method made of token characters, such as GET or PATCH."
	case InvalidHeader:
		h := a.header
		switch h.Kind {
		case BadHeaderLatin:
			return "fetch() throws a TypeError before sending anything: the value of " + strconv.Quote(h.Name) + " may hold only Latin-1 characters. Percent-encode or base64 the rest in your code."
		case BadHeaderValue:
			return "fetch() throws a TypeError before sending anything: the value of the header " + strconv.Quote(h.Name) + " is " + strconv.Quote(h.Value) + ", and a header value may not hold a line break (CR, LF) or a NUL. Remove them in your code (a token read from a file often ends in a newline)."
		}
		return "fetch() throws a TypeError before sending anything: " + strconv.Quote(h.Name) + " is not a header name (a name is a token: letters, digits and !#$%&'*+-.^_`|~, no spaces, colons or line breaks). Fix the name in your code."
	case NoCorsMethodNotSafelisted:
		return "no-cors allows only GET, HEAD and POST; use mode: 'cors' and have the server allow " + a.value + "."
	case BodyWithGetOrHead:
		return "Drop the body, or use POST/PUT to send one."
	case URLContainsCredentials:
		return "Remove user:password@ from the URL; send credentials in an Authorization header instead."
	case InvalidURL:
		return "Give fetch() an absolute URL such as https://api.example/path."
	case InvalidDataURL:
		return "Write the data: URL as data:[MIME type][;base64],DATA with the comma, and valid base64 when it says so."
	case BlobNotFound:
		return "Create the blob URL in this page with URL.createObjectURL and do not revoke it before the fetch."
	case MixedContent:
		return "Serve the API over https and call it with an https:// URL (and make every redirect stay on https): a page loaded over https may not fetch plain http, whatever the server answers."
	case BadPort:
		return "Serve the resource on another port: browsers never fetch from a port on the bad-port list (such as 6000 or 6667), whatever the server answers."
	case DisallowedByMode:
		return "mode: 'same-origin' refuses other origins; use mode: 'cors' (the default) and have the server send Access-Control-Allow-Origin."
	case NoCorsRedirectModeNotFollow:
		return "A cross-origin no-cors request must use redirect: 'follow'."
	case CorsDisabledScheme:
		return "Only http and https support CORS; serve the resource over http(s)."
	case RedirectModeError:
		return "Use redirect: 'follow', or request the final URL directly so the server does not redirect."
	case TooManyRedirects:
		return "The server redirects more than 20 times (a loop?); make the chain end in a real response."
	case InvalidRedirectLocation:
		return "Make the server send one Location header with an absolute http(s) URL."
	}
	return ""
}

func showValue(v string, present bool) string {
	if !present {
		return "(absent)"
	}
	return "\"" + v + "\""
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-32) + s[1:]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinList joins "a", "a and b", "a, b and c".
func joinList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func (f mixedChecked) detail() string {
	if f.loopback {
		return "The page " + f.page + " was loaded over https, and " + f.url + " is plain http: mixed content. This browser blocks it even on a loopback host (Chromium and Firefox would let it through). No CORS header can change that."
	}
	if f.blocked {
		return "The page " + f.page + " was loaded over https, and " + f.url + " is plain http to a host that is not loopback: mixed content. The browser blocks it before it leaves; no CORS header can change that."
	}
	return f.url + " is potentially trustworthy (https, data: or a loopback host): an https page may fetch it."
}

func (f mixedChecked) inputs() []Input {
	return []Input{{"page origin", f.page}, {"URL", f.url}}
}
