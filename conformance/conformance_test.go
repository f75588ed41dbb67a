package conformance

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

var live = flag.Bool("live", false, "run the scenarios in real browsers and rewrite testdata/browsers")
var only = flag.String("only", "", "with -live: comma-separated substrings of the scenario names to run")

const root = "../testdata"

// TestRecords compares the engine's chromium and firefox profiles with the
// stored browser records. No browser is needed. Every disagreement must be
// listed in known-differences.json with its reason.
func TestRecords(t *testing.T) {
	jobs, err := Jobs(root)
	if err != nil {
		t.Fatal(err)
	}
	known, err := LoadKnown(root + "/browsers/known-differences.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, browser := range []string{"chromium", "firefox", "webkit"} {
		recs := map[string]*Record{}
		for _, j := range jobs {
			rec, err := LoadRecord(RecordPath(root, browser, j.Name))
			if err != nil {
				t.Errorf("%s: no %s record: %v (run make conformance)", j.Name, browser, err)
				continue
			}
			recs[j.Name] = rec
		}
		var buf strings.Builder
		n := Table(&buf, browser, recs, jobs, known)
		t.Log(buf.String())
		if n > 0 {
			t.Errorf("%s: %d unexplained disagreements with stored records", browser, n)
		}
	}
}

// TestLive runs every scenario in Chromium and Firefox and rewrites the
// records. It needs -live; without a browser it skips loudly, and with
// CORSIM_REQUIRE_BROWSERS=1 (as .ci/run sets) a missing browser fails.
func TestLive(t *testing.T) {
	if !*live {
		t.Skip("live browser run not requested (go test ./conformance -live, or make conformance)")
	}
	jobs, err := Jobs(root)
	if err != nil {
		t.Fatal(err)
	}
	if *only != "" {
		var sel []Job
		for _, j := range jobs {
			for _, o := range strings.Split(*only, ",") {
				if o != "" && strings.Contains(j.Name, o) {
					sel = append(sel, j)
					break
				}
			}
		}
		jobs = sel
	}
	known, _ := LoadKnown(root + "/browsers/known-differences.json")
	browsers := []Browser{}
	if os.Getenv("CORSIM_SKIP_CHROMIUM") == "" {
		if p := FindChromium(); p != "" {
			browsers = append(browsers, &Chromium{p})
		} else {
			missing(t, "chromium")
		}
	}
	if os.Getenv("CORSIM_SKIP_FIREFOX") == "" {
		if p := FindFirefox(); p != "" {
			browsers = append(browsers, &Firefox{p})
		} else {
			missing(t, "firefox-esr")
		}
	}
	if os.Getenv("CORSIM_SKIP_WEBKIT") == "" {
		if p := FindWebKit(); p != "" {
			wk := &WebKit{Path: p}
			defer wk.Close()
			browsers = append(browsers, wk)
		} else {
			missing(t, "webkit2gtk-driver xvfb")
		}
	}
	for i, b := range browsers {
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
		workers := 4
		if b.Name() == "firefox" {
			workers = 3
		}
		base := 18100 + 40*i
		if p, err := strconv.Atoi(os.Getenv("CORSIM_BASE_PORT")); err == nil {
			base = p
		}
		recs, errs := RunAll(ctx, b, jobs, workers, base, os.Stderr, func(r *Record) error {
			return r.Save(RecordPath(root, r.Browser, r.Scenario))
		})
		// Scenarios that disagree or failed to run get one more run, so a
		// busy machine's timing cannot pass for a browser difference.
		var again []Job
		for _, j := range jobs {
			if _, failed := errs[j.Name]; failed || disagrees(b.Name(), recs[j.Name], j, known) {
				again = append(again, j)
			}
		}
		if len(again) > 0 && len(again) < len(jobs) {
			fmt.Fprintf(os.Stderr, "%s: running %d scenarios again\n", b.Name(), len(again))
			recs2, errs2 := RunAll(ctx, b, again, 1, base, os.Stderr, func(r *Record) error {
				return r.Save(RecordPath(root, r.Browser, r.Scenario))
			})
			for _, j := range again {
				delete(errs, j.Name)
				if r, ok := recs2[j.Name]; ok {
					recs[j.Name] = r
				}
				if err, ok := errs2[j.Name]; ok {
					errs[j.Name] = err
				}
			}
		}
		cancel()
		for name, err := range errs {
			t.Errorf("%s %s: %v", b.Name(), name, err)
		}
		if n := Table(os.Stderr, b.Name(), recs, jobs, known); n > 0 {
			t.Errorf("%s: %d unexplained disagreements", b.Name(), n)
		}
	}
}

func disagrees(browser string, rec *Record, j Job, known Known) bool {
	if rec == nil {
		return false
	}
	var sink strings.Builder
	return Table(&sink, browser, map[string]*Record{j.Name: rec}, []Job{j}, known) > 0
}

func missing(t *testing.T, name string) {
	msg := "\n\n*** " + name + " NOT FOUND: live browser conformance for it is SKIPPED ***\n*** install it: apt-get install -y chromium firefox-esr ***\n\n"
	if os.Getenv("CORSIM_REQUIRE_BROWSERS") != "" {
		t.Fatal(msg)
	}
	t.Log(msg)
}
