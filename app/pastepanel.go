package app

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"corsim/fetchspec"
	"corsim/paste"
)

// The paste panel: the top of free play. Whatever the developer holds
// after "blocked by CORS policy" goes in here (typed, pasted, dropped or
// picked as a file); the paste package recognizes it and the editor, the
// flowchart and the verdict follow. The pasted text is never rewritten.

// pasteState is the panel's part of the page.
type pasteState struct {
	text     string // what is in the paste area, as typed
	file     string // name and size of a file read instead
	opt      paste.Options
	res      *paste.Result
	err      *paste.Error
	progress [2]int // HAR entries done, total; total 0 when idle
	harRows  int    // HAR rows shown
	selected int    // HAR entry shown in the editor, -1 none
	gen      int    // bumps on every new input, to drop stale HAR work
}

const (
	harPage  = 100
	harChunk = 250
)

// setPaste reads the paste area's text.
func (p *Page) setPaste(ctx app.Context, text string) {
	p.paste.text, p.paste.file = text, ""
	p.paste.opt = paste.Options{}
	p.runPaste(ctx, text)
}

// runPaste parses text with the current options and loads the result.
func (p *Page) runPaste(ctx app.Context, text string) {
	p.paste.gen++
	p.paste.res, p.paste.err, p.paste.progress = nil, nil, [2]int{}
	if strings.TrimSpace(text) == "" {
		return
	}
	if paste.IsHAR(text) {
		p.runHAR(ctx, text)
		return
	}
	res, err := paste.Parse(text, p.paste.opt)
	p.setPasteResult(res, err)
}

func megabytes(n int) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// runHAR evaluates a HAR file a chunk at a time in a goroutine that sleeps
// between chunks, so the browser paints the progress and keeps taking
// input; a newer paste makes the old run stop.
func (p *Page) runHAR(ctx app.Context, text string) {
	job, err := paste.NewHARJob([]byte(text), p.paste.opt)
	if err != nil {
		p.setPasteResult(nil, err)
		return
	}
	gen := p.paste.gen
	p.paste.progress = [2]int{0, job.Total()}
	go func() { // not ctx.Async: see Page.flush
		for job.Step(harChunk) {
			done := job.Done()
			stale := false
			ctx.Dispatch(func(ctx app.Context) {
				if p.paste.gen != gen {
					stale = true
					return
				}
				p.paste.progress[0] = done
			})
			time.Sleep(2 * time.Millisecond)
			if stale {
				return
			}
		}
		res, err := job.Result()
		ctx.Dispatch(func(ctx app.Context) {
			if p.paste.gen != gen {
				return
			}
			p.paste.progress = [2]int{}
			p.setPasteResult(res, err)
			p.resync(ctx)
			p.scheduleFixes(ctx)
		})
	}()
}

// setPasteResult shows what was recognized and loads its scenario.
func (p *Page) setPasteResult(res *paste.Result, err error) {
	p.paste.res, p.paste.err = res, nil
	p.paste.harRows, p.paste.selected = harPage, -1
	if err != nil {
		if pe := (*paste.Error)(nil); errors.As(err, &pe) {
			p.paste.err = pe
		} else {
			p.paste.err = &paste.Error{Line: 1, Col: 1, Msg: err.Error()}
		}
		return
	}
	p.lesson = -1
	if len(res.Entries) > 0 {
		p.paste.selected = 0
	}
	p.load(res.Scenario)
	if res.Scenario.Browser != "" && p.paste.opt.Browser == "" {
		p.browser = res.Scenario.Browser
	}
	p.eval()
}

// readFile reads a picked or dropped file through the browser's File API.
func (p *Page) readFile(ctx app.Context, f app.Value) {
	if !f.Truthy() {
		return
	}
	name := f.Get("name").String()
	size := f.Get("size").Int()
	p.paste.gen++
	p.paste.res, p.paste.err = nil, nil
	p.paste.file = name + " (" + megabytes(size) + ")"
	if size > paste.MaxFileBytes {
		p.paste.err = &paste.Error{Line: 1, Col: 1, Msg: name + " is " + megabytes(size) + "; corsim reads files up to 200 MB (HAR) and 10 MB (other pastes)"}
		return
	}
	var cb app.Func
	cb = app.FuncOf(func(this app.Value, args []app.Value) any {
		text := args[0].String()
		ctx.Dispatch(func(ctx app.Context) {
			p.paste.opt = paste.Options{}
			p.runPaste(ctx, text)
			p.resync(ctx)
			p.scheduleFixes(ctx)
		})
		cb.Release()
		return nil
	})
	f.Call("text").Call("then", cb)
}

