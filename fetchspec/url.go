package fetchspec

import (
	"errors"
	"golang.org/x/net/idna"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is a WHATWG URL parser (https://url.spec.whatwg.org/#url-parsing)
// reduced to what CORS needs: special schemes with hosts, and opaque URLs
// such as data: that only have to be recognised. url_test.go checks it
// against github.com/nlnwa/whatwg-url, a full implementation, which stays a
// test-only dependency: its Unicode tables would cost app.wasm 0.8 MB.

type rawURL struct {
	scheme, username, password, host string
	port                             int // 0: default or none; -1: an explicit port 0
	hasHost                          bool
	path                             string // serialized path ("/a/b" or opaque)
	opaque                           bool
	query, fragment                  *string
	// hrefCache holds the serialization without fragment; a parsed URL is
	// never modified, and the engine serializes the same URL many times.
	hrefCache string
}

var defaultPorts = map[string]int{"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}

func isSpecial(s string) bool { _, ok := defaultPorts[s]; return ok || s == "file" }

func (u *rawURL) href(fragment bool) string {
	if !fragment || u.fragment == nil {
		if u.hrefCache == "" {
			u.hrefCache = u.serialize(false)
		}
		return u.hrefCache
	}
	return u.serialize(true)
}

func (u *rawURL) serialize(fragment bool) string {
	var b strings.Builder
	b.WriteString(u.scheme)
	b.WriteByte(':')
	if u.hasHost {
		b.WriteString("//")
		if u.username != "" || u.password != "" {
			b.WriteString(u.username)
			if u.password != "" {
				b.WriteByte(':')
				b.WriteString(u.password)
			}
			b.WriteByte('@')
		}
		b.WriteString(u.host)
		if u.port != 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(max(u.port, 0)))
		}
	}
	b.WriteString(u.path)
	if u.query != nil {
		b.WriteByte('?')
		b.WriteString(*u.query)
	}
	if fragment && u.fragment != nil {
		b.WriteByte('#')
		b.WriteString(*u.fragment)
	}
	return b.String()
}

// parseURL runs the basic URL parser on input against an optional base.
func parseURL(input string, base *rawURL) (*rawURL, error) {
	// Strip leading and trailing C0 controls and spaces; remove tab and newlines.
	input = strings.TrimFunc(input, func(r rune) bool { return r <= 0x20 })
	input = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, input)

	scheme, rest, hasScheme := splitScheme(input)
	if !hasScheme {
		if base == nil {
			return nil, errors.New("invalid URL: no scheme and no base URL")
		}
		return resolveRelative(input, base)
	}
	u := &rawURL{scheme: scheme}
	if !isSpecial(scheme) {
		if strings.HasPrefix(rest, "//") {
			return nil, errors.New("invalid URL: only http(s), ws(s), ftp and opaque URLs such as data: are supported")
		}
		u.opaque = true
		p, q, f := splitQueryFragment(rest)
		u.path = percentEncode(p, c0Control)
		u.query, u.fragment = encodeOpt(q, queryEncode), encodeOpt(f, fragmentEncode)
		return u, nil
	}
	if scheme == "file" {
		return nil, errors.New("invalid URL: file: URLs are not supported here")
	}
	rest = slashesBeforeQuery(rest)
	if base != nil && base.scheme == scheme && !strings.HasPrefix(rest, "/") {
		// "http:foo" relative to an http base is a relative reference.
		return resolveRelative(rest, base)
	}
	rest = strings.TrimLeft(rest, "/")
	return parseAuthorityAndRest(u, rest)
}

// slashesBeforeQuery turns backslashes into slashes in the authority and
// path of a special URL, where the URL parser reads them as "/"; in the
// query and the fragment a backslash stays a backslash.
func slashesBeforeQuery(s string) string {
	end := strings.IndexAny(s, "?#")
	if end < 0 {
		end = len(s)
	}
	return strings.ReplaceAll(s[:end], "\\", "/") + s[end:]
}

// splitScheme finds "scheme:"; a scheme starts with a letter and holds
// letters, digits, + - and ., lower-cased.
func splitScheme(s string) (scheme, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return asciiLower(s[:i]), s[i+1:], true
		default:
			return "", s, false
		}
	}
	return "", s, false
}

