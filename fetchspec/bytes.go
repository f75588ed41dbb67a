package fetchspec

// Byte classes as lookup tables, in the style of net/http/httpguts: the
// standard defines these sets byte by byte, so a table is both the fastest
// and the most literal rendering.

// tokenTable marks the bytes of an HTTP token (RFC 9110 tchar), which the
// standard uses for methods and header names (#concept-method, #header-name).
var tokenTable = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

// corsUnsafeByte marks a CORS-unsafe request-header byte
// (#cors-unsafe-request-header-byte): controls other than tab, DEL, and the
// delimiters " ( ) : < > ? @ [ \ ] { }.
var corsUnsafeByte = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != 0x09
	}
	for _, c := range "\"():<>?@[\\]{}" {
		t[c] = true
	}
	t[0x7f] = true
	return t
}()

// languageByte marks the bytes allowed in Accept-Language and
// Content-Language values (#cors-safelisted-request-header).
var languageByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for _, c := range " *,-.;=" {
		t[c] = true
	}
	return t
}()

// IsToken reports whether s is a non-empty HTTP token.
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !tokenTable[s[i]] {
			return false
		}
	}
	return true
}

// isHTTPWhitespace is HTTP tab or space (#http-tab-or-space).
func isHTTPTabOrSpace(c byte) bool { return c == ' ' || c == '\t' }

// isHTTPWhitespace adds CR and LF (#http-whitespace-byte).
func isHTTPWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// trimHTTPTabOrSpace strips leading and trailing HTTP tab or space bytes.
func trimHTTPTabOrSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isHTTPTabOrSpace(s[i]) {
		i++
	}
	for j > i && isHTTPTabOrSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// normalizeHeaderValue strips leading and trailing HTTP whitespace bytes
// (#concept-header-value-normalize), as Headers does on append.
func normalizeHeaderValue(s string) string {
	i, j := 0, len(s)
	for i < j && isHTTPWhitespace(s[i]) {
		i++
	}
	for j > i && isHTTPWhitespace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// isValidHeaderValue: no leading or trailing tab/space, no NUL, CR or LF
// (#header-value). Callers normalize first.
func isValidHeaderValue(s string) bool {
	if s != "" && (isHTTPTabOrSpace(s[0]) || isHTTPTabOrSpace(s[len(s)-1])) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0, '\r', '\n':
			return false
		}
	}
	return true
}

// lowerBytes lower-cases s's ASCII letters into buf (growing it when s
// does not fit), for a switch, comparison or map lookup on
// string(lowerBytes(...)), which the compiler does without allocating: the
// engine's hot path judges every header name this way.
func lowerBytes(buf []byte, s string) []byte {
	b := append(buf[:0], s...)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// asciiLower lower-cases ASCII letters only (#byte-lowercase); header names
// are bytes, not Unicode text.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalFold is a byte-case-insensitive match (#byte-case-insensitive).
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// isomorphicEncode turns a JavaScript string into a byte string the way
// ByteString conversion does: each code point below U+0100 becomes one byte.
// ok is false when a code point does not fit (fetch() throws a TypeError).
func isomorphicEncode(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s, true
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return s, false
		}
		b = append(b, byte(r))
	}
	return string(b), true
}

// isomorphicDecode is the inverse of isomorphicEncode, for display.
func isomorphicDecode(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}
