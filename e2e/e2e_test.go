// Package e2e tests the page in a real headless Chromium (chromedp driving
// Debian's /usr/bin/chromium). Run with -browser; `make test` does.
package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	corsapp "corsim/app"
	"corsim/conformance"
	"corsim/pwa"
	"corsim/scenario"
)

var withBrowser = flag.Bool("browser", false, "run the page tests in headless Chromium")

var (
	srvURL   string
	allocCtx context.Context
)

func TestMain(m *testing.M) {
	flag.Parse()
	if !*withBrowser {
		os.Exit(m.Run())
	}
	path := conformance.FindChromium()
	if path == "" {
		msg := "\n\n*** CHROMIUM NOT FOUND: the page tests in e2e/ are SKIPPED ***\n*** install it: apt-get install -y chromium ***\n\n"
		os.Stderr.WriteString(msg)
		if os.Getenv("CORSIM_REQUIRE_BROWSERS") != "" {
			os.Exit(1)
		}
		os.Exit(0)
	}
	if _, err := os.Stat("../web/app.wasm"); err != nil {
		os.Stderr.WriteString("e2e: ../web/app.wasm missing; run make wasm\n")
		os.Exit(1)
	}
	corsapp.Register()
	srv := httptest.NewServer(pwa.Server(".."))
	srvURL = srv.URL
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts, chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.WindowSize(1400, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	// The first context owns the browser; tabs hang off it so closing a
	// tab never closes the browser.
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Run(bctx); err != nil {
		os.Stderr.WriteString("e2e: cannot start chromium: " + err.Error() + "\n")
		os.Exit(1)
	}
	allocCtx = bctx
	code := m.Run()
	bcancel()
	cancel()
	srv.Close()
	os.Exit(code)
}

// tab opens a fresh tab; it and its screenshot folder are cleaned up by t.
func tab(t *testing.T) context.Context {
	t.Helper()
	if !*withBrowser {
		t.Skip("page tests need -browser (make test passes it)")
	}
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel2)
	return ctx
}

// ready waits until the client has mounted (pre-rendered HTML has no
// data-ready="true").
var ready = chromedp.WaitVisible(`.corsim[data-ready="true"]`, chromedp.ByQuery)

func shot(t *testing.T, ctx context.Context, name string) {
	var buf []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&buf, 100)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("..", "testout", "e2e")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		shot(t, ctx, strings.ReplaceAll(t.Name(), "/", "_")+"-failed")
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return s
}

// setValue types into a control the way a user's edit arrives: value, then
// an input event.
func setValue(sel, v string) chromedp.Action {
	b, _ := json.Marshal(v)
	return chromedp.Evaluate(`(() => { const el = document.querySelector(`+"`"+sel+"`"+`); el.value = `+string(b)+`; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`, nil)
}

// click dispatches a click in the page, which also reaches SVG elements
// that have no layout box of their own.
func click(sel string) chromedp.Action {
	return chromedp.Evaluate(`document.querySelector(`+"`"+sel+"`"+`).dispatchEvent(new MouseEvent('click', {bubbles: true}))`, nil)
}

func shareURL(t *testing.T, name string) string {
	s, err := scenario.LoadFile("../testdata/scenarios/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return srvURL + "/#s=" + corsapp.EncodeShare(s)
}

func TestFirstLessonOnLoad(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/"), ready, chromedp.WaitVisible("#lesson-title", chromedp.ByQuery))
	if got := text(t, ctx, "#lesson-title"); !strings.Contains(got, "Same origin") {
		t.Fatalf("first lesson title %q", got)
	}
	run(t, ctx, chromedp.Click("#choice0", chromedp.ByQuery), chromedp.WaitEnabled("#reveal", chromedp.ByQuery), chromedp.Click("#reveal", chromedp.ByQuery), chromedp.WaitVisible("#outcome", chromedp.ByQuery))
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Errorf("outcome %q, want a readable response", got)
	}
	if got := text(t, ctx, "#answer"); !strings.Contains(got, "Right") {
		t.Errorf("answer %q", got)
	}
	shot(t, ctx, "first-lesson")
}

