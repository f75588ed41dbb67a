// Package stackfix writes a scenario's server fix as configuration for the
// stack the server runs on: nginx, Apache httpd, Caddy, Express, Go
// (rs/cors, jub0bs/cors), Django, Flask, Spring, ASP.NET Core and an S3
// bucket. Each snippet allows exactly what the failing scenario needs: the
// one origin it came from (never * when credentials are involved), the
// methods and request headers its preflight asked for, the response
// headers script must read, Vary: Origin where the origin is named, and
// an answer to the preflight where the stack does not give one itself.
//
// The input is the merged fix (scenario.MergeFixes), which the engine
// found by running the scenario until it passed; the output is text only.
package stackfix

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Policy is what the server must allow, read off the fix.
type Policy struct {
	Origin      string // the one origin to allow, or "*"
	Credentials bool
	Methods     []string // methods the preflight must allow
	Headers     []string // request headers the preflight must allow
	Expose      []string // response headers script must read
	Preflight   bool     // an OPTIONS preflight must be answered
	// Paths are the URL paths whose responses change, in order.
	Paths []string
	// Hosts are the origins of those URLs, for a note when there are
	// several servers.
	Hosts []string
	// n numbers the policy when a snippet holds several (names in the
	// code get it as a suffix so that they do not clash).
	n int
}

// suffix is "" for the first policy of a snippet, "2", "3"... after.
func (p Policy) suffix() string {
	if p.n < 2 {
		return ""
	}
	return strconv.Itoa(p.n)
}

// FromChanges reads the policy off a merged fix; ok is false when the fix
// has no server change.
func FromChanges(changes []scenario.ResponseChange) (p Policy, ok bool) {
	for _, c := range changes {
		ok = true
		if c.Target == fetchspec.KindPreflight {
			p.Preflight = true
		}
		if u, err := url.Parse(c.URL); err == nil {
			path := u.EscapedPath()
			if path == "" {
				path = "/"
			}
			if !slices.Contains(p.Paths, path) {
				p.Paths = append(p.Paths, path)
			}
			host := u.Scheme + "://" + u.Host
			if !slices.Contains(p.Hosts, host) {
				p.Hosts = append(p.Hosts, host)
			}
		}
		for _, kv := range c.Set {
			v := kv[1]
			switch strings.ToLower(kv[0]) {
			case "access-control-allow-origin":
				p.Origin = v
			case "access-control-allow-credentials":
				p.Credentials = v == "true"
			case "access-control-allow-methods":
				p.Methods = addList(p.Methods, v, false)
			case "access-control-allow-headers":
				p.Headers = addList(p.Headers, v, true)
			case "access-control-expose-headers":
				p.Expose = addList(p.Expose, v, true)
			}
		}
	}
	p.Methods, p.Headers, p.Expose = tightest(p.Methods), tightest(p.Headers), tightest(p.Expose)
	return p, ok
}

// tightest drops a * that stands beside named entries: the names are what
// the scenario needs (with credentials a * is only a literal name anyway).
func tightest(list []string) []string {
	if len(list) < 2 || !slices.Contains(list, "*") {
		return list
	}
	return slices.DeleteFunc(list, func(s string) bool { return s == "*" })
}

func addList(list []string, v string, fold bool) []string {
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if fold {
			item = strings.ToLower(item)
		}
		if item != "" && !slices.Contains(list, item) {
			list = append(list, item)
		}
	}
	return list
}

// Stack is one kind of server configuration.
type Stack struct {
	ID    string // the --stack name
	Title string
	Lang  string // for syntax highlighting
	gen   func(p Policy) string
	note  func(p Policy) string // what the code cannot say, or nil
}

// Snippet is one stack's configuration for a policy.
type Snippet struct {
	Stack string `json:"stack"`
	Title string `json:"title"`
	Lang  string `json:"lang"`
	Code  string `json:"code"`
	Note  string `json:"note,omitempty"`
}

// Stacks lists every stack, in the order the page offers them.
var Stacks = []Stack{
	{"nginx", "nginx", "nginx", nginx, nil},
	{"apache", "Apache httpd", "apache", apache, nil},
	{"caddy", "Caddy", "caddy", caddy, nil},
	{"express", "Express (cors package)", "javascript", express, nil},
	{"go-rs-cors", "Go, github.com/rs/cors", "go", goRsCors, nil},
	{"go-jub0bs-cors", "Go, github.com/jub0bs/cors", "go", goJub0bs, nil},
	{"django", "Django (django-cors-headers)", "python", django, nil},
	{"flask", "Flask-CORS", "python", flask, nil},
	{"spring", "Spring (CorsRegistry / @CrossOrigin)", "java", spring, nil},
	{"aspnet", "ASP.NET Core", "csharp", aspnet, nil},
	{"s3", "AWS S3 bucket CORS", "json", s3, s3Note},
}

// StackIDs is the list of names, for flags and errors.
func StackIDs() []string {
	ids := make([]string, len(Stacks))
	for i, s := range Stacks {
		ids[i] = s.ID
	}
	return ids
}

// For writes one stack's snippet for the policies; ok is false for an
// unknown stack.
func For(stack string, ps []Policy) (Snippet, bool) {
	for _, s := range Stacks {
		if s.ID == stack {
			return s.snippet(ps), true
		}
	}
	return Snippet{}, false
}

// All writes every stack's snippet.
func All(ps []Policy) []Snippet {
	out := make([]Snippet, 0, len(Stacks))
	for _, s := range Stacks {
		out = append(out, s.snippet(ps))
	}
	return out
}

