package probe

import (
	"context"
	"fmt"
	"strings"

	"corsim/audit"
	"corsim/fetchspec"
)

// Audit sends audit's crafted requests to the URL, one connection each,
// and judges the answers. Only GET and OPTIONS are sent, never a body or
// a cookie.
func Audit(ctx context.Context, opt Options, trusted fetchspec.Origin) ([]audit.Answer, []audit.Finding, error) {
	opt = withDefaults(opt)
	opt.Cookie = ""
	var answers []audit.Answer
	for _, p := range audit.Probes(trusted) {
		hs := [][2]string{{"origin", p.Origin}}
		hs = append(hs, p.Headers...)
		w := &fetchspec.WireRequest{Method: p.Method, URL: opt.URL, Headers: hs}
		ex, err := send(ctx, opt, w, nil)
		if err != nil {
			return answers, nil, fmt.Errorf("%s %s (Origin: %s): %w", p.Method, opt.URL, p.Origin, err)
		}
		answers = append(answers, audit.Answer{Probe: p, Request: requestHead(ex), Response: ex.Response})
	}
	return answers, audit.Judge(trusted, answers), nil
}

// requestHead writes an exchange's request as it went on the wire.
func requestHead(ex *Exchange) string {
	var b strings.Builder
	target := "/"
	if u, err := fetchspec.ParseURL(ex.URL); err == nil {
		if t := strings.TrimPrefix(ex.URL, u.Origin().Serialize()); strings.HasPrefix(t, "/") {
			target = t
		}
	}
	b.WriteString(ex.Method + " " + target + " HTTP/1.1\r\n")
	for _, h := range ex.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	return b.String()
}
