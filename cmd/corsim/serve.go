package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	corsapp "corsim/app"
	"corsim/pwa"
)

func cmdServe(args []string) int { return serveAt(args, os.Stderr) }

func serveAt(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8000", "address to listen on")
	if code, done := parseFlags(fs, args, os.Stdout, stderr); done {
		return code
	}
	corsapp.Register()
	// Bind first: "serving" is printed only once the port is ours.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "corsim serve: cannot listen on %s: %v\n", *addr, err)
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintln(stderr, "  another program uses that port; stop it or pick another: corsim serve --addr localhost:8001")
		}
		return 1
	}
	if _, err := os.Stat("web/app.wasm"); err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "corsim serve: web/app.wasm is missing; build it with `make wasm` (or use `make run`)")
		return 2
	}
	srv := newServer(pwa.Server("."))
	fmt.Fprintf(stderr, "corsim: serving http://%s (Ctrl-C stops)\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runServer(ctx, srv, ln, stderr)
}

// newServer bounds every phase of a connection, so a slow or idle client
// cannot hold the server: headers within 5 s, a whole request within 10 s,
// the biggest download (app.wasm, a few MB) within 2 minutes.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// runServer serves until ctx ends (SIGINT or SIGTERM), then stops
// accepting and lets in-flight downloads finish for up to 10 seconds.
func runServer(ctx context.Context, srv *http.Server, ln net.Listener, log io.Writer) int {
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintln(log, "corsim serve:", err)
		return 1
	case <-ctx.Done():
	}
	fmt.Fprintln(log, "corsim: stopping; letting downloads in progress finish")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintln(log, "corsim serve: shutdown:", err)
		return 1
	}
	return 0
}

func cmdSite(args []string) int {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	out := fs.String("out", "dist", "output directory")
	if code, done := parseFlags(fs, args, os.Stdout, os.Stderr); done {
		return code
	}
	corsapp.Register()
	if err := app.GenerateStaticWebsite(*out, pwa.Handler(".")); err != nil {
		fmt.Fprintln(os.Stderr, "corsim site:", err)
		return 1
	}
	index := filepath.Join(*out, "index.html")
	if b, err := os.ReadFile(index); err == nil {
		_ = os.WriteFile(index, pwa.FixViewport(b), 0o644)
	}
	// go-app creates dist/web empty; the assets are ours to copy.
	files, _ := filepath.Glob("web/*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(*out, "web", filepath.Base(f)), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "corsim site:", err)
			return 1
		}
	}
	if err := os.WriteFile(filepath.Join(*out, "_headers"), []byte(pwa.HeadersFile()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "corsim site:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "corsim: static site written to %s/ (with a _headers file for hosts that read one)\n", *out)
	return 0
}
