package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A download in progress when the stop signal arrives still completes,
// and the server then returns 0.
func TestServeGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("first half,"))
		w.(http.Flusher).Flush()
		close(started)
		<-release
		w.Write([]byte("second half"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(h)
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 {
		t.Fatalf("a timeout is unset: %+v", srv)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var log bytes.Buffer
	rc := make(chan int, 1)
	go func() { rc <- runServer(ctx, srv, ln, &log) }()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body <- string(b)
	}()
	<-started
	cancel() // as SIGTERM would
	time.Sleep(50 * time.Millisecond)
	// New connections are refused once shutdown began.
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the server still accepts connections after the stop signal")
	}
	close(release)
	if got := <-body; got != "first half,second half" {
		t.Errorf("in-flight download: %q", got)
	}
	if code := <-rc; code != 0 {
		t.Errorf("exit code %d, log %s", code, log.String())
	}
	if !strings.Contains(log.String(), "stopping") {
		t.Errorf("log: %q", log.String())
	}
}

func TestServePortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr bytes.Buffer
	code := serveAt([]string{"--addr", ln.Addr().String()}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "another program uses that port") || strings.Contains(stderr.String(), "serving") {
		t.Errorf("code %d, stderr %q", code, stderr.String())
	}
}
