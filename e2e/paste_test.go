package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func sample(t *testing.T, name string) string {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "pastes", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Each kind of paste, pasted into the page: it says what it recognized,
// fills the editor and shows the verdict. The paste area keeps the text
// exactly as pasted.
func TestPasteEachKind(t *testing.T) {
	for _, tc := range []struct {
		file, kind, verdict string
	}{
		{"console-chromium-one.txt", "Chromium console, 1 message", "HeaderDisallowedByPreflightResponse"},
		{"console-firefox.txt", "Firefox console", "MissingAllowOriginHeader"},
		{"console-safari.txt", "Safari console", "MissingAllowOriginHeader"},
		{"curl-v-preflight-ok-put-fails.txt", "curl -v transcript, 2 exchanges: OPTIONS preflight, then PUT", "MissingAllowOriginHeader"},
		{"curl-i-get-wrong-origin.txt", "curl -i transcript", "AllowOriginMismatch"},
		{"curl-copy-bash.txt", "curl command (bash quoting)", "PreflightMissingAllowOriginHeader"},
		{"curl-copy-cmd.txt", "curl command (Windows cmd quoting)", "PreflightMissingAllowOriginHeader"},
		{"fetch-chrome.js", "Chrome \"Copy as fetch\"", "PreflightMissingAllowOriginHeader"},
		{"powershell.txt", "PowerShell", "PreflightMissingAllowOriginHeader"},
		{"devtools-chrome-headers.txt", "DevTools headers", "AllowOriginMismatch"},
		{"raw-http2-lowercase.txt", "raw HTTP response", "✓"},
		{"raw-two-responses.txt", "raw HTTP messages, 2 exchanges", "MethodDisallowedByPreflightResponse"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			ctx := tab(t)
			pasted := sample(t, tc.file)
			run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready, chromedp.Click("#paste-open", chromedp.ByQuery),
				chromedp.WaitVisible("#paste-input", chromedp.ByQuery), setValue("#paste-input", pasted),
				chromedp.WaitVisible("#paste-kind", chromedp.ByQuery))
			if got := text(t, ctx, "#paste-kind"); !strings.Contains(got, tc.kind) {
				t.Errorf("recognized %q, want %q", got, tc.kind)
			}
			if tc.verdict == "✓" {
				if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✗") && !strings.Contains(got, "✓") {
					t.Errorf("outcome %q", got)
				}
			} else if got := text(t, ctx, "#v-error"); got != tc.verdict {
				t.Errorf("verdict %q, want %q", got, tc.verdict)
			}
			var v string
			run(t, ctx, chromedp.Value("#paste-input", &v, chromedp.ByQuery))
			// A textarea's value has "\n" line ends (the browser's own
			// normalization); nothing else may differ.
			if v != strings.ReplaceAll(pasted, "\r\n", "\n") {
				t.Errorf("the paste area was rewritten")
			}
		})
	}
}

// A guess is marked and answered in place: the origin of a bare response
// is prefilled, marked "guessed", and typing the real one re-explains.
func TestPasteGuessAnsweredInPlace(t *testing.T) {
	ctx := tab(t)
	raw := "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.example.com\nContent-Type: application/json\n\n{}"
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready, chromedp.Click("#paste-open", chromedp.ByQuery),
		chromedp.WaitVisible("#paste-input", chromedp.ByQuery), setValue("#paste-input", raw), chromedp.WaitVisible("#paste-guesses", chromedp.ByQuery))
	var cls string
	var ok bool
	run(t, ctx, chromedp.AttributeValue(`#paste-guesses .field:first-child`, "class", &cls, &ok, chromedp.ByQuery))
	if !strings.Contains(cls, "guessed") {
		t.Errorf("origin field class %q, want it marked as guessed", cls)
	}
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Errorf("with the guessed origin: %q", got)
	}
	run(t, ctx, setValue("#paste-origin", "http://localhost:3000"), chromedp.WaitVisible("#v-error", chromedp.ByQuery))
	if got := text(t, ctx, "#v-error"); got != "AllowOriginMismatch" {
		t.Errorf("after answering the origin: %q", got)
	}
	var origin string
	run(t, ctx, chromedp.Value("#origin", &origin, chromedp.ByQuery))
	if origin != "http://localhost:3000" {
		t.Errorf("editor origin %q", origin)
	}
}

// Input corsim cannot use says where and why, and is kept as typed.
func TestPasteErrorKeepsText(t *testing.T) {
	ctx := tab(t)
	bad := "curl 'https://api.example.com/x \\\n  -H 'Origin: http://localhost:3000'"
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready, chromedp.Click("#paste-open", chromedp.ByQuery),
		chromedp.WaitVisible("#paste-input", chromedp.ByQuery), setValue("#paste-input", bad), chromedp.WaitVisible("#paste-error", chromedp.ByQuery))
	if got := text(t, ctx, "#paste-error"); !strings.Contains(got, "Line ") || !strings.Contains(got, "never closed") {
		t.Errorf("error %q", got)
	}
	var v string
	run(t, ctx, chromedp.Value("#paste-input", &v, chromedp.ByQuery))
	if v != bad {
		t.Errorf("paste rewritten: %q", v)
	}
}

