package autodiff_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
)

func TestInputsInOrder(t *testing.T) {
	a, b := autodiff.New(1.0), autodiff.Const(2.0)
	c := a.Sub(b)
	same := cmp.Comparer(func(x, y *autodiff.Value[float64]) bool { return x == y })
	want := []*autodiff.Value[float64]{a, b}
	if diff := cmp.Diff(want, c.Inputs(), same); diff != "" {
		t.Errorf("Inputs() mismatch (-want +got):\n%s", diff)
	}
}

// TestGraphLabelsAreOwn checks that labelling one Value of a Graph labels no
// other, though the Graph's Values share what they do not need alone.
func TestGraphLabelsAreOwn(t *testing.T) {
	g := autodiff.NewGraph[float64]()
	x, c := g.New(1), g.Const(2)
	y := x.Mul(c).Named("y")
	z := y.Add(x)
	x.Named("x")
	got := []string{x.Label(), c.Label(), y.Label(), z.Label()}
	if diff := cmp.Diff([]string{"x", "", "y", ""}, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, v := range []*autodiff.Value[float64]{x, c, y, z} {
		if v.Graph() != g {
			t.Errorf("%v: Graph() is not the Graph it was made in", v)
		}
	}
	if h := autodiff.New(1.0).Named("h"); h.Graph() != nil {
		t.Errorf("a heap Value has a Graph")
	}
}

// TestTwoGraphsPanic checks that every op that takes Values of two Graphs
// panics, wherever among its inputs the stranger is.
func TestTwoGraphsPanic(t *testing.T) {
	type V = autodiff.Value[float64]
	ga, gb := autodiff.NewGraph[float64](), autodiff.NewGraph[float64]()
	a, b, h := ga.New(1), gb.New(2), autodiff.New(3.0)
	bOp := b.Exp() // a result, which shares gb's header, not a leaf
	tests := []struct {
		name string
		op   func()
	}{
		{"Add", func() { a.Add(b) }},
		{"Sum", func() { autodiff.Sum(a, h, b) }},
		{"Dot", func() { autodiff.Dot([]*V{a}, []*V{b}) }},
		{"Dot, later pair", func() { autodiff.Dot([]*V{h, a, h}, []*V{h, h, b}) }},
		{"Dot, op result", func() { autodiff.Dot([]*V{h, bOp}, []*V{a, h}) }},
		{"Graph.Dot", func() { ga.Dot([]*V{h}, []*V{bOp}) }},
		{"Affine bias", func() { autodiff.Affine([]*V{a}, []*V{h}, b) }},
		{"Affine weight", func() { autodiff.Affine([]*V{h, b}, []*V{h, h}, a) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "autodiff: ") {
					t.Errorf("got panic %q, want one starting \"autodiff: \"", msg)
				}
			}()
			tt.op()
		})
	}
}

// TestSumCopiesDotKeeps checks what the n-ary ops do with the slices they
// are given: Sum copies its operands, so the caller may reuse the slice at
// once, while Dot and Affine keep theirs, as their documents say.
func TestSumCopiesDotKeeps(t *testing.T) {
	type V = autodiff.Value[float64]
	g := autodiff.NewGraph[float64]()
	x, y := g.New(2), g.New(3)
	xs := []*V{x, x}
	s := autodiff.Sum(xs...)
	w := []*V{y}
	d := autodiff.Affine(w, []*V{x}, y)
	xs[1], w[0] = y, x
	s.Add(d).Backward()
	// s = 2x; d = yx + y, which reads w as it is now: x·x + y.
	if x.Grad() != 2+2*2 || y.Grad() != 1 {
		t.Errorf("got x %v, y %v; want 6, 1", x.Grad(), y.Grad())
	}
}
