package main

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

// TestLocal checks the formula written for the local derivative of each
// kind of op, and that its value is what autodiff.Paths reports.
func TestLocal(t *testing.T) {
	leaf := func(name string, x float64) *autodiff.Value[float64] {
		return autodiff.New(x).Named(name)
	}
	a, b, c, d := leaf("a", 3), leaf("b", -2), leaf("c", 5), leaf("d", 0.5)
	two := autodiff.Const(2.0).Named("2")
	three := autodiff.Const(3.0).Named("3")
	tests := []struct {
		name    string
		out, in *autodiff.Value[float64]
		formula string
		value   float64
	}{
		{"add", a.Add(b), b, "1", 1},
		{"sum", autodiff.Sum(a, b, c), c, "1", 1},
		{"sub left", a.Sub(b), a, "1", 1},
		{"sub right", a.Sub(b), b, "-1", -1},
		{"mul", a.Mul(b), a, "b", -2},
		{"div left", a.Div(b), a, "1/b", -0.5},
		{"div right", a.Div(b), b, "-a/b²", -0.75},
		{"square", b.Pow(two), b, "2·b", -4},
		{"cube", b.Pow(three), b, "3·b^2", 12},
		{"relu on", a.ReLU(), a, "relu'(a)", 1},
		{"relu off", b.ReLU(), b, "relu'(b)", 0},
		{"dot left", autodiff.Dot([]*autodiff.Value[float64]{a, b},
			[]*autodiff.Value[float64]{c, d}), b, "d", 0.5},
		{"dot right", autodiff.Dot([]*autodiff.Value[float64]{a, b},
			[]*autodiff.Value[float64]{c, d}), c, "a", 3},
		{"other ops", a.Tanh(), a, "∂tanh", 1 - math.Tanh(3)*math.Tanh(3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paths, err := autodiff.Paths(tt.out, tt.in, 4)
			if err != nil || len(paths) != 1 || len(paths[0].Edges) != 1 {
				t.Fatalf("Paths = %v, %v; want one path of one edge", paths, err)
			}
			e := paths[0].Edges[0]
			if got := local(e); got != tt.formula {
				t.Errorf("formula %q, want %q", got, tt.formula)
			}
			if math.Abs(e.Local-tt.value) > 1e-12 {
				t.Errorf("local derivative %v, want %v", e.Local, tt.value)
			}
		})
	}
}

func TestTerm(t *testing.T) {
	for label, want := range map[string]string{
		"w11(2)":     "w11(2)",
		"e1":         "e1",
		"e1²":        "(e1²)",
		"Σe²":        "(Σe²)",
		"w1(2)·a(1)": "(w1(2)·a(1))",
		"a-b":        "(a-b)",
	} {
		if got := term(label); got != want {
			t.Errorf("term(%q) = %q, want %q", label, got, want)
		}
	}
}

// TestExpansionMismatch checks that a sum of paths that disagrees with the
// gradient is shown as such, not passed off as equal.
func TestExpansionMismatch(t *testing.T) {
	x := autodiff.New(2.0).Named("x")
	y := x.Mul(autodiff.Const(3.0).Named("k")).Named("y")
	y.Backward()
	paths, err := autodiff.Paths(y, x, 4)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
		extra      float64
	}{
		{"equal", "sum: 3 = the engine's ∂L/∂x ✓", 0},
		{"off", "sum: 3 = NOT the engine's ∂L/∂x = 4 ✗", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x.ZeroGrad()
			y.Backward()
			if tt.extra != 0 {
				// A second root adds to x's gradient behind the paths' back.
				x.Mul(autodiff.Const(tt.extra)).Backward()
			}
			var b bytes.Buffer
			writeExpansion(&b, x, paths)
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("got\n%s\nwant a line %q", b.String(), tt.want)
			}
		})
	}
}
