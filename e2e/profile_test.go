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
// functions that take the most self time during one keystroke in a
// 200-request scenario. Build app.wasm without -s -w to see Go names.
func TestProfileKeystroke(t *testing.T) {
	if os.Getenv("CORSIM_PROFILE") == "" {
		t.Skip("set CORSIM_PROFILE=1")
	}
	ctx := tab(t)
	s := bigScenario(t, 200)
	run(t, ctx, chromedp.Navigate(srvURL+"/#s="+corsapp.EncodeShare(s)), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		profiler.Enable(), profiler.SetSamplingInterval(100), profiler.Start())
	var ms float64
	run(t, ctx, chromedp.Evaluate(`new Promise(resolve => {
		const el = document.querySelector('#rule1-response');
		const t0 = performance.now();
		el.value = el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
		el.dispatchEvent(new Event('input', {bubbles: true}));
		requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
	})`, &ms, func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
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
	for _, id := range prof.Samples {
		n := byID[id]
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
		if v*20 > len(prof.Samples) {
			t.Logf("inclusive %5.1f%% %s", 100*float64(v)/float64(len(prof.Samples)), k)
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
	t.Logf("keystroke %.0f ms, %d samples", ms, total)
	for i, e := range all {
		if i > 40 {
			break
		}
		t.Logf("%5.1f%% %s", 100*float64(e.v)/float64(total), e.k)
	}
}
