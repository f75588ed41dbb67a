package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	corsapp "corsim/app"
	"corsim/fetchspec"
	"corsim/scenario"
)

// waitEvals waits until the page has evaluated more often than before.
func waitEvals(t *testing.T, ctx context.Context, before int) {
	t.Helper()
	for i := 0; i < 200; i++ {
		var n int
		run(t, ctx, chromedp.Evaluate(`+document.querySelector('.corsim').dataset.evals`, &n))
		if n > before {
			// One more frame for the DOM to follow.
			run(t, ctx, chromedp.Evaluate(`new Promise(r => requestAnimationFrame(() => r(0)))`, nil, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the page did not re-evaluate")
}

func evals(t *testing.T, ctx context.Context) int {
	var n int
	run(t, ctx, chromedp.Evaluate(`+document.querySelector('.corsim').dataset.evals`, &n))
	return n
}

// The page and `corsim eval` agree on every scenario in testdata under
// every profile: each share link is opened (a fragment change, no reload),
// each profile chosen, and the verdict of every request compared. A link
// loaded and shared again is the same link.
func TestPageMatchesEvalOnEveryScenario(t *testing.T) {
	ctx := tab(t)
	files, _ := filepath.Glob("../testdata/scenarios/*.json")
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=1"), ready)
	checked := 0
	for _, f := range files {
		s, err := scenario.LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code := corsapp.EncodeShare(s)
		before := evals(t, ctx)
		run(t, ctx, chromedp.Evaluate(`location.hash = '#s=`+code+`'; 0`, nil))
		waitEvals(t, ctx, before)
		// Re-share: the same bytes come back.
		var shared string
		run(t, ctx, chromedp.Click("#share", chromedp.ByQuery), chromedp.WaitVisible("#share-url", chromedp.ByQuery), chromedp.Value("#share-url", &shared, chromedp.ByQuery))
		if !strings.HasSuffix(shared, "#s="+code) {
			t.Errorf("%s: re-shared link differs", filepath.Base(f))
		}
		for _, b := range fetchspec.ProfileNames {
			before := evals(t, ctx)
			run(t, ctx, setValue("#browser", b))
			waitEvals(t, ctx, before)
			want := evalOrFail(t, s, b).Results
			var got struct {
				Tabs    []string
				Outcome string
				Error   string
			}
			run(t, ctx, chromedp.Evaluate(`({
				Tabs: [...document.querySelectorAll('nav.tabs .tab')].map(e => e.textContent),
				Outcome: (document.querySelector('#outcome') || {}).textContent || '',
				Error: (document.querySelector('#v-error') || {}).textContent || ''})`, &got))
			name := filepath.Base(f) + " [" + b + "]"
			if (want[0].Outcome == "ok") != strings.HasPrefix(got.Outcome, "✓") {
				t.Errorf("%s: page says %q, eval says %s", name, got.Outcome, want[0].Outcome)
			}
			if want[0].Outcome != "ok" && got.Error != string(want[0].Error) {
				t.Errorf("%s: page error %q, eval %q", name, got.Error, want[0].Error)
			}
			if len(want) > 1 {
				if len(got.Tabs) != len(want) {
					t.Errorf("%s: %d tabs for %d requests", name, len(got.Tabs), len(want))
					continue
				}
				for i, r := range want {
					if (r.Outcome == "ok") != strings.Contains(got.Tabs[i], "✓") {
						t.Errorf("%s: request %d: tab %q, eval %s", name, i+1, got.Tabs[i], r.Outcome)
					}
				}
			}
			checked++
		}
	}
	t.Logf("%d scenario × profile pairs agree with corsim eval", checked)
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
