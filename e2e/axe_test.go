package e2e

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core (tools/node_modules, installed by make
// test) in the page and fails on serious or critical violations.
func TestAccessibility(t *testing.T) {
	ctx := tab(t)
	src, err := os.ReadFile("../tools/node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core missing (npm install --prefix tools): %v", err)
	}
	for _, page := range []struct {
		name  string
		setup []chromedp.Action
	}{
		{"lesson", []chromedp.Action{chromedp.Navigate(srvURL + "/#lesson=2"), ready, chromedp.Click("#choice0", chromedp.ByQuery), chromedp.WaitEnabled("#reveal", chromedp.ByQuery), chromedp.Click("#reveal", chromedp.ByQuery)}},
		{"blocked-with-fix", []chromedp.Action{chromedp.Navigate(shareURL(t, "preflight-405-no-acao")), ready, setValue("#browser", "chromium"), click("#node-preflight-check")}},
		{"dark-present", []chromedp.Action{chromedp.Navigate(shareURL(t, "redirect-cross-to-cross-origin-null")), ready, chromedp.Click("#theme", chromedp.ByQuery), chromedp.Click("#present", chromedp.ByQuery)}},
	} {
		run(t, ctx, page.setup...)
		var out string
		run(t, ctx, chromedp.Evaluate(string(src), nil),
			chromedp.Evaluate(`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`, &out,
				func(p *runtimeEvaluate) *runtimeEvaluate { return p.WithAwaitPromise(true) }))
		var vs []axeViolation
		if err := json.Unmarshal([]byte(out), &vs); err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, n.Target...)
			}
			msg := page.name + ": " + v.Impact + " " + v.ID + ": " + v.Help
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s %v", msg, targets)
			} else {
				t.Logf("%s (%d nodes)", msg, len(v.Nodes))
			}
		}
		shot(t, ctx, "axe-"+page.name)
	}
}
