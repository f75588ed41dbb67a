package fetchspec

import "strings"

// corsCheck implements the CORS check (#concept-cors-check at 586cd2a)
// against the serialized origin the request presented:
//
//  1. origin is the header list "get" of Access-Control-Allow-Origin, so
//     several lines read as one comma-joined value.
//  2. If origin is null (absent), return failure.
//  3. Without credentials mode "include" and origin `*`, return success.
//  4. If origin is not the byte-serialized request origin, return failure.
//  5. Without credentials mode "include", return success.
//  6. credentials is Access-Control-Allow-Credentials.
//  7. If it is `true`, return success.
//  8. Return failure.
//
// The standard only says pass or fail; which reason an engine names
// depends on the order of its own tests, so the verdict follows the
// profile's acao style.
func corsCheck(p *Profile, req *request, resp *Response, origin string) originChecked {
	acao, present := resp.Header.Get("Access-Control-Allow-Origin")
	c := originChecked{acao: acao, present: present, origin: origin, credentials: req.Credentials}
	include := req.include()
	c.lines = resp.Header.Count("Access-Control-Allow-Origin")
	switch {
	case p.acao == acaoFirefox && c.lines > 1:
		c.verdict = originLinesFirefox
	case !present: // step 2
		c.verdict = originMissing
	case acao == "*" && !include: // step 3
		c.verdict = originWildcardOK
	case acao == "*":
		c.verdict = originWildcardCredentials
	case acao != origin: // step 4
		c.verdict = mismatchVerdict(p, acao)
	case !include: // step 5
		c.verdict = originEqual
	default: // steps 6-8
		c.acac, c.acacPresent = resp.Header.Get("Access-Control-Allow-Credentials")
		c.verdict = originEqualCredentials
		if c.acac != "true" {
			c.verdict = originCredentialsInvalid
		}
	}
	return c
}

// mismatchVerdict classifies a value that is not the origin as each engine
// reports it: Firefox names every mismatch alike; Chromium (and the spec
// profile, which borrows its names) tells several values, null and
// non-origins apart; WebKit treats only a comma as several values.
func mismatchVerdict(p *Profile, acao string) originVerdict {
	switch {
	case p.acao == acaoFirefox:
		return originMismatchFirefox
	case strings.ContainsAny(acao, " ,") || (p.acao == acaoWebKit && strings.Contains(acao, ",")):
		return originMultipleValues
	case acao == "null":
		return originNull
	case !looksLikeURL(acao):
		return originInvalid
	}
	return originMismatch
}

// looksLikeURL approximates GURL validity for the Access-Control-Allow-Origin
// classification: something that parses as an absolute URL.
func looksLikeURL(s string) bool {
	if s == "" {
		return false
	}
	_, err := ParseURL(s)
	return err == nil
}
