// Package app is the teaching page: go-app components that take the
// engine's results as data and render them. No CORS logic lives here.
package app

import (
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"corsim/audit"
	"corsim/fetchspec"
	"corsim/flow"
	"corsim/scenario"
	"corsim/stackfix"
)

// Register declares the page's routes; both the browser entry (wasm/) and
// the server (cmd/corsim) call it, so pre-rendering and the client agree.
func Register() {
	app.Route("/", &Page{})
}

// Page is the whole teaching page: the editor on the left, the flowchart,
// verdict, wire and cache on the right.
type Page struct {
	app.Compo

	form    Form
	browser string
	out     *scenario.Output
	good    *scenario.Scenario
	ferr    *FieldError

	req  int // selected request
	step int // selected step index in that request's trace, -1 none

	lesson   int // -1 when not in a lesson
	choice   int
	revealed bool
	// animating: after Reveal the chart colours itself step by step, up
	// to p.step; animGen tells a stale animation's ticks to do nothing.
	animating bool
	animGen   int
	copied    bool // the share link was copied

	present  bool
	dark     bool
	shareURL string
	fixes    []*fetchspec.Fix
	fixed    *scenario.Scenario
	stack    string // the server stack the fix is also written for, "" none
	// auditMemo holds the offline audit of p.good (renderAudit).
	auditMemo struct {
		of       *scenario.Scenario
		findings []audit.Finding
	}
	// stackMemo holds the policies read off p.fixed (stackPolicies).
	stackMemo struct {
		fixed    *scenario.Scenario
		req      int
		browser  string
		policies []stackfix.Policy
		ok       bool
	}

	notice string // why a link did not open, in words

	// The scenario as loaded (exact bytes), and the editor's first reading
	// of it; see loadExact.
	src         []byte
	srcScenario *scenario.Scenario
	srcForm     Form
	evals       int // evaluations so far, for tests waiting on a re-render
	cacheAll    bool
	// pools: for lists that grow and shrink as a verdict flips (cache
	// rows, timeline bars), the most items each has shown since the
	// scenario loaded; see padding.
	pools map[string]int
	// restPending: p.out holds fresh results up to p.req only; restGen
	// counts evaluations so a stale scheduled run does nothing.
	restPending bool
	restGen     int
	paste       pasteState

	unlisten     func()
	unlistenHash func()
	mounted      bool
	fixPending   bool
	// mountCtx is the page's own context: its source is the page, which
	// never leaves, so work dispatched on it is never dropped (a handler's
	// context is dropped once its element is gone, as the Reveal button is
	// after a click).
	mountCtx app.Context
}

// OnMount loads the scenario named by the URL fragment, or the first
// lesson, and listens for keys.
func (p *Page) OnMount(ctx app.Context) {
	p.mountCtx = ctx
	p.browser = "chromium"
	p.lesson = -1
	p.openFragment(app.Window().Get("location").Get("hash").String())
	p.unlisten = app.Window().AddEventListener("keydown", p.onKey)
	p.unlistenHash = app.Window().AddEventListener("hashchange", func(ctx app.Context, e app.Event) {
		p.openFragment(app.Window().Get("location").Get("hash").String())
		p.resync(ctx)
		p.scheduleFixes(ctx)
	})
	p.mounted = true
	p.resync(ctx)
	p.scheduleFixes(ctx)
}

// OnDismount stops the key listener.
func (p *Page) OnDismount() {
	if p.unlisten != nil {
		p.unlisten()
	}
	if p.unlistenHash != nil {
		p.unlistenHash()
	}
}

