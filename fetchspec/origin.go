package fetchspec

import "strconv"

// URL is a parsed URL per the WHATWG URL standard. Go's net/url does not
// lower-case hosts, elide default ports or apply IDNA, and origins depend on
// all three, so parsing goes through url.go, written for that standard.
type URL struct {
	u *rawURL
}

// ParseURL parses an absolute URL.
func ParseURL(s string) (*URL, error) {
	u, err := parseURL(s, nil)
	if err != nil {
		return nil, err
	}
	return &URL{u}, nil
}

// ParseURLRef parses ref against b, as a Location header is parsed
// against the response URL (#concept-response-location-url).
func (b *URL) ParseURLRef(ref string) (*URL, error) {
	u, err := parseURL(ref, b.u)
	if err != nil {
		return nil, err
	}
	return &URL{u}, nil
}

// String is the serialization without fragment: what goes on the wire and
// what keys the preflight cache.
func (u *URL) String() string { return u.u.href(false) }

// Href is the full serialization, fragment included.
func (u *URL) Href() string { return u.u.href(true) }

// Scheme without the colon.
func (u *URL) Scheme() string { return u.u.scheme }

// badPorts is the Fetch standard's bad port list (#bad-port).
var badPorts = map[int]bool{
	0: true, 1: true, 7: true, 9: true, 11: true, 13: true, 15: true, 17: true, 19: true, 20: true,
	21: true, 22: true, 23: true, 25: true, 37: true, 42: true, 43: true, 53: true, 69: true, 77: true,
	79: true, 87: true, 95: true, 101: true, 102: true, 103: true, 104: true, 109: true, 110: true,
	111: true, 113: true, 115: true, 117: true, 119: true, 123: true, 135: true, 137: true, 139: true,
	143: true, 161: true, 179: true, 389: true, 427: true, 465: true, 512: true, 513: true, 514: true,
	515: true, 526: true, 530: true, 531: true, 532: true, 540: true, 548: true, 554: true, 556: true,
	563: true, 587: true, 601: true, 636: true, 989: true, 990: true, 993: true, 995: true, 1719: true,
	1720: true, 1723: true, 2049: true, 3659: true, 4045: true, 4190: true, 5060: true, 5061: true,
	6000: true, 6566: true, 6665: true, 6666: true, 6667: true, 6668: true, 6669: true, 6679: true,
	6697: true, 10080: true,
}

// badPort is the URL's port when it is on the bad port list and the
// scheme is http(s) (#block-bad-port), else -1. A default port is none.
func (u *URL) badPort() int {
	p := u.u.port
	if p == -1 {
		p = 0 // an explicit port 0
	} else if p == 0 {
		return -1
	}
	if u.IsHTTPScheme() && badPorts[p] {
		return p
	}
	return -1
}

// HasCredentials reports a username or password (#include-credentials).
func (u *URL) HasCredentials() bool { return u.u.username != "" || u.u.password != "" }

// IsHTTPScheme: http or https (#http-scheme).
func (u *URL) IsHTTPScheme() bool { s := u.Scheme(); return s == "http" || s == "https" }

// Origin computes the URL's origin (URL standard #concept-url-origin): a
// tuple for http(s), ws(s) and ftp, opaque for everything else.
func (u *URL) Origin() Origin {
	if !u.u.hasHost || u.u.opaque {
		if u.u.scheme == "blob" {
			if inner, err := ParseURL(u.u.path); err == nil && inner.IsHTTPScheme() {
				return inner.Origin()
			}
		}
		return Origin{Opaque: true}
	}
	return Origin{Scheme: u.u.scheme, Host: u.u.host, Port: u.u.port}
}

// withoutCredentials drops the userinfo.
func (u *URL) withoutCredentials() *URL {
	c := *u.u
	c.username, c.password, c.hrefCache = "", "", ""
	return &URL{&c}
}

// Origin is a tuple origin (scheme, host, port) or an opaque origin
// (HTML #concept-origin). Port 0 means the scheme's default port, which the
// URL parser has already elided.
type Origin struct {
	Scheme string
	Host   string
	Port   int
	Opaque bool
}

// ParseOrigin reads a serialized origin such as "http://app.test:8080" or
// "null". The input must already be in serialized form: a path, a trailing
// slash, userinfo, or a host or port that serializes differently is refused,
// so that a scenario cannot name an origin the browser would never send.
func ParseOrigin(s string) (Origin, error) {
	if s == "null" {
		return Origin{Opaque: true}, nil
	}
	u, err := ParseURL(s)
	if err != nil {
		return Origin{}, err
	}
	o := u.Origin()
	if o.Opaque {
		return Origin{}, errNotTupleOrigin
	}
	if o.Serialize() != s {
		return Origin{}, &originFormError{want: o.Serialize()}
	}
	return o, nil
}

type originError string

func (e originError) Error() string { return string(e) }

const errNotTupleOrigin = originError("an origin must be http(s)://host[:port] or null")

type originFormError struct{ want string }

func (e *originFormError) Error() string {
	return "not a serialized origin; did you mean \"" + e.want + "\"?"
}

// Serialize is the ASCII serialization of an origin
// (HTML #ascii-serialisation-of-an-origin): "null" when opaque.
func (o Origin) Serialize() string {
	if o.Opaque {
		return "null"
	}
	s := o.Scheme + "://" + o.Host
	if o.Port != 0 {
		s += ":" + strconv.Itoa(max(o.Port, 0)) // -1: an explicit port 0
	}
	return s
}

// sameOrigin: two tuple origins with equal scheme, host and port. An opaque
// origin is here never same origin with anything, since the page's opaque
// origin and a URL's fresh opaque origin are always different origins.
func sameOrigin(a, b Origin) bool {
	return !a.Opaque && !b.Opaque && a.Scheme == b.Scheme && a.Host == b.Host && a.Port == b.Port
}
