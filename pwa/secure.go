package pwa

import (
	"net/http"
	"strconv"
	"strings"
)

// CSP lets the page run its own scripts and compile its own wasm and
// nothing else: no inline script, no other origin, no framing. The page
// makes no request after it loads; connect-src 'self' is only for go-app's
// service worker and the app.wasm download.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// SecurityHeaders lists the headers every response carries.
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", CSP},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
}

// Secure adds SecurityHeaders to every response and answers any method
// but GET and HEAD with 405: the site is read-only.
func Secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range SecurityHeaders {
			h.Set(kv[0], kv[1])
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: this server only serves the page", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Server is the whole site for `corsim serve` and the browser tests: the
// go-app page, web/ (and nothing else) at /web/, app.wasm precompressed,
// security headers on everything. root is the project directory.
func Server(root string) http.Handler {
	web := strings.TrimSuffix(root, "/") + "/web"
	return Secure(Compressed(Pages(Handler(root)), web))
}

// acceptsEncoding reports whether an Accept-Encoding value accepts enc
// with a q-value above zero (RFC 9110 §12.5.3): "br;q=0" refuses br, and
// "*" accepts what is not named.
func acceptsEncoding(header, enc string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		ok := qNonZero(params)
		if name == enc {
			return ok
		}
		if name == "*" {
			star = ok
		}
	}
	return star
}

func qNonZero(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return err == nil && q > 0
	}
	return true
}

// HeadersFile is the same policy in the _headers format that static hosts
// such as Netlify and Cloudflare Pages read, for `corsim site` output.
func HeadersFile() string {
	var b strings.Builder
	b.WriteString("/*\n")
	for _, kv := range SecurityHeaders {
		b.WriteString("  " + kv[0] + ": " + kv[1] + "\n")
	}
	b.WriteString("/web/app.wasm\n  Cache-Control: no-cache\n  Vary: Accept-Encoding\n")
	return b.String()
}
