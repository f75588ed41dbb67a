package paste

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// golden is a paste's expectation (testdata/pastes/NAME.expect.json).
type golden struct {
	Kind     Kind              `json:"kind"`
	Options  map[string]string `json:"options"`
	Summary  string            `json:"summary"`
	Guessed  []string          `json:"guessed"`
	Requests int               `json:"requests"`
	Browser  string            `json:"browser"`
	Last     map[string]any    `json:"last"`
	Entries  []map[string]any  `json:"entries"`
	Notes    int               `json:"notes"`
	Body     *string           `json:"body"`
	// MessageRoundtrip: the paste is one console message that the built
	// scenario prints again.
	MessageRoundtrip bool `json:"message_roundtrip"`
}

func (g *golden) options() Options {
	o := g.Options
	return Options{Browser: o["browser"], Origin: o["origin"], Method: o["method"], URL: o["url"], Credentials: o["credentials"], Mode: o["mode"]}
}

// TestGoldenPastes reads every sample in testdata/pastes (curl output
// recorded from real curl against the conformance server, Chromium
// console lines from real runs, DevTools copies, HAR files) and checks
// what it is recognized as and the verdict it gives.
func TestGoldenPastes(t *testing.T) {
	files, _ := filepath.Glob("../testdata/pastes/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".expect.json") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var g golden
			eb, err := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".expect.json")
			if err != nil {
				t.Fatalf("every sample needs an expectation: %v", err)
			}
			if err := json.Unmarshal(eb, &g); err != nil {
				t.Fatal(err)
			}
			res, err := Parse(string(data), g.options())
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if res.Kind != g.Kind {
				t.Errorf("kind %s, want %s", res.Kind, g.Kind)
			}
			if g.Summary != "" && !strings.HasPrefix(res.Summary, g.Summary) {
				t.Errorf("summary %q, want it to start with %q", res.Summary, g.Summary)
			}
			for _, f := range g.Guessed {
				if !res.Guessed(f) {
					t.Errorf("%s should be marked as a guess; guesses: %+v", f, res.Guesses)
				}
			}
			if g.Browser != "" && res.Scenario.Browser != g.Browser {
				t.Errorf("browser %s, want %s", res.Scenario.Browser, g.Browser)
			}
			if g.Requests > 0 && len(res.Scenario.Requests) != g.Requests {
				t.Errorf("%d requests, want %d", len(res.Scenario.Requests), g.Requests)
			}
			if g.Body != nil {
				last := res.Scenario.Requests[len(res.Scenario.Requests)-1]
				if last.Body == nil || *last.Body != *g.Body {
					t.Errorf("body %v, want %q", last.Body, *g.Body)
				}
			}
			out := evalOrFail(t, res.Scenario, "")
			last := out.Results[len(out.Results)-1]
			if g.Last != nil {
				b, _ := json.Marshal(last)
				var got map[string]any
				_ = json.Unmarshal(b, &got)
				for k, w := range g.Last {
					if !subset(normalize(w), normalize(got[k])) {
						t.Errorf("last result %s = %v, want %v", k, got[k], w)
					}
				}
			}
			if g.Notes > 0 && len(last.Notes) != g.Notes {
				t.Errorf("%d notes, want %d: %q", len(last.Notes), g.Notes, last.Notes)
			}
			if g.MessageRoundtrip && last.Message() != strings.TrimSpace(string(data)) {
				t.Errorf("message does not round-trip:\n got %q\nwant %q", last.Message(), strings.TrimSpace(string(data)))
			}
			if g.Entries != nil {
				if len(res.Entries) != len(g.Entries) {
					t.Fatalf("%d entries, want %d", len(res.Entries), len(g.Entries))
				}
				for i, w := range g.Entries {
					b, _ := json.Marshal(res.Entries[i])
					var got map[string]any
					_ = json.Unmarshal(b, &got)
					for k, v := range w {
						if !subset(normalize(v), normalize(got[k])) {
							t.Errorf("entry %d %s = %v, want %v", i, k, got[k], v)
						}
					}
				}
			}
			// The scenario built is one corsim eval and the share link accept.
			if _, err := loadBack(res); err != nil {
				t.Errorf("the scenario does not load back: %v", err)
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d samples", n)
	}
}

func normalize(v any) any {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = normalize(x[i])
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i := range x {
			out[i] = x[i]
		}
		return out
	}
	return v
}

// Every kind of input is recognized by some sample.
func TestEveryKindHasASample(t *testing.T) {
	files, _ := filepath.Glob("../testdata/pastes/*.expect.json")
	seen := map[Kind]bool{}
	for _, f := range files {
		var g golden
		b, _ := os.ReadFile(f)
		_ = json.Unmarshal(b, &g)
		seen[g.Kind] = true
	}
	var missing []string
	for _, k := range []Kind{KindRawResponse, KindHeaders, KindCurlVerbose, KindCurlCommand, KindFetch, KindPowerShell, KindConsole, KindHAR} {
		if !seen[k] {
			missing = append(missing, string(k))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no sample for %v", missing)
	}
}

// subset: want's objects name only the keys they check.
func subset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !subset(normalize(v), normalize(g[k])) {
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
			if !subset(normalize(w[i]), normalize(g[i])) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, got)
}
