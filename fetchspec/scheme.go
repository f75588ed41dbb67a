package fetchspec

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Scheme fetch (#scheme-fetch at 586cd2a): what the browser answers itself,
// without a server. Main fetch step 12 sends here a data: URL in any mode
// (first case), a same-origin blob: URL, and any non-HTTP(S) URL in
// no-cors mode.

// schemeFetched: the outcome of a scheme fetch.
type schemeFetched struct {
	scheme   string
	url      string
	status   int    // 200, or 0 for a network error
	mimeType string // the response's Content-Type
	size     int    // body bytes
	reason   Reason // the network error
}

// schemeFetch runs scheme fetch for the current URL and returns the
// response, or nil and the reason of the network error.
func (r *run) schemeFetch(req *request) (*Response, Reason) {
	cur := req.CurrentURL()
	f := schemeFetched{scheme: cur.Scheme(), url: cur.Href()}
	var resp *Response
	switch f.scheme {
	case "about":
		// about:blank is an empty HTML document; any other about: URL
		// is a network error.
		if cur.u.path == "blank" && !r.p.noAboutBlank {
			resp = &Response{Status: 200, StatusText: "OK"}
			resp.Header.Append("Content-Type", "text/html;charset=utf-8")
		}
	case "data":
		mime, body, ok := processDataURL(f.url)
		if !ok {
			f.reason = InvalidDataURL
			break
		}
		resp = &Response{Status: 200, StatusText: "OK", Body: body}
		resp.Header.Append("Content-Type", mime)
		if r.p.dataContentLength {
			resp.Header.Append("Content-Length", strconv.Itoa(len(body)))
		}
		f.mimeType, f.size = mime, len(body)
	case "blob":
		// No page here ever made a blob URL, so none resolves.
		f.reason = BlobNotFound
	}
	if resp == nil {
		if f.reason == "" {
			f.reason = CorsDisabledScheme
		}
		r.step(StepSend, Fail, f)
		return nil, f.reason
	}
	f.status = resp.Status
	r.step(StepSend, Info, f)
	return resp, ""
}

// processDataURL is the data: URL processor (#data-url-processor): the
// MIME type before the comma, the percent-decoded body after it, base64
// decoded when the type ends in ";base64".
func processDataURL(url string) (mime, body string, ok bool) {
	rest, _ := strings.CutPrefix(url, "data:")
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i] // step 2: without the fragment
	}
	mime, encoded, found := strings.Cut(rest, ",")
	if !found {
		return "", "", false // step 5
	}
	mime = strings.Trim(mime, " \t\n\f\r")
	body = percentDecode(encoded)
	// Step 8: ";base64", spaces allowed before it, any case.
	if i := strings.LastIndexByte(mime, ';'); i >= 0 && equalFold(strings.TrimLeft(mime[i+1:], " "), "base64") {
		decoded, ok := forgivingBase64(body)
		if !ok {
			return "", "", false
		}
		body, mime = decoded, strings.TrimRight(mime[:i], " ")
	}
	if strings.HasPrefix(mime, ";") {
		mime = "text/plain" + mime // step 9
	}
	if _, ok := mimeEssence(mime); !ok {
		mime = "text/plain;charset=US-ASCII" // step 10
	}
	return mime, body, true
}

// forgivingBase64 is Infra's forgiving-base64 decode: whitespace dropped,
// up to two "=" of padding, and nothing but the alphabet.
func forgivingBase64(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if len(s)%4 == 1 {
		return "", false
	}
	out, err := base64.RawStdEncoding.DecodeString(s)
	return string(out), err == nil
}
