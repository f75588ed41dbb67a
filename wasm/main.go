//go:build js && wasm

// Command wasm is the browser entry point: routes and the client only. It
// must never reference app.Handler or other server code, which would link
// net/http's server into app.wasm.
package main

import (
	"runtime/debug"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	corsapp "corsim/app"
)

func main() {
	// The page boundary: a panic anywhere in the page ends here and is
	// shown with a way back, never as a page that silently stopped.
	defer corsapp.Crashed()
	// The heap stays at a few MB; collecting at 4x instead of 2x its live
	// size means fewer collections, each of which stalls the one thread
	// that also runs the page.
	debug.SetGCPercent(400)
	corsapp.GuardLocation()
	corsapp.Register()
	app.RunWhenOnBrowser()
}
