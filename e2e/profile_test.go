package e2e

import (
	"context"
	"os"
	"sort"
	"testing"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	corsapp "corsim/app"
)

// TestProfileKeystroke (run by hand with CORSIM_PROFILE=1) prints the
// functions that take the most self time over 20 keystrokes that flip the
// verdict, in the 10-request scenario (CORSIM_PROFILE=200: a 200-request
// one). Build app.wasm without -s -w to see Go names.
func TestProfileKeystroke(t *testing.T) {
	if os.Getenv("CORSIM_PROFILE") == "" {
		t.Skip("set CORSIM_PROFILE=1")
	}
	ctx := tab(t)
	url := shareURL(t, "cache-ten-requests")
	if os.Getenv("CORSIM_PROFILE") == "200" {
		url = srvURL + "/#s=" + corsapp.EncodeShare(bigScenario(t, 200))
	}
	run(t, ctx, chromedp.Navigate(url), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		profiler.Enable(), profiler.SetSamplingInterval(100), profiler.Start())
	var ms float64
	run(t, ctx, chromedp.Evaluate(`(async () => {
		const el = document.querySelector('#rule1-response');
		let total = 0;
		for (let i = 0; i < 20; i++) {
			await new Promise(r => setTimeout(r, 250));
			total += await new Promise(resolve => {
				const t0 = performance.now();
				el.value = el.value.includes('X-Removed') ? el.value.replace('X-Removed', 'Access-Control-Allow-Origin') : el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
				el.dispatchEvent(new Event('input', {bubbles: true}));
				requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
			});
		}
		await new Promise(r => setTimeout(r, 250));
		return total / 20;
	})()`, &ms, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
	var muts string
	mjs, _ := os.ReadFile(os.Getenv("CORSIM_MUTJS"))
	if len(mjs) > 0 {
		run(t, ctx, chromedp.Evaluate(string(mjs), &muts, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
		t.Logf("mutations: %s", muts)
	}
	var prof *profiler.Profile
	run(t, ctx, chromedp.ActionFunc(func(c context.Context) error {
		var err error
		prof, err = profiler.Stop().Do(c)
		return err
	}))
	self := map[string]int{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, n := range prof.Nodes {
		byID[n.ID] = n
	}
	parent := map[int64]int64{}
	for _, n := range prof.Nodes {
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	incl := map[string]int{}
	busy := 0
	for _, id := range prof.Samples {
		n := byID[id]
		if f := n.CallFrame.FunctionName; f == "(idle)" || f == "(program)" {
			continue
		}
		busy++
		self[n.CallFrame.FunctionName]++
		seen := map[string]bool{}
		for cur, ok := id, true; ok; cur, ok = parent[cur] {
			f := byID[cur].CallFrame.FunctionName
			if !seen[f] {
				seen[f] = true
				incl[f]++
			}
		}
	}
	for k, v := range incl {
		if v*20 > busy {
			t.Logf("inclusive %5.1f%% %s", 100*float64(v)/float64(busy), k)
		}
	}
	type kv struct {
		k string
		v int
	}
	var all []kv
	total := 0
	for k, v := range self {
		all = append(all, kv{k, v})
		total += v
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	t.Logf("keystroke to the frame after: %.0f ms on average; %d busy samples", ms, total)
	for i, e := range all {
		if i > 40 {
			break
		}
		t.Logf("%5.1f%% %s", 100*float64(e.v)/float64(total), e.k)
	}
}
