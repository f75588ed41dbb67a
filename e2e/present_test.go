package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPresenterFitsOneScreen: presentation mode on the two projector
// sizes, for a lesson with a long trace (the preflight, 14 steps), after
// Reveal. Measured with element boxes: the chart, the step's explanation
// and the verdict end above the fold; the chart's text is at least 20 px
// on screen; the toolbar is one line; the lesson title is larger than its
// text.
func TestPresenterFitsOneScreen(t *testing.T) {
	for _, size := range [][2]int64{{1280, 720}, {1024, 768}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx := tab(t)
			run(t, ctx, emulation.SetDeviceMetricsOverride(size[0], size[1], 1, false),
				chromedp.Navigate(srvURL+"/#lesson=5"), ready, chromedp.WaitVisible("#reveal", chromedp.ByQuery),
				click("#present"), click(`input[name=predict]`), chromedp.Sleep(100*time.Millisecond), click("#reveal"),
				chromedp.Evaluate(`document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'End', bubbles: true}))`, nil), chromedp.Sleep(300*time.Millisecond))
			var m struct {
				ChartBottom, DetailsBottom, OutcomeBottom, Fold float64
				NodeFont, TitleFont, TextFont, TopHeight        float64
				Nodes                                           int
			}
			run(t, ctx, chromedp.Evaluate(`(() => {
				const r = s => document.querySelector(s).getBoundingClientRect();
				const svg = document.querySelector('.chart svg');
				const vb = svg.viewBox.baseVal;
				const scale = Math.min(svg.clientWidth / vb.width, svg.clientHeight / vb.height);
				const label = document.querySelector('[data-k=node] text:not([data-k=icon])');
				return {
					ChartBottom: r('.chart svg').bottom, DetailsBottom: r('#details').bottom,
					OutcomeBottom: r('#outcome').bottom, Fold: window.innerHeight,
					NodeFont: parseFloat(getComputedStyle(label).fontSize) * scale,
					TitleFont: parseFloat(getComputedStyle(document.querySelector('#lesson-title')).fontSize),
					TextFont: parseFloat(getComputedStyle(document.querySelector('.lesson > p')).fontSize),
					TopHeight: r('.top').height,
					Nodes: document.querySelectorAll('[data-k=node]').length,
				};
			})()`, &m))
			shot(t, ctx, fmt.Sprintf("present-%dx%d", size[0], size[1]))
			var problems []string
			for name, bottom := range map[string]float64{"chart": m.ChartBottom, "step explanation": m.DetailsBottom, "verdict": m.OutcomeBottom} {
				if bottom > m.Fold {
					problems = append(problems, fmt.Sprintf("%s ends at %.0f px, below the fold at %.0f", name, bottom, m.Fold))
				}
			}
			if m.NodeFont < 20 {
				problems = append(problems, fmt.Sprintf("chart text %.1f px, want at least 20", m.NodeFont))
			}
			if m.TitleFont <= m.TextFont {
				problems = append(problems, fmt.Sprintf("lesson title %.0f px is not larger than its text %.0f px", m.TitleFont, m.TextFont))
			}
			if m.TopHeight > 60 {
				problems = append(problems, fmt.Sprintf("the toolbar is %.0f px high: more than one line", m.TopHeight))
			}
			if m.Nodes == 0 || m.Nodes > 14 {
				problems = append(problems, fmt.Sprintf("%d boxes on the chart; the path only is wanted", m.Nodes))
			}
			if len(problems) > 0 {
				t.Errorf("%+v\n  %s", m, strings.Join(problems, "\n  "))
			}
			t.Logf("chart text %.1f px; chart, step, verdict end at %.0f, %.0f, %.0f of %.0f", m.NodeFont, m.ChartBottom, m.DetailsBottom, m.OutcomeBottom, m.Fold)
		})
	}
}
