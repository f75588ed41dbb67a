package pwa

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// BenchmarkServeLoad puts 50 concurrent connections on the site over
// loopback and reports requests per second and the 99th percentile
// latency for the page and for app.wasm (the real one when built, else a
// 7 MB stand-in). Every response must be 200. Run: make bench.
func BenchmarkServeLoad(b *testing.B) {
	root := b.TempDir()
	_ = os.MkdirAll(filepath.Join(root, "web"), 0o755)
	wasm, err := os.ReadFile("../web/app.wasm")
	if err != nil {
		wasm = make([]byte, 7<<20)
	}
	_ = os.WriteFile(filepath.Join(root, "web", "app.wasm"), wasm, 0o644)
	if br, err := os.ReadFile("../web/app.wasm.br"); err == nil {
		_ = os.WriteFile(filepath.Join(root, "web", "app.wasm.br"), br, 0o644)
	}
	app.Route("/", &app.Compo{})
	srv := httptest.NewServer(Server(root))
	defer srv.Close()
	for _, tc := range []struct{ name, path, ae string }{
		{"page", "/", ""},
		{"wasm-br", "/web/app.wasm", "br"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tr := &http.Transport{MaxIdleConnsPerHost: 50, DisableCompression: true}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			const conns = 50
			var mu sync.Mutex
			var lat []time.Duration
			errs := 0
			jobs := make(chan struct{}, b.N)
			for i := 0; i < b.N; i++ {
				jobs <- struct{}{}
			}
			close(jobs)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for c := 0; c < conns; c++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range jobs {
						req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
						if tc.ae != "" {
							req.Header.Set("Accept-Encoding", tc.ae)
						}
						t0 := time.Now()
						resp, err := client.Do(req)
						ok := err == nil && resp.StatusCode == 200
						if err == nil {
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
						d := time.Since(t0)
						mu.Lock()
						lat = append(lat, d)
						if !ok {
							errs++
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			el := time.Since(start)
			b.StopTimer()
			if errs > 0 {
				b.Fatalf("%d of %d requests failed", errs, b.N)
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(b.N)/el.Seconds(), "req/s")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
