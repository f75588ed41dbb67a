package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"corsim/scenario"
)

func TestExplainJSON(t *testing.T) {
	var out, errb bytes.Buffer
	code := cmdExplain([]string{"--json", "../../testdata/pastes/curl-v-preflight-ok-put-fails.txt"}, nil, &out, &errb)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errb.String())
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "browser", "results", "kind", "scenario", "summary"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %q in explain --json", k)
		}
	}
	var kind string
	_ = json.Unmarshal(got["kind"], &kind)
	if kind != "curl-transcript" {
		t.Errorf("kind %q", kind)
	}
	// The scenario printed is one corsim eval accepts.
	if _, err := scenario.Load("explain", got["scenario"]); err != nil {
		t.Errorf("scenario does not load: %v", err)
	}
	var results []map[string]any
	_ = json.Unmarshal(got["results"], &results)
	if len(results) != 1 || results[0]["error"] != "MissingAllowOriginHeader" || results[0]["preflight"] != "sent" {
		t.Errorf("results %v", results)
	}
}

func TestExplainFlagsWinAndErrors(t *testing.T) {
	var out, errb bytes.Buffer
	raw := "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.example.com\n\n{}"
	code := cmdExplain([]string{"--origin", "http://localhost:3000", "--url", "https://api.example.com/x", "--method", "DELETE", "-H", "X-A: 1", "-"}, strings.NewReader(raw), &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "from http://localhost:3000") || !strings.Contains(out.String(), "DELETE https://api.example.com/x") {
		t.Errorf("code %d\n%s", code, out.String())
	}
	if strings.Contains(out.String(), "guessed origin") || strings.Contains(out.String(), "guessed url") {
		t.Errorf("a flag answered it, yet it is still a guess:\n%s", out.String())
	}
	out.Reset()
	errb.Reset()
	code = cmdExplain([]string{"-"}, strings.NewReader("fetch('x', {method: 'PUT', headers: {a: 'b'}"), &out, &errb)
	if code != 0 {
		t.Errorf("partial fetch call: code %d %s", code, errb.String())
	}
	errb.Reset()
	code = cmdExplain([]string{"-"}, strings.NewReader("curl 'https://a.example/x"), &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "-:1:") || !strings.Contains(errb.String(), "never closed") {
		t.Errorf("unclosed quote: code %d %q", code, errb.String())
	}
	errb.Reset()
	code = cmdExplain([]string{"-"}, strings.NewReader("hello there"), &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "could not recognize") {
		t.Errorf("garbage: code %d %q", code, errb.String())
	}
	errb.Reset()
	code = cmdExplain([]string{"--browser", "netscape", "-"}, strings.NewReader(raw), &out, &errb)
	if code != 2 {
		t.Errorf("unknown browser: code %d", code)
	}
}
