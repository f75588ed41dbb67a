package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProbeAndAuditCommands runs the two commands against loopback
// servers: exit codes, --json shapes, --save, --resolve, and the offline
// audit of a scenario file.
func TestProbeAndAuditCommands(t *testing.T) {
	open := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reflects any origin with credentials: blocked for nothing,
		// flawed for the audit.
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		w.Write([]byte("{}"))
	}))
	defer open.Close()
	closed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) }))
	defer closed.Close()
	portOf := func(s *httptest.Server) string { _, p, _ := net.SplitHostPort(s.Listener.Addr().String()); return p }
	po, pc := portOf(open), portOf(closed)
	dir := t.TempDir()
	saved := filepath.Join(dir, "probe.json")
	for _, tc := range []struct {
		name   string
		cmd    func([]string, *bytes.Buffer, *bytes.Buffer) int
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"probe ok", probeCmd, []string{"--origin", "http://app.test", "--resolve", "api.test:" + po + ":127.0.0.1", "--save", saved, "http://api.test:" + po + "/x"}, 0, "verdict: ok", ""},
		{"probe blocked", probeCmd, []string{"--origin", "http://app.test", "--resolve", "api.test:" + pc + ":127.0.0.1", "http://api.test:" + pc + "/x"}, 1, "MissingAllowOriginHeader", ""},
		{"probe json", probeCmd, []string{"--json", "--origin", "http://app.test", "--resolve", "api.test:" + pc + ":127.0.0.1", "http://api.test:" + pc + "/x"}, 1, `"error": "MissingAllowOriginHeader"`, ""},
		{"probe no origin", probeCmd, []string{"http://api.test/x"}, 2, "", "--origin"},
		{"probe bad origin", probeCmd, []string{"--origin", "bad", "http://api.test/x"}, 2, "", `--origin "bad"`},
		{"probe not a URL", probeCmd, []string{"--origin", "http://a.test", "notaurl"}, 2, "", `"notaurl" is not an http(s) URL`},
		{"audit null origin", auditCmd, []string{"--origin", "null", "http://api.test/x"}, 2, "", "needs the origin your server trusts"},
		{"probe bad resolve", probeCmd, []string{"--resolve", "nonsense", "--origin", "http://a.test", "http://api.test/x"}, 2, "", "HOST:PORT:ADDR"},
		{"audit finds", auditCmd, []string{"--origin", "https://app.example.test", "--resolve", "api.test:" + po + ":127.0.0.1", "http://api.test:" + po + "/x"}, 1, "origin-reflected-credentials", ""},
		{"audit json", auditCmd, []string{"--json", "--origin", "https://app.example.test", "--resolve", "api.test:" + pc + ":127.0.0.1", "http://api.test:" + pc + "/x"}, 0, `"findings": []`, ""},
		{"audit offline", auditCmd, []string{"--origin", "http://app.test", "../../testdata/scenarios/credentials-include-wildcard.json"}, 1, "wildcard-credentials", ""},
		{"audit network error", auditCmd, []string{"--origin", "https://a.test", "--resolve", "api.test:1:127.0.0.1", "http://api.test:1/"}, 2, "", "refused"},
	} {
		var out, errb bytes.Buffer
		code := tc.cmd(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(out.String(), tc.stdout) || !strings.Contains(errb.String(), tc.stderr) {
			t.Errorf("%s: code %d (want %d)\nstdout %s\nstderr %s", tc.name, code, tc.code, out.String(), errb.String())
		}
	}
	// The saved exchange is a scenario eval reads, with the same verdict.
	var out, errb bytes.Buffer
	if code := cmdEval([]string{"--json", saved}, &out, &errb); code != 0 {
		t.Fatalf("eval of the saved probe: %d %s", code, errb.String())
	}
	var res struct {
		Results []struct{ Outcome string } `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res.Results) != 1 || res.Results[0].Outcome != "ok" {
		t.Errorf("saved scenario: %v %s", err, out.String())
	}
	if _, err := os.Stat(saved); err != nil {
		t.Error(err)
	}
}

func probeCmd(a []string, o, e *bytes.Buffer) int { return cmdProbe(a, o, e) }
func auditCmd(a []string, o, e *bytes.Buffer) int { return cmdAudit(a, o, e) }
