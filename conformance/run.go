package conformance

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"corsim/scenario"
)

// Job is one scenario file to run.
type Job struct {
	Name string
	Path string
}

// Jobs lists the scenarios under root/scenarios.
func Jobs(root string) ([]Job, error) {
	files, err := filepath.Glob(filepath.Join(root, "scenarios", "*.json"))
	if err != nil {
		return nil, err
	}
	var jobs []Job
	for _, f := range files {
		jobs = append(jobs, Job{strings.TrimSuffix(filepath.Base(f), ".json"), f})
	}
	return jobs, nil
}

// RunAll runs the jobs in a browser, workers at a time, each worker with
// its own server ports so that scenarios sharing URLs cannot meet. Every
// browser and server is stopped before RunAll returns, whatever happened.
func RunAll(ctx context.Context, b Browser, jobs []Job, workers, basePort int, progress io.Writer, save func(*Record) error) (map[string]*Record, map[string]error) {
	recs := map[string]*Record{}
	errs := map[string]error{}
	var mu sync.Mutex
	ch := make(chan Job)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		srv, err := NewServer(basePort + 2*w)
		if err != nil {
			mu.Lock()
			errs["(server)"] = err
			mu.Unlock()
			continue
		}
		pm := portMap{basePort + 2*w}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer srv.Close()
			for j := range ch {
				rec, err := runOne(ctx, b, srv, j, pm)
				mu.Lock()
				if err != nil {
					errs[j.Name] = err
					fmt.Fprintf(progress, "  %-8s %-48s ERROR %v\n", b.Name(), j.Name, err)
				} else {
					recs[j.Name] = rec
					if save != nil {
						if err := save(rec); err != nil {
							errs[j.Name] = err
						}
					}
					fmt.Fprintf(progress, "  %-8s %s\n", b.Name(), j.Name)
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		select {
		case ch <- j:
		case <-ctx.Done():
		}
	}
	close(ch)
	wg.Wait()
	return recs, errs
}

func runOne(ctx context.Context, b Browser, srv *Server, j Job, pm portMap) (*Record, error) {
	data, err := os.ReadFile(j.Path)
	if err != nil {
		return nil, err
	}
	raw := []byte(pm.forth(string(data)))
	sc, err := scenario.Load(j.Path, raw)
	if err != nil {
		return nil, err
	}
	last := 0.0
	for _, r := range sc.Requests {
		if r.At != nil {
			last = *r.At
		}
	}
	cctx, cancel := context.WithTimeout(ctx, time.Duration(last+25)*time.Second)
	defer cancel()
	srv.Load(sc, raw)
	rec, err := b.Run(cctx, srv, sc, j.Name, pm)
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// Table prints, per field, how many calls the engine's matching profile
// agrees on, then every disagreement with both sides.
func Table(w io.Writer, browser string, recs map[string]*Record, jobs []Job, known Known) (unexplained int) {
	total := map[string]int{}
	agree := map[string]int{}
	var all []Diff
	for _, j := range jobs {
		rec := recs[j.Name]
		if rec == nil {
			continue
		}
		sc, err := scenario.LoadFile(j.Path)
		if err != nil {
			continue
		}
		out, err := sc.Eval(browser)
		if err != nil {
			continue
		}
		a, d := Compare(rec, out)
		for f, n := range a {
			agree[f] += n
			total[f] += n
		}
		for _, x := range d {
			total[x.Field]++
		}
		all = append(all, d...)
	}
	fmt.Fprintf(w, "\n%s: engine profile %q against %d recorded scenarios\n", browser, browser, len(recs))
	for _, f := range Fields {
		fmt.Fprintf(w, "  %-15s %4d / %-4d agree\n", f, agree[f], total[f])
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Scenario != all[j].Scenario {
			return all[i].Scenario < all[j].Scenario
		}
		return all[i].Request < all[j].Request
	})
	for _, d := range all {
		why := known.Why(browser, d.Scenario, d.Field)
		tag := "UNEXPLAINED"
		if why != "" {
			tag = "known: " + why
		} else {
			unexplained++
		}
		fmt.Fprintf(w, "  ✗ %s #%d %s\n      engine:  %s\n      browser: %s\n      %s\n", d.Scenario, d.Request, d.Field, d.Engine, d.Browser, tag)
	}
	return unexplained
}
