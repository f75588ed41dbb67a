package pwa

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// site builds a project directory with the files a traversal would want.
func site(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"go.mod":            "module secret\n",
		".git/config":       "[core]\n",
		"web/style.css":     "body{}",
		"web/.hidden":       "no",
		"web/sub/x.txt":     "x",
		"web/app.wasm":      "\x00asm-raw",
		"web/app.wasm.gz":   "gz-bytes",
		"web/app.wasm.br":   "br-bytes",
		"secret/passwd.txt": "no",
	} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The compressed copies are as new as app.wasm.
	now := time.Now()
	for _, n := range []string{"app.wasm", "app.wasm.gz", "app.wasm.br"} {
		_ = os.Chtimes(filepath.Join(root, "web", n), now, now)
	}
	return root
}

func get(h http.Handler, method, rawPath string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://localhost/", nil)
	// Set the path as a client with --path-as-is would send it.
	r.URL.Path = rawPath
	r.RequestURI = rawPath
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServesOnlyWeb(t *testing.T) {
	h := Server(site(t))
	for _, tc := range []struct {
		path string
		code int
	}{
		{"/web/style.css", 200},
		{"/web/sub/x.txt", 200},
		{"/web/../go.mod", 404},
		{"/web/../.git/config", 404},
		{"/web/%2e%2e/.git/config", 404},
		{"/web/../", 404},
		{"/web/", 404},
		{"/web/sub/", 404},
		{"/web/sub", 404},
		{"/web/.hidden", 404},
		{"/web//style.css", 404},
		{"/web/./style.css", 404},
		{"/web/../secret/passwd.txt", 404},
		{"/go.mod", 404},
		{"/.git/config", 404},
	} {
		w := get(h, "GET", tc.path)
		if w.Code != tc.code {
			t.Errorf("GET %s: status %d, want %d (body %q)", tc.path, w.Code, tc.code, w.Body.String())
		}
		if strings.Contains(w.Body.String(), "module secret") || strings.Contains(w.Body.String(), "[core]") {
			t.Errorf("GET %s leaked a file outside web/", tc.path)
		}
	}
}

func TestSecurityHeadersAndMethods(t *testing.T) {
	h := Server(site(t))
	for _, path := range []string{"/web/style.css", "/web/app.wasm", "/web/missing", "/nowhere"} {
		w := get(h, "GET", path)
		for _, kv := range SecurityHeaders {
			if got := w.Header().Get(kv[0]); got != kv[1] {
				t.Errorf("GET %s: %s = %q, want %q", path, kv[0], got, kv[1])
			}
		}
	}
	if !strings.Contains(CSP, "frame-ancestors 'none'") || !strings.Contains(CSP, "'wasm-unsafe-eval'") || strings.Contains(CSP, "unsafe-inline") {
		t.Errorf("CSP does not say what the page promises: %s", CSP)
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"} {
		w := get(h, m, "/web/style.css")
		if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d Allow %q, want 405 and GET, HEAD", m, w.Code, w.Header().Get("Allow"))
		}
	}
	if w := get(h, "HEAD", "/web/style.css"); w.Code != 200 {
		t.Errorf("HEAD: %d", w.Code)
	}
}

func TestWasmEncoding(t *testing.T) {
	h := Server(site(t))
	for _, tc := range []struct{ ae, enc, body string }{
		{"gzip, deflate, br", "br", "br-bytes"},
		{"br;q=0, gzip", "gzip", "gz-bytes"},
		{"br;q=0.0, gzip;q=0", "", "\x00asm-raw"},
		{"gzip;q=0.5", "gzip", "gz-bytes"},
		{"identity", "", "\x00asm-raw"},
		{"*", "br", "br-bytes"},
		{"*;q=0, gzip", "gzip", "gz-bytes"},
		{"BR", "br", "br-bytes"},
		{"", "", "\x00asm-raw"},
	} {
		w := get(h, "GET", "/web/app.wasm", "Accept-Encoding", tc.ae)
		if w.Code != 200 || w.Header().Get("Content-Encoding") != tc.enc || w.Body.String() != tc.body {
			t.Errorf("Accept-Encoding %q: status %d encoding %q body %q; want %q %q", tc.ae, w.Code, w.Header().Get("Content-Encoding"), w.Body.String(), tc.enc, tc.body)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("ETag") == "" || w.Header().Get("Cache-Control") == "" {
			t.Errorf("Accept-Encoding %q: Vary %q ETag %q Cache-Control %q", tc.ae, w.Header().Get("Vary"), w.Header().Get("ETag"), w.Header().Get("Cache-Control"))
		}
		// Revalidation with the tag answers 304.
		w2 := get(h, "GET", "/web/app.wasm", "Accept-Encoding", tc.ae, "If-None-Match", w.Header().Get("ETag"))
		if w2.Code != 304 {
			t.Errorf("Accept-Encoding %q: If-None-Match gave %d, want 304", tc.ae, w2.Code)
		}
	}
	a := get(h, "GET", "/web/app.wasm", "Accept-Encoding", "br").Header().Get("ETag")
	b := get(h, "GET", "/web/app.wasm", "Accept-Encoding", "gzip").Header().Get("ETag")
	if a == b {
		t.Errorf("br and gzip copies share the ETag %s", a)
	}
}

func TestHeadersFile(t *testing.T) {
	f := HeadersFile()
	if !strings.HasPrefix(f, "/*\n") || !strings.Contains(f, "  Content-Security-Policy: "+CSP+"\n") {
		t.Errorf("_headers file:\n%s", f)
	}
}
