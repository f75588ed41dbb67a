package pwa

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// WebFiles serves the files of one directory, web/, at /web/ and nothing
// else: no directory listings, no dot files, no path that climbs out of
// the directory (an encoded "%2e%2e" arrives decoded and is refused the
// same). go-app's LocalDir serves its whole root with http.FileServer,
// which put go.mod and .git one "../" away; this provider replaces it.
type WebFiles struct {
	fsys fs.FS
}

// NewWebFiles serves dir (the project's web/ folder).
func NewWebFiles(dir string) WebFiles { return WebFiles{fsys: os.DirFS(dir)} }

// Package, Static and AppWASM tell go-app where the resources live: at the
// root of the site, so pages link /web/style.css and /web/app.wasm.
func (WebFiles) Package() string { return "" }

// Static is the prefix of /web in page links.
func (WebFiles) Static() string { return "" }

// AppWASM is the path of the page's program.
func (WebFiles) AppWASM() string { return "/web/app.wasm" }

// ServeHTTP answers /web/NAME with the file NAME of the directory.
func (d WebFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, ok := webName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, err := d.fsys.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "cannot serve this file", http.StatusInternalServerError)
		return
	}
	if path.Ext(name) == ".wasm" {
		w.Header().Set("Content-Type", "application/wasm")
	}
	http.ServeContent(w, r, name, fi.ModTime(), rs)
}

// webName maps a request path to a file name inside web/, refusing
// anything that is not a plain relative path of visible names.
func webName(p string) (string, bool) {
	name, ok := strings.CutPrefix(p, "/web/")
	if !ok || name == "" || !fs.ValidPath(name) {
		return "", false
	}
	for _, el := range strings.Split(name, "/") {
		if strings.HasPrefix(el, ".") {
			return "", false
		}
	}
	return name, true
}
