package graphviz_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/graphviz"
)

// neuronDOT returns the DOT of neuron().
func neuronDOT(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, neuron()); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

const pngMagic = "\x89PNG\r\n\x1a\n"

func TestRender(t *testing.T) {
	requireDot(t)
	dot := neuronDOT(t)
	for _, f := range []graphviz.Format{graphviz.SVG, graphviz.PNG} {
		t.Run(string(f), func(t *testing.T) {
			var out bytes.Buffer
			if err := graphviz.Render(t.Context(), &out, bytes.NewReader(dot), f); err != nil {
				t.Fatalf("Render: %v", err)
			}
			switch f {
			case graphviz.SVG:
				d := parseSVG(t, out.Bytes())
				want := []string{"o", "data 0.7071", "grad 1"}
				if got := d.nodes["v0"]; !cmp.Equal(got, want) {
					t.Errorf("root drawn as %q, want %q", got, want)
				}
			case graphviz.PNG:
				if !bytes.HasPrefix(out.Bytes(), []byte(pngMagic)) {
					t.Errorf("output starts with %q, want the PNG signature",
						out.Bytes()[:min(8, out.Len())])
				}
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name     string
		format   graphviz.Format
		dot      string
		needsDot bool
		want     []string // in the message
	}{
		{"unknown format", "pdf", "digraph { a }", false, []string{"graphviz: ", `"pdf"`}},
		{"empty format", "", "digraph { a }", false, []string{"graphviz: ", `""`}},
		{"syntax error", graphviz.SVG, "digraph { a -> }", true,
			[]string{"graphviz: dot -Tsvg: ", "syntax error"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needsDot {
				requireDot(t)
			}
			var out bytes.Buffer
			err := graphviz.Render(t.Context(), &out, strings.NewReader(tc.dot), tc.format)
			if err == nil {
				t.Fatal("got nil, want an error")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if out.Len() != 0 {
				t.Errorf("Render wrote %d bytes along with an error, want none", out.Len())
			}
		})
	}
}

func TestRenderWithoutDot(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // an empty directory: no dot
	for _, f := range []graphviz.Format{graphviz.SVG, graphviz.PNG} {
		err := graphviz.Render(t.Context(), io.Discard, strings.NewReader("digraph {}"), f)
		if !errors.Is(err, graphviz.ErrNoDot) || !errors.Is(err, exec.ErrNotFound) {
			t.Errorf("%s: got %v, want an error wrapping ErrNoDot and exec.ErrNotFound", f, err)
		}
		if err != nil && !strings.Contains(err.Error(), "apt-get install graphviz") {
			t.Errorf("%s: error %q does not name the Debian package", f, err)
		}
	}
}

func TestRenderCanceled(t *testing.T) {
	requireDot(t)
	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var out bytes.Buffer
		err := graphviz.Render(ctx, &out, bytes.NewReader(neuronDOT(t)), graphviz.SVG)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want an error wrapping context.Canceled", err)
		}
	})
	t.Run("while dot runs", func(t *testing.T) {
		// Dot waits for its input, which comes only once the context ends.
		ctx, cancel := context.WithCancel(t.Context())
		in := &stallReader{ctx: ctx, reading: make(chan struct{})}
		go func() {
			<-in.reading
			cancel()
		}()
		var out bytes.Buffer
		err := graphviz.Render(ctx, &out, in, graphviz.SVG)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want an error wrapping context.Canceled", err)
		}
		if out.Len() != 0 {
			t.Errorf("Render wrote %d bytes along with an error, want none", out.Len())
		}
	})
}

// stallReader closes reading on its first Read, and then blocks until ctx
// is done.
type stallReader struct {
	ctx     context.Context
	reading chan struct{}
}

func (r *stallReader) Read([]byte) (int, error) {
	select {
	case <-r.reading:
	default:
		close(r.reading)
	}
	<-r.ctx.Done()
	return 0, r.ctx.Err()
}

func TestRenderWriterError(t *testing.T) {
	requireDot(t)
	err := graphviz.Render(t.Context(), &errWriter{10}, bytes.NewReader(neuronDOT(t)),
		graphviz.SVG)
	if !errors.Is(err, errBoom) {
		t.Errorf("got %v, want an error wrapping %v", err, errBoom)
	}
}

// dirNames returns the names of the files in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestRenderFile(t *testing.T) {
	dot := neuronDOT(t)
	tests := []struct {
		name     string
		needsDot bool
		check    func(t *testing.T, got []byte)
	}{
		{"g.svg", true, func(t *testing.T, got []byte) {
			if d := parseSVG(t, got); len(d.nodes) != 15 {
				t.Errorf("SVG has %d nodes, want 15", len(d.nodes))
			}
		}},
		{"g.PNG", true, func(t *testing.T, got []byte) {
			if !bytes.HasPrefix(got, []byte(pngMagic)) {
				t.Errorf("file starts with %q, want the PNG signature", got[:min(8, len(got))])
			}
		}},
		{"g.dot", false, func(t *testing.T, got []byte) {
			if !bytes.Equal(got, dot) {
				t.Errorf("file holds\n%s\nwant\n%s", got, dot)
			}
		}},
		{"g.gv", false, func(t *testing.T, got []byte) {
			if !bytes.Equal(got, dot) {
				t.Errorf("file holds\n%s\nwant\n%s", got, dot)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needsDot {
				requireDot(t)
			}
			dir := t.TempDir()
			name := filepath.Join(dir, tc.name)
			if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := graphviz.RenderFile(t.Context(), name, bytes.NewReader(dot)); err != nil {
				t.Fatalf("RenderFile: %v", err)
			}
			got, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, got)
			if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("file mode: got %v (%v), want -rw-r--r--", fi.Mode(), err)
			}
			if diff := cmp.Diff([]string{tc.name}, dirNames(t, dir)); diff != "" {
				t.Errorf("files left in the directory (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenderFileErrors(t *testing.T) {
	tests := []struct {
		name, file, dot string
		needsDot        bool
		want            string // in the message
	}{
		{"unknown extension", "g.pdf", "digraph { a }", false, "g.pdf"},
		{"no extension", "graph", "digraph { a }", false, "graph"},
		{"bad DOT", "g.svg", "digraph { a -> }", true, "syntax error"},
		{"no such directory", "missing/g.dot", "digraph { a }", false, "missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.needsDot {
				requireDot(t)
			}
			dir := t.TempDir()
			name := filepath.Join(dir, tc.file)
			var before []string
			if _, err := os.Stat(filepath.Dir(name)); err == nil {
				// An old file must survive a failed write untouched.
				if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				before = []string{filepath.Base(name)}
			}
			err := graphviz.RenderFile(t.Context(), name, strings.NewReader(tc.dot))
			if err == nil || !strings.HasPrefix(err.Error(), "graphviz: ") ||
				!strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error from graphviz about %q", err, tc.want)
			}
			if before == nil {
				return
			}
			if got, err := os.ReadFile(name); err != nil || string(got) != "old" {
				t.Errorf("old file now holds %q (%v), want \"old\"", got, err)
			}
			if diff := cmp.Diff(before, dirNames(t, dir)); diff != "" {
				t.Errorf("files left in the directory (-want +got):\n%s", diff)
			}
		})
	}
}
