package app

import (
	"errors"
	"strconv"
	"strings"

	"corsim/scenario"
)

// Form is the scenario as the user types it: every field is the text in
// its control, so a half-typed value is kept exactly, even when invalid.
type Form struct {
	Name     string
	Browser  string
	Origin   string
	Requests []RequestForm
	Rules    []RuleForm
}

// RequestForm is one fetch() call in the editor.
type RequestForm struct {
	At          string
	Method      string
	URL         string
	Headers     string // one "Name: value" per line
	Mode        string
	Credentials string
	Redirect    string
	Body        string
	HasBody     bool
}

// RuleForm is one server rule in the editor.
type RuleForm struct {
	Method   string
	URL      string
	Match    string
	Response string
}

// FieldError is a problem with one control, keyed by the control's id.
type FieldError struct {
	Field string
	Msg   string
}

// FormFromScenario fills the editor from a scenario.
func FormFromScenario(s *scenario.Scenario) Form {
	f := Form{Name: s.Name, Browser: s.Browser, Origin: s.Origin}
	if f.Browser == "" {
		f.Browser = "chromium"
	}
	for _, r := range s.Requests {
		rf := RequestForm{Method: r.Method, URL: r.URL, Mode: r.Mode, Credentials: r.Credentials, Redirect: r.Redirect}
		if rf.Method == "" {
			rf.Method = "GET"
		}
		if r.At != nil {
			rf.At = strconv.FormatFloat(*r.At, 'g', -1, 64)
		}
		var lines []string
		for _, h := range r.Headers {
			lines = append(lines, h[0]+": "+h[1])
		}
		rf.Headers = strings.Join(lines, "\n")
		if r.Body != nil {
			rf.Body, rf.HasBody = *r.Body, true
		}
		f.Requests = append(f.Requests, rf)
	}
	for _, r := range s.Server {
		f.Rules = append(f.Rules, RuleForm{Method: r.Method, URL: r.URL, Match: r.Match, Response: r.Response})
	}
	return f
}

// Scenario converts the form; a problem comes back tied to its control.
func (f Form) Scenario() (*scenario.Scenario, *FieldError) {
	s := &scenario.Scenario{Name: f.Name, Browser: f.Browser, Origin: strings.TrimSpace(f.Origin)}
	if s.Name == "" {
		s.Name = "untitled"
	}
	for i, r := range f.Requests {
		id := "req" + strconv.Itoa(i)
		sr := scenario.Request{Method: strings.TrimSpace(r.Method), URL: strings.TrimSpace(r.URL), Mode: r.Mode, Credentials: r.Credentials, Redirect: r.Redirect}
		if a := strings.TrimSpace(r.At); a != "" {
			v, err := strconv.ParseFloat(a, 64)
			if err != nil || v < 0 {
				return nil, &FieldError{id + "-at", "expected a number of seconds, such as 0 or 2.5"}
			}
			sr.At = &v
		}
		for n, line := range strings.Split(r.Headers, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			name, value, ok := strings.Cut(line, ":")
			if !ok {
				return nil, &FieldError{id + "-headers", "line " + strconv.Itoa(n+1) + ": expected \"Name: value\""}
			}
			sr.Headers = append(sr.Headers, [2]string{strings.TrimSpace(name), strings.TrimLeft(value, " ")})
		}
		if r.HasBody {
			b := r.Body
			sr.Body = &b
		}
		s.Requests = append(s.Requests, sr)
	}
	for _, r := range f.Rules {
		s.Server = append(s.Server, scenario.Rule{Method: strings.TrimSpace(r.Method), URL: strings.TrimSpace(r.URL), Match: r.Match, Response: r.Response})
	}
	if err := s.Validate(); err != nil {
		var e *scenario.Error
		errors.As(err, &e)
		if e == nil {
			return nil, &FieldError{"origin", err.Error()}
		}
		return nil, &FieldError{fieldFor(e.Path), e.Msg}
	}
	return s, nil
}

// fieldFor maps a scenario path ("server[1].response") to a control id.
func fieldFor(path string) string {
	r := strings.NewReplacer("requests[", "req", "server[", "rule", "].", "-", "]", "")
	switch {
	case path == "" || path == "name":
		return "origin"
	case strings.HasPrefix(path, "requests[") && !strings.Contains(path, "."):
		return r.Replace(path) + "-url"
	case strings.HasPrefix(path, "server[") && !strings.Contains(path, "."):
		return r.Replace(path) + "-url"
	}
	return r.Replace(path)
}
