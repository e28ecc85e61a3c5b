package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary is the program built once by TestMain, for the tests that run it
// as a user would.
var binary string

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "chainrule-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "chainrule")
		build := exec.Command("go", "build", "-o", binary, ".")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building the program: %v\n%s", err, out)
			return 1
		}
		return m.Run()
	}
	os.Exit(code())
}

// result is what a run of the program did.
type result struct {
	code           int
	stdout, stderr string
}

// runBinary runs the program with args in dir, its stdout a pipe.
func runBinary(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %v: %v", args, err)
	}
	r := result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(),
		stderr: stderr.String()}
	for _, bad := range []string{"panic", "goroutine", "runtime."} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("%v: stderr shows %q:\n%s", args, bad, r.stderr)
		}
	}
	return r
}

func TestCLIUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		want  string // the first line of stderr
		usage string // a line of the usage that must follow
	}{
		{"unknown command", []string{"train"}, `chainrule: unknown command "train"`,
			"Usage:"},
		{"unknown flag", []string{"-bogus"},
			"chainrule example: flag provided but not defined: -bogus",
			"Usage: chainrule [example]"},
		{"stray argument", []string{"example", "x"},
			`chainrule example: unexpected argument "x"`, "Usage: chainrule [example]"},
		{"graph not DOT", []string{"-graph", "g.png"},
			`chainrule example: -graph "g.png": the name must end in .dot or .gv`,
			"  -graph file.dot"},
		{"graph empty", []string{"-graph="}, "chainrule example: -graph needs a file name",
			"  -graph file.dot"},
		{"steps zero", []string{"moons", "-steps", "0"},
			"chainrule moons: -steps 0: want 1 to 100000", "Usage: chainrule moons"},
		{"steps not a number", []string{"moons", "-steps", "many"},
			`chainrule moons: invalid value "many" for flag -steps: parse error`,
			"  -steps n"},
		{"seed negative", []string{"moons", "-seed", "-1"},
			`chainrule moons: invalid value "-1" for flag -seed: parse error`, "  -seed n"},
		{"picture not PNG", []string{"moons", "-o", "m.jpg"},
			`chainrule moons: -o "m.jpg": the name must end in .png`, "  -o file.png"},
		{"missing value", []string{"moons", "-o"},
			"chainrule moons: flag needs an argument: -o", "Usage: chainrule moons"},
		{"dot with an argument", []string{"dot", "out.dot"},
			`chainrule dot: unexpected argument "out.dot"`, "Usage: chainrule dot"},
		{"help of nothing", []string{"help", "train"},
			`chainrule: help: unknown command "train"`, "Usage:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBinary(t, dir, tt.args...)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d", r.code, exitUsage)
			}
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if first != tt.want {
				t.Errorf("stderr starts %q, want %q", first, tt.want)
			}
			if !strings.Contains(rest, tt.usage) {
				t.Errorf("stderr lacks the usage line %q:\n%s", tt.usage, r.stderr)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a bad command line wrote files: %v", entries)
	}
}

func TestCLIHelp(t *testing.T) {
	everything := []string{"Usage:", "chainrule [example]", "chainrule moons",
		"chainrule dot", "chainrule help", "-graph file.dot", "-steps n", "-seed n",
		"-o file.png"}
	tests := []struct {
		name    string
		args    []string
		want    []string
		notWant string
	}{
		{"-h", []string{"-h"}, everything, ""},
		{"--help", []string{"--help"}, everything, ""},
		{"help", []string{"help"}, everything, ""},
		{"help moons", []string{"help", "moons"},
			[]string{"Usage: chainrule moons", "-steps n", "(default 100)"}, "-graph"},
		{"moons -h", []string{"moons", "-h"}, []string{"Usage: chainrule moons"}, "-graph"},
		{"example -h", []string{"example", "-h"},
			[]string{"Usage: chainrule [example]", `(default "chainrule-example.dot")`},
			"-steps"},
		{"dot -h", []string{"dot", "-h"}, []string{"Usage: chainrule dot",
			"chainrule dot | dot -Tsvg"}, "Flags:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBinary(t, t.TempDir(), tt.args...)
			if r.code != exitOK || r.stderr != "" {
				t.Errorf("exit code %d and stderr %q, want 0 and nothing", r.code, r.stderr)
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("the help lacks %q:\n%s", want, r.stdout)
				}
			}
			if tt.notWant != "" && strings.Contains(r.stdout, tt.notWant) {
				t.Errorf("the help shows %q, another command's:\n%s", tt.notWant, r.stdout)
			}
		})
	}
}

func TestCLIWriteErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing", "g.dot")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"example, no directory", []string{"-graph", missing},
			"chainrule: cannot write " + missing + ": no such file or directory"},
		{"moons, parent is a file", []string{"moons", "-steps", "1", "-o",
			filepath.Join(file, "m.png")},
			"chainrule: cannot write " + filepath.Join(file, "m.png") + ": not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runBinary(t, dir, tt.args...)
			if r.code != exitFailure {
				t.Errorf("exit code %d, want %d", r.code, exitFailure)
			}
			if got := strings.TrimSuffix(r.stderr, "\n"); got != tt.want {
				t.Errorf("stderr %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCLIFullOutput checks that writing to a full device is reported, not
// ignored.
func TestCLIFullOutput(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	cmd := exec.Command(binary, "dot")
	cmd.Stdout = full
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitFailure {
		t.Errorf("exit code %d (%v), want %d", code, err, exitFailure)
	}
	if !strings.Contains(stderr.String(), "no space left on device") {
		t.Errorf("stderr %q does not say why", stderr.String())
	}
}

// TestCLIRuns runs each command for real and checks its output and files.
func TestCLIRuns(t *testing.T) {
	t.Run("example", func(t *testing.T) {
		dir := t.TempDir()
		r := runBinary(t, dir)
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
		}
		// Up to the drawing, which depends on Graphviz, the text is the
		// golden file's.
		want, err := os.ReadFile(exampleGolden)
		if err != nil {
			t.Fatal(err)
		}
		cut := "5. The computation graph"
		if got, want := before(r.stdout, cut), before(string(want), cut); got != want {
			t.Error("the program's text differs from the golden file before section 5")
		}
		if _, err := os.Stat(filepath.Join(dir, defaultGraph)); err != nil {
			t.Errorf("no DOT file: %v", err)
		}
	})
	t.Run("dot", func(t *testing.T) {
		r := runBinary(t, t.TempDir(), "dot")
		if r.code != exitOK || !strings.HasPrefix(r.stdout, "digraph") {
			t.Errorf("exit code %d, stdout starting %.40q", r.code, r.stdout)
		}
	})
	t.Run("moons", func(t *testing.T) {
		dir := t.TempDir()
		r := runBinary(t, dir, "moons", "-steps", "3", "-seed", "5", "-o", "m.png")
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("exit code %d, stderr %q", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "step 3/3") || strings.Contains(r.stdout, "\r") {
			t.Errorf("want plain progress lines on a pipe:\n%s", r.stdout)
		}
		if _, err := os.Stat(filepath.Join(dir, "m.png")); err != nil {
			t.Errorf("no PNG: %v", err)
		}
	})
}

// before returns s up to the first sep, or all of s.
func before(s, sep string) string {
	b, _, _ := strings.Cut(s, sep)
	return b
}
