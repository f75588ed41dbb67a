package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"corsim/audit"
	"corsim/fetchspec"
	"corsim/probe"
	"corsim/scenario"
)

// resolveFlags is curl's --resolve HOST:PORT:ADDR, repeatable.
type resolveFlags map[string]string

func (r resolveFlags) String() string { return fmt.Sprint(map[string]string(r)) }
func (r resolveFlags) Set(v string) error {
	// HOST:PORT:ADDR, where ADDR may be an IPv6 address in brackets.
	host, rest, ok := strings.Cut(v, ":")
	if !ok || host == "" {
		return errors.New("want HOST:PORT:ADDR, e.g. api.example.com:443:127.0.0.1")
	}
	port, addr, ok := strings.Cut(rest, ":")
	if !ok || port == "" || addr == "" {
		return errors.New("want HOST:PORT:ADDR, e.g. api.example.com:443:127.0.0.1")
	}
	r[strings.ToLower(host)+":"+port] = addr
	return nil
}

// probeFlags are the flags probe and audit share.
func probeFlags(fs *flag.FlagSet, opt *probe.Options, rs resolveFlags) {
	fs.Var(rs, "resolve", "HOST:PORT:ADDR: connect to ADDR for HOST:PORT instead of asking DNS (repeatable, as curl's)")
	fs.BoolVar(&opt.Insecure, "k", false, "do not verify the server's TLS certificate")
	fs.DurationVar(&opt.ConnectTimeout, "connect-timeout", 0, "time to connect (default 5s)")
	fs.DurationVar(&opt.Timeout, "timeout", 0, "time for each whole exchange (default 15s)")
}