func TestEditHeaderFlipsVerdict(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "simple-get-acao-exact")), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		setValue("#browser", "chromium"))
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Fatalf("before edit: %q", got)
	}
	// Remove Access-Control-Allow-Origin from the server's answer.
	run(t, ctx, setValue("#rule0-response", "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{}"),
		chromedp.WaitVisible("#v-error", chromedp.ByQuery))
	if got := text(t, ctx, "#v-error"); got != "MissingAllowOriginHeader" {
		t.Errorf("after removing ACAO: error %q", got)
	}
	if got := text(t, ctx, "#v-message"); !strings.Contains(got, "No 'Access-Control-Allow-Origin' header") {
		t.Errorf("console message %q", got)
	}
	shot(t, ctx, "edit-blocked")
	// A custom request header now needs a preflight.
	run(t, ctx, setValue("#rule0-response", "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: http://app.test:18080\n\n{}"),
		setValue("#req0-headers", "X-Trace: 1"), chromedp.Sleep(100*time.Millisecond))
	if got := text(t, ctx, "#v-error"); got != "HeaderDisallowedByPreflightResponse" {
		t.Errorf("with X-Trace: error %q", got)
	}
	// Invalid input is marked in place and kept.
	run(t, ctx, setValue("#req0-url", "http://[bad"), chromedp.WaitVisible("#req0-url-error", chromedp.ByQuery))
	var v string
	run(t, ctx, chromedp.Value("#req0-url", &v, chromedp.ByQuery))
	if v != "http://[bad" {
		t.Errorf("typed URL not kept: %q", v)
	}
	shot(t, ctx, "edit-invalid")
}

func TestApplyFix(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "preflight-405-no-acao")), ready, chromedp.WaitVisible("#apply-fix", chromedp.ByQuery))
	// Each fix line names its check, and a click shows it on the chart.
	run(t, ctx, click("#fix button.linklike"), chromedp.Sleep(100*time.Millisecond))
	if got := text(t, ctx, "#details h3"); !strings.Contains(got, "allow this origin") {
		t.Errorf("the fix's check link shows %q", got)
	}
	// The wire marks the response that failed and the header it lacks.
	if got := text(t, ctx, "#wire-resp-0.failed"); !strings.Contains(got, "✗ no Access-Control-Allow-Origin header") {
		t.Errorf("failed response on the wire: %q", got)
	}
	// The whole change, in one piece per response, before applying it.
	run(t, ctx, chromedp.WaitVisible("#change-0", chromedp.ByQuery))
	if got := text(t, ctx, "#change-0"); !strings.Contains(got, "status 204") || !strings.Contains(got, "Access-Control-Allow-Origin") || !strings.Contains(got, "Vary: Origin") {
		t.Errorf("the whole change: %q", got)
	}
	run(t, ctx, chromedp.Click("#apply-fix", chromedp.ByQuery), chromedp.Sleep(200*time.Millisecond))
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Errorf("after the fix: %q", got)
	}
	// The editor shows what is evaluated: the fixed response is in the
	// rule's text, and the link no longer claims the old scenario.
	var resp, hash string
	run(t, ctx, chromedp.Value("#rule0-response", &resp, chromedp.ByQuery), chromedp.Evaluate(`location.hash`, &hash))
	if !strings.Contains(resp, "Access-Control-Allow-Origin") || !strings.Contains(resp, "204") {
		t.Errorf("the editor does not show the fixed response: %q", resp)
	}
	if hash != "" {
		t.Errorf("after the fix the URL still says %q", hash)
	}
	// A keystroke in that text keeps the fix.
	edited := strings.Replace(resp, "\n", "\nX-Note: 1\n", 1)
	run(t, ctx, setValue("#rule0-response", edited), chromedp.Sleep(200*time.Millisecond))
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Errorf("a keystroke in the fixed rule threw the fix away: %q", got)
	}
	shot(t, ctx, "fix-applied")
}

// The whole fix as a server's configuration: pick a stack, get the
// snippet with the exact origin; the rules' offline audit is listed.
func TestStackFixAndAudit(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "preflight-405-no-acao")), ready, chromedp.WaitVisible("#stack", chromedp.ByQuery),
		setValue("#stack", "nginx"), chromedp.WaitVisible("#stack-snippet", chromedp.ByQuery))
	if got := text(t, ctx, "#stack-snippet"); !strings.Contains(got, "location = ") || !strings.Contains(got, "add_header Access-Control-Allow-Origin \"http://app.test:18080\" always;") || !strings.Contains(got, "return 204;") {
		t.Errorf("nginx snippet: %q", got)
	}
	run(t, ctx, setValue("#stack", "s3"), chromedp.Sleep(150*time.Millisecond))
	if got := text(t, ctx, "#stack-snippet"); !strings.Contains(got, "\"AllowedOrigins\": [\"http://app.test:18080\"]") {
		t.Errorf("S3 snippet: %q", got)
	}
	shot(t, ctx, "stack-fix")
	run(t, ctx, chromedp.Navigate(shareURL(t, "credentials-include-wildcard")), ready, chromedp.WaitReady("#audit", chromedp.ByQuery))
	if got := text(t, ctx, "#audit summary"); !strings.Contains(got, "1 finding") {
		t.Errorf("audit summary %q", got)
	}
}

