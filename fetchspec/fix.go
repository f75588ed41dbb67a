package fetchspec

import (
	"strconv"
	"strings"
)

// Fix is the smallest change that removes one failure: either to a server
// response (headers to set, a status) or, when no server change can help,
// advice for the calling code.
type Fix struct {
	Side    string `json:"side"` // "server" or "client"
	Summary string `json:"summary"`
	// Server fixes: the response of wire request Wire is changed.
	Target string      `json:"target,omitempty"` // "preflight" or "response"
	Method string      `json:"method,omitempty"`
	URL    string      `json:"url,omitempty"`
	Wire   int         `json:"wire"`
	Status int         `json:"status,omitempty"` // 0 keeps the status
	Set    [][2]string `json:"set,omitempty"`    // replace every line of each name
	Remove []string    `json:"remove,omitempty"` // header names to delete
}

func clientFix(reason Reason, hint string) *Fix {
	f := &Fix{Side: "client", Wire: -1}
	switch reason {
	case ForbiddenMethod:
		f.Summary = "Browsers never let script send " + hint + "; use another method."
	case InvalidMethod:
		f.Summary = "Use a method made of token characters, such as GET or PATCH."
	case InvalidHeader:
		// The request never leaves: fetch() throws a TypeError, so the fix
		// is in the calling code. Names and values are quoted with their
		// control characters escaped, never printed raw.
		parts := strings.Split(hint, "\x00")
		switch {
		case parts[0] == "latin1" && len(parts) > 1:
			f.Summary = "fetch() throws a TypeError before sending anything: the value of " + strconv.Quote(parts[1]) + " may hold only Latin-1 characters. Percent-encode or base64 the rest in your code."
		case parts[0] == "value" && len(parts) > 2:
			// The value comes last: it may itself hold a NUL.
			f.Summary = "fetch() throws a TypeError before sending anything: the value of the header " + strconv.Quote(parts[1]) + " is " + strconv.Quote(strings.Join(parts[2:], "\x00")) + ", and a header value may not hold a line break (CR, LF) or a NUL. Remove them in your code (a token read from a file often ends in a newline)."
		case len(parts) > 1:
			f.Summary = "fetch() throws a TypeError before sending anything: " + strconv.Quote(parts[1]) + " is not a header name (a name is a token: letters, digits and !#$%&'*+-.^_`|~, no spaces, colons or line breaks). Fix the name in your code."
		default:
			f.Summary = "fetch() throws a TypeError before sending anything: fix the header in your code."
		}
	case NoCorsMethodNotSafelisted:
		f.Summary = "no-cors allows only GET, HEAD and POST; use mode: 'cors' and have the server allow " + hint + "."
	case BodyWithGetOrHead:
		f.Summary = "Drop the body, or use POST/PUT to send one."
	case URLContainsCredentials:
		f.Summary = "Remove user:password@ from the URL; send credentials in an Authorization header instead."
	case InvalidURL:
		f.Summary = "Give fetch() an absolute URL such as https://api.example/path."
	case DisallowedByMode:
		f.Summary = "mode: 'same-origin' refuses other origins; use mode: 'cors' (the default) and have the server send Access-Control-Allow-Origin."
	case NoCorsRedirectModeNotFollow:
		f.Summary = "A cross-origin no-cors request must use redirect: 'follow'."
	case CorsDisabledScheme:
		f.Summary = "Only http and https support CORS; serve the resource over http(s)."
	case RedirectModeError:
		f.Summary = "Use redirect: 'follow', or request the final URL directly so the server does not redirect."
	case TooManyRedirects:
		f.Summary = "The server redirects more than 20 times (a loop?); make the chain end in a real response."
	case InvalidRedirectLocation:
		f.Summary = "Make the server send one Location header with an absolute http(s) URL."
	default:
		return nil
	}
	return f
}

