package audit

import (
	"slices"
	"testing"

	"corsim/fetchspec"
	"corsim/scenario"
)

func TestProbes(t *testing.T) {
	cases := []struct {
		trusted string
		want    map[string]string // kind -> origin
		absent  []string
	}{
		{"https://app.example.com", map[string]string{
			KindEvil: EvilOrigin, KindNull: "null", KindPrefix: "https://app.example.com.evil.example",
			KindSuffix: "https://evilexample.com", KindDot: "https://appxexample.com",
			KindSubdomain: "https://corsim-audit.app.example.com", KindInsecure: "http://app.example.com"}, nil},
		{"http://localhost:3000", map[string]string{KindSuffix: "http://evillocalhost:3000", KindPrefix: "http://localhost.evil.example:3000"},
			[]string{KindDot, KindInsecure}},
	}
	for _, c := range cases {
		o, err := fetchspec.ParseOrigin(c.trusted)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, p := range Probes(o) {
			got[p.Kind] = p.Origin
			if p.Method != "GET" && p.Method != "OPTIONS" {
				t.Errorf("%s: probe sends %s", c.trusted, p.Method)
			}
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: %s probe origin %q, want %q", c.trusted, k, got[k], v)
			}
		}
		for _, k := range c.absent {
			if _, ok := got[k]; ok {
				t.Errorf("%s: no %s probe expected", c.trusted, k)
			}
		}
	}
}

func TestJudgeVaryNeedsBothSides(t *testing.T) {
	o, _ := fetchspec.ParseOrigin("https://app.example.com")
	answers := []Answer{
		{Probe: Probe{Kind: KindTrusted, Origin: "https://app.example.com"}, Response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://app.example.com\r\nVary: Accept-Encoding, origin\r\n\r\n"},
		{Probe: Probe{Kind: KindEvil, Origin: EvilOrigin}, Response: "HTTP/1.1 200 OK\r\n\r\n"},
	}
	if fs := Judge(o, answers); len(fs) != 1 || fs[0].ID != MissingVaryOrigin {
		t.Errorf("Vary only on the allowed answer: %+v", fs)
	}
	answers[1].Response = "HTTP/1.1 200 OK\r\nVary: Origin\r\n\r\n"
	if fs := Judge(o, answers); len(fs) != 0 {
		t.Errorf("Vary on both: %+v", fs)
	}
}

func TestOffline(t *testing.T) {
	sc, err := scenario.Load("x.json", []byte(`{"name": "x", "origin": "http://app.test", "requests": [{"url": "http://api.test/"}], "server": [
		{"url": "http://api.test/a", "response": "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\nAccess-Control-Expose-Headers: Set-Cookie, X-Id\r\n\r\n"},
		{"method": "OPTIONS", "url": "http://api.test/b", "response": "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: null\r\nAccess-Control-Max-Age: 100000\r\n\r\n"},
		{"url": "http://api.test/c", "response": "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test\r\nVary: Origin\r\n\r\n"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range Offline(sc) {
		ids = append(ids, f.ID)
		if len(f.Evidence) != 1 {
			t.Errorf("%s: %d pieces of evidence", f.ID, len(f.Evidence))
		}
	}
	want := []string{WildcardCredentials, SensitiveHeadersExposed, NullOriginAllowed, LongMaxAge}
	slices.Sort(ids)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("findings %v, want %v", ids, want)
	}
}
