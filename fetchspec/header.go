package fetchspec

import (
	"slices"
	"strings"
)

// Header is one (name, value) pair of a header list (#concept-header).
type Header struct {
	Name  string
	Value string
}

// HeaderList is an ordered multimap of headers (#concept-header-list).
// Repeated names stay repeated, in order, as they came off the wire.
type HeaderList []Header

// Contains reports whether some header has the name, case-insensitively
// (#header-list-contains).
func (l HeaderList) Contains(name string) bool {
	for _, h := range l {
		if equalFold(h.Name, name) {
			return true
		}
	}
	return false
}

// Count is how many lines carry the name. The standard never needs it, but
// Firefox counts Access-Control-Allow-Origin lines rather than values.
func (l HeaderList) Count(name string) int {
	n := 0
	for _, h := range l {
		if equalFold(h.Name, name) {
			n++
		}
	}
	return n
}

// Get joins every value of the name with ", " in order; ok is false when
// the name is absent (#concept-header-list-get). Two
// Access-Control-Allow-Origin lines therefore read as one value with a
// comma, which is how the CORS check comes to reject them.
func (l HeaderList) Get(name string) (value string, ok bool) {
	var b strings.Builder
	for _, h := range l {
		if !equalFold(h.Name, name) {
			continue
		}
		if !ok {
			// The usual case, one line, costs no copy.
			value, ok = h.Value, true
			continue
		}
		if b.Len() == 0 {
			b.WriteString(value)
		}
		b.WriteString(", ")
		b.WriteString(h.Value)
	}
	if b.Len() > 0 {
		return b.String(), true
	}
	return value, ok
}

// Append adds a header at the end (#concept-header-list-append).
func (l *HeaderList) Append(name, value string) { *l = append(*l, Header{name, value}) }

// Delete removes every header with the name (#concept-header-list-delete).
func (l *HeaderList) Delete(name string) {
	out := (*l)[:0]
	for _, h := range *l {
		if !equalFold(h.Name, name) {
			out = append(out, h)
		}
	}
	*l = out
}

// Set replaces the first header with the name and removes the others, or
// appends when absent (#concept-header-list-set).
func (l *HeaderList) Set(name, value string) {
	for i, h := range *l {
		if equalFold(h.Name, name) {
			(*l)[i].Value = value
			rest := HeaderList{}
			rest = append(rest, (*l)[:i+1]...)
			for _, g := range (*l)[i+1:] {
				if !equalFold(g.Name, name) {
					rest = append(rest, g)
				}
			}
			*l = rest
			return
		}
	}
	l.Append(name, value)
}

// Combine appends value to an existing header's value with ", ", or appends
// a new header (#concept-header-list-combine).
func (l *HeaderList) Combine(name, value string) {
	for i, h := range *l {
		if equalFold(h.Name, name) {
			(*l)[i].Value = h.Value + ", " + value
			return
		}
	}
	l.Append(name, value)
}

// combined is the list with each name once, at its first place, holding
// all its values joined with ", " (what "get" gives for each name), in one
// pass: a list of 10,000 names costs 10,000 steps, not their square.
func combined(l HeaderList) HeaderList {
	out := make(HeaderList, 0, len(l))
	at := make(map[string]int, len(l))
	for _, h := range l {
		n := asciiLower(h.Name)
		if i, ok := at[n]; ok {
			out[i].Value += ", " + h.Value
			continue
		}
		at[n] = len(out)
		out = append(out, h)
	}
	return out
}

// Clone copies the list so a redirect can edit it without aliasing.
func (l HeaderList) Clone() HeaderList { return append(HeaderList(nil), l...) }

// sortedLowercaseNames converts names to a sorted, de-duplicated,
// lower-cased set (#convert-header-names-to-a-sorted-lowercase-set).
func sortedLowercaseNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, asciiLower(n))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ListState is which of its three outcomes "extract header list values"
// had.
type ListState uint8

const (
	ListNull    ListState = iota // the header is absent
	ListFailure                  // its value does not parse
	ListValues                   // a list (possibly empty)
)

// ListResult is the outcome of #extract-header-list-values: its state, the
// values of a list, and for the words the raw value and the first item
// that is not valid.
type ListResult struct {
	State  ListState
	Values []string
	Raw    string
	Bad    string
}

// Present reports whether the header was there (null is absence).
func (r ListResult) Present() bool { return r.State != ListNull }

// ExtractHeaderListValues implements #extract-header-list-values for the
// comma-separated token lists of the CORS protocol (`#method` and
// `#field-name` in #http-new-header-syntax): every line is split on commas,
// items are trimmed of tab and space, empty items are skipped (RFC 9110's
// list rule), and any item that is not a token makes the whole list fail.
func ExtractHeaderListValues(l HeaderList, name string) ListResult {
	raw, ok := l.Get(name)
	r := ListResult{Raw: raw}
	if !ok {
		return r
	}
	r.State = ListValues
	r.Values = make([]string, 0, strings.Count(raw, ",")+1)
	for rest, more := raw, true; more; {
		var item string
		item, rest, more = strings.Cut(rest, ",")
		item = trimHTTPTabOrSpace(item)
		if item == "" {
			continue
		}
		if !IsToken(item) {
			r.State = ListFailure
			r.Bad = item
			r.Values = nil
			return r
		}
		r.Values = append(r.Values, item)
	}
	return r
}

// containsFold reports a byte-case-insensitive match of s in list.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(v string) bool { return equalFold(v, s) })
}

// nameSet holds lower-cased names for membership tests in constant time:
// header lists may be long (a request with 100,000 headers must stay
// linear), so "is this name in that list" is never a scan.
// Short lists (the usual case) are scanned: a map costs more than it
// saves below a few dozen names.
type nameSet struct {
	list []string
	m    map[string]struct{}
}

const nameSetScan = 32

func foldSet(list []string) nameSet {
	if len(list) <= nameSetScan {
		return nameSet{list: list}
	}
	m := make(map[string]struct{}, len(list))
	for _, v := range list {
		m[asciiLower(v)] = struct{}{}
	}
	return nameSet{m: m}
}

func (s nameSet) has(name string) bool {
	if s.m == nil {
		return containsFold(s.list, name)
	}
	_, ok := s.m[asciiLower(name)]
	return ok
}

// add puts one more name in the set.
func (s *nameSet) add(name string) {
	if s.m == nil {
		s.list = append(s.list, name)
		if len(s.list) > nameSetScan {
			*s = foldSet(s.list)
		}
		return
	}
	s.m[asciiLower(name)] = struct{}{}
}
