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
	"unicode/utf8"

	"corsim/fetchspec"
	"corsim/scenario"
)

func cmdEval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	browser := fs.String("browser", "", "behaviour profile: "+fetchspec.ProfileChoices()+" (default: the scenario's own)")
	asJSON := fs.Bool("json", false, "print results as JSON (scenario-format.md)")
	stack := stackFlag(fs)
	check := fs.Bool("check", false, "compare with each scenario's expect entries; exit 1 on a mismatch")
	if code, done := parseFlags(fs, args, stdout, stderr); done {
		return code
	}
	if err := checkStack(*stack); err != nil {
		fmt.Fprintln(stderr, "corsim eval:", err)
		return 2
	}
	if *browser != "" && fetchspec.LookupProfile(*browser) == nil {
		fmt.Fprintf(stderr, "corsim eval: unknown browser %q; expected %s\n", *browser, fetchspec.ProfileChoices())
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "corsim eval: no scenario files given")
		return 2
	}
	code := 0
	bw := bufio.NewWriterSize(stdout, 64<<10)
	defer bw.Flush()
	stdout = bw
	for _, file := range fs.Args() {
		data, err := readCapped(file, maxScenario)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			code = 2
			continue
		}
		s, err := scenario.Load(file, data)
		if err != nil {
			var list scenario.ErrorList
			var e *scenario.Error
			if !errors.As(err, &list) && errors.As(err, &e) {
				list = scenario.ErrorList{e}
			}
			if len(list) > 0 {
				for _, e := range list {
					fmt.Fprintf(stderr, "%s:%d:%d: %s\n", e.File, e.Line, e.Col, printable(e.Msg))
					if e.Text != "" {
						showExcerpt(stderr, e.Text, e.Col)
					}
				}
			} else {
				fmt.Fprintln(stderr, printable(err.Error()))
			}
			code = 2
			continue
		}
		out, err := s.Eval(*browser)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			code = 2
			continue
		}
		if *asJSON {
			writeJSON(stdout, out)
		} else {
			printTrace(stdout, s, out)
			printStack(stdout, s, out, *stack)
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
	fmt.Fprintf(w, "%s  [%s]\n", printable(out.Name), fetchspec.LookupProfile(out.Browser).Display())
	for i, r := range out.Results {
		req := s.Requests[i]
		m := req.Method
		if m == "" {
			m = "GET"
		}
		fmt.Fprintf(w, "\n#%d  at %gs  %s %s  (from %s)\n", i+1, r.At, printable(m), printable(req.URL), printable(s.Origin))
		for _, wr := range r.Wire {
			if wr.Rule < 0 {
				fmt.Fprintf(w, "  ! %s\n", printable(scenario.NoRuleMatched(s, wr)))
			}
		}
		for _, st := range r.Steps {
			mark := map[fetchspec.StepStatus]string{fetchspec.Pass: "✓", fetchspec.Fail: "✗", fetchspec.Skip: "–", fetchspec.Info: "•"}[st.Status]
			fmt.Fprintf(w, "  %s %-44s #%s\n", mark, fetchspec.StepTitle(st.ID), fetchspec.StepAnchorURL(st.ID)[len(fetchspec.SpecURL)+1:])
			fmt.Fprintf(w, "      %s\n", printable(st.Detail()))
			for _, in := range st.Inputs() {
				if in.Value != "" {
					fmt.Fprintf(w, "      · %s: %s\n", in.Name, printable(in.Value))
				}
			}
		}
		fmt.Fprintln(w, "  wire:")
		for _, wr := range r.Wire {
			c := ""
			if wr.Credentials {
				c = " +cookies"
			}
			fmt.Fprintf(w, "    → %s %s%s\n", printable(wr.Method), printable(wr.URL), c)
			for _, h := range wr.Headers {
				fmt.Fprintf(w, "        %s: %s\n", printable(h[0]), printable(h[1]))
			}
			if len(wr.Added) > 0 {
				var names []string
				for _, h := range wr.Added {
					names = append(names, h[0])
				}
				fmt.Fprintf(w, "        (and, added by the browser: %s)\n", strings.Join(names, ", "))
			}
			if wr.Response != nil {
				fmt.Fprintf(w, "    ← %d %s\n", wr.Response.Status, wr.Response.StatusText)
			}
			if wr.Rule < 0 {
				fmt.Fprintln(w, "    ! no server rule matched: corsim's own 404")
			}
		}
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  note: %s\n", printable(n.String()))
		}
		switch r.Outcome {
		case "ok":
			fmt.Fprintf(w, "  verdict: ok, type %s, status %d, script can read: %s; preflight %s\n", r.Type, r.Status, strings.Join(r.ExposedHeaders, ", "), r.Preflight)
		default:
			fmt.Fprintf(w, "  verdict: %s (%s); preflight %s\n", r.Outcome, r.Error, r.Preflight)
			if msg := r.Message(); msg != "" {
				fmt.Fprintf(w, "  console: %s\n", printable(msg))
			}
			if r.Fix != nil {
				fmt.Fprintf(w, "  fix (%s): %s\n", r.Fix.Side, printable(r.Fix.Summary()))
				for _, kv := range r.Fix.Set {
					fmt.Fprintf(w, "        %s: %s\n", printable(kv[0]), printable(kv[1]))
				}
			}
		}
	}
	fmt.Fprintln(w)
}

// maxScenario caps what eval reads: a scenario is text a person wrote; a
// device file or a runaway generator must not take the machine's memory.
const maxScenario = 64 << 20

// readCapped reads a file, refusing more than limit bytes with the limit
// named.
func readCapped(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("more than %d MB; corsim reads scenario files up to %d MB", limit>>20, limit>>20)
	}
	return data, nil
}

// writeJSON prints the result object a result at a time, in the same
// bytes json.MarshalIndent would give for the whole, without holding the
// whole document in memory.
func writeJSON(w io.Writer, out *scenario.Output) {
	name, _ := json.Marshal(out.Name)
	browser, _ := json.Marshal(out.Browser)
	fmt.Fprintf(w, "{\n  \"name\": %s,\n  \"browser\": %s,\n  \"results\": [", name, browser)
	for i, r := range out.Results {
		b, _ := json.MarshalIndent(r, "    ", "  ")
		if i > 0 {
			io.WriteString(w, ",")
		}
		io.WriteString(w, "\n    ")
		w.Write(b)
	}
	if len(out.Results) > 0 {
		io.WriteString(w, "\n  ")
	}
	io.WriteString(w, "]\n}\n")
}

// showExcerpt prints the offending line with a caret under col; a long
// line is cut to a window around the column, so a 10 MB one-line file
// prints a line, not 10 MB.
func showExcerpt(w io.Writer, text string, col int) {
	const before, after = 60, 60
	start, end := max(0, col-1-before), min(len(text), col-1+after)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	pre, post := "", ""
	if start > 0 {
		pre = "…"
	}
	if end < len(text) {
		post = "…"
	}
	shown := printable(text[start:min(end, max(start, col-1))])
	fmt.Fprintf(w, "    %s%s%s\n    %s^\n", pre, printable(text[start:end]), post, strings.Repeat(" ", utf8.RuneCountInString(pre)+utf8.RuneCountInString(shown)))
}
