package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"corsim/audit"
	"corsim/fetchspec"
	"corsim/flow"
	"corsim/scenario"
	"corsim/stackfix"
)

// fields renders labelled controls and marks the one the error is about.
// err is nil when the form is valid.
type fields struct {
	err  *FieldError
	page *Page
}

// field renders a labelled control with its error, if any, right below it.
func (f fields) field(id, label string, control app.UI) app.UI {
	var errUI app.UI = app.Text("")
	if f.err != nil && f.err.Field == id {
		errUI = app.Elem("p").Class("ferr").ID(id+"-error").Attr("role", "alert").Text("✗ " + f.err.Msg)
	}
	hint := fieldHints[label]
	return app.Elem("div").Class("field").Title(hint).Body(app.Elem("label").Attr("for", id).Text(label), control, errUI)
}

// fieldHints say what a field means, for whoever hovers over it.
var fieldHints = map[string]string{
	"Method":       "The HTTP method, as given to fetch(); empty means GET. On a rule: the method it answers (empty: any).",
	"At (s)":       "When this call is made, in seconds after the first one. It only matters for the preflight cache: an entry expires Access-Control-Max-Age seconds after it was stored.",
	"URL":          "The URL given to fetch(). On a rule: the URL it answers, compared as Match says.",
	"Match":        "How the rule's URL is compared: url = the whole URL; path = any query; prefix = URLs starting with it; glob = * stands for anything (* alone: any URL).",
	"Mode":         "fetch()'s mode: cors (the default) checks the response, no-cors gives an opaque response script cannot read, same-origin refuses other origins.",
	"Credentials":  "Whether cookies go along: omit, same-origin (the default: only to the page's own origin), include (always, and then the server must name the origin and allow credentials).",
	"Redirect":     "What fetch() does with a 3xx: follow (the default), error, or manual (an opaque-redirect response).",
	"Raw response": "What the server sends back, as on the wire: a status line, header lines, an empty line, the body.",
	"Body":         "The request body; a string body brings Content-Type: text/plain;charset=UTF-8 unless you set one.",
}

func (f fields) invalid(id string) bool { return f.err != nil && f.err.Field == id }

func (f fields) textInput(id, label, value string, set func(string)) app.UI {
	p := f.page
	return f.field(id, label, app.ElemSelfClosing("input").Attr("type", "text").ID(id).Attr("value", value).Aria("invalid", f.invalid(id)).
		Attr("spellcheck", "false").On("input", func(ctx app.Context, e app.Event) {
		set(ctx.JSSrc().Get("value").String())
		p.changed(ctx)
	}, id))
}

func (f fields) textArea(id, label, value string, rows int, set func(string)) app.UI {
	p := f.page
	return f.field(id, label, app.Elem("textarea").ID(id).Attr("rows", rows).Text(value).Aria("invalid", f.invalid(id)).
		Attr("spellcheck", "false").On("input", func(ctx app.Context, e app.Event) {
		set(ctx.JSSrc().Get("value").String())
		p.changed(ctx)
	}, id))
}

func (f fields) choose(id, label, value string, options []string, set func(string)) app.UI {
	p := f.page
	var opts []app.UI
	for _, o := range options {
		text := o
		if o == "" {
			text = "(default)"
		}
		opts = append(opts, app.Elem("option").Attr("value", o).Text(text).Attr("selected", o == value))
	}
	return f.field(id, label, app.Elem("select").ID(id).On("change", func(ctx app.Context, e app.Event) {
		set(ctx.JSSrc().Get("value").String())
		p.changed(ctx)
	}, id).Body(opts...))
}

// errFor returns the form error when it concerns a control whose id starts
// with prefix, so that a card re-renders only when its own error changes.
func (p *Page) errFor(prefix string) FieldError {
	if p.ferr != nil && strings.HasPrefix(p.ferr.Field, prefix) {
		return *p.ferr
	}
	return FieldError{}
}

func errPtr(e FieldError) *FieldError {
	if e.Field == "" {
		return nil
	}
	return &e
}

