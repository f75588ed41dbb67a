package fetchspec

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// maxSafelistedValue is the 128-byte cap on one safelisted request-header
// value (#cors-safelisted-request-header, step 1).
const maxSafelistedValue = 128

// maxSafelistedTotal is the 1024-byte cap on the sum of safelisted values
// (#cors-unsafe-request-header-names, step 4).
const maxSafelistedTotal = 1024

// safelistRule is the rule that decided whether a header is safelisted;
// SafelistVerdict.Why (words.go) says it in words.
type safelistRule uint8

const (
	safeOtherName safelistRule = iota // not one of the five names
	safeTooLong
	safeAccept
	safeUnsafeByte
	safeLanguage
	safeLanguageByte
	safeNotMIME
	safeFormType
	safeOtherType
	safeBadRange
	safeSuffixRange
	safeRange
	safeTotal
)

// SafelistVerdict says whether a header is CORS-safelisted and which rule
// decided, with the values that rule judged, so the trace can show it.
type SafelistVerdict struct {
	Safelisted bool
	Rule       safelistRule
	Size       int    // the value's length, or the total (safeTotal)
	Byte       byte   // the byte that failed
	Essence    string // the MIME type's essence
}

// safelisted decides #cors-safelisted-request-header for one (name,
// value) pair; anyLength is the profile's reading of Range digits
// (parseSingleRange).
func safelisted(name, value string, anyLength bool) SafelistVerdict {
	// Step 1: no value over 128 bytes.
	if len(value) > maxSafelistedValue {
		return SafelistVerdict{Rule: safeTooLong, Size: len(value)}
	}
	// Step 2: by name.
	var buf [32]byte
	switch string(lowerBytes(buf[:], name)) {
	case "accept":
		if i := firstUnsafeByte(value); i >= 0 {
			return SafelistVerdict{Rule: safeUnsafeByte, Byte: value[i]}
		}
		return SafelistVerdict{Safelisted: true, Rule: safeAccept}
	case "accept-language", "content-language":
		for i := 0; i < len(value); i++ {
			if !languageByte[value[i]] {
				return SafelistVerdict{Rule: safeLanguageByte, Byte: value[i]}
			}
		}
		return SafelistVerdict{Safelisted: true, Rule: safeLanguage}
	case "content-type":
		if i := firstUnsafeByte(value); i >= 0 {
			return SafelistVerdict{Rule: safeUnsafeByte, Byte: value[i]}
		}
		essence, ok := mimeEssence(isomorphicDecode(value))
		if !ok {
			return SafelistVerdict{Rule: safeNotMIME}
		}
		switch essence {
		case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
			return SafelistVerdict{Safelisted: true, Rule: safeFormType, Essence: essence}
		}
		return SafelistVerdict{Rule: safeOtherType, Essence: essence}
	case "range":
		hasStart, ok := parseSingleRange(value, anyLength)
		if !ok {
			return SafelistVerdict{Rule: safeBadRange}
		}
		if !hasStart {
			return SafelistVerdict{Rule: safeSuffixRange}
		}
		return SafelistVerdict{Safelisted: true, Rule: safeRange}
	}
	return SafelistVerdict{Rule: safeOtherName}
}

func firstUnsafeByte(v string) int {
	for i := 0; i < len(v); i++ {
		if corsUnsafeByte[v[i]] {
			return i
		}
	}
	return -1
}

// mimeEssence runs the part of MIME Sniffing's "parse a MIME type" that
// decides failure and the essence: a token type, "/", a token subtype.
// Parameters never make the parse fail, so they are not examined.
func mimeEssence(s string) (string, bool) {
	s = strings.Trim(s, " \t\r\n\f")
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return "", false
	}
	typ := s[:slash]
	rest := s[slash+1:]
	if semi := strings.IndexByte(rest, ';'); semi >= 0 {
		rest = rest[:semi]
	}
	sub := strings.TrimRight(rest, " \t\r\n\f")
	if !IsToken(typ) || !IsToken(sub) {
		return "", false
	}
	// type "/" subtype is a prefix of s: no concatenation needed.
	return asciiLower(s[:slash+1+len(sub)]), true
}

// parseSingleRange is "parse a single range header value" without
// whitespace (#simple-range-header-value): "bytes=" in lower case, then
// start digits, "-", end digits, one of them present and start not past
// end. The standard takes any number of digits; anyLength false keeps
// the browsers' 64-bit integers (both refuse a 25-digit end, measured in
// range-long-digits-simple). hasStart is false for a suffix range.
func parseSingleRange(v string, anyLength bool) (hasStart, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes=")
	if !found {
		return false, false
	}
	s, e, found := strings.Cut(rest, "-")
	if !found || (s == "" && e == "") || (s != "" && !allDigits(s)) || (e != "" && !allDigits(e)) {
		return false, false
	}
	if !anyLength {
		for _, n := range []string{s, e} {
			if _, err := strconv.ParseInt(orDefault(n, "0"), 10, 64); err != nil {
				return false, false
			}
		}
	}
	if s != "" && e != "" && decimalLess(e, s) {
		return false, false
	}
	return s != "", true
}

