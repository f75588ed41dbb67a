package scenario

import (
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
			out := s.Eval("")
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