func (p *Page) renderEditor() app.UI {
	f := fields{p.ferr, p}
	if p.ferr != nil && p.ferr.Field != "origin" {
		f.err = nil
	}
	kids := []app.UI{
		app.Elem("h2").Text("Page"),
		f.textInput("origin", "Page origin (the page that calls fetch(); null for an opaque origin)", p.form.Origin, func(v string) { p.form.Origin = v }),
		app.Elem("h2").Text("fetch() calls"),
	}
	for i := range p.form.Requests {
		id := "req" + strconv.Itoa(i)
		err := p.errFor(id + "-")
		open := len(p.form.Requests) <= 3 || i == p.req || err.Field != ""
		kids = append(kids, &RequestCard{Index: i, R: p.form.Requests[i], Err: err, Only: len(p.form.Requests) == 1, Open: open, page: p})
	}
	kids = append(kids, app.Elem("button").Class("small").ID("add-request").Text("Add a request").On("click", func(ctx app.Context, e app.Event) {
		last := p.form.Requests[len(p.form.Requests)-1]
		last.Headers, last.Body, last.HasBody = "", "", false
		p.form.Requests = append(p.form.Requests, last)
		p.changed(ctx)
		p.resync(ctx)
	}))
	kids = append(kids, app.Elem("h2").Text("Server answers"),
		app.Elem("p").Class("hint").Text("A rule is what the server answers: the first rule whose method (empty: any) and URL match answers a request; a request no rule matches gets a bare 404 and the verdict says so. \"Match\" compares the whole URL, the path with any query, a prefix, or a pattern where * is anything. Write the raw HTTP response: status line, headers, blank line, body."))
	matched := map[int]bool{}
	if res := p.result(); res != nil && !p.hidden() {
		for _, w := range res.Wire {
			matched[w.Rule] = true
		}
	}
	for i := range p.form.Rules {
		id := "rule" + strconv.Itoa(i)
		kids = append(kids, &RuleCard{Index: i, R: p.form.Rules[i], Err: p.errFor(id + "-"), Matched: matched[i], page: p})
	}
	kids = append(kids, p.renderAudit())
	kids = append(kids, app.Elem("div").Class("row").Body(
		app.Elem("button").Class("small").ID("add-preflight-rule").Text("Add a preflight (OPTIONS) rule").On("click", func(ctx app.Context, e app.Event) {
			p.form.Rules = append([]RuleForm{{Method: "OPTIONS", URL: p.firstURL(), Response: "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: " + p.form.Origin + "\nAccess-Control-Allow-Methods: GET, POST, PUT, DELETE\nAccess-Control-Allow-Headers: content-type\n\n"}}, p.form.Rules...)
			p.changed(ctx)
			p.resync(ctx)
		}),
		app.Elem("button").Class("small").ID("add-rule").Text("Add a response rule").On("click", func(ctx app.Context, e app.Event) {
			p.form.Rules = append(p.form.Rules, RuleForm{URL: p.firstURL(), Response: "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: " + p.form.Origin + "\nContent-Type: text/plain\n\nhello"})
			p.changed(ctx)
			p.resync(ctx)
		}),
	))
	return app.Elem("div").Body(kids...)
}

// RequestCard edits one fetch() call. Its exported fields are its whole
// input: go-app re-renders it only when one of them changes, so a keystroke
// elsewhere leaves it alone. page is unexported on purpose: go-app neither
// compares nor replaces it, and it never changes.
type RequestCard struct {
	app.Compo
	Index int
	R     RequestForm
	Err   FieldError
	Only  bool
	// Open: the card shows its controls; otherwise one line that opens it.
	// A scenario of 200 requests would otherwise build some 11,000 nodes.
	Open bool
	page *Page
}

// Render draws the card.
func (c *RequestCard) Render() app.UI {
	p, i, r := c.page, c.Index, c.R
	f := fields{errPtr(c.Err), p}
	id := "req" + strconv.Itoa(i)
	if !c.Open {
		m := r.Method
		if m == "" {
			m = "GET"
		}
		return app.Elem("div").Class("card collapsed").Body(
			app.Elem("button").Class("small").ID(id+"-open").Aria("expanded", false).
				Text("#"+strconv.Itoa(i+1)+"  "+m+" "+r.URL+"  — edit").
				On("click", func(ctx app.Context, e app.Event) {
					p.req, p.step = i, -1
					p.changed(ctx)
					p.resync(ctx)
				}, i),
		)
	}
	return app.Elem("fieldset").Class("card").Body(
		app.Elem("legend").Text("Request #"+strconv.Itoa(i+1)),
		app.Elem("div").Class("row").Body(
			f.textInput(id+"-method", "Method", r.Method, func(v string) { p.form.Requests[i].Method = v }),
			f.textInput(id+"-at", "At (s)", r.At, func(v string) { p.form.Requests[i].At = v }),
		),
		f.textInput(id+"-url", "URL", r.URL, func(v string) { p.form.Requests[i].URL = v }),
		f.textArea(id+"-headers", "Headers, one \"Name: value\" per line", r.Headers, 3, func(v string) { p.form.Requests[i].Headers = v }),
		app.Elem("div").Class("row").Body(
			f.choose(id+"-mode", "Mode", r.Mode, []string{"", "cors", "no-cors", "same-origin"}, func(v string) { p.form.Requests[i].Mode = v }),
			f.choose(id+"-credentials", "Credentials", r.Credentials, []string{"", "omit", "same-origin", "include"}, func(v string) { p.form.Requests[i].Credentials = v }),
			f.choose(id+"-redirect", "Redirect", r.Redirect, []string{"", "follow", "error", "manual"}, func(v string) { p.form.Requests[i].Redirect = v }),
		),
		app.Elem("div").Class("field inline").Body(
			app.ElemSelfClosing("input").Attr("type", "checkbox").ID(id+"-hasbody").Attr("checked", r.HasBody).On("change", func(ctx app.Context, e app.Event) {
				p.form.Requests[i].HasBody = ctx.JSSrc().Get("checked").Bool()
				p.changed(ctx)
			}, i),
			app.Elem("label").Attr("for", id+"-hasbody").Text("Send a body"),
		),
		app.If(r.HasBody, f.textArea(id+"-body", "Body", r.Body, 2, func(v string) { p.form.Requests[i].Body = v })),
		app.Elem("button").Class("small").Text("Remove request #"+strconv.Itoa(i+1)).Attr("disabled", c.Only).On("click", func(ctx app.Context, e app.Event) {
			p.form.Requests = append(p.form.Requests[:i:i], p.form.Requests[i+1:]...)
			p.req = 0
			p.changed(ctx)
			p.resync(ctx)
		}, i),
	)
}