// A request no rule matches is said loudly, with the nearest rule; the
// rule's match mode repairs it, and the rule that answered is marked.
func TestNoRuleMatched(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "rule-query-no-match")), ready, chromedp.WaitVisible("#v-norule", chromedp.ByQuery))
	if got := text(t, ctx, "#v-norule"); !strings.Contains(got, "No server rule matches") || !strings.Contains(got, "differs only in the query") {
		t.Errorf("no-rule notice %q", got)
	}
	shot(t, ctx, "no-rule-matched")
	run(t, ctx, setValue("#rule0-match", "path"), chromedp.WaitVisible("#rule0.matched", chromedp.ByQuery))
	if got := text(t, ctx, "#outcome"); !strings.Contains(got, "✓") {
		t.Errorf("with match path: %q", got)
	}
	var n int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll('#v-norule').length`, &n))
	if n != 0 {
		t.Error("the no-rule notice stays after a rule matches")
	}
}

func TestClickNodeExplains(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "acao-two-lines")), ready, chromedp.WaitReady("#node-cors-check", chromedp.ByQuery),
		click("#node-cors-check"), chromedp.WaitVisible("#step-detail", chromedp.ByQuery))
	if got := text(t, ctx, "#details h3"); !strings.Contains(got, "allow this origin") {
		t.Errorf("details title %q", got)
	}
	if got := text(t, ctx, "#step-detail"); !strings.Contains(got, "2 Access-Control-Allow-Origin lines") {
		t.Errorf("detail %q", got)
	}
	var href string
	run(t, ctx, chromedp.AttributeValue("#details a", "href", &href, nil, chromedp.ByQuery))
	if href != "https://fetch.spec.whatwg.org/#concept-cors-check" {
		t.Errorf("spec link %q", href)
	}
	// Presentation mode: the trace is walked with the keyboard.
	key := func(k string) chromedp.Action {
		return chromedp.Evaluate(`document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '`+k+`', bubbles: true}))`, nil)
	}
	run(t, ctx, chromedp.Click("#present", chromedp.ByQuery), key("Home"), chromedp.Sleep(50*time.Millisecond))
	if got := text(t, ctx, "#details .stepno"); !strings.HasPrefix(got, "Step 1 of") {
		t.Errorf("after Home: %q", got)
	}
	run(t, ctx, key("ArrowRight"), key(" "), chromedp.Sleep(50*time.Millisecond))
	if got := text(t, ctx, "#details .stepno"); !strings.HasPrefix(got, "Step 3 of") {
		t.Errorf("after → and space: %q", got)
	}
	var cls string
	run(t, ctx, chromedp.AttributeValue(".corsim", "class", &cls, nil, chromedp.ByQuery))
	if !strings.Contains(cls, "present") {
		t.Errorf("presentation class missing: %q", cls)
	}
	shot(t, ctx, "node-details-present")
}

func TestShareLinkRoundTrip(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "credentials-include-wildcard")), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		setValue("#origin", "http://other.test:18080"), chromedp.Sleep(100*time.Millisecond),
		chromedp.Click("#share", chromedp.ByQuery), chromedp.WaitVisible("#share-url", chromedp.ByQuery))
	var link string
	run(t, ctx, chromedp.Value("#share-url", &link, chromedp.ByQuery))
	if !strings.Contains(link, "#s=") {
		t.Fatalf("share link %q has no fragment", link)
	}
	ctx2 := tab(t)
	run(t, ctx2, chromedp.Navigate(link), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery))
	var origin string
	run(t, ctx2, chromedp.Value("#origin", &origin, chromedp.ByQuery))
	if origin != "http://other.test:18080" {
		t.Errorf("origin after round trip %q", origin)
	}
	if got := text(t, ctx2, "#v-error"); got != "WildcardOriginNotAllowed" {
		t.Errorf("error after round trip %q", got)
	}
}

func TestLessonPreflight(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=4"), ready, chromedp.WaitVisible("#lesson-title", chromedp.ByQuery))
	if got := text(t, ctx, "#lesson-title"); !strings.Contains(got, "preflight") {
		t.Fatalf("lesson 4 title %q", got)
	}
	run(t, ctx, chromedp.Click("#choice0", chromedp.ByQuery), chromedp.WaitEnabled("#reveal", chromedp.ByQuery), chromedp.Click("#reveal", chromedp.ByQuery), chromedp.WaitVisible("#v-preflight", chromedp.ByQuery))
	if got := text(t, ctx, "#v-preflight"); got != "sent" {
		t.Errorf("preflight %q", got)
	}
	run(t, ctx, chromedp.Click("#next-lesson", chromedp.ByQuery), chromedp.Sleep(100*time.Millisecond))
	if got := text(t, ctx, "#lesson-title"); !strings.HasPrefix(got, "5.") {
		t.Errorf("next lesson %q", got)
	}
	shot(t, ctx, "lesson")
}

// TestNoRequestsAfterLoad interacts with the page and fails on any request
// it makes once loaded.
func TestNoRequestsAfterLoad(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "preflight-put-ok")), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery), chromedp.Sleep(500*time.Millisecond))
	var mu sync.Mutex
	var seen []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			seen = append(seen, e.Request.URL)
			mu.Unlock()
		}
	})
	run(t, ctx, network.Enable(),
		setValue("#req0-headers", "Content-Type: application/json\nX-Trace: 7\nX-More: 1"),
		click("#node-preflight-send"),
		chromedp.Click("#share", chromedp.ByQuery),
		chromedp.Click("#theme", chromedp.ByQuery),
		// Pasting and loading a file stay in the page too.
		setValue("#paste-input", "Access to fetch at 'https://api.example.com/x' from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."),
		chromedp.WaitVisible("#paste-kind", chromedp.ByQuery),
		chromedp.SetUploadFiles("#paste-file", []string{harPath(t)}, chromedp.ByQuery),
		chromedp.WaitVisible("#har-list", chromedp.ByQuery),
		setValue("#lesson", "8"),
		chromedp.Sleep(500*time.Millisecond))
	mu.Lock()
	defer mu.Unlock()
	if len(seen) > 0 {
		t.Errorf("the page made requests after load: %v", seen)
	}
}

func TestOfflineReload(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/"), ready, chromedp.WaitVisible("#lesson-title", chromedp.ByQuery))
	// Wait for the service worker, then reload once so it controls the page.
	var swReady bool
	run(t, ctx, chromedp.Evaluate(`navigator.serviceWorker.ready.then(() => true)`, &swReady, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }),
		chromedp.Reload(), ready, chromedp.Sleep(1*time.Second))
	run(t, ctx, network.Enable(), network.EmulateNetworkConditions(true, 0, 0, 0),
		chromedp.Reload(), ready)
	if got := text(t, ctx, "#lesson-title"); !strings.Contains(got, "Same origin") {
		t.Errorf("offline reload shows %q", got)
	}
	shot(t, ctx, "offline")
}

func harPath(t *testing.T) string {
	p, err := filepath.Abs(filepath.Join("..", "testdata", "pastes", "har-chrome.har"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// On a phone (390×844) nothing is wider than the screen: no sideways
// scrolling, the toolbar wraps.
func TestPhoneWidth(t *testing.T) {
	ctx := tab(t)
	for _, where := range []string{srvURL + "/", shareURL(t, "preflight-put-ok")} {
		var width int
		var wide string
		run(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(where), ready, chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className.baseVal + (typeof e.className === 'string' ? e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`, &wide))
		if width > 390 {
			t.Errorf("%s: the page is %d px wide on a 390 px screen; too wide: %s", where, width, wide)
		}
	}
	shot(t, ctx, "phone-390")
}

