// Command wasmpack merges the data segments of a WebAssembly module.
//
// Go's linker writes one active data segment per run of initialized
// memory, about 91,000 in app.wasm, and each costs a flag, an offset
// expression and a length (up to 11 bytes) that compress poorly. Segments
// that are close together are merged into one, the gap between them
// filled with zeros: linear memory starts zeroed, so the memory image at
// instantiation is the same byte for byte (TestSameMemoryImage checks it
// on app.wasm itself). Segments that are passive, use another memory,
// overlap or have a non-constant offset are left as they are.
//
// Usage: wasmpack [-gap N] IN.wasm OUT.wasm
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
)

func main() {
	gap := flag.Int("gap", 256, "merge segments at most this many bytes apart")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: wasmpack [-gap N] IN.wasm OUT.wasm")
		os.Exit(2)
	}
	in, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
	out, before, after, err := pack(in, *gap)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(flag.Arg(1), out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "wasmpack:", err)
		os.Exit(1)
	}
	fmt.Printf("wasmpack: %d data segments -> %d, %d -> %d bytes\n", before, after, len(in), len(out))
}

// segment is one data segment; offset is -1 when it is not an active,
// constant-offset segment of memory 0 (kept as raw bytes then).
type segment struct {
	offset int64
	data   []byte
	raw    []byte
}

type reader struct {
	b []byte
	i int
}

var errTruncated = errors.New("truncated module")

func (r *reader) byte() (byte, error) {
	if r.i >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.i]
	r.i++
	return c, nil
}

func (r *reader) u32() (uint64, error) {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("LEB128 too long")
}

func (r *reader) s32() (int64, error) {
	var v int64
	shift := 0
	for shift < 35 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c < 0x80 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, nil
		}
	}
	return 0, errors.New("LEB128 too long")
}

func (r *reader) bytes(n uint64) ([]byte, error) {
	if uint64(len(r.b)-r.i) < n {
		return nil, errTruncated
	}
	b := r.b[r.i : r.i+int(n)]
	r.i += int(n)
	return b, nil
}

func appendU32(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

func appendS32(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// readSegments parses a data section's payload.
func readSegments(p []byte) ([]segment, error) {
	r := &reader{b: p}
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	segs := make([]segment, 0, n)
	for k := uint64(0); k < n; k++ {
		start := r.i
		flags, err := r.u32()
		if err != nil {
			return nil, err
		}
		s := segment{offset: -1}
		switch flags {
		case 0:
			// i32.const N end: the only offset the merge understands.
			save := r.i
			op, err := r.byte()
			if err != nil {
				return nil, err
			}
			if op == 0x41 {
				v, err := r.s32()
				if err != nil {
					return nil, err
				}
				if end, err := r.byte(); err == nil && end == 0x0b && v >= 0 {
					s.offset = v
				}
			}
			if s.offset < 0 {
				r.i = save
				if err := skipExpr(r); err != nil {
					return nil, err
				}
			}
		case 1:
		case 2:
			if _, err := r.u32(); err != nil {
				return nil, err
			}
			if err := skipExpr(r); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("data segment %d: unknown flags %d", k, flags)
		}
		size, err := r.u32()
		if err != nil {
			return nil, err
		}
		if s.data, err = r.bytes(size); err != nil {
			return nil, err
		}
		s.raw = p[start:r.i]
		segs = append(segs, s)
	}
	if r.i != len(p) {
		return nil, errors.New("data section has trailing bytes")
	}
	return segs, nil
}

// skipExpr skips a constant expression up to its end opcode; only the
// forms a data offset may take (i32.const, global.get) are known.
func skipExpr(r *reader) error {
	for {
		op, err := r.byte()
		if err != nil {
			return err
		}
		switch op {
		case 0x0b:
			return nil
		case 0x41:
			if _, err := r.s32(); err != nil {
				return err
			}
		case 0x23:
			if _, err := r.u32(); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unsupported opcode 0x%02x in a data offset", op)
		}
	}
}

// merge joins active constant-offset segments at most gap bytes apart.
// A module with any other kind of segment, or with overlapping ones (where
// the order of writes matters), is left as it is.
func merge(segs []segment, gap int) ([]segment, bool) {
	var active, other []segment
	for _, s := range segs {
		if s.offset >= 0 {
			active = append(active, s)
		} else {
			other = append(other, s)
		}
	}
	if len(other) > 0 {
		// A global.get offset or another memory could overlap anything:
		// keep the module as it is.
		return segs, false
	}
	sort.SliceStable(active, func(i, j int) bool { return active[i].offset < active[j].offset })
	for i := 1; i < len(active); i++ {
		if active[i].offset < active[i-1].offset+int64(len(active[i-1].data)) {
			return segs, false // overlapping: later ones win; keep order
		}
	}
	var out []segment
	for _, s := range active {
		if n := len(out); n > 0 {
			last := &out[n-1]
			end := last.offset + int64(len(last.data))
			if s.offset-end <= int64(gap) {
				if last.raw != nil {
					// First merge: copy out of the input module, which
					// appending would otherwise overwrite.
					last.data = append([]byte(nil), last.data...)
					last.raw = nil
				}
				last.data = append(last.data, make([]byte, s.offset-end)...)
				last.data = append(last.data, s.data...)
				continue
			}
		}
		out = append(out, s)
	}
	return out, true
}

func writeSegments(segs []segment) []byte {
	p := appendU32(nil, uint64(len(segs)))
	for _, s := range segs {
		if s.raw != nil {
			p = append(p, s.raw...)
			continue
		}
		p = append(p, 0, 0x41)
		p = appendS32(p, s.offset)
		p = append(p, 0x0b)
		p = appendU32(p, uint64(len(s.data)))
		p = append(p, s.data...)
	}
	return p
}

// pack rewrites the module's data section (id 11) and data count section
// (id 12), leaving every other section as it is.
func pack(m []byte, gap int) (out []byte, before, after int, err error) {
	if len(m) < 8 || string(m[:4]) != "\x00asm" {
		return nil, 0, 0, errors.New("not a WebAssembly module")
	}
	type section struct {
		id      byte
		payload []byte
	}
	var secs []section
	r := &reader{b: m, i: 8}
	for r.i < len(m) {
		id, err := r.byte()
		if err != nil {
			return nil, 0, 0, err
		}
		n, err := r.u32()
		if err != nil {
			return nil, 0, 0, err
		}
		p, err := r.bytes(n)
		if err != nil {
			return nil, 0, 0, err
		}
		secs = append(secs, section{id, p})
	}
	count := -1
	for i, s := range secs {
		if s.id != 11 {
			continue
		}
		segs, err := readSegments(s.payload)
		if err != nil {
			return nil, 0, 0, err
		}
		merged, _ := merge(segs, gap)
		before, after, count = len(segs), len(merged), len(merged)
		secs[i].payload = writeSegments(merged)
	}
	out = append([]byte(nil), m[:8]...)
	for _, s := range secs {
		if s.id == 12 && count >= 0 {
			s.payload = appendU32(nil, uint64(count))
		}
		out = append(out, s.id)
		out = appendU32(out, uint64(len(s.payload)))
		out = append(out, s.payload...)
	}
	return out, before, after, nil
}
