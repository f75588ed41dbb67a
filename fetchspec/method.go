package fetchspec

// isCORSSafelistedMethod: GET, HEAD or POST, compared byte for byte
// (#cors-safelisted-method).
func isCORSSafelistedMethod(m string) bool {
	return m == "GET" || m == "HEAD" || m == "POST"
}

// isForbiddenMethod: CONNECT, TRACE or TRACK in any case (#forbidden-method).
func isForbiddenMethod(m string) bool {
	return equalFold(m, "CONNECT") || equalFold(m, "TRACE") || equalFold(m, "TRACK")
}

// normalizeMethod upper-cases the six well-known methods when they match
// case-insensitively and leaves every other method alone
// (#concept-method-normalize): "patch" stays "patch".
func normalizeMethod(m string) string {
	for _, known := range [...]string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		if equalFold(m, known) {
			return known
		}
	}
	return m
}
