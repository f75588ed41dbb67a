package main

import (
	"bytes"
	"os"
	"testing"
)

// image applies a module's active data segments to a zeroed memory, in
// order, as instantiation does.
func image(t *testing.T, m []byte) []byte {
	t.Helper()
	r := &reader{b: m, i: 8}
	var mem []byte
	for r.i < len(m) {
		id, _ := r.byte()
		n, _ := r.u32()
		p, err := r.bytes(n)
		if err != nil {
			t.Fatal(err)
		}
		if id != 11 {
			continue
		}
		segs, err := readSegments(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range segs {
			if s.offset < 0 {
				t.Fatal("a segment the test cannot place")
			}
			if end := int(s.offset) + len(s.data); end > len(mem) {
				mem = append(mem, make([]byte, end-len(mem))...)
			}
			copy(mem[s.offset:], s.data)
		}
	}
	return bytes.TrimRight(mem, "\x00")
}

func module(segs ...segment) []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	// A memory section (one memory, min 1 page), then data count and data.
	m = append(m, 5, 3, 1, 0, 1)
	p := writeSegments(segs)
	m = append(m, 12, 1, byte(len(segs)))
	m = append(m, 11)
	m = appendU32(m, uint64(len(p)))
	return append(m, p...)
}

func TestMergeKeepsTheImage(t *testing.T) {
	cases := []struct {
		name string
		segs []segment
		gap  int
		want int
	}{
		{"adjacent", []segment{{offset: 0, data: []byte("ab")}, {offset: 2, data: []byte("cd")}}, 0, 1},
		{"gap filled", []segment{{offset: 0, data: []byte("ab")}, {offset: 10, data: []byte("cd")}}, 8, 1},
		{"gap too wide", []segment{{offset: 0, data: []byte("ab")}, {offset: 100, data: []byte("cd")}}, 8, 2},
		{"out of order", []segment{{offset: 50, data: []byte("x")}, {offset: 40, data: []byte("y")}, {offset: 0, data: []byte("z")}}, 16, 2},
		{"overlap kept as is", []segment{{offset: 0, data: []byte("abcd")}, {offset: 2, data: []byte("XY")}}, 8, 2},
		{"large offset", []segment{{offset: 1 << 20, data: []byte("hi")}, {offset: 1<<20 + 3, data: []byte("!")}}, 4, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := module(c.segs...)
			out, before, after, err := pack(in, c.gap)
			if err != nil {
				t.Fatal(err)
			}
			if before != len(c.segs) || after != c.want {
				t.Errorf("segments %d -> %d, want %d -> %d", before, after, len(c.segs), c.want)
			}
			if !bytes.Equal(image(t, in), image(t, out)) {
				t.Error("memory image changed")
			}
			// The data count section follows the new count.
			if i := bytes.Index(out, []byte{12, 1}); i < 0 || int(out[i+2]) != after {
				t.Error("data count section not updated")
			}
		})
	}
}

func TestRejectsWhatItCannotRead(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("\x00asm"), []byte("not wasm at all"), append(module(segment{offset: 0, data: []byte("a")}), 11, 5, 1)} {
		if _, _, _, err := pack(in, 8); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestSameMemoryImage runs the merge on the page's own app.wasm (built by
// make wasm before the tests) and compares the memory images.
func TestSameMemoryImage(t *testing.T) {
	in, err := os.ReadFile("../../web/app.wasm")
	if err != nil {
		t.Skip("web/app.wasm not built (make wasm): ", err)
	}
	out, before, after, err := pack(in, 256)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(image(t, in), image(t, out)) {
		t.Fatal("memory image changed")
	}
	t.Logf("%d segments -> %d", before, after)
}
