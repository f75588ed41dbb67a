// Package scenario reads and writes scenario files (docs/scenario-format.md),
// evaluates them with fetchspec, and checks their expectations.
package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"corsim/fetchspec"
)

// Scenario is one page origin, its fetch() calls, and a server.
type Scenario struct {
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Browser     string            `json:"browser,omitempty"`
	Origin      string            `json:"origin"`
	Requests    []Request         `json:"requests"`
	Server      []Rule            `json:"server"`
	Expect      []json.RawMessage `json:"expect,omitempty"`

	origin fetchspec.Origin
	parsed []*fetchspec.Response
	urls   []string
}

// The values fetch() accepts for a request's mode, credentials and
// redirect (RequestInit's enums); the loader, validation and the paste
// parsers all check against these.
var (
	Modes            = []string{"cors", "no-cors", "same-origin"}
	CredentialsModes = []string{"omit", "same-origin", "include"}
	RedirectModes    = []string{"follow", "error", "manual"}
)

// Request is one fetch() call.
type Request struct {
	At          *float64    `json:"at,omitempty"`
	Method      string      `json:"method,omitempty"`
	URL         string      `json:"url"`
	Headers     [][2]string `json:"headers,omitempty"`
	Mode        string      `json:"mode,omitempty"`
	Credentials string      `json:"credentials,omitempty"`
	Redirect    string      `json:"redirect,omitempty"`
	Body        *string     `json:"body,omitempty"`
}

// Rule answers the requests on the wire that match its method and URL.
type Rule struct {
	Method string `json:"method,omitempty"`
	URL    string `json:"url"`
	// Match says how URL is compared (MatchModes); "" is "url", exact.
	Match    string `json:"match,omitempty"`
	Response string `json:"response"`
}

// How a rule's url is compared with the URL on the wire:
//
//	url     the whole URL, after parsing and serializing both (the default)
//	path    scheme, host, port and path; any query
//	prefix  the URL starts with the rule's url
//	glob    * in the rule's url stands for any characters; "*" is any URL
var MatchModes = []string{"url", "path", "prefix", "glob"}

// Output is what `corsim eval --json` prints for one file.
type Output struct {
	Name    string              `json:"name"`
	Browser string              `json:"browser"`
	Results []*fetchspec.Result `json:"results"`
}

// Load parses and validates a scenario. Every mistake comes back as an
// *Error naming the file, line and column.
func Load(file string, data []byte) (*Scenario, error) {
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), pos: map[string]int{}, file: file}
	w.dec.UseNumber()
	if err := w.walk(scenarioSchema, ""); err != nil {
		if e := (*Error)(nil); !errors.As(err, &e) {
			err = w.errAt(int(w.dec.InputOffset()), "invalid JSON: "+err.Error())
		}
		return nil, err
	}
	if off := w.valueStart(); off < len(data) {
		return nil, w.errAt(off, "unexpected text after the scenario object")
	}
	var s Scenario
	if err := json.Unmarshal(data, &s); err != nil {
		if len(w.soft) > 0 {
			return nil, w.soft.orOne()
		}
		return nil, w.errAt(0, err.Error())
	}
	err := s.validate(func(path string, decoded int, msg string) error {
		off, ok := w.pos[path]
		if !ok {
			off = 0
		}
		if decoded >= 0 && off < len(data) && data[off] == '"' {
			off = stringOffset(data, off, decoded)
		}
		e := newError(file, data, off, msg)
		e.Path = path
		return e
	})
	if err := mergeErrors(w.soft, err); err != nil {
		return nil, err
	}
	return &s, nil
}

// LoadFile reads and loads a scenario file.
func LoadFile(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Load(path, data)
}

// Validate checks a scenario built in code (by the page, say) and prepares
// it for evaluation. Errors carry the field path but no position.
func (s *Scenario) Validate() error {
	return s.validate(func(path string, _ int, msg string) error {
		return &Error{Path: path, Msg: msg}
	})
}

