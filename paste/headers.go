package paste

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

// Headers copied from DevTools' Network panel: Chrome's Headers tab (its
// General section, then Response and Request Headers; "Name: value" or the
// name and the value on lines of their own), Firefox's header list, or a
// bare block of "name: value" lines. No status line: the status is taken
// from "Status Code" or ":status" when present, else guessed.

var sectionTitles = map[string]string{
	"general": "general", "response headers": "response", "request headers": "request",
	"response headers (raw)": "response", "request headers (raw)": "request",
}

// Lines DevTools shows between headers that are not headers.
var chromeChrome = map[string]bool{
	"view source": true, "view parsed": true, "raw": true, "provisional headers are shown": true,
	"learn more": true, "provisional headers are shown. learn more": true,
}

func parseHeaderCopy(lines []line) (*draft, error) {
	d := &draft{kind: KindHeaders}
	section := "response"
	var resp, req [][2]string
	var respLines []string
	status, method, url := 0, "", ""
	pendingName := ""
	pendingLine := line{}
	add := func(l line, name, value string) {
		name = strings.TrimSpace(name)
		value = strings.TrimSpace(value)
		lname := strings.ToLower(name)
		switch {
		case section == "general" || lname == "request url" || lname == "request method" || lname == "status code" || lname == "remote address" || lname == "referrer policy":
			switch lname {
			case "request url":
				url = value
			case "request method":
				method = value
			case "status code":
				code, _, _ := strings.Cut(value, " ")
				status, _ = strconv.Atoi(code)
			}
		case lname == ":status":
			status, _ = strconv.Atoi(value)
		case strings.HasPrefix(lname, ":"):
			if section == "request" {
				switch lname {
				case ":method":
					method = value
				}
			}
		case section == "request":
			req = append(req, [2]string{name, value})
		default:
			if !fetchspec.IsToken(name) {
				d.problem(l, 1, "expected a header name (letters, digits, - and _) before the colon")
				return
			}
			resp = append(resp, [2]string{name, value})
			respLines = append(respLines, name+": "+value)
		}
	}
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		lt := strings.ToLower(t)
		if t == "" {
			continue
		}
		if s, ok := sectionTitles[strings.TrimSuffix(lt, ":")]; ok {
			section = s
			pendingName = ""
			continue
		}
		if chromeChrome[lt] || strings.HasPrefix(lt, "⚠") {
			continue
		}
		if pendingName != "" {
			add(pendingLine, pendingName, t)
			pendingName = ""
			continue
		}
		// ":status: 200" keeps its leading colon.
		body := t
		lead := ""
		if strings.HasPrefix(body, ":") {
			lead, body = ":", body[1:]
		}
		name, value, ok := strings.Cut(body, ":")
		if ok && strings.TrimSpace(value) == "" && len(name) <= 40 {
			// Chrome puts the value on the next line.
			pendingName, pendingLine = lead+name, l
			continue
		}
		if ok && !strings.Contains(strings.TrimSpace(name), " ") || ok && section == "general" {
			add(l, lead+name, value)
			continue
		}
		if !ok && fetchspec.IsToken(t) {
			// "name" then "value" on the next line, without a colon.
			pendingName, pendingLine = t, l
			continue
		}
		d.problem(l, 1, "skipped: expected \"Name: value\"")
	}
	if len(resp) == 0 && len(req) == 0 {
		return nil, &Error{Line: 1, Col: 1, Msg: "corsim could not recognize this paste. It reads raw responses (\"HTTP/1.1 200 OK\" then headers), response headers (\"Name: value\" lines), curl -v or -i output, curl or PowerShell commands, fetch() calls, console messages and HAR files"}
	}
	c := &call{method: method, url: url, mode: "cors"}
	hs, origin, referer, cookies := pageHeaders(req)
	c.headers = hs
	d.setOrigin(origin, referer)
	if cookies {
		c.credentials = "include"
		d.guess("credentials", "include", "the request carried cookies, so the page probably calls fetch() with credentials: \"include\"")
	}
	if len(resp) > 0 {
		if status == 0 {
			status = 200
			d.guess("status", "200", "headers copied without their status line; corsim assumes 200 OK. Enter the status DevTools shows")
		}
		m := &message{status: status, lines: respLines, headers: resp}
		c.response = m.raw()
		if c.method == "" {
			d.requestFromResponse(c, m, nil)
		}
	}
	d.calls = append(d.calls, c)
	what := "response headers"
	switch {
	case url != "" || len(req) > 0:
		what = "DevTools headers (" + plural(len(resp), "response header") + ", " + plural(len(req), "request header") + ")"
	default:
		what = "response headers without a status line (" + plural(len(resp), "header") + ")"
	}
	d.summary = what
	return d, nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// parseJSONPaste reads the JSON kinds: a HAR file, a corsim scenario, or
