package e2e

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	corsapp "corsim/app"
	"corsim/scenario"
)

// TestLoadTimes measures, without asserting (machines here are noisy):
// cold and warm time from navigation to the first verdict on screen.
// `make load` prints them (keystrokes: TestKeystrokeTimes).
func TestLoadTimes(t *testing.T) {
	ctx := tab(t)
	url := shareURL(t, "cache-ten-requests")
	measure := func() time.Duration {
		start := time.Now()
		run(t, ctx, chromedp.Navigate(url), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery))
		return time.Since(start)
	}
	cold := measure()
	// Warm: a real reload of the same page (a fragment change alone would
	// not load anything), with the service worker and HTTP cache primed.
	run(t, ctx, chromedp.Navigate("about:blank"))
	warm := measure()
	t.Logf("navigation to first verdict: cold %v, warm %v", cold.Round(time.Millisecond), warm.Round(time.Millisecond))
}

// TestBigScenarioTimes measures, without asserting: a 200-request
// scenario, from navigation to the first verdict, the number of DOM
// nodes, and a keystroke in a server rule to the next frame.
func TestBigScenarioTimes(t *testing.T) {
	ctx := tab(t)
	s := bigScenario(t, 200)
	start := time.Now()
	run(t, ctx, chromedp.Navigate(srvURL+"/#s="+corsapp.EncodeShare(s)), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery))
	ready := time.Since(start)
	var nodes int
	run(t, ctx, chromedp.Evaluate(`document.getElementsByTagName('*').length`, &nodes))
	// 21 keystrokes, each flipping every verdict, 300 ms apart (so the
	// deferred evaluation of the rest runs between them, as when typing
	// pauses): time from the input event to the frame after the verdict
	// on screen changed.
	var times []float64
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const el = document.querySelector('#rule1-response');
		const out = [];
		for (let i = 0; i < 21; i++) {
			await new Promise(r => setTimeout(r, 300));
			out.push(await new Promise(resolve => {
				// Done when the verdict on screen changes (go-app updates the
				// DOM on its own frame), then one more frame to paint.
				const t0 = performance.now();
				const obs = new MutationObserver(() => {
					obs.disconnect();
					requestAnimationFrame(() => resolve(performance.now() - t0));
				});
				obs.observe(document.querySelector('#verdict'), {subtree: true, childList: true, characterData: true});
				el.value = el.value.includes('X-Removed') ? el.value.replace('X-Removed', 'Access-Control-Allow-Origin') : el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
				el.dispatchEvent(new Event('input', {bubbles: true}));
			}));
		}
		return out.sort((a, b) => a - b);
	})()`, &times, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
	t.Logf("200-request scenario: first verdict after %v, %d DOM nodes; keystroke to next frame over %d keystrokes: median %.0f ms, p95 %.0f ms, max %.0f ms",
		ready.Round(time.Millisecond), nodes, len(times), times[len(times)/2], times[len(times)*95/100], times[len(times)-1])
}

// bigScenario is n preflighted PUTs, one a second, with a preflight cache
// of 3 s: long enough for the page's long-scenario paths.
func bigScenario(t *testing.T, n int) *scenario.Scenario {
	t.Helper()
	s := &scenario.Scenario{Name: strconv.Itoa(n) + " requests", Origin: "http://app.test:18080"}
	for i := 0; i < n; i++ {
		at := float64(i)
		s.Requests = append(s.Requests, scenario.Request{At: &at, Method: "PUT", URL: "http://api.test:18080/x", Headers: [][2]string{{"X-Trace", "1"}}})
	}
	s.Server = []scenario.Rule{
		{Method: "OPTIONS", URL: "http://api.test:18080/x", Response: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Headers: x-trace\r\nAccess-Control-Max-Age: 3\r\n\r\n"},
		{URL: "http://api.test:18080/x", Response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\n\r\n"},
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestKeystrokeTimes measures, without asserting, 41 keystrokes in the
// 10-request scenario, each flipping the verdict, 250 ms apart: from the
// input event to the frame after the flowchart changed (wall time, median
// and p95), and the main thread's busy time per keystroke from Chrome's
// own counters (script, style, layout), which a loaded machine distorts
// less than wall time. `make load` prints it.
func TestKeystrokeTimes(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(shareURL(t, "cache-ten-requests")), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		performance.Enable())
	const n = 41
	metrics := func() map[string]float64 {
		var ms []*performance.Metric
		run(t, ctx, chromedp.ActionFunc(func(c context.Context) error {
			var err error
			ms, err = performance.GetMetrics().Do(c)
			return err
		}))
		out := map[string]float64{}
		for _, m := range ms {
			out[m.Name] = m.Value
		}
		return out
	}
	// One keystroke first, so the first measured one is not the page's
	// first evaluation after load.
	var pairs [][2]float64
	before := map[string]float64{}
	for round := 0; round < 2; round++ {
		count := 1
		if round == 1 {
			count = n
			before = metrics()
		}
		run(t, ctx, chromedp.Evaluate(`(async (count) => {
			const el = document.querySelector('#rule1-response');
			const out = [];
			for (let i = 0; i < count; i++) {
				await new Promise(r => setTimeout(r, 250));
				out.push(await new Promise(resolve => {
					const t0 = performance.now();
					const obs = new MutationObserver(() => {
						obs.disconnect();
						const dom = performance.now() - t0;
						requestAnimationFrame(() => resolve([dom, performance.now() - t0]));
					});
					obs.observe(document.querySelector('#node-cors-check'), {attributes: true, attributeFilter: ['data-s']});
					el.value = el.value.includes('X-Removed') ? el.value.replace('X-Removed', 'Access-Control-Allow-Origin') : el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
					el.dispatchEvent(new Event('input', {bubbles: true}));
				}));
			}
			return out;
		})(`+strconv.Itoa(count)+`)`, &pairs, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
	}
	after := metrics()
	per := func(name string) float64 { return (after[name] - before[name]) * 1000 / n }
	// The 250 ms pauses are idle; what the page did in them (go-app's
	// deferred work, timers) is counted in the busy time too.
	dom, frame := make([]float64, n), make([]float64, n)
	for i, p := range pairs {
		dom[i], frame[i] = p[0], p[1]
	}
	sort.Float64s(dom)
	sort.Float64s(frame)
	// To the DOM change: the page's own work (go-app renders inside the
	// input event). To the next frame: that plus the wait for the frame,
	// up to one frame interval whatever the page does.
	t.Logf("keystroke to updated flowchart (10-request scenario, %d keystrokes): DOM changed after median %.1f ms, p95 %.1f ms, max %.1f ms (budget 16 ms at p95); next frame after median %.1f ms, p95 %.1f ms",
		n, dom[n/2], dom[n*95/100], dom[n-1], frame[n/2], frame[n*95/100])
	t.Logf("main-thread busy time per keystroke: %.1f ms (script %.1f, style %.1f, layout %.1f)",
		per("TaskDuration"), per("ScriptDuration"), per("RecalcStyleDuration"), per("LayoutDuration"))
}