// openFragment opens what the URL fragment names: a shared scenario
// (#s=), a lesson (#lesson=N), or lesson 1. Any fragment loads; one that
// cannot be used says why in the notice banner.
func (p *Page) openFragment(hash string) {
	p.notice = ""
	if b := takeBrokenLink(); b != "" {
		p.notice = "This link is damaged: its # part (" + clip(b, 60) + ") has a \"%\" that is not followed by two hexadecimal digits, so it was cut short or changed while being copied. Showing lesson 1."
		p.openLesson(0)
		return
	}
	switch {
	case strings.HasPrefix(hash, "#s="):
		raw, err := decodeShareBytes(strings.TrimPrefix(hash, "#s="))
		var s *scenario.Scenario
		if err == nil {
			s, err = scenario.Load("shared link", raw)
		}
		if err != nil {
			p.notice = linkProblem(err)
			p.openLesson(0)
			return
		}
		p.lesson = -1
		if s.Browser != "" {
			p.browser = s.Browser
		}
		p.loadExact(raw, s)
	case strings.HasPrefix(hash, "#lesson="):
		// #lesson=N, or #lesson=N&step=K: the step of the trace on
		// screen, so a link or a reload keeps the class where it was.
		num, step, _ := strings.Cut(strings.TrimPrefix(hash, "#lesson="), "&step=")
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > len(Lessons) {
			p.notice = "There is no lesson \"" + clip(num, 20) + "\"; lessons are numbered 1 to " + strconv.Itoa(len(Lessons)) + ". Showing lesson 1."
			n, step = 1, ""
		}
		p.openLesson(n - 1)
		if k, err := strconv.Atoi(step); err == nil && k >= 1 {
			if res := p.result(); res != nil {
				p.step = min(k, len(res.Steps)) - 1
			}
		}
	case hash == "" || hash == "#":
		p.openLesson(0)
	default:
		p.notice = "This link's # part (" + clip(hash, 60) + ") is not one corsim knows: links look like #lesson=3 or #s=… from the Share button. Showing lesson 1."
		p.openLesson(0)
	}
}

// clip shortens text for a message, by runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (p *Page) openLesson(i int) {
	s, err := LessonScenario(i)
	if err != nil {
		return
	}
	p.lesson, p.choice, p.revealed = i, -1, false
	p.animating = false
	p.animGen++
	p.load(s)
}

// dropFragment takes the # part off the address: what it named (a
// lesson, a shared scenario) is no longer what the page shows.
func dropFragment() {
	loc := app.Window().Get("location")
	app.Window().Get("history").Call("replaceState", nil, "", loc.Get("pathname").String()+loc.Get("search").String())
}

// blankScenario is where "New scenario" starts: one cross-origin GET and
// one rule that answers it.
func blankScenario() *scenario.Scenario {
	s := &scenario.Scenario{Name: "My scenario", Browser: "chromium", Origin: "http://app.test:18080",
		Requests: []scenario.Request{{URL: "http://api.test:18080/data"}},
		Server:   []scenario.Rule{{URL: "http://api.test:18080/data", Response: "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{}"}}}
	_ = s.Validate()
	return s
}

// load shows a scenario built in code (a lesson, a paste, a fix).
func (p *Page) load(s *scenario.Scenario) { p.loadExact(s.Marshal(), s) }

// loadExact shows a scenario and keeps the exact bytes it came from. Until
// the user edits it, the page evaluates that scenario itself, not the
// editor's reading of it, and "Share link" re-encodes those same bytes: a
// link loads and re-shares unchanged, and the page's verdict is the one
// `corsim eval` gives for the same file. The editor shows the scenario as
// text fields, which cannot hold everything a file can (a header value
// with a line break, a method with a leading space, description, expect).
func (p *Page) loadExact(raw []byte, s *scenario.Scenario) {
	p.src, p.srcScenario = raw, s
	p.form = FormFromScenario(s)
	// A copy of its own: edits write into p.form's slices.
	p.srcForm = FormFromScenario(s)
	p.req, p.step = 0, -1
	p.fixes, p.fixed, p.shareURL, p.copied = nil, nil, "", false
	p.pools = nil
	p.eval()
}

