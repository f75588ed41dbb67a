package fetchspec

// Reading a response's header lines the browser's way.
//
// HTTP/1.1 forbids a space before a header's colon (RFC 9112 §5.1) and
// line folding (§5.2), and a line without a colon is no header at all.
// Servers send them anyway, and browsers differ. ParseRawResponse reads
// each such line leniently and records it (Response.Irregular); the
// profile's headerReading says what its browser does with each kind, as
// measured by the conformance harness (testdata/scenarios/lenient-*):
//
//	kind                 Chromium 156   Firefox 153   spec profile
//	space before colon   reads it       ignores line  reads it, as RFC 9112 tells a proxy to repair it
//	folded line          joins, space   joins, space  joins, as RFC 9112 §5.2 tells a user agent
//	no colon             ignores        ignores       ignores
type headerReading struct {
	// IgnoreSpaceBeforeColon drops a "Name : value" line instead of
	// reading it as "Name: value" (Firefox).
	IgnoreSpaceBeforeColon bool
}

// readResponse applies the profile's reading to a response as the server
// sent it and notes each irregular line for the trace. The server's
// response is not modified.
func (p *Profile) readResponse(resp *Response) (*Response, []Note) {
	if len(resp.Irregular) == 0 {
		return resp, nil
	}
	drop := map[int]bool{}
	notes := make([]Note, 0, len(resp.Irregular))
	for _, ir := range resp.Irregular {
		n := Note{Line: ir, browser: p.display}
		if ir.Index >= 0 && ir.Index < len(resp.Header) {
			h := resp.Header[ir.Index]
			n.read = h.Name + ": " + h.Value
		}
		if ir.Kind == SpaceBeforeColon && p.reading.IgnoreSpaceBeforeColon {
			drop[ir.Index] = true
			n.ignored = true
		}
		notes = append(notes, n)
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
