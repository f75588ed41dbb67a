package fetchspec

import (
	"encoding/json"
	"slices"
	"strings"
)

// Fix is the smallest change that removes one failure: either to a server
// response (headers to set, a status) or, when no server change can help,
// advice for the calling code. Summary (words.go) says it in words.
type Fix struct {
	Side FixSide
	// Server fixes: the response of wire request Wire is changed.
	Target WireKind // the preflight or the request
	Method string
	URL    string
	Wire   int
	Status int         // 0 keeps the status
	Set    [][2]string // replace every line of each name
	Remove []string    // header names to delete

	advice advice
}

// advice is what the fix's words need: the failure and the values the
// change is about.
type advice struct {
	reason  Reason
	origin  string   // the origin the request presented
	include bool     // credentials mode include
	method  string   // the request's method
	added   []string // header names the fix adds to Access-Control-Allow-Headers
	status  int      // the status of the failing response
	value   string   // the value the failing check judged
	header  BadHeader
}

// fixJSON is a fix as the result format writes it.
type fixJSON struct {
	Side    FixSide     `json:"side"`
	Summary string      `json:"summary"`
	Target  WireKind    `json:"target,omitempty"`
	Method  string      `json:"method,omitempty"`
	URL     string      `json:"url,omitempty"`
	Wire    int         `json:"wire"`
	Status  int         `json:"status,omitempty"`
	Set     [][2]string `json:"set,omitempty"`
	Remove  []string    `json:"remove,omitempty"`
}

// MarshalJSON writes the fix with its summary.
func (f *Fix) MarshalJSON() ([]byte, error) {
	return json.Marshal(fixJSON{f.Side, f.Summary(), f.Target, f.Method, f.URL, f.Wire, f.Status, f.Set, f.Remove})
}

// Reason is the failure the fix removes.
func (f *Fix) Reason() Reason { return f.advice.reason }

// clientFix is the fix for the calling code, or nil when the failure has
// none to give.
func clientFix(a advice) *Fix {
	switch a.reason {
	case ForbiddenMethod, InvalidMethod, InvalidHeader, NoCorsMethodNotSafelisted, BodyWithGetOrHead,
		URLContainsCredentials, InvalidURL, DisallowedByMode, NoCorsRedirectModeNotFollow,
		CorsDisabledScheme, RedirectModeError, TooManyRedirects, InvalidRedirectLocation, BadPort, MixedContent, InvalidDataURL, BlobNotFound:
		return &Fix{Side: FixClient, Wire: -1, advice: a}
	}
	return nil
}

// computeFix names what the server must change on the response that
// failed, for the origin the request presented there (request.go's
// presentedOrigin: the same value the browser put on the wire).
func (r *run) computeFix(req *request, fl *Failure) *Fix {
	a := advice{reason: fl.Reason, value: fl.Value, header: fl.Header, method: req.Method, include: req.include()}
	if r.failedWire < 0 || r.failedWire >= len(r.res.Wire) {
		return clientFix(a)
	}
	w := r.res.Wire[r.failedWire]
	f := &Fix{Side: FixServer, Target: w.Kind, Method: w.Method, URL: w.URL, Wire: r.failedWire}
	var sentHeader HeaderList
	if w.Response != nil {
		a.status = w.Response.Status
		for _, h := range w.Response.Headers {
			sentHeader.Append(h[0], h[1])
		}
	}
	a.origin = req.presentedOrigin(r.p, w.Kind)
	allowOrigin := func() {
		f.Set = append(f.Set, [2]string{"Access-Control-Allow-Origin", a.origin})
		if a.include {
			f.Set = append(f.Set, [2]string{"Access-Control-Allow-Credentials", "true"})
		}
	}
	switch baseReason(fl.Reason) {
	case MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue, MultipleAllowOriginValues, WildcardOriginNotAllowed:
		allowOrigin()
	case InvalidAllowCredentials:
		f.Set = append(f.Set, [2]string{"Access-Control-Allow-Credentials", "true"})
	case PreflightInvalidStatus:
		f.Status = 204
	case PreflightDisallowedRedirect:
		f.Status = 204
		f.Remove = []string{"Location"}
	case InvalidAllowMethodsPreflightResponse, MethodDisallowedByPreflightResponse:
		v, _ := sentHeader.Get("Access-Control-Allow-Methods")
		methods := lenientList(v)
		if !slices.Contains(methods, req.Method) {
			methods = append(methods, req.Method)
		}
		f.Set = [][2]string{{"Access-Control-Allow-Methods", strings.Join(methods, ", ")}}
	case InvalidAllowHeadersPreflightResponse, HeaderDisallowedByPreflightResponse:
		v, _ := sentHeader.Get("Access-Control-Allow-Headers")
		names := lenientList(v)
		have := foldSet(names)
		for _, u := range req.unsafeNames() {
			if !have.has(u.Name) {
				have.add(u.Name)
				names = append(names, u.Name)
				a.added = append(a.added, u.Name)
			}
		}
		f.Set = [][2]string{{"Access-Control-Allow-Headers", strings.Join(names, ", ")}}
	case CorpNotSameOrigin, CorpNotSameSite:
		f.Set = [][2]string{{"Cross-Origin-Resource-Policy", "cross-origin"}}
	case RedirectContainsCredentials:
		f.Set = [][2]string{{"Location", stripCredentials(fl.Value)}}
	default:
		return clientFix(a)
	}
	f.advice = a
	return f
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
