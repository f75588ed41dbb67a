package conformance

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"corsim/scenario"
)

var recordPastes = flag.Bool("pastes", false, "run real curl against scenario servers and rewrite testdata/pastes/curl-*.txt")

// curlPastes: real curl transcripts of scenario servers, for the paste
// parsers' golden tests. Each runs curl against the scenario's own rules
// on loopback (--resolve, never DNS) on the scenario's ports.
var curlPastes = []struct {
	file, scenario string
	args           []string
}{
	{"curl-v-preflight-then-put", "preflight-put-ok", []string{"-v", "-X", "OPTIONS", "http://api.test:18080/items/1", "-H", "Origin: http://app.test:18080", "-H", "Access-Control-Request-Method: PUT", "-H", "Access-Control-Request-Headers: content-type,x-trace", "--next", "-v", "-X", "PUT", "http://api.test:18080/items/1", "-H", "Origin: http://app.test:18080", "-H", "Content-Type: application/json", "-H", "X-Trace: 7", "--data", "{\"done\":true}"}},
	{"curl-v-preflight-ok-put-fails", "preflight-ok-actual-fails", []string{"-v", "-X", "OPTIONS", "http://api.test:18080/x", "-H", "Origin: http://app.test:18080", "-H", "Access-Control-Request-Method: PUT", "--next", "-v", "-X", "PUT", "http://api.test:18080/x", "-H", "Origin: http://app.test:18080"}},
	{"curl-v-preflight-405", "preflight-405-no-acao", []string{"-v", "-X", "OPTIONS", "http://api.test:18080/x", "-H", "Origin: http://app.test:18080", "-H", "Access-Control-Request-Method: PUT"}},
	{"curl-i-get-no-acao", "simple-get-missing-acao", []string{"-i", "http://api.test:18080/data", "-H", "Origin: http://app.test:18080"}},
	{"curl-i-get-wrong-origin", "acao-other-origin", []string{"-i", "http://api.test:18080/data", "-H", "Origin: http://app.test:18080"}},
	{"curl-v-redirect-follow", "redirect-cross-to-cross-star", []string{"-v", "-L", "http://api.test:18080/go", "-H", "Origin: http://app.test:18080"}},
}

func TestRecordPastes(t *testing.T) {
	if !*recordPastes {
		t.Skip("recording pastes not requested (go test ./conformance -run TestRecordPastes -pastes)")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl not found: apt-get install -y curl")
	}
	srv, err := NewServer(18080)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, p := range curlPastes {
		path := filepath.Join(root, "scenarios", p.scenario+".json")
		sc, err := scenario.LoadFile(path)
		if err != nil {
			t.Errorf("%s: %v", p.file, err)
			continue
		}
		raw, _ := os.ReadFile(path)
		srv.Load(sc, raw)
		args := append([]string{"-s", "--resolve", "api.test:18080:127.0.0.1", "--resolve", "other.test:18080:127.0.0.1", "--resolve", "app.test:18080:127.0.0.1", "--resolve", "other.test:18081:127.0.0.1", "--resolve", "api.test:18081:127.0.0.1"}, p.args...)
		cmd := exec.Command("curl", args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("%s: curl: %v", p.file, err)
		}
		// The command line as a user would have typed it, without the
		// harness's --resolve flags.
		shown := "$ curl " + shellQuote(p.args) + "\n"
		if err := os.WriteFile(filepath.Join(root, "pastes", p.file+".txt"), append([]byte(shown), out...), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", p.file, len(out))
	}
}

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " '\"{}*$:") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}