// RuleCard edits one server rule; see RequestCard for why it is a component.
type RuleCard struct {
	app.Compo
	Index int
	R     RuleForm
	Err   FieldError
	// Matched: the selected request's exchange used this rule.
	Matched bool
	page    *Page
}

// Render draws the card.
func (c *RuleCard) Render() app.UI {
	p, i, r := c.page, c.Index, c.R
	f := fields{errPtr(c.Err), p}
	id := "rule" + strconv.Itoa(i)
	return app.Elem("fieldset").Class("card"+ifs(c.Matched, " matched", "")).ID(id).Body(
		app.Elem("legend").Text("Rule "+strconv.Itoa(i+1)+ifs(c.Matched, " (answered this request)", "")),
		app.Elem("div").Class("row").Body(
			f.textInput(id+"-method", "Method", r.Method, func(v string) { p.form.Rules[i].Method = v }),
			f.textInput(id+"-url", "URL", r.URL, func(v string) { p.form.Rules[i].URL = v }),
			f.choose(id+"-match", "Match", ifs(r.Match == "", "url", r.Match), scenario.MatchModes, func(v string) {
				if v == "url" {
					v = ""
				}
				p.form.Rules[i].Match = v
			}),
		),
		f.textArea(id+"-response", "Raw response", strings.ReplaceAll(r.Response, "\r\n", "\n"), 6, func(v string) { p.form.Rules[i].Response = v }),
		app.Elem("button").Class("small").Text("Remove rule "+strconv.Itoa(i+1)).On("click", func(ctx app.Context, e app.Event) {
			p.form.Rules = append(p.form.Rules[:i:i], p.form.Rules[i+1:]...)
			p.changed(ctx)
			p.resync(ctx)
		}, i),
	)
}

func (p *Page) firstURL() string {
	if len(p.form.Requests) > 0 {
		return p.form.Requests[0].URL
	}
	return "http://api.test:18080/"
}

func (p *Page) renderLesson() app.UI {
	if p.lesson < 0 {
		return app.Text("")
	}
	l := Lessons[p.lesson]
	var choices []app.UI
	for i, c := range l.Choices {
		i := i
		id := "choice" + strconv.Itoa(i)
		choices = append(choices, app.Elem("div").Class("field inline").Body(
			app.ElemSelfClosing("input").Attr("type", "radio").Attr("name", "predict").ID(id).Attr("checked", p.choice == i).On("change", func(ctx app.Context, e app.Event) { p.choice = i }, p.lesson, i),
			app.Elem("label").Attr("for", id).Text(c),
		))
	}
	var reveal app.UI = app.Elem("button").ID("reveal").Text("Reveal").Attr("disabled", p.choice < 0).On("click", func(ctx app.Context, e app.Event) {
		p.revealed = true
		p.revealStepByStep(ctx)
	})
	if p.revealed {
		verdict := "✗ Not quite. "
		if p.choice == l.Answer {
			verdict = "✓ Right. "
		}
		reveal = app.Elem("p").Class("answer").ID("answer").Attr("role", "status").Text(verdict + l.Explain)
	}
	nav := app.Elem("div").Class("row").Body(
		app.Elem("button").Class("small").Text("← Previous lesson").Attr("disabled", p.lesson == 0).On("click", func(ctx app.Context, e app.Event) {
			p.openLesson(p.lesson - 1)
			p.resync(ctx)
			p.scheduleFixes(ctx)
		}),
		app.Elem("button").Class("small").ID("next-lesson").Text("Next lesson →").Attr("disabled", p.lesson == len(Lessons)-1).On("click", func(ctx app.Context, e app.Event) {
			p.openLesson(p.lesson + 1)
			p.resync(ctx)
			p.scheduleFixes(ctx)
		}),
	)
	return app.Elem("section").Class("lesson card").Aria("label", "Lesson").Body(
		app.Elem("h2").ID("lesson-title").Text(l.Title),
		app.Elem("p").Text(l.Text),
		app.Elem("fieldset").Body(append([]app.UI{app.Elem("legend").Text("Predict: " + l.Question)}, choices...)...),
		reveal,
		nav,
	)
}

