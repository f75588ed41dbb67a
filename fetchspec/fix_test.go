package fetchspec

import (
	"strings"
	"testing"
)

// The fix for a header fetch() refuses names the header (not its value),
// says the call throws before anything is sent, and never carries a raw
// control character.
func TestInvalidHeaderFix(t *testing.T) {
	o, _ := ParseOrigin("http://app.test")
	srv := func(string, *URL) Answer { return Answer{Response: &Response{Status: 200}, Rule: -1} }
	for _, tc := range []struct {
		name, value, want string
	}{
		{"X-Token", "abc\ndef", `the header "X-Token" is "abc\ndef"`},
		{"X-Nul", "a\x00b", `the header "X-Nul"`},
		{"Bad Name", "x", `"Bad Name" is not a header name`},
		{"X\nInjected", "x", `"X\nInjected" is not a header name`},
		{"X-Label", "caf\u20ac", `the value of "X-Label" may hold only Latin-1`},
	} {
		r := NewEngine(LookupProfile("chromium"), o, srv).Fetch(FetchInput{URL: "http://api.test/", Headers: [][2]string{{tc.name, tc.value}}}, 0)
		if r.Outcome != "type-error" || r.Error != InvalidHeader || r.Fix == nil {
			t.Fatalf("%q: %s %s %v", tc.name, r.Outcome, r.Error, r.Fix)
		}
		s := r.Fix.Summary()
		if !strings.Contains(s, tc.want) || !strings.Contains(s, "TypeError before sending anything") || strings.ContainsAny(s, "\n\x00") {
			t.Errorf("%q: fix %q, want it to contain %q", tc.name, s, tc.want)
		}
	}
}