func cmdProbe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	var opt probe.Options
	var hs headerFlags
	rs := resolveFlags{}
	fs.StringVar(&opt.Origin, "origin", "", "the page's origin, e.g. https://app.example.com (required)")
	fs.StringVar(&opt.Method, "method", "GET", "the fetch() method; probe sends no other, but the browser's own preflight (OPTIONS)")
	fs.Var(&hs, "H", "a request header 'Name: value' given to fetch() (repeatable)")
	data := fs.String("data", "", "the request body")
	fs.StringVar(&opt.Credentials, "credentials", "", "omit, same-origin or include")
	fs.StringVar(&opt.Mode, "mode", "", "cors, no-cors or same-origin")
	fs.StringVar(&opt.Browser, "browser", "chromium", "whose requests to send and whose checks to run: "+fetchspec.ProfileChoices())
	fs.StringVar(&opt.Cookie, "cookie", "", "a Cookie header sent only on requests that carry credentials (with --credentials include)")
	asJSON := fs.Bool("json", false, "print the result object of corsim eval --json")
	stack := stackFlag(fs)
	save := fs.String("save", "", "write the exchange as a scenario file that corsim eval and the page open")
	probeFlags(fs, &opt, rs)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if err := checkStack(*stack); err != nil {
		fmt.Fprintln(stderr, "corsim probe:", err)
		return 2
	}
	if fs.NArg() != 1 || opt.Origin == "" {
		fmt.Fprintln(stderr, "corsim probe: give one URL and --origin, e.g. corsim probe https://api.example.com/items --origin https://app.example.com")
		return 2
	}
	opt.URL, opt.Headers, opt.Resolve = fs.Arg(0), hs, rs
	if _, err := fetchspec.ParseOrigin(opt.Origin); err != nil {
		fmt.Fprintf(stderr, "corsim probe: --origin %q: %v\n", printable(opt.Origin), err)
		return 2
	}
	if u, err := fetchspec.ParseURL(opt.URL); err != nil || !u.IsHTTPScheme() {
		fmt.Fprintf(stderr, "corsim probe: %q is not an http(s) URL (probe sends requests over the network only)\n", printable(opt.URL))
		return 2
	}
	if flagSet(fs, "data") {
		opt.Body = data
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := probe.Run(ctx, opt)
	if err != nil {
		fmt.Fprintln(stderr, "corsim probe:", printable(err.Error()))
		return 2
	}
	if *save != "" {
		if err := os.WriteFile(*save, res.Scenario.Marshal(), 0o644); err != nil {
			fmt.Fprintln(stderr, "corsim probe:", err)
			return 2
		}
	}
	if *asJSON {
		writeJSON(stdout, res.Output)
	} else {
		fmt.Fprintf(stdout, "sent %d request(s); the engine judged the answers:\n", len(res.Exchanges))
		for _, ex := range res.Exchanges {
			status, _, _ := strings.Cut(ex.Response, "\r\n")
			fmt.Fprintf(stdout, "  → %s %s\n    ← %s\n", printable(ex.Method), printable(ex.URL), printable(status))
		}
		fmt.Fprintln(stdout)
		printTrace(stdout, res.Scenario, res.Output)
		printStack(stdout, res.Scenario, res.Output, *stack)
		if *save != "" {
			fmt.Fprintf(stdout, "saved as %s (corsim eval %s; the page opens it too)\n", *save, *save)
		}
	}
	if len(res.Output.Results) > 0 && res.Output.Results[0].Outcome != fetchspec.OutcomeOK {
		return 1
	}
	return 0
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// auditOutput is what corsim audit --json prints.
type auditOutput struct {
	URL      string          `json:"url"`
	Origin   string          `json:"origin"`
	Findings []audit.Finding `json:"findings"`
}

func cmdAudit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	var opt probe.Options
	rs := resolveFlags{}
	origin := fs.String("origin", "", "the origin the server trusts, e.g. https://app.example.com (required)")
	asJSON := fs.Bool("json", false, `print {"url", "origin", "findings": [{"id", "severity", "summary", "evidence"}]}`)
	probeFlags(fs, &opt, rs)
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if fs.NArg() != 1 || *origin == "" {
		fmt.Fprintln(stderr, "corsim audit: give one URL (or a scenario .json file) and --origin, e.g. corsim audit https://api.example.com/items --origin https://app.example.com")
		return 2
	}
	trusted, err := fetchspec.ParseOrigin(*origin)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "corsim audit: --origin %q: %v\n", printable(*origin), err)
		return 2
	case trusted.Opaque:
		fmt.Fprintln(stderr, `corsim audit: --origin null: the audit needs the origin your server trusts, such as https://app.example.com (null is what it checks is NOT allowed)`)
		return 2
	}
	opt.URL, opt.Resolve = fs.Arg(0), rs
	var findings []audit.Finding
	if u, err := fetchspec.ParseURL(opt.URL); err != nil || !u.IsHTTPScheme() {
		// Not a URL: a scenario file, audited offline.
		sc, lerr := loadScenarioFile(opt.URL)
		if lerr != nil {
			fmt.Fprintf(stderr, "corsim audit: %s is neither an http(s) URL nor a scenario file: %v\n", printable(opt.URL), lerr)
			return 2
		}
		findings = audit.Offline(sc)
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		_, findings, err = probe.Audit(ctx, opt, trusted)
		if err != nil {
			fmt.Fprintln(stderr, "corsim audit:", printable(err.Error()))
			return 2
		}
	}
	if *asJSON {
		if findings == nil {
			findings = []audit.Finding{}
		}
		b, _ := json.MarshalIndent(auditOutput{URL: opt.URL, Origin: *origin, Findings: findings}, "", "  ")
		fmt.Fprintln(stdout, string(b))
	} else {
		if len(findings) == 0 {
			fmt.Fprintf(stdout, "%s: no finding (trusted origin %s)\n", printable(opt.URL), *origin)
		}
		for _, f := range findings {
			fmt.Fprintf(stdout, "[%s] %s\n  %s\n", f.Severity, f.ID, printable(f.Summary))
			for _, e := range f.Evidence {
				fmt.Fprintf(stdout, "  evidence:\n%s%s", indent(e.Request, "    > "), indent(e.Response, "    < "))
			}
		}
	}
	if len(findings) > 0 {
		return 1
	}
	return 0
}

func indent(s, prefix string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n") {
		b.WriteString(prefix + printable(l) + "\n")
	}
	return b.String()
}

func loadScenarioFile(name string) (*scenario.Scenario, error) {
	data, err := readCapped(name, maxScenario)
	if err != nil {
		return nil, err
	}
	return scenario.Load(name, data)
}
