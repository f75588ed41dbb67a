package conformance

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"sync"
	"time"
)

// The harness plays https too, on the same ports as http: a connection
// whose first byte is a TLS handshake record (0x16) is wrapped in TLS with
// a certificate made for this process. Chromium is told to ignore
// certificate errors; Firefox's fresh profile is given the certificate as
// a trusted root (certutil). This is what lets a scenario's page be
// https://app.test and meet mixed-content blocking as a user does.

// harnessCA is a root made for this process and harnessCert the server
// certificate it signs (Firefox refuses a CA certificate used as the
// server's own).
var harnessCA, harnessCert = func() (func() (*x509.Certificate, error), func() (tls.Certificate, error)) {
	type pair struct {
		ca   *x509.Certificate
		leaf tls.Certificate
	}
	mk := sync.OnceValues(func() (pair, error) {
		caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return pair{}, err
		}
		now := time.Now()
		caTmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(now.UnixNano()),
			Subject:               pkix.Name{CommonName: "corsim conformance harness root"},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(48 * time.Hour),
			IsCA:                  true,
			BasicConstraintsValid: true,
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
		if err != nil {
			return pair{}, err
		}
		ca, err := x509.ParseCertificate(caDER)
		if err != nil {
			return pair{}, err
		}
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return pair{}, err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(now.UnixNano() + 1),
			Subject:      pkix.Name{CommonName: "app.test"},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(47 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			DNSNames:     []string{"app.test", "api.test", "other.test", "img.app.test", "*.app.test", "*.api.test"},
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			return pair{}, err
		}
		return pair{ca, tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}}, nil
	})
	return func() (*x509.Certificate, error) { p, err := mk(); return p.ca, err },
		func() (tls.Certificate, error) { p, err := mk(); return p.leaf, err }
}()

// harnessCAPEM is the root in PEM, for certutil.
func harnessCAPEM() ([]byte, error) {
	c, err := harnessCA()
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), nil
}

// peekedConn is a connection whose first bytes were read into br.
type peekedConn struct {
	net.Conn
	br *bufio.Reader
}

func (p peekedConn) Read(b []byte) (int, error) { return p.br.Read(b) }

// maybeTLS returns the connection to read requests from and whether it is
// TLS.
func maybeTLS(c net.Conn) (net.Conn, bool) {
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	pc := peekedConn{c, br}
	if err != nil || first[0] != 0x16 {
		return pc, false
	}
	cert, err := harnessCert()
	if err != nil {
		return pc, false
	}
	tc := tls.Server(pc, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}})
	if err := tc.Handshake(); err != nil {
		return pc, false
	}
	return tc, true
}
