// Package pwa holds the server side of the page: the go-app handler and
// precompressed app.wasm. Only cmd/corsim and the browser tests import it;
// the wasm entry must not.
package pwa

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Handler is the go-app PWA handler serving root/web. It lives here, not in app/, so that
// the browser entry never links the server.
func Handler(root string) *app.Handler {
	return &app.Handler{
		Name:            "corsim — a CORS simulator",
		ShortName:       "corsim",
		Title:           "corsim — see what the browser does with CORS",
		Description:     "Runs the Fetch standard's CORS algorithms in your browser and draws them as a flowchart: which check failed, on which header, and what the server must change.",
		Lang:            "en",
		Author:          "corsim",
		Keywords:        []string{"CORS", "fetch", "preflight", "Access-Control-Allow-Origin"},
		BackgroundColor: "#f4f6fb",
		ThemeColor:      "#1d4e89",
		LoadingLabel:    "Loading the CORS engine…",
		Icon:            app.Icon{Default: "/web/icon-192.png", Large: "/web/icon-512.png", SVG: "/web/icon.svg"},
		Styles:          []string{"/web/style.css"},
		// No update polling: after the first load the page makes no request.
		AutoUpdateInterval: 0,
		Resources:          NewWebFiles(strings.TrimSuffix(root, "/") + "/web"),
	}
}

// Compressed serves web/app.wasm precompressed (app.wasm.br, app.wasm.gz,
// written by make wasm) when the client accepts it, q-values honoured. The
// wasm and its copies carry an ETag of their own bytes and must be
// revalidated, so a rebuilt app.wasm is never mixed with a stale page.
func Compressed(next http.Handler, webDir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/web/app.wasm" && r.URL.Path != "/app.wasm" {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Cache-Control", "no-cache")
		orig, err := os.Stat(filepath.Join(webDir, "app.wasm"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ae := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !acceptsEncoding(ae, enc.name) {
				continue
			}
			f, err := os.Open(filepath.Join(webDir, "app.wasm"+enc.ext))
			if err != nil {
				continue
			}
			defer f.Close()
			// A compressed copy older than app.wasm, or empty (an
			// interrupted build), must not be served.
			fi, err := f.Stat()
			if err != nil || fi.Size() == 0 || fi.ModTime().Before(orig.ModTime().Add(-time.Second)) {
				continue
			}
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Encoding", enc.name)
			w.Header().Set("ETag", etag(fi, enc.name))
			http.ServeContent(w, r, "", fi.ModTime(), f)
			return
		}
		f, err := os.Open(filepath.Join(webDir, "app.wasm"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", "application/wasm")
		w.Header().Set("ETag", etag(orig, "identity"))
		http.ServeContent(w, r, "", orig.ModTime(), f)
	})
}

// etag names one file version: its size and modification time, and the
// encoding, so that the br and gzip copies never share a tag.
func etag(fi os.FileInfo, enc string) string {
	return `"` + strconv.FormatInt(fi.Size(), 36) + "-" + strconv.FormatInt(fi.ModTime().UnixNano(), 36) + "-" + enc + `"`
}

// go-app writes a viewport that forbids zooming; people who need larger
// text must be able to zoom (WCAG 1.4.4), so pages are served with this one.
const (
	lockedViewport = "width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"
	zoomViewport   = "width=device-width, initial-scale=1, viewport-fit=cover"
)

// FixViewport rewrites go-app's viewport meta tag in a page.
func FixViewport(html []byte) []byte {
	return []byte(strings.Replace(string(html), lockedViewport, zoomViewport, 1))
}

type bufferedWriter struct {
	http.ResponseWriter
	buf    []byte
	status int
}

func (b *bufferedWriter) WriteHeader(s int) { b.status = s }
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Pages wraps the handler so that HTML pages get FixViewport.
func Pages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/web/") || strings.Contains(r.URL.Path, ".") {
			next.ServeHTTP(w, r)
			return
		}
		bw := &bufferedWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(bw, r)
		body := bw.buf
		if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			body = FixViewport(body)
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		}
		w.WriteHeader(bw.status)
		_, _ = w.Write(body)
	})
}
