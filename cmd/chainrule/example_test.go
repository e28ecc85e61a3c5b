package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// exampleGolden is the example's text, with the drawing stubbed so that it
// does not depend on whether Graphviz is installed.
const exampleGolden = "testdata/example.golden"

// fakeSVG stands in for graphviz.RenderFile: it writes a fixed file.
func fakeSVG(_ context.Context, name string, _ io.Reader) error {
	return os.WriteFile(name, []byte("<svg/>\n"), 0o644)
}

// exampleText runs the example in a temporary directory, with the default
// file name and a fake renderer, and returns its text.
func exampleText(t *testing.T) string {
	t.Helper()
	t.Chdir(t.TempDir())
	var out bytes.Buffer
	d := drawing{path: defaultGraph, render: fakeSVG}
	if err := runExample(t.Context(), &out, d); err != nil {
		t.Fatalf("runExample: %v", err)
	}
	return out.String()
}

func TestExampleGolden(t *testing.T) {
	// The path first: exampleText changes directory.
	path, err := filepath.Abs(exampleGolden)
	if err != nil {
		t.Fatal(err)
	}
	got := exampleText(t)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("the example's text differs from %s (-want +got):\n%s", exampleGolden, diff)
	}
	if _, err := os.Stat(defaultGraph); err != nil {
		t.Errorf("the DOT file was not written: %v", err)
	}
}

func TestExampleDeterministic(t *testing.T) {
	a, b := exampleText(t), exampleText(t)
	if a != b {
		t.Error("two runs of the example printed different text")
	}
}

// reference is the worked example computed by hand, in plain float64
// arithmetic that shares nothing with the engine or the program.
type reference struct {
	z1, a1, yhat, e [2]float64
	loss            float64
	// Gradients, named as the text names them.
	grad map[string]float64
}

// newReference computes the example's forward pass, loss and gradients with
// the starting weights written out again here, not taken from the program.
func newReference(w1 [2][3]float64, b1 [2]float64, w2 [2][2]float64, b2 [2]float64) reference {
	x := [3]float64{4, 7, 0.85}
	y := [2]float64{0.9, 0.8}
	var r reference
	for j := range 2 {
		r.z1[j] = w1[j][0]*x[0] + w1[j][1]*x[1] + w1[j][2]*x[2] + b1[j]
		r.a1[j] = math.Max(r.z1[j], 0)
	}
	for k := range 2 {
		r.yhat[k] = w2[k][0]*r.a1[0] + w2[k][1]*r.a1[1] + b2[k]
		r.e[k] = r.yhat[k] - y[k]
		r.loss += r.e[k] * r.e[k]
	}

	// dL/dŷk = 2ek; a hidden neuron's share is the sum over both outputs.
	r.grad = map[string]float64{}
	var dz2 [2]float64
	for k := range 2 {
		dz2[k] = 2 * r.e[k]
		for i := range 2 {
			r.grad[name("w", k, i, 2)] = dz2[k] * r.a1[i]
		}
		r.grad[name("b", k, -1, 2)] = dz2[k]
	}
	for j := range 2 {
		da := dz2[0]*w2[0][j] + dz2[1]*w2[1][j]
		dz := 0.0
		if r.z1[j] > 0 {
			dz = da
		}
		for i := range 3 {
			r.grad[name("w", j, i, 1)] = dz * x[i]
		}
		r.grad[name("b", j, -1, 1)] = dz
	}
	return r
}

// startReference is the reference at the starting weights.
func startReference() reference {
	return newReference(
		[2][3]float64{{-0.4, 0.5, -0.1}, {-0.1, 0.1, 0.3}}, [2]float64{0, 0},
		[2][2]float64{{0.2, -0.1}, {0.3, 0.4}}, [2]float64{0.1, -0.1})
}

// name returns the text's name of a weight (i >= 0) or bias (i < 0).
func name(kind string, j, i, layer int) string {
	if i < 0 {
		return kind + strconv.Itoa(j+1) + "(" + strconv.Itoa(layer) + ")"
	}
	return kind + strconv.Itoa(j+1) + strconv.Itoa(i+1) + "(" + strconv.Itoa(layer) + ")"
}

// printed is within rounding to 8 decimals of want.
const printedTol = 5.1e-9

func TestExampleNumbers(t *testing.T) {
	text := exampleText(t)
	ref := startReference()
	sections := splitSections(t, text)

	// Section 1: every z, a, ŷ, e and the loss.
	want := map[string]float64{"L": ref.loss}
	for j := range 2 {
		want["z"+strconv.Itoa(j+1)+"(1)"] = ref.z1[j]
		want["a"+strconv.Itoa(j+1)+"(1)"] = ref.a1[j]
		want["z"+strconv.Itoa(j+1)+"(2)"] = ref.yhat[j]
		want["e"+strconv.Itoa(j+1)] = ref.e[j]
	}
	checkNumbers(t, "forward", parseForward(t, sections[1]), want)

	// Section 2: the table of the 14 gradients, and the head and the sum
	// of each expansion.
	table := parseRows(sections[2], 3)
	grads := map[string]float64{}
	for name, cells := range table {
		grads[name] = parseNum(t, cells[1])
	}
	checkNumbers(t, "gradient table", grads, ref.grad)
	heads := map[string]float64{}
	for _, m := range regexp.MustCompile(`(?m)^∂L/∂(\S+) = (\S+), from (\d) paths?:$`).
		FindAllStringSubmatch(sections[2], -1) {
		heads[m[1]] = parseNum(t, m[2])
	}
	checkNumbers(t, "expansion heads", heads, ref.grad)
	sums := map[string]float64{}
	sum := regexp.MustCompile(`(?m)^  sum: (?:.* = )?(\S+) = the engine's ∂L/∂(\S+) ✓$`)
	for _, m := range sum.FindAllStringSubmatch(sections[2], -1) {
		sums[m[2]] = parseNum(t, m[1])
	}
	checkNumbers(t, "path sums", sums, ref.grad)
}