// A HAR file through the file input: the cross-origin exchanges are
// listed blocked first, and a row opens in the flowchart.
func TestPasteHARFile(t *testing.T) {
	ctx := tab(t)
	abs := harPath(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready, chromedp.Click("#paste-open", chromedp.ByQuery),
		chromedp.SetUploadFiles("#paste-file", []string{abs}, chromedp.ByQuery), chromedp.WaitVisible("#har-list", chromedp.ByQuery))
	if got := text(t, ctx, "#har-0"); !strings.Contains(got, "MethodDisallowedByPreflightResponse") || !strings.Contains(got, "preflight #1") {
		t.Errorf("first row %q", got)
	}
	if got := text(t, ctx, "#v-error"); got != "MethodDisallowedByPreflightResponse" {
		t.Errorf("verdict %q", got)
	}
	run(t, ctx, chromedp.Click("#har-1", chromedp.ByQuery), chromedp.Sleep(200*time.Millisecond))
	if got := text(t, ctx, "#v-error"); got != "WildcardOriginNotAllowed" {
		t.Errorf("after opening row 2: %q", got)
	}
	shot(t, ctx, "paste-har")
}

// TestHARLoadTimes measures, without asserting: a 5,000-entry HAR file
// loaded through the file input, time to the list, and the longest task
// (the longest stretch the page could not take input) meanwhile.
// `make load` prints it.
func TestHARLoadTimes(t *testing.T) {
	ctx := tab(t)
	path := filepath.Join(t.TempDir(), "big.har")
	if err := os.WriteFile(path, bigHAR(5000), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready, chromedp.Click("#paste-open", chromedp.ByQuery),
		chromedp.Evaluate(`window.__long = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration); }).observe({type: 'longtask', buffered: false}); window.__t0 = performance.now(); 0`, nil))
	start := time.Now()
	run(t, ctx, chromedp.SetUploadFiles("#paste-file", []string{path}, chromedp.ByQuery))
	sawProgress := false
	for i := 0; i < 600; i++ {
		var st struct{ Progress, List bool }
		run(t, ctx, chromedp.Evaluate(`({Progress: !!document.querySelector('#paste-progress'), List: !!document.querySelector('#har-list')})`, &st))
		sawProgress = sawProgress || st.Progress
		if st.List {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(start)
	var long float64
	run(t, ctx, chromedp.Evaluate(`window.__long`, &long))
	if got := text(t, ctx, "#paste-kind"); !strings.Contains(got, "5000 entries") {
		t.Errorf("recognized %q", got)
	}
	t.Logf("5,000-entry HAR: list after %v (wall, includes polling); progress shown: %v; longest task meanwhile %.0f ms", took.Round(10*time.Millisecond), sawProgress, long)
}

// bigHAR writes n entries: every fifth a preflight and its PUT, the rest
// GETs, one in three without Allow-Origin.
func bigHAR(n int) []byte {
	type h = map[string]string
	hs := func(kv ...string) []h {
		out := []h{}
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, h{"name": kv[i], "value": kv[i+1]})
		}
		return out
	}
	var entries []any
	for i := 0; len(entries) < n; i++ {
		u := fmt.Sprintf("https://api.example.com/items/%d", i)
		acao := []string{"access-control-allow-origin", "http://localhost:3000"}
		if i%3 == 0 {
			acao = nil
		}
		if i%5 == 0 {
			entries = append(entries, map[string]any{
				"request":  map[string]any{"method": "OPTIONS", "url": u, "headers": hs("origin", "http://localhost:3000", "access-control-request-method", "PUT")},
				"response": map[string]any{"status": 204, "statusText": "", "headers": hs(append(acao, "access-control-allow-methods", "PUT")...)},
			})
			entries = append(entries, map[string]any{
				"request":  map[string]any{"method": "PUT", "url": u, "headers": hs("origin", "http://localhost:3000")},
				"response": map[string]any{"status": 200, "statusText": "OK", "headers": hs(acao...)},
			})
			continue
		}
		entries = append(entries, map[string]any{
			"request":  map[string]any{"method": "GET", "url": u, "headers": hs("origin", "http://localhost:3000")},
			"response": map[string]any{"status": 200, "statusText": "OK", "headers": hs(acao...)},
		})
	}
	b, _ := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "WebInspector", "version": "537.36"}, "entries": entries[:n]}})
	return b
}