func splitQueryFragment(s string) (path string, query, fragment *string) {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		f := s[i+1:]
		fragment = &f
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		q := s[i+1:]
		query = &q
		s = s[:i]
	}
	return s, query, fragment
}

func encodeOpt(s *string, set func(rune) bool) *string {
	if s == nil {
		return nil
	}
	v := percentEncode(*s, set)
	return &v
}

func parseAuthorityAndRest(u *rawURL, rest string) (*rawURL, error) {
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	auth, tail := rest[:end], rest[end:]
	if at := strings.LastIndexByte(auth, '@'); at >= 0 {
		info := auth[:at]
		auth = auth[at+1:]
		user, pass, _ := strings.Cut(info, ":")
		u.username = percentEncode(user, userinfoEncode)
		u.password = percentEncode(pass, userinfoEncode)
	}
	hostPart, portPart := auth, ""
	if strings.HasPrefix(auth, "[") {
		if i := strings.IndexByte(auth, ']'); i >= 0 {
			hostPart, portPart = auth[:i+1], strings.TrimPrefix(auth[i+1:], ":")
			if auth[i+1:] != "" && !strings.HasPrefix(auth[i+1:], ":") {
				return nil, errors.New("invalid URL: unexpected text after the IPv6 host")
			}
		}
	} else if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		hostPart, portPart = auth[:i], auth[i+1:]
	}
	host, err := parseHost(hostPart)
	if err != nil {
		return nil, err
	}
	u.host, u.hasHost = host, true
	if portPart != "" {
		n := 0
		for i := 0; i < len(portPart); i++ {
			if portPart[i] < '0' || portPart[i] > '9' {
				return nil, errors.New("invalid URL: the port \"" + portPart + "\" is not a number")
			}
			n = n*10 + int(portPart[i]-'0')
			if n > 65535 {
				return nil, errors.New("invalid URL: the port is above 65535")
			}
		}
		switch {
		case n == defaultPorts[u.scheme]:
		case n == 0:
			u.port = -1 // port 0 is a port like any other, not the default
		default:
			u.port = n
		}
	}
	p, q, f := splitQueryFragment(tail)
	u.path = normalizePath(p)
	u.query, u.fragment = encodeOpt(q, specialQueryEncode), encodeOpt(f, fragmentEncode)
	return u, nil
}

// resolveRelative resolves input against base (special base only).
func resolveRelative(input string, base *rawURL) (*rawURL, error) {
	if base.opaque {
		if strings.HasPrefix(input, "#") {
			c := *base
			f := percentEncode(input[1:], fragmentEncode)
			c.fragment = &f
			return &c, nil
		}
		return nil, errors.New("invalid URL: cannot resolve against " + base.scheme + ": URL")
	}
	input = slashesBeforeQuery(input)
	if strings.HasPrefix(input, "//") {
		return parseAuthorityAndRest(&rawURL{scheme: base.scheme}, strings.TrimLeft(input, "/"))
	}
	u := &rawURL{scheme: base.scheme, username: base.username, password: base.password, host: base.host, port: base.port, hasHost: base.hasHost}
	p, q, f := splitQueryFragment(input)
	switch {
	case input == "":
		u.path, u.query = base.path, base.query
	case strings.HasPrefix(input, "/"):
		u.path = normalizePath(p)
		u.query = encodeOpt(q, specialQueryEncode)
	case p == "":
		u.path = base.path
		u.query = base.query
		if q != nil {
			u.query = encodeOpt(q, specialQueryEncode)
		}
	default:
		dir := base.path[:strings.LastIndexByte(base.path, '/')+1]
		u.path = normalizePath(dir + p)
		u.query = encodeOpt(q, specialQueryEncode)
	}
	u.fragment = encodeOpt(f, fragmentEncode)
	return u, nil
}

// normalizePath percent-encodes a special URL's path and removes "." and
// ".." segments (including their %2e spellings).
func normalizePath(p string) string {
	if cleanPath(p) {
		return p
	}
	segs := strings.Split(p, "/")
	if len(segs) > 0 && segs[0] == "" {
		segs = segs[1:]
	}
	var out []string
	for i, s := range segs {
		last := i == len(segs)-1
		switch asciiLower(s) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, percentEncode(s, pathEncode))
		}
	}
	return "/" + strings.Join(out, "/")
}

