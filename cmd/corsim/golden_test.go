package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"corsim/fetchspec"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current engine")

// TestEvalGolden runs `corsim eval --json` over every scenario in testdata
// under every profile and compares the bytes with the stored output. It
// guards refactorings of the engine: a change that moves one word of one
// detail, message or fix shows up here, named by scenario and line. After a
// deliberate change, `go test ./cmd/corsim -run TestEvalGolden -update`
// rewrites the files, and the diff is reviewed like code.
func TestEvalGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	sort.Strings(files)
	for _, p := range fetchspec.ProfileNames {
		t.Run(p, func(t *testing.T) {
			var out, errs bytes.Buffer
			args := append([]string{"--json", "--browser", p}, files...)
			if code := cmdEval(args, &out, &errs); code != 0 {
				t.Fatalf("eval exit %d: %s", code, errs.String())
			}
			golden := filepath.Join("../../testdata/golden", "eval-"+p+".json.gz")
			if *update {
				writeGz(t, golden, out.Bytes())
				return
			}
			want := readGz(t, golden)
			if !bytes.Equal(out.Bytes(), want) {
				t.Error(firstDifference(want, out.Bytes()))
			}
		})
	}
}

// firstDifference names the scenario and line where two eval outputs part.
func firstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	name := ""
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if strings.HasPrefix(w, `  "name": `) {
			name = strings.TrimPrefix(w, `  "name": `)
		}
		if w != g {
			return fmt.Sprintf("eval --json differs from the golden output in scenario %s, line %d:\nwant %s\n got %s\n(run with -update after a deliberate change)", name, i+1, w, g)
		}
	}
	return "outputs differ in length only"
}

func readGz(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeGz(t *testing.T, path string, data []byte) {
	t.Helper()
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	z.Write(data)
	z.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// --help prints to standard output and succeeds; a bad flag goes to
// standard error with exit 2.
func TestHelp(t *testing.T) {
	for _, cmd := range []func([]string, io.Writer, io.Writer) int{
		cmdEval,
		func(a []string, o, e io.Writer) int { return cmdExplain(a, strings.NewReader(""), o, e) },
	} {
		var out, errw bytes.Buffer
		if code := cmd([]string{"--help"}, &out, &errw); code != 0 || !strings.Contains(out.String(), "usage of corsim") || errw.Len() != 0 {
			t.Errorf("--help: exit %d, stdout %q, stderr %q", code, out.String(), errw.String())
		}
		out.Reset()
		errw.Reset()
		if code := cmd([]string{"--bogus"}, &out, &errw); code != 2 || out.Len() != 0 || !strings.Contains(errw.String(), "bogus") {
			t.Errorf("--bogus: exit %d, stdout %q, stderr %q", code, out.String(), errw.String())
		}
	}
}
