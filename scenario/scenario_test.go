package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corsim/fetchspec"
)

// TestScenarios is the backbone: every scenario in testdata/scenarios runs
// under the profile it names and must match its expect entries.
func TestScenarios(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	if len(files) == 0 {
		t.Fatal("no scenarios found")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			s, err := LoadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Expect) == 0 {
				t.Fatal("scenario has no expect entries")
			}
			out, err := s.Eval("")
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range s.Check(out) {
				t.Error(m)
			}
		})
	}
}

// TestEveryReasonCovered checks that each reason code appears in at least
// one scenario expectation.
func TestEveryReasonCovered(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	var all strings.Builder
	for _, f := range files {
		b, _ := os.ReadFile(f)
		all.Write(b)
	}
	for _, r := range fetchspec.AllReasons {
		if !strings.Contains(all.String(), `"error": "`+string(r)+`"`) {
			t.Errorf("no scenario expects %s", r)
		}
	}
}

// Eval answers an unknown browser or a scenario nobody validated with an
// error, not a panic; Clone reports what it could not copy.
func TestEvalErrors(t *testing.T) {
	s := &Scenario{Name: "x", Origin: "http://a.test", Requests: []Request{{URL: "http://b.test/"}},
		Server: []Rule{{URL: "http://b.test/", Response: "HTTP/1.1 200 OK\r\n\r\n"}}}
	if _, err := s.Eval(""); !errors.Is(err, ErrNotValidated) {
		t.Errorf("unvalidated: %v", err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Eval("netscape"); err == nil || !strings.Contains(err.Error(), "unknown browser") {
		t.Errorf("unknown browser: %v", err)
	}
	if _, err := s.Eval("firefox"); err != nil {
		t.Errorf("firefox: %v", err)
	}
	bad := *s
	bad.Origin = "not an origin"
	if _, err := bad.Clone(); err == nil {
		t.Error("Clone of an invalid scenario gave no error")
	}
}

// Every mistake of a file is reported at once, each at its own position.
func TestLoadReportsEveryError(t *testing.T) {
	src := `{"name": "", "origin": "http://a.test/",
 "requests": [{"url": "nope", "mode": "cros"}, {"url": "http://b.test/", "at": -1}],
 "server": [{"url": "http://b.test/", "response": "HTTP/1.1 200 OK\nbad(name): 1\n\n"}]}`
	_, err := Load("f.json", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %T: %v", err, err)
	}
	want := []string{"name", "origin", "requests[0].url", "requests[0].mode", "server[0].response"}
	if len(list) < len(want) {
		t.Fatalf("%d errors, want at least %d:\n%v", len(list), len(want), list)
	}
	seen := map[string]bool{}
	for _, e := range list {
		seen[e.Path] = true
		if e.Line == 0 || e.Col == 0 {
			t.Errorf("%s has no position", e.Path)
		}
	}
	for _, p := range want {
		if !seen[p] {
			t.Errorf("no error for %s:\n%v", p, list)
		}
	}
	var first *Error
	if !errors.As(err, &first) || first != list[0] {
		t.Error("errors.As does not find the first error")
	}
}