func (s *Scenario) validate(at func(path string, decoded int, msg string) error) error {
	// Every mistake is collected, so that one pass over the file fixes
	// them all (as jub0bs/cors reports a configuration).
	var errs ErrorList
	bad := func(path string, decoded int, msg string) {
		err := at(path, decoded, msg)
		var e *Error
		if errors.As(err, &e) {
			errs = append(errs, e)
		}
	}
	if strings.TrimSpace(s.Name) == "" {
		bad("name", -1, "a scenario needs a name")
	}
	if s.Browser == "" {
		s.Browser = "spec"
	}
	if fetchspec.LookupProfile(s.Browser) == nil {
		bad("browser", -1, "unknown browser \""+s.Browser+"\"; expected "+fetchspec.ProfileChoices())
	}
	if o, err := fetchspec.ParseOrigin(s.Origin); err != nil {
		bad("origin", -1, "origin \""+s.Origin+"\": "+err.Error())
	} else {
		s.origin = o
	}
	if len(s.Requests) == 0 {
		bad("requests", -1, "a scenario needs at least one request")
	}
	last := 0.0
	for i, r := range s.Requests {
		p := "requests[" + strconv.Itoa(i) + "]"
		if r.URL == "" {
			bad(p, -1, "a request needs a url")
		} else if _, err := fetchspec.ParseURL(r.URL); err != nil {
			bad(p+".url", -1, "\""+r.URL+"\" is not an absolute URL: "+err.Error())
		}
		for _, f := range []struct {
			field, v string
			ok       []string
		}{
			{"mode", r.Mode, Modes},
			{"credentials", r.Credentials, CredentialsModes},
			{"redirect", r.Redirect, RedirectModes},
		} {
			if f.v != "" && !slices.Contains(f.ok, f.v) {
				bad(p+"."+f.field, -1, "unknown value \""+f.v+"\" for "+p+"."+f.field+"; expected one of "+strings.Join(f.ok, ", "))
			}
		}
		if r.At != nil {
			if *r.At < last {
				bad(p+".at", -1, "at "+strconv.FormatFloat(*r.At, 'g', -1, 64)+" is before the previous request's "+strconv.FormatFloat(last, 'g', -1, 64)+"; times must not decrease")
			}
			last = max(last, *r.At)
		}
	}
	parsed := make([]*fetchspec.Response, len(s.Server))
	urls := make([]string, len(s.Server))
	for i, rule := range s.Server {
		p := "server[" + strconv.Itoa(i) + "]"
		switch {
		case rule.Match != "" && !slices.Contains(MatchModes, rule.Match):
			bad(p+".match", -1, "unknown value \""+rule.Match+"\" for "+p+".match; expected one of "+strings.Join(MatchModes, ", "))
		case rule.Match == "glob":
			// A pattern: it must read as a URL once each * is a letter.
			if _, err := fetchspec.ParseURL(strings.ReplaceAll(rule.URL, "*", "x")); err != nil && rule.URL != "*" {
				bad(p+".url", -1, "\""+rule.URL+"\" is not a URL pattern: with each * taken as a letter it must be an absolute URL ("+err.Error()+"); \"*\" alone matches any URL")
			}
			urls[i] = rule.URL
		default:
			if u, err := fetchspec.ParseURL(rule.URL); err != nil {
				bad(p+".url", -1, "\""+rule.URL+"\" is not an absolute URL: "+err.Error())
			} else {
				urls[i] = u.String()
			}
		}
		resp, err := fetchspec.ParseRawResponse(rule.Response)
		if err != nil {
			var pe *fetchspec.ParseError
			if errors.As(err, &pe) {
				bad(p+".response", decodedOffset(rule.Response, pe.Line, pe.Col), "raw response line "+strconv.Itoa(pe.Line)+": "+pe.Msg)
			} else {
				bad(p+".response", -1, "raw response: "+err.Error())
			}
			continue
		}
		parsed[i] = resp
	}
	if len(s.Expect) > len(s.Requests) {
		bad("expect", -1, "expect has "+strconv.Itoa(len(s.Expect))+" entries but there are only "+strconv.Itoa(len(s.Requests))+" requests")
	}
	switch len(errs) {
	case 0:
		s.parsed, s.urls = parsed, urls
		return nil
	case 1:
		return errs[0]
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Col < errs[j].Col
	})
	return errs
}

