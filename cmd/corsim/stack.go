package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"corsim/scenario"
	"corsim/stackfix"
)

// stackFlag is --stack: the server stack to write the fix for.
func stackFlag(fs *flag.FlagSet) *string {
	return fs.String("stack", "", "also write the server fix as configuration for: "+strings.Join(stackfix.StackIDs(), ", "))
}

func checkStack(stack string) error {
	if stack == "" || slices.Contains(stackfix.StackIDs(), stack) {
		return nil
	}
	return errors.New("unknown stack " + stack + "; expected one of " + strings.Join(stackfix.StackIDs(), ", "))
}

// printStack writes, for each failing request whose fix is on the server,
// the whole fix (every round the engine needed) as the stack's
// configuration.
func printStack(w io.Writer, s *scenario.Scenario, out *scenario.Output, stack string) {
	if stack == "" {
		return
	}
	for i, r := range out.Results {
		if r.Outcome == "ok" {
			continue
		}
		ps, ok := stackfix.ForScenario(s, i, out.Browser)
		if !ok {
			continue
		}
		sn, _ := stackfix.For(stack, ps)
		fmt.Fprintf(w, "#%d: the whole server fix, for %s:\n\n%s\n", i+1, sn.Title, indent(sn.Code, "    "))
		if sn.Note != "" {
			fmt.Fprintf(w, "    (%s)\n\n", printable(sn.Note))
		}
	}
}
