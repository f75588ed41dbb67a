package fetchspec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseRawResponse: any input gives a response or a positioned error,
// never a panic; a parsed response serializes and parses back the same.
func FuzzParseRawResponse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/fuzz/responses/*.txt")
	for _, s := range seeds {
		b, _ := os.ReadFile(s)
		f.Add(string(b))
	}
	f.Add("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody")
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := ParseRawResponse(raw)
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok || pe.Line < 1 || pe.Col < 1 || pe.Msg == "" {
				t.Fatalf("error without a position: %#v", err)
			}
			return
		}
		again, err := ParseRawResponse(r.Serialize())
		if err != nil {
			t.Fatalf("serialization %q does not parse: %v", r.Serialize(), err)
		}
		if again.Status != r.Status || len(again.Header) != len(r.Header) || again.Body != r.Body {
			t.Fatalf("round trip changed the response: %+v vs %+v", r, again)
		}
		for i := range r.Header {
			if again.Header[i] != r.Header[i] {
				t.Fatalf("header %d: %q vs %q", i, r.Header[i], again.Header[i])
			}
		}
	})
}

func TestParseRawResponseErrors(t *testing.T) {
	for _, tc := range []struct {
		raw       string
		line, col int
		want      string
	}{
		{"", 1, 1, "status line"},
		{"HTTP/1.1 200 OK\nA(b): 1\n\n", 2, 2, "token"},
		{"HTTP/1.1 2000 OK\n\n", 1, 10, "three-digit"},
		{"HTTP/1.1 200 OK\nBad Name: x\n\n", 2, 4, "space"},
		{"HTTP/1.1 200 OK\n folded: x\n\n", 2, 1, "no header above"},
		{"HTTPS/1.1 200 OK\n\n", 1, 1, "HTTP/1.1"},
	} {
		_, err := ParseRawResponse(tc.raw)
		pe, ok := err.(*ParseError)
		if !ok {
			t.Errorf("%q: got %v, want a ParseError", tc.raw, err)
			continue
		}
		if pe.Line != tc.line || pe.Col != tc.col || !strings.Contains(pe.Msg, tc.want) {
			t.Errorf("%q: got %d:%d %q, want %d:%d containing %q", tc.raw, pe.Line, pe.Col, pe.Msg, tc.line, tc.col, tc.want)
		}
	}
}

func TestParseRawResponseKeepsRepeats(t *testing.T) {
	r, err := ParseRawResponse("HTTP/1.1 200 OK\nA: 1\r\nB:2\nA:  3 \n\nbody\nmore")
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := r.Header.Get("a"); v != "1, 3" {
		t.Errorf("get a = %q, want \"1, 3\"", v)
	}
	if r.Body != "body\nmore" || r.Header.Count("A") != 2 {
		t.Errorf("body %q, count %d", r.Body, r.Header.Count("A"))
	}
}

// Lines HTTP/1.1 forbids but browsers may read are kept, each recorded
// with its kind, line and the header it became.
func TestParseRawResponseIrregular(t *testing.T) {
	r, err := ParseRawResponse("HTTP/1.1 200\r\nA : 1\r\nB: x,\r\n\t y\r\n  \r\nNoColon\r\nC\t: 3\r\n\r\nbody")
	if err != nil {
		t.Fatal(err)
	}
	want := HeaderList{{"A", "1"}, {"B", "x, y"}, {"C", "3"}}
	if len(r.Header) != len(want) {
		t.Fatalf("headers %v, want %v", r.Header, want)
	}
	for i := range want {
		if r.Header[i] != want[i] {
			t.Errorf("header %d: %v, want %v", i, r.Header[i], want[i])
		}
	}
	kinds := []IrregularKind{SpaceBeforeColon, ObsFold, ObsFold, NoColon, SpaceBeforeColon}
	lines := []int{2, 4, 5, 6, 7}
	idx := []int{0, 1, 1, -1, 2}
	if len(r.Irregular) != len(kinds) {
		t.Fatalf("irregular %+v", r.Irregular)
	}
	for i, ir := range r.Irregular {
		if ir.Kind != kinds[i] || ir.Line != lines[i] || ir.Index != idx[i] {
			t.Errorf("irregular %d: %+v, want %s line %d index %d", i, ir, kinds[i], lines[i], idx[i])
		}
	}
	if r.Status != 200 || r.StatusText != "" || r.Body != "body" {
		t.Errorf("status %d %q body %q", r.Status, r.StatusText, r.Body)
	}
}
