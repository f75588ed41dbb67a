package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"corsim/fetchspec"
	"corsim/scenario"
)

func cmdEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	browser := fs.String("browser", "", "behaviour profile: spec, chromium, firefox or webkit (default: the scenario's own)")
	asJSON := fs.Bool("json", false, "print results as JSON (scenario-format.md)")
	check := fs.Bool("check", false, "compare with each scenario's expect entries; exit 1 on a mismatch")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *browser != "" && fetchspec.Profiles[*browser] == nil {
		fmt.Fprintf(stderr, "corsim eval: unknown browser %q; expected spec, chromium, firefox or webkit\n", *browser)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "corsim eval: no scenario files given")
		return 2
	}
	code := 0
	for _, file := range fs.Args() {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			code = 2
			continue
		}
		s, err := scenario.Load(file, data)
		if err != nil {
			fmt.Fprintln(stderr, err)
			if e, ok := err.(*scenario.Error); ok && e.Text != "" {
				fmt.Fprintf(stderr, "    %s\n    %s^\n", e.Text, strings.Repeat(" ", max(0, e.Col-1)))
			}
			code = 2
			continue
		}
		out := s.Eval(*browser)
		if *asJSON {
			b, _ := json.MarshalIndent(out, "", "  ")
			fmt.Fprintln(stdout, string(b))
		} else {
			printTrace(stdout, s, out)
		}
		// Expectations hold for the scenario's own profile only.
		if *check && (*browser == "" || *browser == s.Browser) {
			for _, m := range s.Check(out) {
				fmt.Fprintf(stderr, "%s: %s\n", file, m)
				if code == 0 {
					code = 1
				}
			}
		}
	}
	return code
}

func printTrace(w io.Writer, s *scenario.Scenario, out *scenario.Output) {
	fmt.Fprintf(w, "%s  [%s]\n", out.Name, fetchspec.Profiles[out.Browser].Display)
	for i, r := range out.Results {
		req := s.Requests[i]
		m := req.Method
		if m == "" {
			m = "GET"
		}
		fmt.Fprintf(w, "\n#%d  at %gs  %s %s  (from %s)\n", i+1, r.At, m, req.URL, s.Origin)
		for _, st := range r.Steps {
			mark := map[fetchspec.StepStatus]string{fetchspec.Pass: "✓", fetchspec.Fail: "✗", fetchspec.Skip: "–", fetchspec.Info: "•"}[st.Status]
			fmt.Fprintf(w, "  %s %-44s #%s\n", mark, st.Title, st.Anchor[strings.IndexByte(st.Anchor, '#')+1:])
			fmt.Fprintf(w, "      %s\n", st.Detail)
			for _, in := range st.Inputs {
				if in.Value != "" {
					fmt.Fprintf(w, "      · %s: %s\n", in.Name, in.Value)
				}
			}
		}
		fmt.Fprintln(w, "  wire:")
		for _, wr := range r.Wire {
			c := ""
			if wr.Credentials {
				c = " +cookies"
			}
			fmt.Fprintf(w, "    → %s %s%s\n", wr.Method, wr.URL, c)
			for _, h := range wr.Headers {
				fmt.Fprintf(w, "        %s: %s\n", h[0], h[1])
			}
			if wr.Response != nil {
				fmt.Fprintf(w, "    ← %d %s\n", wr.Response.Status, wr.Response.StatusText)
			}
		}
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		switch r.Outcome {
		case "ok":
			fmt.Fprintf(w, "  verdict: ok, type %s, status %d, script can read: %s; preflight %s\n", r.Type, r.Status, strings.Join(r.ExposedHeaders, ", "), r.Preflight)
		default:
			fmt.Fprintf(w, "  verdict: %s (%s); preflight %s\n", r.Outcome, r.Error, r.Preflight)
			if r.Message != "" {
				fmt.Fprintf(w, "  console: %s\n", r.Message)
			}
			if r.Fix != nil {
				fmt.Fprintf(w, "  fix (%s): %s\n", r.Fix.Side, r.Fix.Summary)
				for _, kv := range r.Fix.Set {
					fmt.Fprintf(w, "        %s: %s\n", kv[0], kv[1])
				}
			}
		}
	}
	fmt.Fprintln(w)
}
