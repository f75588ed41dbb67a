package fetchspec

import (
	"encoding/json"
	"slices"
)

// CacheEntry is one entry of the CORS-preflight cache (#cache-entry): the
// network partition key is left out (a scenario has one page, one key).
// Exactly one of Method and HeaderName is set.
type CacheEntry struct {
	Origin      string  `json:"origin"` // byte-serialized request origin, "null" when tainted
	URL         string  `json:"url"`
	Credentials bool    `json:"credentials"`
	Method      string  `json:"method,omitempty"`
	HeaderName  string  `json:"headerName,omitempty"`
	MaxAge      int64   `json:"maxAge"`
	Stored      float64 `json:"stored"` // seconds since the scenario began
}

// Expires is when the entry stops matching.
func (e CacheEntry) Expires() float64 { return e.Stored + float64(e.MaxAge) }

// CacheEvent records what happened to the cache, for the timeline. Note
// renders why, in words.
type CacheEvent struct {
	At      float64
	Request int
	Kind    CacheEventKind
	Entries []CacheEntry

	missing  []need // miss: what had no entry
	replaced bool   // erase: a new result replaced the old one
	browser  string // erase: the engine that drops an insufficient result
	maxAge   int64  // store
}

// cacheEventJSON is an event as the result format writes it.
type cacheEventJSON struct {
	At      float64        `json:"at"`
	Request int            `json:"request"`
	Kind    CacheEventKind `json:"kind"`
	Entries []CacheEntry   `json:"entries,omitempty"`
	Note    string         `json:"note,omitempty"`
}

// MarshalJSON writes the event with its note.
func (ev CacheEvent) MarshalJSON() ([]byte, error) {
	return json.Marshal(cacheEventJSON{ev.At, ev.Request, ev.Kind, ev.Entries, ev.Note()})
}

// preflightCache is the CORS-preflight cache (#concept-cache) as a state machine
// driven by a simulated clock. Its methods take the clock and the key
// from the caller; nothing else writes its state.
type preflightCache struct {
	Entries []CacheEntry
	Events  []CacheEvent
}

// newPreflightCache returns an empty cache.
func newPreflightCache() *preflightCache { return &preflightCache{} }

// clock is the simulated time of a cache operation and the fetch() call
// it belongs to, for the events it records.
type clock struct {
	now  float64
	call int
}

// cacheKey is what an entry is matched by: the byte-serialized request
// origin, the URL and whether the request includes credentials.
type cacheKey struct {
	origin, url string
	include     bool
}

func (c *preflightCache) event(at clock, ev CacheEvent) {
	ev.At, ev.Request = at.now, at.call
	c.Events = append(c.Events, ev)
}

// expire removes entries whose max-age has run out; the standard lets them
// linger no longer than that.
func (c *preflightCache) expire(at clock) {
	c.removeWhere(at, CacheEvent{Kind: CacheExpire}, func(e CacheEntry) bool { return at.now >= e.Expires() })
}

// entryMatch is #concept-cache-match: same origin and URL, and either the
// entry has credentials or the request does not include them. Firefox keys
// by the credentials flag, so there the flags must be equal.
func (p *Profile) entryMatch(e CacheEntry, key cacheKey) bool {
	if e.Origin != key.origin || e.URL != key.url {
		return false
	}
	if p.credentialsSeparate {
		return e.Credentials == key.include
	}
	return e.Credentials || !key.include
}

func (p *Profile) wildcardUsable(include bool) bool {
	switch p.cachedWildcard {
	case wildcardAlways:
		return true
	case wildcardWithoutCredentials:
		return !include
	}
	return false
}

// entryIndex implements #concept-cache-match-method and
// #concept-cache-match-header for one origin, URL and credentials mode: the
// first matching entry by name (methods byte for byte, header names
// case-insensitively), or the first `*` entry where the profile lets the
// wildcard stand in (never for Authorization in the standard). Built in
// one pass, so a lookup or store for n names costs O(n + entries), not
// O(n × entries): 100,000 headers once took minutes.
type entryIndex struct {
	c *preflightCache
	// indexed: the maps below are built; with few entries a scan is
	// cheaper and the maps stay nil.
	indexed                bool
	p                      *Profile
	key                    cacheKey
	methods, headers       map[string]int
	methodStar, headerStar int
}

