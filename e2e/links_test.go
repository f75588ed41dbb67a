package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Any fragment loads: a broken or unknown link opens lesson 1 with a
// message in words, and the page stays interactive (the browser select
// still re-evaluates). Before the location guard, "#s=%%%" ended the Go
// program inside go-app's navigation.
func TestBrokenLinksStillLoad(t *testing.T) {
	for _, tc := range []struct{ frag, want string }{
		{"#s=%%%", "damaged"},
		{"#%zz", "damaged"},
		{"#x=%", "damaged"},
		{"#s=abc%2", "damaged"},
		{"#s=abc", "damaged"},
		{"#s=" + strings.Repeat("A", 40), "damaged"},
		{"#lesson=99", "no lesson"},
		{"#lesson=x", "no lesson"},
		{"#hello", "not one corsim knows"},
	} {
		t.Run(tc.frag, func(t *testing.T) {
			ctx := tab(t)
			run(t, ctx, chromedp.Navigate(srvURL+"/"+tc.frag), ready, chromedp.WaitVisible("#notice", chromedp.ByQuery))
			if got := text(t, ctx, "#notice"); !strings.Contains(got, tc.want) || !strings.Contains(got, "lesson 1") {
				t.Errorf("notice %q, want it to say %q and lesson 1", got, tc.want)
			}
			if got := text(t, ctx, "#lesson-title"); !strings.Contains(got, "Same origin") {
				t.Errorf("lesson title %q", got)
			}
			// Still alive: a control change re-renders.
			run(t, ctx, setValue("#browser", "firefox"), chromedp.Sleep(100*time.Millisecond))
			var crashed bool
			run(t, ctx, chromedp.Evaluate(`!!document.getElementById('crash') || !document.querySelector('.corsim')`, &crashed))
			if crashed {
				t.Fatal("the page died")
			}
			run(t, ctx, chromedp.Click("#notice-close", chromedp.ByQuery), chromedp.WaitNotPresent("#notice", chromedp.ByQuery))
		})
	}
}

// A link edited in the address bar to a broken fragment after the page
// loaded (a history move) is caught too.
func TestBrokenLinkAfterLoad(t *testing.T) {
	ctx := tab(t)
	run(t, ctx, chromedp.Navigate(srvURL+"/#lesson=2"), ready, chromedp.WaitVisible("#lesson-title", chromedp.ByQuery),
		chromedp.Evaluate(`location.hash = '#s=%%%'`, nil), chromedp.WaitVisible("#notice", chromedp.ByQuery))
	if got := text(t, ctx, "#notice"); !strings.Contains(got, "damaged") {
		t.Errorf("notice %q", got)
	}
	run(t, ctx, chromedp.Evaluate(`location.hash = '#lesson=3'`, nil), chromedp.Sleep(300*time.Millisecond))
	if got := text(t, ctx, "#lesson-title"); !strings.Contains(got, "Access-Control-Allow-Origin opens") {
		t.Errorf("after #lesson=3: %q", got)
	}
}
