package stackfix

import (
	"encoding/json"
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corsim/scenario"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/stackfix/")

// goldenScenarios fail on the server side in different ways: a missing
// Allow-Origin, a preflight that lists too little, credentials, an
// exposed header, a redirect to another host.
var goldenScenarios = []string{
	"simple-get-missing-acao",
	"acam-missing-method",
	"credentials-include-wildcard",
	"acah-star-with-credentials",
	"redirect-cross-to-cross-origin-null",
}

// TestGoldenSnippets: every stack's snippet for a few failing scenarios,
// byte for byte (run with -update after a deliberate change).
func TestGoldenSnippets(t *testing.T) {
	for _, name := range goldenScenarios {
		sc, err := scenario.LoadFile(filepath.Join("../testdata/scenarios", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i := range sc.Requests {
			ps, ok := ForScenario(sc, i, "chromium")
			if !ok {
				continue
			}
			for _, sn := range All(ps) {
				b.WriteString("== request " + string(rune('1'+i)) + ", " + sn.Title + "\n" + sn.Code)
				if sn.Note != "" {
					b.WriteString("(note: " + sn.Note + ")\n")
				}
			}
		}
		path := filepath.Join("../testdata/golden/stackfix", name+".txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./stackfix -update)", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s: snippets differ from %s (run with -update after a deliberate change):\n%s", name, path, b.String())
		}
	}
}

// TestSnippetsOverEveryScenario: for every scenario and profile whose fix
// is on the server, each snippet names the exact origin (never * with
// credentials), the Go snippets parse, the S3 one is JSON.
func TestSnippetsOverEveryScenario(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	checked := 0
	for _, f := range files {
		sc, err := scenario.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, browser := range []string{"spec", "chromium", "firefox"} {
			out, err := sc.Eval(browser)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range out.Results {
				if r.Outcome == "ok" {
					continue
				}
				ps, ok := ForScenario(sc, i, browser)
				if !ok {
					continue
				}
				checked++
				for _, p := range ps {
					if p.Credentials && p.Origin == "*" {
						t.Errorf("%s #%d %s: * with credentials", f, i, browser)
					}
				}
				for _, sn := range All(ps) {
					for _, p := range ps {
						if p.Origin != "" && !strings.Contains(sn.Code, p.Origin) {
							t.Errorf("%s #%d %s %s: the origin %s is not in\n%s", f, i, browser, sn.Stack, p.Origin, sn.Code)
						}
					}
					switch sn.Stack {
					case "go-rs-cors", "go-jub0bs-cors":
						src := "package x\nfunc f() {\n" + sn.Code + "\n}\n"
						if _, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err != nil && !strings.Contains(err.Error(), "declared") {
							t.Errorf("%s: %s does not parse: %v\n%s", f, sn.Stack, err, sn.Code)
						}
					case "s3":
						var v any
						if err := json.Unmarshal([]byte(sn.Code), &v); err != nil {
							t.Errorf("%s: S3 JSON: %v\n%s", f, err, sn.Code)
						}
					}
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d failing requests had a server fix; the corpus should give more", checked)
	}
	t.Logf("%d server fixes written for every stack", checked)
}

func TestFor(t *testing.T) {
	if _, ok := For("iis", []Policy{{}}); ok {
		t.Error("an unknown stack was accepted")
	}
	if len(StackIDs()) != len(Stacks) || len(Stacks) < 11 {
		t.Error("stack list")
	}
}
