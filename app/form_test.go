package app

import (
	"os"
	"testing"

	"corsim/scenario"
)

func loadScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.LoadFile("../testdata/scenarios/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFormRoundTrip(t *testing.T) {
	for _, name := range []string{"preflight-put-ok", "cache-ten-requests", "redirect-tainted-preflight", "no-cors-drops-unsafe-headers"} {
		s := loadScenario(t, name)
		f := FormFromScenario(s)
		got, ferr := f.Scenario()
		if ferr != nil {
			t.Fatalf("%s: %v", name, ferr.Msg)
		}
		a, b := evalOrFail(t, s, "chromium"), evalOrFail(t, got, "chromium")
		for i := range a.Results {
			if a.Results[i].Outcome != b.Results[i].Outcome || a.Results[i].Error != b.Results[i].Error || len(a.Results[i].Wire) != len(b.Results[i].Wire) {
				t.Errorf("%s #%d: form round trip changed the result", name, i)
			}
		}
	}
}

func TestFormErrorsPointAtControls(t *testing.T) {
	f := FormFromScenario(loadScenario(t, "preflight-put-ok"))
	for _, tc := range []struct {
		edit  func(*Form)
		field string
	}{
		{func(f *Form) { f.Origin = "http://app.test:18080/" }, "origin"},
		{func(f *Form) { f.Requests[0].URL = "http://[bad" }, "req0-url"},
		{func(f *Form) { f.Requests[0].Headers = "no colon here" }, "req0-headers"},
		{func(f *Form) { f.Requests[0].At = "soon" }, "req0-at"},
		{func(f *Form) { f.Rules[1].Response = "HTTP/1.1 200 OK\nbro(ken): 1\n\n" }, "rule1-response"},
		{func(f *Form) { f.Rules[0].URL = "" }, "rule0-url"},
	} {
		g := f
		g.Requests = append([]RequestForm(nil), f.Requests...)
		g.Rules = append([]RuleForm(nil), f.Rules...)
		tc.edit(&g)
		_, ferr := g.Scenario()
		if ferr == nil || ferr.Field != tc.field {
			t.Errorf("want an error on %s, got %+v", tc.field, ferr)
		}
	}
}

func TestShareRoundTrip(t *testing.T) {
	s := loadScenario(t, "redirect-cross-to-cross-origin-null")
	code := EncodeShare(s)
	back, err := DecodeShare(code)
	if err != nil {
		t.Fatal(err)
	}
	if string(back.Marshal()) != string(s.Marshal()) {
		t.Error("share link changed the scenario")
	}
	if _, err := DecodeShare(code[:len(code)/2]); err == nil {
		t.Error("a truncated link decoded")
	}
}

func TestLessonsLoadAndAnswer(t *testing.T) {
	if len(Lessons) < 12 {
		t.Fatalf("%d lessons, want at least 12", len(Lessons))
	}
	for i, l := range Lessons {
		s, err := LessonScenario(i)
		if err != nil {
			t.Fatalf("%s: %v", l.File, err)
		}
		if l.Answer < 0 || l.Answer >= len(l.Choices) {
			t.Errorf("%s: answer out of range", l.File)
		}
		if out := evalOrFail(t, s, "chromium"); len(out.Results) == 0 {
			t.Errorf("%s: no results", l.File)
		}
	}
}

// A loaded scenario re-shares as the same bytes until it is edited; an
// edit in the editor is seen (the editor's copy shares nothing with the
// loaded one).
func TestShareExactUntilEdited(t *testing.T) {
	raw, err := os.ReadFile("../testdata/scenarios/invalid-header-value-newline.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load("x", raw)
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{browser: s.Browser}
	p.loadExact(raw, s)
	if got := p.shareCode(); got != encodeShareBytes(raw) {
		t.Errorf("unedited share differs from the loaded bytes")
	}
	if p.out.Results[0].Outcome != "type-error" {
		t.Errorf("page evaluates %s, the file says type-error", p.out.Results[0].Outcome)
	}
	p.form.Requests[0].Headers = "X-A: 1"
	p.eval()
	if p.unedited() {
		t.Fatal("an edit to a request went unseen")
	}
	if p.shareCode() == encodeShareBytes(raw) {
		t.Error("an edited scenario shares the old bytes")
	}
}

// evalOrFail evaluates s, failing the test on an error.
func evalOrFail(t testing.TB, s *scenario.Scenario, browser string) *scenario.Output {
	t.Helper()
	out, err := s.Eval(browser)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Each lesson is a scenario of the suite, kept once: the page embeds
// app/lessons/NAME.json and testdata/scenarios/NAME.json is a link to it,
// so the browser runs and the golden tests check what the lesson shows.
func TestLessonsAreTestdataScenarios(t *testing.T) {
	for _, l := range Lessons {
		if _, err := lessonFiles.ReadFile("lessons/" + l.File + ".json"); err != nil {
			t.Fatal(err)
		}
		path := "../testdata/scenarios/" + l.File + ".json"
		target, err := os.Readlink(path)
		if err != nil || target != "../../app/lessons/"+l.File+".json" {
			t.Errorf("%s should be a link to ../../app/lessons/%s.json (one copy of the lesson): %q %v", path, l.File, target, err)
		}
	}
}
