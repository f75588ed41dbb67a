package fetchspec

import (
	"strconv"
	"strings"
)

// checkResult is the outcome of a CORS check with what it looked at.
type checkResult struct {
	ok     bool
	reason Reason // the non-preflight variant
	hint   string // Chromium's failed_parameter
	detail string
	inputs []Input
}

// corsCheck implements the CORS check (#concept-cors-check):
//
//  1. origin is the header list "get" of Access-Control-Allow-Origin, so
//     several lines read as one comma-joined value; absent is failure.
//  2. Without credentials mode "include", `*` succeeds.
//  3. Otherwise origin must equal the byte-serialized request origin.
//  4. Without "include", that is success.
//  5. With "include", Access-Control-Allow-Credentials must be `true`.
//
// The standard only says pass or fail; which reason an engine names depends
// on the order of its own tests, so the classification follows the profile.
func corsCheck(p *Profile, req *Request, resp *Response) checkResult {
	return corsCheckAs(p, req, resp, req.serializedOrigin())
}

// corsCheckAs runs the CORS check against a given serialized origin.
func corsCheckAs(p *Profile, req *Request, resp *Response, origin string) checkResult {
	acao, present := resp.Header.Get("Access-Control-Allow-Origin")
	include := req.Credentials == "include"
	in := []Input{{"Access-Control-Allow-Origin", showValue(acao, present)}, {"request origin", origin}, {"credentials mode", req.Credentials}}
	fail := func(r Reason, hint, detail string) checkResult {
		return checkResult{reason: r, hint: hint, detail: detail, inputs: in}
	}
	lines := resp.Header.Count("Access-Control-Allow-Origin")

	if p.ACAO == ACAOFirefox && lines > 1 {
		return fail(MultipleAllowOriginValues, acao, "The response has "+strconv.Itoa(lines)+" Access-Control-Allow-Origin lines; only one is allowed.")
	}
	if !present {
		return fail(MissingAllowOriginHeader, "", "The response has no Access-Control-Allow-Origin header, so the browser may not hand it to "+origin+".")
	}
	if acao == "*" {
		if !include {
			return checkResult{ok: true, detail: "Access-Control-Allow-Origin is *, which allows any origin for a request without credentials.", inputs: in}
		}
		return fail(WildcardOriginNotAllowed, "", "Access-Control-Allow-Origin is *, but the request's credentials mode is include: a credentialed response must name the origin exactly.")
	}
	if acao != origin {
		switch {
		case p.ACAO == ACAOFirefox:
			return fail(AllowOriginMismatch, acao, "Access-Control-Allow-Origin is \""+acao+"\", which does not match the request origin \""+origin+"\".")
		case strings.ContainsAny(acao, " ,") || (p.ACAO == ACAOWebKit && strings.Contains(acao, ",")):
			d := "Access-Control-Allow-Origin holds \"" + acao + "\": more than one value. "
			if lines > 1 {
				d = "The response has " + strconv.Itoa(lines) + " Access-Control-Allow-Origin lines, which read as \"" + acao + "\": more than one value. "
			}
			return fail(MultipleAllowOriginValues, acao, d+"Only a single origin (or *) is allowed; a server that allows several origins must echo the one that asked.")
		case acao == "null":
			return fail(AllowOriginMismatch, acao, "Access-Control-Allow-Origin is \"null\", which matches only a request whose origin is null.")
		case !looksLikeURL(acao):
			return fail(InvalidAllowOriginValue, acao, "Access-Control-Allow-Origin is \""+acao+"\", which is not an origin: it must be scheme://host[:port], null or *.")
		}
		d := "Access-Control-Allow-Origin is \"" + acao + "\" but the request origin is \"" + origin + "\"; they must be equal byte for byte."
		if equalFold(acao, origin) || strings.TrimSuffix(acao, "/") == origin {
			d += " Case, a trailing slash or a default port all count."
		}
		return fail(AllowOriginMismatch, acao, d)
	}
	if !include {
		return checkResult{ok: true, detail: "Access-Control-Allow-Origin equals the request origin " + origin + ".", inputs: in}
	}
	acac, acacPresent := resp.Header.Get("Access-Control-Allow-Credentials")
	in = append(in, Input{"Access-Control-Allow-Credentials", showValue(acac, acacPresent)})
	if acac != "true" {
		return checkResult{reason: InvalidAllowCredentials, hint: acac, inputs: in,
			detail: "The request includes credentials, so Access-Control-Allow-Credentials must be exactly true; it is " + showValue(acac, acacPresent) + "."}
	}
	return checkResult{ok: true, detail: "Access-Control-Allow-Origin equals " + origin + " and Access-Control-Allow-Credentials is true.", inputs: in}
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

func showValue(v string, present bool) string {
	if !present {
		return "(absent)"
	}
	return "\"" + v + "\""
}
