// Package audit judges a server's CORS policy from its answers to a
// bounded set of crafted requests, each a request a real browser could
// send. It is pure: corsim probe's transport sends the requests (native
// only); the page runs the response-only checks offline on a scenario's
// rules, where nothing is sent.
package audit

import (
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Finding ids are stable: scripts and CI rules depend on them. Extend the
// list; never rename one.
const (
	OriginReflected            = "origin-reflected"
	OriginReflectedCredentials = "origin-reflected-credentials"
	NullOriginAllowed          = "null-origin-allowed"
	PrefixMatch                = "prefix-match"
	SuffixMatch                = "suffix-match"
	UnescapedDot               = "unescaped-dot"
	AnySubdomain               = "any-subdomain"
	InsecureOriginAllowed      = "insecure-origin-allowed"
	WildcardCredentials        = "wildcard-credentials"
	MissingVaryOrigin          = "missing-vary-origin"
	PreflightAllowsEverything  = "preflight-allows-everything"
	LongMaxAge                 = "long-max-age"
	SensitiveHeadersExposed    = "sensitive-headers-exposed"
)

// Severities, most serious first.
const (
	Critical = "critical"
	High     = "high"
	Medium   = "medium"
	Low      = "low"
)

// Evidence is one request sent and the response head received.
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
}

// Finding is one weakness, with what shows it.
type Finding struct {
	ID       string     `json:"id"`
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Evidence []Evidence `json:"evidence"`
}

// Probe is one crafted request: a simple GET or a preflight, from one
// origin. Kind names what it tests.
type Probe struct {
	Kind    string
	Method  string
	Origin  string
	Headers [][2]string
}

// Probe kinds.
const (
	KindTrusted   = "trusted"
	KindEvil      = "evil"
	KindNull      = "null"
	KindPrefix    = "prefix"
	KindSuffix    = "suffix"
	KindDot       = "dot"
	KindSubdomain = "subdomain"
	KindInsecure  = "insecure"
	// Preflights: a common one (PUT with a JSON body), one asking for a
	// made-up method and header, and the same from the evil origin.
	KindCommonPreflight = "common-preflight"
	KindPreflight       = "preflight"
	KindEvilPreflight   = "evil-preflight"
)

// EvilOrigin is the origin no policy should allow.
const EvilOrigin = "https://evil.example"

// auditMethod and auditHeader are what the preflights ask for: a made-up
// method and header that only a policy allowing anything allows.
const (
	auditMethod = "CORSIMAUDIT"
	auditHeader = "x-corsim-audit"
)

// Probes lists the crafted requests for a trusted origin, in the order
// they are sent. Origins that cannot be made from it (no dot in the
// host, an http origin has no insecure twin) are left out.
func Probes(trusted fetchspec.Origin) []Probe {
	t := trusted.Serialize()
	port := ""
	if trusted.Port != 0 {
		port = ":" + strconv.Itoa(trusted.Port)
	}
	host := trusted.Host
	ps := []Probe{
		{Kind: KindTrusted, Method: "GET", Origin: t},
		{Kind: KindEvil, Method: "GET", Origin: EvilOrigin},
		{Kind: KindNull, Method: "GET", Origin: "null"},
		{Kind: KindPrefix, Method: "GET", Origin: trusted.Scheme + "://" + host + ".evil.example" + port},
		{Kind: KindSuffix, Method: "GET", Origin: trusted.Scheme + "://evil" + site(host) + port},
	}
	if i := strings.IndexByte(host, '.'); i > 0 && !strings.HasPrefix(host, "[") {
		ps = append(ps, Probe{Kind: KindDot, Method: "GET", Origin: trusted.Scheme + "://" + host[:i] + "x" + host[i+1:] + port})
	}
	ps = append(ps, Probe{Kind: KindSubdomain, Method: "GET", Origin: trusted.Scheme + "://corsim-audit." + host + port})
	if trusted.Scheme == "https" {
		ps = append(ps, Probe{Kind: KindInsecure, Method: "GET", Origin: "http://" + host + port})
	}
	pre := [][2]string{{"Access-Control-Request-Method", auditMethod}, {"Access-Control-Request-Headers", auditHeader + ",authorization"}}
	ps = append(ps,
		// The most common real preflight, which a working policy approves
		// (so its Max-Age and other answers can be read).
		Probe{Kind: KindCommonPreflight, Method: "OPTIONS", Origin: t, Headers: [][2]string{{"Access-Control-Request-Method", "PUT"}, {"Access-Control-Request-Headers", "content-type"}}},
		Probe{Kind: KindPreflight, Method: "OPTIONS", Origin: t, Headers: pre},
		Probe{Kind: KindEvilPreflight, Method: "OPTIONS", Origin: EvilOrigin, Headers: pre},
	)
	return ps
}

