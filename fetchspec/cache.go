package fetchspec

import (
	"strconv"
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

// methodMatch is #concept-cache-match-method.
func (c *Cache) methodMatch(p *Profile, origin, url string, include bool, method string) int {
	for i, e := range c.Entries {
		if e.Method == "" || !p.entryMatch(e, origin, url, include) {
			continue
		}
		if e.Method == method || (e.Method == "*" && p.wildcardUsable(include)) {
			return i
		}
	}
	return -1
}

// headerMatch is #concept-cache-match-header: case-insensitive, and `*`
// never stands for Authorization in the standard.
func (c *Cache) headerMatch(p *Profile, origin, url string, include bool, name string) int {
	for i, e := range c.Entries {
		if e.HeaderName == "" || !p.entryMatch(e, origin, url, include) {
			continue
		}
		if equalFold(e.HeaderName, name) {
			return i
		}
		if e.HeaderName == "*" && p.wildcardUsable(include) && (!IsCORSNonWildcardRequestHeaderName(name) || p.WildcardCoversAuthorization) {
			return i
		}
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
	if methodNeedsEntry {
		if i := c.methodMatch(p, origin, url, include, req.Method); i >= 0 {
			hits = append(hits, c.Entries[i])
		} else {
			missing = append(missing, "method "+req.Method)
		}
	}
	for _, u := range unsafe {
		if i := c.headerMatch(p, origin, url, include, u.Name); i >= 0 {
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
	put := func(e CacheEntry, existing int) {
		if existing >= 0 {
			c.Entries[existing].MaxAge = maxAge
			c.Entries[existing].Stored = now
			stored = append(stored, c.Entries[existing])
			return
		}
		c.Entries = append(c.Entries, e)
		stored = append(stored, e)
	}
	for _, m := range methods {
		e := base
		e.Method = m
		existing := -1
		switch p.Cache {
		case CachePerEntry:
			existing = c.methodMatch(p, origin, url, include, m)
		case CacheMerge:
			existing = c.find(func(x CacheEntry) bool { return p.entryMatch(x, origin, url, include) && x.Method == m })
		}
		put(e, existing)
	}
	for _, h := range headerNames {
		e := base
		e.HeaderName = asciiLower(h)
		existing := -1
		switch p.Cache {
		case CachePerEntry:
			existing = c.headerMatch(p, origin, url, include, h)
		case CacheMerge:
			existing = c.find(func(x CacheEntry) bool { return p.entryMatch(x, origin, url, include) && equalFold(x.HeaderName, h) })
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
	out := s[0]
	for _, x := range s[1 : len(s)-1] {
		out += ", " + x
	}
	return out + " and " + s[len(s)-1]
}
