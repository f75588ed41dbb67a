package fetchspec

// IsCORSSafelistedMethod: GET, HEAD or POST, compared byte for byte
// (#cors-safelisted-method).
func IsCORSSafelistedMethod(m string) bool {
	return m == "GET" || m == "HEAD" || m == "POST"
}

// IsForbiddenMethod: CONNECT, TRACE or TRACK in any case (#forbidden-method).
func IsForbiddenMethod(m string) bool {
	return equalFold(m, "CONNECT") || equalFold(m, "TRACE") || equalFold(m, "TRACK")
}

// NormalizeMethod upper-cases the six well-known methods when they match
// case-insensitively and leaves every other method alone
// (#concept-method-normalize): "patch" stays "patch".
func NormalizeMethod(m string) string {
	for _, known := range [...]string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		if equalFold(m, known) {
			return known
		}
	}
	return m
}