// eval re-runs the engine on the form. Invalid input keeps the last good
// result on screen and marks the offending control.
func (p *Page) eval() {
	p.evals++
	p.form.Browser = p.browser
	var s *scenario.Scenario
	if p.unedited() {
		s, p.ferr = p.srcScenario, nil
	} else {
		var ferr *FieldError
		s, ferr = p.form.Scenario()
		p.ferr = ferr
		if ferr != nil {
			return
		}
		if p.srcScenario != nil {
			// What the editor has no field for is kept.
			s.Description = p.srcScenario.Description
		}
	}
	p.good = s
	p.restGen++
	p.restPending = false
	if n := len(s.Requests); n > bigScenario && p.out != nil && len(p.out.Results) == n && p.req < n-1 {
		// A long scenario: the requests up to the one on screen are
		// evaluated now (a request depends only on those before it, through
		// the cache), the rest after typing pauses (scheduleRest); until
		// then their tabs show the previous verdicts.
		prefix := *s
		prefix.Requests = s.Requests[:p.req+1]
		po, err := prefix.Eval(p.browser)
		if err != nil {
			p.ferr = &FieldError{"origin", err.Error()}
			return
		}
		results := append(po.Results, p.out.Results[p.req+1:]...)
		p.out = &scenario.Output{Name: po.Name, Browser: po.Browser, Results: results}
		p.restPending = true
	} else {
		out, err := s.Eval(p.browser)
		if err != nil {
			p.ferr = &FieldError{"origin", err.Error()}
			return
		}
		p.out = out
	}
	if p.req >= len(p.out.Results) {
		p.req = len(p.out.Results) - 1
	}
	res := p.out.Results[p.req]
	if p.step >= len(res.Steps) {
		p.step = -1
	}
	p.fixes, p.fixed = nil, nil
	if res.Outcome != fetchspec.OutcomeOK && res.Fix != nil {
		p.fixes = []*fetchspec.Fix{res.Fix}
		p.fixPending = true
	}
}

// unedited: the editor still shows the loaded scenario as it loaded.
func (p *Page) unedited() bool {
	if p.srcScenario == nil {
		return false
	}
	f := p.form
	f.Browser = p.srcForm.Browser
	return reflect.DeepEqual(f, p.srcForm)
}

// changed re-evaluates after an edit, schedules the fix chain and shows
// the result at once.
func (p *Page) changed(ctx app.Context) {
	p.eval()
	p.scheduleFixes(ctx)
	p.flush(ctx)
}

// flush renders the page inside the event that changed it. Left alone,
// go-app renders at its next frame tick: 8.3 ms after the event when the
// page was idle, a wait as long as the whole update (measured: keystroke to
// the next frame 17 ms, of which the Go render is about 7). The engine
// behind ctx.Dispatcher() is a ClientDispatcher, whose Consume renders
// what is queued now. It first waits for ctx.Async functions, which is why
// the page's sleeping goroutines are plain ones.
func (p *Page) flush(ctx app.Context) {
	cd, ok := ctx.Dispatcher().(app.ClientDispatcher)
	if !ok || !p.Mounted() || app.IsServer {
		p.Update()
		return
	}
	// The source's own component (an editor card) and the page.
	ctx.Dispatch(func(app.Context) {})
	p.Update()
	cd.Consume()
	// After this handler go-app would queue the source's component and
	// every component above it again, which means rendering the whole page
	// a second time for nothing. Only the source's component is queued again
	// (PreventUpdate alone would leave it marked as never to update).
	ctx.PreventUpdate()
	ctx.Dispatch(func(app.Context) {})
}

// scheduleFixes computes the fix chain in a goroutine that first sleeps, so
// the browser paints the new verdict and flowchart before the slow part.
func (p *Page) scheduleFixes(ctx app.Context) {
	p.scheduleRest(ctx)
	if !p.fixPending {
		return
	}
	delay := 30 * time.Millisecond
	if p.good != nil && len(p.good.Requests) > bigScenario {
		delay = 150 * time.Millisecond // after typing pauses, as scheduleRest
	}
	gen := p.restGen
	go func() { // not ctx.Async: see flush
		time.Sleep(delay)
		ctx.Dispatch(func(ctx app.Context) {
			if p.restGen == gen {
				p.completeFixes(ctx)
				p.Update()
			}
		})
	}()
}

// bigScenario: above this many requests, a keystroke evaluates only up to
// the request on screen at once.
const bigScenario = 30

// scheduleRest evaluates the whole scenario once typing has paused for
// 150 ms; a newer keystroke makes the pending run stale.
func (p *Page) scheduleRest(ctx app.Context) {
	if !p.restPending {
		return
	}
	gen := p.restGen
	go func() { // not ctx.Async: see flush
		time.Sleep(150 * time.Millisecond)
		ctx.Dispatch(func(ctx app.Context) {
			if p.restGen != gen || !p.restPending || p.good == nil {
				return
			}
			p.restPending = false
			out, err := p.good.Eval(p.browser)
			if err != nil {
				return
			}
			p.out = out
			p.evals++
			// ctx may belong to a child component (an editor card).
			p.Update()
		})
	}()
}