// cleanPath reports whether normalizePath would return p unchanged: it
// starts with "/", has no dot segment and nothing to percent-encode. Most
// URLs are like that, and then parsing copies nothing.
func cleanPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsFunc(p, pathEncode) {
		return false
	}
	for rest := p[1:]; ; {
		seg, after, more := strings.Cut(rest, "/")
		if isDotSegment(seg) || isDoubleDotSegment(seg) {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

func isDotSegment(s string) bool { return s == "." || equalFold(s, "%2e") }

func isDoubleDotSegment(s string) bool {
	switch len(s) {
	case 2:
		return s == ".."
	case 4:
		return equalFold(s, ".%2e") || equalFold(s, "%2e.")
	case 6:
		return equalFold(s, "%2e%2e")
	}
	return false
}

// Percent-encode sets (URL standard §1.3).
func c0Control(r rune) bool { return r < 0x20 || r > 0x7e }
func fragmentEncode(r rune) bool {
	return c0Control(r) || r == ' ' || r == '"' || r == '<' || r == '>' || r == '`'
}
func queryEncode(r rune) bool {
	return c0Control(r) || r == ' ' || r == '"' || r == '#' || r == '<' || r == '>'
}
func specialQueryEncode(r rune) bool { return queryEncode(r) || r == '\'' }
func pathEncode(r rune) bool {
	return queryEncode(r) || r == '?' || r == '^' || r == '`' || r == '{' || r == '}'
}
func userinfoEncode(r rune) bool {
	return pathEncode(r) || r == '/' || r == ':' || r == ';' || r == '=' || r == '@' || (r >= '[' && r <= ']') || r == '|'
}

func percentEncode(s string, set func(rune) bool) string {
	if !strings.ContainsFunc(s, set) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !set(r) {
			b.WriteRune(r)
			continue
		}
		var buf [4]byte
		n := utf8.EncodeRune(buf[:], r)
		for _, c := range buf[:n] {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b = append(b, byte(n))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// forbiddenDomainCodePoint (URL standard): controls, space, and # % / : < >
// ? @ [ \ ] ^ | plus DEL.
func forbiddenDomainCodePoint(r rune) bool {
	if r <= 0x20 || r == 0x7f {
		return true
	}
	return strings.ContainsRune("#%/:<>?@[\\]^|", r)
}

// parseHost is the host parser for special URLs: IPv6 in brackets, then
// percent-decoding, domain to ASCII (lower-case and Punycode per label),
// forbidden code points, and IPv4 in its numeric spellings.
func parseHost(h string) (string, error) {
	if h == "" {
		return "", errors.New("invalid URL: empty host")
	}
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") {
			return "", errors.New("invalid URL: unclosed IPv6 address")
		}
		a, err := netip.ParseAddr(h[1 : len(h)-1])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return "", errors.New("invalid URL: bad IPv6 address")
		}
		return "[" + serializeIPv6(a.As16()) + "]", nil
	}
	domain := percentDecode(h)
	if !utf8.ValidString(domain) {
		return "", errors.New("invalid URL: the host is not valid UTF-8")
	}
	ascii, err := domainToASCII(domain)
	if err != nil {
		return "", err
	}
	for _, r := range ascii {
		if forbiddenDomainCodePoint(r) {
			return "", errors.New("invalid URL: the host holds the forbidden character " + strconv.QuoteRune(r))
		}
	}
	if endsInNumber(ascii) {
		return parseIPv4(ascii)
	}
	return ascii, nil
}

func domainToASCII(d string) (string, error) {
	// UTS #46 maps full stops and case; the common cases are the ideographic
	// full stops and Unicode lower-casing.
	bad := rune(-1)
	d = strings.Map(func(r rune) rune {
		switch {
		case r == '\u3002' || r == '\uff0e' || r == '\uff61':
			return '.'
		case uts46Ignored(r):
			return -1
		case uts46Disallowed(r):
			bad = r
		}
		return r
	}, d)
	if bad >= 0 {
		return "", errors.New("invalid URL: the host holds " + strconv.QuoteRune(bad) + ", which no domain name may hold")
	}
	if isASCII(d) {
		// Every label is ASCII: lower-casing is all there is to do.
		if d == "" {
			return "", errors.New("invalid URL: empty host")
		}
		return asciiLower(d), nil
	}
	// A label that is not ASCII goes through UTS #46 as the URL standard
	// asks (#concept-domain-to-ascii): mapping (full-width letters,
	// compatibility forms, case), NFC, and Punycode, by golang.org/x/net's
	// idna with the URL standard's flags.
	mapped, err := urlIDNA.ToASCII(d)
	if err != nil {
		return "", errors.New("invalid URL: the host " + strconv.Quote(d) + " is not a valid international domain name")
	}
	labels := strings.Split(mapped, ".")
	for i, l := range labels {
		labels[i] = asciiLower(l)
	}
	out := strings.Join(labels, ".")
	if out == "" {
		return "", errors.New("invalid URL: empty host")
	}
	return out, nil
}

// isASCII reports whether s has no byte above 0x7F.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// endsInNumber: the last label (ignoring one trailing dot) is all digits or
// a 0x hex number, so the host must parse as IPv4.
func endsInNumber(h string) bool {
	if h == "" {
		return false
	}
	last := strings.TrimSuffix(h, ".")
	last = last[strings.LastIndexByte(last, '.')+1:]
	if last != "" && allDigits(last) {
		return true
	}
	if strings.HasPrefix(last, "0x") || strings.HasPrefix(last, "0X") {
		for i := 2; i < len(last); i++ {
			if !isHex(last[i]) {
				return false
			}
		}
		return true
	}
	return false
}

func parseIPv4(h string) (string, error) {
	bad := errors.New("invalid URL: \"" + h + "\" is not a valid IPv4 address")
	parts := strings.Split(h, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return "", bad
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" {
			return "", bad
		}
		radix := 10
		switch {
		case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
			p, radix = p[2:], 16
		case len(p) >= 2 && p[0] == '0':
			p, radix = p[1:], 8
		}
		if p == "" {
			nums[i] = 0
			continue
		}
		n, err := strconv.ParseUint(p, radix, 64)
		if err != nil {
			return "", bad
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return "", bad
		}
	}
	if nums[len(nums)-1] >= 1<<(8*(5-len(nums))) {
		return "", bad
	}
	ip := nums[len(nums)-1]
	for i, n := range nums[:len(nums)-1] {
		ip += n << (8 * (3 - i))
	}
	return strconv.FormatUint(ip>>24, 10) + "." + strconv.FormatUint(ip>>16&255, 10) + "." + strconv.FormatUint(ip>>8&255, 10) + "." + strconv.FormatUint(ip&255, 10), nil
}

