package scenario

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"corsim/fetchspec"
)

// suggestFull is SuggestFix without the prefix shortcut: every round
// evaluates the whole scenario.
func suggestFull(s *Scenario, i int, browser string) ([]*fetchspec.Fix, *Scenario) {
	cur, err := s.Clone()
	if err != nil {
		panic(err)
	}
	var fixes []*fetchspec.Fix
	for round := 0; round < 8; round++ {
		out, err := cur.Eval(browser)
		if err != nil {
			panic(err)
		}
		res := out.Results[i]
		if res.Outcome == "ok" || res.Fix == nil {
			break
		}
		fixes = append(fixes, res.Fix)
		if res.Fix.Side != "server" || !cur.ApplyFix(res, res.Fix) {
			break
		}
	}
	return fixes, cur
}

// Evaluating only the requests up to the one being fixed gives the same
// fixes and the same fixed scenario, on every scenario and profile.
func TestSuggestFixPrefixIsExact(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	for _, f := range files {
		s, err := LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range fetchspec.ProfileNames {
			for i := range s.Requests {
				gf, gs := s.SuggestFix(i, b)
				wf, ws := suggestFull(s, i, b)
				if !reflect.DeepEqual(gf, wf) || string(gs.Marshal()) != string(ws.Marshal()) {
					t.Errorf("%s [%s] request %d: prefix and full evaluation disagree", filepath.Base(f), b, i)
				}
			}
		}
	}
}

// Every failing request of every scenario, in every profile: the
// suggested fixes make it pass, or the last one is advice for the calling
// code (the server cannot repair it), which says why in its summary.
func TestSuggestFixConverges(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	fixed, client := 0, 0
	for _, f := range files {
		s, err := LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range fetchspec.ProfileNames {
			out, err := s.Eval(b)
			if err != nil {
				t.Fatal(err)
			}
			for i, res := range out.Results {
				if res.Outcome == fetchspec.OutcomeOK {
					continue
				}
				fixes, after := s.SuggestFix(i, b)
				if len(fixes) == 0 {
					t.Errorf("%s [%s] request %d fails with %s and gets no fix", filepath.Base(f), b, i, res.Error)
					continue
				}
				last := fixes[len(fixes)-1]
				if last.Side == fetchspec.FixClient {
					client++
					if last.Summary() == "" {
						t.Errorf("%s [%s] request %d: client fix without words", filepath.Base(f), b, i)
					}
					continue
				}
				o, err := after.Eval(b)
				if err != nil {
					t.Fatal(err)
				}
				if got := o.Results[i]; got.Outcome != fetchspec.OutcomeOK {
					t.Errorf("%s [%s] request %d: after %d fixes still %s (last fix: %s)", filepath.Base(f), b, i, len(fixes), got.Error, last.Summary())
					continue
				}
				fixed++
			}
		}
	}
	t.Logf("%d failures fixed on the server, %d need the calling code", fixed, client)
}

// The fixes of one chain merge into one header set per response, with
// Vary: Origin wherever an origin is named.
func TestMergeFixes(t *testing.T) {
	s, err := LoadFile("../testdata/scenarios/preflight-405-no-acao.json")
	if err != nil {
		t.Fatal(err)
	}
	fixes, fixed := s.SuggestFix(0, "chromium")
	changes := MergeFixes(fixes)
	if len(fixes) < 2 || len(changes) == 0 {
		t.Fatalf("%d fixes, %d changes", len(fixes), len(changes))
	}
	pre := changes[0]
	text := pre.Text()
	for _, want := range []string{"status 204", "Access-Control-Allow-Origin: http://app.test:18080", "Vary: Origin"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preflight change lacks %q:\n%s", want, text)
		}
	}
	if pre.Target != fetchspec.KindPreflight {
		t.Errorf("first change is for %s", pre.Target)
	}
	// The merged change is the fixes' own: applying them passed.
	if out, err := fixed.Eval("chromium"); err != nil || out.Results[0].Outcome != fetchspec.OutcomeOK {
		t.Errorf("the fixed scenario does not pass: %v", err)
	}
}

// NearestRule says why the closest rule did not answer.
func TestNearestRule(t *testing.T) {
	s, err := Load("t", []byte(`{"name": "n", "origin": "http://a.test", "requests": [{"url": "http://b.test/x"}], "server": [
		{"url": "http://c.test/x", "response": "HTTP/1.1 200 OK\n\n"},
		{"url": "http://b.test/other", "response": "HTTP/1.1 200 OK\n\n"},
		{"method": "PUT", "url": "http://b.test/*", "match": "glob", "response": "HTTP/1.1 200 OK\n\n"},
		{"url": "http://b.test/q", "response": "HTTP/1.1 200 OK\n\n"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ url, why string }{
		{"http://b.test/x", "rule 3: it answers PUT only"},
		{"http://b.test/q?page=2", "rule 3: it answers PUT only"},
		{"http://c.test/x?y", "rule 1: it differs only in the query"},
		{"http://c.test/z", "rule 1: it is for another path"},
		{"http://d.test/z", ""},
	} {
		u, _ := fetchspec.ParseURL(tc.url)
		got := NoRuleMatched(s, fetchspec.WireRequest{Method: "GET", URL: u.String()})
		if tc.why == "" && strings.Contains(got, "nearest") || tc.why != "" && !strings.Contains(got, tc.why) {
			t.Errorf("%s: %q, want %q", tc.url, got, tc.why)
		}
	}
}