// completeFixes runs after the frame that showed the new verdict: the full
// chain of fixes re-evaluates the scenario up to eight times, too slow to
// sit between a keystroke and the flowchart.
func (p *Page) completeFixes(ctx app.Context) {
	if !p.fixPending || p.good == nil {
		return
	}
	p.fixPending = false
	p.fixes, p.fixed = p.good.SuggestFix(p.req, p.browser)
}

// resync writes the form into the textareas now and once more after the
// next render. Now, because a deferred function whose source element
// goes away in that render (the Apply button, a removed rule's button) is
// never run; after, for elements the render creates or reorders.
func (p *Page) resync(ctx app.Context) {
	p.syncControls(ctx)
	ctx.Defer(p.syncControls)
}

// syncControls writes every textarea's value, since a textarea the user
// has edited no longer follows its text content.
func (p *Page) syncControls(ctx app.Context) {
	set := func(id, v string) {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("value", v)
		}
	}
	for i, r := range p.form.Requests {
		set("req"+strconv.Itoa(i)+"-headers", r.Headers)
		set("req"+strconv.Itoa(i)+"-body", r.Body)
	}
	for i, r := range p.form.Rules {
		set("rule"+strconv.Itoa(i)+"-response", r.Response)
	}
}

func (p *Page) result() *fetchspec.Result {
	if p.out == nil || p.req >= len(p.out.Results) {
		return nil
	}
	return p.out.Results[p.req]
}

// onKey drives the presenter: arrows and space walk the trace node by node.
func (p *Page) onKey(ctx app.Context, e app.Event) {
	tag := strings.ToLower(e.Get("target").Get("tagName").String())
	if tag == "input" || tag == "textarea" || tag == "select" {
		return
	}
	res := p.result()
	if res == nil {
		return
	}
	p.animating = false
	switch e.Get("key").String() {
	case "ArrowRight", "ArrowDown", " ":
		if p.step < len(res.Steps)-1 {
			p.step++
		}
	case "ArrowLeft", "ArrowUp":
		if p.step > 0 {
			p.step--
		}
	case "Home":
		p.step = 0
	case "End":
		p.step = len(res.Steps) - 1
	case "Escape":
		p.present = false
	default:
		return
	}
	e.PreventDefault()
	p.lessonURL()
	p.Update()
}

// lessonURL writes the lesson and the step on screen into the address
// (#lesson=N&step=K), without a history entry per step.
func (p *Page) lessonURL() {
	if p.lesson < 0 {
		return
	}
	h := "#lesson=" + strconv.Itoa(p.lesson+1)
	if p.step >= 0 {
		h += "&step=" + strconv.Itoa(p.step+1)
	}
	app.Window().Get("history").Call("replaceState", nil, "", h)
}

// Render lays out the page.
func (p *Page) Render() app.UI {
	cls := "corsim"
	if p.dark {
		cls += " dark"
	}
	if p.present {
		cls += " present"
	}
	return app.Elem("div").Class(cls).Attr("data-ready", p.mounted).Attr("data-evals", p.evals).Body(
		p.renderHeader(),
		app.If(p.notice != "", app.Elem("div").ID("notice").Class("notice").Attr("role", "alert").Body(
			app.Elem("span").Text(p.notice),
			app.Elem("button").ID("notice-close").Text("Dismiss").On("click", func(ctx app.Context, e app.Event) { p.notice = "" }),
		)),
		app.Elem("main").Class("layout").Body(
			app.Elem("section").Class("editor").Aria("label", "Scenario editor").Body(p.renderPaste(), p.renderEditor()),
			app.Elem("section").Class("results").Aria("label", "Results").Body(
				p.renderLesson(),
				p.renderTabs(),
				app.Elem("div").Class("flowrow").Body(
					p.renderFlowchart(),
					// Presenting, the verdict stands beside the chart,
					// under the step's explanation: one screen, no scroll.
					app.Elem("div").Class("side").Body(app.If(p.present, p.renderVerdict()), p.renderDetails()),
				),
				app.If(!p.present, p.renderVerdict()),
				p.renderWire(),
				p.renderCache(),
			),
		),
		app.Elem("footer").Class("foot").Body(
			app.Text("corsim runs the CORS algorithms of the "),
			app.Elem("a").Attr("href", fetchspec.SpecURL).Text("WHATWG Fetch standard"),
			app.Text(" in your browser; nothing you type leaves this page. Keys: ← → step through the trace, Esc leaves presentation mode."),
		),
	)
}

