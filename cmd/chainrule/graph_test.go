package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/graphviz"
)

func TestWriteDOT(t *testing.T) {
	var a, b bytes.Buffer
	if err := writeDOT(&a); err != nil {
		t.Fatal(err)
	}
	if err := writeDOT(&b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Error("two calls wrote different DOT")
	}
	dot := a.String()
	for _, want := range []string{
		"digraph",
		`w11(2)\ndata 0.2\ngrad -1.787775`,
		`L\ndata 0.2603785\ngrad 1`,
		`z1(1)\ndata 1.815`,
		`z1(2)\ndata 0.4075`,
		`Σe²`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("the DOT lacks %q", want)
		}
	}
}

// TestWriteDOTRendersWithDot feeds the DOT to the real dot program.
func TestWriteDOTRendersWithDot(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("Graphviz's dot is not installed")
		}
		t.Fatal("Graphviz's dot must be installed under CI")
	}
	name := filepath.Join(t.TempDir(), "g.dot")
	var out bytes.Buffer
	if err := writeGraph(t.Context(), &out, drawing{path: name,
		render: graphviz.RenderFile}); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(strings.TrimSuffix(name, ".dot") + ".svg")
	if err != nil {
		t.Fatalf("no SVG: %v", err)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("w11(2)")) {
		t.Errorf("the SVG does not look like the graph: %.200s", svg)
	}
}

func TestWriteGraph(t *testing.T) {
	failed := errors.New("dot crashed")
	tests := []struct {
		name    string
		render  func(context.Context, string, io.Reader) error
		wantOut string
		wantErr string
	}{
		{"drawn", fakeSVG, "  %s\n  %s\n", ""},
		{"no dot", func(context.Context, string, io.Reader) error {
			return fmt.Errorf("wrapped: %w", graphviz.ErrNoDot)
		}, "dot -Tsvg %s -o %s", ""},
		{"dot fails", func(context.Context, string, io.Reader) error { return failed },
			"", "cannot write %[2]s: dot crashed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dot := filepath.Join(t.TempDir(), "g.gv")
			svg := strings.TrimSuffix(dot, ".gv") + ".svg"
			var out bytes.Buffer
			err := writeGraph(t.Context(), &out, drawing{path: dot, render: tt.render})
			if tt.wantErr != "" {
				if want := fmt.Sprintf(tt.wantErr, dot, svg); err == nil ||
					err.Error() != want {
					t.Errorf("error %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf(tt.wantOut, dot, svg); !strings.Contains(out.String(), want) {
				t.Errorf("output\n%s\nlacks %q", out.String(), want)
			}
			if _, err := os.Stat(dot); err != nil {
				t.Errorf("no DOT file: %v", err)
			}
		})
	}
}

func TestWriteGraphUnwritable(t *testing.T) {
	dot := filepath.Join(t.TempDir(), "missing", "g.dot")
	err := writeGraph(t.Context(), io.Discard, drawing{path: dot, render: fakeSVG})
	if want := "cannot write " + dot + ": no such file or directory"; err == nil ||
		err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}