// computeFix names what the server must change for the failing response.
func (r *run) computeFix(req *Request, reason Reason, hint string) *Fix {
	if r.failedWire < 0 || r.failedWire >= len(r.res.Wire) {
		return clientFix(reason, hint)
	}
	w := r.res.Wire[r.failedWire]
	f := &Fix{Side: "server", Target: w.Kind, Method: w.Method, URL: w.URL, Wire: r.failedWire}
	if f.Target == "" {
		f.Target = "response"
	}
	resp := responseOf(w)
	origin := req.serializedOrigin()
	include := req.Credentials == "include"
	where := "the " + w.Method + " " + w.URL + " response"
	if w.Kind == "preflight" {
		where = "the OPTIONS (preflight) response for " + w.URL
	}
	allowOrigin := func() {
		f.Set = append(f.Set, [2]string{"Access-Control-Allow-Origin", origin})
		if include {
			f.Set = append(f.Set, [2]string{"Access-Control-Allow-Credentials", "true"})
		}
	}
	switch Reason(strings.TrimPrefix(string(reason), "Preflight")) {
	case MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue, MultipleAllowOriginValues:
		allowOrigin()
		f.Summary = "Send exactly one Access-Control-Allow-Origin: " + origin + " on " + where + "."
		if include {
			f.Summary += " With credentials, also Access-Control-Allow-Credentials: true."
		}
		if origin != "null" {
			f.Summary += " A server that allows several origins echoes the request's Origin when it is on its list, and adds Vary: Origin."
		}
		return f
	case WildcardOriginNotAllowed:
		allowOrigin()
		f.Summary = "A credentialed request cannot use *: send Access-Control-Allow-Origin: " + origin + " and Access-Control-Allow-Credentials: true on " + where + " (and Vary: Origin)."
		return f
	case InvalidAllowCredentials:
		f.Set = append(f.Set, [2]string{"Access-Control-Allow-Credentials", "true"})
		f.Summary = "Send Access-Control-Allow-Credentials: true (lower-case, exactly once) on " + where + "."
		return f
	}
	switch reason {
	case PreflightInvalidStatus:
		f.Status = 204
		f.Summary = "Answer the OPTIONS preflight for " + w.URL + " with a 2xx status (204 No Content is usual) and the CORS headers."
		if resp != nil && resp.Status == 401 || resp != nil && resp.Status == 403 {
			f.Summary += " Preflights carry no cookies or Authorization, so do not require authentication for OPTIONS."
		}
	case PreflightDisallowedRedirect:
		f.Status = 204
		f.Remove = []string{"Location"}
		f.Summary = "Answer the OPTIONS preflight for " + w.URL + " directly with 204 and the CORS headers; browsers never follow a redirect for a preflight (or call the final URL directly)."
	case InvalidAllowMethodsPreflightResponse, MethodDisallowedByPreflightResponse:
		methods := lenientList(headerValue(resp, "Access-Control-Allow-Methods"))
		if !containsExact(methods, req.Method) {
			methods = append(methods, req.Method)
		}
		f.Set = [][2]string{{"Access-Control-Allow-Methods", strings.Join(methods, ", ")}}
		f.Summary = "List " + req.Method + " (exactly, case matters) in Access-Control-Allow-Methods, as a comma-separated list, on " + where + "."
	case InvalidAllowHeadersPreflightResponse, HeaderDisallowedByPreflightResponse:
		names := lenientList(headerValue(resp, "Access-Control-Allow-Headers"))
		var added []string
		have := foldSet(names)
		for _, u := range CORSUnsafeRequestHeaderNames(req.Header) {
			if !have.has(u.Name) {
				have.add(u.Name)
				names = append(names, u.Name)
				added = append(added, u.Name)
			}
		}
		f.Set = [][2]string{{"Access-Control-Allow-Headers", strings.Join(names, ", ")}}
		f.Summary = "Name " + strings.Join(added, ", ") + " in Access-Control-Allow-Headers, as a comma-separated list, on " + where + "."
		if len(added) == 0 {
			f.Summary = "Make Access-Control-Allow-Headers a comma-separated list of header names on " + where + "."
		}
	case RedirectContainsCredentials:
		f.Set = [][2]string{{"Location", stripCredentials(hint)}}
		f.Summary = "Redirect to a URL without user:password@; credentials in a redirect target are refused for cross-origin requests."
	default:
		return clientFix(reason, hint)
	}
	return f
}

func responseOf(w WireRequest) *Response {
	if w.Response == nil {
		return nil
	}
	r := &Response{Status: w.Response.Status}
	for _, h := range w.Response.Headers {
		r.Header.Append(h[0], h[1])
	}
	return r
}

func headerValue(r *Response, name string) string {
	if r == nil {
		return ""
	}
	v, _ := r.Header.Get(name)
	return v
}

func stripCredentials(s string) string {
	u, err := ParseURL(s)
	if err != nil {
		return s
	}
	return u.withoutCredentials().String()
}

// Apply changes a raw response as the fix says.
func (f *Fix) Apply(r *Response) {
	if f.Status != 0 {
		r.Status = f.Status
		r.StatusText = StatusText(f.Status)
	}
	for _, n := range f.Remove {
		r.Header.Delete(n)
	}
	for _, kv := range f.Set {
		r.Header.Set(kv[0], kv[1])
	}
}
