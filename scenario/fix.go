package scenario

import (
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