const indexAbove = 32

func (c *preflightCache) index(p *Profile, key cacheKey) entryIndex {
	ix := entryIndex{c: c, p: p, key: key, methodStar: -1, headerStar: -1}
	if len(c.Entries) > indexAbove {
		ix.build()
	}
	return ix
}

func (ix *entryIndex) build() {
	ix.indexed = true
	ix.methods, ix.headers = map[string]int{}, map[string]int{}
	for i, e := range ix.c.Entries {
		ix.record(i, e)
	}
}

// add records entry i (appended after the index was built).
func (ix *entryIndex) add(i int, e CacheEntry) {
	switch {
	case ix.indexed:
		ix.record(i, e)
	case len(ix.c.Entries) > indexAbove:
		ix.build()
	}
}

// scan finds the first matching entry the slow way, for few entries.
func (ix *entryIndex) scan(f func(CacheEntry) bool) int {
	for i, e := range ix.c.Entries {
		if ix.p.entryMatch(e, ix.key) && f(e) {
			return i
		}
	}
	return -1
}

func (ix *entryIndex) record(i int, e CacheEntry) {
	if !ix.p.entryMatch(e, ix.key) {
		return
	}
	if e.Method != "" {
		if _, ok := ix.methods[e.Method]; !ok {
			ix.methods[e.Method] = i
		}
		if e.Method == "*" && ix.methodStar < 0 {
			ix.methodStar = i
		}
	}
	if e.HeaderName != "" {
		n := asciiLower(e.HeaderName)
		if _, ok := ix.headers[n]; !ok {
			ix.headers[n] = i
		}
		if e.HeaderName == "*" && ix.headerStar < 0 {
			ix.headerStar = i
		}
	}
}

func firstOf(a, b int) int {
	switch {
	case a < 0:
		return b
	case b < 0 || a < b:
		return a
	}
	return b
}

// method is #concept-cache-match-method.
func (ix *entryIndex) method(m string) int {
	if !ix.indexed {
		star := ix.p.wildcardUsable(ix.key.include)
		return ix.scan(func(e CacheEntry) bool { return e.Method == m || (star && e.Method == "*") })
	}
	i, ok := ix.methods[m]
	if !ok {
		i = -1
	}
	if ix.p.wildcardUsable(ix.key.include) {
		i = firstOf(i, ix.methodStar)
	}
	return i
}

// header is #concept-cache-match-header.
func (ix *entryIndex) header(name string) int {
	if !ix.indexed {
		star := ix.p.wildcardUsable(ix.key.include) && (!isCORSNonWildcardRequestHeaderName(name) || ix.p.wildcardCoversAuthorization)
		return ix.scan(func(e CacheEntry) bool {
			return e.HeaderName != "" && (equalFold(e.HeaderName, name) || (star && e.HeaderName == "*"))
		})
	}
	i, ok := ix.headers[asciiLower(name)]
	if !ok {
		i = -1
	}
	if ix.p.wildcardUsable(ix.key.include) && (!isCORSNonWildcardRequestHeaderName(name) || ix.p.wildcardCoversAuthorization) {
		i = firstOf(i, ix.headerStar)
	}
	return i
}

// headerByName is the first entry for exactly this name (no wildcard).
func (ix *entryIndex) headerByName(name string) int {
	if !ix.indexed {
		return ix.scan(func(e CacheEntry) bool { return e.HeaderName != "" && equalFold(e.HeaderName, name) })
	}
	if i, ok := ix.headers[asciiLower(name)]; ok {
		return i
	}
	return -1
}

func (ix *entryIndex) methodByName(m string) int {
	if !ix.indexed {
		return ix.scan(func(e CacheEntry) bool { return e.Method == m })
	}
	if i, ok := ix.methods[m]; ok {
		return i
	}
	return -1
}

