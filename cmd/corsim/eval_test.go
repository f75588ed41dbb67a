package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corsim/scenario"
)

func TestEvalExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte("{\n  \"name\": \"x\",\n  \"origin\": \"http://a.test\",\n  \"requests\": [{\"url\": \"http://b.test/\", \"metod\": \"PUT\"}],\n  \"server\": []\n}\n"), 0o644)
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"../../testdata/scenarios/simple-get-missing-acao.json"}, 0, "verdict: network-error (MissingAllowOriginHeader)", ""},
		{[]string{"--check", "../../testdata/scenarios/preflight-put-ok.json"}, 0, "verdict: ok", ""},
		{[]string{bad}, 2, "", "bad.json:4:42: unknown field \"metod\" in requests[0]"},
		{[]string{"--browser", "netscape", bad}, 2, "", "unknown browser"},
		{[]string{}, 2, "", "no scenario files"},
	} {
		var out, errb bytes.Buffer
		code := cmdEval(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(out.String(), tc.stdout) || !strings.Contains(errb.String(), tc.stderr) {
			t.Errorf("%v: code %d\nstdout %s\nstderr %s", tc.args, code, out.String(), errb.String())
		}
	}
}

// TestEvalJSONShape checks the keys of scenario-format.md's result.
func TestEvalJSONShape(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cmdEval([]string{"--json", "--browser", "chromium", "../../testdata/scenarios/preflight-put-ok.json"}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	var doc struct {
		Name    string           `json:"name"`
		Browser string           `json:"browser"`
		Results []map[string]any `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Browser != "chromium" || len(doc.Results) != 1 {
		t.Fatalf("%+v", doc)
	}
	for _, k := range []string{"outcome", "type", "status", "exposedHeaders", "preflight", "error", "message", "wire", "steps"} {
		if _, ok := doc.Results[0][k]; !ok {
			t.Errorf("result lacks %q", k)
		}
	}
	w := doc.Results[0]["wire"].([]any)[0].(map[string]any)
	for _, k := range []string{"method", "url", "credentials", "headers"} {
		if _, ok := w[k]; !ok {
			t.Errorf("wire entry lacks %q", k)
		}
	}
}

// Bad input from a file: capped size, positions for huge numbers, a
// window instead of a 10 MB line, control characters escaped.
func TestEvalHostileInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := dir + "/" + name
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var out, errb bytes.Buffer
	huge := write("at.json", `{"name":"x","origin":"http://a.test","requests":[{"url":"http://b.test/","at": 1e400}]}`)
	if code := cmdEval([]string{huge}, &out, &errb); code != 2 || !strings.Contains(errb.String(), ":1:80: the number 1e400") {
		t.Errorf("1e400: code %d, %q", code, errb.String())
	}
	errb.Reset()
	long := write("long.json", `{"name":"x","description":"`+strings.Repeat("a", 5<<20)+`","origin":"http://a.test","requests":[{"url":"http://b.test/","bad":1}]}`)
	if code := cmdEval([]string{long}, &out, &errb); code != 2 || errb.Len() > 2000 || !strings.Contains(errb.String(), `unknown field "bad"`) {
		t.Errorf("long line: code %d, %d bytes of error", code, errb.Len())
	}
	errb.Reset()
	out.Reset()
	esc := write("esc.json", `{"name":"x\u001b[2J","origin":"http://a.test","requests":[{"url":"http://b.test/","headers":[["X-A","v\u001b[31mred"]]}]}`)
	if code := cmdEval([]string{esc}, &out, &errb); code != 0 || strings.ContainsRune(out.String(), 0x1b) || !strings.Contains(out.String(), `\x1b`) {
		t.Errorf("control characters reach the terminal: code %d\n%s", code, out.String())
	}
	errb.Reset()
	if code := cmdEval([]string{"/dev/zero"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "up to 64 MB") {
		t.Errorf("/dev/zero: code %d %q", code, errb.String())
	}
}

// 10,000 requests: the JSON output streams and equals one MarshalIndent.
func TestEvalJSONStreamsLikeMarshalIndent(t *testing.T) {
	s, err := scenario.LoadFile("../../testdata/scenarios/cache-ten-requests.json")
	if err != nil {
		t.Fatal(err)
	}
	out := evalOrFail(t, s, "")
	var got bytes.Buffer
	writeJSON(&got, out)
	want, _ := json.MarshalIndent(out, "", "  ")
	if got.String() != string(want)+"\n" {
		t.Errorf("streamed JSON differs from MarshalIndent")
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
