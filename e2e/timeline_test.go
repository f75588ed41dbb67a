package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCacheTimeline: the cache lesson draws one bar per stored preflight.
func TestCacheTimeline(t *testing.T) {
	ctx := tab(t)
	var bars, marks int
	run(t, ctx, chromedp.Navigate(shareURL(t, "cache-ten-requests")), ready, chromedp.WaitReady(`[data-k=tl-bar]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('[data-k=tl-bar]').length`, &bars),
		chromedp.Evaluate(`document.querySelectorAll('[data-k=tl-mark]').length`, &marks))
	if bars != 3 || marks != 10 {
		t.Errorf("%d bars and %d request marks, want 3 and 10", bars, marks)
	}
	shot(t, ctx, "cache-timeline")
}