// Firefox's "Copy All" of the headers panel.
func parseJSONPaste(text string, opt Options) (*draft, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return nil, jsonError(text, err)
	}
	if _, ok := probe["log"]; ok {
		res, err := parseHAR([]byte(text), opt)
		if err != nil {
			return nil, err
		}
		return &draft{kind: KindHAR, result: res}, nil
	}
	if _, ok := probe["requests"]; ok {
		s, err := scenario.Load("paste", []byte(text))
		if err != nil {
			if e := (*scenario.Error)(nil); errors.As(err, &e) {
				return nil, &Error{Line: e.Line, Col: e.Col, Msg: e.Msg, Text: e.Text}
			}
			return nil, &Error{Line: 1, Col: 1, Msg: err.Error()}
		}
		if opt.Browser != "" {
			s.Browser = opt.Browser
		}
		return &draft{kind: KindScenario, result: &Result{Kind: KindScenario, Summary: "corsim scenario: " + s.Name, Scenario: s}}, nil
	}
	// Firefox: {"Response Headers (1.2 kB)": {"headers": [{"name":..,"value":..}]}, ...}
	keys := make([]string, 0, len(probe))
	for k := range probe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []line
	n := 0
	for _, k := range keys {
		title := strings.ToLower(k)
		if i := strings.Index(title, " ("); i >= 0 {
			title = title[:i]
		}
		if _, ok := sectionTitles[title]; !ok {
			continue
		}
		var sec struct {
			Headers []struct{ Name, Value string }
		}
		if json.Unmarshal(probe[k], &sec) != nil {
			continue
		}
		n++
		lines = append(lines, line{n, title})
		for _, h := range sec.Headers {
			n++
			lines = append(lines, line{n, h.Name + ": " + h.Value})
		}
	}
	if len(lines) == 0 {
		return nil, &Error{Line: 1, Col: 1, Msg: "this JSON is neither a HAR file (no \"log\"), a corsim scenario (no \"requests\") nor Firefox's copied headers"}
	}
	d, err := parseHeaderCopy(lines)
	if err == nil {
		d.summary = "Firefox copied headers (JSON): " + d.summary
	}
	return d, err
}

// jsonError positions encoding/json's error in the text.
func jsonError(text string, err error) *Error {
	off := 0
	switch e := err.(type) {
	case *json.SyntaxError:
		off = int(e.Offset)
	case *json.UnmarshalTypeError:
		off = int(e.Offset)
	}
	if off > len(text) {
		off = len(text)
	}
	if off > 0 {
		off--
	}
	line := 1 + strings.Count(text[:off], "\n")
	col := off - strings.LastIndexByte(text[:off], '\n')
	return &Error{Line: line, Col: col, Msg: "invalid JSON: " + err.Error(), Text: lineAt(text, off)}
}

// originOf returns the serialized origin of an absolute URL, or "".
func originOf(u string) string {
	p, err := fetchspec.ParseURL(u)
	if err != nil {
		return ""
	}
	return p.Origin().Serialize()
}
