// Command corsim evaluates CORS scenarios with the Fetch standard's
// algorithms and serves the teaching page.
//
//	corsim eval [--browser spec|chromium|firefox|webkit] [--json] [--check] FILE...
//	corsim explain [--browser B] [--json] [--origin O] [--method M] [--url U] [-H 'Name: value']... [--credentials C] [--mode M] FILE|-
//	corsim probe URL --origin O [--method M] [-H 'Name: value']... [--credentials C] [--mode M] [--browser B] [--resolve HOST:PORT:ADDR]... [--json] [--save FILE]
//	corsim audit URL|FILE --origin O [--resolve HOST:PORT:ADDR]... [--json]
//	corsim serve [--addr localhost:8000]
//	corsim site [--out dist]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	var code int
	switch os.Args[1] {
	case "eval":
		code = cmdEval(os.Args[2:], os.Stdout, os.Stderr)
	case "explain":
		code = cmdExplain(os.Args[2:], os.Stdin, os.Stdout, os.Stderr)
	case "probe":
		code = cmdProbe(os.Args[2:], os.Stdout, os.Stderr)
	case "audit":
		code = cmdAudit(os.Args[2:], os.Stdout, os.Stderr)
	case "serve":
		code = cmdServe(os.Args[2:])
	case "site":
		code = cmdSite(os.Args[2:])
	case "help", "-h", "--help":
		usage(os.Stdout)
	default:
		fmt.Fprintf(os.Stderr, "corsim: unknown command %q\n", os.Args[1])
		usage(os.Stderr)
		code = 2
	}
	os.Exit(code)
}

// parseFlags parses a command's flags. --help prints the command's flags to
// stdout and ends it with exit 0; a bad flag prints them to stderr, exit 2.
// done is true when the command must stop with code.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "usage of corsim %s:\n", fs.Name())
		fs.PrintDefaults()
		return 0, true
	case err != nil:
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, "corsim %s: %v\n", fs.Name(), err)
		fs.PrintDefaults()
		return 2, true
	}
	return 0, false
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  corsim eval [--browser spec|chromium|firefox|webkit] [--json] [--check] [--stack S] FILE...
      evaluate scenario files; --json prints the result objects of
      docs/scenario-format.md, --check exits 1 when an expectation fails.
      --stack writes the whole server fix as configuration for S: nginx,
      apache, caddy, express, go-rs-cors, go-jub0bs-cors, django, flask,
      spring, aspnet or s3 (explain and probe take it too)
  corsim explain [--browser B] [--json] [--origin O] [--method M] [--url U]
                 [-H 'Name: value']... [--credentials omit|same-origin|include]
                 [--mode cors|no-cors|same-origin] FILE|-
      read what you have after "blocked by CORS policy" (a raw response,
      DevTools headers, curl -v/-i output, Copy as cURL/fetch/PowerShell,
      console messages, a HAR file) and explain it: the trace, the
      verdict and the fix. Flags supply what the paste lacks and win.
  corsim probe URL --origin ORIGIN [--method M] [-H 'Name: value']...
               [--data BODY] [--credentials C] [--mode M] [--browser B]
               [--cookie C] [--resolve HOST:PORT:ADDR]... [-k] [--json] [--save FILE]
      send a live server what the browser would send (the preflight when
      one is needed, the request, each redirect), then judge its real
      answers: the trace, the verdict and the fix; exit 1 when blocked.
      --save writes the exchange as a scenario
  corsim audit URL --origin TRUSTED [--resolve HOST:PORT:ADDR]... [-k] [--json]
  corsim audit FILE.json --origin TRUSTED [--json]
      send a bounded set of crafted browser requests (GET and OPTIONS
      only, never a body or a cookie) and report weaknesses of the CORS
      policy with their evidence; a scenario file is audited offline
      (nothing is sent). Exit 0: no finding, 1: findings, 2: error
  corsim serve [--addr localhost:8000]
      serve the teaching page (build web/app.wasm first: make wasm)
  corsim site [--out dist]
      write the page as a static site
`)
}