// lookup decides the first half of HTTP fetch's preflight test
// (#concept-http-fetch at 586cd2a, step 4.1's conditions): a preflight is needed when
// the method has no method cache entry match (and is not safelisted) or
// some unsafe header has no header-name cache entry match.
func (c *preflightCache) lookup(p *Profile, at clock, key cacheKey, method string, unsafe []string) cacheLookup {
	c.expire(at)
	f := cacheLookup{origin: key.origin, url: key.url, include: key.include, hits: make([]CacheEntry, 0, len(unsafe)+1)}
	methodNeedsEntry := !isCORSSafelistedMethod(method) || (p.headNeedsToken && method == "HEAD" && len(unsafe) > 0)
	ix := c.index(p, key)
	if methodNeedsEntry {
		if i := ix.method(method); i >= 0 {
			f.hits = append(f.hits, c.Entries[i])
		} else {
			f.missing = append(f.missing, need{needMethod, method})
		}
	}
	for _, u := range unsafe {
		if i := ix.header(u); i >= 0 {
			f.hits = append(f.hits, c.Entries[i])
		} else {
			f.missing = append(f.missing, need{needHeader, u})
		}
	}
	if p.cacheNeedsKeyEntry && len(f.missing) == 0 && !slices.ContainsFunc(c.Entries, func(e CacheEntry) bool { return p.entryMatch(e, key) }) {
		f.missing = append(f.missing, need{kind: needAnyEntry})
	}
	f.hit = len(f.missing) == 0
	if f.hit {
		c.event(at, CacheEvent{Kind: CacheHit, Entries: f.hits})
		return f
	}
	c.event(at, CacheEvent{Kind: CacheMiss, Entries: f.hits, missing: f.missing})
	if p.eraseInsufficient {
		c.removeWhere(at, CacheEvent{Kind: CacheErase, browser: p.display}, key.sameURL)
	}
	return f
}

// sameURL: the entry is for the key's origin and URL, whatever its
// credentials.
func (key cacheKey) sameURL(e CacheEntry) bool { return e.Origin == key.origin && e.URL == key.url }

// removeWhere drops the entries f picks and records ev with them; it
// returns how many went.
func (c *preflightCache) removeWhere(at clock, ev CacheEvent, f func(CacheEntry) bool) int {
	var gone []CacheEntry
	out := c.Entries[:0]
	for _, e := range c.Entries {
		if f(e) {
			gone = append(gone, e)
			continue
		}
		out = append(out, e)
	}
	c.Entries = out
	if len(gone) > 0 {
		ev.Entries = gone
		c.event(at, ev)
	}
	return len(gone)
}

// store runs the last steps of CORS-preflight fetch: refresh matching
// entries or create new ones (#concept-cache-create-entry), shaped the way
// the profile's engine stores results.
func (c *preflightCache) store(p *Profile, at clock, key cacheKey, methods, headerNames []string, maxAge int64) []CacheEntry {
	if p.cacheShape == cacheReplace {
		c.removeWhere(at, CacheEvent{Kind: CacheErase, replaced: true}, key.sameURL)
	}
	base := CacheEntry{Origin: key.origin, URL: key.url, Credentials: key.include, MaxAge: maxAge, Stored: at.now}
	stored := make([]CacheEntry, 0, len(methods)+len(headerNames))
	c.Entries = slices.Grow(c.Entries, len(methods)+len(headerNames))
	ix := c.index(p, key)
	put := func(e CacheEntry, existing int) {
		if existing >= 0 {
			c.Entries[existing].MaxAge = maxAge
			c.Entries[existing].Stored = at.now
			stored = append(stored, c.Entries[existing])
			return
		}
		c.Entries = append(c.Entries, e)
		ix.add(len(c.Entries)-1, e)
		stored = append(stored, e)
	}
	for _, m := range methods {
		e := base
		e.Method = m
		existing := -1
		switch p.cacheShape {
		case cachePerEntry:
			existing = ix.method(m)
		case cacheMerge:
			existing = ix.methodByName(m)
		}
		put(e, existing)
	}
	for _, h := range headerNames {
		e := base
		e.HeaderName = asciiLower(h)
		existing := -1
		switch p.cacheShape {
		case cachePerEntry:
			existing = ix.header(h)
		case cacheMerge:
			existing = ix.headerByName(h)
		}
		put(e, existing)
	}
	c.event(at, CacheEvent{Kind: CacheStore, Entries: stored, maxAge: maxAge})
	return stored
}

// clear implements #concept-cache-clear: drop every entry for the
// request's serialized origin and current URL. It returns how many went.
func (c *preflightCache) clear(at clock, origin, url string) int {
	return c.removeWhere(at, CacheEvent{Kind: CacheClear}, cacheKey{origin: origin, url: url}.sameURL)
}