// mergeErrors joins the loader's soft errors with validation's, each
// position once, in file order.
func mergeErrors(soft ErrorList, err error) error {
	var all ErrorList
	all = append(all, soft...)
	var list ErrorList
	var one *Error
	switch {
	case errors.As(err, &list):
		all = append(all, list...)
	case errors.As(err, &one):
		all = append(all, one)
	}
	seen := map[[2]int]bool{}
	out := all[:0]
	for _, e := range all {
		k := [2]int{e.Line, e.Col}
		if seen[k] && e.Line > 0 {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Col < out[j].Col
	})
	return out.orOne()
}

// orOne is nil for no error, the error itself for one, the list for more.
func (l ErrorList) orOne() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// ErrorList is every mistake of a scenario, in the order of the file.
// errors.As finds its first *Error, so callers that show one still can.
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// As lets errors.As find the first error as an *Error.
func (l ErrorList) As(target any) bool {
	if t, ok := target.(**Error); ok && len(l) > 0 {
		*t = l[0]
		return true
	}
	return false
}

// decodedOffset turns a 1-based line and column in text into a byte offset.
func decodedOffset(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return off + col - 1
}

// Match is the index of the rule that answers a request: the first whose
// method (if any) and URL match (by its match mode), or -1. The engine's
// server and the conformance harness's real one both answer through it.
func (s *Scenario) Match(method string, u *fetchspec.URL) int {
	want := u.String()
	for i, r := range s.Server {
		url := r.URL
		if i < len(s.urls) {
			url = s.urls[i]
		} else if ru, err := fetchspec.ParseURL(r.URL); err == nil && r.Match != "glob" {
			url = ru.String()
		}
		if (r.Method == "" || r.Method == method) && urlMatches(r.Match, url, want) {
			return i
		}
	}
	return -1
}

// urlMatches compares a rule's (serialized) url with a URL on the wire.
func urlMatches(mode, rule, url string) bool {
	switch mode {
	case "path":
		return withoutQuery(rule) == withoutQuery(url)
	case "prefix":
		return strings.HasPrefix(url, rule)
	case "glob":
		return glob(rule, url)
	}
	return rule == url
}

func withoutQuery(u string) string {
	u, _, _ = strings.Cut(u, "#")
	u, _, _ = strings.Cut(u, "?")
	return u
}

// glob matches pattern, where * stands for any run of characters.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// NoRuleMatched says, loudly, that no rule answered a request on the wire
// (corsim then answers a bare 404, which no CORS check passes), and which
// rule came closest.
func NoRuleMatched(s *Scenario, w fetchspec.WireRequest) string {
	msg := "No server rule matches " + w.Method + " " + w.URL + ": corsim answered 404 Not Found with no headers, so the checks judge a response your server never sent. Add a rule for it"
	if u, err := fetchspec.ParseURL(w.URL); err == nil {
		if i, why := s.NearestRule(w.Method, u); i >= 0 {
			msg += "; the nearest is rule " + strconv.Itoa(i+1) + ": " + why
		}
	}
	return msg + "."
}

// NearestRule names the rule that comes closest to answering a request
// none answers, and how it differs, for a verdict that says so; -1 when
// no rule shares the request's origin.
func (s *Scenario) NearestRule(method string, u *fetchspec.URL) (int, string) {
	want := u.String()
	origin := u.Origin().Serialize()
	best, why := -1, ""
	for i, r := range s.Server {
		url := r.URL
		if i < len(s.urls) {
			url = s.urls[i]
		}
		switch {
		case urlMatches(r.Match, url, want):
			// Only the method keeps it from answering.
			return i, "it answers " + r.Method + " only, and this request is " + method
		case r.Match != "glob" && withoutQuery(url) == withoutQuery(want):
			return i, "it differs only in the query; set its match to \"path\" to answer any query"
		case best < 0 && strings.HasPrefix(url, origin+"/"):
			best, why = i, "it is for another path on the same origin ("+r.URL+")"
		}
	}
	return best, why
}

