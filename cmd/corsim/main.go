// Command corsim evaluates CORS scenarios with the Fetch standard's
// algorithms and serves the teaching page.
//
//	corsim eval [--browser spec|chromium|firefox|webkit] [--json] [--check] FILE...
//	corsim explain [--browser B] [--json] [--origin O] [--method M] [--url U] [-H 'Name: value']... [--credentials C] [--mode M] FILE|-
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
  corsim eval [--browser spec|chromium|firefox|webkit] [--json] [--check] FILE...
      evaluate scenario files; --json prints the result objects of
      docs/scenario-format.md, --check exits 1 when an expectation fails
  corsim explain [--browser B] [--json] [--origin O] [--method M] [--url U]
                 [-H 'Name: value']... [--credentials omit|same-origin|include]
                 [--mode cors|no-cors|same-origin] FILE|-
      read what you have after "blocked by CORS policy" (a raw response,
      DevTools headers, curl -v/-i output, Copy as cURL/fetch/PowerShell,
      console messages, a HAR file) and explain it: the trace, the
      verdict and the fix. Flags supply what the paste lacks and win.
  corsim serve [--addr localhost:8000]
      serve the teaching page (build web/app.wasm first: make wasm)
  corsim site [--out dist]
      write the page as a static site
`)
}
