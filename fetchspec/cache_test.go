package fetchspec

import (
	"math/rand"
	"testing"
)

// The cache index answers exactly as a scan does, for every profile, with
// and without credentials, whatever the mix of entries.
func TestCacheIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	names := []string{"x-a", "X-A", "x-b", "*", "authorization", "content-type"}
	methods := []string{"PUT", "put", "DELETE", "*", "PATCH"}
	for round := 0; round < 200; round++ {
		c := NewCache()
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
