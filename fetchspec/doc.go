// Package fetchspec models the CORS parts of the WHATWG Fetch standard
// (https://fetch.spec.whatwg.org/, source commit 586cd2a4) as plain Go.
//
// Each file holds one algorithm or one group of definitions and keeps the
// standard's vocabulary: check.go is the CORS check (#concept-cors-check),
// preflight.go the CORS-preflight fetch (#cors-preflight-fetch-0), cache.go
// the CORS-preflight cache (#concept-cache), redirect.go HTTP-redirect fetch
// (#concept-http-redirect-fetch), fetch.go main fetch and HTTP fetch. Browser
// engines deviate from the standard in documented ways; those deviations are
// knobs on a Profile (profile.go), never special cases in the algorithms.
//
// The package does no I/O: the "network" is a Server callback that answers a
// request on the wire with a parsed raw response, and time is a number of
// seconds supplied by the caller. That keeps every run deterministic and lets
// the same code run natively and in WebAssembly.
package fetchspec
