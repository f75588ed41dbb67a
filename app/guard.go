package app

import (
	"errors"
	"net/url"
	"runtime/debug"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// brokenLink holds a fragment the page had to drop before go-app saw it,
// so that the page can say what was wrong with the link.
var brokenLink string

// GuardLocation keeps a malformed URL from killing the page. go-app parses
// location.href with net/url and uses the result without checking it, so a
// fragment such as "#%zz" or a link cut short after "%" ends the Go
// program. Before go-app starts, and on every history move after, a URL
// that net/url refuses is replaced by the bare page address and the
// fragment is kept aside for the page's message. Listeners run in the order
// they were added; this one is added before go-app sets window.onpopstate.
func GuardLocation() {
	check := func() {
		loc := app.Window().Get("location")
		if _, err := url.Parse(loc.Get("href").String()); err == nil {
			return
		}
		brokenLink = loc.Get("hash").String()
		if brokenLink == "" {
			brokenLink = loc.Get("search").String()
		}
		app.Window().Get("history").Call("replaceState", nil, "", "/")
	}
	check()
	app.Window().Call("addEventListener", "popstate", app.FuncOf(func(app.Value, []app.Value) any {
		check()
		return nil
	}))
}

// takeBrokenLink returns and forgets the fragment GuardLocation dropped.
func takeBrokenLink() string {
	b := brokenLink
	brokenLink = ""
	return b
}

// Crashed is deferred by the browser entry around the whole program: a
// panic that escapes go-app (which re-raises after logging) would otherwise
// leave a page that looks alive and answers nothing. It replaces the page
// with a message, a way back (a plain link, which needs no Go) and the
// report to copy. The text is set as text, never as HTML.
func Crashed() {
	r := recover()
	if r == nil {
		return
	}
	report := "corsim crashed: " + strings.TrimSpace(toString(r)) + "\n\n" + string(debug.Stack())
	doc := app.Window().Get("document")
	el := func(tag, text string) app.Value {
		e := doc.Call("createElement", tag)
		if text != "" {
			e.Set("textContent", text)
		}
		return e
	}
	box := el("div", "")
	box.Set("id", "crash")
	box.Call("setAttribute", "role", "alert")
	box.Call("appendChild", el("h2", "corsim stopped because of a bug"))
	box.Call("appendChild", el("p", "The page hit an internal error and cannot go on. Nothing you typed was sent anywhere. "+
		"Reload to start again from lesson 1; to report the bug, copy the text below (it holds no scenario data)."))
	a := el("a", "Reload corsim")
	a.Set("href", "/#lesson=1")
	box.Call("appendChild", a)
	ta := el("textarea", "")
	ta.Set("id", "crash-report")
	ta.Set("readOnly", true)
	ta.Set("rows", 12)
	ta.Set("value", report)
	box.Call("appendChild", ta)
	body := doc.Get("body")
	body.Set("textContent", "")
	body.Call("appendChild", box)
	app.Window().Get("console").Call("error", report)
}

func toString(v any) string {
	switch x := v.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return "unexpected panic value"
}

// linkProblem words, for people, why a share link did not open.
func linkProblem(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errLinkTooBig):
		return "This link holds more scenario than a share link may carry (over 1 MB once unpacked), so it was not opened. Showing lesson 1."
	case errors.Is(err, errLinkDamaged):
		return "This link is damaged: the part after \"#s=\" is not a complete scenario. It was probably cut short or changed while being copied. Ask for the link again, or copy it whole. Showing lesson 1."
	}
	return "This link opened, but its scenario has a mistake: " + err.Error() + ". Showing lesson 1."
}
