package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	corsapp "corsim/app"
	"corsim/pwa"
)

func cmdServe(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "localhost:8000", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat("web/app.wasm"); err != nil {
		fmt.Fprintln(os.Stderr, "corsim serve: web/app.wasm is missing; build it with `make wasm` (or use `make run`)")
		return 2
	}
	corsapp.Register()
	fmt.Fprintf(os.Stderr, "corsim: serving http://%s\n", *addr)
	if err := http.ListenAndServe(*addr, pwa.Compressed(pwa.Pages(pwa.Handler(".")), "web")); err != nil {
		log.Println(err)
		return 1
	}
	return 0
}

func cmdSite(args []string) int {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	out := fs.String("out", "dist", "output directory")
	if err := fs.Parse(args); err != nil {
		return 2
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
	fmt.Fprintf(os.Stderr, "corsim: static site written to %s/\n", *out)
	return 0
}
