package fetchspec

import "testing"

func benchServer(rules map[string]string) Server {
	parsed := map[string]*Response{}
	for k, raw := range rules {
		r, err := ParseRawResponse(raw)
		if err != nil {
			panic(err)
		}
		parsed[k] = r
	}
	return func(method string, u *URL) Answer {
		if r, ok := parsed[method+" "+u.String()]; ok {
			c := *r
			return Answer{Response: &c, Rule: 0}
		}
		if r, ok := parsed[u.String()]; ok {
			c := *r
			return Answer{Response: &c, Rule: 1}
		}
		return Answer{Response: &Response{Status: 404}, Rule: -1}
	}
}

var benchOrigin, _ = ParseOrigin("http://app.test:18080")

// BenchmarkSimpleGET: a cross-origin GET that passes the CORS check.
func BenchmarkSimpleGET(b *testing.B) {
	srv := benchServer(map[string]string{"http://api.test:18080/data": "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nContent-Type: text/plain\r\n\r\nhi"})
	in := FetchInput{URL: "http://api.test:18080/data"}
	b.ReportAllocs()
	for b.Loop() {
		e := NewEngine(LookupProfile("chromium"), benchOrigin, srv)
		if r := e.Fetch(in, 0); r.Outcome != "ok" {
			b.Fatal(r.Error)
		}
	}
}

// BenchmarkPreflightedPUT: a PUT with two unsafe headers, preflight and
// actual request, full trace.
func BenchmarkPreflightedPUT(b *testing.B) {
	srv := benchServer(map[string]string{
		"OPTIONS http://api.test:18080/items/1": "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Headers: content-type, x-trace\r\n\r\n",
		"http://api.test:18080/items/1":         "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nContent-Type: application/json\r\n\r\n{}",
	})
	body := "{}"
	in := FetchInput{Method: "PUT", URL: "http://api.test:18080/items/1", Headers: [][2]string{{"Content-Type", "application/json"}, {"X-Trace", "7"}}, Body: &body}
	b.ReportAllocs()
	for b.Loop() {
		e := NewEngine(LookupProfile("spec"), benchOrigin, srv)
		if r := e.Fetch(in, 0); r.Outcome != "ok" || r.Preflight != "sent" {
			b.Fatal(r.Error)
		}
	}
}

// BenchmarkCacheTenRequests: ten PUTs through one cache, Max-Age 10.
func BenchmarkCacheTenRequests(b *testing.B) {
	srv := benchServer(map[string]string{
		"OPTIONS http://api.test:18080/c": "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Max-Age: 10\r\n\r\n",
		"http://api.test:18080/c":         "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\n\r\n",
	})
	in := FetchInput{Method: "PUT", URL: "http://api.test:18080/c"}
	times := []float64{0, 2, 4, 9, 11, 13, 19, 22, 25, 30}
	b.ReportAllocs()
	for b.Loop() {
		e := NewEngine(LookupProfile("spec"), benchOrigin, srv)
		for _, at := range times {
			if r := e.Fetch(in, at); r.Outcome != "ok" {
				b.Fatal(r.Error)
			}
		}
	}
}

// BenchmarkRedirectChain: five cross-origin redirects, then the answer.
func BenchmarkRedirectChain(b *testing.B) {
	rules := map[string]string{}
	for i := 0; i < 5; i++ {
		rules["http://api.test:18080/r"+string(rune('0'+i))] = "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation: /r" + string(rune('1'+i)) + "\r\n\r\n"
	}
	rules["http://api.test:18080/r5"] = "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\n\r\n"
	srv := benchServer(rules)
	in := FetchInput{URL: "http://api.test:18080/r0"}
	b.ReportAllocs()
	for b.Loop() {
		e := NewEngine(LookupProfile("chromium"), benchOrigin, srv)
		if r := e.Fetch(in, 0); r.Outcome != "ok" || len(r.Wire) != 6 {
			b.Fatal(r.Error, len(r.Wire))
		}
	}
}

// BenchmarkManyHeaders: a PUT with 10,000 author headers and an
// Allow-Headers listing them all. Every list operation must be linear (or
// n log n): at 100,000 headers this once took minutes.
func BenchmarkManyHeaders(b *testing.B) {
	const n = 10000
	var in FetchInput
	in.Method, in.URL = "PUT", "http://api.test:18080/x"
	names := make([]byte, 0, n*8)
	for i := 0; i < n; i++ {
		name := "x-h" + itoa(i)
		in.Headers = append(in.Headers, [2]string{name, "v"})
		if i > 0 {
			names = append(names, ',')
		}
		names = append(names, name...)
	}
	srv := benchServer(map[string]string{
		"OPTIONS http://api.test:18080/x": "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Headers: " + string(names) + "\r\n\r\n",
		"http://api.test:18080/x":         "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://app.test:18080\r\n\r\n",
	})
	b.ReportAllocs()
	for b.Loop() {
		e := NewEngine(LookupProfile("chromium"), benchOrigin, srv)
		if r := e.Fetch(in, 0); r.Outcome != "ok" {
			b.Fatal(r.Error)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