// hidden reports whether the verdict waits for the lesson's prediction.
func (p *Page) hidden() bool { return p.lesson >= 0 && !p.revealed }

func (p *Page) renderDetails() app.UI {
	res := p.result()
	if p.step <= -2 {
		id := fetchspec.FlowSteps[-2-p.step]
		return app.Elem("section").Class("details card").ID("details").Aria("label", "Step details").Attr("aria-live", "polite").Body(
			app.Elem("h3").Text(fetchspec.StepTitle(id)),
			app.Elem("p").Class("status unreached").Text("○ Not reached by this request."),
			app.Elem("p").Text(fetchspec.StepExplanation(id)),
			app.Elem("a").Attr("href", fetchspec.StepAnchorURL(id)).Attr("target", "_blank").Attr("rel", "noopener").Text("Fetch standard §"+strings.TrimPrefix(fetchspec.StepAnchorURL(id), fetchspec.SpecURL)),
		)
	}
	if res == nil || p.step < 0 || p.step >= len(res.Steps) {
		return app.Elem("section").Class("details card").ID("details").Aria("label", "Step details").Body(
			app.Elem("h3").Text("Click a step"),
			app.Elem("p").Text("Each box is a step of the Fetch standard. Green passed, red failed, grey was not reached. Click one, or press → to walk through the trace."),
		)
	}
	s := res.Steps[p.step]
	var inputs []app.UI
	for _, in := range s.Inputs() {
		if in.Value == "" {
			continue
		}
		inputs = append(inputs, app.Elem("dt").Text(in.Name), app.Elem("dd").Body(app.Elem("code").Text(in.Value)))
	}
	icon := map[fetchspec.StepStatus]string{fetchspec.Pass: "✓ Passed", fetchspec.Fail: "✗ Failed", fetchspec.Skip: "– Skipped", fetchspec.Info: "• Decided"}[s.Status]
	if p.hidden() && s.Status == fetchspec.Fail {
		icon = "? Reveal the lesson's answer first"
	}
	return app.Elem("section").Class("details card").ID("details").Aria("label", "Step details").Attr("aria-live", "polite").Body(
		app.Elem("p").Class("stepno").Text("Step "+strconv.Itoa(p.step+1)+" of "+strconv.Itoa(len(res.Steps))+ifs(s.Hop > 0, " · after redirect "+strconv.Itoa(s.Hop), "")),
		app.Elem("h3").Text(fetchspec.StepTitle(s.ID)),
		app.Elem("p").Class("status "+string(s.Status)).Text(icon),
		app.Elem("p").Class("what").Text(fetchspec.StepExplanation(s.ID)),
		app.If(!p.hidden() || s.Status != fetchspec.Fail, app.Elem("p").ID("step-detail").Class("detail").Text(s.Detail())),
		app.If(len(inputs) > 0, app.Elem("dl").Body(inputs...)),
		app.Elem("a").Attr("href", fetchspec.StepAnchorURL(s.ID)).Attr("target", "_blank").Attr("rel", "noopener").Text("Fetch standard §"+strings.TrimPrefix(fetchspec.StepAnchorURL(s.ID), fetchspec.SpecURL)),
	)
}

