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
	// The live heap is about 2 MB and a keystroke that flips the verdict
	// allocates about 0.4 MB, so the default collects every five
	// keystrokes; each collection also runs the finalizers of the js.Values
	// dropped since, on the one thread that runs the page, and the
	// keystroke it lands on takes some 50 ms instead of 8 (measured with
	// runtime.MemStats over 61 keystrokes: 11 collections at 100 %, 2 at
	// 400 %, 0 at 1600 % with 44 MB taken). At 800 % it was 3 over 141
	// keystrokes, one in about 47, with 37 MB taken from the system.
	debug.SetGCPercent(800)
	corsapp.GuardLocation()
	corsapp.Register()
	app.RunWhenOnBrowser()
}
