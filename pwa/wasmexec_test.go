package pwa

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// The wasm_exec.js the server sends must provide every function app.wasm
// imports. go-app embeds its own copy and picks it by Go version; a Go
// release that adds or renames an import (as Go 1.24 did) would load the
// page and then fail on the first call, so the build that CI runs is
// checked here against what the handler serves.
func TestWasmExecMatchesAppWasm(t *testing.T) {
	bin, err := os.ReadFile("../web/app.wasm")
	if err != nil {
		if os.Getenv("CORSIM_REQUIRE_BROWSERS") != "" {
			t.Fatalf("web/app.wasm is not built (make wasm): %v", err)
		}
		t.Skipf("SKIPPED: web/app.wasm is not built; run make wasm (make test does): %v", err)
	}
	imports, err := wasmImports(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(imports["gojs"], "runtime.wasmExit") || !slices.Contains(imports["gojs"], "syscall/js.valueGet") {
		t.Fatalf("the import section did not read as a Go program's: %v", imports)
	}
	w := get(Server(".."), "GET", "/wasm_exec.js")
	if w.Code != 200 {
		t.Fatalf("/wasm_exec.js: %d", w.Code)
	}
	js := w.Body.String()
	for _, name := range imports["gojs"] {
		if !strings.Contains(js, `"`+name+`"`) {
			t.Errorf("app.wasm imports gojs.%s, which the served wasm_exec.js does not provide", name)
		}
	}
	for mod := range imports {
		if mod != "gojs" {
			t.Errorf("app.wasm imports from module %q, which wasm_exec.js does not set up", mod)
		}
	}
}

// wasmImports lists the function names a WebAssembly module imports, by
// module (the import section, id 2, of the binary format).
func wasmImports(b []byte) (map[string][]string, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	r := &reader{b: b, i: 8}
	for r.i < len(b) {
		id := r.byte()
		size := int(r.uleb())
		end := r.i + size
		if r.err != nil || end > len(b) {
			return nil, errors.New("truncated section")
		}
		if id != 2 {
			r.i = end
			continue
		}
		out := map[string][]string{}
		for n := r.uleb(); n > 0 && r.err == nil; n-- {
			mod, name := r.name(), r.name()
			switch kind := r.byte(); kind {
			case 0: // function: a type index
				r.uleb()
				out[mod] = append(out[mod], name)
			case 1: // table: a reference type and limits
				r.byte()
				r.limits()
			case 2: // memory: limits
				r.limits()
			case 3: // global: a value type and mutability
				r.byte()
				r.byte()
			default:
				return nil, errors.New("unknown import kind")
			}
		}
		return out, r.err
	}
	return map[string][]string{}, nil
}

type reader struct {
	b   []byte
	i   int
	err error
}

func (r *reader) byte() byte {
	if r.i >= len(r.b) {
		r.err = errors.New("truncated")
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	return v
}

func (r *reader) name() string {
	n := int(r.uleb())
	if r.i+n > len(r.b) {
		r.err = errors.New("truncated name")
		return ""
	}
	r.i += n
	return string(r.b[r.i-n : r.i])
}

func (r *reader) limits() {
	if r.byte()&1 == 1 {
		r.uleb()
	}
	r.uleb()
}