func (p *Page) renderVerdict() app.UI {
	res := p.result()
	if res == nil {
		return app.Text("")
	}
	if p.hidden() {
		return app.Elem("section").Class("verdict card pending").ID("verdict").Body(
			app.Elem("h2").Text("Verdict"),
			app.Elem("p").Text("Make your prediction above, then reveal the verdict."),
		)
	}
	prof := fetchspec.LookupProfile(p.browser)
	ok := res.Outcome == fetchspec.OutcomeOK
	head := "✓ Script can read the response"
	if !ok {
		head = "✗ Blocked: the fetch() promise rejects (" + string(res.Outcome) + ")"
	}
	if ok && res.Type == fetchspec.TypeOpaque {
		head = "✓ Resolves, but opaque: script sees nothing"
	}
	var noRule []app.UI
	for _, w := range res.Wire {
		if w.Rule < 0 && p.good != nil {
			noRule = append(noRule, app.Elem("p").Text(scenario.NoRuleMatched(p.good, w)))
		}
	}
	kids := []app.UI{
		app.Elem("h2").Text("Verdict as " + prof.Display()),
		app.If(len(noRule) > 0, app.Elem("div").Class("notice norule").ID("v-norule").Attr("role", "alert").Body(noRule...)),
		app.Elem("p").Class("outcome "+ifs(ok, "ok", "bad")).ID("outcome").Attr("role", "status").Text(head),
		app.Elem("dl").Body(
			app.Elem("dt").Text("response.type"), app.Elem("dd").ID("v-type").Text(string(res.Type)),
			app.Elem("dt").Text("response.status"), app.Elem("dd").Text(strconv.Itoa(res.Status)),
			app.Elem("dt").Text("preflight"), app.Elem("dd").ID("v-preflight").Text(string(res.Preflight)),
			app.Elem("dt").Text("readable headers"), app.Elem("dd").ID("v-headers").Text(orNone(strings.Join(res.ExposedHeaders, ", "))),
		),
	}
	if len(res.Notes) > 0 {
		var items []app.UI
		for _, n := range res.Notes {
			items = append(items, app.Elem("li").Text(n.String()))
		}
		kids = append(kids, app.Elem("h3").Text("How "+prof.Display()+" read the response"), app.Elem("ul").ID("v-notes").Body(items...))
	}
	if p.ferr != nil {
		kids = append(kids, app.Elem("p").Class("stale").Text("The scenario has an error (marked in the editor); this is the last valid result."))
	}
	if !ok {
		kids = append(kids,
			app.Elem("h3").Text("Reason"),
			app.Elem("p").Body(app.Elem("code").ID("v-error").Text(string(res.Error))),
		)
		if msg := res.Message(); msg != "" {
			kids = append(kids, app.Elem("h3").Text("Console"), app.Elem("pre").Class("console").ID("v-message").Text(msg))
		} else {
			kids = append(kids, app.Elem("p").Class("hint").Text("The standard itself prints nothing: pick a browser to see its console message."))
		}
		if len(p.fixes) > 0 {
			var items []app.UI
			for _, f := range p.fixes {
				var sets []app.UI
				for _, kv := range f.Set {
					sets = append(sets, app.Elem("li").Body(app.Elem("code").Text(kv[0]+": "+kv[1])))
				}
				if f.Status != 0 {
					sets = append(sets, app.Elem("li").Body(app.Elem("code").Text("status "+strconv.Itoa(f.Status))))
				}
				// Each line names the check it satisfies; a click shows
				// that step on the chart.
				var check app.UI = app.Text("")
				if id := f.Reason().Step(); id != "" {
					check = app.Elem("button").Class("small linklike").Title("show this check on the flowchart").
						Text("satisfies: "+fetchspec.StepLabel(id)).On("click", func(ctx app.Context, e app.Event) {
						p.animating = false
						p.step = p.stepOf(id)
						p.lessonURL()
					}, id)
				}
				items = append(items, app.Elem("li").Body(app.Text(f.Summary()+" "), check, app.If(len(sets) > 0, app.Elem("ul").Body(sets...))))
			}
			canApply := p.fixed != nil && p.fixes[0].Side == fetchspec.FixServer
			// The whole change at once: one header set per response.
			var whole []app.UI
			for i, c := range scenario.MergeFixes(p.fixes) {
				text := c.Text()
				id := "change-" + strconv.Itoa(i)
				whole = append(whole, app.Elem("div").Class("change").Body(
					app.Elem("p").Body(app.Elem("strong").Text(ifs(c.Target == fetchspec.KindPreflight, "The preflight (OPTIONS) response", "The "+c.Method+" response")), app.Text(" for "+c.URL+":")),
					app.Elem("pre").Class("console").ID(id).Text(text),
					app.Elem("button").Class("small").Text("Copy").On("click", func(ctx app.Context, e app.Event) {
						if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
							cb.Call("writeText", text)
						}
					}, text),
				))
			}
			kids = append(kids, app.Elem("h3").Text("Fix"), app.Elem("ol").ID("fix").Body(items...),
				app.If(len(whole) > 0, app.Elem("h4").Text("The whole change, per response (with Vary: Origin wherever an origin is named)")),
				app.If(len(whole) > 0, app.Elem("div").ID("whole-fix").Body(whole...)),
				app.If(len(whole) > 0, p.renderStackFix()),
				app.If(canApply, app.Elem("button").ID("apply-fix").Text("Apply the fix to the server rules").On("click", func(ctx app.Context, e app.Event) {
					p.lesson = -1
					s := p.fixed
					p.load(s)
					// The fixed scenario is no longer the lesson or the
					// shared one the URL names (Share makes a new link).
					dropFragment()
					p.resync(ctx)
					p.scheduleFixes(ctx)
				})))
		}
	}
	return app.Elem("section").Class("verdict card").ID("verdict").Body(kids...)
}

