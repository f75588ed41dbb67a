// Package pwa holds the server side of the page: the go-app handler and
// precompressed app.wasm. Only cmd/corsim and the browser tests import it;
// the wasm entry must not.
package pwa

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

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
		Resources:          app.LocalDir(root),
	}
}

// Compressed serves web/app.wasm precompressed (app.wasm.br, app.wasm.gz,
// written by make wasm) when the client accepts it.
func Compressed(next http.Handler, webDir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/web/app.wasm" {
			ae := r.Header.Get("Accept-Encoding")
			for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if !strings.Contains(ae, enc.name) {
					continue
				}
				f, err := os.Open(filepath.Join(webDir, "app.wasm"+enc.ext))
				if err != nil {
					continue
				}
				defer f.Close()
				w.Header().Set("Content-Type", "application/wasm")
				w.Header().Set("Content-Encoding", enc.name)
				w.Header().Set("Vary", "Accept-Encoding")
				if fi, err := f.Stat(); err == nil {
					w.Header().Set("Content-Length", fmt.Sprint(fi.Size()))
				}
				_, _ = io.Copy(w, f)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
