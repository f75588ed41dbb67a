package app

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"

	"corsim/scenario"
)

// EncodeShare packs a scenario for the URL fragment: JSON, deflated,
// base64url. A fragment never reaches a server.
func EncodeShare(s *scenario.Scenario) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	_, _ = w.Write(s.Marshal())
	_ = w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// DecodeShare reverses EncodeShare and validates the scenario.
func DecodeShare(code string) (*scenario.Scenario, error) {
	raw, err := base64.RawURLEncoding.DecodeString(code)
	if err != nil {
		return nil, err
	}
	// Cap the inflated size: a share link is small by nature.
	data, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), 1<<20))
	if err != nil {
		return nil, err
	}
	return scenario.Load("shared link", data)
}
