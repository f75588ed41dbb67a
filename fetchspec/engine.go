package fetchspec

import (
	"encoding/json"
	"strings"
)

// FetchInput is one fetch() call as script makes it. Empty modes take
// fetch()'s defaults: cors, same-origin credentials, follow.
type FetchInput struct {
	Method      string
	URL         string
	Headers     [][2]string
	Mode        Mode
	Credentials CredentialsMode
	Redirect    RedirectMode
	Body        *string
}

// Answer is the server's reply to one request on the wire.
type Answer struct {
	Response *Response
	// Rule is the index of the server rule that answered, or -1 for the
	// default 404.
	Rule int
}

// Server answers requests on the wire.
type Server func(method string, url *URL) Answer

// WireRequest is a request as it went on the wire.
type WireRequest struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	Credentials bool        `json:"credentials"`
	Headers     [][2]string `json:"headers"`
	// Added is what the browser adds on its own (Host, Accept, Referer,
	// User-Agent...), lower-cased, in the order the profile's browser
	// sends them; values the scenario cannot know are <placeholders>.
	Added [][2]string `json:"added,omitempty"`
	// Optional extensions for the sequence diagram.
	Kind     WireKind      `json:"kind,omitempty"`
	Rule     int           `json:"rule"`
	Response *WireResponse `json:"response,omitempty"`
}

// WireResponse is the answer as the server sent it.
type WireResponse struct {
	Status     int         `json:"status"`
	StatusText string      `json:"statusText,omitempty"`
	Headers    [][2]string `json:"headers"`
}

// Result is what one fetch() call came to (scenario-format.md, "Result").
// Its words (Message, Hint, each step's detail, the fix's summary, the
// notes) are rendered on demand from typed facts.
type Result struct {
	Outcome        Outcome
	Type           ResponseType
	Status         int
	ExposedHeaders []string
	Preflight      PreflightState
	// Error is the reason code of a failure ("" when the call succeeded).
	Error Reason
	Wire  []WireRequest
	Steps []Step
	// Fix is the smallest change that removes the failure, or nil.
	Fix         *Fix
	CacheEvents []CacheEvent
	// Notes: header lines HTTP/1.1 forbids, and what the browser made of
	// them (lenient.go).
	Notes []Note
	// At is when the call was made, in seconds since the scenario began.
	At float64

	failure *Failure
	console *consoleStyle
	// failedWire is the wire request whose response failed a check, -1
	// when the failure is not about a response.
	failedWire int
}

// FailedWire is the index in Wire of the request whose response failed a
// check, or -1 when the failure is not about a response (a TypeError, a
// blocked URL).
func (r *Result) FailedWire() int {
	if r.failure == nil || r.failedWire >= len(r.Wire) {
		return -1
	}
	return r.failedWire
}

// Failure is why the call failed, or nil when it succeeded.
func (r *Result) Failure() *Failure { return r.failure }

// Message is the console line the profile's browser prints for the
// failure; "" for a success and for the spec profile.
func (r *Result) Message() string {
	if r.failure == nil {
		return ""
	}
	return r.console.message(r.failure)
}

// Hint is the value the failing check judged: Chromium's failed_parameter
// (the header value, method or header name), or the name of a header
// fetch() refused.
func (r *Result) Hint() string {
	switch {
	case r.failure == nil:
		return ""
	case r.failure.Reason == InvalidHeader:
		return r.failure.Header.Name
	}
	return r.failure.Value
}

// resultJSON is a result as the result format writes it.
type resultJSON struct {
	Outcome        Outcome        `json:"outcome"`
	Type           ResponseType   `json:"type"`
	Status         int            `json:"status"`
	ExposedHeaders []string       `json:"exposedHeaders"`
	Preflight      PreflightState `json:"preflight"`
	Error          Reason         `json:"error"`
	Message        string         `json:"message"`
	Wire           []WireRequest  `json:"wire"`
	Steps          []Step         `json:"steps"`
	Hint           string         `json:"hint,omitempty"`
	Fix            *Fix           `json:"fix,omitempty"`
	CacheEvents    []CacheEvent   `json:"cacheEvents,omitempty"`
	Notes          []Note         `json:"notes,omitempty"`
	At             float64        `json:"at"`
}

// MarshalJSON writes the result with its words (scenario-format.md).
func (r *Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{r.Outcome, r.Type, r.Status, r.ExposedHeaders, r.Preflight, r.Error, r.Message(),
		r.Wire, r.Steps, r.Hint(), r.Fix, r.CacheEvents, r.Notes, r.At})
}

// Note is one header line HTTP/1.1 forbids, with what the profile's
// browser made of it; String renders it.
type Note struct {
	Line    IrregularLine
	read    string // the header as the lenient reading takes it
	ignored bool   // the browser drops the line
	browser string
}

// MarshalText writes the note as its sentence.
func (n Note) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// Engine evaluates fetch() calls from one page against one server. The
// preflight cache persists across calls, as in a browser tab.
type Engine struct {
	profile *Profile
	origin  Origin
	server  Server
	cache   *preflightCache
	calls   int
	base    *URL   // the page's origin as a URL, to resolve relative input
	serial  string // origin, serialized once
}

// NewEngine makes an engine with an empty cache.
func NewEngine(p *Profile, origin Origin, srv Server) *Engine {
	return &Engine{profile: p, origin: origin, server: srv, cache: newPreflightCache(), serial: origin.Serialize()}
}

