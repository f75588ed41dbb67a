package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"corsim/scenario"
)

// Browser runs one scenario in a fresh profile and returns its record.
type Browser interface {
	Name() string
	Version() string
	Run(ctx context.Context, srv *Server, sc *scenario.Scenario, name string, pm portMap) (*Record, error)
}

// FindChromium returns Debian's Chromium, or "" when absent.
func FindChromium() string {
	return firstExisting(os.Getenv("CORSIM_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
}

// FindFirefox returns Debian's Firefox ESR, or "" when absent.
func FindFirefox() string {
	return firstExisting(os.Getenv("CORSIM_FIREFOX"), "/usr/bin/firefox-esr", "/usr/bin/firefox")
}

// firstExisting returns the first non-empty path that exists, or "".
func firstExisting(paths ...string) string {
	for _, p := range paths {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func versionOf(path string) string {
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// waitReports collects the runner's reports until it says done.
func waitReports(ctx context.Context, srv *Server, n int) ([]report, error) {
	var reps []report
	for {
		select {
		case b := <-srv.report:
			var r report
			if err := json.Unmarshal(b, &r); err != nil {
				return reps, err
			}
			if r.Fatal != "" {
				return reps, errors.New("runner failed: " + r.Fatal)
			}
			reps = append(reps, r)
		case <-srv.done:
			for len(srv.report) > 0 {
				var r report
				_ = json.Unmarshal(<-srv.report, &r)
				reps = append(reps, r)
			}
			if len(reps) != n {
				return reps, errors.New("runner reported " + strconv.Itoa(len(reps)) + " of " + strconv.Itoa(n) + " calls")
			}
			return reps, nil
		case <-ctx.Done():
			return reps, ctx.Err()
		}
	}
}

// startURL is the cookie chain that ends on the runner page: each host sets
// a cookie as a first party, so a credentialed request can be recognised
// on the wire by its Cookie header.
func startURL(sc *scenario.Scenario, pm portMap) string {
	// An https page walks the chain over https, so that its Secure
	// cookies are set without marking any http origin as secure.
	scheme := "http://"
	if strings.HasPrefix(sc.Origin, "https:") {
		scheme = "https://"
	}
	run := pm.forth(scheme + "app.test:18080/__corsim/run")
	next := run
	for _, h := range []string{"other.test:18081", "api.test:18081", "app.test:18081", "other.test:18080", "api.test:18080"} {
		next = pm.forth(scheme+h) + "/__corsim/cookie?next=" + escape(next)
	}
	return pm.forth(scheme+"app.test:18080") + "/__corsim/cookie?next=" + escape(next)
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '/' || c == ':' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}

// secureOrigins lists the scenario origins on this worker's ports, so that
// Chromium accepts a SameSite=None; Secure cookie over plain http and a
// credentialed request can be seen on the wire.
func secureOrigins(pm portMap) string {
	var o []string
	for _, h := range []string{"app.test", "api.test", "other.test"} {
		for _, p := range []string{"18080", "18081"} {
			o = append(o, pm.forth("http://"+h+":"+p))
		}
	}
	return strings.Join(o, ",")
}

// Chromium drives Debian's Chromium through the DevTools protocol.
type Chromium struct{ Path string }

func (c *Chromium) Name() string    { return "chromium" }
func (c *Chromium) Version() string { return versionOf(c.Path) }

// Run starts a headless Chromium with a fresh profile, maps the scenario
// hosts to loopback with its own resolver rules, and records the CORS error
// and the console message of every failing call.
func (c *Chromium) Run(ctx context.Context, srv *Server, sc *scenario.Scenario, name string, pm portMap) (*Record, error) {
	dir, err := os.MkdirTemp("", "corsim-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(c.Path),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("host-resolver-rules", "MAP *.test 127.0.0.1"),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("proxy-server", "direct://"),
		// The harness's https is signed by a root made for this run.
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("disable-features", "HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,SameSiteByDefaultCookies,CookiesWithoutSameSiteMustBeSecure,ThirdPartyStoragePartitioning,TrackingProtection3pcd,BlockInsecurePrivateNetworkRequests"),
	)
	if !strings.HasPrefix(sc.Origin, "https:") {
		// Marking the http origins secure lets Chromium keep a
		// SameSite=None; Secure cookie over http; it would also make them
		// potentially trustworthy, hiding mixed content from an https page.
		opts = append(opts, chromedp.Flag("unsafely-treat-insecure-origin-as-secure", secureOrigins(pm)))
	}
	actx, cancelA := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelA()
	cctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()

	type ev struct {
		kind, text string
	}
	var mu sync.Mutex
	var evs []ev
	chromedp.ListenTarget(cctx, func(e any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := e.(type) {
		case *runtime.EventConsoleAPICalled:
			if len(e.Args) > 0 {
				var s string
				if json.Unmarshal(e.Args[0].Value, &s) == nil && strings.HasPrefix(s, "corsim:") {
					evs = append(evs, ev{"mark", s})
				}
			}
		case *log.EventEntryAdded:
			if e.Entry != nil && e.Entry.Level == log.LevelError {
				evs = append(evs, ev{"console", e.Entry.Text})
			}
		case *network.EventLoadingFailed:
			if e.CorsErrorStatus != nil {
				evs = append(evs, ev{"cors", string(e.CorsErrorStatus.CorsError)})
			} else if e.BlockedReason == network.BlockedReasonMixedContent {
				// Blocked in the renderer: no net error names it.
				evs = append(evs, ev{"net", "blocked:" + string(e.BlockedReason)})
			} else if e.ErrorText != "" && !e.Canceled {
				evs = append(evs, ev{"net", e.ErrorText})
			}
		}
	})
	if err := chromedp.Run(cctx, network.Enable(), log.Enable(), runtime.Enable()); err != nil {
		return nil, err
	}
	go func() { _ = chromedp.Run(cctx, chromedp.Navigate(startURL(sc, pm))) }()
	reps, err := waitReports(ctx, srv, len(sc.Requests))
	if err != nil {
		return nil, err
	}
	// Give late events a moment, then split them by markers.
	time.Sleep(100 * time.Millisecond)
	rec := &Record{Browser: "chromium", Version: c.Version(), Scenario: name}
	rec.Results = observe(sc, reps, srv.Log(), pm, func(r report) string {
		switch {
		case r.Outcome == "ok":
			return "ok"
		case strings.HasPrefix(r.ErrorMessage, "Failed to execute"):
			return "type-error"
		}
		return "network-error"
	})
	mu.Lock()
	cur := -1
	for _, e := range evs {
		switch e.kind {
		case "mark":
			if strings.HasPrefix(e.text, "corsim:begin:") {
				cur, _ = strconv.Atoi(strings.TrimPrefix(e.text, "corsim:begin:"))
			} else {
				cur = -1
			}
		case "cors", "net":
			// A CORS error outranks the net error of the same load.
			if cur >= 0 && cur < len(rec.Results) && (rec.Results[cur].Error == "" || e.kind == "cors" && strings.HasPrefix(rec.Results[cur].Error, "net::")) {
				rec.Results[cur].Error = e.text
			}
		case "console":
			// The CORS explanation outranks the generic "Failed to load
			// resource" line Chromium also logs.
			if cur >= 0 && cur < len(rec.Results) && (rec.Results[cur].Message == "" || isCORSMessage(e.text) && !isCORSMessage(rec.Results[cur].Message)) {
				rec.Results[cur].Message = pm.back(e.text)
			}
		}
	}
	mu.Unlock()
	return rec, nil
}

// Firefox runs Debian's Firefox ESR headless with a fresh profile; hosts
// are mapped to loopback by the network.dns.localDomains preference. It has
// no DevTools session here, so it records what script and the server see,
// plus console lines Firefox prints on its standard output.
type Firefox struct{ Path string }

func (f *Firefox) Name() string    { return "firefox" }
func (f *Firefox) Version() string { return versionOf(f.Path) }

const firefoxPrefs = `user_pref("network.dns.localDomains", "app.test,api.test,other.test,img.app.test");
user_pref("network.proxy.type", 0);
user_pref("network.cookie.sameSite.laxByDefault", false);
user_pref("network.cookie.cookieBehavior", 0);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("app.update.disabledForTesting", true);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("dom.security.https_first", false);
user_pref("dom.security.https_only_mode", false);
user_pref("devtools.console.stdout.content", true);
user_pref("browser.dom.window.dump.enabled", true);
user_pref("extensions.autoDisableScopes", 15);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
`

var ffBlocked = regexp.MustCompile(`(Cross-Origin Request (Blocked|Warning)|Blocked loading mixed active content): [^\n]*|Blocked loading mixed active content [^\n]*`)

// Run launches Firefox and stops its whole process group when done.
func (f *Firefox) Run(ctx context.Context, srv *Server, sc *scenario.Scenario, name string, pm portMap) (*Record, error) {
	dir, err := os.MkdirTemp("", "corsim-firefox-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		return nil, err
	}
	if strings.HasPrefix(sc.Origin, "https:") {
		if err := trustHarnessCA(dir); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(f.Path, "--headless", "--no-remote", "--profile", dir, startURL(sc, pm))
	cmd.Env = append(os.Environ(), "MOZ_HEADLESS=1")
	reps, output, stop, err := runLogged(ctx, srv, sc, cmd)
	if err != nil {
		return nil, err
	}
	defer stop()
	time.Sleep(150 * time.Millisecond)
	rec := &Record{Browser: "firefox", Version: f.Version(), Scenario: name}
	rec.Results = observe(sc, reps, srv.Log(), pm, func(r report) string {
		switch {
		case r.Outcome == "ok":
			return "ok"
		case strings.HasPrefix(r.ErrorMessage, "Window.fetch:"):
			return "type-error"
		}
		return "network-error"
	})
	// Console lines in order, split by the markers Firefox also prints.
	perCall(output(), func(line string) (string, bool) {
		m := ffBlocked.FindString(line)
		return m, m != ""
	}, func(i int, msg string) {
		if i < len(rec.Results) && rec.Results[i].Message == "" {
			rec.Results[i].Message = pm.back(msg)
		}
	})
	return rec, nil
}

// runLogged starts a browser in its own process group with its output
// captured, and waits for the runner's reports. stop kills the whole group
// (the browser's helpers too); it is a no-op when err is not nil, as the
// browser is then already stopped. output is what it printed so far.
func runLogged(ctx context.Context, srv *Server, sc *scenario.Scenario, cmd *exec.Cmd) (reps []report, output func() string, stop func(), err error) {
	var out bytes.Buffer
	var outMu sync.Mutex
	w := &lockedWriter{&outMu, &out}
	cmd.Stdout, cmd.Stderr = w, w
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	output = func() string {
		outMu.Lock()
		defer outMu.Unlock()
		return out.String()
	}
	if err := cmd.Start(); err != nil {
		return nil, output, func() {}, err
	}
	stop = func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	}
	reps, err = waitReports(ctx, srv, len(sc.Requests))
	if err != nil {
		stop()
		return nil, output, func() {}, err
	}
	return reps, output, stop, nil
}

// perCall walks a browser's printed console in order: the runner logs
// corsim:begin:N and corsim:end:N around call N, and every line that
// line picks out between them is handed to add with N.
func perCall(text string, line func(string) (msg string, ok bool), add func(call int, msg string)) {
	cur := -1
	for _, l := range strings.Split(text, "\n") {
		if i := strings.Index(l, "corsim:begin:"); i >= 0 {
			cur, _ = strconv.Atoi(strings.TrimFunc(l[i+len("corsim:begin:"):], func(r rune) bool { return r < '0' || r > '9' }))
			continue
		}
		if strings.Contains(l, "corsim:end:") {
			cur = -1
			continue
		}
		if msg, ok := line(l); ok && cur >= 0 {
			add(cur, msg)
		}
	}
}

// trustHarnessCA adds the harness's root to a fresh Firefox profile with
// NSS's certutil (Debian's libnss3-tools), so an https page loads.
func trustHarnessCA(dir string) error {
	certutil, err := exec.LookPath("certutil")
	if err != nil {
		return errors.New("an https scenario needs certutil (apt-get install libnss3-tools) to trust the harness's certificate in Firefox")
	}
	pemBytes, err := harnessCAPEM()
	if err != nil {
		return err
	}
	ca := filepath.Join(dir, "corsim-ca.pem")
	if err := os.WriteFile(ca, pemBytes, 0o644); err != nil {
		return err
	}
	db := "sql:" + dir
	if out, err := exec.Command(certutil, "-N", "-d", db, "--empty-password").CombinedOutput(); err != nil {
		return errors.New("certutil -N: " + err.Error() + ": " + string(out))
	}
	if out, err := exec.Command(certutil, "-A", "-n", "corsim-harness", "-t", "C,,", "-i", ca, "-d", db).CombinedOutput(); err != nil {
		return errors.New("certutil -A: " + err.Error() + ": " + string(out))
	}
	return nil
}

func isCORSMessage(s string) bool {
	return strings.HasPrefix(s, "Access to fetch") || strings.HasPrefix(s, "Fetch API cannot load")
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
