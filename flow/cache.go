package flow

import (
	"strconv"

	"corsim/fetchspec"
)

// Bar is one cache entry's life on the timeline.
type Bar struct {
	From, To float64
	// End says how the entry left: expired, cleared, erased (replaced or
	// dropped by the browser), or "" when still alive at the end.
	End string
}

// Row is one cache entry key (method or header name, per URL).
type Row struct {
	Label string
	Bars  []Bar
}

// Mark is a fetch() call on the timeline.
type Mark struct {
	At        float64
	Request   int
	Preflight string // sent, cached, none
	OK        bool
}

// Timeline is the preflight cache over a whole scenario.
type Timeline struct {
	Rows  []Row
	Marks []Mark
	End   float64 // right edge, in seconds
}

// CacheTimeline builds the timeline from the results' cache events.
func CacheTimeline(results []*fetchspec.Result) Timeline {
	var t Timeline
	index := map[string]int{}
	key := func(e fetchspec.CacheEntry) string {
		what := "method " + e.Method
		if e.HeaderName != "" {
			what = "header " + e.HeaderName
		}
		k := what + " · " + e.URL
		if e.Credentials {
			k += " · credentialed"
		}
		if e.Origin == "null" {
			k += " · Origin null"
		}
		return k
	}
	row := func(e fetchspec.CacheEntry) *Row {
		k := key(e)
		i, ok := index[k]
		if !ok {
			i = len(t.Rows)
			index[k] = i
			t.Rows = append(t.Rows, Row{Label: k})
		}
		return &t.Rows[i]
	}
	closeBar := func(r *Row, at float64, how string) {
		if n := len(r.Bars); n > 0 && r.Bars[n-1].End == "" {
			if at < r.Bars[n-1].To {
				r.Bars[n-1].To = at
			}
			r.Bars[n-1].End = how
		}
	}
	for i, res := range results {
		t.Marks = append(t.Marks, Mark{At: res.At, Request: i, Preflight: string(res.Preflight), OK: res.Outcome == fetchspec.OutcomeOK})
		if res.At > t.End {
			t.End = res.At
		}
		for _, ev := range res.CacheEvents {
			for _, e := range ev.Entries {
				r := row(e)
				switch ev.Kind {
				case fetchspec.CacheStore:
					closeBar(r, ev.At, "refreshed")
					r.Bars = append(r.Bars, Bar{From: e.Stored, To: e.Expires()})
					if e.Expires() > t.End {
						t.End = e.Expires()
					}
				case fetchspec.CacheExpire:
					closeBar(r, e.Expires(), "expired")
				case fetchspec.CacheClear:
					closeBar(r, ev.At, "cleared")
				case fetchspec.CacheErase:
					closeBar(r, ev.At, "erased")
				}
			}
		}
	}
	if t.End == 0 {
		t.End = 1
	}
	return t
}

// Describe is a bar's life in words, for screen readers and tooltips.
func (b Bar) Describe() string {
	d := "from " + ftoa(b.From) + " s to " + ftoa(b.To) + " s"
	if b.End != "" {
		d += ", " + b.End
	}
	return d
}

// Label of a mark.
func (m Mark) Label() string { return "#" + strconv.Itoa(m.Request+1) }
