package conformance

import (
	"encoding/json"
	"os"
)

// KnownDiff is a disagreement between a profile and a browser that we
// keep on purpose, with the reason (also listed in the README).
type KnownDiff struct {
	Browser  string `json:"browser"`
	Scenario string `json:"scenario"`
	Field    string `json:"field"`
	Reason   string `json:"reason"`
}

// Known is the list in testdata/browsers/known-differences.json.
type Known []KnownDiff

// LoadKnown reads the list; a missing file is an empty list.
func LoadKnown(path string) (Known, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var k Known
	return k, json.Unmarshal(b, &k)
}

// Why returns the reason for a known difference, or "".
func (k Known) Why(browser, scenario, field string) string {
	for _, d := range k {
		if d.Browser == browser && d.Scenario == scenario && (d.Field == field || d.Field == "*") {
			return d.Reason
		}
	}
	return ""
}
