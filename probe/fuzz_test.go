package probe

import (
	"bufio"
	"strings"
	"testing"

	"corsim/fetchspec"
)

// FuzzReadResponse: whatever a server sends, readResponse returns a raw
// response the engine can read, or an error; never a panic, never more
// body than the cap.
func FuzzReadResponse(f *testing.F) {
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\n{}",
		"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Methods: PUT\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
		"HTTP/1.0 302 Found\nLocation: /x\n\n",
		"HTTP/1.1 200 OK\r\nX-A : 1\r\n folded\r\n\r\nbody",
		"garbage",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		raw, truncated, err := readResponse(bufio.NewReader(strings.NewReader(in)), "GET", 64)
		if err != nil {
			return
		}
		end := strings.Index(raw, "\r\n\r\n")
		if end < 0 {
			t.Fatalf("no header end in %q", raw)
		}
		body := raw[end+4:]
		if len(body) > 64 || (truncated && len(body) != 64) {
			t.Fatalf("body of %d bytes, truncated %v", len(body), truncated)
		}
		// The engine reads it or names what is wrong; it never panics.
		_, _ = fetchspec.ParseRawResponse(raw)
	})
}
