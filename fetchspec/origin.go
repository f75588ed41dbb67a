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
