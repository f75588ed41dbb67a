package scenario

import "testing"

// BenchmarkEval200: a 200-request scenario with preflights and cache
// expiry, evaluated with the full trace: what the page does per keystroke.
func BenchmarkEval200(b *testing.B) {
	s := &Scenario{Name: "200 requests", Origin: "http://app.test:18080"}
	for i := 0; i < 200; i++ {
		at := float64(i)
		s.Requests = append(s.Requests, Request{At: &at, Method: "PUT", URL: "http://api.test:18080/x", Headers: [][2]string{{"X-Trace", "1"}}})
	}
	s.Server = []Rule{
		{Method: "OPTIONS", URL: "http://api.test:18080/x", Response: "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Headers: x-trace\r\nAccess-Control-Max-Age: 3\r\n\r\n"},
		{URL: "http://api.test:18080/x", Response: "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\n\r\n"},
	}
	if err := s.Validate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Eval("chromium"); err != nil {
			b.Fatal(err)
		}
	}
}
