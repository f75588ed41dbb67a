package paste

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Every console message any profile prints for the scenario corpus must
// round-trip: message → reason → scenario → the same message. This keeps
// console.go's templates in step with fetchspec's messages.
func TestConsoleRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../testdata/scenarios/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no scenarios", err)
	}
	var scs []*scenario.Scenario
	for _, f := range files {
		s, err := scenario.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		scs = append(scs, s)
	}
	for _, browser := range []string{"chromium", "firefox", "webkit"} {
		msgs := map[string]fetchspec.Reason{}
		for _, s := range scs {
			for _, r := range evalOrFail(t, s, browser).Results {
				if r.Message() != "" {
					msgs[r.Message()] = r.Error
				}
			}
		}
		var keys []string
		for m := range msgs {
			keys = append(keys, m)
		}
		sort.Strings(keys)
		reasons := map[fetchspec.Reason]bool{}
		for _, m := range keys {
			reasons[msgs[m]] = true
			res, err := Parse(m, Options{Browser: browser})
			if err != nil {
				t.Errorf("%s: %q: %v", browser, m, err)
				continue
			}
			if res.Kind != KindConsole {
				t.Errorf("%s: %q recognized as %s", browser, m, res.Kind)
				continue
			}
			out := evalOrFail(t, res.Scenario, browser)
			got := out.Results[len(out.Results)-1].Message()
			if got != m {
				t.Errorf("%s: round trip of %s\n  message: %q\n  back:    %q (%s)", browser, msgs[m], m, got, out.Results[len(out.Results)-1].Error)
			}
		}
		var missing []string
		for _, r := range fetchspec.AllReasons {
			if !reasons[r] {
				missing = append(missing, string(r))
			}
		}
		t.Logf("%s: %d distinct messages round-tripped; reasons the corpus never prints under this profile: %s", browser, len(keys), strings.Join(missing, ", "))
	}
}

func loadBack(res *Result) (any, error) {
	return scenario.Load("built", res.Scenario.Marshal())
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
