package fetchspec

import (
	"encoding/json"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// The cache index answers exactly as a scan does, for every profile, with
// and without credentials, whatever the mix of entries.
func TestCacheIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	names := []string{"x-a", "X-A", "x-b", "*", "authorization", "content-type"}
	methods := []string{"PUT", "put", "DELETE", "*", "PATCH"}
	for round := 0; round < 200; round++ {
		c := newPreflightCache()
		n := rng.Intn(80)
		for i := 0; i < n; i++ {
			e := CacheEntry{Origin: "http://a", URL: []string{"http://u/1", "http://u/2"}[rng.Intn(2)], Credentials: rng.Intn(2) == 0}
			if rng.Intn(2) == 0 {
				e.Method = methods[rng.Intn(len(methods))]
			} else {
				e.HeaderName = names[rng.Intn(len(names))]
			}
			c.Entries = append(c.Entries, e)
		}
		for _, name := range ProfileNames {
			p := LookupProfile(name)
			for _, include := range []bool{false, true} {
				key := cacheKey{origin: "http://a", url: "http://u/1", include: include}
				fast := c.index(p, key)
				fast.build()
				slow := &entryIndex{c: c, p: p, key: key, methodStar: -1, headerStar: -1}
				for _, m := range methods {
					if fast.method(m) != slow.method(m) || fast.methodByName(m) != slow.methodByName(m) {
						t.Fatalf("round %d %s include=%v method %s: index %d/%d, scan %d/%d", round, name, include, m, fast.method(m), fast.methodByName(m), slow.method(m), slow.methodByName(m))
					}
				}
				for _, h := range names {
					if fast.header(h) != slow.header(h) || fast.headerByName(h) != slow.headerByName(h) {
						t.Fatalf("round %d %s include=%v header %s: index %d/%d, scan %d/%d", round, name, include, h, fast.header(h), fast.headerByName(h), slow.header(h), slow.headerByName(h))
					}
				}
			}
		}
	}
}

// TestCacheKeys: #concept-cache-match on origin, URL and credentials, the
// way each profile keys its entries.
func TestCacheKeys(t *testing.T) {
	key := cacheKey{origin: page, url: api}
	creds := cacheKey{origin: page, url: api, include: true}
	for _, tc := range []struct {
		profile     string
		stored      cacheKey
		lookup      cacheKey
		wantHit     bool
		description string
	}{
		{"spec", key, key, true, "same key"},
		{"spec", key, cacheKey{origin: "null", url: api}, false, "another origin"},
		{"spec", key, cacheKey{origin: page, url: api + "?q"}, false, "another URL"},
		{"spec", creds, key, true, "a credentialed entry serves a request without"},
		{"spec", key, creds, false, "an entry without credentials does not serve a credentialed request"},
		{"firefox", creds, key, false, "Firefox keys by the credentials flag"},
		{"chromium", creds, key, true, "Chromium does not"},
	} {
		p := LookupProfile(tc.profile)
		c := newPreflightCache()
		c.store(p, clock{}, tc.stored, []string{"PUT"}, nil, 10)
		got := c.lookup(p, clock{now: 1}, tc.lookup, "PUT", nil)
		if got.hit != tc.wantHit {
			t.Errorf("%s, %s: hit %v", tc.profile, tc.description, got.hit)
		}
	}
}

// TestCacheExpiry: an entry matches until the instant its max-age runs
// out, and not at it.
func TestCacheExpiry(t *testing.T) {
	p := LookupProfile("spec")
	key := cacheKey{origin: page, url: api}
	c := newPreflightCache()
	c.store(p, clock{now: 2}, key, []string{"PUT"}, []string{"x-a"}, 5)
	if e := c.Entries[0]; e.Expires() != 7 {
		t.Fatalf("expires %v, want 7", e.Expires())
	}
	if !c.lookup(p, clock{now: 6.999}, key, "PUT", []string{"X-A"}).hit {
		t.Error("no hit just before expiry")
	}
	if c.lookup(p, clock{now: 7}, key, "PUT", []string{"x-a"}).hit {
		t.Error("a hit at the exact expiry")
	}
	if len(c.Entries) != 0 {
		t.Errorf("%d entries left after expiry", len(c.Entries))
	}
	kinds := ""
	for _, ev := range c.Events {
		kinds += string(ev.Kind) + " "
	}
	if kinds != "store hit expire miss " {
		t.Errorf("events %q", kinds)
	}
	if n := c.Events[3].Note(); n != "no entry for method PUT and header x-a" {
		t.Errorf("miss note %q", n)
	}
}

// TestCacheShapes: how a second preflight result lands next to the first.
func TestCacheShapes(t *testing.T) {
	key := cacheKey{origin: page, url: api}
	for _, tc := range []struct {
		profile string
		want    string // entries after storing PUT,x-a then DELETE,x-a
	}{
		{"spec", "PUT x-a DELETE"},    // per entry: x-a refreshed in place
		{"chromium", "DELETE x-a"},    // replaced whole
		{"firefox", "PUT x-a DELETE"}, // merged
		{"webkit", "DELETE x-a"},
	} {
		p := LookupProfile(tc.profile)
		c := newPreflightCache()
		c.store(p, clock{now: 0}, key, []string{"PUT"}, []string{"X-A"}, 10)
		c.store(p, clock{now: 1}, key, []string{"DELETE"}, []string{"x-a"}, 10)
		var got []string
		for _, e := range c.Entries {
			got = append(got, e.Method+e.HeaderName)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: entries %q, want %q", tc.profile, got, tc.want)
		}
		for _, e := range c.Entries {
			if e.HeaderName == "x-a" && e.Stored != 1 {
				t.Errorf("%s: x-a not refreshed", tc.profile)
			}
		}
	}
}