// serializeIPv6 compresses the first longest run of two or more zero pieces.
func serializeIPv6(a [16]byte) string {
	var p [8]uint16
	for i := range p {
		p[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	bestStart, bestLen := -1, 1
	for i := 0; i < 8; {
		if p[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && p[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestStart, bestLen = i, j-i
		}
		i = j
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == bestStart {
			b.WriteString("::")
			i += bestLen - 1
			continue
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), ":") {
			b.WriteByte(':')
		}
		b.WriteString(strconv.FormatUint(uint64(p[i]), 16))
	}
	return b.String()
}

// uts46Ignored: code points UTS #46 maps to nothing (soft hyphen, zero
// width space and joiner-free formatting marks, variation selectors, the
// byte order mark). Full UTS #46 is not implemented; these are the ones
// that make two hosts look alike.
func uts46Ignored(r rune) bool {
	switch {
	case r == 0x00ad, r == 0x034f, r == 0x200b, r == 0x2060, r == 0xfeff:
		return true
	case r >= 0x180b && r <= 0x180d, r >= 0xfe00 && r <= 0xfe0f:
		return true
	}
	return false
}

// uts46Disallowed: code points no domain may hold: C1 controls and the
// bidirectional formatting controls (U+202E can make a host read
// backwards).
func uts46Disallowed(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// urlIDNA is UTS #46 ToASCII with the URL standard's settings: not
// transitional, hyphens and DNS lengths not checked, joiners and bidi
// checked, no STD3 rules (the host parser forbids its own code points).
var urlIDNA = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.CheckHyphens(false),
	idna.CheckJoiners(true), idna.BidiRule(), idna.StrictDomainName(false), idna.VerifyDNSLength(false))
