package paste

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// HAR 1.2 files, as DevTools "Save all as HAR" writes them. Chrome adds
// _initiator, _resourceType and _error, and keeps failed requests with
// status 0; Firefox leaves those out. Every cross-origin exchange is
// evaluated under the chosen profile; preflights are paired with the
// request they guard.

type harFile struct {
	Log struct {
		Creator struct{ Name, Version string } `json:"creator"`
		Pages   []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"pages"`
		Entries []harEntry `json:"entries"`
	} `json:"log"`
}

type harEntry struct {
	Pageref string `json:"pageref"`
	Request struct {
		Method   string      `json:"method"`
		URL      string      `json:"url"`
		Headers  []harHeader `json:"headers"`
		PostData *struct {
			Text string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status     int         `json:"status"`
		StatusText string      `json:"statusText"`
		Headers    []harHeader `json:"headers"`
		Error      string      `json:"_error"`
	} `json:"response"`
	ResourceType string `json:"_resourceType"`
	Error        string `json:"_error"`
}

type harHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Entry is one cross-origin exchange of a HAR file with its verdict.
type Entry struct {
	Index     int                `json:"index"`
	Method    string             `json:"method"`
	URL       string             `json:"url"`
	Status    int                `json:"status"`
	Origin    string             `json:"origin"`
	Preflight int                `json:"preflight"` // index of its OPTIONS entry, or -1
	Outcome   string             `json:"outcome"`
	Error     fetchspec.Reason   `json:"error,omitempty"`
	Failed    string             `json:"failed,omitempty"` // the browser's own error in the HAR
	Guesses   []Guess            `json:"guesses,omitempty"`
	Scenario  *scenario.Scenario `json:"-"`
}

// HARJob evaluates a HAR file's entries a chunk at a time, so that the
// page can show progress and stay responsive between chunks.
type HARJob struct {
	har      harFile
	opt      Options
	pages    map[string]string
	pairs    map[int]int // request index -> preflight index
	preflits map[int]bool
	next     int
	entries  []*Entry
	creator  string
	problems []Problem
}

// NewHARJob decodes a HAR file; Step evaluates its entries.
func NewHARJob(data []byte, opt Options) (*HARJob, error) {
	if len(data) > maxHARBytes {
		return nil, &Error{Line: 1, Col: 1, Msg: "the file is " + sizeWords(len(data)) + "; corsim reads HAR files up to 200 MB"}
	}
	j := &HARJob{opt: opt, pages: map[string]string{}, pairs: map[int]int{}, preflits: map[int]bool{}}
	if err := json.Unmarshal(data, &j.har); err != nil {
		return nil, jsonError(string(data), err)
	}
	if j.opt.Browser == "" {
		j.opt.Browser = "chromium"
	}
	j.creator = strings.TrimSpace(j.har.Log.Creator.Name + " " + j.har.Log.Creator.Version)
	for _, p := range j.har.Log.Pages {
		j.pages[p.ID] = originOf(p.Title)
	}
	// Pair each preflight with the first later request it asked about.
	es := j.har.Log.Entries
	for i := range es {
		e := &es[i]
		if e.Request.Method != "OPTIONS" {
			continue
		}
		acrm := harGet(e.Request.Headers, "access-control-request-method")
		if acrm == "" {
			continue
		}
		j.preflits[i] = true
		for k := i + 1; k < len(es); k++ {
			if _, taken := j.pairs[k]; taken {
				continue
			}
			if es[k].Request.URL == e.Request.URL && es[k].Request.Method == acrm {
				j.pairs[k] = i
				break
			}
		}
	}
	return j, nil
}

// Total is the number of entries in the file.
func (j *HARJob) Total() int { return len(j.har.Log.Entries) }

// Done is the number of entries looked at so far.
func (j *HARJob) Done() int { return j.next }

// Step evaluates up to n more entries; it reports whether any remain.
func (j *HARJob) Step(n int) bool {
	es := j.har.Log.Entries
	for ; n > 0 && j.next < len(es); n-- {
		i := j.next
		j.next++
		if j.preflits[i] {
			continue
		}
		if e := j.entry(i); e != nil {
			j.entries = append(j.entries, e)
		}
	}
	return j.next < len(es)
}

// Result sorts the exchanges, failures first, and reports.
func (j *HARJob) Result() (*Result, error) {
	for j.Step(1 << 30) {
	}
	sort.SliceStable(j.entries, func(a, b int) bool {
		fa, fb := j.entries[a].Outcome != "ok", j.entries[b].Outcome != "ok"
		if fa != fb {
			return fa
		}
		return j.entries[a].Index < j.entries[b].Index
	})
	failed := 0
	for _, e := range j.entries {
		if e.Outcome != "ok" {
			failed++
		}
	}
	res := &Result{Kind: KindHAR, Entries: j.entries, Problems: j.problems}
	what := "HAR file"
	if j.creator != "" {
		what += " from " + j.creator
	}
	res.Summary = what + ", " + plural(len(j.har.Log.Entries), "entry") + ": " + plural(len(j.entries), "cross-origin exchange") + ", " + strconv.Itoa(failed) + " blocked under " + fetchspec.LookupProfile(j.opt.Browser).Display()
	res.Summary = strings.Replace(res.Summary, "entrys", "entries", 1)
	if len(j.entries) == 0 {
		return nil, &Error{Line: 1, Col: 1, Msg: "this HAR file has " + plural(len(j.har.Log.Entries), "entry") + " but no cross-origin request (none carries an Origin header for another origin); CORS does not apply to same-origin requests"}
	}
	for _, e := range j.entries {
		if e.Scenario != nil {
			res.Scenario, res.Guesses = e.Scenario, e.Guesses
			return res, nil
		}
	}
	return nil, &Error{Line: 1, Col: 1, Msg: "no cross-origin exchange of this HAR file could be read: " + j.problems[0].Msg}
}

func parseHAR(data []byte, opt Options) (*Result, error) {
	j, err := NewHARJob(data, opt)
	if err != nil {
		return nil, err
	}
	return j.Result()
}

func harGet(hs []harHeader, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// entry evaluates entry i when it is a cross-origin exchange.
func (j *HARJob) entry(i int) *Entry {
	e := &j.har.Log.Entries[i]
	u, err := fetchspec.ParseURL(e.Request.URL)
	if err != nil || !u.IsHTTPScheme() {
		return nil
	}
	origin := harGet(e.Request.Headers, "origin")
	if origin == "" {
		origin = j.pages[e.Pageref]
	}
	if origin == "" {
		origin = originFromReferer(harGet(e.Request.Headers, "referer"))
	}
	if origin == "" || origin == u.Origin().Serialize() {
		return nil
	}
	d := &draft{kind: KindHAR, origin: origin}
	all := make([][2]string, 0, len(e.Request.Headers))
	for _, h := range e.Request.Headers {
		all = append(all, [2]string{h.Name, h.Value})
	}
	hs, _, _, cookies := pageHeaders(all)
	c := &call{method: e.Request.Method, url: e.Request.URL, headers: hs, mode: "cors"}
	switch e.ResourceType {
	case "", "fetch", "xhr":
		if m := harGet(e.Request.Headers, "sec-fetch-mode"); m == "no-cors" || m == "same-origin" {
			c.mode = m
		}
	default:
		// Images, scripts, styles: no-cors unless the page asked for CORS.
		c.mode = "no-cors"
		if harGet(e.Request.Headers, "origin") != "" {
			c.mode = "cors"
		}
	}
	if cookies {
		c.credentials = "include"
	}
	if e.Request.PostData != nil {
		b := e.Request.PostData.Text
		c.body = &b
	}
	if e.Response.Status > 0 {
		c.response = harResponse(e.Response.Status, e.Response.StatusText, e.Response.Headers)
	} else if f := firstNonEmpty(e.Response.Error, e.Error); f != "" {
		c.missingWhy = "the browser recorded this request as failed (" + f + ") and kept no response; the console line for it names the reason"
	}
	pre := -1
	if k, ok := j.pairs[i]; ok {
		pre = k
		p := &j.har.Log.Entries[k]
		if p.Response.Status > 0 {
			c.preflight = harResponse(p.Response.Status, p.Response.StatusText, p.Response.Headers)
		}
	}
	d.calls = []*call{c}
	res, err := d.build(j.opt)
	out := &Entry{Index: i, Method: e.Request.Method, URL: e.Request.URL, Status: e.Response.Status, Origin: origin, Preflight: pre,
		Failed: firstNonEmpty(e.Response.Error, e.Error)}
	if err != nil {
		out.Outcome = "unreadable"
		j.problems = append(j.problems, Problem{Line: 1, Col: 1, Msg: "entry " + strconv.Itoa(i) + " (" + e.Request.Method + " " + clip(e.Request.URL, 80) + "): " + err.Error()})
		return out
	}
	out.Scenario, out.Guesses = res.Scenario, res.Guesses
	o := res.out
	if o == nil {
		if o, err = res.Scenario.Eval(""); err != nil {
			out.Outcome = "unreadable"
			return out
		}
	}
	r := o.Results[0]
	out.Outcome, out.Error = string(r.Outcome), r.Error
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// harResponse writes a HAR response as raw text; HTTP/2 pseudo-headers
// are dropped.
func harResponse(status int, text string, hs []harHeader) string {
	var b strings.Builder
	b.WriteString("HTTP/1.1 " + strconv.Itoa(status))
	if text == "" {
		text = fetchspec.StatusText(status)
	}
	if text != "" {
		b.WriteString(" " + text)
	}
	b.WriteString("\r\n")
	for _, h := range hs {
		if strings.HasPrefix(h.Name, ":") {
			continue
		}
		b.WriteString(h.Name + ": " + strings.NewReplacer("\r", " ", "\n", " ").Replace(h.Value) + "\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}