// stepOf is the index of the last step with that id in the request's
// trace, or the chart's "not reached" selection when the trace never got
// there (a later round of the fix).
func (p *Page) stepOf(id fetchspec.StepID) int {
	if res := p.result(); res != nil {
		for i := len(res.Steps) - 1; i >= 0; i-- {
			if res.Steps[i].ID == id {
				return i
			}
		}
	}
	return -2 - indexOf(id)
}

// renderStackFix offers the whole fix as configuration for the server's
// stack: a choice of stacks, then the snippet to copy.
func (p *Page) renderStackFix() app.UI {
	opts := []app.UI{app.Elem("option").Attr("value", "").Text("choose your server…").Attr("selected", p.stack == "")}
	for _, st := range stackfix.Stacks {
		opts = append(opts, app.Elem("option").Attr("value", st.ID).Text(st.Title).Attr("selected", st.ID == p.stack))
	}
	kids := []app.UI{
		app.Elem("label").Attr("for", "stack").Text("The same fix as configuration for "),
		app.Elem("select").ID("stack").Body(opts...).On("change", func(ctx app.Context, e app.Event) {
			p.stack = ctx.JSSrc().Get("value").String()
		}),
	}
	if p.stack != "" && p.fixed != nil {
		if ps, ok := p.stackPolicies(); ok {
			sn, _ := stackfix.For(p.stack, ps)
			code := sn.Code
			kids = append(kids,
				app.Elem("pre").Class("console").ID("stack-snippet").Text(code),
				app.If(sn.Note != "", app.Elem("p").Class("hint").ID("stack-note").Text(sn.Note)),
				app.Elem("button").Class("small").Text("Copy").On("click", func(ctx app.Context, e app.Event) {
					if cb := app.Window().Get("navigator").Get("clipboard"); cb.Truthy() {
						cb.Call("writeText", code)
					}
				}, code),
			)
		}
	}
	return app.Elem("div").ID("stack-fix").Class("change").Body(kids...)
}

// stackPolicies reads the policies off the fixed scenario once per fix:
// that evaluates the fixed scenario, which a keystroke elsewhere must not
// redo on every render.
func (p *Page) stackPolicies() ([]stackfix.Policy, bool) {
	if p.stackMemo.fixed != p.fixed || p.stackMemo.req != p.req || p.stackMemo.browser != p.browser {
		ps, ok := stackfix.FromFix(p.fixes, p.fixed, p.req, p.browser)
		p.stackMemo.fixed, p.stackMemo.req, p.stackMemo.browser = p.fixed, p.req, p.browser
		p.stackMemo.policies, p.stackMemo.ok = ps, ok
	}
	return p.stackMemo.policies, p.stackMemo.ok
}