// TestCacheWildcardAndErase: a cached * per profile, HEAD in Firefox, and
// the engines that drop a result that cannot answer.
func TestCacheWildcardAndErase(t *testing.T) {
	key := cacheKey{origin: page, url: api}
	creds := cacheKey{origin: page, url: api, include: true}
	for _, tc := range []struct {
		profile string
		look    cacheKey
		method  string
		unsafe  []string
		hit     bool
	}{
		{"spec", creds, "PATCH", []string{"x-z"}, true},
		{"chromium", key, "PATCH", []string{"x-z"}, true},
		{"chromium", creds, "PATCH", nil, false},
		{"firefox", key, "PATCH", nil, false},
		{"spec", key, "HEAD", []string{"x-z"}, true},
		{"firefox", key, "HEAD", []string{"x-a"}, false},
		{"spec", key, "PUT", []string{"authorization"}, false},
		{"chromium", key, "PUT", []string{"authorization"}, true},
	} {
		p := LookupProfile(tc.profile)
		c := newPreflightCache()
		c.store(p, clock{}, creds, []string{"*", "PUT"}, []string{"*", "x-a"}, 10)
		got := c.lookup(p, clock{now: 1}, tc.look, tc.method, tc.unsafe)
		if got.hit != tc.hit {
			t.Errorf("%s %s %v include=%v: hit %v, want %v", tc.profile, tc.method, tc.unsafe, tc.look.include, got.hit, tc.hit)
		}
		erased := slices.ContainsFunc(c.Events, func(ev CacheEvent) bool { return ev.Kind == CacheErase })
		if want := !tc.hit && p.eraseInsufficient; erased != want {
			t.Errorf("%s: erased %v, want %v", tc.profile, erased, want)
		}
	}
}

// TestCacheClear: #concept-cache-clear drops the origin and URL's entries,
// whatever their credentials, and nothing else.
func TestCacheClear(t *testing.T) {
	p := LookupProfile("spec")
	c := newPreflightCache()
	c.store(p, clock{}, cacheKey{origin: page, url: api}, []string{"PUT"}, nil, 10)
	c.store(p, clock{}, cacheKey{origin: page, url: api, include: true}, []string{"PUT"}, nil, 10)
	c.store(p, clock{}, cacheKey{origin: page, url: api + "2"}, []string{"PUT"}, nil, 10)
	if n := c.clear(clock{now: 1, call: 3}, page, api); n != 2 {
		t.Errorf("cleared %d, want 2", n)
	}
	if len(c.Entries) != 1 || c.Entries[0].URL != api+"2" {
		t.Errorf("left %+v", c.Entries)
	}
	last := c.Events[len(c.Events)-1]
	if last.Kind != CacheClear || last.Request != 3 || last.At != 1 || last.Note() != "the fetch failed" {
		t.Errorf("clear event %+v", last)
	}
	if b, err := json.Marshal(last); err != nil || !strings.Contains(string(b), `"note":"the fetch failed"`) {
		t.Errorf("JSON %s %v", b, err)
	}
	if c.clear(clock{}, page, api) != 0 || c.Events[len(c.Events)-1].Kind != CacheClear || len(c.Events) != 4 {
		t.Error("clearing nothing records an event")
	}
}

// TestCacheThroughEngine: a second call within max-age skips the
// preflight; one at the exact expiry sends it again; a failure on the
// preflight path clears the entries in the profiles that do.
func TestCacheThroughEngine(t *testing.T) {
	opt := raw(204, acao, "Access-Control-Allow-Methods: PUT", "Access-Control-Max-Age: 10")
	c := engineCase{rules: map[string]string{"OPTIONS " + api: opt, api: raw(200, acao)},
		calls: []FetchInput{put(api), put(api), put(api)}, at: []float64{0, 9.5, 10}}
	for _, name := range ProfileNames {
		res := c.run(t, name)
		got := []PreflightState{res[0].Preflight, res[1].Preflight, res[2].Preflight}
		if !slices.Equal(got, []PreflightState{PreflightSent, PreflightCached, PreflightSent}) {
			t.Errorf("%s: preflights %v", name, got)
		}
		checkWords(t, LookupProfile(name), res[1])
	}
	failing := engineCase{rules: map[string]string{"OPTIONS " + api: opt, api: raw(200)}, calls: []FetchInput{put(api), put(api)}}
	for name, clears := range map[string]bool{"spec": true, "chromium": false, "firefox": true, "webkit": false} {
		res := failing.run(t, name)
		cleared := slices.ContainsFunc(res[0].Steps, func(s Step) bool { return s.ID == StepCacheClear })
		if cleared != clears {
			t.Errorf("%s: cleared %v, want %v", name, cleared, clears)
		}
		want := PreflightCached
		if clears {
			want = PreflightSent
		}
		if res[1].Preflight != want {
			t.Errorf("%s: second call's preflight %s, want %s", name, res[1].Preflight, want)
		}
	}
}
