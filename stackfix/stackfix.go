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

// For writes one stack's snippet; ok is false for an unknown stack.
func For(stack string, p Policy) (Snippet, bool) {
	for _, s := range Stacks {
		if s.ID == stack {
			return s.snippet(p), true
		}
	}
	return Snippet{}, false
}

// All writes every stack's snippet.
func All(p Policy) []Snippet {
	out := make([]Snippet, 0, len(Stacks))
	for _, s := range Stacks {
		out = append(out, s.snippet(p))
	}
	return out
}

func (s Stack) snippet(p Policy) Snippet {
	sn := Snippet{Stack: s.ID, Title: s.Title, Lang: s.Lang, Code: s.gen(p)}
	if s.note != nil {
		sn.Note = s.note(p)
	}
	if p.Origin == "null" {
		// The fix the engine found is to allow the origin null, which a
		// redirect between two other origins (or a sandboxed page)
		// presents; allowing it allows every sandboxed page of any site.
		sn.Note = strings.TrimSpace(sn.Note + " The request presents the origin null (after a redirect between two other origins, or from a sandboxed page). Allowing null allows every such page of any site: better, fetch the final URL directly so the page's own origin is presented, and allow that.")
	}
	return sn
}

// ForScenario runs the fix suggestion for request i and writes the policy
// it needs; ok is false when nothing on the server can fix it.
func ForScenario(sc *scenario.Scenario, i int, browser string) (Policy, bool) {
	fixes, _ := sc.SuggestFix(i, browser)
	return FromChanges(scenario.MergeFixes(fixes))
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