// renderAudit lists what the rules' responses show about the server's
// policy, checked offline: nothing is sent.
func (p *Page) renderAudit() app.UI {
	if p.good == nil {
		return app.Text("")
	}
	if p.auditMemo.of != p.good {
		// Once per scenario evaluated, not once per render.
		p.auditMemo.of, p.auditMemo.findings = p.good, audit.Offline(p.good)
	}
	fs := p.auditMemo.findings
	if len(fs) == 0 {
		return app.Text("")
	}
	var items []app.UI
	for _, f := range fs {
		var where []string
		for _, e := range f.Evidence {
			where = append(where, e.Request)
		}
		items = append(items, app.Elem("li").Body(
			app.Elem("strong").Text("["+f.Severity+"] "+f.ID), app.Text(": "+f.Summary+" ("+strings.Join(where, "; ")+")"),
		))
	}
	return app.Elem("details").ID("audit").Class("notice").Body(
		app.Elem("summary").Text("Policy audit of these rules: "+strconv.Itoa(len(fs))+" finding(s) (checked here, nothing is sent)"),
		app.Elem("ul").Body(items...),
		app.Elem("p").Class("hint").Text("Reflected origins and a missing Vary: Origin need a live server's answers to several origins: corsim audit URL --origin YOUR_ORIGIN."),
	)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// renderWire is the sequence of requests between browser and server.
func (p *Page) renderWire() app.UI {
	res := p.result()
	if res == nil || p.hidden() {
		return app.Text("")
	}
	// The response that failed a check, and the header that failed, are
	// marked; a header that is absent is said to be.
	failed, failedHeader := res.FailedWire(), res.Error.Header()
	var rows []app.UI
	for i, w := range res.Wire {
		var hs []app.UI
		for _, h := range w.Headers {
			hs = append(hs, app.Elem("li").Body(app.Elem("code").Text(h[0]+": "+h[1])))
		}
		// What the browser adds on its own, dimmed, as DevTools lists it.
		for _, h := range w.Added {
			hs = append(hs, app.Elem("li").Class("added").Title("added by the browser itself; no CORS check depends on it").Body(app.Elem("code").Text(h[0]+": "+h[1])))
		}
		kind := "request"
		if w.Kind == fetchspec.KindPreflight {
			kind = "preflight"
		}
		rows = append(rows, app.Elem("li").Class("msg out "+kind).Body(
			app.Elem("div").Class("arrow").Text("browser → server"),
			app.Elem("strong").Text(w.Method+" "+w.URL),
			app.Elem("span").Class("cred").Text(ifs(w.Credentials, " · with cookies", " · no cookies")),
			app.If(len(hs) > 0, app.Elem("ul").Body(hs...)),
		))
		if w.Response != nil {
			var rh []app.UI
			present := false
			for _, h := range w.Response.Headers {
				if i == failed && failedHeader != "" && strings.EqualFold(h[0], failedHeader) {
					present = true
					rh = append(rh, app.Elem("li").Class("failing").Title("the check failed on this header").Body(app.Text("✗ "), app.Elem("code").Text(h[0]+": "+h[1])))
					continue
				}
				rh = append(rh, app.Elem("li").Body(app.Elem("code").Text(h[0]+": "+h[1])))
			}
			if i == failed && failedHeader != "" && !present {
				rh = append(rh, app.Elem("li").Class("failing").Body(app.Text("✗ no "+headerTitle(failedHeader)+" header")))
			}
			rule := "rule " + strconv.Itoa(w.Rule+1)
			if w.Rule < 0 {
				rule = "no rule matched"
			}
			rows = append(rows, app.Elem("li").Class("msg in"+ifs(i == failed, " failed", "")).ID("wire-resp-"+strconv.Itoa(i)).Body(
				app.Elem("div").Class("arrow").Text("server → browser ("+rule+")"),
				app.Elem("strong").Text(strconv.Itoa(w.Response.Status)+" "+w.Response.StatusText),
				app.If(len(rh) > 0, app.Elem("ul").Body(rh...)),
			))
		}
	}
	if len(rows) == 0 {
		rows = append(rows, app.Elem("li").Text("Nothing went on the wire."))
	}
	return app.Elem("section").Class("wire card").Aria("label", "On the wire").Body(
		app.Elem("h2").Text("On the wire"),
		app.Elem("div").Class("lifelines").Aria("hidden", true).Body(app.Elem("span").Text("Browser"), app.Elem("span").Text("Server")),
		app.Elem("ol").Class("seq").Body(rows...),
	)
}

// headerTitle writes a lower-cased header name as it is usually printed
// (access-control-allow-origin: Access-Control-Allow-Origin).
func headerTitle(name string) string {
	parts := strings.Split(name, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// renderCache shows every cache event of the scenario on one timeline.
// cacheRowsAll: up to this many cache events, the table lists them all.
const cacheRowsAll = 60

func (p *Page) renderCache() app.UI {
	if p.out == nil || p.hidden() {
		return app.Text("")
	}
	var rows []app.UI
	total := 0
	for _, r := range p.out.Results {
		total += len(r.CacheEvents)
	}
	// A long scenario lists the selected request's events only, unless
	// asked: hundreds of rows would be rebuilt on every keystroke.
	few := total <= cacheRowsAll || p.cacheAll
	for _, r := range p.out.Results {
		for _, ev := range r.CacheEvents {
			if !few && ev.Request != p.req {
				continue
			}
			var es []string
			for _, e := range ev.Entries {
				what := "method " + e.Method
				if e.HeaderName != "" {
					what = "header " + e.HeaderName
				}
				es = append(es, what+" (until "+strconv.FormatFloat(e.Expires(), 'g', -1, 64)+"s"+ifs(e.Credentials, ", credentialed", "")+")")
			}
			rows = append(rows, app.Elem("tr").Class("ev "+string(ev.Kind)).Body(
				app.Elem("td").Text(strconv.FormatFloat(ev.At, 'g', -1, 64)+"s"),
				app.Elem("td").Text("#"+strconv.Itoa(ev.Request+1)),
				app.Elem("td").Text(string(ev.Kind)),
				app.Elem("td").Text(strings.Join(es, "; ")+ifs(ev.Note() != "", " — "+ev.Note(), "")),
			))
		}
	}
	if total == 0 {
		return app.Text("")
	}
	// Listing every event and listing one request's are pooled apart, so
	// that going back from hundreds of rows does not keep hundreds hidden.
	for range p.padding("cache-rows-"+ifs(few, "all", "one"), len(rows)) {
		rows = append(rows, app.Elem("tr").Class("pad").Attr("hidden", true).Body(
			app.Elem("td").Text(""), app.Elem("td").Text(""), app.Elem("td").Text(""), app.Elem("td").Text("")))
	}
	var more app.UI = app.Text("")
	if total > cacheRowsAll {
		label := "Show all " + strconv.Itoa(total) + " events"
		if p.cacheAll {
			label = "Show request #" + strconv.Itoa(p.req+1) + "'s events only"
		}
		more = app.Elem("button").Class("small").ID("cache-all").Text(label).On("click", func(ctx app.Context, e app.Event) { p.cacheAll = !p.cacheAll })
	}
	return app.Elem("section").Class("cache card").Aria("label", "Preflight cache").Body(
		app.Elem("h2").Text("Preflight cache timeline"),
		renderTimeline(flow.CacheTimeline(p.out.Results), p.padding),
		more,
		app.Elem("table").Body(
			app.Elem("thead").Body(app.Elem("tr").Body(app.Elem("th").Text("time"), app.Elem("th").Text("request"), app.Elem("th").Text("event"), app.Elem("th").Text("entries"))),
			app.Elem("tbody").Body(rows...),
		),
	)
}

// padding returns how many hidden placeholders to add after a list of n
// items shown under key, so that the list keeps the most items it has had
// since the scenario loaded. go-app pairs children by position: when a
// verdict flip takes rows away and the next brings them back, the
// placeholders turn into rows again by changing attributes and text,
// instead of building and tearing down elements, which was measured to be
// half the page's work in a keystroke on the 10-request cache scenario.
func (p *Page) padding(key string, n int) int {
	if p.pools == nil {
		p.pools = map[string]int{}
	}
	most := max(p.pools[key], n)
	p.pools[key] = most
	return most - n
}

// renderTimeline draws each cache entry's life as a bar and each fetch()
// call as a tick: green when the cache answered, blue when a preflight went
// out, red when the call failed.
func renderTimeline(tl flow.Timeline, padding func(string, int) int) app.UI {
	const ns = "http://www.w3.org/2000/svg"
	const left, width, top, rowH = 12.0, 600.0, 30.0, 30.0
	x := func(t float64) float64 { return left + t/tl.End*width }
	h := top + float64(len(tl.Rows))*rowH + 6
	// Each row and each mark is a group of its own, so that a bar more or
	// less in one row changes that row only: go-app pairs children by
	// position and replaces, rather than updates, an element whose tag
	// differs, which in a flat list would remount everything after it.
	rows := make([]app.UI, 0, len(tl.Rows))
	for i, r := range tl.Rows {
		y := top + float64(i)*rowH
		bars := make([]app.UI, 0, len(r.Bars))
		for _, b := range r.Bars {
			bars = append(bars, app.Elem("rect").XMLNS(ns).Attr("data-k", "tl-bar").Attr("data-end", b.End).
				Attr("x", x(b.From)).Attr("y", y+13).Attr("width", max(2, x(b.To)-x(b.From))).Attr("height", 10).Attr("rx", 3).Body(
				app.Elem("title").XMLNS(ns).Text(r.Label+": "+b.Describe()),
			))
		}
		for range padding("tl-bars-"+strconv.Itoa(i), len(r.Bars)) {
			bars = append(bars, app.Elem("rect").XMLNS(ns).Attr("data-k", "tl-pad").Attr("data-end", "").
				Attr("x", 0).Attr("y", 0).Attr("width", 0).Attr("height", 0).Attr("rx", 3).Body(
				app.Elem("title").XMLNS(ns).Text(""),
			))
		}
		rows = append(rows, app.Elem("g").XMLNS(ns).Body(
			app.Elem("text").XMLNS(ns).Attr("data-k", "tl-label").Attr("x", left).Attr("y", y+9).Text(r.Label),
			app.Elem("g").XMLNS(ns).Body(bars...),
		))
	}
	marks := make([]app.UI, 0, len(tl.Marks))
	for _, m := range tl.Marks {
		kind := m.Preflight
		if !m.OK {
			kind = "failed"
		}
		marks = append(marks, app.Elem("g").XMLNS(ns).Body(
			app.Elem("line").XMLNS(ns).Attr("data-k", "tl-mark").Attr("data-p", kind).Attr("x1", x(m.At)).Attr("x2", x(m.At)).Attr("y1", 14).Attr("y2", h),
			app.Elem("text").XMLNS(ns).Attr("data-k", "tl-marklabel").Attr("x", x(m.At)+2).Attr("y", 11).Text(m.Label()),
		))
	}
	kids := []app.UI{app.Elem("g").XMLNS(ns).Body(rows...), app.Elem("g").XMLNS(ns).Body(marks...)}
	kids = append(kids, app.Elem("text").XMLNS(ns).Attr("data-k", "tl-label").Attr("x", left+width).Attr("y", h-1).Attr("text-anchor", "end").Text(strconv.FormatFloat(tl.End, 'g', 4, 64)+" s"))
	return app.Elem("svg").XMLNS(ns).Attr("viewBox", "0 0 "+strconv.Itoa(int(left*2+width))+" "+strconv.Itoa(int(h))).
		Attr("role", "img").Aria("label", "Cache entries over time; the table below lists every event").Body(kids...)
}