// run holds the state of one fetch() call.
type run struct {
	e       *Engine
	p       *Profile
	now     float64
	call    int // the call's index, for cache events
	res     *Result
	initial string
	hop     int
	// lastWire is the index of the wire request the current steps concern.
	lastWire int
	// failedWire is the wire request whose response caused the failure.
	failedWire int
	// failLocation is where the failed response redirected to, when the
	// failure is about a redirect (Failure.Location).
	failLocation string
}

// Fetch runs one fetch() call at time now (seconds since the scenario
// started) and returns its result with the full trace.
func (e *Engine) Fetch(in FetchInput, now float64) *Result {
	r := &run{e: e, p: e.profile, now: now, call: e.calls, lastWire: -1, failedWire: -1,
		res: &Result{Outcome: OutcomeOK, Preflight: PreflightNone, ExposedHeaders: []string{}, Wire: make([]WireRequest, 0, 2),
			Steps: make([]Step, 0, 16), At: now, console: e.profile.console}}
	firstEvent := len(e.cache.Events)
	e.calls++
	if req := r.construct(in); req != nil {
		r.mainFetch(req)
	}
	if len(e.cache.Events) > firstEvent {
		r.res.CacheEvents = append([]CacheEvent(nil), e.cache.Events[firstEvent:]...)
	}
	return r.res
}

// step appends one entry to the trace.
func (r *run) step(id StepID, st StepStatus, f fact) {
	r.res.Steps = append(r.res.Steps, Step{ID: id, Status: st, Hop: r.hop, Wire: r.lastWire, fact: f})
}

// clock is when and for which call the cache is touched.
func (r *run) clock() clock { return clock{now: r.now, call: r.call} }

// onWire records a request the browser sent and the response as the
// browser read it (the profile's reading of irregular header lines
// applied: the wire report shows what the checks saw), and makes it the
// one the following steps concern.
func (r *run) onWire(w WireRequest, ans Answer) *Response {
	resp, notes := r.p.readResponse(ans.Response)
	r.res.Notes = append(r.res.Notes, notes...)
	w.Rule = ans.Rule
	w.Response = wireResponse(resp)
	r.res.Wire = append(r.res.Wire, w)
	r.lastWire = len(r.res.Wire) - 1
	return resp
}

func wireResponse(resp *Response) *WireResponse {
	w := &WireResponse{Status: resp.Status, StatusText: resp.StatusText, Headers: make([][2]string, len(resp.Header))}
	for i, h := range resp.Header {
		w.Headers[i] = [2]string{h.Name, h.Value}
	}
	return w
}

// fail turns the call into a network error (#concept-network-error) and,
// when main fetch took the preflight branch for this request at some hop,
// clears its cache entries (#concept-main-fetch at 586cd2a, step 12, the
// preflight case's substep 3; only profiles with clearOnError).
func (r *run) fail(req *request, reason Reason, value string, status int, preflightRoute bool) {
	r.res.Outcome = OutcomeNetworkError
	r.res.Type = TypeError
	r.res.Status = 0
	r.res.ExposedHeaders = []string{}
	r.res.Error = reason
	r.res.failure = &Failure{Reason: reason, Value: value, Status: status, URL: req.CurrentURL().String(), Initial: r.initial,
		Origin: req.Origin.Serialize(), Presented: req.presentedOrigin(r.p, KindRequest), Location: r.failLocation}
	if reason == HeaderDisallowedByPreflightResponse {
		// The header as script spelled it (WebKit's line names it so).
		r.res.failure.Header.Name = value
		for _, h := range req.Header {
			if equalFold(h.Name, value) {
				r.res.failure.Header.Name = h.Name
				break
			}
		}
	}
	r.res.failedWire = r.failedWire
	r.res.Fix = r.computeFix(req, r.res.failure)
	if preflightRoute && r.p.clearOnError {
		origin, url := req.serializedOrigin(), req.CurrentURL().String()
		if n := r.e.cache.clear(r.clock(), origin, url); n > 0 {
			r.step(StepCacheClear, Info, cacheCleared{count: n, url: url})
		}
	}
	r.step(StepFilter, Fail, filtered{typ: TypeError, reason: reason})
}

// typeError ends the call before anything is sent: fetch() rejects with a
// TypeError.
func (r *run) typeError(f rejected) *request {
	r.step(StepConstruct, Fail, f)
	r.res.Outcome = OutcomeTypeError
	r.res.Type = TypeError
	r.res.Error = f.reason
	r.res.failure = &Failure{Reason: f.reason, Value: f.value, Header: f.header}
	r.res.Fix = clientFix(advice{reason: f.reason, value: f.value, header: f.header})
	return nil
}

// readable lists the lower-cased, sorted, unique response header names
// that keep passes (keep compares case-insensitively).
func readable(l HeaderList, keep func(string) bool) []string {
	out := make([]string, 0, len(l))
	for _, h := range l {
		if keep(h.Name) {
			out = append(out, h.Name)
		}
	}
	return sortedLowercaseNames(out)
}

// lenientList reads a comma-separated list keeping only its tokens, for a
// fix that extends a list the server got wrong.
func lenientList(raw string) []string {
	var out []string
	for _, it := range strings.Split(raw, ",") {
		if it = trimHTTPTabOrSpace(it); IsToken(it) {
			out = append(out, it)
		}
	}
	return out
}
