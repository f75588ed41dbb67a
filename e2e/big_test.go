package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	corsapp "corsim/app"
	"corsim/scenario"
)

// In a long scenario a keystroke evaluates up to the request on screen at
// once and the rest when typing pauses: the last request's tab must catch
// up, and the collapsed requests open on click.
func TestBigScenarioCatchesUp(t *testing.T) {
	ctx := tab(t)
	s := &scenario.Scenario{Name: "40 GETs", Origin: "http://app.test:18080"}
	for i := 0; i < 40; i++ {
		s.Requests = append(s.Requests, scenario.Request{URL: "http://api.test:18080/x"})
	}
	s.Server = []scenario.Rule{{URL: "http://api.test:18080/x", Response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\n\r\n"}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	lastTab := `nav.tabs .tab:last-child`
	run(t, ctx, chromedp.Navigate(srvURL+"/#s="+corsapp.EncodeShare(s)), ready, chromedp.WaitVisible(lastTab, chromedp.ByQuery))
	if got := text(t, ctx, lastTab); !strings.Contains(got, "✓") {
		t.Fatalf("before: %q", got)
	}
	run(t, ctx, setValue("#rule0-response", "HTTP/1.1 200 OK\r\n\r\n"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(text(t, ctx, lastTab), "✗") {
		if time.Now().After(deadline) {
			t.Fatalf("the last request never caught up: %q", text(t, ctx, lastTab))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := text(t, ctx, "#v-error"); got != "MissingAllowOriginHeader" {
		t.Errorf("selected request: %q", got)
	}
	// Request #40 is one line until opened.
	run(t, ctx, chromedp.Click("#req39-open", chromedp.ByQuery), chromedp.WaitVisible("#req39-url", chromedp.ByQuery))
}