// server answers from the rules (Match); no match is a bare 404.
func (s *Scenario) server() fetchspec.Server {
	return func(method string, u *fetchspec.URL) fetchspec.Answer {
		if i := s.Match(method, u); i >= 0 {
			return fetchspec.Answer{Response: cloneResponse(s.parsed[i]), Rule: i}
		}
		return fetchspec.Answer{Response: &fetchspec.Response{Status: 404, StatusText: "Not Found"}, Rule: -1}
	}
}

func cloneResponse(r *fetchspec.Response) *fetchspec.Response {
	c := *r
	c.Header = r.Header.Clone()
	return &c
}

// ErrNotValidated: Eval on a scenario that neither Load nor Validate has
// prepared (its rules are not parsed yet).
var ErrNotValidated = errors.New("scenario: Eval before Load or Validate")

// Eval runs every request in order with one engine, so the preflight cache
// carries over. browser overrides the scenario's own profile when not "".
// An unknown browser or a scenario not validated is an error, not a panic.
func (s *Scenario) Eval(browser string) (*Output, error) {
	if browser == "" {
		browser = s.Browser
	}
	if s.parsed == nil || len(s.parsed) != len(s.Server) {
		return nil, ErrNotValidated
	}
	p := fetchspec.LookupProfile(browser)
	if p == nil {
		return nil, errors.New("scenario: unknown browser \"" + browser + "\"; expected " + fetchspec.ProfileChoices())
	}
	e := fetchspec.NewEngine(p, s.origin, s.server())
	out := &Output{Name: s.Name, Browser: browser, Results: make([]*fetchspec.Result, 0, len(s.Requests))}
	at := 0.0
	for _, r := range s.Requests {
		if r.At != nil {
			at = *r.At
		}
		out.Results = append(out.Results, e.Fetch(fetchspec.FetchInput{
			Method: r.Method, URL: r.URL, Headers: r.Headers, Mode: fetchspec.Mode(r.Mode),
			Credentials: fetchspec.CredentialsMode(r.Credentials), Redirect: fetchspec.RedirectMode(r.Redirect), Body: r.Body,
		}, at))
	}
	return out, nil
}

// Mismatch is one expected field that the result does not match.
type Mismatch struct {
	Request int
	Field   string
	Want    string
	Got     string
}

func (m Mismatch) String() string {
	return "request " + strconv.Itoa(m.Request) + " " + m.Field + ": want " + m.Want + ", got " + m.Got
}

// Check compares results with the scenario's expect entries. A field left
// out of an expectation is not checked; objects inside (wire entries) are
// compared on the keys the expectation names, so optional extension fields
// never break an expectation.
func (s *Scenario) Check(out *Output) []Mismatch {
	var bad []Mismatch
	for i, raw := range s.Expect {
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			bad = append(bad, Mismatch{i, "(expect)", "an object", err.Error()})
			continue
		}
		b, _ := json.Marshal(out.Results[i])
		var got map[string]any
		_ = json.Unmarshal(b, &got)
		for k, w := range want {
			if k == "steps" {
				continue
			}
			if !subsetEqual(w, got[k]) {
				wj, _ := json.Marshal(w)
				gj, _ := json.Marshal(got[k])
				bad = append(bad, Mismatch{i, k, string(wj), string(gj)})
			}
		}
	}
	return bad
}

func subsetEqual(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !subsetEqual(v, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !subsetEqual(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, got)
}

// Marshal writes the scenario back as indented JSON.
func (s *Scenario) Marshal() []byte {
	if s.Server == nil {
		// "server" is optional on input, but null would not load back.
		c := *s
		c.Server = []Rule{}
		s = &c
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	return append(b, '\n')
}

// Clone deep-copies a scenario (parsed state included).
func (s *Scenario) Clone() (*Scenario, error) {
	return Load("", s.Marshal())
}
