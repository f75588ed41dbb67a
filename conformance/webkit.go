package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"corsim/scenario"
)

// WebKit runs WebKitGTK's MiniBrowser (Debian's webkit2gtk-driver and
// libwebkit2gtk-4.1: the same WebCore CORS code as Safari) under Xvfb, a
// fresh private session per scenario. It has no resolver rules, so every
// *.test host reaches the harness through MiniBrowser's proxy setting:
// the harness is the proxy (server.go answers absolute-form targets and
// CONNECT tunnels). Console messages come from MiniBrowser's standard
// output (WebKit's "write console messages to stdout" setting).
type WebKit struct {
	Path string
	xvfb struct {
		once    sync.Once
		display string
		err     error
		cmd     *exec.Cmd // the Xvfb this browser started, if any
	}
}

// FindWebKit returns MiniBrowser, or "" when absent.
func FindWebKit() string {
	return firstExisting(os.Getenv("CORSIM_WEBKIT"), "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
}

func (w *WebKit) Name() string { return "webkit" }

// Version is WebKitGTK's, from the library MiniBrowser ships with.
func (w *WebKit) Version() string {
	out, err := exec.Command("dpkg-query", "-W", "-f", "${Version}", "libwebkit2gtk-4.1-0").Output()
	if err != nil {
		return "WebKitGTK (version unknown)"
	}
	return "WebKitGTK " + strings.TrimSpace(string(out))
}

// display starts one Xvfb for every run of this browser.
func (w *WebKit) display() (string, error) {
	w.xvfb.once.Do(func() {
		if d := os.Getenv("CORSIM_DISPLAY"); d != "" {
			w.xvfb.display = d
			return
		}
		xvfb, err := exec.LookPath("Xvfb")
		if err != nil {
			w.xvfb.err = errors.New("WebKit needs Xvfb (apt-get install xvfb)")
			return
		}
		for n := 90; n < 120; n++ {
			if _, err := os.Stat("/tmp/.X11-unix/X" + strconv.Itoa(n)); err == nil {
				continue
			}
			cmd := exec.Command(xvfb, ":"+strconv.Itoa(n), "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := cmd.Start(); err != nil {
				continue
			}
			for i := 0; i < 50; i++ {
				if _, err := os.Stat("/tmp/.X11-unix/X" + strconv.Itoa(n)); err == nil {
					w.xvfb.display, w.xvfb.cmd = ":"+strconv.Itoa(n), cmd
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			_ = cmd.Process.Kill()
		}
		w.xvfb.err = errors.New("could not start Xvfb")
	})
	return w.xvfb.display, w.xvfb.err
}

// Close stops Xvfb, if this browser started one.
func (w *WebKit) Close() {
	if c := w.xvfb.cmd; c != nil {
		_ = syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
		_ = c.Wait()
	}
}

// webkitConsoleLine is how MiniBrowser writes a console message:
// "URL:LINE:COL: CONSOLE LEVEL text" (the location may be empty).
var webkitConsoleLine = regexp.MustCompile(`CONSOLE (?:[A-Z]+ )?(?:LOG|ERROR|WARN|WARNING|INFO|DEBUG) (.*)$`)

// Run launches MiniBrowser and kills its process group when done.
func (w *WebKit) Run(ctx context.Context, srv *Server, sc *scenario.Scenario, name string, pm portMap) (*Record, error) {
	display, err := w.display()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "corsim-webkit-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	proxy := "http://127.0.0.1:" + strconv.Itoa(pm.base)
	// A fresh profile comes from the temporary XDG directories below;
	// --private would also stop the console reaching stdout.
	args := []string{w.Path, "--cookies-policy=always", "--proxy=" + proxy, "--ignore-host=",
		"--ignore-tls-errors", "--enable-write-console-messages-to-stdout=true", startURL(sc, pm)}
	// The web process writes the console through stdio, fully buffered
	// on a pipe: stdbuf makes it line-buffered (the setting reaches the
	// child processes through the environment), so nothing is lost when
	// the browser is killed.
	if sb, err := exec.LookPath("stdbuf"); err == nil {
		args = append([]string{sb, "-oL", "-eL"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_DATA_HOME="+dir+"/data", "XDG_CACHE_HOME="+dir+"/cache",
		"XDG_CONFIG_HOME="+dir+"/config", "WEBKIT_DISABLE_COMPOSITING_MODE=1", "LIBGL_ALWAYS_SOFTWARE=1")
	reps, output, stop, err := runLogged(ctx, srv, sc, cmd)
	if err != nil {
		tail := output()
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		return nil, fmt.Errorf("%w; MiniBrowser said:\n%s", err, tail)
	}
	defer stop()
	time.Sleep(150 * time.Millisecond)
	rec := &Record{Browser: "webkit", Version: w.Version(), Scenario: name}
	rec.Results = observe(sc, reps, srv.Log(), pm, func(r report) string {
		switch {
		case r.Outcome == "ok":
			return "ok"
		case r.ErrorName == "TypeError" && !strings.Contains(r.ErrorMessage, "access control") && !strings.Contains(r.ErrorMessage, "Load failed"):
			return "type-error"
		}
		return "network-error"
	})
	text := output()
	if os.Getenv("CORSIM_WEBKIT_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "MiniBrowser output (%d bytes):\n%s\n", len(text), text)
	}
	perCall(text, func(line string) (string, bool) {
		m := webkitConsoleLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			return "", false
		}
		return m[1], true
	}, func(i int, msg string) {
		if i >= len(rec.Results) {
			return
		}
		// Safari prints the reason, then its summary line.
		o := &rec.Results[i]
		if o.Message == "" {
			o.Message = pm.back(msg)
		} else if !strings.Contains(o.Message, "\n") {
			o.Message += "\n" + pm.back(msg)
		}
	})
	return rec, nil
}