func (p *Page) renderHeader() app.UI {
	opts := []app.UI{app.Elem("option").Attr("value", "-1").Text("Free play (your own scenario)").Attr("selected", p.lesson < 0)}
	for i, l := range Lessons {
		opts = append(opts, app.Elem("option").Attr("value", strconv.Itoa(i)).Text(l.Title).Attr("selected", p.lesson == i))
	}
	var bopts []app.UI
	for _, n := range fetchspec.ProfileNames {
		bopts = append(bopts, app.Elem("option").Attr("value", n).Text(fetchspec.LookupProfile(n).Display()).Attr("selected", p.browser == n))
	}
	return app.Elem("header").Class("top").Body(
		app.Elem("h1").Body(app.Elem("span").Class("logo").Text("corsim"), app.Elem("span").Class("tag").Text(" a CORS simulator")),
		app.Elem("div").Class("controls").Body(
			app.Elem("label").Attr("for", "lesson").Text("Lesson"),
			app.Elem("select").ID("lesson").On("change", func(ctx app.Context, e app.Event) {
				n, _ := strconv.Atoi(ctx.JSSrc().Get("value").String())
				if n < 0 {
					p.lesson = -1
					dropFragment()
					return
				}
				p.openLesson(n)
				app.Window().Get("history").Call("replaceState", nil, "", "#lesson="+strconv.Itoa(n+1))
				p.resync(ctx)
				p.scheduleFixes(ctx)
			}).Body(opts...),
			app.Elem("label").Attr("for", "browser").Text("Browser"),
			app.Elem("select").ID("browser").On("change", func(ctx app.Context, e app.Event) {
				p.browser = ctx.JSSrc().Get("value").String()
				p.changed(ctx)
			}).Body(bopts...),
			app.Elem("button").ID("present").Aria("pressed", p.present).Text(ifs(p.present, "Leave presentation", "Present")).On("click", func(ctx app.Context, e app.Event) {
				p.present = !p.present
				if p.present && p.step < 0 {
					p.step = 0
				}
			}),
			app.Elem("button").ID("theme").Aria("pressed", p.dark).Text(ifs(p.dark, "Light theme", "Dark theme")).On("click", func(ctx app.Context, e app.Event) { p.dark = !p.dark }),
			app.If(p.lesson >= 0, app.Elem("button").ID("reset-lesson").Text("Reset lesson").Title("Undo your edits and your prediction: the lesson as it started").On("click", func(ctx app.Context, e app.Event) {
				p.openLesson(p.lesson)
				p.resync(ctx)
				p.scheduleFixes(ctx)
			})),
			app.Elem("button").ID("new-blank").Text("New scenario").Title("Start from one simple cross-origin GET and one server rule").On("click", func(ctx app.Context, e app.Event) {
				p.lesson = -1
				p.load(blankScenario())
				dropFragment()
				p.resync(ctx)
				p.scheduleFixes(ctx)
			}),
			app.Elem("button").ID("share").Text("Share link").On("click", p.onShare),
		),
		app.If(p.shareURL != "", app.Elem("div").Class("share").Body(
			app.Elem("label").Attr("for", "share-url").Text("Link to this scenario (the data is in the # part, which browsers never send to a server):"),
			app.Elem("div").Class("row").Body(
				app.ElemSelfClosing("input").ID("share-url").Attr("readonly", true).Attr("value", p.shareURL),
				app.Elem("button").ID("copy-share").Text(ifs(p.copied, "Copied", "Copy")).On("click", func(ctx app.Context, e app.Event) {
					if c := app.Window().Get("navigator").Get("clipboard"); c.Truthy() {
						c.Call("writeText", p.shareURL)
						p.copied = true
					}
				}),
			),
		)),
	)
}