// Before Reveal nothing answers the class's prediction: the chart shows
// the path in grey, the request tabs show no outcome.
func TestNothingRevealedBeforeReveal(t *testing.T) {
	ctx := tab(t)
	count := func(sel string) int {
		var n int
		run(t, ctx, chromedp.Evaluate(`document.querySelectorAll(`+"`"+sel+"`"+`).length`, &n))
		return n
	}
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=9"), ready, chromedp.WaitVisible("#reveal", chromedp.ByQuery))
	if n := count(`[data-k=node][data-s=pass], [data-k=node][data-s=fail], [data-k=node][data-s=info], [data-k=node][data-s=skip]`); n != 0 {
		t.Errorf("%d nodes show a verdict before Reveal", n)
	}
	if n := count(`[data-k=node][data-s=reached]`); n == 0 {
		t.Error("the path is not shown in grey")
	}
	var tabs string
	run(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.tab')).map(e => e.textContent).join(' | ')`, &tabs))
	if tabs == "" || strings.ContainsAny(tabs, "✓✗") || strings.Contains(tabs, "sent") || strings.Contains(tabs, "cached") {
		t.Errorf("tabs before Reveal: %q", tabs)
	}
	shot(t, ctx, "before-reveal")
	run(t, ctx, click(`input[name=predict]`), chromedp.Sleep(100*time.Millisecond), click("#reveal"), chromedp.Sleep(100*time.Millisecond))
	// The chart colours itself step by step: at first only the first
	// steps, then every step of the trace.
	coloured := `[data-k=node][data-s=pass], [data-k=node][data-s=fail], [data-k=node][data-s=info], [data-k=node][data-s=skip]`
	first := count(coloured)
	if first == 0 || count(`[data-k=node][data-s=reached]`) == 0 {
		t.Errorf("right after Reveal: %d coloured nodes, %d still grey; want a few and the rest grey", first, count(`[data-k=node][data-s=reached]`))
	}
	var steps int
	run(t, ctx, chromedp.Evaluate(`parseInt((document.querySelector('.stepno')||{textContent:'0 of 0'}).textContent.split(' of ')[1])`, &steps))
	run(t, ctx, chromedp.Poll(`document.querySelectorAll('[data-k=node][data-s=reached]').length === 0`, nil, chromedp.WithPollingTimeout(time.Duration(steps+5)*500*time.Millisecond)))
	if n := count(`[data-k=node][data-s=pass]`); n == 0 || count(coloured) <= first {
		t.Errorf("after the animation: %d passed nodes, %d coloured (%d at first)", n, count(coloured), first)
	}
	run(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.tab')).map(e => e.textContent).join(' | ')`, &tabs))
	if !strings.Contains(tabs, "✓") {
		t.Errorf("tabs after Reveal: %q", tabs)
	}
}

// Reset lesson undoes edits and the prediction; New scenario starts from
// one request and one rule, and the address no longer names a lesson.
func TestResetAndNewScenario(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=2"), ready, chromedp.WaitVisible("#reset-lesson", chromedp.ByQuery))
	run(t, ctx, setValue("#req0-url", "http://api.test:18080/elsewhere"), chromedp.Sleep(150*time.Millisecond), click("#reset-lesson"), chromedp.Sleep(200*time.Millisecond))
	var url, hash string
	run(t, ctx, chromedp.Value("#req0-url", &url, chromedp.ByQuery))
	if strings.Contains(url, "elsewhere") {
		t.Errorf("Reset lesson kept the edit: %q", url)
	}
	run(t, ctx, click("#new-blank"), chromedp.Sleep(200*time.Millisecond), chromedp.Value("#req0-url", &url, chromedp.ByQuery), chromedp.Evaluate(`location.hash`, &hash))
	if url != "http://api.test:18080/data" || hash != "" {
		t.Errorf("New scenario: url %q, hash %q", url, hash)
	}
	var n int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll('#reset-lesson, #lesson-title').length`, &n))
	if n != 0 {
		t.Error("still in the lesson after New scenario")
	}
}

// The address keeps the lesson and the step on screen, both ways.
func TestLessonStepInURL(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=5&step=3"), ready, chromedp.WaitVisible(`#node-route[data-sel="true"]`, chromedp.ByQuery))
	key := chromedp.Evaluate(`document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}))`, nil)
	var hash string
	run(t, ctx, key, chromedp.Sleep(150*time.Millisecond), chromedp.Evaluate(`location.hash`, &hash))
	if hash != "#lesson=5&step=4" {
		t.Errorf("after → the address says %q", hash)
	}
	run(t, ctx, chromedp.WaitVisible(`#node-preflight-needed[data-sel="true"]`, chromedp.ByQuery))
}
