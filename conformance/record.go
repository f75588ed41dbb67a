package conformance

import (
	"corsim/fetchspec"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"corsim/scenario"
)

// Record is what one browser did with one scenario.
type Record struct {
	Browser  string     `json:"browser"`
	Version  string     `json:"version"`
	Scenario string     `json:"scenario"`
	Results  []Observed `json:"results"`
	Note     string     `json:"note,omitempty"`
}

// Observed is one fetch() call as the browser and the server saw it.
type Observed struct {
	Outcome        string   `json:"outcome"`
	Type           string   `json:"type"`
	Status         int      `json:"status"`
	ExposedHeaders []string `json:"exposedHeaders"`
	// Preflight is "sent" when an OPTIONS with Access-Control-Request-Method
	// reached the server during the call, else "none" (a cache hit and no
	// preflight at all look the same from outside).
	Preflight string `json:"preflight"`
	// Error is Chromium's corsErrorStatus.corsError (or net error text).
	Error        string `json:"error,omitempty"`
	Message      string `json:"message,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	Wire         []Wire `json:"wire"`
}

// Wire is a request as the loopback server received it, filtered to the
// headers scenario-format.md compares.
type Wire struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	Credentials bool        `json:"credentials"`
	Headers     [][2]string `json:"headers"`
	// Added: every other header the server received (Host, Accept,
	// User-Agent, Sec-Fetch-*...), names lower-cased, in the order sent.
	Added [][2]string `json:"added,omitempty"`
}

// report is what the runner page posts per call.
type report struct {
	Index        int      `json:"index"`
	Outcome      string   `json:"outcome"`
	Type         string   `json:"type"`
	Status       int      `json:"status"`
	Headers      []string `json:"headers"`
	ErrorName    string   `json:"errorName"`
	ErrorMessage string   `json:"errorMessage"`
	Fatal        string   `json:"fatal"`
}

// portMap undoes the harness's port rewriting in URLs and header values.
type portMap struct{ base int }

func (p portMap) back(s string) string {
	s = strings.ReplaceAll(s, ":"+strconv.Itoa(p.base+1), ":18081")
	return strings.ReplaceAll(s, ":"+strconv.Itoa(p.base), ":18080")
}

func (p portMap) forth(s string) string {
	s = strings.ReplaceAll(s, ":18081", ":"+strconv.Itoa(p.base+1))
	return strings.ReplaceAll(s, ":18080", ":"+strconv.Itoa(p.base))
}

// observe builds the per-call observations from the runner's reports and
// the server log, split by the begin/end markers.
func observe(sc *scenario.Scenario, reps []report, log []Logged, pm portMap, outcome func(report) string) []Observed {
	segs := map[int][]Logged{}
	cur := -1
	for _, l := range log {
		if l.Method == "MARK" {
			if strings.HasPrefix(l.URL, "begin=") {
				cur, _ = strconv.Atoi(strings.TrimPrefix(l.URL, "begin="))
			} else {
				cur = -1
			}
			continue
		}
		if cur >= 0 {
			segs[cur] = append(segs[cur], l)
		}
	}
	var out []Observed
	for i, r := range reps {
		o := Observed{Outcome: outcome(r), Type: r.Type, Status: r.Status, ExposedHeaders: []string{}, Preflight: "none", ErrorMessage: pm.back(r.ErrorMessage), Wire: []Wire{}}
		if o.Outcome != "ok" {
			o.Type = "error"
		}
		for _, h := range r.Headers {
			o.ExposedHeaders = append(o.ExposedHeaders, strings.ToLower(h))
		}
		sort.Strings(o.ExposedHeaders)
		author := map[string]bool{"origin": true, "access-control-request-method": true, "access-control-request-headers": true}
		if i < len(sc.Requests) {
			for _, h := range sc.Requests[i].Headers {
				// A forbidden name never survives fetch(); whatever arrives
				// under it was added by the browser.
				if !fetchspec.IsForbiddenRequestHeader(h[0], "") {
					author[strings.ToLower(h[0])] = true
				}
			}
		}
		for _, l := range segs[i] {
			preflight := false
			for _, h := range l.Headers {
				if l.Method == "OPTIONS" && strings.EqualFold(h[0], "access-control-request-method") {
					preflight = true
				}
			}
			w := Wire{Method: l.Method, URL: pm.back(l.URL), Headers: [][2]string{}}
			for _, h := range l.Headers {
				n := strings.ToLower(h[0])
				if n == "cookie" && (strings.Contains(h[1], "corsim=1") || strings.Contains(h[1], "corsims=1")) {
					w.Credentials = true
				}
				if author[n] && (!preflight || strings.HasPrefix(n, "access-control-request-") || n == "origin") {
					w.Headers = append(w.Headers, [2]string{n, pm.back(h[1])})
				} else if n != "cookie" {
					// What the browser added on its own, in its order.
					w.Added = append(w.Added, [2]string{n, pm.back(h[1])})
				}
				if n == "access-control-request-method" && l.Method == "OPTIONS" {
					o.Preflight = "sent"
				}
			}
			o.Wire = append(o.Wire, w)
		}
		out = append(out, o)
	}
	return out
}

// Field names compared between engine and browser.
var Fields = []string{"outcome", "type", "status", "exposedHeaders", "preflight", "reason", "wire", "added"}

// Diff is one field where the engine and a browser disagree.
type Diff struct {
	Scenario string
	Request  int
	Field    string
	Engine   string
	Browser  string
}

// Compare checks the engine's profile against a record, field by field.
// The reason is compared only where the browser reports one (Chromium).
// Wire headers are compared as sets per request: header order on the wire
// is the network stack's business, not CORS's.
func Compare(rec *Record, out *scenario.Output) (agree map[string]int, diffs []Diff) {
	agree = map[string]int{}
	for i, o := range rec.Results {
		if i >= len(out.Results) {
			break
		}
		e := out.Results[i]
		pre := string(e.Preflight)
		if e.Preflight == fetchspec.PreflightCached {
			pre = string(fetchspec.PreflightNone)
		}
		check := func(field, eng, br string) {
			if eng == br {
				agree[field]++
				return
			}
			diffs = append(diffs, Diff{rec.Scenario, i, field, eng, br})
		}
		check("outcome", string(e.Outcome), o.Outcome)
		check("type", string(e.Type), o.Type)
		check("status", strconv.Itoa(e.Status), strconv.Itoa(o.Status))
		check("exposedHeaders", strings.Join(e.ExposedHeaders, ","), strings.Join(o.ExposedHeaders, ","))
		check("preflight", pre, o.Preflight)
		if o.Error != "" || (rec.Browser == "chromium" && e.Outcome == fetchspec.OutcomeNetworkError) {
			check("reason", chromiumReason(e.Error, e.Hint()), o.Error)
		}
		ew := make([]Wire, len(e.Wire))
		for k, w := range e.Wire {
			ew[k] = Wire{Method: w.Method, URL: w.URL, Credentials: w.Credentials, Headers: w.Headers, Added: w.Added}
		}
		if recorded := slices.ContainsFunc(o.Wire, func(w Wire) bool { return w.Added != nil }); recorded || len(o.Wire) == 0 {
			check("added", addedString(ew, rec.Browser), addedString(o.Wire, rec.Browser))
		}
		bw := o.Wire
		if rec.Browser == "chromium" {
			// Headless Chromium blocks third-party cookies, so the harness
			// cannot see credentials on a cross-site request; compare them
			// only where the request is same-site with the page.
			ew, bw = sameSiteCredentials(ew), sameSiteCredentials(bw)
		}
		check("wire", wireString(ew), wireString(bw))
	}
	return agree, diffs
}

// chromiumReason is how Chromium's DevTools report a reason: CORS failures
// as corsErrorStatus.corsError, the redirect failures as net errors.
func chromiumReason(r fetchspec.Reason, hint string) string {
	if r == fetchspec.MixedContent {
		// Blocked in the renderer: DevTools gives a blockedReason, no
		// net error or CORS error.
		return "blocked:mixed-content"
	}
	if n := fetchspec.ChromiumNetError(r, hint); n != "" {
		return n
	}
	return string(r)
}

// addedString is the part of the browser's own headers that a scenario
// decides: Accept, Referer, Priority and the Fetch Metadata headers. The
// User-Agent, languages and encodings are the machine's. Chromium's
// Sec-Fetch-* on plain http are left out: the harness marks the http
// scenario origins as secure (for its cookies), which makes Chromium send
// them; a user's Chromium does not.
func addedString(ws []Wire, browser string) string {
	var parts []string
	for _, w := range ws {
		var hs []string
		for _, h := range w.Added {
			n, v := h[0], h[1]
			switch {
			case n == "accept" || n == "referer" || n == "priority":
			case strings.HasPrefix(n, "sec-fetch-") && n != "sec-fetch-storage-access" && !(browser == "chromium" && strings.HasPrefix(w.URL, "http:")):
			default:
				continue
			}
			if n == "referer" {
				// The runner page's path stands for the page's path.
				v = strings.Replace(v, "/__corsim/run", "/<the page's path>", 1)
			}
			hs = append(hs, n+"="+v)
		}
		// As a set: the order is the network stack's.
		sort.Strings(hs)
		parts = append(parts, w.Method+" "+w.URL+" {"+strings.Join(hs, "; ")+"}")
	}
	return strings.Join(parts, " | ")
}

func sameSiteCredentials(ws []Wire) []Wire {
	out := make([]Wire, len(ws))
	for i, w := range ws {
		out[i] = w
		if !strings.HasPrefix(w.URL, "http://app.test:") {
			out[i].Credentials = false
		}
	}
	return out
}

func wireString(ws []Wire) string {
	var parts []string
	for _, w := range ws {
		hs := make([]string, 0, len(w.Headers))
		for _, h := range w.Headers {
			hs = append(hs, h[0]+"="+h[1])
		}
		sort.Strings(hs)
		c := ""
		if w.Credentials {
			c = " +cred"
		}
		parts = append(parts, w.Method+" "+w.URL+c+" {"+strings.Join(hs, "; ")+"}")
	}
	return strings.Join(parts, " | ")
}

// RecordPath is where a browser's record of a scenario lives.
func RecordPath(root, browser, name string) string {
	return filepath.Join(root, "browsers", browser, name+".json")
}

// LoadRecord reads a stored record.
func LoadRecord(path string) (*Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Record
	return &r, json.Unmarshal(b, &r)
}

// Save writes a record.
func (r *Record) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(r, "", "  ")
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
