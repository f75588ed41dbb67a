package scenario

import (
	"slices"
	"strconv"
	"strings"

	"corsim/fetchspec"
)

// ApplyFix changes the server rule that produced the failing response, as
// the fix says. A preflight fix on a rule that also answers other methods
// goes into a new OPTIONS rule in front of it, so the actual response stays
// as it was; a response that no rule produced (the default 404) gets a rule.
func (s *Scenario) ApplyFix(res *fetchspec.Result, f *fetchspec.Fix) bool {
	if f == nil || f.Side != fetchspec.FixServer || f.Wire < 0 || f.Wire >= len(res.Wire) {
		return false
	}
	w := res.Wire[f.Wire]
	if w.Rule < 0 {
		resp := &fetchspec.Response{Status: w.Response.Status, StatusText: w.Response.StatusText}
		f.Apply(resp)
		s.Server = append(s.Server, Rule{Method: w.Method, URL: w.URL, Response: resp.Serialize()})
		return s.Validate() == nil
	}
	rule := s.Server[w.Rule]
	resp, err := fetchspec.ParseRawResponse(rule.Response)
	if err != nil {
		return false
	}
	f.Apply(resp)
	text := resp.Serialize()
	if !strings.Contains(rule.Response, "\r\n") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	if f.Target == "preflight" && rule.Method != "OPTIONS" {
		s.Server = append([]Rule{{Method: "OPTIONS", URL: w.URL, Response: text}}, s.Server...)
	} else {
		s.Server[w.Rule].Response = text
	}
	return s.Validate() == nil
}

// SuggestFix applies fixes for request i until it succeeds, a fix is for
// the client, or nothing changes (at most 8 rounds, enough for a preflight
// and an actual response that each need every header). It returns the
// fixes in order and the fixed scenario; the original is left alone.
//
// Request i depends only on the requests before it (through the preflight
// cache), so each round evaluates those and no later ones: in a scenario
// of 200 requests, fixing the first costs one evaluation, not 200.
func (s *Scenario) SuggestFix(i int, browser string) ([]*fetchspec.Fix, *Scenario) {
	// Work on a copy that shares the requests (never modified here) and
	// owns its rules, which the fixes change.
	cur := *s
	cur.Requests = s.Requests[:i+1]
	cur.Expect = s.Expect[:min(len(s.Expect), i+1)]
	cur.Server = append([]Rule(nil), s.Server...)
	if err := cur.Validate(); err != nil {
		return nil, s
	}
	defer func() {
		cur.Requests, cur.Expect = s.Requests, s.Expect
		_ = cur.Validate()
	}()
	var fixes []*fetchspec.Fix
	for round := 0; round < 8; round++ {
		out, err := cur.Eval(browser)
		if err != nil {
			break
		}
		res := out.Results[i]
		if res.Outcome == fetchspec.OutcomeOK || res.Fix == nil {
			break
		}
		fixes = append(fixes, res.Fix)
		if res.Fix.Side != fetchspec.FixServer || !cur.ApplyFix(res, res.Fix) {
			break
		}
	}
	return fixes, &cur
}

// ResponseChange is every header a chain of fixes sets on one response,
// merged into what a server owner copies at once.
type ResponseChange struct {
	Target fetchspec.WireKind
	Method string
	URL    string
	Status int         // 0 keeps the status
	Set    [][2]string // in the order the fixes named them; a later value wins
	Remove []string
}

// Text is the change as lines to paste into a server's configuration.
func (c ResponseChange) Text() string {
	var b strings.Builder
	if c.Status != 0 {
		b.WriteString("status " + strconv.Itoa(c.Status) + " " + fetchspec.StatusText(c.Status) + "\n")
	}
	for _, kv := range c.Set {
		b.WriteString(kv[0] + ": " + kv[1] + "\n")
	}
	for _, n := range c.Remove {
		b.WriteString("(remove " + n + ")\n")
	}
	return b.String()
}

// MergeFixes groups the server fixes of a chain by the response they
// change (the preflight's, the request's, a redirect's), so the whole
// repair is one header set per response. A response that names an origin
// in Access-Control-Allow-Origin also gets Vary: Origin, since a server
// that allows several origins answers each differently and a cache must
// not hand one origin's answer to another.
func MergeFixes(fixes []*fetchspec.Fix) []ResponseChange {
	var out []ResponseChange
	for _, f := range fixes {
		if f.Side != fetchspec.FixServer {
			continue
		}
		i := slices.IndexFunc(out, func(c ResponseChange) bool {
			return c.Target == f.Target && c.Method == f.Method && c.URL == f.URL
		})
		if i < 0 {
			out = append(out, ResponseChange{Target: f.Target, Method: f.Method, URL: f.URL})
			i = len(out) - 1
		}
		c := &out[i]
		if f.Status != 0 {
			c.Status = f.Status
		}
		c.Remove = append(c.Remove, f.Remove...)
		for _, kv := range f.Set {
			if j := slices.IndexFunc(c.Set, func(have [2]string) bool { return strings.EqualFold(have[0], kv[0]) }); j >= 0 {
				c.Set[j] = kv
			} else {
				c.Set = append(c.Set, kv)
			}
		}
	}
	for i := range out {
		for _, kv := range out[i].Set {
			if strings.EqualFold(kv[0], "Access-Control-Allow-Origin") && kv[1] != "*" {
				out[i].Set = append(out[i].Set, [2]string{"Vary", "Origin"})
				break
			}
		}
	}
	return out
}