func (p *Page) onShare(ctx app.Context, e app.Event) {
	if p.good == nil {
		return
	}
	loc := app.Window().Get("location")
	base := loc.Get("origin").String() + loc.Get("pathname").String()
	code := p.shareCode()
	p.shareURL, p.copied = base+"#s="+code, false
	app.Window().Get("history").Call("replaceState", nil, "", "#s="+code)
}

// shareCode encodes what is on screen: the loaded bytes themselves when
// nothing changed, else the edited scenario (keeping its description, and
// its expectations when only the browser changed).
func (p *Page) shareCode() string {
	srcBrowser := ""
	if p.srcScenario != nil {
		srcBrowser = p.srcScenario.Browser
	}
	switch {
	case p.unedited() && p.browser == srcBrowser:
		return encodeShareBytes(p.src)
	case p.unedited():
		c := *p.srcScenario
		c.Browser = p.browser
		return EncodeShare(&c)
	}
	return EncodeShare(p.good)
}

func ifs(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func (p *Page) renderTabs() app.UI {
	if p.out == nil || len(p.out.Results) < 2 {
		return app.Text("")
	}
	var tabs []app.UI
	for i, r := range p.out.Results {
		i := i
		label := "#" + strconv.Itoa(i+1) + " at " + strconv.FormatFloat(r.At, 'g', -1, 64) + "s"
		if !p.hidden() {
			// Before Reveal a tab says nothing of the outcome.
			mark := "✓"
			if r.Outcome != fetchspec.OutcomeOK {
				mark = "✗"
			}
			label += " " + mark + " " + string(r.Preflight)
		}
		tabs = append(tabs, app.Elem("button").Class("tab").Aria("pressed", i == p.req).
			Text(label).
			OnClick(func(ctx app.Context, e app.Event) {
				p.req, p.step = i, -1
				p.changed(ctx)
			}))
	}
	return app.Elem("nav").Class("tabs").Aria("label", "Requests").Body(tabs...)
}

// renderFlowchart hands the laid-out chart to its component.
func (p *Page) renderFlowchart() app.UI {
	sel := fetchspec.StepID("")
	if res := p.result(); res != nil && p.step >= 0 && p.step < len(res.Steps) {
		sel = res.Steps[p.step].ID
	}
	chart := flow.Layout(p.result())
	if p.present {
		// For a projector: only the path, in large boxes.
		chart = flow.PathLayout(p.result())
	}
	if p.animating {
		// Revealing: steps after the one on screen keep their grey.
		for i := range chart.Nodes {
			if chart.Nodes[i].Status != "" && chart.Nodes[i].Step > p.step {
				chart.Nodes[i].Status = "reached"
			}
		}
	}
	if p.hidden() {
		// Before Reveal the class sees the path, in grey: which step
		// passed or failed is the answer they are predicting.
		for i := range chart.Nodes {
			if chart.Nodes[i].Status != "" {
				chart.Nodes[i].Status = "reached"
			}
		}
	}
	return &FlowChart{Chart: chart, Selected: sel, page: p}
}

// FlowChart draws the chart; nodes are buttons. Like the editor cards it is
// a component so that an edit that leaves the chart alone costs nothing.
type FlowChart struct {
	app.Compo
	Chart    flow.Chart
	Selected fetchspec.StepID
	page     *Page
}

// Render draws the SVG.
func (fc *FlowChart) Render() app.UI {
	const ns = "http://www.w3.org/2000/svg"
	p, c := fc.page, fc.Chart
	var kids []app.UI
	kids = append(kids, app.Elem("defs").XMLNS(ns).Body(
		app.Elem("marker").XMLNS(ns).ID("arrow").Attr("viewBox", "0 0 10 10").Attr("refX", "9").Attr("refY", "5").
			Attr("markerWidth", "7").Attr("markerHeight", "7").Attr("orient", "auto-start-reverse").Body(
			app.Elem("path").XMLNS(ns).Attr("d", "M0 0 L10 5 L0 10 z").Attr("data-k", "arrowhead"),
		),
	))
	for _, e := range c.Edges {
		cls := "edge"
		if e.Taken {
			cls += " taken"
		}
		// SVG elements take no className, which is how go-app sets classes:
		// data attributes carry the state for the stylesheet instead.
		kids = append(kids, app.Elem("path").XMLNS(ns).Attr("data-k", cls).Attr("d", e.Path).Attr("marker-end", "url(#arrow)"))
		if e.Label != "" && e.Taken {
			kids = append(kids, app.Elem("text").XMLNS(ns).Attr("data-k", "elabel").Attr("x", e.LX).Attr("y", e.LY).Text(e.Label))
		}
	}
	for _, n := range c.Nodes {
		n := n
		st := n.Status
		if st == "" {
			st = "unreached"
		}
		sel := n.Step >= 0 && fc.Selected == n.ID
		icon := map[string]string{"pass": "✓", "fail": "✗", "skip": "–", "info": "•", "reached": "•", "unreached": "○"}[st]
		label := n.Label
		if n.Visits > 1 {
			label += " ×" + strconv.Itoa(n.Visits)
		}
		labelX := 34.0
		if c.Path {
			labelX = 40
		}
		g := app.Elem("g").XMLNS(ns).Attr("data-k", "node").Attr("data-s", st).Attr("data-sel", sel).ID("node-"+string(n.ID)).Attr("role", "button").Attr("tabindex", "0").
			Aria("label", label+": "+statusWord(st)).
			On("click", func(ctx app.Context, e app.Event) { p.selectNode(n); p.Update() }, n.ID, n.Step).
			On("keydown", func(ctx app.Context, e app.Event) {
				if k := e.Get("key").String(); k == "Enter" {
					p.selectNode(n)
					p.Update()
				}
			}, n.ID, n.Step).Body(
			app.Elem("rect").XMLNS(ns).Attr("x", n.X).Attr("y", n.Y).Attr("width", c.NodeW).Attr("height", c.NodeH).Attr("rx", "8"),
			app.Elem("text").XMLNS(ns).Attr("data-k", "icon").Attr("x", n.X+12).Attr("y", n.Y+c.NodeH/2+6).Text(icon),
			app.Elem("text").XMLNS(ns).Attr("x", n.X+labelX).Attr("y", n.Y+c.NodeH/2+5).Text(label),
		)
		kids = append(kids, g)
	}
	return app.Elem("div").Class("chart").Body(
		app.Elem("svg").XMLNS(ns).Attr("viewBox", "0 0 "+strconv.Itoa(int(c.Width))+" "+strconv.Itoa(int(c.Height))).
			Attr("role", "group").Aria("label", "Flowchart of the Fetch algorithm for this request; click a step").Body(kids...),
	)
}

func statusWord(st string) string {
	return map[string]string{"pass": "passed", "fail": "failed", "skip": "skipped", "info": "decided a branch", "reached": "reached (revealed after your prediction)", "unreached": "not reached"}[st]
}

func (p *Page) selectNode(n flow.Node) {
	defer p.lessonURL()
	p.animating = false
	if n.Step >= 0 {
		p.step = n.Step
		return
	}
	// Not reached: show its explanation only.
	p.step = -2 - indexOf(n.ID)
}

func indexOf(id fetchspec.StepID) int {
	for i, s := range fetchspec.FlowSteps {
		if s == id {
			return i
		}
	}
	return 0
}

// revealStepByStep starts the Reveal animation: the trace is walked a step
// every 350 ms, each node taking its colour as it is reached, so the class
// follows the path; a key, a click or another lesson stops it. With
// reduced motion asked for, it jumps to the last step.
func (p *Page) revealStepByStep(ctx app.Context) {
	res := p.result()
	if res == nil || len(res.Steps) == 0 {
		return
	}
	n := len(res.Steps)
	if mq := app.Window().Call("matchMedia", "(prefers-reduced-motion: reduce)"); mq.Truthy() && mq.Get("matches").Bool() || n == 1 {
		p.step = n - 1
		return
	}
	p.animGen++
	gen := p.animGen
	p.animating, p.step = true, 0
	mc := p.mountCtx
	if mc == nil {
		mc = ctx
	}
	go func() { // not ctx.Async: see flush
		for i := 1; i < n; i++ {
			time.Sleep(350 * time.Millisecond)
			mc.Dispatch(func(ctx app.Context) {
				if p.animGen != gen || !p.animating {
					return
				}
				p.step = i
				if i == n-1 {
					p.animating = false
				}
				p.lessonURL()
				p.Update()
			})
		}
	}()
}
