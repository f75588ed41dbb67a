package conformance

import (
	"strings"
	"testing"

	"corsim/scenario"
)

// TestChromiumMessages: wherever Chromium's record has a CORS console line
// or script saw a TypeError, the chromium profile prints the same text.
func TestChromiumMessages(t *testing.T) {
	jobs, err := Jobs(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, j := range jobs {
		rec, err := LoadRecord(RecordPath(root, "chromium", j.Name))
		if err != nil {
			continue
		}
		s, err := scenario.LoadFile(j.Path)
		if err != nil {
			t.Fatal(err)
		}
		out := evalOrFail(t, s, "chromium")
		for i, o := range rec.Results {
			want := ""
			switch {
			case o.Outcome == "type-error":
				want = "TypeError: " + o.ErrorMessage
			case isCORSMessage(o.Message) || strings.HasPrefix(o.Message, "Failed to load resource: net::"):
				want = o.Message
			case strings.HasPrefix(o.Message, "Mixed Content:"):
				// Chromium names the runner page; the engine knows only
				// the page's origin and names its root.
				want = strings.Replace(o.Message, "/__corsim/run'", "/'", 1)
			default:
				continue
			}
			checked++
			if got := out.Results[i].Message(); got != want {
				t.Errorf("%s #%d:\n  engine:  %s\n  browser: %s", j.Name, i, got, want)
			}
		}
	}
	t.Logf("%d Chromium messages compared", checked)
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

// TestWebKitMessages: WebKit's console lines, as MiniBrowser printed them,
// against the webkit profile's: the reason line and the summary line.
func TestWebKitMessages(t *testing.T) {
	jobs, err := Jobs(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, j := range jobs {
		rec, err := LoadRecord(RecordPath(root, "webkit", j.Name))
		if err != nil {
			continue
		}
		s, err := scenario.LoadFile(j.Path)
		if err != nil {
			t.Fatal(err)
		}
		out := evalOrFail(t, s, "webkit")
		for i, o := range rec.Results {
			if o.Message == "" || i >= len(out.Results) {
				continue
			}
			checked++
			want := strings.Replace(o.Message, "/__corsim/run ", "/ ", 1)
			if got := out.Results[i].Message(); got != want {
				t.Errorf("%s #%d:\n  engine:  %q\n  browser: %q", j.Name, i, got, want)
			}
		}
	}
	t.Logf("%d WebKit messages compared", checked)
}