// snippet writes the policies one after the other, each under a comment
// naming its URLs when there are several (S3's JSON holds them as rules
// of one list).
func (s Stack) snippet(ps []Policy) Snippet {
	sn := Snippet{Stack: s.ID, Title: s.Title, Lang: s.Lang}
	var code, notes []string
	null := false
	for k, p := range ps {
		p.n = k + 1
		c := s.gen(p)
		if len(ps) > 1 && s.Lang != "json" {
			mark := "//"
			if s.Lang == "nginx" || s.Lang == "apache" || s.Lang == "caddy" || s.Lang == "python" {
				mark = "#"
			}
			var urls []string
			for _, h := range p.Hosts {
				for _, path := range p.Paths {
					urls = append(urls, h+path)
				}
			}
			c = mark + " For " + strings.Join(urls, ", ") + " (requested from " + p.Origin + "):\n" + c
		}
		code = append(code, c)
		if s.note != nil {
			if n := s.note(p); n != "" && !slices.Contains(notes, n) {
				notes = append(notes, n)
			}
		}
		null = null || p.Origin == "null"
	}
	if s.Lang == "json" && len(code) > 1 {
		// Several rule lists become one.
		var rules []string
		for _, c := range code {
			c = strings.TrimSpace(c)
			rules = append(rules, strings.TrimSuffix(strings.TrimPrefix(c, "[\n"), "\n]"))
		}
		code = []string{"[\n" + strings.Join(rules, ",\n") + "\n]\n"}
	}
	sn.Code = strings.Join(code, "")
	sn.Note = strings.Join(notes, " ")
	if null {
		// The fix the engine found is to allow the origin null, which a
		// redirect between two other origins (or a sandboxed page)
		// presents; allowing it allows every sandboxed page of any site.
		sn.Note = strings.TrimSpace(sn.Note + " A request presents the origin null (after a redirect between two other origins, or from a sandboxed page). Allowing null allows every such page of any site: better, fetch the final URL directly so the page's own origin is presented, and allow that.")
	}
	return sn
}

// ForScenario runs the fix suggestion for request i and reads the policies
// off the fixed scenario: every CORS header of every response the fixed
// request meets (the preflight, each redirect, the request), not only the
// ones the fix changed, since a snippet replaces what the server sent.
// Responses needing the same headers share a policy; a redirect whose
// hops present different origins gets one per hop. ok is false when
// nothing on the server can fix it.
func ForScenario(sc *scenario.Scenario, i int, browser string) ([]Policy, bool) {
	fixes, fixed := sc.SuggestFix(i, browser)
	return FromFix(fixes, fixed, i, browser)
}

// FromFix is ForScenario for a fix already found: the fixes of request i
// and the scenario they fixed (Scenario.SuggestFix's results).
func FromFix(fixes []*fetchspec.Fix, fixed *scenario.Scenario, i int, browser string) ([]Policy, bool) {
	changes := scenario.MergeFixes(fixes)
	if len(changes) == 0 {
		return nil, false
	}
	out, err := fixed.Eval(browser)
	if err != nil || i >= len(out.Results) {
		p, _ := FromChanges(changes)
		return []Policy{p}, true
	}
	// One change per URL: its preflight and its request together.
	var byURL []scenario.ResponseChange
	for _, w := range out.Results[i].Wire {
		if w.Response == nil {
			continue
		}
		k := slices.IndexFunc(byURL, func(c scenario.ResponseChange) bool { return c.URL == w.URL })
		if k < 0 {
			byURL = append(byURL, scenario.ResponseChange{Target: fetchspec.KindRequest, URL: w.URL})
			k = len(byURL) - 1
		}
		if w.Kind == fetchspec.KindPreflight {
			byURL[k].Target = fetchspec.KindPreflight
		}
		for _, h := range w.Response.Headers {
			if strings.HasPrefix(strings.ToLower(h[0]), "access-control-") {
				byURL[k].Set = append(byURL[k].Set, h)
			}
		}
	}
	var ps []Policy
	for _, c := range byURL {
		p, _ := FromChanges([]scenario.ResponseChange{c})
		if p.Origin == "" {
			continue // a same-origin hop: nothing to configure
		}
		if k := slices.IndexFunc(ps, p.sameHeaders); k >= 0 {
			ps[k].Paths = appendNew(ps[k].Paths, p.Paths...)
			ps[k].Hosts = appendNew(ps[k].Hosts, p.Hosts...)
			ps[k].Preflight = ps[k].Preflight || p.Preflight
			continue
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		p, _ := FromChanges(changes)
		ps = []Policy{p}
	}
	return ps, true
}

// sameHeaders: two policies ask for the same header values.
func (p Policy) sameHeaders(q Policy) bool {
	return p.Origin == q.Origin && p.Credentials == q.Credentials && slices.Equal(p.Methods, q.Methods) &&
		slices.Equal(p.Headers, q.Headers) && slices.Equal(p.Expose, q.Expose)
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// varyOrigin: a response that names one origin says that it depends on
// Origin, so that no cache hands it to a page of another origin.
func (p Policy) varyOrigin() bool { return p.Origin != "" && p.Origin != "*" }

// methodsOrDefault is the methods to list where a stack needs a list.
func (p Policy) methodsOrDefault() []string {
	if len(p.Methods) > 0 {
		return p.Methods
	}
	return []string{"GET"}
}

// severalServers notes that the change spans several origins (a redirect
// to another host): the same lines go on each.
func (p Policy) severalServers(comment string) string {
	if len(p.Hosts) < 2 {
		return ""
	}
	return comment + " The fix spans " + strings.Join(p.Hosts, " and ") + ": configure each.\n"
}

func quoteAll(list []string, q string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = q + s + q
	}
	return strings.Join(out, ", ")
}
