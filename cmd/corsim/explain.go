package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"corsim/fetchspec"
	"corsim/paste"
	"corsim/scenario"
)

// headerFlags collects repeated -H 'Name: value'.
type headerFlags [][2]string

func (h *headerFlags) String() string { return fmt.Sprint(*h) }
func (h *headerFlags) Set(v string) error {
	n, val, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(n) == "" {
		return errors.New("expected 'Name: value'")
	}
	*h = append(*h, [2]string{strings.TrimSpace(n), strings.TrimSpace(val)})
	return nil
}

// explainOutput is eval's result object plus what the paste was and the
// scenario built from it.
type explainOutput struct {
	*scenario.Output
	Kind     paste.Kind      `json:"kind"`
	Summary  string          `json:"summary"`
	Scenario json.RawMessage `json:"scenario"`
	Guesses  []paste.Guess   `json:"guesses,omitempty"`
	Problems []paste.Problem `json:"problems,omitempty"`
	Entries  []*paste.Entry  `json:"entries,omitempty"`
}

// maxInput caps what explain reads: a HAR file may be 200 MB, a paste
// 10 MB (paste.Parse refuses the rest with the size named).
const maxInput = 200<<20 + 1

func cmdExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt paste.Options
	var hs headerFlags
	fs.StringVar(&opt.Browser, "browser", "", "behaviour profile: "+fetchspec.ProfileChoices()+" (default: the paste's own browser, else chromium)")
	asJSON := fs.Bool("json", false, "print the result object of corsim eval --json, with kind and scenario")
	stack := stackFlag(fs)
	fs.StringVar(&opt.Origin, "origin", "", "the page's origin, e.g. http://localhost:3000")
	fs.StringVar(&opt.Method, "method", "", "the fetch() method")
	fs.StringVar(&opt.URL, "url", "", "the URL fetched")
	fs.Var(&hs, "H", "a request header 'Name: value' (repeatable)")
	fs.StringVar(&opt.Credentials, "credentials", "", "omit, same-origin or include")
	fs.StringVar(&opt.Mode, "mode", "", "cors, no-cors or same-origin")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if err := checkStack(*stack); err != nil {
		fmt.Fprintln(stderr, "corsim explain:", err)
		return 2
	}
	opt.Headers = hs
	if opt.Browser != "" && fetchspec.LookupProfile(opt.Browser) == nil {
		fmt.Fprintf(stderr, "corsim explain: unknown browser %q; expected %s\n", opt.Browser, fetchspec.ProfileChoices())
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "corsim explain: give one FILE, or - to read the paste from standard input")
		return 2
	}
	name := fs.Arg(0)
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(stderr, "corsim explain:", err)
			return 2
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput))
	if err != nil {
		fmt.Fprintln(stderr, "corsim explain:", err)
		return 2
	}
	if len(data) == maxInput {
		fmt.Fprintf(stderr, "%s: the input is over 200 MB; corsim reads pastes up to 10 MB and HAR files up to 200 MB\n", name)
		return 2
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	defer bw.Flush()
	stdout = bw
	res, err := paste.Parse(string(data), opt)
	if err != nil {
		fmt.Fprintf(stderr, "%s:%s\n", name, printable(err.Error()))
		var pe *paste.Error
		if errors.As(err, &pe) && pe.Text != "" {
			showExcerpt(stderr, pe.Text, pe.Col)
		}
		return 2
	}
	out, err := res.Scenario.Eval("")
	if err != nil {
		fmt.Fprintln(stderr, "corsim explain:", err)
		return 2
	}
	if *asJSON {
		o := explainOutput{Output: out, Kind: res.Kind, Summary: res.Summary, Scenario: res.Scenario.Marshal(), Guesses: res.Guesses, Problems: res.Problems, Entries: res.Entries}
		b, _ := json.MarshalIndent(o, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	fmt.Fprintf(stdout, "recognized: %s\n", res.Summary)
	for _, g := range res.Guesses {
		v := strings.TrimRight(strings.ReplaceAll(g.Value, "\r\n", "\n"), "\n")
		if strings.Contains(v, "\n") {
			v = "\n      " + strings.ReplaceAll(printable(strings.ReplaceAll(v, "\n", "\x00")), `\x00`, "\n      ")
		} else {
			v = printable(v)
		}
		fmt.Fprintf(stdout, "guessed %s: %s\n    (%s)\n", g.Field, v, g.Why)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(stdout, "%s:%d:%d: %s\n", name, p.Line, p.Col, p.Msg)
	}
	if len(res.Entries) > 0 {
		fmt.Fprintf(stdout, "\ncross-origin exchanges, blocked first (%s):\n", fetchspec.LookupProfile(res.Scenario.Browser).Display())
		for _, e := range res.Entries {
			v := "ok"
			if e.Outcome != "ok" {
				v = e.Outcome + " " + string(e.Error)
			}
			pre := ""
			if e.Preflight >= 0 {
				pre = fmt.Sprintf(" (preflight: entry %d)", e.Preflight)
			}
			fmt.Fprintf(stdout, "  entry %-4d %-7s %s from %s: %s%s\n", e.Index, e.Method, e.URL, e.Origin, v, pre)
		}
		fmt.Fprintln(stdout, "\nthe first of them, step by step:")
	}
	fmt.Fprintln(stdout)
	printTrace(stdout, res.Scenario, out)
	printStack(stdout, res.Scenario, out, *stack)
	return 0
}

// printable escapes control characters so a paste cannot move the
// terminal's cursor or change its colours.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