// reparse applies an answer the user typed in place of a guess.
func (p *Page) reparse(ctx app.Context, set func(o *paste.Options, v string), v string) {
	set(&p.paste.opt, v)
	if p.paste.text != "" {
		p.runPaste(ctx, p.paste.text)
		p.resync(ctx)
		p.scheduleFixes(ctx)
	}
}

func (p *Page) renderPaste() app.UI {
	if p.lesson >= 0 {
		return app.Elem("div").Class("paste-open").Body(
			app.Elem("button").ID("paste-open").Text("Debug your own CORS error: paste it").On("click", func(ctx app.Context, e app.Event) {
				p.lesson = -1
				app.Window().Get("history").Call("replaceState", nil, "", "#")
			}),
		)
	}
	st := &p.paste
	kids := []app.UI{
		app.Elem("h2").Text("Paste what you have"),
		app.Elem("p").Class("hint").ID("paste-hint").Text("A console message, a raw response or its headers from DevTools, curl -v or -i output, \"Copy as cURL\", \"Copy as fetch\", \"Copy as PowerShell\", or a HAR file. It stays on this page."),
		app.Elem("textarea").ID("paste-input").Attr("rows", 7).Attr("spellcheck", "false").
			Attr("placeholder", "Access to fetch at 'https://api.example.com/' from origin 'http://localhost:3000' has been blocked by CORS policy: …").
			Aria("label", "Paste area").Aria("describedby", "paste-hint").
			On("input", func(ctx app.Context, e app.Event) {
				p.setPaste(ctx, ctx.JSSrc().Get("value").String())
				p.resync(ctx)
				p.scheduleFixes(ctx)
			}).
			On("dragover", func(ctx app.Context, e app.Event) { e.PreventDefault() }).
			On("drop", func(ctx app.Context, e app.Event) {
				files := e.Get("dataTransfer").Get("files")
				if files.Truthy() && files.Length() > 0 {
					e.PreventDefault()
					p.readFile(ctx, files.Index(0))
				}
			}).Text(st.text),
		app.Elem("div").Class("row").Body(
			app.Elem("label").Attr("for", "paste-file").Text("or open a file (HAR, text):"),
			app.ElemSelfClosing("input").Attr("type", "file").ID("paste-file").Attr("accept", ".har,.json,.txt,.log,application/json,text/plain").
				On("change", func(ctx app.Context, e app.Event) {
					files := ctx.JSSrc().Get("files")
					if files.Truthy() && files.Length() > 0 {
						p.readFile(ctx, files.Index(0))
					}
				}),
		),
	}
	if st.file != "" {
		kids = append(kids, app.Elem("p").Class("hint").ID("paste-file-name").Text("File: "+st.file))
	}
	if st.progress[1] > 0 {
		kids = append(kids, app.Elem("div").ID("paste-progress").Attr("role", "status").Body(
			app.Elem("progress").Attr("max", st.progress[1]).Attr("value", st.progress[0]),
			app.Text(" Evaluating "+strconv.Itoa(st.progress[0])+" of "+strconv.Itoa(st.progress[1])+" entries…"),
		))
	}
	if st.err != nil {
		kids = append(kids, app.Elem("div").Class("ferr").ID("paste-error").Attr("role", "alert").Body(
			app.Elem("p").Text("✗ Line "+strconv.Itoa(st.err.Line)+", column "+strconv.Itoa(st.err.Col)+": "+st.err.Msg),
			app.If(st.err.Text != "", app.Elem("pre").Class("console").Text(st.err.Text+"\n"+strings.Repeat(" ", max(0, st.err.Col-1))+"^")),
		))
	}
	if r := st.res; r != nil {
		kids = append(kids, app.Elem("p").Class("recognized").ID("paste-kind").Attr("role", "status").Text("Recognized: "+r.Summary))
		kids = append(kids, p.renderGuesses(r))
		if len(r.Problems) > 0 {
			var items []app.UI
			for _, pr := range r.Problems {
				items = append(items, app.Elem("li").Text("line "+strconv.Itoa(pr.Line)+": "+pr.Msg))
			}
			kids = append(kids, app.Elem("details").ID("paste-problems").Body(
				app.Elem("summary").Text(plural(len(r.Problems), "note")+" on the paste"),
				app.Elem("ul").Body(items...),
			))
		}
		if len(r.Entries) > 0 {
			kids = append(kids, p.renderHAR(r))
		}
	}
	return app.Elem("section").Class("paste card").ID("paste").Aria("label", "Paste to debug").Body(kids...)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// renderGuesses asks in place for what the paste could not say, each
// prefilled with corsim's guess and marked as one.
func (p *Page) renderGuesses(r *paste.Result) app.UI {
	if len(r.Entries) > 0 || r.Scenario == nil {
		return app.Text("")
	}
	last := r.Scenario.Requests[len(r.Scenario.Requests)-1]
	method := last.Method
	if method == "" {
		method = "GET"
	}
	ask := func(id, label, field, value string, set func(o *paste.Options, v string)) app.UI {
		guessed := r.Guessed(field)
		why := ""
		for _, g := range r.Guesses {
			if g.Field == field {
				why = g.Why
			}
		}
		return app.Elem("div").Class("field"+ifs(guessed, " guessed", "")).Body(
			app.Elem("label").Attr("for", id).Body(app.Text(label), app.If(guessed, app.Elem("span").Class("guess-badge").Text(" guessed"))),
			app.ElemSelfClosing("input").Attr("type", "text").ID(id).Attr("value", value).Attr("spellcheck", "false").
				On("change", func(ctx app.Context, e app.Event) {
					p.reparse(ctx, set, strings.TrimSpace(ctx.JSSrc().Get("value").String()))
				}),
			app.If(guessed, app.Elem("p").Class("hint").Text(why)),
		)
	}
	var others []app.UI
	for _, g := range r.Guesses {
		switch g.Field {
		case "origin", "url", "method":
			continue
		}
		others = append(others, app.Elem("li").Body(app.Elem("strong").Text(g.Field+": "), app.Text(g.Why)))
	}
	return app.Elem("div").Class("guesses").ID("paste-guesses").Body(
		ask("paste-origin", "Your page's origin", "origin", r.Scenario.Origin, func(o *paste.Options, v string) { o.Origin = v }),
		ask("paste-url", "URL fetched", "url", last.URL, func(o *paste.Options, v string) { o.URL = v }),
		ask("paste-method", "Method", "method", method, func(o *paste.Options, v string) { o.Method = v }),
		app.If(len(others) > 0, app.Elem("div").Body(
			app.Elem("p").Class("hint").Text("Also guessed (check them in the editor below):"),
			app.Elem("ul").ID("paste-other-guesses").Body(others...),
		)),
	)
}

// renderHAR lists a HAR file's cross-origin exchanges, blocked first; a
// row opens its exchange in the editor and the flowchart.
func (p *Page) renderHAR(r *paste.Result) app.UI {
	st := &p.paste
	n := min(len(r.Entries), st.harRows)
	rows := make([]app.UI, 0, n)
	for i := 0; i < n; i++ {
		i, e := i, r.Entries[i]
		verdict := "✓ ok"
		if e.Outcome != "ok" {
			verdict = "✗ " + string(e.Error)
			if e.Error == "" {
				verdict = "✗ " + e.Outcome
			}
		}
		pre := ""
		if e.Preflight >= 0 {
			pre = " (+ preflight #" + strconv.Itoa(e.Preflight) + ")"
		}
		rows = append(rows, app.Elem("li").Body(
			app.Elem("button").Class("har-row"+ifs(e.Outcome != "ok", " bad", "")).ID("har-"+strconv.Itoa(i)).Aria("pressed", st.selected == i).
				Text("#"+strconv.Itoa(e.Index)+" "+e.Method+" "+e.URL+pre+" — "+verdict).
				On("click", func(ctx app.Context, ev app.Event) {
					if e.Scenario == nil {
						return
					}
					st.selected = i
					p.load(e.Scenario)
					p.resync(ctx)
					p.scheduleFixes(ctx)
				}),
		))
	}
	kids := []app.UI{
		app.Elem("h3").Text("Cross-origin exchanges, blocked first (" + fetchspec.LookupProfile(p.browserOr()).Display() + ")"),
		app.Elem("ol").Class("har-list").ID("har-list").Body(rows...),
	}
	if n < len(r.Entries) {
		kids = append(kids, app.Elem("button").ID("har-more").Text("Show "+strconv.Itoa(min(harPage, len(r.Entries)-n))+" more of "+strconv.Itoa(len(r.Entries)-n)).
			On("click", func(ctx app.Context, e app.Event) { st.harRows += harPage }))
	}
	return app.Elem("div").Class("har").Body(kids...)
}

func (p *Page) browserOr() string {
	if p.paste.res != nil && p.paste.res.Scenario != nil {
		return p.paste.res.Scenario.Browser
	}
	return p.browser
}
