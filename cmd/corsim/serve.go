package main

import (
	"fmt"
	"os"
)

func cmdServe(args []string) int {
	fmt.Fprintln(os.Stderr, "corsim serve: not built yet")
	return 2
}

func cmdSite(args []string) int {
	fmt.Fprintln(os.Stderr, "corsim site: not built yet")
	return 2
}
