package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLoadTimes measures, without asserting (machines here are noisy):
// cold and warm time from navigation to the first verdict on screen, and
// the time from a keystroke to an updated flowchart for a 10-request
// scenario. `make load` prints them.
func TestLoadTimes(t *testing.T) {
	ctx := tab(t)
	url := shareURL(t, "cache-ten-requests")
	measure := func() time.Duration {
		start := time.Now()
		run(t, ctx, chromedp.Navigate(url), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery))
		return time.Since(start)
	}
	cold := measure()
	warm := measure()
	// In-page timing of a keystroke: input event to the next frame after
	// the flowchart node changed, as the browser sees it.
	var ms float64
	run(t, ctx, chromedp.Evaluate(`new Promise(resolve => {
		const el = document.querySelector('#rule1-response');
		const before = document.querySelector('#node-cors-check').getAttribute('data-s');
		const t0 = performance.now();
		el.value = el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
		el.dispatchEvent(new Event('input', {bubbles: true}));
		const check = () => {
			if (document.querySelector('#node-cors-check').getAttribute('data-s') !== before) {
				requestAnimationFrame(() => resolve(performance.now() - t0));
			} else { setTimeout(check, 0); }
		};
		check();
	})`, &ms, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
	t.Logf("navigation to first verdict: cold %v, warm %v", cold.Round(time.Millisecond), warm.Round(time.Millisecond))
	t.Logf("keystroke to updated flowchart (10-request scenario): %.1f ms (budget 16 ms)", ms)
	if got := text(t, ctx, "#v-error"); !strings.Contains(got, "MissingAllowOriginHeader") {
		t.Errorf("after the edit: %q", got)
	}
}