// site is a host's last two labels, the domain an attacker would have to
// end in (no public suffix list: co.uk-style suffixes are not known).
func site(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) <= 2 || strings.HasPrefix(host, "[") {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// Answer is a probe with what was sent and what came back.
type Answer struct {
	Probe    Probe
	Request  string // the request head as sent
	Response string // the raw response
}

// Judge finds the weaknesses the answers show. A safe server gives none.
func Judge(trusted fetchspec.Origin, answers []Answer) []Finding {
	var fs findings
	byKind := map[string]*Answer{}
	for i := range answers {
		a := &answers[i]
		byKind[a.Probe.Kind] = a
		h := headersOf(a.Response)
		acao, _ := h.get("access-control-allow-origin")
		creds := h.credentials()
		echoed := acao == a.Probe.Origin
		ev := a.evidence()
		switch a.Probe.Kind {
		case KindEvil, KindEvilPreflight:
			if echoed && creds {
				fs.add(OriginReflectedCredentials, Critical, "Any origin is allowed, with credentials: a page on any site can read this URL's responses with the user's cookies ("+a.Probe.Origin+" was echoed back with Access-Control-Allow-Credentials: true).", ev)
			} else if echoed {
				fs.add(OriginReflected, High, "Any origin is allowed: "+a.Probe.Origin+" was echoed back in Access-Control-Allow-Origin. If that is the intent, send * instead; if not, allow a list of exact origins.", ev)
			}
		case KindNull:
			if echoed {
				sev, more := High, ""
				if creds {
					sev, more = Critical, ", with credentials"
				}
				fs.add(NullOriginAllowed, sev, "Origin: null is allowed"+more+": sandboxed iframes, data: URLs and file: pages of any site present the origin null, so allowing it allows them all.", ev)
			}
		case KindPrefix:
			if echoed {
				fs.add(PrefixMatch, High, a.Probe.Origin+" was allowed: the policy checks that the origin starts with "+trusted.Serialize()+", and anyone can register a domain that does.", ev)
			}
		case KindSuffix:
			if echoed {
				fs.add(SuffixMatch, High, a.Probe.Origin+" was allowed: the policy checks that the origin ends with "+site(trusted.Host)+" without requiring a dot before it, and anyone can register such a domain.", ev)
			}
		case KindDot:
			if echoed {
				fs.add(UnescapedDot, High, a.Probe.Origin+" was allowed: a regular expression with an unescaped dot matches any character there, and that domain can be registered by anyone.", ev)
			}
		case KindSubdomain:
			if echoed {
				fs.add(AnySubdomain, Low, "Every subdomain of "+trusted.Host+" is allowed ("+a.Probe.Origin+" was echoed): one subdomain taken over or with an XSS flaw reads these responses. List the subdomains that need access.", ev)
			}
		case KindInsecure:
			if echoed {
				fs.add(InsecureOriginAllowed, Medium, a.Probe.Origin+" (plain http) is allowed for an https site: anyone on the user's network can inject a page on that origin and read these responses.", ev)
			}
		case KindPreflight:
			judgePreflight(&fs, h, creds, ev)
		}
		fs.static(h, ev)
	}
	// The allowed origin varies with the request, so every answer must
	// say so to caches.
	if t, e := byKind[KindTrusted], byKind[KindEvil]; t != nil && e != nil {
		th, eh := headersOf(t.Response), headersOf(e.Response)
		ta, _ := th.get("access-control-allow-origin")
		ea, _ := eh.get("access-control-allow-origin")
		if ta != ea && (!th.varies("origin") || !eh.varies("origin")) {
			fs.addAll(MissingVaryOrigin, Medium, "Access-Control-Allow-Origin depends on the request's Origin ("+orNone(ta)+" for "+t.Probe.Origin+", "+orNone(ea)+" for "+e.Probe.Origin+") but the responses lack Vary: Origin: a shared cache can hand one origin's answer to another, breaking pages or opening the policy.", []Evidence{t.evidence(), e.evidence()})
		}
	}
	return fs.list
}

func judgePreflight(fs *findings, h header, creds bool, ev Evidence) {
	methods, _ := h.get("access-control-allow-methods")
	headers, _ := h.get("access-control-allow-headers")
	anyMethod := listHas(methods, auditMethod, false)
	anyHeader := listHas(headers, auditHeader, true)
	if creds && anyMethod && anyHeader {
		fs.add(PreflightAllowsEverything, High, "The preflight allows any method and any header together with credentials (it echoed the made-up method "+auditMethod+" and header "+auditHeader+"): every request a page could make is approved. List the methods and headers the API uses.", ev)
	}
}

// findings collects findings, one per id, with every piece of evidence.
type findings struct{ list []Finding }

func (f *findings) add(id, sev, summary string, ev Evidence) {
	f.addAll(id, sev, summary, []Evidence{ev})
}

func (f *findings) addAll(id, sev, summary string, ev []Evidence) {
	for i := range f.list {
		if f.list[i].ID == id {
			for _, e := range ev {
				if !containsEvidence(f.list[i].Evidence, e) {
					f.list[i].Evidence = append(f.list[i].Evidence, e)
				}
			}
			return
		}
	}
	f.list = append(f.list, Finding{ID: id, Severity: sev, Summary: summary, Evidence: ev})
}

func containsEvidence(list []Evidence, e Evidence) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// sensitive are response headers that must never be readable by another
// origin's script.
var sensitive = []string{"set-cookie", "set-cookie2", "authorization", "proxy-authorization", "www-authenticate", "cookie", "x-api-key", "x-auth-token", "x-csrf-token", "x-xsrf-token"}

// Chromium caps a preflight cache entry at 7200 s, Firefox at 86400 s.
const chromiumMaxAgeCap, firefoxMaxAgeCap = 7200, 86400

// static runs the checks that need one response only; the offline audit
// of a scenario runs only these.
func (f *findings) static(h header, ev Evidence) {
	acao, _ := h.get("access-control-allow-origin")
	creds := h.credentials()
	if acao == "*" && creds {
		f.add(WildcardCredentials, Medium, "Access-Control-Allow-Origin: * is sent with Access-Control-Allow-Credentials: true. Browsers refuse that pair, so credentialed calls fail; the intent, any site reading with the user's cookies, is unsafe. Name the allowed origins.", ev)
	}
	if v, ok := h.get("access-control-max-age"); ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > chromiumMaxAgeCap {
			who := "Chromium caps it at 7200 s"
			if n > firefoxMaxAgeCap {
				who = "Chromium caps it at 7200 s and Firefox at 86400 s"
			}
			f.add(LongMaxAge, Low, "Access-Control-Max-Age is "+v+" s: "+who+", so the value does not do what it says; and a long-cached approval outlives a change of policy. A few minutes to two hours is usual.", ev)
		}
	}
	if v, ok := h.get("access-control-expose-headers"); ok {
		var bad []string
		for _, name := range strings.Split(v, ",") {
			n := strings.ToLower(strings.TrimSpace(name))
			if n == "*" && creds {
				bad = append(bad, "* (with credentials)")
			}
			for _, s := range sensitive {
				if n == s {
					bad = append(bad, n)
				}
			}
		}
		if len(bad) > 0 {
			f.add(SensitiveHeadersExposed, Medium, "Access-Control-Expose-Headers lists "+strings.Join(bad, ", ")+": headers that carry secrets should not be readable by another origin's script (browsers never expose Set-Cookie, but the intent is wrong).", ev)
		}
	}
}

