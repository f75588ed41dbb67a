package paste

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One fuzz target per parser, each seeded with the samples of its kind
// from testdata/pastes and the small cases in testdata/fuzz/pastes. The
// property: no panic; whatever Parse accepts builds a scenario that loads
// back and evaluates.

func seeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", p))
		for _, file := range files {
			if strings.HasSuffix(file, ".expect.json") {
				continue
			}
			if b, err := os.ReadFile(file); err == nil {
				f.Add(string(b))
			}
		}
	}
}

func check(t *testing.T, text string) {
	res, err := Parse(text, Options{})
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error of type %T: %v", err, err)
		}
		return
	}
	if res.Scenario == nil {
		t.Fatal("no scenario and no error")
	}
	if _, err := loadBack(res); err != nil {
		t.Fatalf("built scenario does not load back: %v\n%s", err, res.Scenario.Marshal())
	}
	if _, err := res.Scenario.Eval(""); err != nil {
		t.Fatalf("built scenario does not evaluate: %v", err)
	}
}

func FuzzRawHTTP(f *testing.F) {
	seeds(f, "pastes/raw-*", "pastes/curl-*.txt", "fuzz/pastes/raw-*")
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseTranscript(splitLines(s), KindRawResponse); err == nil {
			_, _ = d.build(Options{Browser: "chromium"})
		}
		check(t, s)
	})
}

func FuzzHeaders(f *testing.F) {
	seeds(f, "pastes/devtools-*", "fuzz/pastes/headers-*")
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseHeaderCopy(splitLines(s)); err == nil {
			_, _ = d.build(Options{Browser: "chromium"})
		}
		check(t, s)
	})
}

func FuzzCurlCommand(f *testing.F) {
	seeds(f, "pastes/curl-copy-*", "fuzz/pastes/curl-*")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = curlCall(s)
		_, _ = splitCmd(s)
		check(t, "curl "+s)
	})
}

func FuzzFetchCall(f *testing.F) {
	seeds(f, "pastes/fetch-*", "fuzz/pastes/fetch-*")
	f.Fuzz(func(t *testing.T, s string) {
		check(t, s)
		check(t, "fetch("+s)
	})
}

func FuzzPowerShell(f *testing.F) {
	seeds(f, "pastes/powershell*", "fuzz/pastes/ps-*")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = psTokens(s)
		check(t, "Invoke-WebRequest "+s)
	})
}

func FuzzConsole(f *testing.F) {
	seeds(f, "pastes/console-*", "fuzz/pastes/console-*")
	f.Fuzz(func(t *testing.T, s string) {
		check(t, s)
	})
}

func FuzzHAR(f *testing.F) {
	seeds(f, "pastes/*.har", "fuzz/pastes/*.har")
	f.Fuzz(func(t *testing.T, s string) {
		check(t, s)
	})
}
