package fetchspec

import (
	"slices"
	"strings"
	"testing"
)

// TestMaxAgeWords: every reading of Access-Control-Max-Age has its clause.
func TestMaxAgeWords(t *testing.T) {
	for _, tc := range []struct {
		profile string
		lines   []string
		want    string
	}{
		{"spec", nil, "no Access-Control-Max-Age: 5 s by default"},
		{"spec", []string{"1x"}, `"1x" is not one delta-seconds value`},
		{"spec", []string{"99999999999999999999"}, "reads as 2147483648 s"},
		{"chromium", []string{"1x"}, `"1x" is not an integer`},
		{"chromium", []string{"-1"}, "means 0 s"},
		{"chromium", []string{"9000"}, "9000 s from Access-Control-Max-Age, capped at 7200 s by Chromium"},
		{"firefox", []string{""}, "an empty Access-Control-Max-Age"},
		{"firefox", []string{"1x"}, "has a non-digit: Firefox does not cache"},
		{"firefox", []string{"0"}, "Max-Age 0: Firefox does not cache"},
		{"firefox", []string{"99999999999999999999"}, "86400 s from"},
		{"webkit", []string{"-1"}, "expires at once"},
		{"webkit", []string{"x"}, "is not an integer"},
	} {
		var h HeaderList
		for _, v := range tc.lines {
			h.Append("Access-Control-Max-Age", v)
		}
		if got := LookupProfile(tc.profile).readMaxAge(h).String(); !strings.Contains(got, tc.want) {
			t.Errorf("%s %q: %q, want %q in it", tc.profile, tc.lines, got, tc.want)
		}
	}
}

// TestSafelistWords: every safelist rule says why.
func TestSafelistWords(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        string
	}{
		{"Accept", strings.Repeat("a", 129), "129 bytes, over the 128-byte limit"},
		{"Accept", "a\x01", "the byte 0x1"},
		{"Accept", "*/*", "Accept with no CORS-unsafe byte"},
		{"Content-Language", "de!", "holds '!'"},
		{"Accept-Language", "de", "language tag list"},
		{"Content-Type", "nope", "not a parsable MIME type"},
		{"Content-Type", "text/plain", "one of the three"},
		{"Content-Type", "application/json", "application/json is not"},
		{"Range", "bytes=1", "not a single byte range"},
		{"Range", "bytes=-5", "suffix range"},
		{"Range", "bytes=0-5", "with a start is safelisted"},
		{"X-A", "1", "only Accept, Accept-Language"},
	} {
		if got := safelisted(tc.name, tc.value, false).Why(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q: %q, want %q in it", tc.name, tc.value, got, tc.want)
		}
	}
	var h HeaderList
	for range 9 {
		h.Append("Accept", strings.Repeat("a", 120))
	}
	u := corsUnsafeNames(h, false, false)
	if len(u) != 1 || u[0].Name != "accept" || !strings.Contains(u[0].Why(), "add up to 1080 bytes") {
		t.Errorf("total: %+v", u)
	}
}

// TestConsoleLines: the templates, their variants and placeholders.
func TestConsoleLines(t *testing.T) {
	for _, tc := range []struct {
		profile string
		f       Failure
		want    string
	}{
		{"chromium", Failure{Reason: InvalidRedirectLocation, Value: "ftp://x/"}, "net::ERR_UNSAFE_REDIRECT"},
		{"chromium", Failure{Reason: InvalidRedirectLocation, Value: "http://["}, "net::ERR_INVALID_REDIRECT"},
		{"chromium", Failure{Reason: PreflightAllowOriginMismatch, Value: "{url}", URL: "http://b/", Initial: "http://a/", Origin: page},
			"Access to fetch at 'http://b/' (redirected from 'http://a/') from origin 'http://app.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value '{url}'"},
		{"chromium", Failure{Reason: InvalidHeader, Header: BadHeader{Kind: BadHeaderLatin, Name: "X"}}, "non ISO-8859-1"},
		{"firefox", Failure{Reason: InvalidHeader, Header: BadHeader{Kind: BadHeaderLatin, Name: "X", Index: 3, Code: 8364}}, "index 3 has value 8364"},
		{"firefox", Failure{Reason: InvalidHeader, Header: BadHeader{Kind: BadHeaderName, Name: "Bad Name"}}, "bad name is an invalid header name"},
		{"firefox", Failure{Reason: MissingAllowOriginHeader, URL: "http://b/", Status: 404}, "Status code: 404."},
		{"firefox", Failure{Reason: TooManyRedirects}, "NetworkError"},
		{"webkit", Failure{Reason: PreflightInvalidStatus, URL: "http://b/", Status: 500}, "Status code: 500\nFetch API cannot load http://b/ due to access control checks."},
		{"webkit", Failure{Reason: InvalidURL, Value: "x"}, "TypeError: InvalidURL"},
		{"webkit", Failure{Reason: TooManyRedirects, URL: "http://b/"}, "Fetch API cannot load http://b/ due to access control checks."},
	} {
		if got := LookupProfile(tc.profile).console.message(&tc.f); !strings.Contains(got, tc.want) {
			t.Errorf("%s %s: %q, want %q in it", tc.profile, tc.f.Reason, got, tc.want)
		}
	}
	if LookupProfile("spec").console.message(&Failure{Reason: TooManyRedirects}) != "" {
		t.Error("the spec profile has a console")
	}
}