// decimalLess compares two digit strings as numbers of any size.
func decimalLess(a, b string) bool {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// UnsafeName is one entry of the CORS-unsafe request-header names with the
// reason it is there.
type UnsafeName struct {
	Name    string
	Verdict SafelistVerdict
}

// Why says in words why the name is CORS-unsafe.
func (u UnsafeName) Why() string { return u.Verdict.Why() }

// corsUnsafeNames implements #cors-unsafe-request-header-names:
// each header that is not safelisted is unsafe; if the safelisted values add
// up to more than 1024 bytes, those become unsafe too. Names come back
// lower-cased, sorted and unique; the first reason found for a name is kept.
func corsUnsafeNames(l HeaderList, anyLength, noTotal bool) []UnsafeName {
	n := min(len(l), 8)
	out := make([]UnsafeName, 0, n)
	seen := nameSet{list: make([]string, 0, n)}
	add := func(name string, v SafelistVerdict) {
		if seen.has(name) {
			return
		}
		seen.add(name)
		out = append(out, UnsafeName{asciiLower(name), v})
	}
	// Steps 1-3: each header that is not safelisted is unsafe; the values
	// of the others add up.
	total := 0
	for _, h := range l {
		if v := safelisted(h.Name, h.Value, anyLength); !v.Safelisted {
			add(h.Name, v)
		} else {
			total += len(h.Value)
		}
	}
	// Step 4: past 1024 bytes in all, the safelisted ones count too.
	if total > maxSafelistedTotal && !noTotal {
		over := SafelistVerdict{Rule: safeTotal, Size: total}
		for _, h := range l {
			if safelisted(h.Name, h.Value, anyLength).Safelisted {
				add(h.Name, over)
			}
		}
	}
	// Step 5: sorted and lower-cased (unique already).
	slices.SortFunc(out, func(a, b UnsafeName) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// isCORSNonWildcardRequestHeaderName: only Authorization, which `*` in
// Access-Control-Allow-Headers never covers
// (#cors-non-wildcard-request-header-name).
func isCORSNonWildcardRequestHeaderName(name string) bool {
	return equalFold(name, "authorization")
}

// isNoCORSSafelistedRequestHeader: one of four names and a CORS-safelisted
// pair (#no-cors-safelisted-request-header).
func isNoCORSSafelistedRequestHeader(name, value string, anyLength bool) bool {
	var buf [32]byte
	switch string(lowerBytes(buf[:], name)) {
	case "accept", "accept-language", "content-language", "content-type":
		return safelisted(name, value, anyLength).Safelisted
	}
	return false
}

var forbiddenRequestHeaderNames = map[string]bool{
	"accept-charset": true, "accept-encoding": true,
	"access-control-request-headers": true, "access-control-request-method": true,
	"connection": true, "content-length": true, "cookie": true, "cookie2": true,
	"date": true, "dnt": true, "expect": true, "host": true, "keep-alive": true,
	"origin": true, "referer": true, "set-cookie": true, "te": true,
	"trailer": true, "transfer-encoding": true, "upgrade": true, "via": true,
}

// IsForbiddenRequestHeader implements #forbidden-request-header: a fixed
// list of names, the proxy- and sec- prefixes, and the method-override
// headers when one of their values names a forbidden method.
func IsForbiddenRequestHeader(name, value string) bool {
	var buf [32]byte
	n := lowerBytes(buf[:], name)
	if forbiddenRequestHeaderNames[string(n)] || bytes.HasPrefix(n, []byte("proxy-")) || bytes.HasPrefix(n, []byte("sec-")) {
		return true
	}
	switch string(n) {
	case "x-http-method", "x-http-method-override", "x-method-override":
		for _, m := range getDecodeSplit(value) {
			if isForbiddenMethod(m) {
				return true
			}
		}
	}
	return false
}

// getDecodeSplit splits a value on commas outside quoted strings and trims
// tab and space (#header-value-get-decode-and-split). A quoted string is
// kept as written, quotes and backslashes included (it is collected with
// extract-value false), so `"connect"` is not the method CONNECT: Chromium
// and Firefox agree (method-override-quoted-connect-preflights).
func getDecodeSplit(v string) []string {
	var out []string
	start, inQuote := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case inQuote && c == '\\':
			i++ // the escaped code point stays, as does the backslash
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			out = append(out, trimHTTPTabOrSpace(v[start:i]))
			start = i + 1
		}
	}
	return append(out, trimHTTPTabOrSpace(v[start:]))
}

// isForbiddenResponseHeaderName: Set-Cookie and Set-Cookie2
// (#forbidden-response-header-name).
func isForbiddenResponseHeaderName(name string) bool {
	return equalFold(name, "set-cookie") || equalFold(name, "set-cookie2")
}

var safelistedResponseHeaderNames = [...]string{
	"cache-control", "content-language", "content-length", "content-type",
	"expires", "last-modified", "pragma",
}

// isSafelistedResponseName implements #cors-safelisted-response-header-name
// given the exposed names as a set.
func isSafelistedResponseName(name string, exposed nameSet) bool {
	for _, s := range safelistedResponseHeaderNames {
		if equalFold(name, s) {
			return true
		}
	}
	return !isForbiddenResponseHeaderName(name) && exposed.has(name)
}

// isRequestBodyHeaderName: the headers dropped when a redirect turns the
// method into GET (#request-body-header-name).
func isRequestBodyHeaderName(name string) bool {
	var buf [32]byte
	switch string(lowerBytes(buf[:], name)) {
	case "content-encoding", "content-language", "content-location", "content-type":
		return true
	}
	return false
}
