package stackfix

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"corsim/fetchspec"
	"corsim/probe"
)

// TestRealServers: for each server program and each request shape, a
// server without CORS is probed (the scenario fails), the fix is written
// for that stack from the probe's own scenario, the server is restarted
// with it, and probed again: the scenario passes. A missing program skips
// loudly; CORSIM_REQUIRE_SERVERS=1 (set by .ci/run) makes that a failure.
func TestRealServers(t *testing.T) {
	body := `{"n":1}`
	shapes := []struct {
		name string
		opt  probe.Options
	}{
		{"simple GET", probe.Options{Method: "GET"}},
		{"PUT with JSON, credentials", probe.Options{Method: "PUT", Headers: [][2]string{{"Content-Type", "application/json"}}, Body: &body, Credentials: "include"}},
		{"DELETE with a custom header", probe.Options{Method: "DELETE", Headers: [][2]string{{"X-Trace", "abc"}}}},
	}
	for _, srv := range []server{nginxServer{}, apacheServer{}, caddyServer{}, goServer{"go-rs-cors"}, goServer{"go-jub0bs-cors"}, expressServer{}} {
		t.Run(srv.name(), func(t *testing.T) {
			bin, err := exec.LookPath(srv.binary())
			if err == nil {
				err = srv.available()
			}
			if err != nil {
				msg := fmt.Sprintf("!!! %s not found: the %s snippets are NOT tested against a real server (apt-get install %s)", srv.binary(), srv.name(), srv.pkg())
				if os.Getenv("CORSIM_REQUIRE_SERVERS") == "1" {
					t.Fatal(msg)
				}
				t.Skip(msg)
			}
			for _, sh := range shapes {
				t.Run(sh.name, func(t *testing.T) {
					port := freePort(t)
					stop := start(t, srv, bin, port, "")
					opt := sh.opt
					opt.URL = "http://api.test:" + port + "/items/1"
					opt.Origin = "http://app.test"
					opt.Resolve = map[string]string{"api.test:" + port: "127.0.0.1"}
					before, err := probe.Run(context.Background(), opt)
					stop()
					if err != nil {
						t.Fatal(err)
					}
					if before.Output.Results[0].Outcome == fetchspec.OutcomeOK {
						t.Fatal("the server without CORS already passes; the test proves nothing")
					}
					ps, ok := ForScenario(before.Scenario, 0, "")
					if !ok {
						t.Fatal("no server fix for the probe's scenario")
					}
					sn, _ := For(srv.stack(), ps)
					stop = start(t, srv, bin, port, sn.Code)
					defer stop()
					after, err := probe.Run(context.Background(), opt)
					if err != nil {
						t.Fatal(err)
					}
					if r := after.Output.Results[0]; r.Outcome != fetchspec.OutcomeOK {
						t.Errorf("with the snippet the scenario still fails: %s\nsnippet:\n%s\nexchanges: %+v", r.Error, sn.Code, after.Exchanges)
					}
				})
			}
		})
	}
}

type server interface {
	name() string
	binary() string
	pkg() string
	stack() string
	// available says what else the server needs that is missing.
	available() error
	// config writes the configuration into dir and returns the command.
	config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p
}

