package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: any file gives a scenario or a positioned *Error, never a
// panic; a loaded scenario evaluates and writes back to a file that loads.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/fuzz/scenarios/*.json")
	for _, s := range seeds {
		b, _ := os.ReadFile(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("fuzz.json", data)
		if err != nil {
			var list ErrorList
			var one *Error
			if !errors.As(err, &list) && errors.As(err, &one) {
				list = ErrorList{one}
			}
			if len(list) == 0 {
				t.Fatalf("error of type %T: %v", err, err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("error without a position: %#v", e)
				}
			}
			return
		}
		if len(s.Requests) > 50 {
			return
		}
		out, err := s.Eval("")
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Results) != len(s.Requests) {
			t.Fatalf("%d results for %d requests", len(out.Results), len(s.Requests))
		}
		if _, err := Load("again.json", s.Marshal()); err != nil {
			t.Fatalf("written scenario does not load: %v", err)
		}
	})
}

func TestLoadErrorsHavePositions(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"unknown-field.json", `fuzz:1:81: unknown field "typo" in requests[0]`},
		{"bad-response.json", `fuzz:1:153: raw response line 2: a header name is a token: letters, digits and !#$%&'*+-.^_` + "`" + `|~`},
	} {
		b, err := os.ReadFile("../testdata/fuzz/scenarios/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Load("fuzz", b)
		if err == nil || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("%s: got %v\nwant prefix %s", tc.file, err, tc.want)
		}
	}
}
