package app

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"io"

	"corsim/scenario"
)

// maxShare is the most a share link may inflate to: a share link is small
// by nature, and a crafted one must not fill the tab's memory.
const maxShare = 1 << 20

var (
	errLinkDamaged = errors.New("the link is not a complete corsim scenario")
	errLinkTooBig  = errors.New("the link's scenario is over 1 MB")
)

// EncodeShare packs a scenario for the URL fragment: JSON, deflated,
// base64url. A fragment never reaches a server.
func EncodeShare(s *scenario.Scenario) string {
	return encodeShareBytes(s.Marshal())
}

func encodeShareBytes(data []byte) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// DecodeShare reverses EncodeShare and validates the scenario. A damaged
// link is errLinkDamaged, an oversized one errLinkTooBig, a link that
// unpacks to a scenario with a mistake the loader's positioned error.
func DecodeShare(code string) (*scenario.Scenario, error) {
	data, err := decodeShareBytes(code)
	if err != nil {
		return nil, err
	}
	return scenario.Load("shared link", data)
}

func decodeShareBytes(code string) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(code)
	if err != nil {
		return nil, errLinkDamaged
	}
	data, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), maxShare+1))
	if err != nil {
		return nil, errLinkDamaged
	}
	if len(data) > maxShare {
		return nil, errLinkTooBig
	}
	return data, nil
}