// start runs the server and waits until it accepts connections; stop
// kills it and waits for the port to be free again.
func start(t *testing.T, s server, bin, port, snippet string) (stop func()) {
	t.Helper()
	dir := t.TempDir()
	cmd := s.config(t, bin, dir, port, snippet)
	out := &lockedBuilder{}
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that stopping it stops Apache's children
	// too (they would keep the output pipe, and the port, open).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	stop = func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		// Apache's children may outlive the parent briefly.
		for i := 0; i < 100; i++ {
			if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
				c.Close()
				time.Sleep(50 * time.Millisecond)
				continue
			}
			break
		}
	}
	for i := 0; i < 200; i++ {
		select {
		case <-done:
			t.Fatalf("%s exited at start:\n%s\nconfig snippet:\n%s", s.name(), out.String(), snippet)
		default:
		}
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			return stop
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	t.Fatalf("%s did not listen on %s:\n%s", s.name(), port, out.String())
	return nil
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

type nginxServer struct{}

func (nginxServer) name() string     { return "nginx" }
func (nginxServer) binary() string   { return "nginx" }
func (nginxServer) pkg() string      { return "nginx-light" }
func (nginxServer) stack() string    { return "nginx" }
func (nginxServer) available() error { return nil }
func (nginxServer) config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd {
	// The application: every URL answers 200 with a JSON body.
	snippet = strings.ReplaceAll(snippet, ExistingLine, "return 200 '{}';")
	conf := `daemon off;
master_process off;
pid ` + dir + `/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    client_body_temp_path ` + dir + `/body;
    proxy_temp_path ` + dir + `/proxy;
    fastcgi_temp_path ` + dir + `/fastcgi;
    uwsgi_temp_path ` + dir + `/uwsgi;
    scgi_temp_path ` + dir + `/scgi;
    server {
        listen 127.0.0.1:` + port + `;
        location / { return 200 '{}'; }
` + snippet + `
    }
}
`
	write(t, dir+"/nginx.conf", conf)
	return exec.Command(bin, "-p", dir, "-c", dir+"/nginx.conf", "-e", "stderr")
}

type apacheServer struct{}

func (apacheServer) name() string     { return "apache" }
func (apacheServer) binary() string   { return "apache2" }
func (apacheServer) pkg() string      { return "apache2" }
func (apacheServer) stack() string    { return "apache" }
func (apacheServer) available() error { return nil }
func (apacheServer) config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd {
	mods := "/usr/lib/apache2/modules/"
	user := ""
	if os.Geteuid() == 0 {
		user = "User www-data\nGroup www-data\n"
	}
	// The application: a file at /items/1 (GET answers it; other
	// methods get Apache's own answer, which the CORS check does not
	// judge by its status).
	write(t, dir+"/www/items/1", "{}")
	conf := `ServerRoot ` + dir + `
LoadModule mpm_event_module ` + mods + `mod_mpm_event.so
LoadModule authz_core_module ` + mods + `mod_authz_core.so
LoadModule headers_module ` + mods + `mod_headers.so
LoadModule rewrite_module ` + mods + `mod_rewrite.so
` + user + `Listen 127.0.0.1:` + port + `
ServerName localhost
PidFile ` + dir + `/httpd.pid
ErrorLog /dev/stderr
DocumentRoot ` + dir + `/www
<Directory ` + dir + `/www>
    AllowOverride None
    Require all granted
</Directory>
` + snippet + "\n"
	write(t, dir+"/httpd.conf", conf)
	// The worker runs as www-data: it must reach the files.
	for _, d := range []string{dir, filepath.Dir(dir), dir + "/www", dir + "/www/items"} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// -X: one process, in the foreground, no children to outlive it.
	return exec.Command(bin, "-f", dir+"/httpd.conf", "-X")
}

type caddyServer struct{}

func (caddyServer) name() string     { return "caddy" }
func (caddyServer) binary() string   { return "caddy" }
func (caddyServer) pkg() string      { return "caddy" }
func (caddyServer) stack() string    { return "caddy" }
func (caddyServer) available() error { return nil }
func (caddyServer) config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd {
	conf := `{
	admin off
	auto_https off
}
http://:` + port + ` {
	bind 127.0.0.1
` + snippet + `
	respond "{}" 200
}
`
	write(t, dir+"/Caddyfile", conf)
	cmd := exec.Command(bin, "run", "--config", dir+"/Caddyfile", "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir, "HOME="+dir)
	return cmd
}

// lockedBuilder collects a server's output from two pipes at once.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// goServer compiles a Go program around the snippet: the application
// answers {} to everything, and the snippet wraps it.
type goServer struct{ lib string }

func (g goServer) name() string   { return g.lib }
func (goServer) binary() string   { return "go" }
func (goServer) pkg() string      { return "golang" }
func (g goServer) stack() string  { return g.lib }
func (goServer) available() error { return nil }
func (g goServer) config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd {
	imp := ""
	if snippet != "" {
		imp = map[string]string{"go-rs-cors": `"github.com/rs/cors"`, "go-jub0bs-cors": `"github.com/jub0bs/cors"`}[g.lib]
	}
	src := `package main

import (
	"io"
	"log"
	"net/http"
	"os"
	` + imp + `
)

func main() {
	var handler http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "{}") })
` + snippet + `
	log.Fatal(http.ListenAndServe("127.0.0.1:"+os.Args[1], handler))
}
`
	write(t, dir+"/main.go", src)
	// Built inside this module, whose go.mod pins both libraries.
	build := exec.Command(bin, "build", "-o", dir+"/server", dir+"/main.go")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the %s snippet does not compile: %v\n%s\n%s", g.lib, err, out, src)
	}
	return exec.Command(dir+"/server", port)
}

// expressServer runs Node with Express and the cors package from tools/
// (npm install there, as make test does).
type expressServer struct{}

func (expressServer) name() string   { return "express" }
func (expressServer) binary() string { return "node" }
func (expressServer) pkg() string    { return "nodejs, and npm install in tools/" }
func (expressServer) stack() string  { return "express" }
func (expressServer) available() error {
	for _, m := range []string{"express", "cors"} {
		if _, err := os.Stat(filepath.Join("..", "tools", "node_modules", m, "package.json")); err != nil {
			return fmt.Errorf("tools/node_modules/%s is missing (cd tools && npm install)", m)
		}
	}
	return nil
}
func (expressServer) config(t *testing.T, bin, dir, port, snippet string) *exec.Cmd {
	src := "const express = require('express');\nconst app = express();\n" + snippet +
		"\napp.all('*', (req, res) => res.status(200).send('{}'));\napp.listen(" + port + ", '127.0.0.1');\n"
	write(t, dir+"/server.js", src)
	abs, err := filepath.Abs(filepath.Join("..", "tools", "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, dir+"/server.js")
	cmd.Env = append(os.Environ(), "NODE_PATH="+abs)
	return cmd
}
