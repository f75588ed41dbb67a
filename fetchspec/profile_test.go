package fetchspec

import "testing"

// TestMaxAge pins how each profile reads Access-Control-Max-Age, including
// the caps that no live scenario can reach in reasonable time.
func TestMaxAge(t *testing.T) {
	for _, tc := range []struct {
		profile string
		lines   []string
		want    int64
		cache   bool
	}{
		{"spec", nil, 5, true},
		{"spec", []string{"600"}, 600, true},
		{"spec", []string{"100000"}, 100000, true},
		{"spec", []string{"ten"}, 5, true},
		{"spec", []string{"-1"}, 5, true},
		{"spec", []string{"10", "20"}, 5, true},
		{"chromium", []string{"100000"}, 7200, true},
		{"chromium", []string{"-3"}, 0, true},
		{"chromium", []string{"abc"}, 5, true},
		{"firefox", []string{"100000"}, 86400, true},
		{"firefox", []string{"abc"}, 0, false},
		{"firefox", []string{"0"}, 0, false},
		{"firefox", []string{""}, 5, true},
		{"webkit", []string{"100000"}, 600, true},
		{"webkit", []string{"+30"}, 30, true},
		{"webkit", []string{"-1"}, 0, true},
	} {
		var h HeaderList
		for _, v := range tc.lines {
			h.Append("Access-Control-Max-Age", v)
		}
		a := LookupProfile(tc.profile).readMaxAge(h)
		if a.seconds != tc.want || a.cache != tc.cache {
			t.Errorf("%s %q: got %d cache=%v (%s), want %d cache=%v", tc.profile, tc.lines, a.seconds, a.cache, a, tc.want, tc.cache)
		}
	}
}

// TestSafelistedRequestHeader covers the value rules one by one.
func TestSafelistedRequestHeader(t *testing.T) {
	long := make([]byte, 129)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"Accept", "text/html", true},
		{"Accept", string(long[:128]), true},
		{"Accept", string(long), false},
		{"Accept", "a\"b", false},
		{"Accept-Language", "en-US;q=0.5, *", true},
		{"Accept-Language", "en_US", false},
		{"Content-Language", "de", true},
		{"Content-Type", "text/plain", true},
		{"Content-Type", "TEXT/PLAIN; charset=utf-8", true},
		{"Content-Type", "multipart/form-data; boundary=x", true},
		{"Content-Type", "application/json", false},
		{"Content-Type", "text/plain; charset=\"utf-8\"", false},
		{"Content-Type", "text", false},
		{"Range", "bytes=0-", true},
		{"Range", "bytes=5-10", true},
		{"Range", "bytes=-5", false},
		{"Range", "bytes=10-5", false},
		{"Range", "bytes = 0-1", false},
		{"Range", "bytes=0-1,3-4", false},
		{"X-Custom", "1", false},
		{"Authorization", "x", false},
	} {
		if got := safelisted(tc.name, tc.value, false).Safelisted; got != tc.want {
			t.Errorf("%s: %q safelisted=%v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

func TestForbiddenRequestHeader(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"Cookie", "", true}, {"sec-ch-ua", "", true}, {"Proxy-Foo", "", true}, {"origin", "", true},
		{"X-HTTP-Method-Override", "PUT", false}, {"X-HTTP-Method-Override", "GET, trace", true},
		{"X-Method-Override", "\"connect\"", false}, {"X-Method-Override", "a, connect", true}, {"X-Custom", "", false}, {"Authorization", "", false},
	} {
		if got := IsForbiddenRequestHeader(tc.name, tc.value); got != tc.want {
			t.Errorf("%s: %q forbidden=%v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

func TestUnsafeNamesTotal(t *testing.T) {
	var l HeaderList
	v := make([]byte, 128)
	for i := range v {
		v[i] = 'a'
	}
	for i := 0; i < 8; i++ {
		l.Append("Accept", string(v))
	}
	if got := corsUnsafeNames(l, false, false); len(got) != 0 {
		t.Fatalf("8 × 128 bytes = 1024: want none unsafe, got %v", got)
	}
	l.Append("Accept-Language", "e")
	got := corsUnsafeNames(l, false, false)
	if len(got) != 2 || got[0].Name != "accept" || got[1].Name != "accept-language" {
		t.Fatalf("1025 bytes: got %v", got)
	}
}
