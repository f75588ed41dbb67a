package fetchspec

import "strconv"

// Reading a response's header lines the browser's way.
//
// HTTP/1.1 forbids a space before a header's colon (RFC 9112 §5.1) and
// line folding (§5.2), and a line without a colon is no header at all.
// Servers send them anyway, and browsers differ. ParseRawResponse reads
// each such line leniently and records it (Response.Irregular); the
// profile's HeaderReading says what its browser does with each kind, as
// measured by the conformance harness (testdata/scenarios/lenient-*):
//
//	kind                 Chromium 156   Firefox 153   spec profile
//	space before colon   reads it       ignores line  reads it, as RFC 9112 tells a proxy to repair it
//	folded line          joins, space   joins, space  joins, as RFC 9112 §5.2 tells a user agent
//	no colon             ignores        ignores       ignores
type HeaderReading struct {
	// IgnoreSpaceBeforeColon drops a "Name : value" line instead of
	// reading it as "Name: value" (Firefox).
	IgnoreSpaceBeforeColon bool
}

// readResponse applies the profile's reading to a response as the server
// sent it and describes each irregular line in words for the trace. The
// server's response is not modified.
func (p *Profile) readResponse(resp *Response) (*Response, []string) {
	if len(resp.Irregular) == 0 {
		return resp, nil
	}
	drop := map[int]bool{}
	var notes []string
	for _, ir := range resp.Irregular {
		if ir.Kind == SpaceBeforeColon && p.Reading.IgnoreSpaceBeforeColon {
			drop[ir.Index] = true
		}
		notes = append(notes, describeIrregular(p, resp, ir))
	}
	if len(drop) == 0 {
		return resp, notes
	}
	c := *resp
	c.Header = make(HeaderList, 0, len(resp.Header))
	for i, h := range resp.Header {
		if !drop[i] {
			c.Header = append(c.Header, h)
		}
	}
	return &c, notes
}

// describeIrregular says what the line is, what each measured browser
// does with it, and what this run does.
func describeIrregular(p *Profile, resp *Response, ir IrregularLine) string {
	at := "Response line " + strconv.Itoa(ir.Line) + " (" + strconv.Quote(ir.Text) + ")"
	read := ""
	if ir.Index >= 0 && ir.Index < len(resp.Header) {
		h := resp.Header[ir.Index]
		read = h.Name + ": " + h.Value
	}
	switch ir.Kind {
	case SpaceBeforeColon:
		s := at + " has whitespace before the colon, which HTTP/1.1 forbids. Chromium reads it as " + strconv.Quote(read) + "; Firefox ignores the line (both measured)."
		if p.Reading.IgnoreSpaceBeforeColon {
			return s + " " + p.Display + " ignores it here."
		}
		return s + " " + p.Display + " reads it here."
	case ObsFold:
		return at + " starts with whitespace: an obsolete folded line that continues the header above. Chromium and Firefox join it with one space (measured), giving " + strconv.Quote(read) + "."
	}
	return at + " has no colon, so it is no header; Chromium and Firefox skip it (measured)."
}