func (a *Answer) evidence() Evidence {
	return Evidence{Request: a.Request, Response: head(a.Response)}
}

// head is a raw response without its body.
func head(raw string) string {
	if i := strings.Index(raw, "\r\n\r\n"); i >= 0 {
		return raw[:i+2]
	}
	if i := strings.Index(raw, "\n\n"); i >= 0 {
		return raw[:i+1]
	}
	return raw
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// listHas: a comma-separated header value names want (case-insensitively
// when fold).
func listHas(list, want string, fold bool) bool {
	for _, v := range strings.Split(list, ",") {
		v = strings.TrimSpace(v)
		if v == want || fold && strings.EqualFold(v, want) {
			return true
		}
	}
	return false
}

// header is a response's header lines, names lower-cased, in order.
type header [][2]string

func headersOf(raw string) header {
	var h header
	lines := strings.Split(strings.ReplaceAll(head(raw), "\r\n", "\n"), "\n")
	for _, l := range lines[1:] {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		h = append(h, [2]string{strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(value)})
	}
	return h
}

// get is the values of a header combined as a browser reads them.
func (h header) get(name string) (string, bool) {
	var vs []string
	for _, kv := range h {
		if kv[0] == name {
			vs = append(vs, kv[1])
		}
	}
	return strings.Join(vs, ", "), len(vs) > 0
}

func (h header) credentials() bool {
	v, _ := h.get("access-control-allow-credentials")
	return v == "true"
}

func (h header) varies(name string) bool {
	v, _ := h.get("vary")
	return listHas(v, name, true) || listHas(v, "*", false)
}

// Offline audits a scenario's rules without sending anything: the checks
// one response shows (a wildcard with credentials, a long Max-Age,
// secret headers exposed, the origin null allowed). Reflection and Vary
// need live answers to several origins: corsim audit URL.
func Offline(sc *scenario.Scenario) []Finding {
	var fs findings
	for i, r := range sc.Server {
		m := r.Method
		if m == "" {
			m = "any method"
		}
		ev := Evidence{Request: "rule " + strconv.Itoa(i+1) + ": " + m + " " + r.URL, Response: head(r.Response)}
		h := headersOf(r.Response)
		if acao, _ := h.get("access-control-allow-origin"); acao == "null" {
			sev, more := High, ""
			if h.credentials() {
				sev, more = Critical, ", with credentials"
			}
			fs.add(NullOriginAllowed, sev, "This rule allows the origin null"+more+": sandboxed iframes, data: URLs and file: pages of any site present it, so allowing it allows them all.", ev)
		}
		fs.static(h, ev)
	}
	return fs.list
}
