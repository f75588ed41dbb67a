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

// TestCacheRowsKept: when a verdict flip takes cache events away, their
// rows and bars stay as hidden placeholders and come back as rows when
// the events do: the same elements, the same counts shown as the engine
// gives.
func TestCacheRowsKept(t *testing.T) {
	ctx := tab(t)
	type counts struct{ Rows, Shown, Bars, Pads int }
	var before, broken, again counts
	count := func(c *counts) chromedp.Action {
		return chromedp.Evaluate(`({Rows: document.querySelectorAll('.cache tbody tr').length,
			Shown: [...document.querySelectorAll('.cache tbody tr')].filter(r => !r.hidden && r.offsetParent !== null).length,
			Bars: document.querySelectorAll('[data-k=tl-bar]').length,
			Pads: document.querySelectorAll('[data-k=tl-pad]').length})`, c)
	}
	flip := chromedp.Evaluate(`(() => {
		const el = document.querySelector('#rule1-response');
		el.value = el.value.includes('X-Removed') ? el.value.replace('X-Removed', 'Access-Control-Allow-Origin') : el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
		el.dispatchEvent(new Event('input', {bubbles: true}));
		document.querySelector('.cache tbody tr').dataset.mark = 'first';
	})()`, nil)
	run(t, ctx, chromedp.Navigate(shareURL(t, "cache-ten-requests")), ready, chromedp.WaitReady(`[data-k=tl-bar]`, chromedp.ByQuery),
		count(&before), flip, chromedp.WaitVisible(`#v-error`, chromedp.ByQuery), count(&broken),
		flip, chromedp.WaitNotPresent(`#v-error`, chromedp.ByQuery), count(&again))
	if before.Pads != 0 || before.Shown != before.Rows || before.Bars != 3 {
		t.Errorf("as loaded: %+v, want no placeholders and 3 bars", before)
	}
	// Without the Allow-Origin the request fails, each failure clears the
	// entry and the next call stores it again: more events, more bars.
	if broken.Shown == before.Shown || broken.Rows != max(before.Rows, broken.Shown) {
		t.Errorf("after the verdict flipped: %+v, want as many rows as the most shown so far", broken)
	}
	want := counts{Rows: max(before.Rows, broken.Rows), Shown: before.Shown, Bars: before.Bars, Pads: max(before.Bars, broken.Bars+broken.Pads) - before.Bars}
	if again != want {
		t.Errorf("flipped back: %+v, want %+v", again, want)
	}
	var mark string
	run(t, ctx, chromedp.Evaluate(`document.querySelector('.cache tbody tr').dataset.mark || ''`, &mark))
	if mark != "first" {
		t.Error("the first cache row is a new element after two flips; rows should be updated in place")
	}
}

// TestKeystrokeRendersInEvent: the flowchart has changed by the time the
// input event's dispatch returns (Page.flush), not at go-app's next frame
// tick; a go-app upgrade that stops Consume from rendering shows up here.
func TestKeystrokeRendersInEvent(t *testing.T) {
	ctx := tab(t)
	var got struct{ Before, After string }
	run(t, ctx, chromedp.Navigate(shareURL(t, "cache-ten-requests")), ready, chromedp.WaitVisible("#outcome", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const node = document.querySelector('#node-cors-check');
			const before = node.getAttribute('data-s');
			const el = document.querySelector('#rule1-response');
			el.value = el.value.replace('Access-Control-Allow-Origin', 'X-Removed');
			el.dispatchEvent(new Event('input', {bubbles: true}));
			return {Before: before, After: node.getAttribute('data-s')};
		})()`, &got))
	if got.Before != "pass" || got.After != "fail" {
		t.Errorf("CORS check node: %q before the keystroke, %q right after its event; want pass, then fail at once", got.Before, got.After)
	}
}
