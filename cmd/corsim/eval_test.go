package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