// TestExampleHeadline checks the two numbers the issue quotes, exactly as
// printed, where the text should print them.
func TestExampleHeadline(t *testing.T) {
	text := exampleText(t)
	for _, want := range []string{
		"∂L/∂w11(2) = -1.787775, from 1 path:",
		"  sum: -1.787775 = the engine's ∂L/∂w11(2) ✓",
		"  w11(2) ← w11(2) - α·∂L/∂w11(2) = 0.2 - 0.01·(-1.787775) = 0.21787775",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks the line\n%s", want)
		}
	}
	ref := startReference()
	if g := ref.grad["w11(2)"]; math.Abs(g-(-1.787775)) > 1e-12 {
		t.Errorf("reference ∂L/∂w11(2) = %v, want -1.787775", g)
	}
	if w := 0.2 - 0.01*ref.grad["w11(2)"]; math.Abs(w-0.21787775) > 1e-12 {
		t.Errorf("reference step of w11(2) = %v, want 0.21787775", w)
	}
}

// TestExamplePaths checks the structure of the expansions: one path to each
// parameter of layer 2, two to each of layer 1, one through each output.
func TestExamplePaths(t *testing.T) {
	text := splitSections(t, exampleText(t))[2]
	heads := regexp.MustCompile(`(?m)^∂L/∂(\S+) = \S+, from (\d) paths?:$`).
		FindAllStringSubmatch(text, -1)
	got := map[string]string{}
	for _, m := range heads {
		got[m[1]] = m[2]
	}
	want := map[string]string{}
	for name := range startReference().grad {
		want[name] = "1"
		if strings.HasSuffix(name, "(1)") {
			want[name] = "2"
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("paths per parameter (-want +got):\n%s", diff)
	}

	// w11(1)'s expansion: a path through each output, and its edges.
	block := text[strings.Index(text, "∂L/∂w11(1) ="):]
	block = block[:strings.Index(block, "\n\n")]
	for _, want := range []string{
		"  path 1, through z1(2):",
		"  path 2, through z2(2):",
		"∂z1(2)/∂a1(1)  = w11(2)       =     0.2",
		"∂z2(2)/∂a1(1)  = w21(2)       =     0.3",
		"∂a1(1)/∂z1(1)  = relu'(z1(1)) =       1",
		"∂z1(1)/∂w11(1) = x1           =       4",
	} {
		if !strings.Contains(block, want) {
			t.Errorf("the expansion of w11(1) lacks %q; it is\n%s", want, block)
		}
	}
	if strings.Contains(text, "✗") {
		t.Error("a sum of path products differs from the engine's gradient")
	}
}

// splitSections returns the text of the numbered sections, index 1 to 5.
func splitSections(t *testing.T, text string) []string {
	t.Helper()
	parts := regexp.MustCompile(`(?m)^\d\. .*\n=+\n`).Split(text, -1)
	if len(parts) != 6 {
		t.Fatalf("got %d sections, want 5", len(parts)-1)
	}
	return parts
}

// parseForward returns the numbers of section 1 by the name they are
// given: each z's value on the last line of its formula, each a, e and L.
func parseForward(t *testing.T, text string) map[string]float64 {
	t.Helper()
	got := map[string]float64{}
	var current string
	for _, line := range strings.Split(text, "\n") {
		if m := regexp.MustCompile(`^  (z\d\(\d\)|L) = `).FindStringSubmatch(line); m != nil {
			current = m[1]
		}
		if m := regexp.MustCompile(`^ += (-?[\d.]+)$`).FindStringSubmatch(line); m != nil {
			got[current] = parseNum(t, m[1])
		}
		if m := regexp.MustCompile(`^  ([ae]\d(?:\(\d\))?) = .* = (-?[\d.]+)$`).
			FindStringSubmatch(line); m != nil {
			got[m[1]] = parseNum(t, m[2])
		}
	}
	return got
}

// parseRows returns the cells of the table rows of text whose first cell
// names a parameter and which have n cells after it.
func parseRows(text string, n int) map[string][]string {
	re := regexp.MustCompile(`^  ([wb]\d+\(\d\))((?: +\S+)+)$`)
	rows := map[string][]string{}
	for _, line := range strings.Split(text, "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if cells := strings.Fields(m[2]); len(cells) == n-1 {
			rows[m[1]] = cells
		}
	}
	return rows
}

func parseNum(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("parsing a number of the text: %v", err)
	}
	return x
}

// checkNumbers checks that got has every number of want, to printing
// precision, and nothing else.
func checkNumbers(t *testing.T, what string, got, want map[string]float64) {
	t.Helper()
	for n, w := range want {
		g, ok := got[n]
		switch {
		case !ok:
			t.Errorf("%s: %s is not printed", what, n)
		case math.Abs(g-w) > printedTol*max(1, math.Abs(w)):
			t.Errorf("%s: %s printed as %v, want %v", what, n, g, w)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: %s is printed but not expected", what, n)
		}
	}
}

// TestForwardMatchesMSE checks that the example's own loss, built for its
// chain-rule paths, is the loss nn.MSE computes.
func TestForwardMatchesMSE(t *testing.T) {
	m := newNetwork()
	s := students()[0]
	p := forward(m, s)
	mse := nn.MSE([][]*autodiff.Value[float64]{m.Forward(consts("x", s.x))}, [][]float64{s.y})
	if got, want := p.loss.Data(), mse.Data(); math.Abs(got-want) > 1e-15 {
		t.Errorf("loss %v, nn.MSE %v", got, want)
	}
}