// TestProfiles: the lookup and its names.
func TestProfiles(t *testing.T) {
	for _, n := range ProfileNames {
		p := LookupProfile(n)
		if p == nil || p.Name() != n || p.Display() == "" {
			t.Fatalf("profile %q: %+v", n, p)
		}
	}
	if LookupProfile("chromium").MaxAgeCap() != 7200 || LookupProfile("spec").MaxAgeCap() != 0 {
		t.Error("caps")
	}
	if LookupProfile("netscape") != nil {
		t.Error("an unknown profile")
	}
	if got := ProfileChoices(); got != "spec, chromium, firefox or webkit" {
		t.Errorf("choices %q", got)
	}
}

// TestListResult: #extract-header-list-values' three outcomes.
func TestListResult(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		state ListState
		vals  string
		bad   string
	}{
		{nil, ListNull, "", ""},
		{[]string{""}, ListValues, "", ""},
		{[]string{"a, b", " ,c"}, ListValues, "a|b|c", ""},
		{[]string{"a b"}, ListFailure, "", "a b"},
	} {
		var h HeaderList
		for _, v := range tc.lines {
			h.Append("X", v)
		}
		r := ExtractHeaderListValues(h, "x")
		if r.State != tc.state || strings.Join(r.Values, "|") != tc.vals || r.Bad != tc.bad || r.Present() != (tc.state != ListNull) {
			t.Errorf("%q: %+v", tc.lines, r)
		}
	}
}

// TestHeaderList: the list operations the engine and the fixes use.
func TestHeaderList(t *testing.T) {
	var h HeaderList
	h.Append("A", "1")
	h.Append("b", "2")
	h.Append("a", "3")
	if v, _ := h.Get("A"); v != "1, 3" || h.Count("a") != 2 {
		t.Errorf("get %q", v)
	}
	c := h.Clone()
	c.Set("A", "x")
	if v, _ := c.Get("a"); v != "x" || len(c) != 2 {
		t.Errorf("set: %v", c)
	}
	if v, _ := h.Get("a"); v != "1, 3" {
		t.Error("Clone aliases")
	}
	c.Combine("B", "y")
	c.Combine("C", "z")
	if v, _ := c.Get("b"); v != "2, y" || !c.Contains("c") {
		t.Errorf("combine: %v", c)
	}
	c.Delete("b")
	if c.Contains("B") {
		t.Error("delete")
	}
	if got := strings.Join(sortedLowercaseNames([]string{"B", "a", "b"}), ","); got != "a,b" {
		t.Errorf("sorted set %q", got)
	}
	// Over 32 headers the wire serialization combines in one pass.
	var many HeaderList
	for i := range 40 {
		many.Append("X-"+string(rune('a'+i%20)), "v")
	}
	out := sortAndCombine(many)
	if len(out) != 20 || out[0] != [2]string{"x-a", "v, v"} {
		t.Errorf("combine many: %v", out[:2])
	}
}

// TestRangeReadings: #simple-range-header-value is case-sensitive and, in
// the standard, takes digits of any length; the browsers stop at 64 bits.
func TestRangeReadings(t *testing.T) {
	for _, tc := range []struct {
		value              string
		standard, browsers bool
	}{
		{"bytes=0-499", true, true},
		{"BYTES=0-499", false, false},
		{"bytes=0-1234567890123456789012345", true, false},
		{"bytes=11-10", false, false},
		{"bytes=100000000000000000000-99999999999999999999", false, false},
		{"bytes=-5", false, false}, // parses, but a suffix range is not safelisted
		{"bytes=5-", true, true},
		{"bytes=", false, false},
	} {
		if got := safelisted("Range", tc.value, true).Safelisted; got != tc.standard {
			t.Errorf("%q in the standard: %v", tc.value, got)
		}
		if got := safelisted("Range", tc.value, false).Safelisted; got != tc.browsers {
			t.Errorf("%q in the browsers: %v", tc.value, got)
		}
	}
	if rewriteRange("BYTES=0-499") != "bytes=0-499" || rewriteRange("BYTES=x") != "BYTES=x" {
		t.Error("Chromium's rewrite of Range")
	}
}

// TestReasonHeader: the header a failure is about, for the page's wire
// panel; a failure that is not about a header names none.
func TestReasonHeader(t *testing.T) {
	for r, want := range map[Reason]string{
		MissingAllowOriginHeader:            "access-control-allow-origin",
		PreflightWildcardOriginNotAllowed:   "access-control-allow-origin",
		PreflightInvalidAllowCredentials:    "access-control-allow-credentials",
		MethodDisallowedByPreflightResponse: "access-control-allow-methods",
		HeaderDisallowedByPreflightResponse: "access-control-allow-headers",
		CorpNotSameSite:                     "cross-origin-resource-policy",
		PreflightInvalidStatus:              "",
		MixedContent:                        "",
		ForbiddenMethod:                     "",
	} {
		if got := r.Header(); got != want {
			t.Errorf("%s: %q, want %q", r, got, want)
		}
	}
}

// TestReasonStep: every reason names the flowchart node of its check, and
// that node is on the chart.
func TestReasonStep(t *testing.T) {
	for _, r := range AllReasons {
		id := r.Step()
		if id == "" {
			t.Errorf("%s names no step", r)
			continue
		}
		if !slices.Contains(FlowSteps, id) {
			t.Errorf("%s names %s, which is not on the chart", r, id)
		}
	}
	if MethodDisallowedByPreflightResponse.Step() != StepPreflightMethods || PreflightAllowOriginMismatch.Step() != StepPreflightCheck || AllowOriginMismatch.Step() != StepCORSCheck {
		t.Error("wrong step for a preflight or CORS check reason")
	}
}
