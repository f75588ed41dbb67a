package fetchspec

import (
	"strconv"
	"strings"
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

// CacheEvent records what happened to the cache, for the timeline.
type CacheEvent struct {
	At      float64      `json:"at"`
	Request int          `json:"request"`
	Kind    string       `json:"kind"` // store, refresh, hit, miss, expire, erase, clear
	Entries []CacheEntry `json:"entries,omitempty"`
	Note    string       `json:"note,omitempty"`
}

// Cache is the CORS-preflight cache (#concept-cache) as a state machine
// driven by a simulated clock.
type Cache struct {
	Entries []CacheEntry
	Events  []CacheEvent
	request int
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

func (c *Cache) event(at float64, kind string, es []CacheEntry, note string) {
	c.Events = append(c.Events, CacheEvent{At: at, Request: c.request, Kind: kind, Entries: es, Note: note})
}

// expire removes entries whose max-age has run out; the standard lets them
// linger no longer than that.
func (c *Cache) expire(now float64) {
	var gone []CacheEntry
	out := c.Entries[:0]
	for _, e := range c.Entries {
		if now >= e.Expires() {
			gone = append(gone, e)
			continue
		}
		out = append(out, e)
	}
	c.Entries = out
	if len(gone) > 0 {
		c.event(now, "expire", gone, "max-age ran out")
	}
}

// entryMatch is #concept-cache-match: same origin and URL, and either the
// entry has credentials or the request does not include them. Firefox keys
// by the credentials flag, so there the flags must be equal.
func (p *Profile) entryMatch(e CacheEntry, origin, url string, include bool) bool {
	if e.Origin != origin || e.URL != url {
		return false
	}
	if p.CredentialsSeparate {
		return e.Credentials == include
	}
	return e.Credentials || !include
}

func (p *Profile) wildcardUsable(include bool) bool {
	switch p.CachedWildcard {
	case WildcardAlways:
		return true
	case WildcardWithoutCredentials:
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
	c *Cache
	// indexed: the maps below are built; with few entries a scan is
	// cheaper and the maps stay nil.
	indexed                bool
	p                      *Profile
	origin, url            string
	include                bool
	methods, headers       map[string]int
	methodStar, headerStar int
}

const indexAbove = 32

func (c *Cache) index(p *Profile, origin, url string, include bool) *entryIndex {
	ix := &entryIndex{c: c, p: p, origin: origin, url: url, include: include, methodStar: -1, headerStar: -1}
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
		if ix.p.entryMatch(e, ix.origin, ix.url, ix.include) && f(e) {
			return i
		}
	}
	return -1
}

func (ix *entryIndex) record(i int, e CacheEntry) {
	if !ix.p.entryMatch(e, ix.origin, ix.url, ix.include) {
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
		star := ix.p.wildcardUsable(ix.include)
		return ix.scan(func(e CacheEntry) bool { return e.Method == m || (star && e.Method == "*") })
	}
	i, ok := ix.methods[m]
	if !ok {
		i = -1
	}
	if ix.p.wildcardUsable(ix.include) {
		i = firstOf(i, ix.methodStar)
	}
	return i
}

// header is #concept-cache-match-header.
func (ix *entryIndex) header(name string) int {
	if !ix.indexed {
		star := ix.p.wildcardUsable(ix.include) && (!IsCORSNonWildcardRequestHeaderName(name) || ix.p.WildcardCoversAuthorization)
		return ix.scan(func(e CacheEntry) bool {
			return e.HeaderName != "" && (equalFold(e.HeaderName, name) || (star && e.HeaderName == "*"))
		})
	}
	i, ok := ix.headers[asciiLower(name)]
	if !ok {
		i = -1
	}
	if ix.p.wildcardUsable(ix.include) && (!IsCORSNonWildcardRequestHeaderName(name) || ix.p.WildcardCoversAuthorization) {
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
// (#concept-http-fetch): a preflight is needed when the method has no
// method cache entry match (and is not safelisted) or some unsafe header
// has no header-name cache entry match.
func (c *Cache) lookup(p *Profile, req *Request, unsafe []UnsafeName, now float64) (need bool, hits []CacheEntry, missing []string) {
	c.expire(now)
	origin, url, include := req.serializedOrigin(), req.CurrentURL().String(), req.Credentials == "include"
	methodNeedsEntry := !IsCORSSafelistedMethod(req.Method) || (p.HeadNeedsToken && req.Method == "HEAD" && len(unsafe) > 0)
	ix := c.index(p, origin, url, include)
	if methodNeedsEntry {
		if i := ix.method(req.Method); i >= 0 {
			hits = append(hits, c.Entries[i])
		} else {
			missing = append(missing, "method "+req.Method)
		}
	}
	for _, u := range unsafe {
		if i := ix.header(u.Name); i >= 0 {
			hits = append(hits, c.Entries[i])
		} else {
			missing = append(missing, "header "+u.Name)
		}
	}
	if p.CacheNeedsKeyEntry && len(missing) == 0 && c.find(func(e CacheEntry) bool { return p.entryMatch(e, origin, url, include) }) < 0 {
		missing = append(missing, "any entry for this URL")
	}
	need = len(missing) > 0
	if need {
		c.event(now, "miss", hits, "no entry for "+joinList(missing))
		if p.EraseInsufficient {
			c.removeWhere(now, "erase", "the cached result cannot answer this request, so "+p.Display+" drops it", func(e CacheEntry) bool {
				return e.Origin == origin && e.URL == url
			})
		}
	} else {
		c.event(now, "hit", hits, "")
	}
	return need, hits, missing
}

func (c *Cache) removeWhere(now float64, kind, note string, f func(CacheEntry) bool) {
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
		c.event(now, kind, gone, note)
	}
}

// store runs the last steps of CORS-preflight fetch: refresh matching
// entries or create new ones (#concept-cache-create-entry), shaped the way
// the profile's engine stores results.
func (c *Cache) store(p *Profile, req *Request, methods, headerNames []string, maxAge int64, now float64) []CacheEntry {
	origin, url, include := req.serializedOrigin(), req.CurrentURL().String(), req.Credentials == "include"
	if p.Cache == CacheReplace {
		c.removeWhere(now, "erase", "a new preflight result replaces the old one", func(e CacheEntry) bool {
			return e.Origin == origin && e.URL == url
		})
	}
	base := CacheEntry{Origin: origin, URL: url, Credentials: include, MaxAge: maxAge, Stored: now}
	var stored []CacheEntry
	ix := c.index(p, origin, url, include)
	put := func(e CacheEntry, existing int) {
		if existing >= 0 {
			c.Entries[existing].MaxAge = maxAge
			c.Entries[existing].Stored = now
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
		switch p.Cache {
		case CachePerEntry:
			existing = ix.method(m)
		case CacheMerge:
			existing = ix.methodByName(m)
		}
		put(e, existing)
	}
	for _, h := range headerNames {
		e := base
		e.HeaderName = asciiLower(h)
		existing := -1
		switch p.Cache {
		case CachePerEntry:
			existing = ix.header(h)
		case CacheMerge:
			existing = ix.headerByName(h)
		}
		put(e, existing)
	}
	c.event(now, "store", stored, "max-age "+strconv.FormatInt(maxAge, 10)+" s")
	return stored
}

func (c *Cache) find(f func(CacheEntry) bool) int {
	for i, e := range c.Entries {
		if f(e) {
			return i
		}
	}
	return -1
}

// clear implements #concept-cache-clear: drop every entry for the request's
// serialized origin and current URL.
func (c *Cache) clear(req *Request, now float64) []CacheEntry {
	origin, url := req.serializedOrigin(), req.CurrentURL().String()
	before := len(c.Events)
	c.removeWhere(now, "clear", "the fetch failed", func(e CacheEntry) bool { return e.Origin == origin && e.URL == url })
	if len(c.Events) > before {
		return c.Events[len(c.Events)-1].Entries
	}
	return nil
}

func joinList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	var b strings.Builder
	b.WriteString(s[0])
	for _, x := range s[1 : len(s)-1] {
		b.WriteString(", ")
		b.WriteString(x)
	}
	b.WriteString(" and ")
	b.WriteString(s[len(s)-1])
	return b.String()
}
